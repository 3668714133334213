"""Incremental runs: with `.cache/` the generator renders only pages whose inputs changed, and its output
is byte for byte what a run without any cache writes, whatever was edited between runs.

Each step below edits the project as an editor (or a careless hand) would, runs the generator with its
cache, then runs it again without cache into a fresh folder, and compares the two trees.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from benchmarks.corpus import make_corpus
from conftest import copy_project
from generator import build, feeds, links, model, render, search, topics
from generator import cache as cache_mod
from generator import config as site_config

ARTICLES = 40


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _generate(project: Path, monkeypatch, *, docs: Path | None = None, cache: bool = True,
              split: bool = False) -> build.Report:
    """A generator run; ``split`` renders and writes the default language in a second process (as
    `make build` does on two cores for a large corpus), otherwise everything is done in this one."""
    with monkeypatch.context() as m:
        if not cache:
            m.setenv("DIGEST_NO_CACHE", "1")
        else:
            m.delenv("DIGEST_NO_CACHE", raising=False)
        m.setenv("DIGEST_JOBS", "2" if split else "1")
        if split:
            m.setattr(build, "PARALLEL_MIN", 2)
            m.setattr(threading, "active_count", lambda: 1)  # an idle server thread of another test module
            assert build.jobs() == 2
        return build.generate(build.Project(root=project, docs=docs))


def _assert_same_as_uncached(project: Path, tmp_path: Path, monkeypatch, step: str) -> None:
    """The project's docs/ against a run without cache, in one process, into a fresh folder."""
    fresh = tmp_path / f"fresh-{step}"
    shutil.rmtree(fresh, ignore_errors=True)
    _generate(project, monkeypatch, docs=fresh, cache=False)
    cached, uncached = _tree(project / "docs"), _tree(fresh)
    generated = {rel for rel in uncached}
    cached = {rel: data for rel, data in cached.items() if rel in generated or not _hand_written(project, rel)}
    assert sorted(cached) == sorted(uncached), f"{step}: different files"
    differing = [rel for rel in uncached if cached[rel] != uncached[rel]]
    assert not differing, f"{step}: {len(differing)} files differ from an uncached run, e.g. {differing[:5]}"


def _hand_written(project: Path, rel: str) -> bool:
    return rel.endswith("about.md") or rel.startswith("assets/")


@pytest.fixture()
def project(tmp_path) -> Path:
    seeds = make_corpus(tmp_path / "seeds", ARTICLES)
    for path in sorted((Path(__file__).parent.parent / "seeds").iterdir()):  # the real seeds and taxonomy too
        shutil.copy(path, seeds / path.name)
    return copy_project(tmp_path / "project", seeds)


