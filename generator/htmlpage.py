"""HTML in: a saved news page to the raw article text the cleaner reads, through trafilatura and htmldate.

trafilatura finds the article's body, headline and author in the page's markup (the menus, footers and
boxes around it are left behind), htmldate its publication date. The result is written as plain text
in the shape the cleaner expects of a scraped article: the headline, a labelled publication date, a
byline, then the body one block a line. The cleaner then applies the same typography fixes, tail rules
and metadata extraction as to any text article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from pathlib import Path

from .errors import SourceError

HTML_SUFFIXES = (".html", ".htm")
_HTML_HEAD = re.compile(rb"^\s*(?:<!--.*?-->\s*)*(?:<\?xml[^>]*>\s*)?<!doctype html|^\s*<html[\s>]", re.I | re.S)


MIN_WORDS = 12  # fewer words are a page's leftovers (a menu, a caption), not an article


@dataclass(frozen=True)
class Page:
    """What the extractor found in one HTML page."""

    text: str  # the article as raw text: headline, date line, byline, body
    title: str | None
    date: str | None  # ISO 8601 date, from the page's own markup or text
    author: str | None
    url: str | None  # the canonical URL the page declares


def looks_like_html(data: bytes, name: str = "") -> bool:
    """An HTML page by its suffix or by its first bytes (a doctype or an <html> element)."""
    return name.lower().endswith(HTML_SUFFIXES) or bool(_HTML_HEAD.match(data[:4096]))


def _one_line(value: str | None) -> str | None:
    value = re.sub(r"\s+", " ", value or "").strip()
    return value or None


def extract(html: str, path: Path | str) -> Page:
    """The article in an HTML page; SourceError (naming ``path``) when the page holds no article text."""
    import trafilatura  # imported lazily: only HTML inputs need it (its import takes a third of a second)

    doc: Any  # trafilatura's Document
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            favor_precision=False,
            deduplicate=False,
            # Only dates the page declares or prints as such: a guess from any year on the page is worse than none.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError) as exc:  # unparsable markup
        raise SourceError(f"cannot read the HTML page: {exc}", path) from None
    body = (doc.text or "") if doc is not None else ""
    paragraphs = [line.strip() for line in body.splitlines() if line.strip()]
    if doc is None or sum(len(p.split()) for p in paragraphs) < MIN_WORDS:
        raise SourceError("no article text found in the HTML page; expected the page of one news article", path)
    title, date, author = _one_line(doc.title), _one_line(doc.date), _one_line(doc.author)
    if title and paragraphs[0] == title:  # the extractor may keep the headline as the body's first line
        paragraphs = paragraphs[1:]
    head = [
        line for line in (title, f"تاريخ النشر: {date}" if date else None, f"كتب: {author}" if author else None) if line
    ]
    text = "\n\n".join(head + paragraphs) + "\n"
    return Page(text=text, title=title, date=date, author=author, url=_one_line(doc.url))
