"""Feeds out: RSS 2.0 and JSON Feed per language, per topic and per story, checked with feedparser and the RSS
rules."""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import json
import random
import re
from dataclasses import dataclass, replace
from html.entities import name2codepoint
from pathlib import Path
from urllib.parse import urlparse

import feedparser
import pytest
from lxml import etree

from generator import feeds, i18n
from generator.model import Article, Block, CleanArticle, Meta, Source, Story, Tag, Topic
from generator.corpus import Corpus

try:
    from generator.build import SiteConfig
except ImportError:  # build needs modules written in parallel; the feeds need only these two fields

    @dataclass(frozen=True)
    class SiteConfig:  # type: ignore[no-redef]
        site_url: str
        feed_items: int = 50


SITE = "https://digest.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
ARABIC = re.compile("[\u0600-\u06ff]")

SPECIAL_AR = 'العراق & "أمريكا" <قوات> \'انسحاب\' ]]> &amp; نهاية'
SPECIAL_EN = 'US & Iraq <talks> "withdrawal" \'soon\' ]]> &lt;b&gt; end'
SUMMARY_AR = "بحث المسؤولون <b>سحب</b> القوات & الحوار الاستراتيجي \"الجديد\" ]]> في بغداد."
SUMMARY_EN = "Officials discussed <script>alert(1)</script> the withdrawal & the \"new\" dialogue ]]> in Baghdad."


def _article(aid: str, date: dt.date, *, title: str, summary: str, source: str, title_en: str | None = None,
             summary_en: str | None = None, source_en: str | None = None, tags: tuple[str, ...] = (),
             url: str | None = None, author: str | None = None, source_feed: str | None = None) -> Article:
    clean = CleanArticle(title=title, body=(Block("p", summary),), published=date)
    meta = Meta(title=title, summary=summary, date=date, source=source, title_en=title_en, summary_en=summary_en,
                source_en=source_en, url=url, tags=tags, author=author, source_feed=source_feed)
    return Article(id=aid, source=Source(id=aid, text_path=Path(f"seeds/{aid}.txt"), raw=title + "\n\n" + summary),
                   clean=clean, meta=meta, tags=tuple(Tag(topic_id=t, score=1.0) for t in tags))


TOPICS = {
    "iraq": Topic(id="iraq", kind="place", name_ar="العراق", name_en="Iraq"),
    "usa": Topic(id="usa", kind="place", name_ar="الولايات المتحدة", name_en="United States & <Allies>",
                 description_en="News about the United States"),
    "iran": Topic(id="iran", kind="place", name_ar="إيران", name_en="Iran"),
    "turkey": Topic(id="turkey", kind="place", name_ar="تركيا", name_en="Turkey"),  # no articles: no feed
}

ARTICLES = (
    _article("a1", dt.date(2021, 7, 15), title=SPECIAL_AR, summary=SUMMARY_AR, source="وكالة الأنباء & الإعلام",
             title_en=SPECIAL_EN, summary_en=SUMMARY_EN, source_en="News & Media Agency", tags=("iraq", "usa"),
             url="https://news.example.com/story?id=1&lang=ar", author="علي & حسن",
             source_feed="https://news.example.com/feed?lang=ar&x=1"),
    # Same date as a3: ties are broken by id (a2 before a3).
    _article("a2", dt.date(2021, 7, 14), title="إيران تعلن عن محادثات جديدة", summary="أعلنت إيران عن محادثات.",
             source="unknown", tags=("iran",)),
    _article("a3", dt.date(2021, 7, 14), title="البرلمان العراقي يصوت", summary="صوت البرلمان العراقي على القانون.",
             source="صحيفة الصباح", title_en="Iraqi parliament votes", summary_en="Parliament voted on the law.",
             tags=("iraq",)),
    _article("a4", dt.date(2021, 6, 1), title="خبر قديم", summary="خبر قديم عن العراق.", source="قناة",
             source_en="Channel One", tags=("iraq",)),
)


# A story whose first report has no English title: its English feed is titled by the next one (a1: "&", "<").
STORIES = (Story("a4", ("a4", "a1")),)


def _corpus(articles=ARTICLES, topics=TOPICS, stories=STORIES) -> Corpus:
    ids = {a.id for a in articles}
    return Corpus(articles=tuple(articles), topics=dict(topics),
                  stories=tuple(s for s in stories if set(s.article_ids) <= ids))


@pytest.fixture(scope="module")
def out() -> dict[str, bytes]:
    return feeds.all_feeds(_corpus(), SiteConfig(site_url=SITE))


