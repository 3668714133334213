"""Links between articles over the whole corpus: related articles, first mentions, stories, duplicates.

Similarity is TF-IDF cosine over ``arabic.keys`` of title, subtitle and body (stop words and
numbers dropped), blended with the topics two articles share and their closeness in time.
Nothing here compares every article with every other: each article keeps its strongest terms
(``TERMS_PER_ARTICLE``), each term's postings keep the articles where it weighs most
(``POSTINGS_PER_TERM``), and only articles met through those postings, or through the
time-nearest articles of a shared topic, become candidate pairs. With constant caps the work
is linear in the number of articles, plus the sorting (n log n).

Document frequencies are rounded on a log scale (``DF_STEPS_PER_DOUBLING``) so that an edit seldom
changes a common word's idf. A ``Corpus`` can then update the previous run's structures
(``LinkState``) where the edited texts reach, with the same result as a build from scratch.
"""

from __future__ import annotations

import bisect
import itertools
import math
from operator import mul
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from . import arabic
from .model import Article, Mention, Related, Story

# Words that carry no topic (function words, reporting verbs, days, calendar words), in Arabic
# and English; compared by their keys, so one spelling of each is enough.
STOP_WORDS_TEXT = """
في من على علي الى إلى عن مع أن إن ان أنه إنه انه أنها إنها كان كانت يكون تكون كانوا قد لقد لا لم لن ما
ماذا هذا هذه ذلك تلك هؤلاء هناك هنا الذي التي الذين اللذين اللتين اللواتي هو هي هم هن هما نحن أنا أنت
كما كل بعض أي او أو ثم بل لكن حتى إذا اذا إذ منذ عند عندما بين خلال بعد قبل حول ضد دون غير فقط أيضا
مثل ليس ليست تم يتم وقد فيما بينما حيث وفق وفقا بحسب حسب عبر نحو لدى لدي إلا الا أكثر اكثر أقل جدا
عليه عليها عليهم فيه فيها فيهم منه منها منهم له لها لهم به بها بهم إليه إليها اليه اليها ذاته نفسه
قال قالت يقول تقول قالوا وقال وقالت أكد أكدت أضاف أضافت وأضاف أشار أشارت ذكر ذكرت أوضح أوضحت أعلن أعلنت
اليوم أمس غدا الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت يوم عام العام شهر الشهر
الماضي الماضية الحالي المقبل المقبلة الجاري الأول الثاني الجديد الجديدة
the a an of and or in on at to for from by with as is are was were be been that this these those it its
he she they we you his her their not no but if than then also has have had will would said says
"""
STOP_WORDS = frozenset(arabic.keys(STOP_WORDS_TEXT))

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
    """Two candidate articles (indexes into ``Corpus.articles``, a < b) and their similarities."""

    a: int
    b: int
    text: float
    topics: float
    days: int
    score: float
    shared: frozenset[str]


@dataclass
class LinkState:
    """What one ``Corpus`` computed, for the next to update instead of starting over (see ``Corpus``)."""

    ids: tuple[str, ...]  # article ids, sorted: the indexes below refer to this order
    inputs: tuple[tuple, ...]  # ``link_inputs`` of each article
    keys: tuple[str, ...]  # the caller's key of each article's term counts (to find the old counts)
    df: dict[str, int]  # in how many articles each term occurs
    vectors: list[dict[str, float]]
    query: dict[str, list[tuple[int, float]]]  # term -> (article, -weight) where it is a query term, by article
    postings: dict[str, list[int]]  # term -> the articles kept in its postings, in the order they are met
    text_candidates: list[tuple[int, ...]]
    pairs: dict[tuple[int, int], Pair]


