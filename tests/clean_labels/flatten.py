"""Flatten an HTML page to text the way a scraper saves it: one line per block element and per <br>.

Used to make real test material from saved HTML: ``python -m tests.clean_labels.flatten page.html > page.txt``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import lxml.html

BLOCKS = frozenset(
    "address article aside blockquote body dd details dialog div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table tbody thead tfoot tr td th "
    "ul option select button title".split())
SKIP = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "head"})


def flatten(html: str | bytes) -> str:
    """The page's visible text, one line per block, whitespace collapsed, empty lines dropped."""
    root = lxml.html.fromstring(html)
    title = root.findtext(".//title") or ""
    out: list[str] = [title]
    buf: list[str] = []

    def flush() -> None:
        text = re.sub(r"\s+", " ", "".join(buf)).strip()
        if text:
            out.append(text)
        buf.clear()

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in SKIP:
            if el.tail:
                buf.append(el.tail)
            return
        block = tag in BLOCKS or tag == "br"
        if block:
            flush()
        if el.text and tag not in SKIP:
            buf.append(el.text)
        for child in el:
            walk(child)
        if block:
            flush()
        if el.tail:
            buf.append(el.tail)

    body = root.find(".//body")
    walk(body if body is not None else root)
    flush()
    return "\n".join(line for line in (re.sub(r"\s+", " ", x).strip() for x in out) if line) + "\n"


if __name__ == "__main__":
    data = Path(sys.argv[1]).read_bytes()
    sys.stdout.write(flatten(data))
