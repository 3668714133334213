"""The site's feeds as bytes: RSS 2.0 and JSON Feed 1.1 per language, per topic and per story.

Rules the output follows (W3C Feed Validation Service, RSS Advisory Board profile):

* every channel element comes before the first ``<item>`` (else "MisplacedItem");
* ``atom:link rel="self"`` names the feed's own absolute URL (else "MissingAtomSelfLink");
* namespace prefixes are the standard ``atom`` and ``dc`` (else "NonstdPrefix");
* the outlet goes in ``<source url=…>`` when its feed's address is known (``source_feed:``, which ``ingest``
  fills in), else nowhere; ``dc:creator`` names a named author (``author:``) only, never ``<author>``
  (which must be an e-mail address), and never both (else "DuplicateItemSemantics");
* the language-wide feeds carry the whole article as ``content:encoded`` (JSON Feed: ``content_html``): the
  Arabic feed the cleaned Arabic text, the English feed the English summary and a link to the Arabic
  original (``extra.digest.feed_full_text: false`` turns this off); topic and story feeds carry summaries;
* categories are the article's themes and its five strongest other topics (people, organisations, places);
* plain-text elements (title, category, channel description) write ``&`` and ``<`` as the
  hexadecimal references ``&#x26;`` and ``&#x3C;``, which the validator reads as "this is text,
  not HTML" (else "CharacterData"/"ContainsHTML" for a title such as ``A & B`` or ``x <y``);
* ``<description>`` is HTML by the RSS spec, so a plain-text summary is HTML-escaped before it is
  XML-escaped: readers show ``<b>`` as those three characters, never as markup;
* characters XML forbids, C1 controls and U+FFFD are dropped (else malformed XML or "BadCharacters");
* dates are the articles' own times, or their dates at midnight UTC: the same inputs give the same bytes;
* a corrected article moves up by its correction's time (its ``pubDate`` stays the first publication's,
  its guid stays the same, so readers update it in place); JSON Feed gives it ``date_modified``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple
from urllib.parse import quote

from lxml import etree

from . import i18n, stories as storylines
from .config import SiteConfig
from .corpus import Corpus, localized, story_title, summary_for, title_for, topic_name
from .i18n import ARABIC
from .metadata import UNKNOWN_SOURCE
from .model import Article
from .urls import article_doc, doc_url, story_doc, story_feed_doc, topic_doc, topic_feed_doc

ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
ENTITY_CATEGORIES = 5  # the strongest people, organisations and places an item names as categories
RSS_DOCS = "http://www.rssboard.org/rss-specification"  # the URL the validator recognises
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
GENERATOR = "news digest generator (generator/feeds.py)"
# The English pages name an outlet without an English name this way (templates/pages/article.en.md.j2).

# Not allowed in XML 1.0, or flagged by the validator as mis-decoded text (C1 controls, U+FFFD).
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd\ufffe\uffff]")
_SPACES = re.compile(r"[^\S\n][^\S\n]+|[^\S\n ]")  # what [^\S\n]+ -> " " changes
_BLANK_LINES = re.compile(r"\n\s*\n+")


def clean_text(text: str) -> str:
    """Text safe in XML and JSON: forbidden characters dropped, spaces collapsed, paragraphs kept."""
    text = _BAD_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def one_line(text: str) -> str:
    """Text on one line, for titles, categories and names."""
    return " ".join(_BAD_CHARS.sub("", text).split())


@dataclass(frozen=True)
class FeedItem:
    """One article as a feed shows it, in one language."""

    id: str
    url: str
    title: str
    summary: str
    date: dt.date  # a date, or a date-time with its zone
    categories: tuple[str, ...]
    creator: str | None  # a named author
    external_url: str | None
    modified: dt.date | None = None
    outlet: str | None = None
    outlet_feed: str | None = None  # the outlet's own feed
    content_html: str | None = None  # the full text, as HTML


@dataclass(frozen=True)
class Channel:
    """One feed: its own URL, the page it describes, and its items newest first."""

    lang: str
    title: str
    description: str
    home_url: str
    feed_url: str
    items: tuple[FeedItem, ...]


def absolute(site_url: str, path: str) -> str:
    """The absolute URL of a site path; non-ASCII characters percent-encoded (the validator wants URIs)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return quote(base + path, safe=":/?#[]@!$&'()*+,;=%~")


