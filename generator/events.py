"""Events: reports of the same happening across outlets, found by what they share, not by their wording.

Two reports are of one event when they appeared within ``WINDOW_DAYS`` of each other and share enough of
what an event is made of: the same names and places from the taxonomy, the same numbers (casualties,
amounts), the key terms of a headline, and text (TF-IDF cosine over ``arabic.keys``, lightly stemmed with
``arabic.stem``). Each signal is a share from 0 to 1. Text, headline and names (weighted by their rarity over the
reports) make a weighted mean, names counted only when the taxonomy found some in both reports; a shared number
adds to it, while differing numbers take nothing away (tolls rise as the day goes on). The result is compared
with ``THRESHOLD``. Reports are joined strongest link first, and two groups only when at least half of the pairs
between them reach ``LINKED``: a chain of look-alikes joined through one bridging report (the killing of a
leader, then of his spokesman the same night) does not become one event.

Only reports within the window are compared, through the strong terms and names they share (an inverted
index of the window), and each with a bounded number of candidates, so the work grows linearly with the
number of reports, plus the sorts: n log n. The weights were chosen on half of tests/story_labels/ and are
measured on the other half (tests/test_events.py).
"""

from __future__ import annotations

import math
import re
import itertools
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import arabic
from .stopwords import STOP_WORDS

WINDOW_DAYS = 1
WEIGHTS = {"text": 0.45, "title": 0.3, "numbers": 0.1, "entities": 0.15}
THRESHOLD = 0.3
LINKED = 0.15  # score of a pair that links two groups of reports: they join when half their pairs reach it
TERMS = 64  # strongest terms kept per report vector
INDEX_TERMS = 12  # terms a report is indexed under for candidate pairs (with its names and places)
CANDIDATES = 24  # earlier reports of the window a report is compared with, at most
POSTING = 64  # most recent reports of the window looked at per term
HEAD_WORDS = 14  # words of the lead that stand for a missing headline
# Words by which a report of a later day presents its happening as another one ("a new wave of explosions",
# "the explosions were renewed", "the day after his announcement"). Compared by ``arabic.key``.
SEQUEL_WORDS = frozenset(arabic.keys("جديدة مجددا تجدد تجددت تتجدد غداة again renewed fresh"))
SEQUEL_FACTOR = 0.5
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_stem = lru_cache(maxsize=200_000)(arabic.stem)  # (words repeat a lot)


@dataclass(frozen=True)
class Report:
    """What event matching reads of one article."""

    id: str
    day: int  # date ordinal
    title: str  # the headline ("" when there is none: the lead's first words stand for it)
    text: str  # the lead or the whole text
    entities: frozenset[str] = frozenset()  # taxonomy ids of names and places


def numbers(text: str) -> frozenset[str]:
    """The numbers a report gives (tolls, amounts), without years and without 0-2 (too common to tell)."""
    out = set()
    for match in _NUMBER.finditer(arabic.normalize(text)):
        value = match.group().replace(",", ".")
        try:
            number = float(value)
        except ValueError:
            continue
        if number < 3 or (number.is_integer() and 1900 <= number <= 2100):
            continue
        out.add(value.rstrip("0").rstrip(".") if "." in value else value)
    return frozenset(out)


def _meaningful(keys: Iterable[str]) -> list[str]:
    """The keys that carry meaning, lightly stemmed (``arabic.stem``: مستودعات and مستودع, العراقية and العراق)."""
    return [_stem(k) for k in keys if len(k) > 1 and k not in STOP_WORDS and not k.isdigit()]


@dataclass
class _Signals:
    vector: dict[str, float]
    head: dict[str, float]  # the headline's terms with their idf
    sequel: bool  # the report says its happening is a new one (SEQUEL_WORDS in its headline or lead)
    day: int
    words: frozenset[str]
    numbers: frozenset[str]
    entities: dict[str, float]  # taxonomy ids with their rarity: idf over the reports, 1 for a name of one report


def _signals(reports: Sequence[Report]) -> list[_Signals]:
    keyed = [(arabic.keys(r.title), arabic.keys(r.text)) for r in reports]
    counts = [Counter(_meaningful(title + text)) for title, text in keyed]
    df = Counter(term for c in counts for term in c)
    n = len(reports)
    idf = {t: math.log(1 + n / d) for t, d in df.items()}
    entity_df = Counter(e for r in reports for e in r.entities)
    out = []
    for report, (title, text), c in zip(reports, keyed, counts):
        weights = sorted([((1 + math.log(tf)) * idf[t], t) for t, tf in c.items() if df[t] > 1], reverse=True)
        del weights[TERMS:]
        norm = math.sqrt(math.fsum(w * w for w, _ in weights)) or 1.0
        head = {t: idf[t] for t in _meaningful(title or text[:HEAD_WORDS])}
        lead = (title + text)[: 2 * HEAD_WORDS]
        out.append(
            _Signals(
                {t: w / norm for w, t in weights},
                head,
                not SEQUEL_WORDS.isdisjoint(lead),
                report.day,
                frozenset(c),
                numbers(f"{report.title} {report.text}"),
                {e: math.log(1 + n / entity_df[e]) / math.log(1 + n) for e in report.entities},
            )
        )
    return out


