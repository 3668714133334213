"""Story pages and their feeds: every story of two or more articles has a page in both languages at
``stories/<id>/``, with its reports oldest first, its outlets, the names involved and its RSS and JSON Feed;
article pages and the timeline link to it. Built with the real generator and `mkdocs build --strict`."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.html
import pytest
import yaml

from conftest import ROOT, copy_project, run_build
from generator import i18n, links, stories
from generator.render import story_title
from generator.model import Article, Block, CleanArticle, Meta, Source, Story, Tag, Topic
from test_feeds import _check_rfc822, _validator_warnings

SITE_URL = "https://digest.example.org/"
NOW = "1733000000"  # 2024-11-30: after every seed's date
FIRST, SECOND = "000_a85b438a6a7a1b81", "001_fa2a66c985b7476f"  # two seeds on the withdrawal, a week apart
DRAFT_TITLE = "مسودة عن بيان سحب القوات لم يراجعها المحررون"
LATER_TITLE = "واشنطن وبغداد تتفقان على جدول لسحب القوات القتالية"
LATER_TITLE_EN = "Washington and Baghdad agree a timetable for withdrawing combat troops"
PREFIX = {"ar": "", "en": "en/"}
# A later report of another outlet going over both seeds' news (their sentences), before the leaders' meeting.
LATER_TEXT = f"""{LATER_TITLE}

بغداد - قال مكتب رئيس الوزراء العراقي إن المنسق الخاص للرئيس جو بايدن للشرق الأوسط وشمال إفريقيا بريت ماكغورك \
ناقش دفع عملية سحب القوات الأمريكية من العراق مع قيادة البلاد، لكن مسؤولًا كبيرًا في إدارة بايدن نفى هذا الادعاء.

والتقى ماكغورك رئيس الوزراء العراقي مصطفى الكاظمي لبحث العلاقة بين واشنطن وبغداد، وآليات سحب القوات المقاتلة \
من العراق والانتقال إلى مرحلة جديدة من التعاون الاستراتيجي.

وقال المتحدث باسم البنتاغون جون كيربي إن الجولة الأولى من الحوار الاستراتيجي مع العراق بحثت العلاقات الأمنية \
الثنائية بين الولايات المتحدة والعراق والتعاون الأمني طويل الأمد بين البلدين ومجالات التعاون خارج نطاق مكافحة الإرهاب.

