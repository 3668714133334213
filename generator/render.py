"""Jinja2 environment and one function per page kind; each returns a Markdown page: YAML front matter and an
HTML body (``html: true``), which ``mkdocs_hook.py`` hands to MkDocs as the page's content."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from operator import attrgetter, itemgetter
from pathlib import Path

import jinja2

from . import coverage, i18n, stories as storylines
from .errors import BuildError, ErrorGroup
from .corpus import (PAGE_SIZE, Corpus, lang_span, localized, localized_in, story_title, story_title_in, summary_for,
                     summary_html, title_for, title_html, topic_name)
from .model import Article, Topic
from .publishing import ZoneInfo
from .urls import address, article_doc, digest_doc, doc_url, href, story_doc, story_feed_doc, topic_doc, topic_feed_doc

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates" / "pages"
ORIGINAL_PAGE = "article.ar.md.j2"  # an article's page in its own language (Arabic): the whole text
TRANSLATED_PAGE = "article.en.md.j2"  # its page in any other language: title, summary, a link to the original

_WS = re.compile(r"\s+")
ENTITY_STORIES = 10  # stories an entity's page lists, newest first (its articles' pages link to the others)


def yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)  # whitespace runs as one space, ends stripped


def html_text(text: str) -> str:
    """Text as HTML: escaped, whitespace runs (newlines included) as one space."""
    if not text.isprintable() or "  " in text:
        text = _WS.sub(" ", text)
    return html.escape(text.strip(), quote=False)


def linked_html(text: str, spans: list[tuple[int, int, str]]) -> str:
    """``text`` as HTML with each non-overlapping (start, end, href) span a link.

    A span's edge whitespace stays outside the link, so that whitespace runs collapse across it.
    """
    out, pos = [], 0
    for start, end, url in sorted(spans):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < pos or end <= start:
            continue
        out.append(html.escape(text[pos:start], quote=False))
        out.append(f'<a href="{url}">{html.escape(text[start:end], quote=False)}</a>')
        pos = end
    out.append(html.escape(text[pos:], quote=False))
    joined = "".join(out)
    if not joined.isprintable() or "  " in joined:
        joined = _WS.sub(" ", joined)
    return joined.strip()


_ID_AND_SHOWN = attrgetter("id", "shown")
_SECOND = itemgetter(1)


def _hash(value: tuple) -> str:
    """sha256 of ``value``'s repr (strings, numbers, tuples of them: their repr is stable)."""
    return hashlib.sha256(repr(value).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Pager:
    """Where one page of a paginated list sits among its siblings: its neighbours (docs) and the dates of
    its oldest and newest items."""

    newer: str | None
    older: str | None
    first: dt.date | None = None
    last: dt.date | None = None


@dataclass(frozen=True)
class StoryNav:
    """An article's neighbours in its story, oldest first."""

    earlier: tuple[Article, ...]
    later: tuple[Article, ...]
    id: str = ""  # the story's, whose page lists all its articles


def archive_pages(newest_first: tuple, size: int = PAGE_SIZE) -> tuple[tuple, list[tuple]]:
    """A list, newest first, as a front page and archive pages numbered from the oldest.

    Archive page k (1 = oldest) holds the k-th ``size`` items counted from the oldest, newest first;
    the front page holds the rest: the newest ``size`` to ``2 * size - 1`` items (all, when fewer).
    A new item changes the front page only; every ``size`` new items one archive page is added.
    Counting from the newest instead would move every page's items on every new item.
    """
    full = len(newest_first) // size
    archived = max(full - 1, 0) * size  # items on archive pages: every full chunk but the newest
    oldest_first = newest_first[::-1]
    archives = [oldest_first[i:i + size][::-1] for i in range(0, archived, size)]
    return newest_first[:len(newest_first) - archived], archives


def source_html(meta, lang: str) -> str:
    """The outlet as HTML for ``lang``: an Arabic-only name on a page in another language is marked as Arabic."""
    if meta.source == "unknown":
        return ""
    if lang == i18n.ARABIC:
        return html.escape(meta.source)
    own, written_in = localized_in(meta, "source", lang)
    if own:
        return lang_span(html.escape(own), written_in, lang)
    if any("\u0600" <= ch <= "\u06ff" for ch in meta.source):
        return f'<span lang="ar" dir="rtl">{html.escape(meta.source)}</span>'
    return html.escape(meta.source)


class _Context(jinja2.runtime.Context):
    """Jinja's context, calling the renderer's own helpers directly.

    Jinja checks every callable a template calls for ``pass_context`` and its kin (a few attribute
    lookups per call); the pages make hundreds of thousands of calls to helpers that take none.
    """

    direct: frozenset = frozenset()  # the helpers, set per environment

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        if __obj in __self.direct:
            if kwargs:
                kwargs.pop("_loop_vars", None)
                kwargs.pop("_block_vars", None)
            return __obj(*args, **kwargs)
        return super().call(__obj, *args, **kwargs)


class Claims:
    """Which part of the site each generated file's address belongs to: two parts at one address (a topic
    named like an index page, a feed named like a sitemap) are a build error that names both."""

    def __init__(self) -> None:
        self.owners: dict[str, str] = {}

    def add(self, out: dict, items: Mapping, source: str) -> None:
        """``out.update(items)``, ``items`` being the files of ``source``."""
        for doc in items:
            self.one(doc, source)
        out.update(items)

    def one(self, doc: str, source: str) -> None:
        key = address(doc)
        other = self.owners.setdefault(key, source)
        if other != source:
            raise ErrorGroup([BuildError(f"two generated files at one address: {other} and {source}; rename one",
                                         doc)])


def last_change(meta, zone: dt.tzinfo) -> dt.date:
    """The date (in ``zone``) of an article's last change: its correction, or its publication."""
    latest = meta.updated or meta.time or meta.date
    return latest.astimezone(zone).date() if isinstance(latest, dt.datetime) else latest


class Renderer:
    """Renders every page kind from the templates in ``templates/pages``."""

    def __init__(self, corpus: Corpus, templates_dir: Path = TEMPLATES_DIR, compiled_dir: Path | None = None) -> None:
        """``compiled_dir`` keeps the compiled templates between runs (Jinja checks each against its source)."""
        self.corpus = corpus
        self.claims = Claims()
        self._fragments: dict[tuple, str] = {}  # partials by what they show: see ``_fragment``
        self._listed: dict[tuple, str | None] = {}  # list name -> ``_listing`` of its articles
        self._linked: dict[str, str | None] = {}  # article id -> ``_links_key`` of its page
        self._profiles: dict[str, coverage.Profile | None] = {}  # entity id -> its coverage profile
        self._naming: dict[str, tuple] = {}  # entity id -> ``_stories_naming``, for every language's page
        self._named: dict[str, tuple[str, ...]] | None = None  # ``coverage.named_in`` of every article
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # templates do not change during a run: no stat() per include
            bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled_dir)) if compiled_dir else None,
        )
        self.env.filters.update(yaml=yaml_str, e=html.escape)
        helpers = dict(t=i18n.t, format_date=i18n.format_date, format_month=i18n.format_month,
                       href=href, article_doc=article_doc, topic_doc=topic_doc, digest_doc=digest_doc,
                       story_doc=story_doc, story_title=self.story_title, story_description=storylines.description,
                       title_for=title_for, summary_for=summary_for, source_html=source_html, topic_name=self.topic_name,
                       title_html=title_html, summary_html=summary_html, story_title_html=self.story_title_html,
                       card=self.card, story_item=self.story_item,
                       topic_description=self.topic_description, article_link=self.article_link, chip=self.chip,
                       related_reason=self.related_reason, when_html=self.when_html,
                       updated_html=self.updated_html, story_topics=self.story_topics, page_head=self.page_head,
                       chart=coverage.chart)
        self.env.globals.update(helpers, corpus=corpus, source_lang=i18n.ARABIC)
        self.env.context_class = type("Context", (_Context,), {"direct": frozenset(helpers.values())})

    def _render(self, template: str, **ctx: object) -> str:
        return self.env.get_template(template).render(**ctx)

    def _memoized(self, memo, doc: str, parts: tuple | None, render) -> str | None:
        """``render()``, or None (``cache.KEEP``) when ``memo`` finds ``doc`` written from the same ``parts``.

        ``parts`` must hold everything the page shows (articles by id and ``Article.shown``); None means "render".
        """
        if memo is None or not memo.enabled or parts is None or not memo.fresh(doc, memo.key(doc, *parts)):
            return render()
        return None

    @staticmethod
    def _fingerprints(articles) -> tuple | None:
        """(id, ``Article.shown``) of each article, what a page listing or linking it shows of it; None when one
        has no fingerprint (nothing is then memoized)."""
        out = tuple(map(_ID_AND_SHOWN, articles))
        return out if all(map(_SECOND, out)) else None

    def _listing(self, name: tuple, articles) -> str | None:
        """A hash of ``_fingerprints(articles)`` (None when that is None), computed once per list ``name``: every
        language's page of a list shows the same articles (at 10,000 articles the topic pages list
        300,000)."""
        if name not in self._listed:
            fps = self._fingerprints(articles)
            self._listed[name] = None if fps is None else _hash(fps)
        return self._listed[name]

    def card(self, article: Article, lang: str, doc: str) -> str:
        """An article's card (``_card.md.j2``); rendered once per folder, since its links depend only on that.

        An article sits on the home page and on the page of every topic it is tagged with, so the
        same card appears dozens of times across the list pages.
        """
        return self._fragment("_card.md.j2", ("card", article.id, lang, doc.rpartition("/")[0]),
                              a=article, lang=lang, doc=doc)

    def _fragment(self, template: str, key: tuple, **ctx: object) -> str:
        """A partial template rendered once per ``key`` (everything it shows) instead of once per page.

        Every article page lists a dozen other articles and topics: with their links and chips rendered
        once per folder, rendering 2,000 article pages took 0.21-0.22 ms a page against 0.27-0.29 ms
        (fastest of 15 runs, three alternating runs, one core).
        """
        text = self._fragments.get(key)
        if text is None:
            text = self._fragments[key] = self._render(template, **ctx)
        return text

    def article_link(self, article: Article, lang: str, doc: str) -> str:
        """A link to ``article``'s page with its title (``_article_link.md.j2``), for a page at ``doc``."""
        return self._fragment("_article_link.md.j2", ("link", article.id, lang, doc.rpartition("/")[0]),
                              o=article, lang=lang, doc=doc)

    def story_item(self, view: storylines.Outline, lang: str, doc: str) -> str:
        """A story in a list (``_story_item.md.j2``) for a page at ``doc``: one story is listed on the page of every
        entity its reports name."""
        return self._fragment("_story_item.md.j2", ("story", view.story.id, lang, doc.rpartition("/")[0]),
                              view=view, lang=lang, doc=doc)

    def chip(self, topic_id: str, lang: str, doc: str) -> str:
        """A topic chip (``_chip.md.j2``) for a page at ``doc``."""
        return self._fragment("_chip.md.j2", ("chip", topic_id, lang, doc.rpartition("/")[0]),
                              topic_id=topic_id, lang=lang, doc=doc)

    def related_reason(self, topic_ids: tuple[str, ...], lang: str) -> str:
        """Why a related article is listed (``_related_reason.md.j2``): the topics it shares, or its text."""
        return self._fragment("_related_reason.md.j2", ("reason", topic_ids, lang), topic_ids=topic_ids, lang=lang)

    @cached_property
    def _zone(self) -> ZoneInfo:
        return ZoneInfo(self.corpus.zone)

    def when_html(self, meta, lang: str) -> str:
        """When the article was published, as a ``<time>`` element: its time in the site's zone when known."""
        if meta.time is None:
            return f'<time datetime="{meta.date.isoformat()}">{html.escape(i18n.format_date(meta.date, lang))}</time>'
        local = meta.time.astimezone(self._zone)
        return (f'<time datetime="{meta.time.isoformat()}">'
                f'{html.escape(i18n.format_time(local, lang))}</time>')

    def updated_html(self, meta, lang: str) -> str:
        """The correction notice of an article page: its date (and time) and the note in ``lang``; "" without."""
        if meta.updated is None:
            return ""
        if isinstance(meta.updated, dt.datetime):
            local = meta.updated.astimezone(self._zone)
            when = (f'<time datetime="{meta.updated.isoformat()}">'
                    f'{html.escape(i18n.format_time(local, lang))}</time>')
        else:
            when = (f'<time datetime="{meta.updated.isoformat()}">'
                    f'{html.escape(i18n.format_date(meta.updated, lang))}</time>')
        out = f'<p class="digest-updated">{i18n.t("updated", lang, date=when)}'
        note, written_in = localized_in(meta, "correction", lang)
        if note:
            out += (f'<br><strong>{html.escape(i18n.t("correction", lang))}:</strong> '
                    f'{lang_span(html_text(note), written_in, lang)}')
        elif meta.correction:
            out += (f'<br><strong>{html.escape(i18n.t("correction", lang))}:</strong> '
                    f'<span lang="ar" dir="rtl">{html_text(meta.correction)}</span>')
        return out + "</p>"

    def page_head(self, doc: str, title: str, description: str = "", article: Article | None = None) -> str:
        """A page's link-preview and search-engine head: Open Graph, Twitter card, hreflang alternates with
        x-default; for an article, its times, section and tags, and JSON-LD (``NewsArticle``, ``BreadcrumbList``)."""
        return head_html(self.corpus, doc, title, description, article)

    def story_topics(self, members, limit: int = 2) -> tuple[str, ...]:
        """What a story is about: the topics its articles share most (each article's three strongest tags),
        themes before other kinds on a tie, then by id."""
        counts: dict[str, int] = {}
        for article in members:
            for tag in article.tags[:3]:
                if tag.topic_id in self.corpus.topics:
                    counts[tag.topic_id] = counts.get(tag.topic_id, 0) + 1
        ranked = sorted(counts, key=lambda t: (-counts[t], self.corpus.topics[t].kind != "topic", t))
        return tuple(ranked[:limit])

    def topic_name(self, topic_id: str, lang: str) -> str:
        topic = self.corpus.topics.get(topic_id)
        if topic is None:
            return topic_id
        # topic_name(topic, lang), called often: the name in lang, else in its fallback language, else in Arabic
        return getattr(topic, "name_" + lang, None) or getattr(topic, "name_" + i18n.FALLBACK.get(lang, i18n.ARABIC))

    @staticmethod
    def topic_description(topic: Topic, lang: str) -> str:
        return localized(topic, "description", lang) or ""

    # Article pages -------------------------------------------------------------------------
    def body_html(self, article: Article, doc: str) -> str:
        """The cleaned body as HTML: headings as ``<h2>``, first mentions linked to topic pages."""
        lang = doc.split("/", 1)[0]
        spans: dict[int, list[tuple[int, int, str]]] = {}
        for m in self.corpus.mentions.get(article.id, ()):
            if m.topic_id in self.corpus.topics:
                spans.setdefault(m.block, []).append((m.start, m.end, href(doc, topic_doc(lang, m.topic_id))))
        parts = []
        headings = 0
        for i, block in enumerate(article.clean.body):
            if block.kind == "h":
                headings += 1
                parts.append(f'<h2 id="section-{headings}">{html_text(block.text)}</h2>')
            else:
                parts.append(f"<p>{linked_html(block.text, spans.get(i, []))}</p>")
        return "\n".join(parts)

    def story_nav(self, article: Article) -> StoryNav | None:
        story = self.corpus.story_of.get(article.id)
        if story is None or len(story.article_ids) < 2:
            return None
        ids = story.article_ids
        pos = ids.index(article.id)
        by_id = self.corpus.by_id
        return StoryNav(earlier=tuple(by_id[i] for i in ids[max(0, pos - 3):pos]),
                        later=tuple(by_id[i] for i in ids[pos + 1:pos + 4]), id=story.id)

    def article_key(self, article: Article, lang: str, memo) -> str | None:
        """The memo key of an article page: what it shows of itself and of the articles it links to."""
        if article.id not in self._linked:
            self._linked[article.id] = self._links_key(article)
        found = self._linked[article.id]
        return None if found is None else memo.key("article", lang, found)

    def _links_key(self, article: Article) -> str | None:
        """A hash of what an article's page shows of itself and of the articles it links to, in any language."""
        by_id = self.corpus.by_id
        story = self.story_nav(article)
        others = [r.article_id for r in article.related] + list(article.also_reported_by)
        if story is not None:
            others += [o.id for o in story.earlier + story.later]
        refs = tuple((i, by_id[i].shown) for i in others)
        if not article.fingerprint or not all(fp for _, fp in refs):
            return None
        related = tuple((r.article_id, r.shared_topics) for r in article.related)  # scores are not shown
        return _hash((article.id, article.fingerprint, related, article.also_reported_by,
                      story and (story.id, tuple(o.id for o in story.earlier), tuple(o.id for o in story.later)),
                      refs))

    def article(self, article: Article, lang: str) -> str:
        doc = article_doc(lang, article.id)
        original = lang == i18n.ARABIC  # the article's own language: its whole text; other languages: a summary
        words = sum(len(b.text.split()) for b in article.clean.body) if original else 0
        return self._render(ORIGINAL_PAGE if original else TRANSLATED_PAGE, a=article, m=article.meta, doc=doc,
                            lang=lang, body=self.body_html(article, doc) if original else "",
                            reading_time=i18n.reading_time(words, lang) if original else "",
                            story=self.story_nav(article))

    # Lists -------------------------------------------------------------------------------
    def _profile(self, topic: Topic) -> coverage.Profile | None:
        """An entity's coverage profile, computed once for both languages' pages."""
        if topic.id not in self._profiles:
            if self._named is None:
                self._named = coverage.named_in(self.corpus.articles, self.corpus.topics)
            self._profiles[topic.id] = coverage.profile(topic, self.corpus.by_topic.get(topic.id, ()),
                                                        self.corpus.topics, self._named)
        return self._profiles[topic.id]

    def _stories_naming(self, topic_id: str) -> tuple[tuple[storylines.Outline, ...], int, tuple | None]:
        """The newest ``ENTITY_STORIES`` stories naming an entity (``Corpus.stories_naming``), how many name it,
        and what its page shows of them (their ids and ``_listing``s; None when one has none); once per entity."""
        found = self._naming.get(topic_id)
        if found is None:
            ids = self.corpus.stories_naming.get(topic_id, ())
            views = tuple(self.corpus.outlines[i] for i in ids[:ENTITY_STORIES])
            shown = tuple((v.story.id, self._listing(("story", v.story.id), v.reports)) for v in views)
            found = self._naming[topic_id] = (views, len(ids), shown if all(map(_SECOND, shown)) else None)
        return found

    @cached_property
    def themes(self) -> tuple:
        """The home page's main themes and their articles by month (``coverage.themes_by_month``)."""
        return coverage.themes_by_month(self.corpus.articles, self.corpus.topics)

    def home(self, lang: str, memo=None) -> str | None:
        doc = f"{lang}/index.md"
        articles = self.corpus.articles[:self.corpus.page_size]
        latest = self.corpus.digests[0] if self.corpus.digests else None
        fps = self._listing(("home",), articles)
        return self._memoized(memo, doc, fps and ("home", fps, latest and latest.period, self.themes), lambda: self._render(
            "home.md.j2", doc=doc, lang=lang, articles=articles, latest_digest=latest, themes=self.themes))

    def topic_pages(self, topic: Topic, lang: str, memo=None) -> dict[str, str | None]:
        """A topic's front page (its newest articles and their count) and its archive pages (see
        ``archive_pages``), which show no count, so that a new article changes the front page only."""
        articles = self.corpus.by_topic.get(topic.id, ())
        front, archives = archive_pages(articles, self.corpus.page_size)
        out: dict[str, str | None] = {}
        feed_doc = topic_feed_doc(lang, topic.id)
        # Page 0 is the front page; its older neighbour is the newest archive page, len(archives).
        order = [0, *range(len(archives), 0, -1)]  # newest to oldest
        for at, number in enumerate(order):
            chunk = archives[number - 1] if number else front
            doc = topic_doc(lang, topic.id, number)
            pager = Pager(topic_doc(lang, topic.id, order[at - 1]) if at else None,
                          topic_doc(lang, topic.id, order[at + 1]) if at + 1 < len(order) else None,
                          first=chunk[-1].meta.date if chunk else None, last=chunk[0].meta.date if chunk else None)
            total = None if number else len(articles)
            # An entity's front page profiles its coverage (spellings, first and last mention, companions, chart).
            profile = None if number or topic.kind == "topic" else self._profile(topic)
            named = self._stories_naming(topic.id) if profile else ((), 0, ())
            fps = self._listing(("topic", topic.id, number), chunk)
            parts = None if not fps or named[2] is None else (
                "topic", lang, topic.id, pager, total, fps, profile, named[1:])
            out[doc] = self._memoized(memo, doc, parts,
                                      lambda: self._render("topic.md.j2", doc=doc, lang=lang, topic=topic,
                                                           articles=chunk, total=total, pager=pager, profile=profile,
                                                           stories=named[0], stories_total=named[1],
                                                           feed_path=feed_doc.split("/", 1)[1],
                                                           feed_href=href(doc, feed_doc)))
        return out

    def topics_index(self, lang: str) -> str:
        by_kind: dict[str, list] = {}
        for topic in sorted(self.corpus.topics.values(), key=lambda t: topic_name(t, lang)):
            count = len(self.corpus.by_topic.get(topic.id, ()))
            if count:
                by_kind.setdefault(topic.kind, []).append((topic, count))
        order = ("topic", "person", "organisation", "place")
        groups = [(k, by_kind[k]) for k in order if k in by_kind]
        return self._render("topics_index.md.j2", doc=f"{lang}/topics/index.md", lang=lang, groups=groups)

    def digest_pages(self, lang: str, memo=None) -> dict[str, str | None]:
        index = f"{lang}/digests/index.md"
        digests = self.corpus.digests
        out = {index: self._memoized(memo, index, ("digests", tuple((d.period, len(d.article_ids)) for d in digests)),
                                     lambda: self._render("digests_index.md.j2", doc=index, lang=lang,
                                                          digests=digests))}
        by_id = self.corpus.by_id
        for d in digests:
            doc = digest_doc(lang, d.period)
            fps = self._listing(("digest", d.period), [by_id[i] for i in d.article_ids])
            out[doc] = self._memoized(memo, doc, fps and ("digest", d.groups, fps),
                                      lambda: self._render("digest.md.j2", doc=doc, lang=lang, d=d))
        return out

    def timeline_pages(self, lang: str, memo=None) -> dict[str, str | None]:
        """Stories newest first (by their latest article), each story's articles oldest first, on bounded pages.

        The front page (``timeline/index.md``) holds the newest stories: ``Corpus.page_size`` articles, or a few
        more, as a story is never split. The older stories are on archive pages by the month of their
        latest article, each month cut from its oldest story into pages of at most that many articles
        (a longer story has a page of its own): ``timeline/<YYYY-MM>.md``, then ``<YYYY-MM>-2.md``... A new
        article changes the front page and the newest month's last page, where the story it pushes off the
        front page goes; a story that a new article joins leaves its month, whose pages alone are cut
        again. Counted from the newest, every page would change with every article.
        """
        by_id = self.corpus.by_id
        seen: set[str] = set()
        stories = []
        for a in self.corpus.articles:  # newest first
            if a.id in seen:
                continue
            story = self.corpus.story_of.get(a.id)
            ids = story.article_ids if story else (a.id,)
            seen.update(ids)
            stories.append((story, tuple(by_id[i] for i in ids)))
        size_limit = self.corpus.page_size
        front: list = []
        count = 0
        for item in stories:
            if count >= size_limit:
                break
            front.append(item)
            count += len(item[1])
        by_month: dict[str, list] = {}
        for item in reversed(stories[len(front):]):  # oldest first
            by_month.setdefault(item[1][-1].meta.date.strftime("%Y-%m"), []).append(item)
        pages: list[tuple[str, str | None, list]] = []  # (doc, month, stories newest first), oldest page first
        for period in sorted(by_month):
            parts: list[list] = []
            size = 0
            for item in by_month[period]:
                if parts and size + len(item[1]) <= size_limit:
                    parts[-1].append(item)
                    size += len(item[1])
                else:
                    parts.append([item])
                    size = len(item[1])
            for k, part in enumerate(parts, 1):
                pages.append((f"{lang}/timeline/{period}.md" if k == 1 else f"{lang}/timeline/{period}-{k}.md",
                              period, part[::-1]))
        pages.append((f"{lang}/timeline/index.md", None, front))
        pages.reverse()  # newest to oldest

        out = {}
        for at, (doc, period, chunk) in enumerate(pages):
            listed = [a for _, members in chunk for a in members]
            dates = [a.meta.date for a in listed]
            pager = Pager(pages[at - 1][0] if at else None, pages[at + 1][0] if at + 1 < len(pages) else None,
                          first=min(dates, default=None), last=max(dates, default=None))
            fps = self._listing(("timeline", doc.split("/", 1)[1]), listed)
            parts = fps and ("timeline", period, pager, tuple(len(members) for _, members in chunk), fps)
            out[doc] = self._memoized(memo, doc, parts, lambda: self._render(
                "timeline.md.j2", doc=doc, lang=lang, stories=chunk, pager=pager, period=period))
        return out

    def story_title(self, view: storylines.Outline, lang: str) -> str:
        return story_title(view, lang, self.corpus.topics)

    def story_title_html(self, view: storylines.Outline, lang: str) -> str:
        """The story's title as HTML, marked with its language when it is not the page's (``lang_span``)."""
        title, written_in = story_title_in(view, lang, self.corpus.topics)
        return lang_span(html.escape(title), written_in, lang)

    def story_pages(self, lang: str, memo=None) -> dict[str, str | None]:
        """The page of each story of two or more articles: its reports oldest first, its outlets, what and whom it
        is about, and links to its feeds."""
        out: dict[str, str | None] = {}
        for story_id, view in self.corpus.outlines.items():
            doc, feed_doc = story_doc(lang, story_id), story_feed_doc(lang, story_id)
            fps = self._listing(("story", story_id), view.reports)
            out[doc] = self._memoized(memo, doc, fps and ("story", lang, story_id, fps), lambda: self._render(
                "story.md.j2", doc=doc, lang=lang, view=view, feed_path=feed_doc.split("/", 1)[1],
                feed_href=href(doc, feed_doc), json_href=href(doc, feed_doc[:-len(".xml")] + ".json")))
        return out

    def sitemaps(self, pages: dict[str, object], site_url: str, memo=None) -> dict[str, str | None]:
        """Sitemaps Material's script fetches beside each language root and feed folder, with hreflang alternates.

        MkDocs writes the merged sitemap at the site root; these cover ``en/``, ``topics/`` and (when there are
        story pages) ``stories/`` of each language.
        """
        out = {}
        every = hashlib.sha256("\0".join(sorted(pages)).encode("utf-8", "surrogatepass")).hexdigest()
        for lang in i18n.LANGS:
            for folder in ("", "topics/", "stories/"):
                if lang == i18n.DEFAULT_LANG and not folder:
                    continue
                prefix = f"{lang}/{folder}"
                docs = sorted(p for p in pages if p.startswith(prefix) and p.endswith(".md"))
                if folder == "stories/" and not docs:
                    continue
                out[f"{prefix}sitemap.xml"] = self._memoized(
                    memo, f"{prefix}sitemap.xml", ("sitemap", site_url, every),
                    lambda: self._render("sitemap.xml.j2", docs=docs, site_url=site_url, doc_url=doc_url,
                                         langs=i18n.LANGS, pages=pages))
        return out

    def not_found(self, lang: str, count: int = 10) -> str:
        """The body of ``lang``'s 404 page: a link home and the newest articles, linked from the site's root path
        (a 404 page is served at any address)."""
        from urllib.parse import urlsplit

        root = urlsplit(self.corpus.site_url).path or "/"
        prefix = root + ("" if lang == i18n.DEFAULT_LANG else lang + "/")
        out = [f'<h1 id="title">{html.escape(i18n.t("not_found", lang))}</h1>',
               f'<p>{html.escape(i18n.t("not_found_text", lang))}</p>',
               f'<p class="digest-home"><a href="{html.escape(prefix)}">{html.escape(i18n.t("home", lang))}</a></p>',
               f'<h2 id="latest">{html.escape(i18n.t("latest_articles", lang))}</h2>', "<ul>"]
        for a in self.corpus.articles[:count]:
            out.append(f'<li><a href="{html.escape(prefix)}articles/{a.id}/">{title_html(a, lang)}</a> '
                       f"{self.when_html(a.meta, lang)}</li>")
        out.append("</ul>")
        return "\n".join(out) + "\n"

    def lastmods(self, pages) -> str:
        """``LASTMOD``'s JSON: for each generated page among ``pages`` (docs paths), the date of its last change,
        an article's own, any other page's the latest of all articles' (what it lists); "*" that latest date,
        for hand-written pages. The sitemap's ``<lastmod>`` and its gzip header read them, not the build day."""
        own = {a.id: last_change(a.meta, self._zone).isoformat() for a in self.corpus.articles}
        latest = max(own.values(), default="1970-01-01")
        out = {"*": latest}
        outlines = self.corpus.outlines
        for doc in sorted(pages):
            if doc.endswith(".md"):
                lang, _, rest = doc.partition("/")
                folder, _, name = rest.rpartition("/")
                if folder == "articles":
                    out[doc] = own.get(name[:-3], latest)
                elif folder == "stories" and name[:-3] in outlines:  # its newest report's
                    out[doc] = max(own[a.id] for a in outlines[name[:-3]].reports)
                else:
                    out[doc] = latest
        return json.dumps(out, indent=0, sort_keys=True) + "\n"

    def pages(self, memo=None, langs: tuple[str, ...] | None = None) -> dict[str, str | None]:
        """Every generated page of ``langs``, keyed by its docs-relative path.

        With an enabled ``memo`` (``cache.OutputMemo``), article and topic pages whose inputs are those
        their files were written from map to ``cache.KEEP`` (None) instead of text: they are not rendered.
        The few other pages (home, indexes, digests, timeline) are always rendered.
        """
        use_memo = memo is not None and memo.enabled
        out: dict[str, str | None] = {}
        claim = self.claims.add
        for lang in langs or i18n.LANGS:
            claim(out, {f"{lang}/index.md": self.home(lang, memo)}, "the home page")
            for a in self.corpus.articles:
                doc = article_doc(lang, a.id)
                self.claims.one(doc, f"article '{a.id}'")
                key = self.article_key(a, lang, memo) if use_memo else None
                out[doc] = None if key is not None and memo.fresh(doc, key) else self.article(a, lang)
            claim(out, {f"{lang}/topics/index.md": self.topics_index(lang)}, "the topics index")
            for topic in self.corpus.topics.values():
                if topic.id in self.corpus.by_topic:
                    claim(out, self.topic_pages(topic, lang, memo), f"the pages of topic '{topic.id}'")
            claim(out, self.digest_pages(lang, memo), "the monthly digests")
            claim(out, self.timeline_pages(lang, memo), "the timeline")
            claim(out, self.story_pages(lang, memo), "the story pages")
        return out