def _share(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _weighted_share(a: dict[str, float], b: dict[str, float]) -> float:
    """The weight of what ``a`` and ``b`` share over that of all they hold (weighted Jaccard), times the
    greatest weight shared: two reports naming one common place only share little."""
    shared = [w for k, w in a.items() if k in b]
    if not shared:
        return 0.0
    both = math.fsum(shared)
    return both / (math.fsum(a.values()) + math.fsum(w for k, w in b.items() if k not in a)) * max(shared)


def score(a: _Signals, b: _Signals) -> dict[str, float]:
    """Each signal of a pair, 0 to 1, and their weighted sum (``total``)."""
    text = math.fsum(w * b.vector[t] for t, w in a.vector.items() if t in b.vector)
    # The share of each headline's weight (rare words weigh most) that the other report's text holds.
    heads = [
        math.fsum(w for t, w in x.head.items() if t in y.words) / math.fsum(x.head.values())
        for x, y in ((a, b), (b, a))
        if x.head
    ]
    signals = {
        "text": text,
        "title": sum(heads) / len(heads) if heads else 0.0,
        "numbers": _share(a.numbers, b.numbers),
        "entities": _weighted_share(a.entities, b.entities),
    }
    # Names and places count when the taxonomy found some in both reports (an outlet naming none says nothing
    # against); a shared number adds to the evidence, numbers that differ take nothing away (tolls rise).
    counted = [k for k in ("text", "title", "entities") if k != "entities" or (a.entities and b.entities)]
    total = math.fsum(WEIGHTS[k] * signals[k] for k in counted) / math.fsum(WEIGHTS[k] for k in counted)
    total += WEIGHTS["numbers"] * signals["numbers"]
    later = a if a.day > b.day else b if b.day > a.day else None
    if later is not None and later.sequel:  # a day later, "again": the next happening of a story
        total *= SEQUEL_FACTOR
    signals["total"] = total
    return signals


def pairs(reports: Sequence[Report]) -> dict[tuple[int, int], float]:
    """Scores of the report pairs (i < j, indexes into ``reports``) worth scoring: within the window and sharing
    strong terms or names. Each report is compared with at most ``CANDIDATES`` earlier ones of the window, those
    sharing the most (met through the last ``POSTING`` reports of each term), so the work stays linear in the
    number of reports however many a day brings."""
    signals = _signals(reports)
    order = sorted(range(len(reports)), key=lambda i: (reports[i].day, reports[i].id))
    out: dict[tuple[int, int], float] = {}
    index: dict[str, deque[int]] = defaultdict(deque)  # term -> reports of the window holding it, in order
    for i in order:
        cutoff = reports[i].day - WINDOW_DAYS
        keys = [*list(signals[i].vector)[:INDEX_TERMS], *sorted("\0" + e for e in signals[i].entities)]
        met: Counter = Counter()
        for key in keys:
            held = index[key]
            while held and reports[held[0]].day < cutoff:
                held.popleft()
            met.update(itertools.islice(reversed(held), POSTING))
        for j, _ in sorted(met.items(), key=lambda kv: (-kv[1], kv[0]))[:CANDIDATES]:
            pair = (min(i, j), max(i, j))
            out[pair] = score(signals[pair[0]], signals[pair[1]])["total"]
        for key in keys:
            index[key].append(i)
    return out


def clusters(reports: Sequence[Report], scored: dict[tuple[int, int], float] | None = None) -> list[tuple[int, ...]]:
    """Events of two or more reports, as index tuples in date order (ties by id), strongest links first."""
    scored = pairs(reports) if scored is None else scored
    member: dict[int, int] = {}
    groups: dict[int, list[int]] = {}
    for (a, b), value in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0])):
        if value < THRESHOLD:
            break
        ga, gb = member.get(a), member.get(b)
        if ga is not None and ga == gb:
            continue
        left = groups[ga] if ga is not None else [a]
        right = groups[gb] if gb is not None else [b]
        # Most reports of one group linked to most of the other: a chain through one bridging report (the
        # killing of a leader, then of his spokesman the same night) does not make two events one.
        linked = sum(scored.get((min(x, y), max(x, y)), 0.0) >= LINKED for x in left for y in right)
        if 2 * linked < len(left) * len(right):
            continue
        merged = left + right
        new = min(merged)
        for k in (ga, gb):
            if k is not None:
                groups.pop(k)
        groups[new] = merged
        for x in merged:
            member[x] = new
    return sorted(tuple(sorted(g, key=lambda i: (reports[i].day, reports[i].id))) for g in groups.values())
