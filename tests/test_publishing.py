"""Publishing: drafts held back (or previewed, marked), future-dated articles scheduled, times and corrections
shown and fed, pages dated by their content, on one small seeds folder built with the real generator and
`mkdocs build --strict`."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest
import yaml

from conftest import ROOT, copy_project, run_build
from generator import i18n, metadata
from generator.errors import ErrorGroup

# Builds happen at these moments (SOURCE_DATE_EPOCH): the future article is dated 2024-06-02 (Baghdad).
AT_A = 1717243200  # 2024-06-01 12:00 UTC: 9 hours before the future article is due
AT_B = 1716163200  # 2024-05-20 00:00 UTC: another day, the same articles published
AT_DUE = 1717372800  # 2024-06-03 00:00 UTC: the future article's time has come
SEEDS = sorted(p for p in (ROOT / "seeds").glob("*.txt"))

# id -> (the seed whose text it takes, YAML lines added to that seed's YAML, with its date replaced)
CASES = {
    "pub_timed": (SEEDS[2], "date: 2024-01-10T06:30:00+03:00\nurl: https://thenewkhalij.news/article/1\n"),
    "pub_corrected": (
        SEEDS[4],
        "date: 2023-08-10\nupdated: 2024-01-12T09:15:00+03:00\n"
        'correction: "صُحّح اسم مساعدة وزير الدفاع الأمريكي."\n'
        'correction_en: "The US Assistant Secretary of Defense\'s name was corrected."\n',
    ),
    "pub_draft": (SEEDS[0], "date: 2021-07-15\ndraft: true\n"),
    "pub_future": (SEEDS[1], "date: 2024-06-02\n"),
    "pub_unknown_outlet": (SEEDS[3], "date: 2021-03-23\n"),
}
HELD = ("pub_draft", "pub_future")


def _seed_yaml(seed: Path, extra: str) -> str:
    lines = [
        line
        for line in seed.with_suffix(".yml").read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.startswith("date:")
    ]
    return "".join(lines) + extra


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    """The publishing seeds folder: a draft, an article dated tomorrow, a timed one, a corrected one."""
    folder = tmp_path_factory.mktemp("publishing") / "seeds"
    folder.mkdir()
    (folder / "topics.yml").write_bytes((ROOT / "seeds" / "topics.yml").read_bytes())
    for article_id, (seed, extra) in CASES.items():
        (folder / f"{article_id}.txt").write_bytes(seed.read_bytes())
        (folder / f"{article_id}.yml").write_text(_seed_yaml(seed, extra), encoding="utf-8")
    return folder


def _generate(project: Path, at: int, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(at)}
    env.pop("DIGEST_DRAFTS", None)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(project), *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def built(seeds, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The seeds' site built at ``AT_A``, and its generator run."""
    project = copy_project(tmp_path_factory.mktemp("pub-a") / "project", seeds)
    generated = _generate(project, AT_A)
    run_build(project, generate=False, extra_env={"SOURCE_DATE_EPOCH": str(AT_A)})
    return project, generated


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built[0] / "site"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _page(site: Path, rel: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / rel).read_bytes())


def _title(article_id: str) -> str:
    return yaml.safe_load((CASES[article_id][0]).with_suffix(".yml").read_text(encoding="utf-8"))["title"]


# --- drafts and scheduling -----------------------------------------------------------------------------


@pytest.mark.parametrize("article_id", HELD)
def test_draft_and_future_article_appear_nowhere(site, article_id):
    """Not on any page, feed, sitemap or search file: neither the id nor the title (raw or JSON-escaped)."""
    title = _title(article_id)
    escaped = json.dumps(title)[1:-1].encode()  # how an ASCII-only JSON writer would spell it
    files = _files(site)
    assert len(files) > 50 and "search/search_index.json" in files
    found = [
        name for name, data in files.items() if article_id.encode() in data or title.encode() in data or escaped in data
    ]
    assert found == []
    # the published ones are there, on their pages and in the feed and the search index
    assert (site / "articles/pub_timed/index.html").is_file()
    assert any(b"articles/pub_timed/" in data for name, data in files.items() if name.startswith("search/d/"))
    assert any(b"articles/pub_timed/" in data for name, data in files.items() if name.startswith("en/search/d/"))


