"""Tests of related articles, first mentions, stories and near-duplicates (generator/links.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
from pathlib import Path

from generator import links
from generator.model import Article, Block, CleanArticle, Meta, Source, Tag
from test_topics import seed_articles  # the seeds, cleaned by the test stand-in and tagged

# ── helpers ───────────────────────────────────────────────────────────────────────────

_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكمنهي"


def _vocabulary(rnd: random.Random, size: int) -> list[str]:
    words = sorted({"".join(rnd.choice(_LETTERS) for _ in range(rnd.randint(4, 7))) for _ in range(size)})
    rnd.shuffle(words)
    return words


def make_article(article_id: str, text: str, day: dt.date, source: str = "unknown",
                 topics: tuple[str, ...] = ()) -> Article:
    sentences = [s for s in text.split(".") if s.strip()]
    body = tuple(Block("p", s.strip() + ".") for s in sentences[1:]) or (Block("p", text),)
    clean = CleanArticle(title=sentences[0].strip() if sentences else article_id, body=body)
    return Article(article_id, Source(article_id, Path(article_id + ".txt"), text), clean,
                   Meta(title=clean.title, summary="", date=day, source=source),
                   tags=tuple(Tag(t, 1.0) for t in topics))


def synthetic_corpus(n: int, words: int = 200, seed: int = 7) -> tuple[Article, ...]:
    """``n`` articles in stories of about five, Zipf-distributed background words, dates over four years."""
    rnd = random.Random(seed)
    vocab = _vocabulary(rnd, 8000)
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocab))))
    story_words = [rnd.sample(vocab[1000:], 30) for _ in range(max(1, n // 5))]
    topics = [f"topic-{i}" for i in range(40)]
    start = dt.date(2020, 1, 1)
    out = []
    for i in range(n):
        story = rnd.randrange(len(story_words))
        text = rnd.choices(vocab, cum_weights=cumulative, k=words - 40) + rnd.choices(story_words[story], k=40)
        rnd.shuffle(text)
        sentences = ". ".join(" ".join(text[j:j + 20]) for j in range(0, len(text), 20))
        out.append(make_article(f"a{i:05d}", sentences, start + dt.timedelta(days=rnd.randrange(1400)),
                                topics=tuple(sorted(rnd.sample(topics, 3)))))
    return tuple(out)


def _by_prefix(ids) -> list[str]:
    return [i[:3] for i in ids]


# ── related ───────────────────────────────────────────────────────────────────────────

def test_the_2021_strategic_dialogue_articles_relate_to_each_other_first():
    # 001 (July 2021: first round of the dialogue, withdrawal statement) and 003 (Feb 2021: Iraq
    # asks for a new round on the withdrawal) are one story arc; 004 is the 2023 security dialogue.
    related = links.related(seed_articles())
    by_seed = {k[:3]: _by_prefix(r.article_id for r in v) for k, v in related.items()}

    def rank(of: str, other: str) -> int:  # a missing article ranks after all listed ones
        return by_seed[of].index(other) if other in by_seed[of] else len(by_seed[of])

    assert "003" in by_seed["001"] and "001" in by_seed["003"]
    assert rank("001", "003") < rank("001", "004")
    assert rank("003", "001") < rank("003", "004")


def test_related_is_never_the_article_itself_and_respects_k():
    articles = seed_articles()
    for k in (1, 3, 5):
        related = links.related(articles, k=k)
        assert set(related) == {a.id for a in articles}
        for article_id, items in related.items():
            assert 0 < len(items) <= k
            assert article_id not in {r.article_id for r in items}
            assert len({r.article_id for r in items}) == len(items)


def test_related_reasons_are_shared_topics():
    articles = {a.id: a for a in seed_articles()}
    for article_id, items in links.related(tuple(articles.values())).items():
        mine = [t.topic_id for t in articles[article_id].tags]
        for r in items:
            theirs = {t.topic_id for t in articles[r.article_id].tags}
            assert set(r.shared_topics) == set(mine) & theirs
            assert list(r.shared_topics) == [t for t in mine if t in theirs]  # most salient first


def test_related_is_deterministic_whatever_the_input_order():
    articles = seed_articles() + synthetic_corpus(60)
    first = links.related(articles)
    assert links.related(tuple(reversed(articles))) == first
    shuffled = list(articles)
    random.Random(3).shuffle(shuffled)
    assert links.related(tuple(shuffled)) == first
    for items in first.values():
        assert [(-r.score, r.article_id) for r in items] == sorted((-r.score, r.article_id) for r in items)


def test_candidate_pairs_grow_linearly_not_quadratically():
    # Not timed: count the work. All pairs would be n(n-1)/2: four times more for twice the articles.
    per_article = links.TEXT_CANDIDATES + 2 * links.TOPIC_NEIGHBOURS * links.TOPICS_PER_ARTICLE
    visits_cap = links.QUERY_TERMS * links.POSTINGS_PER_TERM
    counts = {}
    for n in (200, 400, 800, 1600):
        corpus = links.SimilarityIndex(synthetic_corpus(n, words=60))
        counts[n] = (len(corpus.pairs), corpus.postings_visited)
        assert len(corpus.pairs) <= per_article * n < n * (n - 1) / 2
        assert corpus.postings_visited <= visits_cap * n
    assert counts[1600][0] / counts[800][0] < 2.5, counts
    assert counts[1600][0] / counts[200][0] < 8 * 1.5, counts


def test_related_finds_the_story_siblings_in_a_larger_corpus():
    rnd = random.Random(11)
    vocab = _vocabulary(rnd, 3000)
    background = synthetic_corpus(300, words=120)
    story = rnd.sample(vocab, 40)
    day = dt.date(2022, 5, 1)
    siblings = tuple(
        make_article(f"s{i}", " ".join(rnd.choices(story, k=60) + rnd.choices(vocab, k=60)), day + dt.timedelta(days=i))
        for i in range(4))
    related = links.related(background + siblings, k=5)
    for sibling in siblings:
        assert {r.article_id for r in related[sibling.id][:3]} == {s.id for s in siblings} - {sibling.id}


# ── stories and near-duplicates ───────────────────────────────────────────────────────

def _news_corpus():
    rnd = random.Random(5)
    vocab = _vocabulary(rnd, 3000)
    event = " ".join(rnd.choices(vocab[:600], k=150))
    edited = event.replace(event.split()[3], "كلمة").replace(event.split()[40], "أخرى")
    follow_up = " ".join(event.split()[:70] + rnd.choices(vocab, k=80))
    day = dt.date(2023, 3, 1)
    articles = (
        make_article("a-first", event, day, source="Outlet A"),
        make_article("b-same-news", edited, day + dt.timedelta(days=1), source="Outlet B"),
        make_article("c-same-outlet", edited, day + dt.timedelta(days=2), source="outlet a"),
        make_article("d-follow-up", follow_up, day + dt.timedelta(days=9), source="Outlet C"),
        make_article("e-months-later", event, day + dt.timedelta(days=200), source="Outlet D"),
    )
    other = synthetic_corpus(40, words=150)
    return articles + other


def test_stories_group_similar_articles_within_the_window():
    stories = {s.id: s.article_ids for s in links.stories(_news_corpus())}
    assert stories["a-first"] == ("a-first", "b-same-news", "c-same-outlet", "d-follow-up")
    assert not any("e-months-later" in ids for ids in stories.values())
    for story_id, ids in stories.items():
        assert story_id == ids[0] and len(ids) >= 2


def test_also_reported_by_needs_another_outlet_and_close_dates():
    dups = links.also_reported_by(_news_corpus())
    assert dups["a-first"] == ("b-same-news",)  # c is the same outlet; e is months later
    assert dups["b-same-news"] == ("a-first",)  # Outlet A once, by its first report (c is "outlet a" again)
    assert dups["c-same-outlet"] == ("b-same-news",)
    assert "d-follow-up" not in dups and "e-months-later" not in dups


def test_reports_of_unknown_outlets_are_also_reported_by():
    a = make_article("x1", "نص واحد مكرر تماما هنا وهناك مرات", dt.date(2023, 1, 1))
    b = make_article("x2", "نص واحد مكرر تماما هنا وهناك مرات", dt.date(2023, 1, 1))
    c = make_article("x3", "نص واحد مكرر تماما هنا وهناك مرات", dt.date(2023, 1, 1), source="Outlet A")
    assert links.also_reported_by((a, b, c)) == {"x1": ("x2", "x3"), "x2": ("x1", "x3"), "x3": ("x1", "x2")}


def test_a_reworded_report_of_the_same_event_is_also_reported_by():
    """Two outlets' reports of one bombing, in different words, the same day: one event, not a near-copy."""
    day = dt.date(2021, 1, 21)
    first = make_article("t1", "قتل 28 شخصا وأصيب 73 في تفجير انتحاري مزدوج استهدف سوقا شعبيا في ساحة الطيران وسط بغداد. "
                         "وقالت قيادة العمليات إن انتحاريين فجرا نفسيهما.", day, source="Outlet A")
    second = make_article("t2", "ارتفعت حصيلة التفجيرين الانتحاريين في ساحة الطيران ببغداد إلى 28 قتيلا و73 جريحا. "
                          "وأكد الناطق العسكري أن الاعتداء نفذه انتحاريان في سوق مزدحم.", day, source="Outlet B")
    other = make_article("t3", "افتتح وزير التربية مدرسة جديدة في البصرة بحضور المحافظ. وتضم المدرسة عشرين صفا.",
                         day, source="Outlet C")
    assert links.also_reported_by((first, second, other)) == {"t1": ("t2",), "t2": ("t1",)}


