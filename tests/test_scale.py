"""What keeps the site linear as it grows, on a synthetic corpus of 120 articles (structure only, nothing timed).

* Articles are never in the navigation: MkDocs renders the nav into every page, so a nav listing every
  article makes the site grow with the square of the article count.
* List pages are bounded: home and timeline pages at ``render.PAGE_SIZE`` articles, a topic's front page
  at twice that and its archive pages (numbered from the oldest, so a new article leaves them as they
  are) at ``render.PAGE_SIZE``.
* Editing one article rewrites only the files whose bytes change: that article's pages, the pages that
  list or link it, digests, timeline, feeds, search files; every other file keeps its bytes and mtime.
* The two-process MkDocs build (``generator.sitebuild``) gives the same bytes as ``mkdocs build``, and so
  does a build without the hook's shortcuts (``DIGEST_MKDOCS_SHORTCUTS=0``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import lxml.html
import pytest
import yaml

from benchmarks.corpus import make_corpus
from benchmarks.run import site_step
from conftest import ROOT, copy_project, run_build
from generator import build, parallel, pipeline, render, urls, writer
from generator.errors import ErrorGroup

ARTICLES = 120
ARTICLE_LINK = re.compile(r'<a href="(?:\.\./)+articles/([^/"]+)/">')  # a card's or list item's link
EDIT = " وأضافت مصادر أن زنبقيات قرطاسية مخملية ستعرض الأسبوع المقبل."  # words found nowhere else


@pytest.fixture(scope="module")
def scaled(tmp_path_factory) -> Path:
    """A project with 120 synthetic articles, generated and built with `mkdocs build --strict`."""
    base = tmp_path_factory.mktemp("scale")
    seeds = make_corpus(base / "seeds", ARTICLES)
    project = copy_project(base / "project", seeds)
    run_build(project)
    return project


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_nav_config_lists_only_the_five_sections():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nhooks:")[0]
    config = yaml.safe_load(text.replace("!!python", "python"))
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    for language in i18n["languages"]:
        targets = [next(iter(item.values())) for item in language["nav"]]
        assert targets == ["index.md", "topics/index.md", "digests/index.md", "timeline/index.md", "about.md"]


@pytest.mark.parametrize("rel", ["index.html", "en/index.html", "topics/iraq/index.html", "en/topics/iraq/index.html",
                                 "timeline/index.html", "digests/index.html"])
def test_no_article_in_the_built_navigation(scaled, rel):
    doc = lxml.html.fromstring((scaled / "site" / rel).read_bytes())
    nav_links = [a.get("href") or "" for a in doc.cssselect(".md-nav a, .md-tabs a")]
    assert nav_links, f"{rel}: no navigation found"
    assert not [h for h in nav_links if "articles/" in h], f"{rel}: article in the navigation"


def test_no_article_page_in_the_navigation_of_an_article_page(scaled):
    for rel in sorted((scaled / "site").glob("articles/*/index.html"))[:5]:
        doc = lxml.html.fromstring(rel.read_bytes())
        assert not [a for a in doc.cssselect(".md-nav a") if "articles/" in (a.get("href") or "")], rel


def _cards(html_path: Path) -> list[str]:
    doc = lxml.html.fromstring(html_path.read_bytes())
    return [a.get("href") for card in doc.cssselect(".digest-card") for a in card.cssselect("h2 a, h3 a")[:1]]


def test_home_and_topic_pages_are_bounded(scaled):
    site = scaled / "site"
    lists = [site / "index.html", site / "en" / "index.html"]
    lists += sorted((site / "topics").glob("*/index.html")) + sorted((site / "en" / "topics").glob("*/index.html"))
    assert len(lists) > 40
    archived = 0
    for page in lists:
        cards = _cards(page)
        archive = "-page-" in page.parent.name
        # A topic's front page holds its newest PAGE_SIZE to 2 * PAGE_SIZE - 1 articles, an archive page PAGE_SIZE.
        bound = render.PAGE_SIZE if archive or page.parent.name in ("", "en", "site") else 2 * render.PAGE_SIZE - 1
        assert len(cards) <= bound, f"{page.relative_to(site)}: {len(cards)} cards"
        if archive:
            archived += 1
            assert len(cards) == render.PAGE_SIZE, f"{page.relative_to(site)}: {len(cards)} cards"
    assert archived, "no topic has archive pages: the corpus is too small to test pagination"


def _topic_pages(docs: Path, topic: str) -> list[Path]:
    """A topic's front page, then its archive pages from the newest to the oldest."""
    count = len(list(docs.glob(f"ar/topics/{topic}-page-*.md")))
    assert not (docs / urls.topic_doc("ar", topic, count + 1)).exists()
    return [docs / urls.topic_doc("ar", topic)] + [docs / urls.topic_doc("ar", topic, n)
                                                     for n in range(count, 0, -1)]