class Corpus:
    """Similarity structures over a set of articles, built once: vectors, postings, candidate pairs.

    With ``previous`` (the ``state`` of an earlier Corpus) and the same articles, of which only the
    texts changed, only what those texts reach is computed again: the terms whose document frequency
    changed, the vectors holding them, the postings of their query terms, the candidates met through
    those postings and the pairs of changed vectors. The result is the one a full build gives
    (``tests/test_links.py`` compares them); anything else (an article added or removed, a date, tags
    or outlet changed, old term counts missing) builds everything.
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
        counts = [(terms_of or article_terms)(a) for a in self.articles]
        inputs = tuple(inputs[i] for i in order) if inputs is not None else ()
        keys = tuple(keys[i] for i in order) if keys is not None else ()
        changed = self._changed(previous, inputs, keys, old_terms)
        if changed is None:
            self._build(counts)
        else:
            self._update(previous, counts, changed)
        self.state = LinkState(tuple(a.id for a in self.articles), inputs, keys, self._df, self._vectors,
                               self._query, self._postings, self._text_candidates, self.pairs)

    # -- full build ------------------------------------------------------------------------------
    def _build(self, counts: list[Counter]) -> None:
        self._df = Counter()
        for c in counts:
            self._df.update(c.keys())
        idf = _idf(self._df, self._n)
        self._vectors = [_vector(c, idf) for c in counts]
        self._query: dict[str, list[tuple[int, float]]] = {}
        for i, vector in enumerate(self._vectors):
            for term in itertools.islice(vector, QUERY_TERMS):
                self._query.setdefault(term, []).append((i, -vector[term]))
        self._postings = {term: _posting(items) for term, items in self._query.items()}
        self._text_candidates = [self._met(i) for i in range(self._n)]
        self.pairs = {p: self._score(*p) for p in sorted(self._candidates())}

    # -- update ----------------------------------------------------------------------------------
    def _changed(self, previous: LinkState | None, inputs: tuple, keys: tuple, old_terms) -> list | None:
        """(index, old counts) of the articles whose text changed since ``previous``; None: build all."""
        if (previous is None or old_terms is None or len(inputs) != self._n or len(keys) != self._n
                or previous.ids != tuple(a.id for a in self.articles)):
            return None
        changed = []
        for i, (old, new) in enumerate(zip(previous.inputs, inputs)):
            if old != new:
                if old[:-1] != new[:-1]:  # date, tags or outlet: the topic similarities change too
                    return None
                counts = old_terms(previous.keys[i])
                if counts is None:
                    return None
                changed.append((i, counts))
        return changed

    def _update(self, previous: LinkState, counts: list[Counter], changed: list) -> None:
        n = self._n
        df = self._df = previous.df
        moved: dict[str, int] = {}  # terms whose document frequency changed: the frequency before
        for i, old in changed:
            new = counts[i]
            for term in old.keys() - new.keys():
                moved.setdefault(term, df[term])
                df[term] -= 1
                if not df[term]:
                    del df[term]
            for term in new.keys() - old.keys():
                moved.setdefault(term, df.get(term, 0))
                df[term] = df.get(term, 0) + 1
        idf = _idf(df, n)
        # A term's weight changes with its idf: every vector holding such a term is computed again.
        reweighed = {t for t, before in moved.items()
                     if _idf_value(t, before, n) != (_idf_value(t, df[t], n) if t in df else 0.0)}
        touched = {i for i, _ in changed}
        if reweighed:
            touched.update(i for i, c in enumerate(counts) if not c.keys().isdisjoint(reweighed))
        self.updated = len(touched)
        old_vectors = previous.vectors
        self._vectors = list(old_vectors)
        query, postings = self._query, self._postings = previous.query, previous.postings
        terms: set[str] = set()  # query terms whose postings may have changed
        for i in sorted(touched):
            for term in itertools.islice(old_vectors[i], QUERY_TERMS):
                items = query[term]
                del items[bisect.bisect_left(items, (i,))]
                terms.add(term)
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
            if ids != postings.get(term):
                postings[term] = ids
                met_again.update(i for i, _ in items)
        self._text_candidates = list(previous.text_candidates)
        for i in sorted(met_again):
            self._text_candidates[i] = self._met(i)
        old_pairs = previous.pairs
        self.pairs = {}
        for p in sorted(self._candidates()):
            pair = old_pairs.get(p)
            self.pairs[p] = pair if pair is not None and p[0] not in touched and p[1] not in touched \
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
        ta, tb = self._topic_frozen[a], self._topic_frozen[b]
        shared = ta & tb
        topics = 0.0
        if shared:
            idf = self._topic_idf.__getitem__
            topics = math.fsum(map(idf, shared)) / math.fsum(map(idf, ta | tb))
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
        """Groups of two or more articles with similar text within ``window_days`` of each other."""
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
            ids = tuple(self.articles[i].id for i in sorted(members, key=lambda i: (self._days[i], self.articles[i].id)))
            stories.append(Story(ids[0], ids))
        return tuple(sorted(stories, key=lambda s: s.id))

    def duplicates(self) -> dict[str, tuple[str, ...]]:
        """For each article, the ids of the same news from other outlets (very similar, close dates)."""
        out: dict[str, list[str]] = {}
        for pair in self.pairs.values():
            first, second = self.articles[pair.a], self.articles[pair.b]
            if (pair.text >= DUPLICATE_SIMILARITY and pair.days <= DUPLICATE_DAYS
                    and _outlet(first) and _outlet(second) and _outlet(first) != _outlet(second)):
                out.setdefault(first.id, []).append(second.id)
                out.setdefault(second.id, []).append(first.id)
        return {i: tuple(sorted(ids)) for i, ids in sorted(out.items())}


def _outlet(article: Article) -> str:
    """The article's outlet for duplicate detection; '' when unknown (never a duplicate then)."""
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
    once in d * 0.09 edits), which keeps ``Corpus`` updates small; the weights move by 9% at most. The
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
    return Corpus(articles).related(k)