def _timed(article: Article, hour: int | None) -> Article:
    """``article`` published at ``hour`` (Baghdad time) on its date, or with no time when ``hour`` is None."""
    if hour is None:
        return article
    zone = dt.timezone(dt.timedelta(hours=3))
    moment = dt.datetime.combine(article.meta.date, dt.time(hour), zone)
    return dataclasses.replace(article, meta=dataclasses.replace(article.meta, time=moment))


def test_also_reported_by_lists_each_outlet_first_report_first_by_time_of_day():
    """Four outlets report one bombing the same day; one of them twice. The list runs by time of day where the
    articles give one (before those without), then by id, and names each outlet once, by its first report."""
    day = dt.date(2021, 1, 21)
    text = ("قتل 28 شخصا وأصيب 73 في تفجير انتحاري مزدوج استهدف سوقا شعبيا في ساحة الطيران وسط بغداد. "
            "وقالت قيادة العمليات إن انتحاريين فجرا نفسيهما في سوق مزدحم.")
    reports = {  # id: (outlet, hour)
        "a-evening": ("Outlet A", 21), "b-morning": ("Outlet B", 9), "c-noon": ("Outlet C", 12),
        "d-no-time": ("Outlet D", None), "c-later": ("Outlet C", 16), "0-no-time": ("Outlet E", None),
    }
    articles = tuple(_timed(make_article(i, text, day, source=outlet), hour) for i, (outlet, hour) in reports.items())
    dups = links.also_reported_by(articles)
    assert dups["a-evening"] == ("b-morning", "c-noon", "0-no-time", "d-no-time")
    assert dups["c-later"] == ("b-morning", "a-evening", "0-no-time", "d-no-time")  # not its own outlet's
    assert dups["0-no-time"] == ("b-morning", "c-noon", "a-evening", "d-no-time")
    # The same reports without any time: by id within the day, the later day last.
    untimed = tuple(make_article(i, text, day + dt.timedelta(days=i.startswith("a")), source=outlet)
                    for i, (outlet, _) in reports.items())
    assert links.also_reported_by(untimed)["d-no-time"] == ("0-no-time", "b-morning", "c-later", "a-evening")


