"""Frozen dataclasses passed between the pipeline stages."""

from __future__ import annotations

import datetime as _dt
import hashlib
import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple


@dataclass(frozen=True)
class Source:
    """One article's inputs as read from disk: decoded text and raw YAML."""

    id: str
    text_path: Path
    raw: str
    meta_path: Path | None = None
    meta_text: str | None = None
    chrome: frozenset[str] = frozenset()  # keys of lines that recur across its outlet's articles (outlets.py)


@dataclass(frozen=True)
class Block:
    """A body block: a paragraph (``p``) or a subheading (``h``)."""

    kind: str
    text: str


@dataclass(frozen=True)
class Dropped:
    """A raw line the cleaner removed, with the 1-based line number and the rule that removed it."""

    line_no: int
    text: str
    rule: str


@dataclass(frozen=True)
class CleanArticle:
    """What the cleaner extracts from one raw article."""

    title: str
    body: tuple[Block, ...]
    subtitle: str | None = None
    dateline: str | None = None
    published: _dt.date | None = None
    source: str | None = None
    keywords: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    notes: tuple[str, ...] = ()  # what an editor should check (two calendars disagreeing on the date)


@dataclass(frozen=True)
class Meta:
    """Editorial metadata of one article (YAML merged over extracted values)."""

    title: str
    summary: str
    date: _dt.date
    source: str
    title_en: str | None = None
    summary_en: str | None = None
    source_en: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    draft: bool = False
    dated_by: str | None = None
    time: _dt.datetime | None = None  # the moment of publication, with its zone, when the YAML gives one
    updated: _dt.date | None = None  # the last correction: a date, or a date-time with its zone
    correction: str | None = None
    correction_en: str | None = None
    author: str | None = None  # a named author (the outlet is ``source``)
    source_feed: str | None = None  # the outlet's own feed, where the article came from


@dataclass(frozen=True)
class Topic:
    """One taxonomy entry (a theme, person, organisation or place)."""

    id: str
    kind: str
    name_ar: str
    name_en: str
    aliases_ar: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    description_ar: str | None = None
    description_en: str | None = None


class Mention(NamedTuple):
    """Evidence for a tag: where a topic's alias matched in an article.

    A named tuple rather than a dataclass: an article has a hundred or more, and tuples take a
    fifth of the memory and load from the cache without a per-object dictionary.
    """

    topic_id: str
    field: str  # "title", "subtitle", "body" or "manual"
    text: str  # the matched words as written in the article
    block: int = -1  # index of the body block, -1 outside the body
    start: int = 0  # character offsets inside that block's text
    end: int = 0


@dataclass(frozen=True)
class Tag:
    """A topic assigned to an article, with its score and evidence."""

    topic_id: str
    score: float
    mentions: tuple[Mention, ...] = ()


def _tag(topic_id: str, score: float, mentions: tuple[tuple, ...]) -> Tag:
    """A Tag and its mentions from plain values, without the frozen dataclass's per-field setattr."""
    tag = object.__new__(Tag)
    object.__setattr__(tag, "__dict__", {"topic_id": topic_id, "score": score,
                                         "mentions": tuple(map(Mention._make, mentions))})
    return tag


@dataclass(frozen=True)
class Related:
    """A link from one article to another, with the reason shown to readers."""

    article_id: str
    score: float
    shared_topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """One article as it flows through the pipeline, enriched stage by stage."""

    id: str
    source: Source
    clean: CleanArticle
    meta: Meta
    tags: tuple[Tag, ...] = ()  # the build keeps no mentions here: the first ones are in corpus.Corpus
    related: tuple[Related, ...] = ()
    story_id: str | None = None
    also_reported_by: tuple[str, ...] = field(default=())
    # A hash of everything the article's clean text, metadata and tags come from (its files, the
    # taxonomy, the generator's code); set by the build when caching is on, "" otherwise.
    fingerprint: str = ""

    @cached_property
    def shown(self) -> str:
        """A hash of what other pages show of the article (its metadata and its tags, in order), or "" without a
        fingerprint: list pages and the pages that link to it are keyed by this, so that an edit of its body
        renders its own pages again, not theirs."""
        if not self.fingerprint:
            return ""
        return hashlib.sha256(repr((self.meta, tuple(t.topic_id for t in self.tags))).encode(
            "utf-8", "surrogatepass")).hexdigest()

    @property
    def slug(self) -> str:
        """The article's URL name (its stable id)."""
        return self.id


class StoredArticle(Article):
    """An Article read back from the cache whose clean text and first body mentions stay pickled (``body``)
    until something reads them: of thousands of articles, a run that changed one renders one page and
    reads one body. Equal to the Article with the same fields."""

    clean = property(lambda self: self._body[0])  # (a property: the dataclass field must not be set)

    @cached_property
    def _body(self) -> tuple[CleanArticle, tuple[Mention, ...]]:
        return pickle.loads(self.__dict__["body"])

    @property
    def first_mentions(self) -> tuple[Mention, ...]:
        return self._body[1]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Article):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in Article.__dataclass_fields__)

    __hash__ = Article.__hash__


def pack_body(clean: CleanArticle, first_mentions: tuple[Mention, ...]) -> bytes:
    """What a ``StoredArticle`` keeps pickled."""
    return pickle.dumps((clean, first_mentions), protocol=pickle.HIGHEST_PROTOCOL)


def stored_article(id: str, source: Source, meta: Meta, tags: tuple[Tag, ...], fingerprint: str, body: bytes
                   ) -> StoredArticle:
    """A ``StoredArticle`` with ``body`` made by ``pack_body``."""
    article = object.__new__(StoredArticle)
    object.__setattr__(article, "__dict__", {"id": id, "source": source, "meta": meta, "tags": tags,
                                             "fingerprint": fingerprint, "body": body})
    return article


def linked_article(article: Article, related: tuple[Related, ...], story_id: str | None,
                   also_reported_by: tuple[str, ...]) -> Article:
    """The article with these links, of the same class: a stored body stays unread and ``shown`` is kept."""
    new = object.__new__(type(article))
    state = dict(article.__dict__)
    state.update(related=related, story_id=story_id, also_reported_by=also_reported_by)
    object.__setattr__(new, "__dict__", state)
    return new


class FirstMentions(Mapping):
    """Article id -> the article's first body mentions: ``held`` for the articles prepared in this run, read
    from ``stored`` articles' bodies for the others (when a page needs them)."""

    def __init__(self, held: dict[str, tuple[Mention, ...]], stored: Mapping[str, StoredArticle]) -> None:
        self._held, self._stored = held, stored

    def __getitem__(self, article_id: str) -> tuple[Mention, ...]:
        found = self._held.get(article_id)
        return found if found is not None else self._stored[article_id].first_mentions

    def __iter__(self) -> Iterator[str]:
        yield from self._held
        yield from (k for k in self._stored if k not in self._held)

    def __len__(self) -> int:
        return len(self._held.keys() | self._stored.keys())


@dataclass(frozen=True)
class Story:
    """Articles about one developing story, oldest first."""

    id: str
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class Digest:
    """A month's articles grouped by topic."""

    period: str  # "YYYY-MM"
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (topic id or "", article ids)
    article_ids: tuple[str, ...]