def _utc(value: dt.date) -> dt.datetime:
    """A date-time in UTC; a date at midnight UTC."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)


def last_change(article: Article) -> dt.datetime:
    """When the article last changed: its correction, or its publication."""
    return _utc(article.meta.updated or article.meta.time or article.meta.date)


def newest(articles: Iterable[Article], limit: int) -> tuple[Article, ...]:
    """The ``limit`` most recently published or corrected articles, ties broken by id (whatever order they came in)."""
    return tuple(sorted(articles, key=lambda a: (-last_change(a).timestamp(), a.id))[:limit])


def _topic_name(corpus: Corpus, topic_id: str, lang: str) -> str:
    topic = corpus.topics.get(topic_id)
    if topic is None:
        return topic_id
    return topic_name(topic, lang)


item_title = title_for  # the title the article's page shows in that language


def item_summary(article: Article, lang: str) -> str:
    """The summary in ``lang``; without one, the page's notice in ``lang`` and then the Arabic text."""
    m = article.meta
    own = summary_for(m, lang)
    if own:
        return own
    # The notice says the Arabic title and summary follow, as they do on the article's page.
    return f"{i18n.t('no_translation', lang)}\n\n{m.title}\n{m.summary}"


def item_outlet(article: Article, lang: str) -> str | None:
    """The outlet in ``lang`` (the Arabic name when it has none in ``lang``); None when unknown."""
    m = article.meta
    if not m.source or m.source == UNKNOWN_SOURCE:
        return None
    return localized(m, "source", lang) or m.source


def item_categories(article: Article, corpus: Corpus) -> tuple[str, ...]:
    """The topic ids an item names: the article's themes and its ``ENTITY_CATEGORIES`` strongest other topics."""
    themes, entities = [], []
    for tag in article.tags:  # strongest first
        topic = corpus.topics.get(tag.topic_id)
        if topic is None:
            continue
        (themes if topic.kind == "topic" else entities).append(tag.topic_id)
    return tuple(themes + entities[:ENTITY_CATEGORIES])


def item_content(article: Article, lang: str, site_url: str) -> str:
    """The item's full text as HTML: the cleaned Arabic article, or in another language its summary and a link to
    the Arabic original."""
    if lang != ARABIC:
        link = absolute(site_url, doc_url(article_doc(ARABIC, article.id)))
        own = summary_for(article.meta, lang)
        summary = own or article.meta.summary
        lang_attr = "" if own else ' lang="ar" dir="rtl"'
        return (f"<p{lang_attr}>{html.escape(clean_text(summary), quote=False)}</p>\n"
                f'<p><a href="{html.escape(link)}" hreflang="{ARABIC}">{html.escape(i18n.t("read_arabic", lang))}</a>'
                "</p>")
    parts = []
    for block in article.clean.body:
        text = html.escape(one_line(block.text), quote=False)
        if text:
            parts.append(f"<h3>{text}</h3>" if block.kind == "h" else f"<p>{text}</p>")
    return "\n".join(parts)


def feed_item(article: Article, lang: str, corpus: Corpus, site_url: str, full_text: bool = False) -> FeedItem:
    """One article as a feed item in ``lang``; with ``full_text``, its content too."""
    url = absolute(site_url, doc_url(article_doc(lang, article.id)))
    categories = tuple(dict.fromkeys(one_line(_topic_name(corpus, topic_id, lang))
                                     for topic_id in item_categories(article, corpus)))
    outlet = item_outlet(article, lang)
    return FeedItem(
        id=article.id,
        url=url,
        title=one_line(item_title(article, lang)),
        summary=clean_text(item_summary(article, lang)),
        date=article.meta.time or article.meta.date,
        modified=article.meta.updated,
        categories=tuple(c for c in categories if c),
        creator=one_line(article.meta.author) if article.meta.author else None,
        external_url=article.meta.url,
        outlet=one_line(outlet) if outlet else None,
        outlet_feed=article.meta.source_feed,
        content_html=_BAD_CHARS.sub("", item_content(article, lang, site_url)) if full_text else None,
    )


def rfc822(date: dt.date) -> str:
    """A date-time (a date: midnight UTC) as RFC 822 (RSS), in UTC, numeric zone."""
    return email.utils.format_datetime(_utc(date))


def rfc3339(date: dt.date) -> str:
    """A date-time (a date: midnight UTC) as RFC 3339 (JSON Feed), in UTC."""
    return _utc(date).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    el = etree.SubElement(parent, tag, attrib)
    if text is not None:
        el.text = text
    return el


_NSMAP = {"atom": ATOM_NS, "content": CONTENT_NS, "dc": DC_NS}