def test_with_links_keeps_order_and_fills_fields():
    articles = _news_corpus()
    linked = links.with_links(articles)
    assert [a.id for a in linked] == [a.id for a in articles]
    by_id = {a.id: a for a in linked}
    assert by_id["b-same-news"].story_id == "a-first"
    assert by_id["a-first"].also_reported_by == ("b-same-news",)
    assert by_id["a-first"].related and by_id["a-first"].related[0].article_id in {"b-same-news", "c-same-outlet"}
    assert by_id["e-months-later"].story_id is None
    linked_too, found = links.link(articles)
    assert linked_too == linked and found == links.stories(articles)


# ── first mentions ────────────────────────────────────────────────────────────────────

def test_first_mentions_are_in_paragraphs_once_per_topic_without_overlap():
    for article in seed_articles():
        body = article.clean.body
        found = links.first_mentions(article)
        assert found
        assert [(m.block, m.start) for m in found] == sorted((m.block, m.start) for m in found)
        assert len({m.topic_id for m in found}) == len(found)
        for m in found:
            assert body[m.block].kind == "p"
            assert body[m.block].text[m.start:m.end] == m.text
        for a, b in zip(found, found[1:]):
            assert a.block < b.block or a.end <= b.start


def test_first_mention_skips_headings_and_the_title():
    article = next(a for a in seed_articles() if a.id.startswith("000"))
    found = {m.topic_id: m for m in links.first_mentions(article)}
    # "مقتل سليماني" first appears in a subheading; its first paragraph mention comes later.
    headings = [i for i, b in enumerate(article.clean.body) if b.kind == "h"]
    assert headings and all(m.block not in headings for m in found.values())
    assert found["joe-biden"].block == 0  # the title names Biden too, but links go in the body
    assert found["soleimani-killing"].text == "مقتل قائد فيلق القدس"


