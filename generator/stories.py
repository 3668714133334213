"""Story pages' contents: what the page and the feeds of a story of two or more reports show, worked out once
per story for every language.

A story's id is its first report's id (``links.report_order``: by date, then time where known, then id), and
its page is ``stories/<id>/`` with its feeds ``stories/<id>.xml`` and ``stories/<id>.json`` beside it. Later
reports joining a story leave its address as it is. A report dated before the first becomes the first and
gives the story its id; two stories joined by a new report take the id of the one that began first; a story
whose first report is removed (or held back as a draft) takes its next report's id.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from . import i18n
from .metadata import UNKNOWN_SOURCE
from .model import Article, Story, Topic

ENTITIES = 10  # people, organisations and places a story page names, most reports first
THEMES = 4


@dataclass(frozen=True)
class Outline:
    """A story as its page and feeds show it."""

    story: Story
    reports: tuple[Article, ...]  # oldest first (the story's order)
    outlets: tuple[Article, ...]  # the first report of each named outlet, in that order
    unnamed: int  # reports whose outlet is not known
    themes: tuple[str, ...]  # topic ids of kind "topic": most reports first, then the most prominent, then by id
    entities: tuple[str, ...]  # people, organisations and places, in the same order

    @property
    def first(self) -> dt.date:
        return self.reports[0].meta.date

    @property
    def last(self) -> dt.date:
        return max(a.meta.date for a in self.reports)


def outline(story: Story, by_id: Mapping[str, Article], topics: Mapping[str, Topic]) -> Outline:
    """The outline of ``story`` (its articles looked up in ``by_id``)."""
    reports = tuple(by_id[i] for i in story.article_ids)
    outlets: dict[str, Article] = {}
    unnamed = 0
    for a in reports:
        source = (a.meta.source or "").strip()
        if not source or source == UNKNOWN_SOURCE:
            unnamed += 1
        else:
            outlets.setdefault(source.casefold(), a)
    # Reports naming each topic, and its ranks among their tags (strongest first): of topics named by as many
    # reports, the more prominent first. Ranks, not scores: pages are keyed by what they show (``Article.shown``).
    counts: Counter = Counter()
    ranks: Counter = Counter()
    for a in reports:
        for rank, topic_id in enumerate(dict.fromkeys(tag.topic_id for tag in a.tags)):
            if topic_id in topics:
                counts[topic_id] += 1
                ranks[topic_id] += rank
    ranked = sorted(counts, key=lambda t: (-counts[t], ranks[t], t))
    themes = tuple(t for t in ranked if topics[t].kind == "topic")[:THEMES]
    entities = tuple(t for t in ranked if topics[t].kind in ("person", "organisation", "place"))[:ENTITIES]
    return Outline(story, reports, tuple(outlets.values()), unnamed, themes, entities)


def description(view: Outline, lang: str) -> str:
    """One line on the story: how many reports, from how many outlets, over which dates."""
    n = len(view.reports)
    first = i18n.format_date(view.first, lang)
    if view.first == view.last:
        return i18n.t("story_day", lang, n=n, date=first)
    return i18n.t("story_days", lang, n=n, first=first, last=i18n.format_date(view.last, lang))