def test_build_reports_what_it_held_back(built):
    out = built[1].stdout
    assert "3 articles" in out and "1 draft(s) held back, 1 scheduled for later" in out


def test_future_article_is_published_when_its_time_comes(seeds, tmp_path):
    project = copy_project(tmp_path / "project", seeds)
    result = _generate(project, AT_DUE)
    assert "4 articles" in result.stdout and "scheduled" not in result.stdout
    assert (project / "docs/ar/articles/pub_future.md").is_file()
    assert "pub_future" in (project / "docs/ar/feed.xml").read_text(encoding="utf-8")
    assert "pub_draft" not in (project / "docs/ar/index.md").read_text(encoding="utf-8")


def test_a_date_more_than_a_day_ahead_warns(seeds, tmp_path):
    project = copy_project(tmp_path / "project", seeds)
    result = _generate(project, AT_A - 8 * 86400)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "pub_future.yml" in warnings[0] and "more than a day ahead" in warnings[0]
    assert "2024-06-02T00:00:00+03:00" in warnings[0]
    # 9 hours ahead is a schedule, not a typo: no warning
    assert "warning:" not in _generate(project, AT_A).stderr


def test_preview_shows_drafts_marked(seeds, tmp_path):
    """`make build DRAFTS=1` (and `make serve`): the draft is published with its banner and a mark on lists."""
    project = copy_project(tmp_path / "project", seeds)
    result = _generate(project, AT_A, "--drafts")
    assert "4 articles" in result.stdout and "draft(s) held back" not in result.stdout
    page = (project / "docs/ar/articles/pub_draft.md").read_text(encoding="utf-8")
    assert i18n.t("draft", "ar") in page
    home = lxml.html.fromstring((project / "docs/ar/index.md").read_text(encoding="utf-8").split("---\n", 2)[2])
    marked = [h.get("id") for h in home.cssselect(".digest-card h2") if h.cssselect(".digest-draft-mark")]
    assert marked == ["a-pub_draft"]


def test_strict_refuses_drafts(seeds, tmp_path):
    project = copy_project(tmp_path / "project", seeds)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--strict", "--root", str(project)],
        cwd=project,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(AT_A)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "pub_draft.yml" in result.stderr and "draft" in result.stderr


def test_site_built_another_day_is_identical(seeds, site, tmp_path):
    """Two builds at different times that publish the same articles give the same bytes, file for file
    (the sitemap's dates and its gzip header included)."""
    project = copy_project(tmp_path / "project", seeds)
    _generate(project, AT_B)
    run_build(project, generate=False, extra_env={"SOURCE_DATE_EPOCH": str(AT_B)})
    a, b = _files(site), _files(project / "site")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


# --- times and corrections -----------------------------------------------------------------------------


def test_timed_article_shows_its_time_in_the_site_zone(site):
    for rel, lang in (("articles/pub_timed/index.html", "ar"), ("en/articles/pub_timed/index.html", "en")):
        when = _page(site, rel).cssselect("p.digest-byline time")[0]
        assert when.get("datetime") == "2024-01-10T06:30:00+03:00"
        assert "06:30" in when.text_content() and "UTC+3" in when.text_content()
    assert (
        "كانون الثاني/يناير 2024"
        in _page(site, "articles/pub_timed/index.html").cssselect("p.digest-byline time")[0].text_content()
    )


def test_timed_article_feeds_its_time(site):
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not parsed.bozo
    entry = next(e for e in parsed.entries if e.link.endswith("/articles/pub_timed/"))
    assert entry.published_parsed[:6] == (2024, 1, 10, 3, 30, 0)
    items = json.loads((site / "en/feed.json").read_text(encoding="utf-8"))["items"]
    item = next(i for i in items if i["url"].endswith("/en/articles/pub_timed/"))
    assert item["date_published"] == "2024-01-10T03:30:00Z"