def test_first_mention_of_a_nested_name_moves_past_the_phrase_holding_it():
    text = "بعد مقتل سليماني قال البيان. ثم زار سليماني بغداد."
    article = make_article("n1", "عنوان. " + text, dt.date(2020, 1, 1))
    from test_topics import tagger

    article = Article(article.id, article.source, article.clean, article.meta, tags=tagger().tag(article.clean))
    found = {m.topic_id: (m.block, m.text) for m in links.first_mentions(article)}
    assert found["soleimani-killing"] == (0, "مقتل سليماني")
    assert found["qassem-soleimani"] == (1, "سليماني")


# ── updates ───────────────────────────────────────────────────────────────────────────

def _full_and_updated(articles, previous, old_counts):
    """A full build of ``articles`` and an update of ``previous`` to them; both with term counts by id."""
    counts = {a.id: links.article_terms(a) for a in articles}
    inputs = tuple(links.link_inputs(a, links.text_of(a)) for a in articles)
    keys = tuple(a.id + "\0" + links.text_of(a) for a in articles)
    full = links.SimilarityIndex(articles, lambda a: counts[a.id], inputs=inputs, keys=keys)
    updated = links.SimilarityIndex(articles, lambda a: counts[a.id], inputs=inputs, keys=keys, previous=previous,
                           old_terms=old_counts.get)
    old_counts.update((key, counts[a.id]) for a, key in zip(articles, keys))
    return full, updated


def _same(full: links.SimilarityIndex, updated: links.SimilarityIndex) -> None:
    assert updated.pairs == full.pairs
    assert updated._vectors == full._vectors and dict(updated._df) == dict(full._df)
    assert {t: v for t, v in updated._query.items()} == full._query
    assert updated._postings == full._postings and updated._text_candidates == full._text_candidates
    assert links.found_in(updated) == links.found_in(full)


