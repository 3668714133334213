"""The real labelled pages (tests/clean_labels/real/): validate the labels and score the cleaner.

    python -m tests.clean_labels.real_set check
    python -m tests.clean_labels.real_set split DOMAIN
    python -m tests.clean_labels.real_set score [dev|test] [-v | --outlets]
    python -m tests.clean_labels.real_set sources > tests/clean_labels/real/SOURCES.md
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.clean import clean, tidy
from generator.errors import CleanError

REAL = Path(__file__).resolve().parent / "real"
ARTICLE = {"title", "subtitle", "heading", "body"}
OTHER = {"date", "dateline", "byline", "caption", "chrome"}
KEYS = {"source", "outlet", "domain", "country", "section", "kind", "split", "title", "date", "lines"}


def split_of(domain: str) -> str:
    """The part a page belongs to, decided by its outlet's domain alone."""
    return "test" if int(hashlib.sha1(domain.encode()).hexdigest(), 16) % 3 == 0 else "dev"


@dataclass
class Page:
    name: str
    raw: str
    meta: dict
    lines: list[str]          # tidy(raw) split, 1-based by index + 1

    @property
    def labels(self) -> dict[int, str]:
        return self.meta["lines"]


def load(split: str | None = None) -> list[Page]:
    pages = []
    for txt in sorted(REAL.glob("*.txt")):
        if not txt.with_suffix(".yml").exists():  # being written
            continue
        meta = yaml.safe_load(txt.with_suffix(".yml").read_text(encoding="utf-8"))
        if split and meta.get("split") != split:
            continue
        raw = txt.read_text(encoding="utf-8")
        pages.append(Page(txt.stem, raw, meta, tidy(raw).split("\n")))
    return pages


def problems(page: Page) -> list[str]:
    """What is wrong with a page's labels."""
    out = []
    meta = page.meta
    if set(meta) != KEYS:
        out.append(f"keys: missing {sorted(KEYS - set(meta))}, unknown {sorted(set(meta) - KEYS)}")
    labels = meta.get("lines") or {}
    non_empty = {no for no, text in enumerate(page.lines, 1) if text}
    if set(labels) != non_empty:
        out.append(f"labels must list exactly the non-empty lines of tidy(text): missing "
                   f"{sorted(non_empty - set(labels))[:10]}, extra {sorted(set(labels) - non_empty)[:10]}")
    bad = {v for v in labels.values()} - ARTICLE - OTHER
    if bad:
        out.append(f"unknown labels {sorted(bad)}")
    if meta.get("split") != split_of(str(meta.get("domain"))):
        out.append(f"split must be {split_of(str(meta.get('domain')))} for {meta.get('domain')}")
    titles = [page.lines[no - 1] for no, lab in labels.items() if lab == "title" and no <= len(page.lines)]
    if meta.get("title") is None:
        if titles:
            out.append("a title line is labelled but title: is null")
    elif tidy(str(meta["title"])) not in titles:
        out.append(f"title: {meta['title']!r} is on no line labelled title")
    if meta.get("date") is not None and not isinstance(meta["date"], dt.date):
        out.append("date: must be YYYY-MM-DD or null")
    if not any(lab == "body" for lab in labels.values()):
        out.append("no body line")
    return out


@dataclass
class Score:
    body_kept: list[int] = field(default_factory=list)
    body_lost: list[int] = field(default_factory=list)
    other_dropped: list[int] = field(default_factory=list)
    other_kept: list[int] = field(default_factory=list)
    title_ok: bool = False
    date_ok: bool | None = None      # None: the page prints no date
    first_kept: bool = False
    got_title: str = ""
    got_date: dt.date | None = None
    error: str | None = None


def score(page: Page) -> Score:
    s = Score()
    try:
        article = clean(page.raw)
    except CleanError as exc:
        s.error = str(exc)
        s.body_lost = sorted(no for no, lab in page.labels.items() if lab in ARTICLE)
        s.other_dropped = sorted(no for no, lab in page.labels.items() if lab in OTHER)
        s.date_ok = None if page.meta["date"] is None else False
        return s
    whole = {d.line_no for d in article.dropped if d.text == page.lines[d.line_no - 1]}
    cuts: dict[int, list[str]] = {}
    for d in article.dropped:
        if d.line_no not in whole:
            cuts.setdefault(d.line_no, []).append(d.text)
    output = [article.title, article.subtitle or "", *(b.text for b in article.body)]
    # Of two copies of one line (a page title and its headline), either may be labelled the article's:
    # the output is the same whichever the cleaner keeps.
    article_texts = {page.lines[no - 1] for no, lab in page.labels.items() if lab in ARTICLE}
    kept_texts = {page.lines[no - 1] for no in range(1, len(page.lines) + 1) if no not in whole}
    for no, lab in sorted(page.labels.items()):
        if lab in ARTICLE:
            part = page.lines[no - 1]
            for cut in cuts.get(no, ()):
                part = part.replace(cut, "", 1)
            kept = (no not in whole and any(part.strip(" -–") in text for text in output)) or (
                no in whole and part in kept_texts and part in output)
            (s.body_kept if kept else s.body_lost).append(no)
        else:
            text = page.lines[no - 1]
            dropped = no in whole or text not in "\n".join(output) or (text in article_texts and output.count(text) == 1)
            (s.other_dropped if dropped else s.other_kept).append(no)
    want_title = page.meta["title"]
    s.got_title = article.title
    s.title_ok = (tidy(want_title) == article.title) if want_title else article.title == ""
    s.got_date = article.published
    s.date_ok = None if page.meta["date"] is None else article.published == page.meta["date"]
    body = sorted(no for no, lab in page.labels.items() if lab == "body")
    s.first_kept = bool(body) and body[0] in s.body_kept
    return s