def test_correction_is_shown_and_dated(site):
    ar = _page(site, "articles/pub_corrected/index.html").cssselect("p.digest-updated")[0]
    assert ar.cssselect("time")[0].get("datetime") == "2024-01-12T09:15:00+03:00"
    assert "12 كانون الثاني/يناير 2024" in ar.text_content() and "صُحّح اسم مساعدة" in ar.text_content()
    en = _page(site, "en/articles/pub_corrected/index.html").cssselect("p.digest-updated")[0]
    assert "January 12, 2024" in en.text_content() and "name was corrected" in en.text_content()
    assert not _page(site, "articles/pub_timed/index.html").cssselect("p.digest-updated")


def test_correction_moves_the_item_up_in_feeds(site):
    """RSS practice: the corrected item comes first, with its first publication date and the same guid."""
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    first = parsed.entries[0]
    assert first.link.endswith("/articles/pub_corrected/") and first.published_parsed[:3] == (2023, 8, 10)
    items = json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]
    assert items[0]["url"].endswith("/articles/pub_corrected/")
    assert items[0]["date_modified"] == "2024-01-12T06:15:00Z"


@pytest.mark.parametrize(
    ("yaml_text", "line", "words"),
    [
        ("date: 2024-01-10 06:30:00\n", 1, "needs its zone"),
        ("date: 2024-01-10\ncorrection: نص\n", 2, "needs its date in 'updated:'"),
        ("date: 2024-01-10\nupdated: 2024-01-09\n", 2, "dated before the article"),
    ],
)
def test_bad_times_are_refused_with_their_line(yaml_text, line, words):
    with pytest.raises(ErrorGroup) as failed:
        metadata.parse(yaml_text, "x.yml")
    (error,) = failed.value.errors
    assert error.line == line and words in error.message and error.format().startswith(f"x.yml:{line}: ")


def test_times_and_corrections_are_read():
    fields, warnings = metadata.parse(
        "date: 2024-01-10T06:30:00+03:00\nupdated: 2024-01-11\ncorrection: نص\nauthor: فلان\n", "x.yml"
    )
    assert warnings == [] and fields["date"] == dt.datetime(2024, 1, 10, 3, 30, tzinfo=dt.timezone.utc)
    assert fields["updated"] == dt.date(2024, 1, 11) and fields["author"] == "فلان"


# --- pages that read right -----------------------------------------------------------------------------


def test_unknown_outlet_has_no_byline_entry(site):
    for rel in ("articles/pub_unknown_outlet/index.html", "en/articles/pub_unknown_outlet/index.html"):
        byline = _page(site, rel).cssselect("p.digest-byline")[0]
        assert not byline.cssselect(".digest-source")
    for name, data in _files(site).items():
        assert "مصدر غير معروف".encode() not in data and b"Unknown source" not in data, name


# --- sitemap and robots --------------------------------------------------------------------------------