def stories(articles: tuple[Article, ...], window_days: int = STORY_WINDOW_DAYS) -> tuple[Story, ...]:
    """Developing stories: articles with similar text chained within ``window_days``, oldest first."""
    return Corpus(articles).stories(window_days)


def also_reported_by(articles: tuple[Article, ...]) -> dict[str, tuple[str, ...]]:
    """Near-duplicates: the same news from different outlets, by article id."""
    return Corpus(articles).duplicates()


class Links(NamedTuple):
    """What cross-linking finds, by article id: related articles, story ids, near-duplicates; and the stories."""

    related: dict[str, tuple[Related, ...]]
    story_of: dict[str, str]
    duplicates: dict[str, tuple[str, ...]]
    stories: tuple[Story, ...]


def find_links(articles: tuple[Article, ...], k: int = 5, terms_of: Callable[[Article], Counter] | None = None
               ) -> Links:
    """One similarity pass for related articles, stories and near-duplicates (see ``link``)."""
    return found_in(Corpus(articles, terms_of), k)


def found_in(corpus: Corpus, k: int = 5) -> Links:
    """Related articles, stories and near-duplicates of a built ``Corpus``."""
    found = corpus.stories()
    return Links(corpus.related(k), {i: s.id for s in found for i in s.article_ids}, corpus.duplicates(), found)


def link_inputs(article: Article, text_key: str) -> tuple:
    """Everything of one article that ``find_links`` reads, with ``text_key`` standing for the text it
    takes its terms from (see ``text_of``): two corpora with the same inputs have the same links."""
    return (article.id, article.meta.date.toordinal(), tuple(t.topic_id for t in article.tags), _outlet(article),
            text_key)


def text_of(article: Article) -> str:
    """The text ``article_terms`` counts the terms of."""
    clean = article.clean
    return "\n".join([clean.title, clean.subtitle or "", *(b.text for b in clean.body)])


def with_found(articles: tuple[Article, ...], found: Links) -> tuple[Article, ...]:
    """The articles (same order) enriched with what ``find_links`` found."""
    return tuple(replace(a, related=found.related.get(a.id, ()), story_id=found.story_of.get(a.id),
                         also_reported_by=found.duplicates.get(a.id, ())) for a in articles)


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

