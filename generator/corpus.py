"""The whole published corpus as the pages, feeds and search index see it, and how an article is titled in
each language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from . import i18n
from .model import Article, Digest, Mention, Story, Topic
from .publishing import DEFAULT_ZONE


@dataclass(frozen=True)
class Corpus:
    """Everything the pages need: articles newest first, the taxonomy, stories and digests."""

    articles: tuple[Article, ...]
    topics: dict[str, Topic] = field(default_factory=dict)
    stories: tuple[Story, ...] = ()
    digests: tuple[Digest, ...] = ()
    mentions: Mapping[str, tuple[Mention, ...]] = field(default_factory=dict)  # first body mentions by article
    zone: str = DEFAULT_ZONE  # the site's time zone: the pages show times in it
    site_url: str = "https://example.org/"  # absolute, ending in "/": link previews and structured data need it

    @cached_property
    def by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @cached_property
    def story_of(self) -> dict[str, Story]:
        return {aid: s for s in self.stories for aid in s.article_ids}

    @cached_property
    def by_topic(self) -> dict[str, tuple[Article, ...]]:
        out: dict[str, list[Article]] = {}
        for a in self.articles:
            for tag in a.tags:
                out.setdefault(tag.topic_id, []).append(a)
        return {k: tuple(v) for k, v in out.items()}


def title_for(article: Article, lang: str) -> str:
    """The article's title in ``lang``; an English placeholder (never Arabic) when no English title exists."""
    m = article.meta
    if lang == "ar":
        return m.title
    if m.title_en:
        return m.title_en
    return i18n.t(
        "untitled_en", "en", source=m.source_en or i18n.t("an_arabic_outlet", "en"), date=i18n.format_date(m.date, "en")
    )