def test_sitemap_dates_pages_by_their_content(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = lxml.etree.fromstring((site / "sitemap.xml").read_bytes())
    lastmod = {
        u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in root.findall("s:url", ns)
    }
    base = "https://digest.example.org/"
    assert lastmod[base + "articles/pub_timed/"] == "2024-01-10"
    assert lastmod[base + "en/articles/pub_corrected/"] == "2024-01-12"
    assert lastmod[base + "articles/pub_unknown_outlet/"] == "2021-03-23"
    assert lastmod[base] == lastmod[base + "about/"] == "2024-01-12"  # the site's latest change


def test_robots_txt_names_the_sitemap(site):
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines and "Sitemap: https://digest.example.org/sitemap.xml" in lines


def test_home_page_title_is_the_site_name_and_it_links_to_older_articles(site):
    for rel, lang in (("index.html", "ar"), ("en/index.html", "en")):
        home = _page(site, rel)
        assert home.findtext(".//title").strip() == i18n.t("site_name", lang)
        older = home.cssselect("p.digest-older a")
        targets = {a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in older}
        assert {"timeline", "digests"} <= targets
    assert (
        _page(site, "articles/pub_timed/index.html")
        .findtext(".//title")
        .strip()
        .endswith(" - " + i18n.t("site_name", "ar"))
    )


def test_about_page_tab_and_heading_agree(site):
    for rel in ("about/index.html", "en/about/index.html"):
        about = _page(site, rel)
        heading = about.cssselect("article h1")[0].text_content().strip()
        tabs = [a.text_content().strip() for a in about.cssselect("a.md-tabs__link")]
        assert any(heading == tab or heading.startswith(tab + " ") for tab in tabs), (heading, tabs)
        assert about.findtext(".//title").strip().startswith(heading)


def test_no_article_is_listed_twice_on_an_article_page(built_site):
    """The story box wins: the related list and the outlets' line skip what it shows (the seeds' site has
    stories)."""
    stories = 0
    for path in sorted(built_site.glob("**/articles/*/index.html")):
        content = lxml.html.fromstring(path.read_bytes()).cssselect("article.md-content__inner")[0]
        stories += bool(content.cssselect(".digest-story"))
        links = [
            a.get("href")
            for a in content.iter("a")
            if "/articles/" in "/" + (a.get("href") or "") or (a.get("href") or "").startswith("../")
        ]
        articles = [
            h
            for h in links
            if h.rstrip("/").rsplit("/", 2)[-2:][0] in ("articles", "..")
            and not h.startswith(("../../topics", "../../digests"))
        ]
        assert len(articles) == len(set(articles)), (path, articles)
    assert stories > 0


def test_timeline_heads_stories_by_topics_and_dates_and_states_the_order(built_site):
    for rel, lang in (("timeline/index.html", "ar"), ("en/timeline/index.html", "en")):
        page = _page(built_site, rel)
        content = page.cssselect("article.md-content__inner")[0]
        headings = content.cssselect("h2")
        assert headings
        titles = {a.text_content().strip() for a in content.cssselect("li a")}
        for h2 in headings:
            assert h2.text_content().split(" (")[0].strip() not in titles  # not the first article's title again
            assert h2.cssselect(".digest-span")
            items = h2.getnext()
            if items.tag == "p":
                assert items.text_content() == i18n.t("oldest_first", lang)
                items = items.getnext()
            dates = [t.get("datetime") for t in items.cssselect("time")]
            assert dates == sorted(dates)
            assert len(dates) == 1 or h2.getnext().tag == "p"


# --- feeds ---------------------------------------------------------------------------------------------


def test_built_feeds_pass_the_validator_rules(site):
    from test_feeds import _check_rfc822, _validator_warnings

    rss = sorted(site.glob("**/*.xml"))
    rss = [p for p in rss if p.name not in ("sitemap.xml",)]
    assert len(rss) > 4
    for path in rss:
        data = path.read_bytes()
        assert _validator_warnings(data) == [], path
        parsed = feedparser.parse(data)
        assert not parsed.bozo and parsed.entries, path
        for item in lxml.etree.fromstring(data).iter("item"):
            _check_rfc822(item.findtext("pubDate"))
    for path in sorted(site.glob("**/*.json")):
        if "search" not in path.parts:
            assert json.loads(path.read_bytes())["version"] == "https://jsonfeed.org/version/1.1", path
    ar = feedparser.parse((site / "feed.xml").read_bytes())
    timed = next(e for e in ar.entries if e.link.endswith("/articles/pub_timed/"))
    assert "<p>" in timed.content[0].value and len(timed.content[0].value) > 2 * len(timed.summary)


# --- link previews and structured data -------------------------------------------------------------------


def _extracted(site: Path, rel: str) -> dict:
    """JSON-LD as extruct reads it; Open Graph as property -> its values (``article:tag`` repeats)."""
    import extruct

    found = extruct.extract(
        (site / rel).read_text(encoding="utf-8"), base_url=SITE_URL + rel, syntaxes=["json-ld", "opengraph"]
    )
    (graph,) = found["opengraph"]
    properties: dict[str, list[str]] = {}
    for key, value in graph["properties"]:
        properties.setdefault(key, []).append(value)
    return {"json-ld": found["json-ld"], "opengraph": properties}


def _aware(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


SITE_URL = "https://digest.example.org/"


def _local(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    rel = url[len(SITE_URL) :].split("#")[0]
    return site / rel / "index.html" if rel.endswith("/") or not rel else site / rel


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("article_id", ["pub_timed", "pub_corrected"])
def test_article_json_ld_is_a_news_article(site, article_id, lang):
    rel = f"{'' if lang == 'ar' else 'en/'}articles/{article_id}/index.html"
    found = _extracted(site, rel)["json-ld"]
    (news,) = [d for d in found if d.get("@type") == "NewsArticle"]
    (crumbs,) = [d for d in found if d.get("@type") == "BreadcrumbList"]
    for key in ("headline", "datePublished", "dateModified", "inLanguage", "publisher", "about", "url"):
        assert news.get(key), key
    assert news["inLanguage"] == lang == _page(site, rel).get("lang")
    assert news["headline"] == _page(site, rel).cssselect("h1")[0].text_content().strip()[:110]
    published = _aware(news["datePublished"])
    assert _aware(news["dateModified"]) >= published
    assert news["publisher"]["@type"] == "Organization" and news["publisher"]["name"] == i18n.t("site_name", lang)
    assert all(t["@type"] == "Thing" and t["name"] and _local(site, t["url"]).is_file() for t in news["about"])
    if article_id == "pub_timed":
        assert news["datePublished"] == "2024-01-10T06:30:00+03:00"
        assert news["isBasedOn"] == "https://thenewkhalij.news/article/1"
    else:
        assert (news["datePublished"], news["dateModified"]) == ("2023-08-10", "2024-01-12T09:15:00+03:00")
        assert "isBasedOn" not in news  # no source address in its YAML
    other_lang = "en" if lang == "ar" else "ar"
    other = f"{'' if other_lang == 'ar' else 'en/'}articles/{article_id}/index.html"
    (other_news,) = [d for d in _extracted(site, other)["json-ld"] if d.get("@type") == "NewsArticle"]
    if lang == "en":
        assert news["translationOfWork"]["@id"] == other_news["@id"]
    else:
        assert [w["@id"] for w in news["workTranslation"]] == [other_news["@id"]]
    items = crumbs["itemListElement"]
    assert [i["position"] for i in items] == list(range(1, len(items) + 1)) and len(items) >= 2
    assert all(_local(site, i["item"]).is_file() for i in items) and items[-1]["item"] == news["url"]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_article_open_graph_and_twitter_card(site, lang):
    rel = f"{'' if lang == 'ar' else 'en/'}articles/pub_corrected/index.html"
    og = _extracted(site, rel)["opengraph"]
    assert og["og:type"] == ["article"] and og["og:url"] == [SITE_URL + rel[: -len("index.html")]]
    assert og["og:title"][0] and og["og:description"][0] and og["og:site_name"] == [i18n.t("site_name", lang)]
    assert og["og:locale"] == [{"ar": "ar_IQ", "en": "en_US"}[lang]]
    assert og["og:locale:alternate"] == [{"ar": "en_US", "en": "ar_IQ"}[lang]]
    assert og["article:published_time"] == ["2023-08-10"]
    assert og["article:modified_time"] == ["2024-01-12T09:15:00+03:00"]
    assert len(og["article:section"]) == 1 and 1 < len(og["article:tag"]) <= 10
    (image,) = og["og:image"]
    assert _png_size(_local(site, image)) == (1200, 630) and og["og:image:width"] == ["1200"]
    page = _page(site, rel)
    assert page.cssselect('meta[name="twitter:card"]')[0].get("content") == "summary"


def test_every_page_with_a_counterpart_names_it_with_hreflang(site):
    pages = [p for p in sorted(site.rglob("*.html")) if p.name != "404.html"]
    assert len(pages) > 30
    for path in pages:
        doc = lxml.html.fromstring(path.read_bytes())
        links = {
            link.get("hreflang"): link.get("href")
            for link in doc.iter("link")
            if "alternate" in (link.get("rel") or "").split() and link.get("hreflang")
        }
        assert set(links) == {"ar", "en", "x-default"}, path
        assert links["x-default"] == links["ar"]
        assert all(_local(site, url).is_file() for url in links.values()), (path, links)
        rel = path.relative_to(site).as_posix()
        assert SITE_URL + rel[: -len("index.html")] in links.values()
        canonical = doc.cssselect('link[rel="canonical"]')[0].get("href")
        assert canonical == SITE_URL + rel[: -len("index.html")]


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("levantine", ("10 كانون الثاني 2024", "آب 2023")),
        ("egyptian", ("10 يناير 2024", "أغسطس 2023")),
        ("both", ("10 كانون الثاني/يناير 2024", "آب/أغسطس 2023")),
    ],
)
def test_arabic_month_names_follow_the_configured_style(style, expected):
    try:
        i18n.use_months(style)
        assert (i18n.format_date(dt.date(2024, 1, 10), "ar"), i18n.format_month("2023-08", "ar")) == expected
        assert i18n.format_date(dt.date(2024, 1, 10), "en") == "January 10, 2024"
    finally:
        i18n.use_months(i18n.DEFAULT_MONTHS)


def test_month_style_is_read_from_the_site_configuration(seeds, tmp_path):
    project = copy_project(tmp_path / "project", seeds)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("arabic_months: both", "arabic_months: levantine"), encoding="utf-8"
    )
    _generate(project, AT_A)
    page = lxml.html.fromstring(
        (project / "docs/ar/articles/pub_timed.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    )
    assert page.cssselect("p.digest-byline time")[0].text_content().startswith("10 كانون الثاني 2024،")
    config.write_text(
        config.read_text(encoding="utf-8").replace("arabic_months: levantine", "arabic_months: x"), encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(project)],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "mkdocs.yml" in result.stderr and "arabic_months" in result.stderr


# --- what a reader sees, in Chromium ---------------------------------------------------------------------


def test_reader_sees_times_and_corrections_and_never_the_draft(site):
    from browser_fixtures import CHROMIUM, launched_chromium, serve

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (run `make browser-deps`)")
    with serve(site) as base, launched_chromium() as chromium:
        page = chromium.new_page()
        page.goto(base + "articles/pub_timed/")
        byline = page.locator("p.digest-byline").first
        assert byline.is_visible() and "الساعة 06:30" in byline.inner_text()
        page.goto(base + "en/articles/pub_corrected/")
        note = page.locator("p.digest-updated")
        assert note.is_visible() and "Updated January 12, 2024, 09:15 (UTC+3)" in note.inner_text()
        assert "Correction: The US Assistant Secretary" in note.inner_text()
        page.goto(base)
        text = page.locator("article").inner_text()
        assert _title("pub_timed") in text and _title("pub_draft") not in text and _title("pub_future") not in text
        # the draft's own word (Newsweek appears in no published article) finds nothing; a published one does
        for query, found in (("بوليتيكو", True), ("نيوزويك", False)):
            box = page.locator("input.md-search__input")
            box.fill(query)
            box.press("End")
            page.wait_for_function(
                """() => /\\d|واحدة|لا توجد/.test(
                document.querySelector('.md-search-result__meta').textContent)""",
                timeout=10_000,
            )
            meta = page.locator(".md-search-result__meta").inner_text().strip()
            assert (meta != "لا توجد نتائج") == found, (query, meta)
        page.close()
