"""The whole published corpus as the pages, feeds and search index see it, and how an article is titled in
each language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter

from . import i18n
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


def localized(item: object, name: str, lang: str):
    """The field ``name`` of ``item`` (a ``Meta`` or a ``Topic``) in ``lang``: its ``<name>_<lang>`` field, or in
    the articles' language (Arabic) a ``Meta``'s own ``<name>``; None when it has none in ``lang``."""
    value = getattr(item, name + "_" + lang, None)
    if value is None and lang == i18n.ARABIC:
        value = getattr(item, name, None)
    return value


def topic_name(topic: Topic, lang: str) -> str:
    """A taxonomy entry's name in ``lang``; its Arabic name in a language the taxonomy has no names in."""
    return getattr(topic, "name_" + lang, None) or topic.name_ar


def summary_for(meta, lang: str) -> str | None:
    """The article's summary in ``lang``; None when it has none in ``lang`` (its page shows the Arabic one)."""
    if lang == i18n.ARABIC:
        return meta.summary
    return localized(meta, "summary", lang) or None


def title_for(article: Article, lang: str) -> str:
    """The article's title in ``lang``; a placeholder in ``lang`` (never Arabic) when it has no title in ``lang``."""
    m = article.meta
    if lang == i18n.ARABIC:
        return m.title
    own = localized(m, "title", lang)
    if own:
        return own
    return i18n.t(
        "untitled",
        lang,
        source=localized(m, "source", lang) or i18n.t("an_arabic_outlet", lang),
        date=i18n.format_date(m.date, lang),
    )


def story_title(view: storylines.Outline, lang: str, topics: Mapping[str, Topic]) -> str:
    """A story's title in ``lang``: its first report's headline in Arabic; in another language the first headline of
    its reports in that language, else what it is about and when it began."""
    if lang == i18n.ARABIC:
        return view.reports[0].meta.title
    for a in view.reports:
        own = localized(a.meta, "title", lang)
        if own:
            return own
    about = [topic_name(topics[t], lang) for t in (view.themes + view.entities)[:2]]
    date = i18n.format_date(view.first, lang)
    if about:
        return i18n.t("story_untitled", lang, about=i18n.t("list_sep", lang).join(about), date=date)
    return i18n.t("story_untitled_bare", lang, date=date)
