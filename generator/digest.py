"""Monthly digests: each month's articles grouped by their main topic."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Article, Digest, Topic


def main_topic(article: Article, kinds: dict[str, str]) -> str:
    """The id an article is filed under: its best theme (kind ``topic``), else its best tag, else ''."""
    for tag in article.tags:  # tags are sorted by score, best first
        if kinds.get(tag.topic_id) == "topic":
            return tag.topic_id
    return article.tags[0].topic_id if article.tags else ""


def monthly(articles: Iterable[Article], topics: Iterable[Topic] = ()) -> tuple[Digest, ...]:
    """One digest per month ("YYYY-MM"), newest month first.

    Groups are ordered by size (desc) then topic id, with the untagged group ("") last; article
    ids inside a group and in ``article_ids`` are newest first, ties by id. Without ``topics``
    (for their kinds) an article is filed under its best tag.
    """
    kinds = {t.id: t.kind for t in topics}
    by_month: dict[str, list[Article]] = {}
    for article in articles:
        by_month.setdefault(article.meta.date.strftime("%Y-%m"), []).append(article)

    digests = []
    for period in sorted(by_month, reverse=True):
        newest_first = sorted(by_month[period], key=lambda a: (-a.meta.date.toordinal(), a.id))
        groups: dict[str, list[str]] = {}
        for article in newest_first:
            groups.setdefault(main_topic(article, kinds), []).append(article.id)
        ordered = sorted(groups.items(), key=lambda g: (g[0] == "", -len(g[1]), g[0]))
        digests.append(Digest(period=period,
                              groups=tuple((topic_id, tuple(ids)) for topic_id, ids in ordered),
                              article_ids=tuple(a.id for a in newest_first)))
    return tuple(digests)
