"""Nothing lost: a failure anywhere leaves docs/, seeds/ and site/ as they were; writes stay inside docs/.

The generator renders every page in memory and writes only after all of them rendered (build.generate:
gather -> render_all -> write); `make build` builds the site beside site/ and swaps only on success.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from generator import build, ingest, render
from generator import config as site_config
from generator.errors import ErrorGroup
from test_bad_input import tree_hash

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>وكالة تجريبية</title><link>https://news.example.org/</link>
<description>أخبار</description>
<item><title>البرلمان العراقي يناقش قانون الموازنة</title><link>https://news.example.org/budget</link>
<description>قال نواب عراقيون يوم الأحد إن البرلمان بدأ مناقشة قانون الموازنة العامة للعام المقبل.</description>
<pubDate>Sun, 18 Jul 2021 09:00:00 +0300</pubDate></item>
</channel></rss>
"""


class Boom(RuntimeError):
    """The injected failure."""


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A copy of the project after one good generator run, with a stand-in site/ from an earlier build."""
    project = copy_project(tmp_path_factory.mktemp("atomic") / "project")
    build.generate(build.Project(root=project))
    site = project / "site"
    (site / "articles").mkdir(parents=True)
    (site / "index.html").write_text("<p>the last good site</p>\n", encoding="utf-8")
    (site / "articles" / "index.html").write_text("<p>an article</p>\n", encoding="utf-8")
    return project


@pytest.fixture()
def project(generated, tmp_path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(generated, copy, symlinks=True)
    return copy


def _hashes(project: Path) -> dict[str, str]:
    return {name: tree_hash(project / name) for name in ("docs", "seeds", "site")}


def _fail_on_call(n: int):
    """A stand-in that raises Boom on its n-th call and otherwise runs the original method."""
    def wrap(original):
        calls = {"n": 0}

        def method(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == n:
                raise Boom(f"injected failure on call {n}")
            return original(*args, **kwargs)
        return method
    return wrap


@pytest.mark.parametrize("target, name, call", [
    (render.Renderer, "article", 3),  # mid-way through the article pages
    (render.Renderer, "timeline_pages", 2),  # the English timeline, after every Arabic page
    (render.Renderer, "sitemaps", 1),  # after every page rendered
    (build, "write", 1),  # (stand-in for a failure right before the first write)
])
def test_failure_mid_run_changes_nothing(project, monkeypatch, target, name, call):
    before = _hashes(project)
    seeds_yaml = {p.name: p.read_bytes() for p in (project / "seeds").glob("*.yml")}
    monkeypatch.setattr(target, name, _fail_on_call(call)(getattr(target, name)))
    with pytest.raises(Boom):
        build.generate(build.Project(root=project))
    assert _hashes(project) == before
    assert {p.name: p.read_bytes() for p in (project / "seeds").glob("*.yml")} == seeds_yaml


def test_feed_failure_changes_nothing(project, monkeypatch):
    from generator import feeds

    before = _hashes(project)
    monkeypatch.setattr(feeds, "all_feeds", _fail_on_call(1)(feeds.all_feeds))
    with pytest.raises(Boom):
        build.generate(build.Project(root=project))
    assert _hashes(project) == before


def test_template_error_through_the_cli_changes_nothing(project):
    """A template that fails (an undefined name under StrictUndefined) aborts before any write."""
    template = project / "templates" / "pages" / "timeline.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{{ no_such_name }}\n", encoding="utf-8")
    before = _hashes(project)
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(project)], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "no_such_name" in result.stderr
    assert _hashes(project) == before


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_failure_in_either_process_of_a_split_run_changes_nothing(project, monkeypatch, lang):
    """`make build` on two cores renders the default language (ar) in a forked process beside this one (en):
    a failure in either aborts the run before either process writes, and reaches the caller whole."""
    monkeypatch.setenv("DIGEST_JOBS", "2")
    monkeypatch.setattr(build, "PARALLEL_MIN", 2)
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # an idle server thread of another test module
    assert build.jobs() == 2
    before = _hashes(project)
    original = render.Renderer.article

    def article(self, a, page_lang):
        if page_lang == lang and a.id == self.corpus.articles[-1].id:
            raise Boom(f"the {page_lang} page of {a.id}")
        return original(self, a, page_lang)

    monkeypatch.setattr(render.Renderer, "article", article)
    with pytest.raises(Boom, match=f"the {lang} page"):
        build.generate(build.Project(root=project))
    assert _hashes(project) == before

    monkeypatch.setattr(render.Renderer, "article", original)  # now a template of that language fails
    template = project / "templates" / "pages" / f"article.{lang}.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{{ no_such_name }}\n", encoding="utf-8")
    with pytest.raises(ErrorGroup) as failed:
        build.generate(build.Project(root=project))
    lines = template.read_text(encoding="utf-8").count("\n")  # the failing name is on the last line
    assert [(e.path, e.line) for e in failed.value.errors] == [(str(template), lines)]
    assert "no_such_name" in str(failed.value)
    assert _hashes(project) == before


def test_interrupted_write_leaves_whole_files_only(project, monkeypatch):
    """A failure between two file writes: every file is its old or its new version, no temporary file is left."""
    old = {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    # make every generated page differ, so that the writer has many files to replace
    for yml in (project / "seeds").glob("0*.yml"):
        os.chmod(yml, 0o644)
        yml.write_text(yml.read_text(encoding="utf-8").replace("date: 2021-", "date: 2020-", 1), encoding="utf-8")
    new = {project / "docs" / rel: data for rel, data in build.render_all(
        build.gather(build.Project(root=project))[0], build.Project(root=project),
        site_config.load(project)).items()}
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", _fail_on_call(3)(real_replace))
    with pytest.raises(Boom):
        build.generate(build.Project(root=project))
    monkeypatch.setattr(os, "replace", real_replace)
    files = [p for p in (project / "docs").rglob("*") if p.is_file()]
    assert not [p for p in files if p.name.startswith(".tmp-")], "a temporary file was left behind"
    for path in files:
        data = path.read_bytes()
        assert data == old.get(path) or data == new.get(path), f"{path} is neither old nor new"
    # and the next run completes the job
    build.generate(build.Project(root=project))
    for path, data in new.items():
        assert path.read_bytes() == data


@pytest.mark.parametrize("by_folder", [True, False])
def test_writer_writes_by_folder_descriptor_or_full_path_alike(tmp_path, monkeypatch, by_folder):
    """Files are written by name in an open folder where the system allows it, by full path elsewhere: the
    same files, mode 0644 whatever the umask, the stats handed back are the files', and a temporary file left
    by a crashed run of a process with the same id neither blocks a write nor is taken for a page."""
    monkeypatch.setattr(build, "_DIR_FDS", by_folder and build._DIR_FDS)
    docs = tmp_path / "docs"
    (docs / "ar" / "articles").mkdir(parents=True)
    (docs / "ar" / "articles" / "same.md").write_bytes(b"same\n")
    leftover = docs / "ar" / "articles" / f".tmp-{os.getpid()}-new.md"
    leftover.write_bytes(b"half a page")
    outputs = {"index.md": b"home\n", "ar/articles/new.md": "جديد\n".encode(), "ar/articles/same.md": b"same\n",
               "en/topics/deep/page.md": b"page\n"}
    stats: dict = {}
    old_umask = os.umask(0o077)
    try:
        report = build.write(dict(outputs), docs, stats)
    finally:
        os.umask(old_umask)
    assert sorted(report.written) == ["ar/articles/new.md", "en/topics/deep/page.md", "index.md"]
    assert report.unchanged == 1
    for rel, data in outputs.items():
        path = docs / rel
        assert path.read_bytes() == data
        assert path.stat().st_mode & 0o777 == 0o644 or rel == "ar/articles/same.md"
        status = path.stat()
        assert stats[rel] == (status.st_size, status.st_mtime_ns, status.st_ino)
    assert leftover.read_bytes() == b"half a page"  # not the writer's to remove
    assert [p.name for p in (docs / "ar" / "articles").iterdir() if p.name.startswith(".tmp-")] == [leftover.name]


def test_writer_refuses_paths_outside_docs(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "keep.md").write_text("keep\n", encoding="utf-8")
    before = tree_hash(tmp_path)
    for rel in ("../escaped.md", "ar/../../escaped.md", "/tmp/escaped.md", "ar/articles/../../../escaped.md"):
        with pytest.raises(ErrorGroup, match="escapes the docs folder|outside the docs folder"):
            build.write({"ar/ok.md": b"ok\n", rel: b"escaped\n"}, docs)
        assert tree_hash(tmp_path) == before, rel  # not even the good file was written
    assert not (tmp_path / "escaped.md").exists()


def test_writer_does_not_follow_a_symlink_out_of_docs(tmp_path):
    docs, outside = tmp_path / "docs", tmp_path / "outside"
    (docs / "ar").mkdir(parents=True)
    outside.mkdir()
    (docs / "ar" / "articles").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ErrorGroup, match="outside the docs folder"):
        build.write({"ar/articles/x.md": b"x\n"}, docs)
    assert list(outside.iterdir()) == []


def test_writer_does_not_write_through_a_page_that_links_out_of_docs(tmp_path):
    """A page file replaced by a link to a file outside docs/ is refused, and the file it points to is untouched;
    a link that stays inside docs/ is replaced by the page."""
    docs, outside = tmp_path / "docs", tmp_path / "outside"
    (docs / "ar" / "articles").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.md").write_text("secret\n", encoding="utf-8")
    (docs / "ar" / "articles" / "x.md").symlink_to(outside / "secret.md")
    before = tree_hash(tmp_path)
    with pytest.raises(ErrorGroup, match="outside the docs folder"):
        build.write({"ar/articles/a.md": b"a\n", "ar/articles/x.md": b"x\n"}, docs)
    assert tree_hash(tmp_path) == before
    (docs / "ar" / "articles" / "x.md").unlink()
    (docs / "ar" / "other.md").write_text("other\n", encoding="utf-8")
    (docs / "ar" / "articles" / "x.md").symlink_to(docs / "ar" / "other.md")
    build.write({"ar/articles/x.md": b"x\n"}, docs)
    page = docs / "ar" / "articles" / "x.md"
    assert not page.is_symlink() and page.read_bytes() == b"x\n"
    assert (docs / "ar" / "other.md").read_text(encoding="utf-8") == "other\n"
    assert (outside / "secret.md").read_text(encoding="utf-8") == "secret\n"


def test_reader_refuses_symlinks_out_of_seeds(project):
    seeds = project / "seeds"
    secret = project / "secret.txt"
    secret.write_text("بغداد – قال مسؤولون عراقيون يوم الثلاثاء إن الحكومة أرسلت طلبا.\n", encoding="utf-8")
    (seeds / "leak.txt").symlink_to(secret)
    (project / "elsewhere").mkdir()
    (project / "elsewhere" / "meta.yml").write_text("date: 2021-07-20\n", encoding="utf-8")
    shutil.copy(seeds / "002_f4b2df3151264d84.txt", seeds / "leak2.txt")
    (seeds / "leak2.yml").symlink_to(project / "elsewhere" / "meta.yml")
    before = _hashes(project)
    with pytest.raises(ErrorGroup) as info:
        build.generate(build.Project(root=project))
    messages = [e.format() for e in info.value.errors]
    assert any(m.startswith(f"{seeds / 'leak.txt'}: link points outside the seeds folder") for m in messages)
    assert any(m.startswith(f"{seeds / 'leak2.yml'}: link points outside the seeds folder") for m in messages)
    assert _hashes(project) == before


def test_build_never_rewrites_seeds(project):
    seeds = project / "seeds"
    stat_before = {p.name: (p.stat().st_mtime_ns, p.stat().st_mode) for p in seeds.iterdir()}
    before = tree_hash(seeds)
    for _ in range(2):  # a run that writes and a run that finds nothing to write
        result = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(project)], cwd=project,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    assert tree_hash(seeds) == before
    assert {p.name: (p.stat().st_mtime_ns, p.stat().st_mode) for p in seeds.iterdir()} == stat_before


def test_ingest_never_overwrites(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(RSS, encoding="utf-8")
    scratch = tmp_path / "scratch"
    report = ingest.ingest([str(feed)], scratch)
    (article_id,) = report.new  # the id this item gets
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    mine = seeds / f"{article_id}.txt"
    mine.write_text("نص كتبه المحرر بنفسه ولا يجوز أن يستبدل.\n", encoding="utf-8")
    before = tree_hash(seeds)
    result = subprocess.run([sys.executable, "-m", "generator", "ingest", str(feed), "--seeds", str(seeds)],
                            cwd=ROOT, capture_output=True, text=True)
    assert "Traceback" not in result.stderr, result.stderr
    assert tree_hash(seeds) == before, "ingest changed the seeds folder"
    assert "skipped" in result.stdout and article_id in result.stdout
    # and below the duplicate check, the writer itself refuses to replace a file
    draft = next(d for d in ingest.feed_drafts(ingest.parse_feed(feed.read_bytes(), str(feed))[0], str(feed),
                                              None, None, []) if isinstance(d, ingest.Draft))
    with pytest.raises(FileExistsError):
        ingest.write_pair(seeds, draft)
    assert tree_hash(seeds) == before


# --- make build: the site is swapped in only when mkdocs succeeded ---------------------------------------------

def _make_build(project: Path) -> subprocess.CompletedProcess:
    """`make build` in ``project`` with this checkout's virtualenv (never reinstalled: -o marks it up to date)."""
    venv = Path(sys.executable).parent.parent
    return subprocess.run(["make", "--no-print-directory", "build", f"VENV={venv}", "-o", str(venv / ".installed")],
                          cwd=project, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """A small project after one good `make build`."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    base = tmp_path_factory.mktemp("make")
    seeds = base / "seeds"
    seeds.mkdir()
    for name in ("002_f4b2df3151264d84.txt", "002_f4b2df3151264d84.yml", "topics.yml"):
        shutil.copy(ROOT / "seeds" / name, seeds / name)
    project = copy_project(base / "project", seeds)
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):
        shutil.copy2(ROOT / name, project / name)
    first = _make_build(project)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (project / "site" / "index.html").is_file()
    return project


NAV_LINE = "            - عن الموجز: about.md\n"
BREAKAGES = {
    # a nav entry to a page that does not exist: a warning, which --strict turns into a failure
    "broken-nav-entry": (NAV_LINE, NAV_LINE + "            - صفحة مفقودة: missing-page.md\n", "missing-page.md"),
    # a Markdown extension that does not exist: a configuration error
    "broken-config": ("  - admonition\n", "  - admonition\n  - no_such_extension_xyz\n", "no_such_extension_xyz"),
}


@pytest.mark.parametrize("breakage", [
    "broken-nav-entry",
    "broken-config",
])
def test_failed_site_build_keeps_the_last_good_site(made, tmp_path, breakage):
    project = tmp_path / "project"
    shutil.copytree(made, project, symlinks=True)
    good_site = tree_hash(project / "site")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    old, new, named = BREAKAGES[breakage]
    assert text.count(old) == 1
    config.write_text(text.replace(old, new), encoding="utf-8")

    failed = _make_build(project)
    assert failed.returncode != 0, f"make build succeeded with a {breakage}:\n{failed.stdout}{failed.stderr}"
    assert named in failed.stdout + failed.stderr
    assert tree_hash(project / "site") == good_site, "site/ changed although the site build failed"
    assert not (project / ".site.old").exists()

    # repaired: the next build swaps the new site in and cleans up
    config.write_text(text, encoding="utf-8")
    repaired = _make_build(project)
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert not (project / ".site.new").exists() and (project / "site" / "index.html").is_file()