def test_an_update_after_text_edits_equals_a_full_build():
    """Edits of one or a few texts (words added, removed, a rare word made common, a text replaced)
    update the last build's structures to exactly what a build from scratch gives."""
    rnd = random.Random(5)
    articles = list(synthetic_corpus(240, words=80))
    old_counts: dict = {}
    full, _ = _full_and_updated(tuple(articles), None, old_counts)
    state, updates = full.state, []
    vocab = sorted({w for a in articles for b in a.clean.body for w in b.text.replace(".", " ").split()})
    rare = _vocabulary(random.Random(99), 20)
    for step in range(40):
        for _ in range(rnd.choice((1, 1, 1, 2, 5))):
            i = rnd.randrange(len(articles))
            a = articles[i]
            words = " ".join(b.text for b in a.clean.body).replace(".", " ").split()
            kind = rnd.choice(("add", "remove", "rare", "replace"))
            if kind == "add":
                words += rnd.sample(vocab, 5)
            elif kind == "remove":
                del words[: rnd.randint(1, len(words) // 2)]
            elif kind == "rare":  # a word new to the corpus, soon shared by several articles
                words.append(rnd.choice(rare))
            else:
                words = rnd.sample(vocab, 60)
            text = ". ".join(" ".join(words[j:j + 20]) for j in range(0, len(words), 20))
            articles[i] = make_article(a.id, f"{a.clean.title}. {text}", a.meta.date,
                                       topics=tuple(t.topic_id for t in a.tags))
        full, updated = _full_and_updated(tuple(articles), state, old_counts)
        assert updated.updated is not None, f"step {step}: built from scratch instead of updating"
        _same(full, updated)
        updates.append(updated.updated)
        state = updated.state
    # Most single-text edits recompute a few vectors; replacing whole texts reaches more.
    assert sum(u < len(articles) // 10 for u in updates) >= len(updates) // 4, sorted(updates)


def test_an_update_after_articles_added_removed_or_retagged_equals_a_full_build():
    """New articles (after the others by id, or between them), removed ones, and changed tags, dates or
    outlets update the last build's structures to exactly what a build from scratch gives."""
    rnd = random.Random(11)
    pool = list(synthetic_corpus(330, words=240, seed=3))
    articles, spare = pool[:300], pool[300:]
    old_counts: dict = {}
    state = _full_and_updated(tuple(articles), None, old_counts)[0].state
    updates: list[tuple[str, int]] = []
    for step in range(24):
        kind = ("append", "insert", "remove", "tags", "date", "outlet")[step % 6]
        if kind == "append":  # ids that sort after every other, as dated ids of new articles do
            new = spare.pop()
            articles.append(make_article("b" + new.id, " ".join([new.clean.title + "."] + [b.text for b in new.clean.body]),
                                         new.meta.date, topics=tuple(t.topic_id for t in new.tags)))
        elif kind == "insert":
            new = spare.pop()
            articles.append(make_article(rnd.choice(articles).id + "-x", " ".join(
                [new.clean.title + "."] + [b.text for b in new.clean.body]), new.meta.date,
                topics=tuple(t.topic_id for t in new.tags)))
        else:
            i = rnd.randrange(len(articles))
            a = articles[i]
            text = " ".join([a.clean.title + "."] + [b.text for b in a.clean.body])
            topics = tuple(t.topic_id for t in a.tags)
            if kind == "remove":
                del articles[i]
            elif kind == "tags":
                articles[i] = make_article(a.id, text, a.meta.date, topics=topics[1:] + ("topic-39", "topic-38"))
            elif kind == "date":
                articles[i] = make_article(a.id, text, a.meta.date + dt.timedelta(days=rnd.choice((-40, 3, 200))),
                                           topics=topics)
            else:
                articles[i] = make_article(a.id, text, a.meta.date, source="outlet-x", topics=topics)
        rnd.shuffle(articles)  # the callers' order does not matter
        full, updated = _full_and_updated(tuple(articles), state, old_counts)
        assert updated.updated is not None, f"step {step} ({kind}): built from scratch instead of updating"
        _same(full, updated)
        updates.append((kind, updated.updated))
        state = updated.state
    # A changed date, tag or outlet recomputes that article's vector only (and scores its pairs again).
    assert [u for kind, u in updates if kind in ("tags", "date", "outlet")] == [1] * 12, updates


def test_a_new_article_count_step_or_missing_term_counts_builds_from_scratch():
    articles = list(synthetic_corpus(60, words=60))
    old_counts: dict = {}
    state = _full_and_updated(tuple(articles), None, old_counts)[0].state
    # 60 articles round to 2^(47/8) = 58.7, 66 to 2^(48/8) = 64: every idf moves.
    grown = tuple(articles + [make_article(f"z{i}", f"عنوان {i}. نص جديد", dt.date(2024, 1, 1)) for i in range(6)])
    full, updated = _full_and_updated(grown, state, dict(old_counts))
    assert links._rounded_df(60) != links._rounded_df(66) and updated.updated is None
    _same(full, updated)
    a = articles[7]
    edited = tuple(articles[:7] + [make_article(a.id, "كلمة جديدة. " + " ".join(b.text for b in a.clean.body),
                                                a.meta.date, topics=tuple(t.topic_id for t in a.tags))]
                   + articles[8:])
    full, updated = _full_and_updated(edited, state, {})  # a text edited, but its old term counts are gone
    assert updated.updated is None
    _same(full, updated)
    removed = tuple(articles[:7] + articles[8:])
    full, updated = _full_and_updated(removed, state, {})  # the removed article's term counts are gone
    assert updated.updated is None
    _same(full, updated)


def test_removing_an_article_renews_the_candidates_of_those_that_met_it():
    """A word strong in 23 articles keeps them all in its postings. When one of them goes, of that word
    only, the word's rounded idf does not move and no vector changes, but the others, which met the
    article there, look for candidates again."""
    articles = list(synthetic_corpus(120, words=80, seed=5))
    for i in range(23):
        a = articles[i]
        text = " ".join([a.clean.title + "."] + [b.text for b in a.clean.body]) + " زمهرير" * 8
        articles[i] = make_article(a.id, text, a.meta.date, topics=tuple(t.topic_id for t in a.tags))
    gone = 3
    articles[gone] = make_article(articles[gone].id, "زمهرير." + " زمهرير" * 8, articles[gone].meta.date)
    old_counts: dict = {}
    full = _full_and_updated(tuple(articles), None, old_counts)[0]
    met_it = [i for i, met in enumerate(full._text_candidates) if gone in met and i != gone]
    assert links._rounded_df(23) == links._rounded_df(22) and len(met_it) >= 3
    full, updated = _full_and_updated(tuple(articles[:gone] + articles[gone + 1:]), full.state, old_counts)
    assert updated.updated == 0
    _same(full, updated)
