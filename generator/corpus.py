"""The whole published corpus as the pages, feeds and search index see it, and how an article is titled in
each language."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter

from . import i18n
from .config import TEXT_LANGS
from . import stories as storylines
from .model import Article, Digest, Mention, Story, Topic
from .publishing import DEFAULT_ZONE

PAGE_SIZE = 50  # list pages never grow without bound
ENTITY_KINDS = frozenset(("person", "organisation", "place"))  # the kinds whose pages profile their coverage


@dataclass(frozen=True)
class Corpus:
    """Everything the pages need: articles newest first, the taxonomy, stories and digests."""

    articles: tuple[Article, ...]
    topics: dict[str, Topic] = field(default_factory=dict)
    stories: tuple[Story, ...] = ()
    digests: tuple[Digest, ...] = ()
    mentions: Mapping[str, tuple[Mention, ...]] = field(default_factory=dict)  # first body mentions by article
    zone: str = DEFAULT_ZONE  # the site's time zone: the pages show times in it
    page_size: int = PAGE_SIZE  # articles on a list page (the configuration's page_size)
    site_url: str = "https://example.org/"  # absolute, ending in "/": link previews and structured data need it

    @cached_property
    def by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @cached_property
    def story_of(self) -> dict[str, Story]:
        return {aid: s for s in self.stories for aid in s.article_ids}

    @cached_property
    def outlines(self) -> dict[str, storylines.Outline]:
        """Each story of two or more articles by id, as its page and feeds show it (worked out once for both)."""
        by_id, topics = self.by_id, self.topics
        return {
            s.id: storylines.outline(s, by_id, topics)
            for s in sorted(self.stories, key=attrgetter("id"))
            if len(s.article_ids) > 1
        }

    @cached_property
    def stories_naming(self) -> dict[str, tuple[str, ...]]:
        """The stories (ids, of ``outlines``) whose reports name each person, organisation and place, newest first:
        by their last report's date, then their first's, then by id. One pass over the outlines for every page."""
        topics = self.topics
        newest = sorted(((v.last, v.first, v.story.id, v) for v in self.outlines.values()), reverse=True)
        named: dict[str, list[str]] = {}
        for _, _, story_id, view in newest:
            for topic_id in {tag.topic_id for a in view.reports for tag in a.tags}:
                topic = topics.get(topic_id)
                if topic is not None and topic.kind in ENTITY_KINDS:
                    named.setdefault(topic_id, []).append(story_id)
        return {t: tuple(ids) for t, ids in named.items()}

    @cached_property
    def by_topic(self) -> dict[str, tuple[Article, ...]]:
        out: dict[str, list[Article]] = {}
        for a in self.articles:
            for tag in a.tags:
                out.setdefault(tag.topic_id, []).append(a)
        return {k: tuple(v) for k, v in out.items()}


def _own(item: object, name: str, lang: str):
    value = getattr(item, name + "_" + lang, None)
    if value is None and lang == i18n.ARABIC:
        value = getattr(item, name, None)
    return value


def localized_in(item: object, name: str, lang: str) -> tuple:
    """The field ``name`` of ``item`` (a ``Meta`` or a ``Topic``) for a page in ``lang``, and the language it is written
    in: its ``<name>_<lang>`` field (in Arabic, a ``Meta``'s own ``<name>``), else the same in ``lang``'s fallback
    language (``i18n.FALLBACK``, see ``config``); ``(None, lang)`` when neither has one."""
    value = _own(item, name, lang)
    if value:
        return value, lang
    other = i18n.FALLBACK.get(lang)
    if other is not None:
        found = _own(item, name, other)
        if found:
            return found, other
    return value, lang


def localized(item: object, name: str, lang: str):
    """The field ``name`` of ``item`` for a page in ``lang`` (``localized_in``); None when it has none there."""
    return localized_in(item, name, lang)[0]


def lang_span(text_html: str, written_in: str, lang: str) -> str:
    """HTML text written in ``written_in`` as a page in ``lang`` shows it: marked with its ``lang`` and ``dir`` (so
    that screen readers pronounce it right) unless it is the page's language."""
    if written_in == lang:
        return text_html
    return f'<span lang="{written_in}" dir="{TEXT_LANGS[written_in]}">{text_html}</span>'


def topic_name(topic: Topic, lang: str) -> str:
    """A taxonomy entry's name in ``lang``, else in its fallback language, else in Arabic."""
    return localized(topic, "name", lang) or topic.name_ar


def summary_in(meta, lang: str) -> tuple[str | None, str]:
    """The article's summary for a page in ``lang`` and the language it is written in (``localized_in``); ``(None,
    lang)`` when it has none there (the page shows the Arabic one, marked as Arabic)."""
    if lang == i18n.ARABIC:
        return meta.summary, lang
    return localized_in(meta, "summary", lang)


def summary_for(meta, lang: str) -> str | None:
    """The article's summary for a page in ``lang`` (``summary_in``); None when it has none there."""
    return summary_in(meta, lang)[0] or None


def summary_html(meta, lang: str) -> str:
    """The article's summary as HTML for a page in ``lang``, marked with its language when it is another one."""
    summary, written_in = summary_in(meta, lang)
    return lang_span(html.escape(summary or ""), written_in, lang)


def title_in(article: Article, lang: str) -> tuple[str, str]:
    """The article's title for a page in ``lang`` and the language it is written in: its title in ``lang``, else in
    ``lang``'s fallback language, else a placeholder in ``lang`` (never Arabic, unless Arabic is the fallback)."""
    m = article.meta
    if lang == i18n.ARABIC:
        return m.title, lang
    own = localized_in(m, "title", lang)
    if own[0]:
        return own
    return i18n.t(
        "untitled",
        lang,
        source=localized(m, "source", lang) or i18n.t("an_arabic_outlet", lang),
        date=i18n.format_date(m.date, lang),
    ), lang


def title_for(article: Article, lang: str) -> str:
    """The article's title for a page in ``lang`` as text (``title_in``)."""
    return title_in(article, lang)[0]


def title_html(article: Article, lang: str) -> str:
    """The article's title as HTML for a page in ``lang``, marked with its language when it is another one."""
    title, written_in = title_in(article, lang)
    return lang_span(html.escape(title), written_in, lang)


def story_title_in(view: storylines.Outline, lang: str, topics: Mapping[str, Topic]) -> tuple[str, str]:
    """A story's title for a page in ``lang`` and the language it is written in: its first report's headline in
    Arabic; in another language the first headline of its reports in that language or its fallback language
    (``localized_in``), else what it is about and when it began, in ``lang``."""
    if lang == i18n.ARABIC:
        return view.reports[0].meta.title, lang
    for a in view.reports:
        own = localized_in(a.meta, "title", lang)
        if own[0]:
            return own
    about = [topic_name(topics[t], lang) for t in (view.themes + view.entities)[:2]]
    date = i18n.format_date(view.first, lang)
    if about:
        return i18n.t("story_untitled", lang, about=i18n.t("list_sep", lang).join(about), date=date), lang
    return i18n.t("story_untitled_bare", lang, date=date), lang


def story_title(view: storylines.Outline, lang: str, topics: Mapping[str, Topic]) -> str:
    """A story's title for a page in ``lang`` as text (``story_title_in``)."""
    return story_title_in(view, lang, topics)[0]
