"""Links between articles over the whole corpus: related articles, first mentions, stories, duplicates.

Similarity is TF-IDF cosine over ``arabic.keys`` of title, subtitle and body (stop words and
numbers dropped), blended with the topics two articles share and their closeness in time.
Nothing here compares every article with every other: each article keeps its strongest terms
(``TERMS_PER_ARTICLE``), each term's postings keep the articles where it weighs most
(``POSTINGS_PER_TERM``), and only articles met through those postings, or through the
time-nearest articles of a shared topic, become candidate pairs. With constant caps the work
is linear in the number of articles, plus the sorting (n log n).

Document frequencies are rounded on a log scale (``DF_STEPS_PER_DOUBLING``) so that an edit or a new
article seldom changes a common word's idf. A ``SimilarityIndex`` can then update the previous run's structures
(``LinkState``) where the changed articles reach, with the same result as a build from scratch.
"""

from __future__ import annotations

import bisect
import itertools
import math
from operator import mul
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from . import arabic, events
from .model import Article, Mention, Related, Story, linked_article
from .stopwords import STOP_WORDS

TERMS_PER_ARTICLE = 96  # strongest shared terms kept per article vector
QUERY_TERMS = 16  # strongest terms of an article, under which it is indexed and looked up
POSTINGS_PER_TERM = 32  # articles kept per term, where the term weighs most
TEXT_CANDIDATES = 10  # candidates per article from shared terms
TOPICS_PER_ARTICLE = 3  # top topics used for candidates
TOPIC_NEIGHBOURS = 1  # candidates per article, side (older, newer) and top topic

TEXT_WEIGHT = 0.7  # share of text cosine in the blended score (the rest: shared topics)
HALF_LIFE_DAYS = 365  # time decay: an article a year older or newer counts half as much
MIN_RELATED = 0.05

STORY_WINDOW_DAYS = 14
STORY_SIMILARITY = 0.3  # text cosine for two articles to be one developing story
DUPLICATE_SIMILARITY = 0.7  # text cosine for the same news reported twice
DUPLICATE_DAYS = 3


class Pair(NamedTuple):
    """Two candidate articles (indexes into ``SimilarityIndex.articles``, a < b) and their similarities."""

    a: int
    b: int
    text: float
    topics: float
    days: int
    score: float
    shared: frozenset[str]


@dataclass
class LinkState:
    """What one ``SimilarityIndex`` computed, for the next to update instead of starting over (see ``SimilarityIndex``)."""

    ids: tuple[str, ...]  # article ids, sorted: the indexes below refer to this order
    inputs: tuple[tuple, ...]  # ``link_inputs`` of each article
    keys: tuple[str, ...]  # the caller's key of each article's term counts (to find the old counts)
    df: dict[str, int]  # in how many articles each term occurs
    vectors: list[dict[str, float]]
    query: dict[str, list[tuple[int, float]]]  # term -> (article, -weight) where it is a query term, by article
    postings: dict[str, list[int]]  # term -> the articles kept in its postings, in the order they are met
    text_candidates: list[tuple[int, ...]]
    pairs: dict[tuple[int, int], Pair]
    topic_idf: dict[str, float]  # each topic's idf in the topic similarity