def report(pages: list[Page], verbose: bool = False) -> dict[str, float]:
    totals = dict(body=0, body_kept=0, other=0, other_dropped=0, titles=0, dates=0, dated=0, first=0)
    removal = []
    min_recall = 1.0
    for page in pages:
        s = score(page)
        body = len(s.body_kept) + len(s.body_lost)
        other = len(s.other_dropped) + len(s.other_kept)
        totals["body"] += body
        totals["body_kept"] += len(s.body_kept)
        totals["other"] += other
        totals["other_dropped"] += len(s.other_dropped)
        totals["titles"] += s.title_ok
        totals["first"] += s.first_kept
        if s.date_ok is not None:
            totals["dated"] += 1
            totals["dates"] += s.date_ok
        if other:
            removal.append(len(s.other_dropped) / other)
        if body:
            min_recall = min(min_recall, len(s.body_kept) / body)
        if verbose:
            flags = []
            if s.error:
                flags.append(f"ERROR {s.error}")
            if s.body_lost:
                flags.append(f"lost {s.body_lost}")
            if s.other_kept:
                flags.append(f"kept {s.other_kept}")
            if not s.title_ok:
                flags.append(f"title {s.got_title[:60]!r}")
            if s.date_ok is False:
                flags.append(f"date {s.got_date} want {page.meta['date']}")
            print(f"{page.name:40} {page.meta['split']:4} " + ("; ".join(flags) or "ok"))
    n = len(pages) or 1
    return {
        "pages": len(pages),
        "outlets": len({p.meta["domain"] for p in pages}),
        "body_recall": totals["body_kept"] / (totals["body"] or 1),
        "min_page_body_recall": min_recall,
        "first_sentence_kept": totals["first"] / n,
        "chrome_removal_mean": sum(removal) / (len(removal) or 1),
        "titles_right": totals["titles"] / n,
        "dates_found": totals["dates"] / (totals["dated"] or 1),
        "dated_pages": totals["dated"],
    }


def outlet_table(pages: list[Page]) -> str:
    """Per outlet: body lines kept, chrome lines dropped, titles and printed dates right (Markdown)."""
    rows: dict[str, list[int]] = {}
    for page in pages:
        s = score(page)
        r = rows.setdefault(page.meta["domain"], [0] * 8)
        r[0] += len(s.body_kept)
        r[1] += len(s.body_kept) + len(s.body_lost)
        r[2] += len(s.other_dropped)
        r[3] += len(s.other_dropped) + len(s.other_kept)
        r[4] += s.title_ok
        r[5] += 1
        r[6] += bool(s.date_ok)
        r[7] += s.date_ok is not None
    out = ["| outlet | pages | body kept | chrome dropped | titles | dates |", "|---|---:|---:|---:|---:|---:|"]
    for domain, r in sorted(rows.items()):
        out.append(f"| {domain} | {r[5]} | {r[0]}/{r[1]} | {r[2]}/{r[3]} | {r[4]}/{r[5]} | "
                   + (f"{r[6]}/{r[7]} |" if r[7] else "– |"))
    return "\n".join(out)


def sources_md(pages: list[Page]) -> str:
    """SOURCES.md: where each page comes from, by part and outlet."""
    out = ["# Sources of the real pages", "",
           "Written by `python -m tests.clean_labels.real_set sources > tests/clean_labels/real/SOURCES.md`",
           "from the `.yml` of each page. Pages are split by outlet: no outlet of the test part has a page in",
           "the development part.", ""]
    for part in ("dev", "test"):
        chosen = [p for p in pages if p.meta["split"] == part]
        out += [f"## {part} ({len(chosen)} pages, {len({p.meta['domain'] for p in chosen})} outlets)", "",
                "| page | outlet | country | section | kind | source |", "|---|---|---|---|---|---|"]
        for page in sorted(chosen, key=lambda p: p.name):
            m = page.meta
            out.append(f"| {page.name} | {m['outlet']} | {m['country']} | {m['section']} | {m['kind']} | "
                       f"{str(m['source']).replace('|', '%7C')} |")
        out.append("")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if not argv or argv[0] == "check":
        bad = 0
        for page in load():
            for problem in problems(page):
                bad += 1
                print(f"{page.name}: {problem}")
        print(f"{len(load())} pages, {bad} problems")
        return 1 if bad else 0
    if argv[0] == "sources":
        sys.stdout.write(sources_md(load()))
        return 0
    if argv[0] == "split":
        print(split_of(argv[1]))
        return 0
    if argv[0] == "score":
        split = argv[1] if len(argv) > 1 and argv[1] in ("dev", "test") else None
        if "--outlets" in argv:
            print(outlet_table(load(split)))
            return 0
        result = report(load(split), verbose="-v" in argv)
        for key, value in result.items():
            print(f"{key:22} {value:.3f}" if isinstance(value, float) else f"{key:22} {value}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