def _set_yaml(path: Path, key: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    out = [f"{key}: {value}" if line.startswith(key + ":") else line for line in lines]
    if out == lines:
        out.append(f"{key}: {value}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _insert_after_first_paragraph(path: Path, text: str) -> None:
    """``text`` inserted into the body, after its first paragraph (text appended after an article's end
    matter, such as its "Read Next" links, is not part of its body)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if len(line.split()) >= 20)
    path.write_text("\n".join(lines[:first + 1] + [text] + lines[first + 1:]), encoding="utf-8")


@pytest.mark.parametrize("split", [False, True], ids=["one process", "languages split"])
def test_cached_runs_match_uncached_runs_after_every_kind_of_edit(project, tmp_path, monkeypatch, split):
    """With ``split``, the cached runs render and write the default language in a forked process: what it
    keys and caches there serves the next run as if one process had done it."""
    seeds, docs = project / "seeds", project / "docs"
    _generate(project, monkeypatch, split=split)
    _assert_same_as_uncached(project, tmp_path, monkeypatch, "first")
    corpus, _ = build.gather(build.Project(root=project))
    linked = next(a for a in corpus.articles if a.related)  # an article other pages link to
    target = linked.related[0].article_id
    # a place the target is not tagged with, named often enough in new paragraphs to become its first tag
    tagged = {t.topic_id for t in corpus.by_id[target].tags}
    place = next(t for t in corpus.topics.values() if t.kind == "place" and t.id not in tagged)
    tags_before = tuple(t.topic_id for t in corpus.by_id[target].tags)
    days = int(corpus.by_id[target].tags[0].score // (3 * topics.WEIGHTS["p"])) + 2  # three mentions a paragraph

    steps = {
        "body edit": lambda: (seeds / f"{target}.txt").write_text(
            (seeds / f"{target}.txt").read_text(encoding="utf-8") + "\nوقال مسؤول إن الزيارة تأجلت إلى الشهر المقبل.\n",
            encoding="utf-8"),
        "body edit that adds a tag": lambda: _insert_after_first_paragraph(seeds / f"{target}.txt", "".join(
            f"\nوفي اليوم {day} زار الوفد {place.name_ar} ثم عاد إلى {place.name_ar} قبل أن يغادر {place.name_ar}.\n"
            for day in range(1, days + 1))),
        "Arabic title": lambda: _set_yaml(seeds / f"{target}.yml", "title", '"عنوان جديد للمقال"'),
        "English title": lambda: _set_yaml(seeds / f"{target}.yml", "title_en", '"A new title"'),
        "date": lambda: _set_yaml(seeds / f"{linked.id}.yml", "date", "2018-01-02"),
        "article removed": lambda: [(seeds / f"{linked.id}{ext}").unlink() for ext in (".txt", ".yml")],
        "article added": lambda: [shutil.copy(seeds / f"{target}{ext}", seeds / f"zz-copy{ext}")
                                  for ext in (".txt", ".yml")],
        "taxonomy": lambda: (seeds / "topics.yml").write_text(
            (seeds / "topics.yml").read_text(encoding="utf-8").replace("name_en: Iraq\n", "name_en: The Iraq\n", 1),
            encoding="utf-8"),
        "template": lambda: (project / "templates" / "pages" / "_card.md.j2").write_text(
            (project / "templates" / "pages" / "_card.md.j2").read_text(encoding="utf-8") + "\n", encoding="utf-8"),
        "page edited by hand": lambda: (docs / "ar" / "articles" / f"{target}.md").write_text("x", encoding="utf-8"),
        "page removed by hand": lambda: (docs / "en" / "articles" / f"{target}.md").unlink(),
        "feed removed by hand": lambda: (docs / "ar" / "feed.json").unlink(),
        "site url": lambda: (project / "mkdocs.yml").write_text(
            (project / "mkdocs.yml").read_text(encoding="utf-8").replace(
                "site_url: https://digest.example.org/", "site_url: https://news.example.net/digest/"),
            encoding="utf-8"),
    }
    for step, edit in steps.items():
        edit()
        _generate(project, monkeypatch, split=split)
        _assert_same_as_uncached(project, tmp_path, monkeypatch, step)
        if step == "body edit that adds a tag":  # what list pages show of the article changed with its body
            after, _ = build.gather(build.Project(root=project))
            assert after.by_id[target].tags[0].topic_id == place.id
            assert tuple(t.topic_id for t in after.by_id[target].tags) != tags_before


def test_an_edit_renders_only_the_pages_it_touches(project, monkeypatch):
    _generate(project, monkeypatch)
    corpus, _ = build.gather(build.Project(root=project))
    rendered: list[str] = []
    original = render.Renderer.article

    def counting(self, article, lang):
        rendered.append(f"{lang}/{article.id}")
        return original(self, article, lang)

    monkeypatch.setattr(render.Renderer, "article", counting)
    indexed: list[int] = []
    postings = search.postings

    def counting_postings(docs, *args, **kwargs):
        indexed.append(len(docs))
        return postings(docs, *args, **kwargs)

    monkeypatch.setattr(search, "postings", counting_postings)
    report = _generate(project, monkeypatch)
    assert rendered == [] and report.written == (), "a run without changes rendered or wrote pages"
    assert indexed == [], "a run without changes computed the search index again"

    victim = corpus.articles[len(corpus.articles) // 2]
    text = project / "seeds" / f"{victim.id}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nوأضاف أن المشاورات ستستأنف الأسبوع المقبل.\n",
                    encoding="utf-8")
    _generate(project, monkeypatch)
    assert f"ar/{victim.id}" in rendered
    assert len(indexed) == 1, "the edited article's words are indexed again, in Arabic only (no English entry changed)"
    assert len(rendered) <= len(corpus.articles) // 2, f"{len(rendered)} article pages rendered for one edit"


def test_a_run_reads_the_stored_bodies_of_the_pages_it_renders_only(project, monkeypatch):
    """An article read from the cache keeps its clean text pickled until a page needs it: a run without
    changes reads none, and an edit reads those of the other articles whose pages it renders again and, when
    it is among the site feed's articles, those of that feed (it carries their full text)."""
    _generate(project, monkeypatch)
    corpus, _ = build.gather(build.Project(root=project))
    assert all(isinstance(a, model.StoredArticle) for a in corpus.articles)
    with monkeypatch.context() as m:
        m.setenv("DIGEST_NO_CACHE", "1")
        uncached, _ = build.gather(build.Project(root=project))

    def fields(articles):
        return [(a.id, a.clean, a.meta, a.tags, a.related, a.story_id, a.also_reported_by) for a in articles]

    assert fields(corpus.articles) == fields(uncached.articles)
    assert dict(corpus.mentions) == dict(uncached.mentions)
    opened: list[str] = []
    body = model.StoredArticle._body.func

    def counting_body(self):
        opened.append(self.id)
        return body(self)

    reading = functools.cached_property(counting_body)
    reading.__set_name__(model.StoredArticle, "_body")
    monkeypatch.setattr(model.StoredArticle, "_body", reading)
    rendered: list[str] = []
    original = render.Renderer.article
    monkeypatch.setattr(render.Renderer, "article",
                        lambda self, article, lang: rendered.append(article.id) or original(self, article, lang))
    assert _generate(project, monkeypatch).written == ()
    assert (opened, rendered) == ([], [])

    victim = next(a for a in corpus.articles if a.related)
    text = project / "seeds" / f"{victim.id}.txt"
    _insert_after_first_paragraph(text, "وقال مسؤول في وزارة الخارجية العراقية إن المشاورات ستستأنف في بغداد.")
    _generate(project, monkeypatch)
    assert victim.id in rendered
    in_feed = {a.id for a in feeds.newest(corpus.articles, site_config.load(project).feed_items)}
    expected = set(rendered) | (in_feed if victim.id in in_feed else set())
    assert sorted(set(opened)) == sorted(expected - {victim.id}) and len(opened) == len(set(opened))
    assert len(set(rendered)) < len(corpus.articles) // 2
    _assert_same_as_uncached(project, project.parent, monkeypatch, "edit")


def test_a_split_run_leaves_the_memo_and_cache_of_both_languages(project, monkeypatch):
    """What the forked process rendered and indexed is recorded as if this one had done it: the next run
    renders no page and computes no search terms, and writes nothing."""
    first = _generate(project, monkeypatch, split=True)
    assert any(p.startswith("ar/articles/") for p in first.written)
    assert any(p.startswith("en/articles/") for p in first.written)
    assert list(first.written) == sorted(set(first.written))
    rendered: list[str] = []
    original = render.Renderer.article
    monkeypatch.setattr(render.Renderer, "article",
                        lambda self, article, lang: rendered.append(lang) or original(self, article, lang))
    computed: list[int] = []
    terms = search.weighted_terms
    monkeypatch.setattr(search, "weighted_terms", lambda fields: computed.append(1) or terms(fields))
    again = _generate(project, monkeypatch)  # in one process, so that the counters see everything
    assert (rendered, len(computed), again.written) == ([], 0, ())
    assert again.unchanged == len(first.written)


def _add_sentence(text: Path, sentence: str) -> None:
    """Add a sentence to an article's body: a paragraph of its own after the first one (a sentence after the
    page's footer would be no part of the article)."""
    lines = text.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if len(line.split()) >= 20)
    lines.insert(at + 1, f"\n{sentence}\n")
    text.write_text("\n".join(lines), encoding="utf-8")


def test_links_are_recomputed_only_when_their_inputs_change(project, monkeypatch):
    """Related articles depend on every article's text, date, tags and outlet, and nothing else."""
    _generate(project, monkeypatch)
    corpus, _ = build.gather(build.Project(root=project))
    victim = corpus.articles[len(corpus.articles) // 2]
    passes: list[int] = []
    original = links.Corpus.__init__

    def counting(self, *args, **kwargs):
        passes.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(links.Corpus, "__init__", counting)
    _set_yaml(project / "seeds" / f"{victim.id}.yml", "title_en", '"A title an editor wrote"')
    report = _generate(project, monkeypatch)
    assert passes == [] and any(victim.id in rel for rel in report.written), "an English title edit relinked"
    text = project / "seeds" / f"{victim.id}.txt"
    _add_sentence(text, "وأضاف أن المشاورات ستستأنف الأسبوع المقبل.")
    _generate(project, monkeypatch)
    assert passes == [1], "a body edit did not relink"


def _cli_build(project: Path) -> str:
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(project)], cwd=project,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout


SKIPPED = "nothing changed since the last build"


def test_a_build_after_no_change_reads_and_writes_nothing(project, tmp_path, monkeypatch):
    """`python -m generator build` (what `make build` runs) does nothing when no input changed since its last
    success and docs/ holds what it wrote; any change to an input or to a generated file runs it again."""
    assert SKIPPED not in _cli_build(project)
    docs = project / "docs"
    stamps = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    out = _cli_build(project)
    assert SKIPPED in out and " 0 files written" in out
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == stamps
    victim = sorted(p.stem for p in (project / "seeds").glob("*.txt"))[7]
    page = docs / "ar" / "articles" / f"{victim}.md"

    def edit_text():
        text = project / "seeds" / f"{victim}.txt"
        text.write_text(text.read_text(encoding="utf-8") + "\nوأضاف أن المشاورات ستستأنف الأسبوع المقبل.\n",
                        encoding="utf-8")

    def site_url():
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "site_url: https://digest.example.org/", "site_url: https://news.example.org/"), encoding="utf-8")

    def template():
        path = project / "templates" / "pages" / "timeline.md.j2"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    def rewrite_same_bytes():  # an editor saving a file unchanged: its ctime moves
        path = project / "seeds" / f"{victim}.yml"
        path.write_bytes(path.read_bytes())

    steps = {
        "seed text edited": edit_text,
        "YAML saved unchanged": rewrite_same_bytes,
        "taxonomy touched": lambda: os.utime(project / "seeds" / "topics.yml"),
        "site_url changed": site_url,
        "template edited": template,
        "generated page edited": lambda: page.write_text(page.read_text(encoding="utf-8") + "x", encoding="utf-8"),
        "generated page removed": page.unlink,
        "seed removed": lambda: [(project / "seeds" / f"{victim}{ext}").unlink() for ext in (".txt", ".yml")],
    }
    for step, change in steps.items():
        change()
        assert SKIPPED not in _cli_build(project), step
        _assert_same_as_uncached(project, tmp_path, monkeypatch, step)
        assert SKIPPED in _cli_build(project), f"{step}: the run after it"
    assert build.input_stamp(build.Project(root=project), True) != build.input_stamp(build.Project(root=project))
    shutil.rmtree(project / ".cache")
    assert SKIPPED not in _cli_build(project)