class SimilarityIndex:
    """Similarity structures over a set of articles, built once: vectors, postings, candidate pairs.

    With ``previous`` (the ``state`` of an earlier SimilarityIndex), only what the changes reach is computed
    again: articles added, removed, or changed in text, date, tags or outlet. That is the terms whose
    document frequency changed, the vectors holding them, the postings of their query terms, the
    candidates met through those postings, and the pairs of changed vectors or of topics whose idf
    moved. The result is the one a full build gives (``tests/test_links.py`` compares them). A change
    of the rounded article count (about every 9% of growth), or old term counts missing, builds
    everything.
    """

    def __init__(self, articles: tuple[Article, ...], terms_of: Callable[[Article], Counter] | None = None, *,
                 inputs: tuple[tuple, ...] | None = None, keys: tuple[str, ...] | None = None,
                 previous: LinkState | None = None, old_terms: Callable[[str], Counter | None] | None = None
                 ) -> None:
        order = sorted(range(len(articles)), key=lambda i: articles[i].id)
        self.articles = tuple(articles[i] for i in order)
        self.postings_visited = 0  # work counters, for tests and benchmarks
        self.updated: int | None = None  # vectors computed again by an update; None after a full build
        n = self._n = len(self.articles)
        self._days = [a.meta.date.toordinal() for a in self.articles]
        self._topic_sets = [tuple(dict.fromkeys(t.topic_id for t in a.tags)) for a in self.articles]
        self._topic_frozen = [frozenset(topics) for topics in self._topic_sets]
        topic_df = Counter(t for topics in self._topic_sets for t in topics)
        self._topic_idf = {t: math.log(1 + _rounded_df(n) / _rounded_df(df)) for t, df in topic_df.items()}
        idf_of = self._topic_idf.__getitem__
        self._topic_weight = [math.fsum(map(idf_of, topics)) for topics in self._topic_sets]  # sum of idfs
        counts = [(terms_of or article_terms)(a) for a in self.articles]
        inputs = tuple(inputs[i] for i in order) if inputs is not None else ()
        keys = tuple(keys[i] for i in order) if keys is not None else ()
        changes = self._changed(previous, inputs, keys, counts, old_terms)
        if changes is None:
            self._build(counts)
        else:
            self._update(previous, counts, *changes)
        self.state = LinkState(tuple(a.id for a in self.articles), inputs, keys, self._df, self._vectors,
                               self._query, self._postings, self._text_candidates, self.pairs, self._topic_idf)

    # -- full build ------------------------------------------------------------------------------
    def _build(self, counts: list[Counter]) -> None:
        self._df = Counter()
        for c in counts:
            self._df.update(c.keys())
        n = self._n  # every term's idf, computed once (a lookup in C per term of each article below)
        idf = {term: _idf_value(term, d, n) for term, d in self._df.items()}.__getitem__
        self._vectors = [_vector(c, idf) for c in counts]
        self._query: dict[str, list[tuple[int, float]]] = {}
        for i, vector in enumerate(self._vectors):
            for term in itertools.islice(vector, QUERY_TERMS):
                self._query.setdefault(term, []).append((i, -vector[term]))
        self._postings = {term: _posting(items) for term, items in self._query.items()}
        self._text_candidates = [self._met(i) for i in range(self._n)]
        self.pairs = {p: self._score(*p) for p in sorted(self._candidates())}

    # -- update ----------------------------------------------------------------------------------
    def _changed(self, previous: LinkState | None, inputs: tuple, keys: tuple, counts: list[Counter],
                 old_terms) -> tuple[list, list, list] | None:
        """What changed since ``previous``, or None (build all).

        Returns the new index of each old article (None: removed), (new index, old term counts) of each
        article added (counts None) or changed in any input, and (old index, old counts) of each removed one.
        """
        n = self._n
        if (previous is None or old_terms is None or len(inputs) != n or len(keys) != n or not n
                or not previous.ids or _rounded_df(len(previous.ids)) != _rounded_df(n)):
            return None  # (a changed rounded article count moves every idf)
        old_at = {aid: j for j, aid in enumerate(previous.ids)}
        new_of_old: list[int | None] = [None] * len(previous.ids)
        changed = []
        for i, article in enumerate(self.articles):
            j = old_at.get(article.id)
            if j is None:
                changed.append((i, None))
                continue
            new_of_old[j] = i
            old, new = previous.inputs[j], inputs[i]
            if old != new:
                counts_before = counts[i] if old[-1] == new[-1] else old_terms(previous.keys[j])
                if counts_before is None:
                    return None
                changed.append((i, counts_before))
        removed = []
        for j, i in enumerate(new_of_old):
            if i is None:
                counts_before = old_terms(previous.keys[j])
                if counts_before is None:
                    return None
                removed.append((j, counts_before))
        return new_of_old, changed, removed

    def _update(self, previous: LinkState, counts: list[Counter], new_of_old: list, changed: list,
                removed: list) -> None:
        n = self._n
        df = self._df = previous.df
        moved: dict[str, int] = {}  # terms whose document frequency changed: the frequency before

        def count_out(terms) -> None:
            for term in terms:
                moved.setdefault(term, df[term])
                df[term] -= 1
                if not df[term]:
                    del df[term]

        def count_in(terms) -> None:
            for term in terms:
                moved.setdefault(term, df.get(term, 0))
                df[term] = df.get(term, 0) + 1

        for _, old in removed:
            count_out(old.keys())
        for i, old in changed:
            new = counts[i]
            if old is None:
                count_in(new.keys())
            elif old is not new:
                count_out(old.keys() - new.keys())
                count_in(new.keys() - old.keys())
        idf = _idf(df, n)  # the rounded article count is the previous one (see ``_changed``)
        # A term's weight changes with its idf: every vector holding such a term is computed again.
        reweighed = {t for t, before in moved.items()
                     if _idf_value(t, before, n) != (_idf_value(t, df[t], n) if t in df else 0.0)}
        old_of_new: list[int | None] = [None] * n
        for j, i in enumerate(new_of_old):
            if i is not None:
                old_of_new[i] = j
        old_vectors, query = previous.vectors, previous.query
        touched = {i for i, _ in changed}
        if reweighed:
            touched.update(i for i, c in enumerate(counts) if i not in touched and not c.keys().isdisjoint(reweighed)
                           and _reweighs(old_vectors[old_of_new[i]], c, reweighed, idf))
        self.updated = len(touched)
        # Take the removed articles and the old vectors of touched ones out of the query lists (old indexes).
        terms: set[str] = set()  # query terms whose postings may have changed
        for j in sorted([j for j, _ in removed] + [j for i in touched if (j := old_of_new[i]) is not None]):
            for term in itertools.islice(old_vectors[j], QUERY_TERMS):
                items = query[term]
                del items[bisect.bisect_left(items, (j,))]
                terms.add(term)
        # Renumber what is kept. Both orders are by id, so the mapping keeps every list's order.
        if all(i == j for j, i in enumerate(new_of_old)):  # articles only added, after the others by id
            postings = previous.postings
            self._vectors = old_vectors + [{}] * (n - len(old_vectors))
            self._text_candidates = previous.text_candidates + [()] * (n - len(old_vectors))
            old_pairs = previous.pairs
        else:
            m = new_of_old
            query = {t: [(m[i], w) for i, w in items] for t, items in query.items()}
            postings = {t: [-1 if m[i] is None else m[i] for i in ids] for t, ids in previous.postings.items()}
            self._vectors = [{}] * n
            self._text_candidates = [()] * n
            for j, i in enumerate(m):
                if i is not None:
                    self._vectors[i] = old_vectors[j]
                    self._text_candidates[i] = tuple(-1 if m[k] is None else m[k]
                                                     for k in previous.text_candidates[j])
            old_pairs = {(m[a], m[b]): pair._replace(a=m[a], b=m[b]) for (a, b), pair in previous.pairs.items()
                         if m[a] is not None and m[b] is not None}
        self._query, self._postings = query, postings
        for i in sorted(touched):
            vector = self._vectors[i] = _vector(counts[i], idf)
            for term in itertools.islice(vector, QUERY_TERMS):
                bisect.insort(query.setdefault(term, []), (i, -vector[term]))
                terms.add(term)
        met_again = set(touched)  # articles whose candidates may have changed
        for term in terms:
            items = query.get(term)
            if not items:
                query.pop(term, None)
                postings.pop(term, None)
                continue
            ids = _posting(items)
            if ids != postings.get(term):  # (a removed article's place, -1, never matches)
                postings[term] = ids
                met_again.update(i for i, _ in items)
        for i in sorted(met_again):
            self._text_candidates[i] = self._met(i)
        # A pair is scored again when one of its articles changed or holds a topic whose idf moved.
        moved_topics = {t for t in self._topic_idf.keys() | previous.topic_idf.keys()
                        if self._topic_idf.get(t) != previous.topic_idf.get(t)}
        rescore = touched | {i for i, topics in enumerate(self._topic_frozen) if not topics.isdisjoint(moved_topics)}
        self.pairs = {}
        for p in sorted(self._candidates()):
            pair = old_pairs.get(p)
            self.pairs[p] = pair if pair is not None and p[0] not in rescore and p[1] not in rescore \
                else self._score(*p)

    # -- candidates ------------------------------------------------------------------------------
    def _met(self, i: int) -> tuple[int, ...]:
        """The articles met most often through the postings of article ``i``'s query terms."""
        met: Counter = Counter()
        postings = self._postings
        for term in itertools.islice(self._vectors[i], QUERY_TERMS):
            ids = postings[term]
            met.update(ids)
            self.postings_visited += len(ids)
        met.pop(i, None)
        # Ties keep the order first met, which depends only on the (sorted) input.
        return tuple(j for j, _ in met.most_common(TEXT_CANDIDATES))

    def _candidates(self) -> set[tuple[int, int]]:
        """Pairs worth scoring: strong shared terms, or time-nearest articles of a shared top topic."""
        # Postings hold each article under its strongest terms only, and each term keeps the
        # articles where it weighs most: two articles meet when a term is strong in both.
        pairs: set[tuple[int, int]] = set()
        for i, met in enumerate(self._text_candidates):
            pairs.update((i, j) if i < j else (j, i) for j in met)

        by_topic: dict[str, list[tuple[int, int]]] = {}
        for i, topics in enumerate(self._topic_sets):
            for topic in topics:
                by_topic.setdefault(topic, []).append((self._days[i], i))
        for items in by_topic.values():
            items.sort()
        for i, topics in enumerate(self._topic_sets):
            for topic in topics[:TOPICS_PER_ARTICLE]:
                items = by_topic[topic]
                at = bisect.bisect_left(items, (self._days[i], i))
                for _, j in items[max(0, at - TOPIC_NEIGHBOURS):at + TOPIC_NEIGHBOURS + 1]:
                    if j != i:
                        pairs.add((i, j) if i < j else (j, i))
        return pairs

    def _score(self, a: int, b: int) -> Pair:
        va, vb = self._vectors[a], self._vectors[b]
        # fsum is exact, so the result does not depend on the (hash-seeded) order of the set.
        common = va.keys() & vb.keys()
        text = math.fsum(map(mul, map(va.__getitem__, common), map(vb.__getitem__, common)))
        shared = self._topic_frozen[a] & self._topic_frozen[b]
        topics = 0.0
        if shared:  # the idfs of the shared topics over those of all topics of either (the union's, counted once)
            both = math.fsum(map(self._topic_idf.__getitem__, shared))
            topics = both / math.fsum((self._topic_weight[a], self._topic_weight[b], -both))
        days = abs(self._days[a] - self._days[b])
        score = (TEXT_WEIGHT * text + (1 - TEXT_WEIGHT) * topics) * 0.5 ** (days / HALF_LIFE_DAYS)
        return Pair(a, b, round(text, 6), round(topics, 6), days, round(score, 6), shared)

    def related(self, k: int = 5) -> dict[str, tuple[Related, ...]]:
        """Up to ``k`` related articles per article id, by score (desc) then id; never itself."""
        found: list[list[tuple[float, str, frozenset[str]]]] = [[] for _ in self.articles]
        for pair in self.pairs.values():
            if pair.score >= MIN_RELATED:
                found[pair.a].append((-pair.score, self.articles[pair.b].id, pair.shared))
                found[pair.b].append((-pair.score, self.articles[pair.a].id, pair.shared))
        out = {}
        for i, items in enumerate(found):
            order = self._topic_sets[i]  # shared topics in this article's tag order, most salient first
            out[self.articles[i].id] = tuple(
                Related(other, -negative, tuple(t for t in order if t in shared))
                for negative, other, shared in sorted(items, key=lambda x: (x[0], x[1]))[:k])
        return out

    def stories(self, window_days: int = STORY_WINDOW_DAYS,
                threshold: float = STORY_SIMILARITY) -> tuple[Story, ...]:
        """Groups of two or more articles with similar text within ``window_days`` of each other, each in
        ``report_order``; a story's id is its first report's id (see ``report_order``)."""
        parent = list(range(len(self.articles)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for pair in self.pairs.values():
            if pair.text >= threshold and pair.days <= window_days:
                ra, rb = root(pair.a), root(pair.b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        groups: dict[int, list[int]] = {}
        for i in range(len(self.articles)):
            groups.setdefault(root(i), []).append(i)
        stories = []
        for members in groups.values():
            if len(members) < 2:
                continue
            ids = tuple(self.articles[i].id for i in sorted(members, key=lambda i: report_order(self.articles[i])))
            stories.append(Story(ids[0], ids))
        return tuple(sorted(stories, key=lambda s: s.id))

    def duplicates(self) -> dict[str, tuple[str, ...]]:
        """For each article, the other outlets that reported its event (``events``) or a near-copy of it (very
        similar, close dates): the first report of each, first report first (``report_order``: date, then time
        of day where known, then id). The article's own outlet is left out, and each other named outlet is
        listed once; every report of an unknown outlet is listed, and lists the others."""
        groups: list[set[int]] = [set(g) for g in events.clusters(tuple(
            events.Report(a.id, self._days[i], a.meta.title, a.meta.summary, self._topic_frozen[i])
            for i, a in enumerate(self.articles)))]
        for pair in self.pairs.values():
            if pair.text >= DUPLICATE_SIMILARITY and pair.days <= DUPLICATE_DAYS:
                groups.append({pair.a, pair.b})
        found: dict[int, set[int]] = {}
        for group in groups:
            for i in group:
                found.setdefault(i, set()).update(group)
        order = {i: report_order(self.articles[i]) for i in found}
        out = {}
        for i, reports in found.items():
            mine = _outlet(self.articles[i])
            seen = {mine} if mine else set()
            listed = []
            for j in sorted(reports, key=order.__getitem__):
                outlet = _outlet(self.articles[j])
                if j != i and outlet not in seen:
                    listed.append(self.articles[j].id)
                    if outlet:
                        seen.add(outlet)
            if listed:
                out[self.articles[i].id] = tuple(listed)
        return dict(sorted(out.items()))


def report_order(article: Article) -> tuple:
    """The order of a story's reports, and so its id, which is its first report's: by date, then by time
    where known (within a day, the reports with a time before those without), then by id.

    A story's id, the address of its page and feeds, depends on its first report only: later reports
    joining leave it as it is. A report dated before the first (an older article added late) becomes the
    first and gives the story its id; two stories joined by a new report take the id of the one that
    began first; a story whose first report is removed (or held back as a draft) takes its next report's
    id, and a story split in two keeps its id for the part holding its first report.
    """
    time = article.meta.time
    moment = (0, time.timestamp()) if time is not None else (1, 0.0)
    return (article.meta.date.toordinal(), *moment, article.id)


def _outlet(article: Article) -> str:
    """The article's outlet, compared case-insensitively; '' when unknown."""
    source = (article.meta.source or "").strip().casefold()
    return "" if source == "unknown" else source


def article_terms(article: Article) -> Counter:
    """Term counts of an article's cleaned title, subtitle and body (stop words are weighed 0 later)."""
    return Counter(arabic.keys(text_of(article)))


def _carries_meaning(term: str) -> bool:
    return term not in STOP_WORDS and len(term) > 1 and not term.isdigit()


DF_STEPS_PER_DOUBLING = 8  # document frequencies are rounded to 2^(k/8), steps of about 9%


@lru_cache(maxsize=None)
def _rounded_df(d: int) -> float:
    """A document frequency (or article count) rounded on a log scale, so that one article more or less
    seldom changes it.

    An edit changes the frequency of the terms it adds or removes, and an idf that moved would change
    the vector of every article holding the term: thousands for a common word. Rounded, a common
    word's idf stays the same through most edits (a term in d articles moves to the next step about
    once in d * 0.09 edits), which keeps ``SimilarityIndex`` updates small; the weights move by 9% at most. The
    article count in the idf is rounded the same way, so that a new article leaves the other
    articles' similarities, and their related lists, as they were.
    """
    return log_rounded(d, DF_STEPS_PER_DOUBLING)


def log_rounded(value: float, steps_per_doubling: int) -> float:
    """``value`` (positive) rounded to the nearest 2^(k / steps_per_doubling)."""
    return 2 ** (round(math.log2(value) * steps_per_doubling) / steps_per_doubling)


def _idf_value(term: str, d: int, n: int) -> float:
    return math.log(1 + _rounded_df(n) / _rounded_df(d)) if d > 1 and _carries_meaning(term) else 0.0


def _idf(df: dict[str, int], n: int) -> Callable[[str], float]:
    """A term's inverse document frequency; 0 for a term of one article or one that carries no meaning."""
    memo: dict[str, float] = {}

    def idf(term: str) -> float:
        value = memo.get(term)
        if value is None:
            value = memo[term] = _idf_value(term, df[term], n)
        return value

    return idf


_LOG_TF = [0.0] + [1 + math.log(tf) for tf in range(1, 256)]


def _tf_weight(tf: int) -> float:
    return _LOG_TF[tf] if tf < 256 else 1 + math.log(tf)


def _reweighs(vector: dict[str, float], counts: Counter, moved: set[str], idf: Callable[[str], float]) -> bool:
    """Whether new idfs of the ``moved`` terms change ``vector`` (of term ``counts``): one of its terms
    moved, or a moved term may now weigh enough to enter it. Otherwise its terms and weights stay."""
    if not vector.keys().isdisjoint(moved):
        return True
    held = counts.keys() & moved
    if len(vector) < TERMS_PER_ARTICLE:  # every term of nonzero idf is kept
        return any(map(idf, held))
    weakest = next(reversed(vector))  # kept terms are ordered strongest first
    cut = _tf_weight(counts[weakest]) * idf(weakest)
    return any(_tf_weight(counts[t]) * idf(t) >= cut for t in held)


def _vector(counts: Counter, idf: Callable[[str], float]) -> dict[str, float]:
    """The unit TF-IDF vector of the ``TERMS_PER_ARTICLE`` strongest shared terms, strongest first.

    A term of one article only cannot make two articles similar, so it is left out; keeping the
    strongest terms makes each vector a short signature whose cosine is cheap to compute.
    """
    log_tf = _LOG_TF
    kept = sorted([((log_tf[tf] if tf < 256 else 1 + math.log(tf)) * w, t) for t, tf in counts.items()
                   if (w := idf(t))], reverse=True)
    del kept[TERMS_PER_ARTICLE:]
    norm = math.sqrt(sum([w * w for w, _ in kept])) or 1.0
    return {t: w / norm for w, t in kept}


def _posting(items: list[tuple[int, float]]) -> list[int]:
    """The articles a term's postings keep: where it weighs most, or all of them (by index) when few."""
    if len(items) > POSTINGS_PER_TERM:
        return [i for _, i in sorted((w, i) for i, w in items)[:POSTINGS_PER_TERM]]
    return [i for i, _ in items]


def related(articles: tuple[Article, ...], k: int = 5) -> dict[str, tuple[Related, ...]]:
    """Up to ``k`` related articles for every article id, best first (ties by id); never the article itself."""
    return SimilarityIndex(articles).related(k)


def stories(articles: tuple[Article, ...], window_days: int = STORY_WINDOW_DAYS) -> tuple[Story, ...]:
    """Developing stories: articles with similar text chained within ``window_days``, oldest first."""
    return SimilarityIndex(articles).stories(window_days)


def also_reported_by(articles: tuple[Article, ...]) -> dict[str, tuple[str, ...]]:
    """The other reports of the same event and near-copies, by article id (``SimilarityIndex.duplicates``)."""
    return SimilarityIndex(articles).duplicates()


class Links(NamedTuple):
    """What cross-linking finds, by article id: related articles, story ids, near-duplicates; and the stories."""

    related: dict[str, tuple[Related, ...]]
    story_of: dict[str, str]
    duplicates: dict[str, tuple[str, ...]]
    stories: tuple[Story, ...]


def find_links(articles: tuple[Article, ...], k: int = 5, terms_of: Callable[[Article], Counter] | None = None
               ) -> Links:
    """One similarity pass for related articles, stories and near-duplicates (see ``link``)."""
    return found_in(SimilarityIndex(articles, terms_of), k)


def found_in(corpus: SimilarityIndex, k: int = 5, duplicates: dict[str, tuple[str, ...]] | None = None) -> Links:
    """Related articles, stories and near-duplicates of a built ``SimilarityIndex`` (``duplicates``: ``corpus.duplicates()``
    when the caller computed it already)."""
    found = corpus.stories()
    return Links(corpus.related(k), {i: s.id for s in found for i in s.article_ids},
                 corpus.duplicates() if duplicates is None else duplicates, found)


def link_inputs(article: Article, text_key: str) -> tuple:
    """Everything of one article that ``find_links`` reads, with ``text_key`` standing for the text it
    takes its terms from (see ``text_of``): two corpora with the same inputs have the same links."""
    time = article.meta.time  # orders a story's reports within a day
    return (article.id, article.meta.date.toordinal(), time and time.timestamp(),
            tuple(t.topic_id for t in article.tags), _outlet(article), (article.meta.title, article.meta.summary),
            text_key)


def text_of(article: Article) -> str:
    """The text ``article_terms`` counts the terms of."""
    clean = article.clean
    return "\n".join([clean.title, clean.subtitle or "", *(b.text for b in clean.body)])


def with_found(articles: tuple[Article, ...], found: Links) -> tuple[Article, ...]:
    """The articles (same order) enriched with what ``find_links`` found."""
    return tuple(linked_article(a, found.related.get(a.id, ()), found.story_of.get(a.id),
                                found.duplicates.get(a.id, ())) for a in articles)


def link(articles: tuple[Article, ...], k: int = 5, terms_of: Callable[[Article], Counter] | None = None
         ) -> tuple[tuple[Article, ...], tuple[Story, ...]]:
    """The articles (same order) enriched with related articles, story id and near-duplicates, and the stories.

    One similarity pass for both: prefer this to ``with_links`` followed by ``stories``. ``terms_of``
    (default ``article_terms``) may return cached term counts.
    """
    found = find_links(articles, k, terms_of)
    return with_found(articles, found), found.stories


def with_links(articles: tuple[Article, ...], k: int = 5) -> tuple[Article, ...]:
    """The articles (same order) enriched with related articles, story id and near-duplicates."""
    return link(articles, k)[0]


def first_mentions(article: Article) -> tuple[Mention, ...]:
    """The first body-paragraph mention of each tag (never a heading), non-overlapping, by position."""
    body = article.clean.body
    candidates = sorted(
        (m for tag in article.tags for m in tag.mentions
         if m.field == "body" and 0 <= m.block < len(body) and body[m.block].kind == "p" and m.end > m.start),
        key=lambda m: (m.block, m.start, -(m.end - m.start), m.topic_id))
    chosen: list[Mention] = []
    in_block: dict[int, list[Mention]] = {}  # chosen mentions by paragraph: only those can overlap
    done: set[str] = set()
    for mention in candidates:
        if mention.topic_id in done:
            continue
        spans = in_block.setdefault(mention.block, [])
        if any(c.start < mention.end and mention.start < c.end for c in spans):
            continue
        chosen.append(mention)
        spans.append(mention)
        done.add(mention.topic_id)
    return tuple(sorted(chosen, key=lambda m: (m.block, m.start)))