وأشار كيربي إلى أن الطرفين أكدا مجددا التزامهما المشترك بمهمة القضاء على داعش، وضرورة أن تكون الولايات المتحدة \
والتحالف قادرين على دعم قوات الأمن العراقية بشكل آمن.
"""


def _page(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def _story_pages(site: Path, lang: str) -> list[Path]:
    return sorted((site / PREFIX[lang] / "stories").glob("*/index.html"))


def _local(site: Path, page: Path, href: str) -> Path:
    """The file a relative link on ``page`` (in ``site``) leads to."""
    url = urljoin("https://x.test/" + page.relative_to(site).as_posix(), href)
    path = urlsplit(url).path.lstrip("/")
    return site / path / "index.html" if not path or path.endswith("/") else site / path


def _content(page: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    return page.cssselect("article.md-content__inner")[0]


# --- the seeds' site ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_seeds_site_has_story_pages_in_both_languages(built_site, lang):
    pages = _story_pages(built_site, lang)
    assert pages
    for path in pages:
        page = _page(path)
        assert page.get("lang") == lang and page.find("body").get("dir") == i18n.DIRECTION[lang]
        content = _content(page)
        reports = content.cssselect("ol.digest-reports > li")
        assert len(reports) >= 2
        # the id is the first report's: the earliest listed, the reports oldest first
        dates = [li.cssselect("time")[0].get("datetime") for li in reports]
        assert dates == sorted(dates)
        first_link = reports[0].cssselect("a")[0].get("href")
        assert (
            _local(built_site, path, first_link)
            == built_site / PREFIX[lang] / "articles" / path.parent.name / "index.html"
        )
        for a in content.iter("a"):
            assert _local(built_site, path, a.get("href")).is_file(), a.get("href")
        chips = [a.get("href") for a in content.cssselect("dl.digest-profile a.digest-chip")]
        assert chips and all("/topics/" in "/" + href for href in chips)


def test_article_pages_and_the_timeline_link_to_the_story_page(built_site):
    for lang in ("ar", "en"):
        for story_page in _story_pages(built_site, lang):
            content = _content(_page(story_page))
            members = [
                _local(built_site, story_page, li.cssselect("a")[0].get("href"))
                for li in content.cssselect("ol.digest-reports > li")
            ]
            for article in members:
                links_out = [a.get("href") for a in _content(_page(article)).cssselect(".digest-story-page a")]
                assert [_local(built_site, article, h) for h in links_out] == [story_page], article
            timeline = [
                built_site / PREFIX[lang] / "timeline" / "index.html",
                *sorted((built_site / PREFIX[lang] / "timeline").glob("*/index.html")),
            ]
            headed = [(t, a.get("href")) for t in timeline for a in _content(_page(t)).cssselect("h2 > a")]
            assert [_local(built_site, t, h) for t, h in headed].count(story_page) == 1


# --- a seeds folder where a story grows ------------------------------------------------------------------


def _yaml(seed: str, **fields: object) -> str:
    data = yaml.safe_load((ROOT / "seeds" / f"{seed}.yml").read_text(encoding="utf-8"))
    data.update(fields)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=True)


def _add_report(seeds: Path, article_id: str, seed: str, extra: str, **fields: object) -> None:
    """A report made of a seed's text with a paragraph added after its first (another version of the same news)."""
    lines = (ROOT / "seeds" / f"{seed}.txt").read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if len(line.split()) >= 20)
    text = "\n".join(lines[: first + 1] + ["", extra, ""] + lines[first + 1 :])
    (seeds / f"{article_id}.txt").write_text(text, encoding="utf-8")
    (seeds / f"{article_id}.yml").write_text(_yaml(seed, **fields), encoding="utf-8")


def _generate(project: Path, *, cache: bool = True, drafts: bool = False) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": NOW}
    env.pop("DIGEST_DRAFTS", None)
    env.pop("DIGEST_NO_CACHE", None)
    if not cache:
        env["DIGEST_NO_CACHE"] = "1"
    if drafts:
        env["DIGEST_DRAFTS"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(project)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def _stories_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "/stories/" in "/" + p.relative_to(folder).as_posix()
    }


