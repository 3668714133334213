"""Coverage of taxonomy entries over time: an entry's profile (spellings, first and last mention, the entries
seen with it, articles by month) and the SVG bar chart that shows it, made at build time, with the figures
month by month as its text alternative (read without JavaScript, and by screen readers)."""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Iterable
from itertools import chain
from dataclasses import dataclass

from . import i18n
from .model import Article, Topic

CHART_MONTHS = 48  # at most, ending at the entry's last mention
HOME_MONTHS = 12  # the home page's themes: the last 12 months of the digest
HOME_THEMES = 4
COMPANIONS = 6
WIDTH, HEIGHT, GAP = 240, 48, 1


@dataclass(frozen=True)
class Profile:
    """What an entry's page shows about its coverage (all values, so a page is rendered again when one moves)."""

    first: dt.date
    last: dt.date
    spellings: tuple[str, ...]  # Arabic spellings besides the name
    companions: tuple[tuple[str, int], ...]  # (topic id, articles in common), most first
    months: tuple[tuple[str, int], ...]  # ("YYYY-MM", articles), oldest first, with the empty months


def month_of(date: dt.date) -> str:
    return f"{date.year:04d}-{date.month:02d}"


def _months_back(last: dt.date, count: int) -> list[str]:
    year, month = last.year, last.month
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def monthly(
    articles: Iterable[Article], last: dt.date, count: int, first: dt.date | None = None
) -> tuple[tuple[str, int], ...]:
    """Articles by month over the ``count`` months ending with ``last``'s (from ``first``'s when later)."""
    months = _months_back(last, count)
    if first is not None:
        months = [m for m in months if m >= month_of(first)] or months[-1:]
    by_day = Counter(a.meta.date for a in articles)
    counts: Counter[str] = Counter()
    for day, n in by_day.items():
        counts[month_of(day)] += n
    return tuple((m, counts.get(m, 0)) for m in months)


def named_in(articles: Iterable[Article], topics: dict[str, Topic]) -> dict[str, tuple[str, ...]]:
    """Each article's names from the taxonomy (its tags other than themes), by article id."""
    return {
        a.id: tuple(t.topic_id for t in a.tags if t.topic_id in topics and topics[t.topic_id].kind != "topic")
        for a in articles
    }


def profile(
    topic: Topic,
    articles: tuple[Article, ...],
    topics: dict[str, Topic],
    named: dict[str, tuple[str, ...]] | None = None,
) -> Profile | None:
    """The profile of ``topic`` from its articles (newest first); None without articles. ``named`` is
    ``named_in`` of (at least) these articles, computed once for every entry's profile."""
    if not articles:
        return None
    if named is None:
        named = named_in(articles, topics)
    first, last = min(a.meta.date for a in articles), max(a.meta.date for a in articles)
    seen = Counter(chain.from_iterable(named[a.id] for a in articles))
    seen.pop(topic.id, None)
    companions = tuple(sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))[:COMPANIONS])
    spellings = tuple(s for s in dict.fromkeys(topic.aliases_ar) if s != topic.name_ar)
    return Profile(first, last, spellings, companions, monthly(articles, last, CHART_MONTHS, first))


def themes_by_month(
    articles: tuple[Article, ...], topics: dict[str, Topic]
) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """The home page's main themes (most articles in the last ``HOME_MONTHS`` months) and their articles by month."""
    if not articles:
        return ()
    last = max(a.meta.date for a in articles)
    window = set(_months_back(last, HOME_MONTHS))
    recent = [a for a in articles if month_of(a.meta.date) in window]
    counts = Counter(
        t.topic_id for a in recent for t in a.tags if t.topic_id in topics and topics[t.topic_id].kind == "topic"
    )
    main = [tid for tid, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:HOME_THEMES]]
    return tuple(
        (tid, monthly([a for a in recent if any(t.topic_id == tid for t in a.tags)], last, HOME_MONTHS)) for tid in main
    )


def chart(months: tuple[tuple[str, int], ...], name: str, lang: str, chart_id: str) -> str:
    """An SVG bar chart of articles by month, labelled for screen readers, followed by its figures as a list
    (the text alternative, also shown to readers who open it)."""
    peak = max((n for _, n in months), default=0) or 1
    bar = (WIDTH - GAP * (len(months) - 1)) / max(1, len(months))
    label = i18n.t("coverage_of", lang, name=name)
    first, last = months[0][0], months[-1][0]
    summary = i18n.t(
        "coverage_summary",
        lang,
        n=sum(n for _, n in months),
        first=i18n.format_month(first, lang),
        last=i18n.format_month(last, lang),
        peak=max(n for _, n in months),
    )
    # Bars run in reading order: right to left on right-to-left pages (the SVG itself is drawn left to right).
    ordered = list(reversed(months)) if i18n.DIRECTION[lang] == "rtl" else list(months)
    rects = []
    for k, (month, n) in enumerate(ordered):
        h = round(HEIGHT * n / peak, 1)
        rects.append(
            f'<rect x="{k * (bar + GAP):.1f}" y="{HEIGHT - h:.1f}" width="{bar:.1f}" height="{h:.1f}">'
            f"<title>{html.escape(i18n.format_month(month, lang))}: {n}</title></rect>"
        )
    rows = "".join(
        f'<li><span>{html.escape(i18n.format_month(m, lang))}</span>: <data value="{n}">{n}</data></li>'
        for m, n in months
    )
    return (
        f'<div class="digest-coverage"><figure>'
        f'<svg role="img" aria-labelledby="{chart_id}-t {chart_id}-d" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{html.escape(label)}</title><desc id="{chart_id}-d">{html.escape(summary)}</desc>'
        + "".join(rects)
        + "</svg>"
        f"<figcaption>{html.escape(summary)}</figcaption></figure>"
        f"<details><summary>{html.escape(i18n.t('coverage_figures', lang))}</summary><ol>{rows}</ol>"
        f"</details></div>"
    )