def test_topic_pages_together_list_every_article_of_the_topic_once(scaled):
    corpus, _ = pipeline.gather(build.Project(root=scaled))
    topic, members = max(corpus.by_topic.items(), key=lambda kv: len(kv[1]))
    pages = _topic_pages(scaled / "docs", topic)
    assert len(pages) >= 2, "the biggest topic should span several pages"
    links = [m for p in pages for m in ARTICLE_LINK.findall(p.read_text(encoding="utf-8"))]
    assert links == [a.id for a in members], "each article once, newest first, none missing"


def test_a_new_article_changes_only_the_front_pages_of_its_topics(scaled, tmp_path):
    """Topic archive pages are numbered from the oldest and timeline archive pages go by month: the newest
    article leaves every one of them as it was, but the newest timeline month's last page."""
    project = tmp_path / "project"
    shutil.copytree(scaled, project, symlinks=True)
    corpus, _ = pipeline.gather(build.Project(root=project))
    newest = corpus.articles[0]
    archives = {p.relative_to(project / "docs").as_posix(): p.read_bytes()
                for p in (project / "docs").glob("*/topics/*-page-*.md")}
    assert archives
    timeline = {lang: {p.relative_to(project / "docs").as_posix(): p.read_bytes()
                       for p in (project / "docs" / lang / "timeline").glob("*.md") if p.name != "index.md"}
                for lang in ("ar", "en")}
    assert all(timeline.values()), "the timeline should have archive pages"
    seeds = project / "seeds"
    shutil.copy(seeds / f"{newest.id}.txt", seeds / "zz-newest.txt")
    meta = yaml.safe_load((seeds / f"{newest.id}.yml").read_text(encoding="utf-8"))
    meta["date"] = newest.meta.date.replace(year=newest.meta.date.year + 1)
    (seeds / "zz-newest.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    report = pipeline.generate(build.Project(root=project))
    assert "ar/articles/zz-newest.md" in report.written
    fronts = {f"{lang}/topics/{t.topic_id}.md" for t in newest.tags for lang in ("ar", "en")}
    assert fronts & set(report.written)
    changed = [rel for rel, data in archives.items() if (project / "docs" / rel).read_bytes() != data]
    assert not changed, f"archive pages changed: {changed[:5]}"
    # The timeline: the front page, and the newest month's last page, where the story the new article
    # pushes off the front page goes (or that gains a newer neighbour); no other month page changes.
    for lang in ("ar", "en"):
        old = timeline[lang]
        newest_page = max(old, key=_timeline_order)
        changed = [rel for rel, data in old.items() if (project / "docs" / rel).read_bytes() != data]
        assert set(changed) <= {newest_page}, changed
        assert f"{lang}/timeline/index.md" in report.written
        added = {rel for rel in report.written if rel.startswith(f"{lang}/timeline/")} - set(old) - {
            f"{lang}/timeline/index.md"}
        assert len(added) <= 1, added


def _timeline_order(rel: str) -> tuple[str, int]:
    """A timeline archive page's place, oldest first: its month, then its part (``2024-03-2.md``: part 2)."""
    name = rel.rsplit("/", 1)[1][:-3]
    return name[:7], int(name[8:] or 1)


def test_timeline_pages_together_list_every_article_once(scaled):
    corpus, _ = pipeline.gather(build.Project(root=scaled))
    timeline = scaled / "docs" / "ar" / "timeline"
    archives = sorted((p for p in timeline.glob("*.md") if p.name != "index.md"),
                      key=lambda p: _timeline_order(p.as_posix()), reverse=True)
    assert archives, "120 articles should need archive pages"
    links = [m for p in [timeline / "index.md", *archives] for m in ARTICLE_LINK.findall(p.read_text(encoding="utf-8"))]
    assert sorted(links) == sorted(a.id for a in corpus.articles)
    latest = {}  # each story's latest article, newest first across the pages
    for story_id in links:
        story = corpus.story_of.get(story_id)
        latest.setdefault(story.id if story else story_id, max(corpus.by_id[i].meta.date for i in (
            story.article_ids if story else (story_id,))))
    assert list(latest.values()) == sorted(latest.values(), reverse=True)
    pager = (timeline / "index.md").read_text(encoding="utf-8")
    assert f'href="{archives[0].stem}/"' in pager  # the front page's older neighbour: the newest month's last page


def test_an_article_joining_an_old_story_changes_only_that_month_of_the_timeline(scaled, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(scaled, project, symlinks=True)
    corpus, _ = pipeline.gather(build.Project(root=project))
    front = set(ARTICLE_LINK.findall((project / "docs" / "ar" / "timeline" / "index.md").read_text(encoding="utf-8")))
    story = next(s for s in corpus.stories if not front & set(s.article_ids)
                 and corpus.by_id[s.article_ids[-1]].meta.date.day <= 20)
    latest = corpus.by_id[story.article_ids[-1]]
    month = latest.meta.date.strftime("%Y-%m")
    before = {p.relative_to(project / "docs").as_posix(): p.read_bytes()
              for p in (project / "docs").glob("*/timeline/*.md")}
    seeds = project / "seeds"
    shutil.copy(seeds / f"{latest.id}.txt", seeds / "zz-follow-up.txt")
    meta = yaml.safe_load((seeds / f"{latest.id}.yml").read_text(encoding="utf-8"))
    meta["date"] = latest.meta.date + dt.timedelta(days=1)
    (seeds / "zz-follow-up.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    pipeline.generate(build.Project(root=project))
    after, _ = pipeline.gather(build.Project(root=project))
    assert after.story_of["zz-follow-up"].article_ids[:-1] == story.article_ids, "the follow-up joins the story"
    changed = sorted(rel for rel, data in before.items() if (project / "docs" / rel).read_bytes() != data)
    assert changed, "the story's month page lists the follow-up"
    assert all(rel.rsplit("/", 1)[1].startswith(month) for rel in changed), changed


def test_timeline_pages_are_bounded(scaled):
    corpus, _ = pipeline.gather(build.Project(root=scaled))
    longest = max((len(s.article_ids) for s in corpus.stories), default=1)
    for page in sorted((scaled / "docs" / "ar" / "timeline").glob("*.md")):
        entries = ARTICLE_LINK.findall(page.read_text(encoding="utf-8"))
        assert 0 < len(entries) <= render.PAGE_SIZE + longest - 1, page.name  # a story is never split


def _allowed_after_edit(before, after, article_id: str) -> tuple[set[str], re.Pattern]:
    """Files a one-article body edit may change: its own pages, whatever shows its neighbours' links, and the
    pages and feeds of its story."""
    old, new = before.by_id[article_id], after.by_id[article_id]
    changed = {article_id}
    for a in after.articles:  # pages whose related / story / same-news lists differ
        b = before.by_id[a.id]
        if (a.related, a.story_id, a.also_reported_by) != (b.related, b.story_id, b.also_reported_by) or \
                before.story_of.get(a.id) != after.story_of.get(a.id):
            changed.add(a.id)
    allowed = {f"{lang}/articles/{i}.md" for i in changed for lang in ("ar", "en")}
    allowed |= {f"{lang}/stories/{story.id}{ext}" for corpus in (before, after) for story in corpus.stories
                if changed & set(story.article_ids) for lang in ("ar", "en") for ext in (".md", ".xml", ".json")}
    topics = "|".join(re.escape(t.topic_id) for t in old.tags + new.tags)
    return allowed, re.compile(rf"^(ar|en)/topics/({topics})(-page-\d+)?(\.md|\.xml|\.json|/.*)$")


def test_one_article_edit_rewrites_only_what_changes(scaled, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(scaled, project, symlinks=True)
    before_corpus, _ = pipeline.gather(build.Project(root=project))
    docs = project / "docs"
    before = _tree(docs)
    stamps = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    assert pipeline.generate(build.Project(root=project)).written == (), "a second run without changes wrote files"

    article_id = before_corpus.articles[len(before_corpus.articles) // 2].id
    text = project / "seeds" / f"{article_id}.txt"
    lines = text.read_text(encoding="utf-8").splitlines(keepends=True)
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[longest] = lines[longest].rstrip("\n") + EDIT + "\n"
    text.write_text("".join(lines), encoding="utf-8")

    report = pipeline.generate(build.Project(root=project))
    after_corpus, _ = pipeline.gather(build.Project(root=project))
    after = _tree(docs)
    written = set(report.written)
    assert f"ar/articles/{article_id}.md" in written
    assert written == {rel for rel in after if after[rel] != before.get(rel)} - {writer.MANIFEST}, \
        "the writer must rewrite exactly the files whose bytes changed"
    allowed, topic_files = _allowed_after_edit(before_corpus, after_corpus, article_id)
    shared = re.compile(r"^(ar|en)/(index\.md|timeline/|digests/|search/|feed\.|sitemap\.xml|(topics|stories)/sitemap\.xml)")
    unexpected = sorted(rel for rel in written
                        if rel not in allowed and not topic_files.match(rel) and not shared.match(rel))
    assert not unexpected, f"rewritten although unrelated to the edit: {unexpected[:10]}"
    assert len(written) < len(after) // 10, f"{len(written)} of {len(after)} files rewritten"
    for path, stamp in stamps.items():  # untouched files keep their mtime (MkDocs --dirty and rsync rely on it)
        rel = path.relative_to(docs).as_posix()
        if rel not in written and rel != writer.MANIFEST:
            assert path.stat().st_mtime_ns == stamp, rel


def test_parallel_mkdocs_build_is_byte_identical(scaled, tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DIGEST_SKIP_GENERATE": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    out = tmp_path / "parallel-site"
    result = subprocess.run([sys.executable, "-m", "generator.sitebuild", "--strict",
                             "-f", str(scaled / "mkdocs.yml"), "--site-dir", str(out)],
                            cwd=scaled, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    sequential, parallel = _tree(scaled / "site"), _tree(out)
    assert sorted(sequential) == sorted(parallel)
    assert [rel for rel in sequential if sequential[rel] != parallel[rel]] == []
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-parallel-")], "temporary folder left behind"


def test_mkdocs_shortcuts_give_the_same_bytes(scaled, tmp_path):
    """The hook spares MkDocs a Markdown converter per generated page and Material's search plugin its scan of
    pages it leaves out: the site is byte for byte the one MkDocs and Material build doing that work."""
    project = tmp_path / "project"
    shutil.copytree(scaled, project, symlinks=True, ignore=shutil.ignore_patterns("site"))
    run_build(project, generate=False, extra_env={"DIGEST_MKDOCS_SHORTCUTS": "0"})
    full, short = _tree(project / "site"), _tree(scaled / "site")
    assert sorted(full) == sorted(short)
    assert [rel for rel in full if full[rel] != short[rel]] == []


_FREEZE_PROBE = """
import gc, sys
import mkdocs.commands.build as mkbuild
from mkdocs.config import load_config
seen = []
build_page = mkbuild._build_page
def probe(*args, **kwargs):
    seen.append(gc.get_freeze_count())
    return build_page(*args, **kwargs)
mkbuild._build_page = probe
for _ in range(2):  # as mkdocs serve does: a second build in the same process
    mkbuild.build(load_config(sys.argv[1], site_dir=sys.argv[2], strict=True))
    print(min(seen), gc.get_freeze_count())
    seen.clear()
"""


def test_mkdocs_pages_render_with_the_gathered_objects_out_of_the_collector(scaled, tmp_path):
    """While MkDocs renders the pages, what it gathered before (files, navigation, pages) is frozen out of
    the garbage collector's passes; after the build, it is handed back, so that a second build in the
    same process (``mkdocs serve``) leaves the first one's objects collectable."""
    def runs(**extra: str) -> list[tuple[int, int]]:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DIGEST_SKIP_GENERATE": "1", **extra}
        result = subprocess.run([sys.executable, "-c", _FREEZE_PROBE, str(scaled / "mkdocs.yml"),
                                 str(tmp_path / "site")], cwd=scaled, env=env, capture_output=True, text=True,
                                timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        return [tuple(map(int, line.split())) for line in result.stdout.split("\n") if line.strip()]

    pages = sum(1 for _ in (scaled / "site").rglob("*.html"))
    frozen = runs()
    assert len(frozen) == 2
    for during, after in frozen:
        assert during > 10 * pages, "the pages are rendered with the gathered objects frozen"
        assert after == 0, "the build hands its objects back to the collector"
    assert runs(DIGEST_MKDOCS_SHORTCUTS="0") == [(0, 0), (0, 0)]  # MkDocs alone freezes nothing


def test_articles_prepared_in_two_processes_are_those_one_process_prepares(tmp_path, monkeypatch):
    """Cleaning, metadata and tagging run in forked processes when many articles are new: the articles,
    their first mentions, the warnings and every error (with its file and line) are the same."""
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    texts = sorted(seeds.glob("*.txt"))
    for i, text in enumerate(texts * 2):  # more articles than processes, under other ids
        shutil.copy(text, seeds / f"c{i}_{text.name}")
        shutil.copy(text.with_suffix(".yml"), seeds / f"c{i}_{text.stem}.yml")
    (seeds / "e1_empty.txt").write_text("", encoding="utf-8")  # no article in it
    for name, extra in (("e2_unknown_tag", "tags: [no-such-topic]\n"), ("w1_unknown_key", "colour: red\n"),
                        ("d1_draft", "draft: true\n")):
        shutil.copy(texts[0], seeds / f"{name}.txt")
        (seeds / f"{name}.yml").write_text(texts[0].with_suffix(".yml").read_text(encoding="utf-8") + extra,
                                           encoding="utf-8")
    project = build.Project(root=tmp_path)
    monkeypatch.setenv("DIGEST_NO_CACHE", "1")
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 2)
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # an idle server thread of another test module

    def outcome(jobs: str):
        monkeypatch.setenv("DIGEST_JOBS", jobs)
        assert parallel.jobs() == int(jobs)
        with pytest.raises(ErrorGroup) as failed:
            pipeline.gather(project, refuse_drafts=True)
        return ([(type(e), e.format()) for e in failed.value.errors],
                [(type(w), w.format()) for w in failed.value.warnings])

    def articles(jobs: str):
        monkeypatch.setenv("DIGEST_JOBS", jobs)
        corpus, warnings = pipeline.gather(project)
        return corpus.articles, corpus.mentions, [(type(w), w.format()) for w in warnings]

    errors, warnings = outcome("2")
    assert outcome("1") == (errors, warnings)
    assert [e.split(":")[0] for _, e in errors] == [str(seeds / n) for n in ("d1_draft.yml", "e1_empty.txt",
                                                                             "e2_unknown_tag.yml")]
    # the unknown key, and the text without its metadata file
    assert [w.split(":")[0] for _, w in warnings] == [str(seeds / "e1_empty.txt"), str(seeds / "w1_unknown_key.yml")]
    assert "without its metadata" in warnings[0][1] and "colour" in warnings[1][1]
    for bad in ("e1_empty.txt", "e2_unknown_tag.txt", "e2_unknown_tag.yml"):
        (seeds / bad).unlink()
    found = articles("2")
    assert articles("1") == found
    # every article but the draft, which a build holds back
    assert len(found[0]) == 3 * len(texts) + 1 and sum(map(len, found[1].values())) > 10 * len(found[0])


def test_a_site_build_reusing_the_last_site_gives_the_bytes_of_a_full_build(scaled, tmp_path):
    """`make build` keeps the pages of unchanged Markdown files from the last site instead of rendering them:
    after articles are added, edited and removed, the site is byte for byte a full build's. A changed
    theme file (or configuration, hand-written page, package) renders everything again."""
    project = tmp_path / "project"
    shutil.copytree(scaled, project, symlinks=True, ignore=shutil.ignore_patterns("site"))
    site = project / "site"
    assert "full build" in site_step(project, site)["stdout"]  # `make build`'s site step
    first = _tree(project / "site")
    generated = json.loads((project / "docs" / writer.MANIFEST).read_text(encoding="utf-8"))
    again = site_step(project, site)  # nothing changed: no page built, the last site kept whole
    assert again["kept"] == len(generated) and "nothing changed since the last build" in again["stdout"]
    assert _tree(project / "site") == first
    about = project / "docs" / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    step = site_step(project, site)  # a hand-written page is in the stamp: everything is built again
    assert "full build" in step["stdout"] and "nothing changed" not in step["stdout"]
    assert "One more line." in (project / "site" / "en" / "about" / "index.html").read_text(encoding="utf-8")
    first = _tree(project / "site")
    seeds = project / "seeds"
    texts = sorted(seeds.glob("*.txt"))
    shutil.copy(texts[10], seeds / "zz-newest.txt")
    meta = yaml.safe_load(texts[10].with_suffix(".yml").read_text(encoding="utf-8"))
    meta["date"] = dt.date(2025, 6, 1)  # after every article of the corpus, before the build's time
    (seeds / "zz-newest.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    edited = texts[20].read_text(encoding="utf-8").replace("\n\n", EDIT + "\n\n", 1)
    texts[20].write_text(edited, encoding="utf-8")
    texts[30].unlink()
    texts[30].with_suffix(".yml").unlink()
    report = pipeline.generate(build.Project(root=project))
    assert report.written and report.removed
    unchanged = set(json.loads((project / "docs" / writer.MANIFEST).read_text(encoding="utf-8"))) - set(report.written)
    published = {p for p in unchanged if not p.rpartition("/")[2].startswith(".")}  # MkDocs skips dot files
    assert site_step(project, site)["kept"] == len(published)
    full = tmp_path / "full"
    subprocess.run([sys.executable, "-m", "generator.sitebuild", "--strict", "-f", str(project / "mkdocs.yml"),
                    "--site-dir", str(full)], cwd=project, check=True, capture_output=True,
                   env={**os.environ, "DIGEST_SKIP_GENERATE": "1", "PYTHONPATH": str(ROOT)}, timeout=600)
    reused, fresh = _tree(project / "site"), _tree(full)
    assert sorted(reused) == sorted(fresh)
    assert [rel for rel in fresh if reused[rel] != fresh[rel]] == []
    theme = project / "templates" / "theme" / "main.html"
    theme.write_text(theme.read_text(encoding="utf-8") + "{# changed #}\n", encoding="utf-8")
    assert "full build" in site_step(project, site)["stdout"]


# (source, destination) paths that the shortcut leaves to the plugin (README, "." and ".." parts, doubled or
# edge slashes, a file named as a language) and paths it handles (pages and assets in and out of language
# folders, other locales).
I18N_EDGE_PATHS = (("README.md", "README.html"), ("en/README.md", "en/README.html"), ("ar/x/README.md", "ar/x/index.html"),
                   ("ar/./x.md", "ar/./x/index.html"), ("en/../x.md", "x/index.html"), ("en//x.md", "en//x/index.html"),
                   ("en/", "en/"), ("/abs.md", "/abs/index.html"), ("en", "en"), ("ar", "ar"), ("en.md", "en/index.html"),
                   ("enx/page.md", "enx/page/index.html"), ("fr/page.md", "fr/page/index.html"), ("pt_BR/p.md", "pt_BR/p.html"),
                   ("zh-Hant-TW/p.md", "zh-Hant-TW/p/index.html"), ("assets/a b/ç.css", "assets/a b/ç.css"),
                   ("en/img.png", "en/img.png"), ("ar/articles/x.md", "ar/articles/x/index.html"), ("index.md", "index.html"),
                   ("sub/index.md", "sub/index.html"), ("a\\b.md", "a\\b/index.html"), ("ar/x.md", "ar"), ("en/x.md", "en"))


def _i18n_state(file, language: str) -> dict:
    state = dict(vars(file))
    alternates = state.pop("alternates")
    assert alternates == {language: file}
    return state


def test_i18n_file_shortcut_gives_the_plugin_files(scaled):
    """The hook's string version of mkdocs-static-i18n's ``create_i18n_file`` and ``is_relative_to``: for every
    file of a built project and for odd paths, in both languages, the same File (every attribute) and answer."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, get_files
    from mkdocs_static_i18n import folder, reconfigure

    import generator.mkdocs_internals  # noqa: F401 - installs the shortcut
    fast, relative = folder.create_i18n_file, reconfigure.is_relative_to
    assert fast.digest_shortcut and relative.original
    config = load_config(str(scaled / "mkdocs.yml"))
    files = list(get_files(config))
    for src, dest in I18N_EDGE_PATHS:
        odd = File("x.md", config.docs_dir, config.site_dir, True)
        odd.src_uri, odd.dest_uri = src, dest  # as given, not normalised
        files.append(odd)
    assert len(files) > 500
    roots = (config.docs_dir, config.docs_dir + "/", config.docs_dir[:-1], str(scaled), "/", "en", "blog/")
    for file in files:
        for language in ("ar", "en"):
            args = (language, "ar", ["ar", "en"], config)
            assert _i18n_state(fast(file, *args), language) == _i18n_state(fast.original(file, *args), language), \
                (file.src_uri, language)
        for root in roots:
            for path in (file.abs_src_path, file.src_uri, file.url, config.docs_dir + "-other/" + file.src_uri):
                assert relative(path, root) == relative.original(path, root), (path, root)