def _item_element(item: FeedItem) -> etree._Element:
    """An item's ``<item>`` element, under an ``<rss>`` root declaring the namespaces, as ``rss`` writes it."""
    el = etree.SubElement(etree.Element("rss", nsmap=_NSMAP), "item")
    _sub(el, "title", item.title)
    _sub(el, "link", item.url)
    _sub(el, "guid", item.url, isPermaLink="true")
    _sub(el, "pubDate", rfc822(item.date))
    # RSS descriptions are HTML: escape the plain text once for HTML (the XML escaping follows).
    _sub(el, "description", html.escape(item.summary, quote=False))
    if item.content_html:
        _sub(el, f"{{{CONTENT_NS}}}encoded", item.content_html)
    if item.creator:
        _sub(el, f"{{{DC_NS}}}creator", item.creator)
    if item.outlet and item.outlet_feed:
        _sub(el, "source", item.outlet, url=item.outlet_feed)
    for category in item.categories:
        _sub(el, "category", category)
    return el


def rss(channel: Channel, made: dict[int, etree._Element] | None = None) -> bytes:
    """An RSS 2.0 document (UTF-8, with XML declaration) for ``channel``.

    ``made`` keeps each item's element by the item's id() while the items live: an article is an item of
    its language's feed and of the feeds of all its topics (dozens), and copying its element costs a tenth
    of building it again.
    """
    root = etree.Element("rss", {"version": "2.0"}, nsmap=_NSMAP)
    ch = _sub(root, "channel")
    _sub(ch, "title", one_line(channel.title))
    _sub(ch, "link", channel.home_url)
    _sub(ch, "description", one_line(channel.description))
    _sub(ch, "language", channel.lang)
    _sub(ch, "docs", RSS_DOCS)
    _sub(ch, "generator", GENERATOR)
    if channel.items:
        newest_date = rfc822(max(_utc(item.modified or item.date) for item in channel.items))
        _sub(ch, "pubDate", newest_date)
        _sub(ch, "lastBuildDate", newest_date)
    etree.SubElement(ch, f"{{{ATOM_NS}}}link",
                     {"href": channel.feed_url, "rel": "self", "type": "application/rss+xml"})
    made = {} if made is None else made
    for item in channel.items:
        el = made.get(id(item))
        if el is None:
            el = made[id(item)] = _item_element(item)
        ch.append(el.__copy__())  # lxml copies the whole subtree
    data = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    # In serialised XML every '&' starts a reference, so this only respells characters: the RSS
    # profile's hexadecimal form tells validators and readers that '&' and '<' are text, not HTML.
    return data.replace(b"&amp;", b"&#x26;").replace(b"&lt;", b"&#x3C;")


