"""Lines that recur across one outlet's articles: the chrome of its site's template.

A site prints its menus, section bars, footers, follow-us lines and disclaimers on every article page,
so a scraper saves them with each one. A short line found in most of one outlet's articles (three at
least) is that template's, not any article's; the cleaner drops it (``clean.clean(..., chrome=…)``).
An outlet is known by the host of the article's ``url:`` or else by its ``source:``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from urllib.parse import urlparse

from .clean import line_key

MIN_ARTICLES = 3  # an outlet's template shows only across several of its pages
SHARE = 0.6  # of the outlet's articles a line must recur in: a template's lines are on nearly every page
MAX_WORDS = 15  # longer lines are prose: two articles may quote the same sentence

_FIELD = re.compile(r"^(url|source):[ \t]*[\"']?(.*?)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)
_UNKNOWN = frozenset({"", "unknown", "null", "~"})


def outlet_of(meta_text: str | None) -> str | None:
    """The outlet of an article from its YAML text: the host of its ``url:``, else its ``source:``, else None."""
    if not meta_text:
        return None
    fields = {name: value.strip() for name, value in _FIELD.findall(meta_text)}
    host = urlparse(fields.get("url", "")).netloc.lower().removeprefix("www.")
    if host:
        return host
    source = fields.get("source", "")
    return None if source.lower() in _UNKNOWN else source


def _short_line_keys(raw: str) -> frozenset[str]:
    keys = set()
    for line in raw.splitlines():
        words = line.split()
        if words and len(words) <= MAX_WORDS:
            key = line_key(line)
            if key:
                keys.add(key)
    return frozenset(keys)


def recurring_chrome(articles: Iterable[tuple[str, str, str | None]]) -> dict[str, frozenset[str]]:
    """For (id, raw text, YAML text) of every article, the keys of its lines that recur across its outlet's
    articles, by article id (articles without any are left out)."""
    by_outlet: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for article_id, raw, meta_text in articles:
        outlet = outlet_of(meta_text)
        if outlet is not None:
            by_outlet[outlet].append((article_id, raw))
    found: dict[str, frozenset[str]] = {}
    for group in by_outlet.values():
        if len(group) < MIN_ARTICLES:
            continue
        keys = [_short_line_keys(raw) for _, raw in group]
        counts = Counter(key for article_keys in keys for key in article_keys)
        need = max(MIN_ARTICLES, math.ceil(SHARE * len(group)))
        common = {key for key, n in counts.items() if n >= need}
        if not common:
            continue
        for (article_id, _), article_keys in zip(group, keys):
            mine = article_keys & common
            if mine:
                found[article_id] = frozenset(mine)
    return found