@pytest.fixture(scope="module")
def growing(tmp_path_factory) -> dict:
    """The seeds and a draft that would join their withdrawal story, built; then a later report by a named outlet
    added and built again (with the cache of the first run). Returns the project and what each build showed."""
    base = tmp_path_factory.mktemp("stories")
    seeds = base / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    _add_report(
        seeds,
        "zz_draft",
        SECOND,
        "وقال مسؤول عراقي إن البيان سيصدر بعد لقاء الكاظمي وبايدن في البيت الأبيض.",
        title=DRAFT_TITLE,
        date=dt.date(2021, 7, 24),
        draft=True,
    )
    project = copy_project(base / "project", seeds)
    run_build(project, extra_env={"SOURCE_DATE_EPOCH": NOW})
    before = {"site": _stories_files(project / "site"), "docs": _stories_files(project / "docs")}
    (project / "seeds" / "zz_later.txt").write_text(LATER_TEXT, encoding="utf-8")
    (project / "seeds" / "zz_later.yml").write_text(
        yaml.safe_dump(
            {
                "title": LATER_TITLE,
                "title_en": LATER_TITLE_EN,
                "date": dt.date(2021, 7, 26),
                "source": "وكالة الأنباء العراقية",
                "source_en": "Iraqi News Agency",
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    run_build(project, extra_env={"SOURCE_DATE_EPOCH": NOW})
    return {"project": project, "base": base, "before": before}


def _members(site: Path, page: Path) -> list[str]:
    content = _content(_page(page))
    return [
        _local(site, page, li.cssselect("a")[0].get("href")).parent.name
        for li in content.cssselect("ol.digest-reports > li")
    ]


def test_the_story_keeps_its_id_when_a_report_joins(growing):
    site = growing["project"] / "site"
    page = site / "stories" / FIRST / "index.html"
    assert f"stories/{FIRST}/index.html" in growing["before"]["site"]  # the address before the report joined
    assert page.is_file() and sorted(p.parent.name for p in _story_pages(site, "ar")) == [FIRST]
    assert _members(site, page) == [FIRST, SECOND, "zz_later"]
    assert _members(site, site / "en" / "stories" / FIRST / "index.html") == [FIRST, SECOND, "zz_later"]
    # the new report is shown with its outlet, in both languages
    en = _content(_page(site / "en" / "stories" / FIRST / "index.html")).text_content()
    assert LATER_TITLE_EN in en and "Iraqi News Agency" in en
    assert "وكالة الأنباء العراقية" in _content(_page(page)).text_content()
    for lang in ("ar", "en"):
        d = feedparser.parse((site / PREFIX[lang] / "stories" / f"{FIRST}.xml").read_bytes())
        assert d.entries[0].link == f"{SITE_URL}{PREFIX[lang]}articles/zz_later/"


def test_story_feeds_parse_and_pass_the_validator_rules(growing):
    site = growing["project"] / "site"
    for lang in ("ar", "en"):
        page = site / PREFIX[lang] / "stories" / FIRST / "index.html"
        byline = _content(_page(page)).cssselect(".digest-byline")[0]
        rss_href = byline.cssselect('a[type="application/rss+xml"]')[0].get("href")
        json_href = byline.cssselect('a[type="application/feed+json"]')[0].get("href")
        rss, feed_json = _local(site, page, rss_href), _local(site, page, json_href)
        data = rss.read_bytes()
        assert _validator_warnings(data) == []
        d = feedparser.parse(data)
        assert not d.bozo and d.feed.language == lang
        assert d.feed.link == f"{SITE_URL}{PREFIX[lang]}stories/{FIRST}/"
        assert sorted(e.link for e in d.entries) == sorted(
            f"{SITE_URL}{PREFIX[lang]}articles/{aid}/" for aid in (FIRST, SECOND, "zz_later")
        )
        dates = [_check_rfc822(e.published) for e in d.entries]
        assert dates == sorted(dates, reverse=True)
        doc = json.loads(feed_json.read_bytes())
        assert doc["version"] == "https://jsonfeed.org/version/1.1" and doc["language"] == lang
        assert [item["url"] for item in doc["items"]] == [e.link for e in d.entries]
        # the page's head names its feed for readers to find
        head = _page(page).cssselect('head link[rel="alternate"][type="application/rss+xml"]')
        assert rss in [_local(site, page, link.get("href")) for link in head]


def test_drafts_never_appear_in_story_pages_or_feeds(growing, tmp_path):
    for files in (growing["before"]["site"], _stories_files(growing["project"] / "site")):
        assert files
        assert not [name for name, data in files.items() if b"zz_draft" in data or DRAFT_TITLE.encode() in data]
    # published (a staging build), the draft is one of the story's reports: the check above can fail
    staging = copy_project(tmp_path / "staging", growing["project"] / "seeds")
    _generate(staging, drafts=True)
    pages = [p.read_text(encoding="utf-8") for p in (staging / "docs" / "ar" / "stories").glob("*.md")]
    (page,) = [page for page in pages if "articles/zz_draft/" in page]
    mark = f'<span class="digest-draft-mark">{i18n.t("draft_mark", "ar")}</span>'
    assert DRAFT_TITLE in page and page.count(mark) == 1  # marked, as everywhere on a staging site


def test_story_pages_are_the_same_bytes_from_a_fresh_uncached_build(growing, tmp_path):
    """The second build of ``growing`` ran with the first one's cache; a fresh build of the same seeds without
    a cache writes the same story pages and feeds, and so do the article pages and timeline linking them."""
    fresh = copy_project(tmp_path / "fresh", growing["project"] / "seeds")
    _generate(fresh, cache=False)
    docs = growing["project"] / "docs"
    generated = set(json.loads((fresh / "docs" / ".generated.json").read_text(encoding="utf-8")))
    assert _stories_files(fresh / "docs") == _stories_files(docs)
    assert _stories_files(fresh / "docs")  # pages and feeds, both languages
    differing = [rel for rel in sorted(generated) if (fresh / "docs" / rel).read_bytes() != (docs / rel).read_bytes()]
    assert differing == []
    _generate(fresh, cache=False)  # and again: the same bytes
    assert _stories_files(fresh / "docs") == _stories_files(docs)


# --- the id rule --------------------------------------------------------------------------------------------

WORDS = "انسحاب القوات الأمريكية من العراق بحلول نهاية العام وفق الحوار الاستراتيجي بين بغداد وواشنطن"


def _report(aid: str, date: dt.date, time: dt.datetime | None = None) -> Article:
    meta = Meta(title=aid, summary=WORDS, date=date, source=aid, time=time)
    return Article(
        id=aid,
        source=Source(id=aid, text_path=Path(f"{aid}.txt"), raw=WORDS),
        clean=CleanArticle(title=aid, body=(Block("p", WORDS),), published=date),
        meta=meta,
    )


def test_a_story_is_ordered_by_date_then_time_then_id_and_named_by_its_first_report():
    day = dt.date(2024, 3, 1)
    zone = dt.timezone(dt.timedelta(hours=3))
    reports = (
        _report("a-untimed", day),
        _report("b-evening", day, dt.datetime(2024, 3, 1, 18, 0, tzinfo=zone)),
        _report("c-morning", day, dt.datetime(2024, 3, 1, 6, 0, tzinfo=zone)),
        _report("d-next-day", day + dt.timedelta(days=1)),
    )
    (story,) = links.stories(reports)
    assert story.article_ids == ("c-morning", "b-evening", "a-untimed", "d-next-day")
    assert story.id == "c-morning"
    # a later report joining keeps the id; an earlier one, published late, becomes the first and names the story
    (grown,) = links.stories(reports + (_report("e-later", day + dt.timedelta(days=3)),))
    assert grown.id == "c-morning" and grown.article_ids[-1] == "e-later"
    (older,) = links.stories(reports + (_report("z-day-before", day - dt.timedelta(days=1)),))
    assert older.id == "z-day-before"


def test_the_outline_names_each_outlet_once_and_ranks_names_by_reports_then_prominence():
    topics = {
        t: Topic(id=t, kind=kind, name_ar=t, name_en=t.title())
        for t, kind in (
            ("iraq", "place"),
            ("sudani", "person"),
            ("un", "organisation"),
            ("war", "topic"),
            ("peace", "topic"),
        )
    }

    def tagged(aid: str, day: int, source: str, *tags: str, title_en: str | None = None) -> Article:
        report = _report(aid, dt.date(2024, 3, day))
        meta = replace(report.meta, source=source, title_en=title_en)
        return replace(report, meta=meta, tags=tuple(Tag(t, 1.0) for t in tags))

    reports = (
        tagged("a", 1, "unknown", "un", "iraq", "peace"),
        tagged("b", 1, "Reuters", "iraq", "sudani", "war"),
        tagged("c", 2, " reuters", "sudani", "un", "war", title_en="Talks resume"),
        tagged("d", 3, "AFP", "gone"),
    )
    by_id = {a.id: a for a in reports}
    view = stories.outline(Story("a", ("a", "b", "c", "d")), by_id, topics)
    assert [a.id for a in view.outlets] == ["b", "d"] and view.unnamed == 1  # Reuters once, by its first report
    # iraq, sudani and un are each named by two reports; iraq ranks 1 + 0, sudani 1 + 0, un 0 + 1: ties by id
    assert view.entities == ("iraq", "sudani", "un") and view.themes == ("war", "peace")
    assert story_title(view, "en", topics) == "Talks resume"  # the first English headline
    untitled = stories.outline(Story("a", ("a", "b")), by_id, topics)
    assert story_title(untitled, "en", topics) == "Peace, War: reports from March 1, 2024"  # its themes
    assert story_title(untitled, "ar", topics) == "a"
    assert stories.description(view, "en") == "4 reports from March 1, 2024 to March 3, 2024"
    assert stories.description(untitled, "ar") == "عدد التقارير: 2، في 1 آذار/مارس 2024"