def json_feed(channel: Channel) -> bytes:
    """A JSON Feed 1.1 document for ``channel`` (UTF-8, unescaped Arabic, fixed key order)."""
    items = []
    for item in channel.items:
        entry: dict[str, object] = {
            "id": item.url,
            "url": item.url,
        }
        if item.external_url:
            entry["external_url"] = item.external_url
        entry.update({
            "title": item.title,
            "summary": item.summary,
        })
        if item.content_html:
            entry["content_html"] = item.content_html
        else:
            entry["content_text"] = item.summary
        entry["date_published"] = rfc3339(item.date)
        if item.modified:
            entry["date_modified"] = rfc3339(item.modified)
        if item.categories:
            entry["tags"] = list(item.categories)
        if item.creator:
            entry["authors"] = [{"name": item.creator}]
        items.append(entry)
    doc = {
        "version": JSON_FEED_VERSION,
        "title": one_line(channel.title),
        "home_page_url": channel.home_url,
        "feed_url": channel.feed_url,
        "description": one_line(channel.description),
        "language": channel.lang,
        "items": items,
    }
    return (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")  # C encoder: no indent


def feed_path(lang: str, name: str) -> str:
    """The docs-relative path of a language-wide feed file."""
    return f"{lang}/{name}"


topic_feed_path = topic_feed_doc


class _Spec(NamedTuple):
    """One RSS feed: its path, language, topic or story (neither: the language's feed), articles newest first."""

    path: str
    lang: str
    topic_id: str | None
    articles: tuple[Article, ...]
    story: storylines.Outline | None = None


def _specs(corpus: Corpus, config: SiteConfig) -> list[_Spec]:
    """Every RSS feed: the language's, each topic's and each story's."""
    ordered = newest(corpus.articles, len(corpus.articles))
    # Each topic's articles in that order (the build's corpus is in it already).
    by_topic = (corpus if ordered == corpus.articles else replace(corpus, articles=ordered)).by_topic
    out = []
    limit = config.feed_items
    stories = [(story_id, view, newest(view.reports, limit)) for story_id, view in corpus.outlines.items()]
    for lang in i18n.LANGS:
        out.append(_Spec(feed_path(lang, "feed.xml"), lang, None, ordered[:limit]))
        for topic_id in sorted(by_topic):
            if topic_id in corpus.topics:  # a tag outside the taxonomy has no page to link to
                out.append(_Spec(topic_feed_path(lang, topic_id), lang, topic_id, by_topic[topic_id][:limit]))
        out += [_Spec(story_feed_doc(lang, story_id), lang, None, items, view) for story_id, view, items in stories]
    return out


def _channel(corpus: Corpus, config: SiteConfig, path: str, lang: str, topic_id: str | None,
             items: tuple[FeedItem, ...], story: storylines.Outline | None = None) -> Channel:
    site = config.site_url
    site_name = i18n.t("site_name", lang)
    if story is not None:
        title = story_title(story, lang, corpus.topics)
        return Channel(lang=lang, title=f"{title} — {site_name}", description=i18n.t("story_feed_of", lang, title=title),
                       home_url=absolute(site, doc_url(story_doc(lang, story.story.id))),
                       feed_url=absolute(site, doc_url(path)), items=items)
    if topic_id is None:
        return Channel(lang=lang, title=site_name, description=i18n.t("site_description", lang),
                       home_url=absolute(site, doc_url(f"{lang}/index.md")),
                       feed_url=absolute(site, doc_url(path)), items=items)
    topic = corpus.topics[topic_id]
    name = topic_name(topic, lang)
    description = localized(topic, "description", lang) or i18n.t("feed_of", lang, name=name)
    return Channel(lang=lang, title=f"{name} — {site_name}", description=description,
                   home_url=absolute(site, doc_url(topic_doc(lang, topic_id))),
                   feed_url=absolute(site, doc_url(path)), items=items)


def _items(articles: tuple[Article, ...], lang: str, corpus: Corpus, config: SiteConfig,
           made: dict[tuple[str, str, bool], FeedItem], full_text: bool) -> tuple[FeedItem, ...]:
    """The feed items of ``articles``; each article's item is made once per language (it is in many feeds)."""
    out = []
    for a in articles:
        item = made.get((a.id, lang, full_text))
        if item is None:
            item = made[a.id, lang, full_text] = feed_item(a, lang, corpus, config.site_url, full_text)
        out.append(item)
    return tuple(out)


def json_path_of(rss_path: str) -> str:
    """The JSON Feed beside an RSS feed (``ar/feed.json``, ``en/topics/<id>.json``)."""
    return rss_path[:-len(".xml")] + ".json"


def all_feeds(corpus: Corpus, config: SiteConfig, memo=None) -> dict[str, bytes | None]:
    """Every feed file as bytes, keyed by docs-relative path (``ar/feed.xml``, ``en/topics/<id>.xml``…).

    With an enabled ``memo`` (``cache.OutputMemo``), a feed whose articles and settings are those it
    was written from, and whose file is untouched, maps to ``cache.KEEP`` (None) instead of bytes.
    """
    out: dict[str, bytes | None] = {}
    made: dict[tuple[str, str, bool], FeedItem] = {}
    elements: dict[int, etree._Element] = {}  # by id() of the items in ``made``, which keeps them alive
    for path, lang, topic_id, articles, story in _specs(corpus, config):
        targets = [path, json_path_of(path)]
        full_text = topic_id is None and story is None and getattr(config, "feed_full_text", True)
        fresh = [False] * len(targets)
        # A story's feed is titled from its reports, those beyond its newest items too.
        shown = articles if story is None else articles + story.reports
        if memo is not None and memo.enabled and all(a.fingerprint for a in shown):
            key = memo.key("feed", path, config.site_url, full_text,
                           tuple((a.id, a.fingerprint) for a in shown))
            fresh = [memo.fresh(target, key) for target in targets]
        if all(fresh):
            out.update(dict.fromkeys(targets))
            continue
        channel = _channel(corpus, config, path, lang, topic_id,
                           _items(articles, lang, corpus, config, made, full_text), story)
        out[path] = None if fresh[0] else rss(channel, elements)
        json_path = targets[1]
        out[json_path] = None if fresh[1] else json_feed(
            Channel(lang=channel.lang, title=channel.title, description=channel.description,
                    home_url=channel.home_url, feed_url=absolute(config.site_url, doc_url(json_path)),
                    items=channel.items))
    return dict(sorted(out.items()))