def _rss(data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root


def _expected_title(article: Article, lang: str) -> str:
    m = article.meta
    if lang == "ar":
        return m.title
    return m.title_en or i18n.t("untitled", "en", source=m.source_en or "an Arabic outlet",
                                date=i18n.format_date(m.date, "en"))


def _url(lang: str, aid: str) -> str:
    return f"{SITE}articles/{aid}/" if lang == "ar" else f"{SITE}en/articles/{aid}/"


# --- which files ---------------------------------------------------------------------------------

def test_paths(out):
    assert set(out) == {
        "ar/feed.xml", "en/feed.xml", "ar/feed.json", "en/feed.json",
        "ar/topics/iraq.xml", "en/topics/iraq.xml",
        "ar/topics/usa.xml", "en/topics/usa.xml",
        "ar/topics/iran.xml", "en/topics/iran.xml",
        "ar/topics/iraq.json", "en/topics/iraq.json",
        "ar/topics/usa.json", "en/topics/usa.json",
        "ar/topics/iran.json", "en/topics/iran.json",
        "ar/stories/a4.xml", "en/stories/a4.xml", "ar/stories/a4.json", "en/stories/a4.json",
    }
    assert all(isinstance(v, bytes) for v in out.values())


# --- parsed with feedparser ----------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ar", "en"])
def test_language_feed_parses(out, lang):
    d = feedparser.parse(out[f"{lang}/feed.xml"])
    assert not d.bozo, d.get("bozo_exception")
    assert d.version == "rss20"
    assert d.feed.language == lang
    assert d.feed.title == i18n.t("site_name", lang)
    assert d.feed.link == (SITE if lang == "ar" else SITE + "en/")
    order = ["a1", "a2", "a3", "a4"]  # newest first, the 14 July tie broken by id
    assert [e.link for e in d.entries] == [_url(lang, aid) for aid in order]
    by_id = {a.id: a for a in ARTICLES}
    for entry, aid in zip(d.entries, order):
        article = by_id[aid]
        assert entry.title == _expected_title(article, lang)
        assert entry.id == entry.link
        assert dt.date(*entry.published_parsed[:3]) == article.meta.date
        assert entry.published_parsed[3:6] == (0, 0, 0)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_special_characters_round_trip(out, lang):
    entry = feedparser.parse(out[f"{lang}/feed.xml"]).entries[0]
    article = ARTICLES[0]
    assert entry.title == (SPECIAL_AR if lang == "ar" else SPECIAL_EN)
    # The description is HTML holding escaped text: unescaped once, it is the summary exactly.
    assert html.unescape(entry.summary) == (SUMMARY_AR if lang == "ar" else SUMMARY_EN)
    assert "<script" not in entry.summary and "<b>" not in entry.summary
    names = [TOPICS[t].name_ar if lang == "ar" else TOPICS[t].name_en for t in article.meta.tags]
    assert [t.term for t in entry.tags] == names
    assert entry.author == "علي & حسن"  # dc:creator: the named author
    assert entry.source.title == ("وكالة الأنباء & الإعلام" if lang == "ar" else "News & Media Agency")
    assert entry.source.href == "https://news.example.com/feed?lang=ar&x=1"


def test_untitled_english_item_never_arabic(out):
    d = feedparser.parse(out["en/feed.xml"])
    entry = next(e for e in d.entries if e.link.endswith("/a2/"))
    assert entry.title == i18n.t("untitled", "en", source="an Arabic outlet",
                                 date=i18n.format_date(dt.date(2021, 7, 14), "en"))
    assert not ARABIC.search(entry.title)
    # No English summary: the English notice comes first, as on the English page.
    assert html.unescape(entry.summary).startswith(i18n.t("no_translation", "en"))
    for e in d.entries:
        assert not ARABIC.search(e.title)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_outlet_is_the_source_and_only_an_author_is_the_creator(out, lang):
    root = _rss(out[f"{lang}/feed.xml"])
    items = {i.findtext("link"): i for i in root.iter("item")}
    for aid in ("a2", "a3", "a4"):  # no author; an unknown outlet, or one whose feed is not known
        assert items[_url(lang, aid)].find(f"{DC}creator") is None
        assert items[_url(lang, aid)].find("source") is None
    source = items[_url(lang, "a1")].find("source")
    assert source.get("url") == "https://news.example.com/feed?lang=ar&x=1"
    assert items[_url(lang, "a1")].findtext(f"{DC}creator") == "علي & حسن"
    assert "unknown" not in out[f"{lang}/feed.xml"].decode("utf-8")


def test_feed_items_cap():
    out = feeds.all_feeds(_corpus(), SiteConfig(site_url=SITE, feed_items=2))
    for lang in ("ar", "en"):
        d = feedparser.parse(out[f"{lang}/feed.xml"])
        assert not d.bozo
        assert [e.link for e in d.entries] == [_url(lang, "a1"), _url(lang, "a2")]
        assert len(json.loads(out[f"{lang}/feed.json"])["items"]) == 2
        iraq = feedparser.parse(out[f"{lang}/topics/iraq.xml"])
        assert [e.link for e in iraq.entries] == [_url(lang, "a1"), _url(lang, "a3")]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_topic_feeds(out, lang):
    for topic_id, expected in (("iraq", ["a1", "a3", "a4"]), ("usa", ["a1"]), ("iran", ["a2"])):
        d = feedparser.parse(out[f"{lang}/topics/{topic_id}.xml"])
        assert not d.bozo
        assert d.feed.language == lang
        topic = TOPICS[topic_id]
        assert (topic.name_ar if lang == "ar" else topic.name_en) in d.feed.title
        prefix = SITE if lang == "ar" else SITE + "en/"
        assert d.feed.link == f"{prefix}topics/{topic_id}/"
        assert [e.link for e in d.entries] == [_url(lang, aid) for aid in expected]
        root = _rss(out[f"{lang}/topics/{topic_id}.xml"])
        self_link = root.find(f"channel/{ATOM}link")
        assert self_link.get("href") == f"{prefix}topics/{topic_id}.xml"


# --- RSS rules checked directly (feedparser is lenient about them) -----------------------------

def _rss_paths(out):
    return [p for p in out if p.endswith(".xml")]


def _self_url(path: str) -> str:
    lang, _, rest = path.partition("/")
    return SITE + ("" if lang == "ar" else "en/") + rest


def test_rss_rules(out):
    for path in _rss_paths(out):
        data = out[path]
        assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")
        root = _rss(data)
        assert root.nsmap == {"atom": "http://www.w3.org/2005/Atom", "dc": "http://purl.org/dc/elements/1.1/",
                              "content": "http://purl.org/rss/1.0/modules/content/"}
        channel = root.find("channel")
        for name in ("title", "link", "description", "language", "docs", "generator"):
            assert (channel.findtext(name) or "").strip(), (path, name)
        assert channel.findtext("language") == path.split("/")[0]
        assert urlparse(channel.findtext("link")).scheme == "https"
        # Channel elements all come before the first item (the validator's "MisplacedItem").
        kinds = [child.tag == "item" for child in channel]
        assert kinds == sorted(kinds)
        self_links = [el for el in channel.findall(f"{ATOM}link") if el.get("rel") == "self"]
        assert len(self_links) == 1
        assert self_links[0].get("href") == _self_url(path)
        assert self_links[0].get("type") == "application/rss+xml"

        items = channel.findall("item")
        assert items
        guids, dates = [], []
        for item in items:
            link = item.findtext("link")
            parsed = urlparse(link)
            assert parsed.scheme in ("http", "https") and parsed.netloc, link
            guid = item.find("guid")
            assert guid.get("isPermaLink") == "true"
            assert guid.text == link
            guids.append(guid.text)
            assert item.findtext("title").strip()
            assert item.find("author") is None
            assert item.find("source") is None or _URI.match(item.find("source").get("url"))
            dates.append(_check_rfc822(item.findtext("pubDate")))
            description = item.findtext("description")
            assert "<" not in description  # escaped text: no markup for readers to interpret
        assert len(set(guids)) == len(guids)
        newest = max(dates)
        assert _check_rfc822(channel.findtext("lastBuildDate")) == newest
        assert _check_rfc822(channel.findtext("pubDate")) == newest
        assert channel.findtext("lastBuildDate") == items[0].findtext("pubDate")


def _check_rfc822(text: str) -> dt.datetime:
    """An RFC 822 date with a numeric or GMT zone; returns it as an aware datetime."""
    assert re.fullmatch(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                        r"\d{4} \d\d:\d\d:\d\d ([+-]\d{4}|GMT)", text), text
    parts = email.utils.parsedate_tz(text)
    assert parts is not None and parts[9] is not None, text
    value = email.utils.parsedate_to_datetime(text)
    assert email.utils.format_datetime(value) == text.replace("GMT", "+0000")
    assert value.strftime("%a") == text[:3]  # the weekday matches the date
    return value


# The W3C Feed Validation Service's own rules (feedvalidator: validators.py nonhtml/safeHtml/rfc2396_full,
# item.py, channel.py, __init__.py rssCharData), restated so that they run offline.
_URI = re.compile(r"[a-zA-Z][0-9a-zA-Z+\-.]*:(//)?[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$")
_NONHTML = ("title", "description", "category")  # plain text in RSS 2.0 (item description is HTML)


def _validator_warnings(data: bytes) -> list[str]:
    raw = data.decode("utf-8")
    lines = raw.split("\n")
    root = etree.fromstring(data)
    problems = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        parent = el.getparent()
        value = (el.text or "").strip()
        name = etree.QName(el).localname
        plain = name in ("title", "category") or (name == "description" and parent is not None
                                                   and parent.tag == "channel")
        if plain:
            has_hex = "&#x" in lines[el.sourceline - 1]  # the validator's "rssCharData" for that line
            if re.search(r"</(\w+)>", value):
                problems.append(f"ContainsHTML {name}: {value!r}")
            elif re.search(r"&(#?\w+)", value):
                for ref in re.findall(r"&(#?\w+)", value):
                    if (ref in name2codepoint or ref == "apos" or not ref.isalpha()) and not has_hex:
                        problems.append(f"ContainsHTML {name}: &{ref};")
            elif re.search(r"&#[x0-9]|<[/a-zA-Z]", value) and not has_hex:
                problems.append(f"CharacterData {name}: {value!r}")
        if name == "description" and parent is not None and parent.tag == "item":
            # Parsed as HTML: escaped text only, so no tags and only the three escapes.
            if "<" in value or re.search(r"&(?!(amp|lt|gt);)", value):
                problems.append(f"HTML in description: {value!r}")
        if el.tag in ("link", "docs", "guid"):
            if not _URI.match(value):
                problems.append(f"InvalidFullLink {name}: {value!r}")
        if el.tag == f"{ATOM}link" and not _URI.match(el.get("href")):
            problems.append(f"InvalidFullLink atom:link: {el.get('href')!r}")
        for text in [value, *el.attrib.values()]:
            if any(0x80 <= ord(c) <= 0x9F or c == "\ufffd" for c in text):
                problems.append(f"BadCharacters {name}")
    channel = root.find("channel")
    if channel.find(f"{ATOM}link[@rel='self']") is None:
        problems.append("MissingAtomSelfLink")
    seen_item = False
    for child in channel:
        if child.tag == "item":
            seen_item = True
        elif seen_item:
            problems.append(f"MisplacedItem: {child.tag} after the items")
    for item in channel.iter("item"):
        children = [child.tag for child in item]
        if "author" in children and f"{DC}creator" in children:
            problems.append("DuplicateItemSemantics author/dc:creator")
        source = item.find("source")
        if source is not None and not _URI.match(source.get("url") or ""):
            problems.append("source needs the outlet's feed URL (url=…)")
        content = item.find(f"{{{feeds.CONTENT_NS}}}encoded")
        if content is not None and re.search(r"<(script|iframe|object|embed|style)\b|\son\w+=|javascript:",
                                             content.text or "", re.I):
            problems.append("SecurityRisk content:encoded")
        for tag in ("title", "link", "guid", "pubDate", "description"):
            if children.count(tag) > 1:
                problems.append(f"DuplicateElement {tag}")
    return problems


def test_w3c_validator_rules(out):
    for path in _rss_paths(out):
        assert _validator_warnings(out[path]) == [], path


def test_validator_rules_catch_plain_escaping():
    """The check above is not vacuous: ordinary XML escaping of 'a & b <c>' in a title draws a warning."""
    data = (b"<?xml version='1.0' encoding='UTF-8'?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">"
            b"<channel>\n<title>a &amp; b &lt;c&gt;</title>\n<atom:link href=\"https://x.example/f.xml\" rel=\"self\"/>"
            b"\n</channel></rss>")
    assert _validator_warnings(data) == ["CharacterData title: 'a & b <c>'"]


def test_plain_text_uses_hex_references(out):
    """The RSS profile: '&' and '<' in text are written as &#x26; and &#x3C;, never &amp; or &lt;."""
    for path in _rss_paths(out):
        text = out[path].decode("utf-8")
        assert "&amp;" not in text and "&lt;" not in text
    line = next(x for x in out["en/feed.xml"].decode("utf-8").splitlines() if "withdrawal" in x and "<title>" in x)
    assert "US &#x26; Iraq &#x3C;talks&gt;" in line


def test_bad_characters_dropped():
    bad = replace(ARTICLES[3], meta=replace(ARTICLES[3].meta, title="خبر\x01 قديم\ufffd", summary="نص\x0b\x85 هنا"))
    out = feeds.all_feeds(_corpus(ARTICLES[:3] + (bad,)), SiteConfig(site_url=SITE))
    d = feedparser.parse(out["ar/feed.xml"])
    assert not d.bozo
    assert d.entries[-1].title == "خبر قديم"
    assert html.unescape(d.entries[-1].summary) == "نص هنا"


def test_empty_corpus():
    out = feeds.all_feeds(_corpus(()), SiteConfig(site_url=SITE))
    assert set(out) == {"ar/feed.xml", "en/feed.xml", "ar/feed.json", "en/feed.json"}
    channel = _rss(out["ar/feed.xml"]).find("channel")
    assert channel.find("item") is None and channel.find("lastBuildDate") is None
    assert json.loads(out["en/feed.json"])["items"] == []


# --- determinism ---------------------------------------------------------------------------------

def test_deterministic(out):
    assert feeds.all_feeds(_corpus(), SiteConfig(site_url=SITE)) == out
    rng = random.Random(7)
    for _ in range(5):
        articles = list(ARTICLES)
        rng.shuffle(articles)
        topics = list(TOPICS.items())
        rng.shuffle(topics)
        shuffled = feeds.all_feeds(_corpus(articles, dict(topics)), SiteConfig(site_url=SITE))
        assert list(shuffled) == list(out)
        assert shuffled == out


# --- JSON Feed -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ar", "en"])
def test_json_feed(out, lang):
    data = out[f"{lang}/feed.json"]
    assert data.endswith(b"}\n")
    doc = json.loads(data)
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    prefix = SITE if lang == "ar" else SITE + "en/"
    assert doc["title"] == i18n.t("site_name", lang)
    assert doc["home_page_url"] == prefix
    assert doc["feed_url"] == prefix + "feed.json"
    assert doc["language"] == lang
    by_id = {a.id: a for a in ARTICLES}
    assert [item["url"] for item in doc["items"]] == [_url(lang, aid) for aid in ("a1", "a2", "a3", "a4")]
    for item, aid in zip(doc["items"], ("a1", "a2", "a3", "a4")):
        article = by_id[aid]
        assert item["id"] == item["url"]
        assert isinstance(item.get("content_html"), str) and item["content_html"]
        assert item["title"] == _expected_title(article, lang)
        published = dt.datetime.fromisoformat(item["date_published"].replace("Z", "+00:00"))
        assert published == dt.datetime.combine(article.meta.date, dt.time(), dt.timezone.utc)
        if article.meta.author is None:
            assert "authors" not in item
        else:
            assert item["authors"] == [{"name": article.meta.author}]
    first = doc["items"][0]
    assert first["title"] == (SPECIAL_AR if lang == "ar" else SPECIAL_EN)
    assert first["summary"] == (SUMMARY_AR if lang == "ar" else SUMMARY_EN)
    assert first["external_url"] == "https://news.example.com/story?id=1&lang=ar"
    assert first["tags"] == [TOPICS[t].name_ar if lang == "ar" else TOPICS[t].name_en for t in ("iraq", "usa")]
    if lang == "ar":
        assert "العراق".encode() in data  # Arabic written as is, not as \\u escapes


# --- full text, categories, topic JSON Feeds --------------------------------------------------------------

def test_arabic_feed_carries_the_full_article_and_the_english_one_a_link_to_it():
    body = (Block("p", "الفقرة الأولى & <b>نص</b>."), Block("h", "عنوان فرعي"), Block("p", "الفقرة الثانية."))
    article = replace(ARTICLES[2], clean=replace(ARTICLES[2].clean, body=body))
    out = feeds.all_feeds(_corpus([article]), SiteConfig(site_url=SITE))
    ar = etree.fromstring(out["ar/feed.xml"]).find("channel/item")
    content = ar.findtext(f"{{{feeds.CONTENT_NS}}}encoded")
    parsed = etree.fromstring(f"<div>{content}</div>", etree.HTMLParser()).find(".//div")
    assert [(el.tag, el.text) for el in parsed] == [("p", "الفقرة الأولى & <b>نص</b>."), ("h3", "عنوان فرعي"),
                                                    ("p", "الفقرة الثانية.")]
    assert json.loads(out["ar/feed.json"])["items"][0]["content_html"] == content
    en = feedparser.parse(out["en/feed.xml"]).entries[0]
    assert "Parliament voted on the law." in en.content[0].value
    assert f'href="{SITE}articles/a3/"' in en.content[0].value
    # topic feeds: summaries only; and switched off, none anywhere
    assert etree.fromstring(out["ar/topics/iraq.xml"]).find(f"channel/item/{{{feeds.CONTENT_NS}}}encoded") is None
    off = feeds.all_feeds(_corpus([article]), replace(SiteConfig(site_url=SITE), feed_full_text=False))
    assert all(b"content:encoded" not in data for data in off.values())
    assert "content_html" not in json.loads(off["ar/feed.json"])["items"][0]
    for data in (*out.values(), *off.values()):
        if data.startswith(b"<?xml"):
            assert _validator_warnings(data) == []


def test_categories_are_themes_and_the_five_strongest_entities():
    topics = {f"t{i}": Topic(id=f"t{i}", kind="topic", name_ar=f"موضوع {i}", name_en=f"Theme {i}") for i in range(3)}
    topics.update({f"p{i}": Topic(id=f"p{i}", kind=("person", "place", "organisation")[i % 3], name_ar=f"كيان {i}",
                                  name_en=f"Entity {i}") for i in range(9)})
    # strongest first, themes and entities mixed
    order = ("p0", "t0", "p1", "p2", "t1", "p3", "p4", "p5", "p6", "t2", "p7", "p8")
    article = replace(ARTICLES[2], tags=tuple(Tag(topic_id=t, score=20.0 - i) for i, t in enumerate(order)))
    out = feeds.all_feeds(Corpus(articles=(article,), topics=topics), SiteConfig(site_url=SITE))
    entry = feedparser.parse(out["en/feed.xml"]).entries[0]
    assert [t.term for t in entry.tags] == ["Theme 0", "Theme 1", "Theme 2", "Entity 0", "Entity 1", "Entity 2",
                                            "Entity 3", "Entity 4"]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_topic_json_feeds(out, lang):
    prefix = SITE if lang == "ar" else SITE + "en/"
    for topic_id, expected in (("iraq", ["a1", "a3", "a4"]), ("usa", ["a1"]), ("iran", ["a2"])):
        doc = json.loads(out[f"{lang}/topics/{topic_id}.json"])
        assert doc["version"] == "https://jsonfeed.org/version/1.1" and doc["language"] == lang
        assert doc["feed_url"] == f"{prefix}topics/{topic_id}.json"
        assert doc["home_page_url"] == f"{prefix}topics/{topic_id}/"
        assert [item["url"] for item in doc["items"]] == [_url(lang, aid) for aid in expected]
        assert all(item["content_text"] == item["summary"] for item in doc["items"])


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_story_feeds(out, lang):
    """A story's RSS and JSON Feed: its reports newest first, titled by the story, linked to its page."""
    prefix = SITE if lang == "ar" else SITE + "en/"
    title = ARTICLES[3].meta.title if lang == "ar" else SPECIAL_EN  # a4 has no English title: a1's stands
    d = feedparser.parse(out[f"{lang}/stories/a4.xml"])
    assert not d.bozo and d.feed.language == lang
    assert d.feed.title == f"{title} — {i18n.t('site_name', lang)}"
    assert d.feed.link == f"{prefix}stories/a4/"
    assert [e.link for e in d.entries] == [_url(lang, aid) for aid in ("a1", "a4")]
    assert all("content" not in e for e in d.entries)  # summaries, as topic feeds
    doc = json.loads(out[f"{lang}/stories/a4.json"])
    assert doc["feed_url"] == f"{prefix}stories/a4.json" and doc["home_page_url"] == f"{prefix}stories/a4/"
    assert doc["title"] == d.feed.title and [item["url"] for item in doc["items"]] == [e.link for e in d.entries]
    assert _validator_warnings(out[f"{lang}/stories/a4.xml"]) == []


def test_a_story_of_one_published_article_has_no_feed():
    out = feeds.all_feeds(_corpus(ARTICLES[:3]), SiteConfig(site_url=SITE))
    assert not any("/stories/" in path for path in out)
    lone = Corpus(articles=ARTICLES, topics=dict(TOPICS), stories=(Story("a4", ("a4",)),))
    assert not any("/stories/" in path for path in feeds.all_feeds(lone, SiteConfig(site_url=SITE)))

