"""Tests of the monthly digests (generator/digest.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator import digest
from generator.model import Article, Block, CleanArticle, Meta, Source, Tag, Topic
from test_topics import seed_articles, taxonomy  # the seeds, cleaned by the test stand-in and tagged

TOPICS = (
    Topic("withdrawal", "topic", "انسحاب القوات", "Withdrawal"),
    Topic("dialogue", "topic", "الحوار الاستراتيجي", "Strategic dialogue"),
    Topic("iraq", "place", "العراق", "Iraq"),
    Topic("biden", "person", "بايدن", "Biden"),
)


def article(article_id: str, day: dt.date, *tags: str) -> Article:
    clean = CleanArticle(title=article_id, body=(Block("p", "نص."),))
    # Tags as the tagger gives them: best first.
    return Article(article_id, Source(article_id, Path(article_id), ""), clean,
                   Meta(title=article_id, summary="", date=day, source="unknown"),
                   tags=tuple(Tag(t, 10.0 - i) for i, t in enumerate(tags)))


def test_one_digest_per_month_newest_first():
    articles = (article("a", dt.date(2021, 7, 9), "iraq"), article("b", dt.date(2024, 1, 10), "iraq"),
                article("c", dt.date(2021, 7, 23), "iraq"), article("d", dt.date(2021, 2, 16), "iraq"))
    digests = digest.monthly(articles, TOPICS)
    assert [d.period for d in digests] == ["2024-01", "2021-07", "2021-02"]
    assert digests[1].article_ids == ("c", "a")


def test_articles_are_filed_under_their_best_theme_before_any_name():
    articles = (
        article("a", dt.date(2021, 7, 1), "iraq", "biden", "withdrawal"),  # a theme wins over better-scored names
        article("b", dt.date(2021, 7, 2), "biden", "iraq"),  # no theme: the best tag
        article("c", dt.date(2021, 7, 3)),  # untagged
        article("d", dt.date(2021, 7, 4), "dialogue", "withdrawal"),
        article("e", dt.date(2021, 7, 5), "withdrawal"),
        article("f", dt.date(2021, 7, 5), "biden"),
        article("g", dt.date(2021, 7, 6), "withdrawal", "biden"),
    )
    (month,) = digest.monthly(articles, TOPICS)
    assert month.groups == (
        ("withdrawal", ("g", "e", "a")),  # biggest group first, newest first inside
        ("biden", ("f", "b")),
        ("dialogue", ("d",)),  # same size as the untagged group, which comes last
        ("", ("c",)),
    )
    assert month.article_ids == ("g", "e", "f", "d", "c", "b", "a")  # same day: by id


def test_groups_of_equal_size_are_ordered_by_topic_id():
    articles = (article("a", dt.date(2021, 7, 1), "withdrawal"), article("b", dt.date(2021, 7, 2), "dialogue"))
    (month,) = digest.monthly(articles, TOPICS)
    assert month.groups == (("dialogue", ("b",)), ("withdrawal", ("a",)))


def test_without_kinds_the_best_tag_files_the_article():
    (month,) = digest.monthly((article("a", dt.date(2021, 7, 1), "iraq", "withdrawal"),))
    assert month.groups == (("iraq", ("a",)),)


def test_digest_is_deterministic_whatever_the_input_order():
    articles = seed_articles()
    first = digest.monthly(articles, taxonomy())
    assert digest.monthly(tuple(reversed(articles)), taxonomy()) == first
    assert digest.monthly((), taxonomy()) == ()


def test_seed_digests():
    digests = digest.monthly(seed_articles(), taxonomy())
    assert [d.period for d in digests] == ["2024-01", "2023-08", "2021-07", "2021-03"]
    july = digests[2]
    assert [i[:3] for i in july.article_ids] == ["001", "000"]
    # Both July 2021 pieces are mainly about the withdrawal.
    assert july.groups[0][0] == "us-withdrawal-iraq" and len(july.groups[0][1]) == 2
    for d in digests:
        assert sorted(i for _, ids in d.groups for i in ids) == sorted(d.article_ids)