CARD = ("assets/card.png", 1200, 630)  # the site's link-preview card (docs/assets/card.png): no text to shape


def _attr(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=True)


def _iso(value: dt.date) -> str:
    return value.isoformat()


def _json_ld(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


@lru_cache(maxsize=16)
def _site_head(site: str, lang: str, name: str, locales: tuple[tuple[str, str], ...]) -> str:
    """The tags of a page's head that are the same on every page of a language: site name, locales, card.
    ``locales`` are the site's (language, og:locale) pairs."""
    site_name = _attr(name)
    own = dict(locales)[lang]
    return "".join((
        f'<meta property="og:site_name" content="{site_name}">',
        f'<meta property="og:locale" content="{own}">',
        *(f'<meta property="og:locale:alternate" content="{locale}">' for code, locale in locales if code != lang),
        f'<meta property="og:image" content="{_attr(site + CARD[0])}">',
        f'<meta property="og:image:width" content="{CARD[1]}">',
        f'<meta property="og:image:height" content="{CARD[2]}">',
        f'<meta property="og:image:alt" content="{site_name}">',
        '<meta name="twitter:card" content="summary">',
    ))


def head_html(corpus: Corpus, doc: str, title: str, description: str = "", article: Article | None = None) -> str:
    """See ``Renderer.page_head``."""
    site = corpus.site_url
    lang, _, rest = doc.partition("/")
    url = site + doc_url(doc)
    other = {code: site + doc_url(f"{code}/{rest}") for code in i18n.LANGS}
    site_name = i18n.t("site_name", lang)
    image = site + CARD[0]
    out = [
        f'<meta property="og:type" content="{"article" if article else "website"}">',
        f'<meta property="og:title" content="{_attr(title)}">',
    ]
    if description:
        out.append(f'<meta property="og:description" content="{_attr(description)}">')
    locales = tuple((code, i18n.LOCALE[code]) for code in i18n.LANGS)
    out += [f'<meta property="og:url" content="{_attr(url)}">', _site_head(site, lang, site_name, locales)]
    # " alternate": the rel token with a leading space, which Material's script (it fetches a sitemap.xml
    # beside every link[rel=alternate], a 404 for a page) does not select, while rel keeps its meaning.
    for code in i18n.LANGS:
        out.append(f'<link rel=" alternate" hreflang="{code}" href="{_attr(other[code])}">')
    out.append(f'<link rel=" alternate" hreflang="x-default" href="{_attr(other[i18n.DEFAULT_LANG])}">')
    if article is not None:
        m = article.meta
        published = _iso(m.time or m.date)
        modified = _iso(m.updated or m.time or m.date)
        topics = [t.topic_id for t in article.tags if t.topic_id in corpus.topics]
        names = [topic_name(corpus.topics[t], lang) for t in topics]
        themes = [n for t, n in zip(topics, names) if corpus.topics[t].kind == "topic"]
        out += [f'<meta property="article:published_time" content="{published}">',
                f'<meta property="article:modified_time" content="{modified}">']
        if themes or names:
            out.append(f'<meta property="article:section" content="{_attr((themes or names)[0])}">')
        out += [f'<meta property="article:tag" content="{_attr(n)}">' for n in names[:10]]
        news: dict = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "@id": url + "#article",
            "url": url,
            "mainEntityOfPage": url,
            "headline": title[:110],
            "datePublished": published,
            "dateModified": modified,
            "inLanguage": lang,
            "image": image,
            "publisher": {"@type": "Organization", "name": site_name, "url": site + doc_url(f"{lang}/index.md"),
                          "logo": {"@type": "ImageObject", "url": site + "assets/favicon.svg"}},
        }
        if description:
            news["description"] = description
        if m.author:
            news["author"] = {"@type": "Person", "name": m.author}
        elif m.source != "unknown":
            news["author"] = {"@type": "Organization", "name": localized(m, "source", lang) or m.source}
        if m.url:
            news["isBasedOn"] = m.url
        if topics:
            news["about"] = [{"@type": "Thing", "name": n, "url": site + doc_url(topic_doc(lang, t))}
                             for t, n in zip(topics[:10], names[:10])]
        if lang == i18n.DEFAULT_LANG:
            news["workTranslation"] = [{"@id": other[code] + "#article"} for code in i18n.LANGS if code != lang]
        else:
            news["translationOfWork"] = {"@id": other[i18n.DEFAULT_LANG] + "#article"}
        crumbs = {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": i18n.t("home", lang),
                 "item": site + doc_url(f"{lang}/index.md")},
                *([{"@type": "ListItem", "position": 2, "name": names[0],
                    "item": site + doc_url(topic_doc(lang, topics[0]))}] if topics else []),
                {"@type": "ListItem", "position": 3 if topics else 2, "name": title[:110], "item": url},
            ],
        }
        out += [_json_ld(news), _json_ld(crumbs)]
    return "".join(out)