def test_the_cache_is_safe_to_delete(project, tmp_path, monkeypatch):
    _generate(project, monkeypatch)
    stamps = {p: p.stat().st_mtime_ns for p in (project / "docs").rglob("*.md")}
    shutil.rmtree(project / ".cache")
    report = _generate(project, monkeypatch)
    assert report.written == ()
    assert all(p.stat().st_mtime_ns == stamp for p, stamp in stamps.items())
    _assert_same_as_uncached(project, tmp_path, monkeypatch, "cache deleted")


def test_checking_the_articles_keeps_the_rest_of_the_cache(project, monkeypatch):
    """`generator check` reads the articles only; the search entries it did not use stay cached."""
    _generate(project, monkeypatch)
    build.gather(build.Project(root=project))
    counted: list[int] = []
    original = search.article_entry

    def counting(*args, **kwargs):
        counted.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(search, "article_entry", counting)
    _generate(project, monkeypatch)
    assert counted == [], f"{len(counted)} search entries computed again after a check"


def test_the_cache_keys_carry_the_installed_versions_of_the_libraries():
    """The versions in the cache keys are those importlib.metadata reads, for every pinned distribution; a
    distribution that is not installed has none."""
    from importlib.metadata import version

    lock = (Path(__file__).parent.parent / "requirements.lock").read_text(encoding="utf-8")
    pinned = tuple(dict.fromkeys(re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", lock, re.M)))
    assert len(pinned) > 20 and {"PyYAML", "mkdocs-material"} <= set(pinned)
    found = cache_mod.package_versions((*pinned, "no-such-distribution"))
    assert found.split("\0") == [f"{name}={version(name)}" for name in pinned] + ["no-such-distribution="]


def test_a_damaged_cache_is_a_miss(project, tmp_path, monkeypatch):
    """Truncated or foreign cache files cost time, never a wrong page."""
    _generate(project, monkeypatch)
    cache = project / ".cache"
    names = ("articles.pack", "outputs.pickle", build.LINK_STATE)
    assert all((cache / name).is_file() for name in names)
    for name in names:
        data = (cache / name).read_bytes()
        (cache / name).write_bytes(data[: len(data) // 2])
    text = project / "seeds" / f"{sorted(p.stem for p in (project / 'seeds').glob('*.txt'))[3]}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nوأضاف أن المشاورات ستستأنف الأسبوع المقبل.\n",
                    encoding="utf-8")
    _generate(project, monkeypatch)
    _assert_same_as_uncached(project, tmp_path, monkeypatch, "damaged cache")
    (cache / build.LINK_STATE).write_bytes(b"not a pickle")
    text.write_text(text.read_text(encoding="utf-8") + "\nوقال مسؤول إن الزيارة تأجلت.\n", encoding="utf-8")
    _generate(project, monkeypatch)
    _assert_same_as_uncached(project, tmp_path, monkeypatch, "foreign link state")


def _serve_command() -> list[str]:
    """The `make serve` recipe's mkdocs command, read from the Makefile (so the test follows it)."""
    import re as _re

    recipe = (Path(__file__).parent.parent / "Makefile").read_text(encoding="utf-8").split("\nserve:", 1)[1]
    line = next(line for line in recipe.splitlines() if "mkdocs serve" in line)
    args = _re.sub(r"-a \S+", "", line.split("mkdocs", 1)[1]).split()
    return args


def test_make_serve_shows_an_edit_within_seconds(tmp_path):
    """`make serve` (mkdocs serve --dirty) regenerates and rebuilds after an edit to seeds/."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    project = copy_project(tmp_path / "project")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = _serve_command()
    assert args[0] == "serve" and "--dirty" in args
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("DIGEST_SKIP_GENERATE", None)
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", *args, "-a", f"127.0.0.1:{port}",
                                 "-f", str(project / "mkdocs.yml")], cwd=project, env=env, stdout=out, stderr=out)
    try:
        text = sorted((project / "seeds").glob("*.txt"))[0]
        url = f"http://127.0.0.1:{port}/articles/{text.stem}/"

        def page() -> str:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    return response.read().decode("utf-8")
            except OSError:
                return ""

        deadline = time.monotonic() + 180
        while "<h1" not in page():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")[-3000:]
            time.sleep(1)
        marker = "زنبقيات قرطاسية مخملية"
        assert marker not in page()
        _add_sentence(text, f"وأضافت مصادر أن {marker} ستعرض قريبا.")
        deadline = time.monotonic() + 120
        while marker not in page():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")[-3000:]
            time.sleep(1)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
