"""The editor's desk: what in the seeds needs an editor's hand, each finding at the file and line to edit.

Reads the seeds as the build does (sources, cleaner, metadata, tagger) but keeps what the build lets go:
every mention of every tag, the YAML's lines and the raw text's lines. Pure but for ``gather``, which reads.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import arabic, clean, links, metadata, sources, topics
from . import config as site_config
from .errors import DigestError, ErrorGroup
from .model import Article, CleanArticle, Meta, Source, Tag

# Kinds of finding, in the order an editor reads them.
KINDS = (
    "draft",
    "scheduled",
    "untranslated",
    "unknown-outlet",
    "date-mismatch",
    "title",
    "near-duplicate",
    "weak-tag",
    "negated-tag",
    "inside-name",
    "tag",
    "suggestion",
)

# Words that, shortly before a mention in its clause, deny it or make it a supposition. Compared by
# ``arabic.key``, so one spelling of each is enough.
NEGATORS = frozenset(
    arabic.keys("""
لا لم لن ليس ليست ليسوا غير عدم بدون دون نفى نفت ينفي تنفي نفي ينفون نفوا
not no never without denied denies deny
""")
)
HYPOTHETICALS = frozenset(
    arabic.keys("""
إذا اذا لو لولا ربما يحتمل احتمال محتمل افتراض فرضية شائعات
if unless whether maybe perhaps possible rumoured rumored
""")
)
# "لا يزال" (still), "لا سيما" (especially), "غير أن" (however): a negator word that negates nothing.
NOT_NEGATING_NEXT = frozenset(arabic.keys("يزال تزال زال زالت يزالون سيما بد أن"))
NEGATION_WINDOW = 2  # words before a mention that may negate it
EVIDENCE_CHARS = 160  # of a sentence shown on a terminal line (the JSON and HTML reports show it whole)
_CLAUSE_END = re.compile(r"[.!?؟؛;:،,\n«»\"“”()]")
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s")
_ID_LINE = re.compile(r"^\s*-\s*id:\s*([a-z0-9-]+)\s*$")


@dataclass(frozen=True)
class Finding:
    """One thing to look at: where to edit (path and line), what, and the evidence in its words."""

    kind: str
    article: str
    date: str  # the article's date, YYYY-MM-DD
    path: str
    line: int
    message: str
    evidence: str = ""
    mentions: tuple[dict, ...] = field(default=())  # a tag's mentions: field, text, sentence, path, line

    def format(self) -> str:
        """``path:line: kind: message | evidence`` on one line, the evidence cut to ``EVIDENCE_CHARS``."""
        shown = f"{self.path}:{self.line}: {self.kind}: {self.message}"
        evidence = self.evidence if len(self.evidence) <= EVIDENCE_CHARS else self.evidence[: EVIDENCE_CHARS - 1] + "…"
        return shown + (f" | {evidence}" if evidence else "")


@dataclass(frozen=True)
class Desk:
    """The report: findings, the articles read, and the seeds that could not be read (as error lines)."""

    findings: tuple[Finding, ...]
    articles: int
    errors: tuple[str, ...] = ()

    def sorted(self, by: str = "date") -> tuple[Finding, ...]:
        """Findings by article date (newest first), by file, or by kind; ties by file, line and kind."""
        kind_rank = {k: i for i, k in enumerate(KINDS)}

        def place(f: Finding) -> tuple:
            return (f.path, f.line, kind_rank.get(f.kind, len(KINDS)), f.message)

        if by == "file":
            return tuple(sorted(self.findings, key=place))
        if by == "kind":
            return tuple(sorted(self.findings, key=lambda f: (kind_rank.get(f.kind, len(KINDS)), place(f))))
        by_place = sorted(self.findings, key=place)
        return tuple(sorted(by_place, key=lambda f: f.date, reverse=True))


# ── Where things are ─────────────────────────────────────────────────────────────────────


def yaml_lines(text: str | None) -> dict[str, int]:
    """The line of each top-level field of a YAML metadata file ({} when unreadable)."""
    if not text:
        return {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in root.value if isinstance(k, yaml.ScalarNode)}


class _RawLines:
    """Finds the raw text's line that holds a piece of cleaned text (the cleaner tidies spaces, so compare
    with spaces collapsed)."""

    def __init__(self, raw: str) -> None:
        self._lines = [" ".join(line.split()) for line in clean.unify_line_breaks(raw).split("\n")]
        self._words: list[str] | None = None  # each line's words, normalised, for text the cleaner re-spaced

    @staticmethod
    def _wordline(text: str, limit: int | None = None) -> str:
        return " " + " ".join(word for word, _, _ in arabic.tokenize(text)[:limit]) + " "

    def find(self, text: str, start_line: int = 1) -> int:
        needle = " ".join(text.split())[:40]
        if not needle:
            return start_line
        for at in (start_line - 1, 0):
            for i in range(at, len(self._lines)):
                if needle in self._lines[i]:
                    return i + 1
        # The cleaner may have re-spaced punctuation ("البنتاغون ، انخفض"): compare the first words alone.
        words = self._wordline(text, 6)
        if words.strip():
            if self._words is None:
                self._words = [self._wordline(line) for line in self._lines]
            for i, line in enumerate(self._words):
                if words in line:
                    return i + 1
        return start_line


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``text[start:end]``."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = _SENTENCE_END.search(text, end)
    return text[left : right.start() if right else len(text)].strip()


def _bare(word: str) -> set[str]:
    """A word's keys with and without a leading و or ف, which ``arabic`` leaves on short words (ولم, فلا)."""
    keys = {arabic.key(form) for form in arabic.forms(word)}
    return keys | {k[1:] for k in keys if len(k) > 2 and k[0] in "وف"}


def mention_flag(text: str, start: int) -> str | None:
    """'negated' or 'hypothetical' when a word shortly before ``start``, in the same clause, denies or
    supposes what follows; else None."""
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    # Each word's forms with and without an attached clitic (ولم is و + لم).
    words = [_bare(w) for w, _, _ in arabic.tokenize(text[clause_start:start])][-NEGATION_WINDOW:]
    for i, forms in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else set()
        if forms & NEGATORS and not following & NOT_NEGATING_NEXT:
            return "negated"
    if any(forms & HYPOTHETICALS for forms in words):
        return "hypothetical"
    return None


# ── Checks ───────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class _Seed:
    """One readable article with what the checks need."""

    src: Source
    clean: CleanArticle
    meta: Meta
    fields: dict
    tags: tuple[Tag, ...]
    text_path: str
    meta_path: str
    yaml_line: dict[str, int]
    raw: _RawLines


def _at(
    seed: _Seed, kind: str, path: str, line: int, message: str, evidence: str = "", mentions: tuple[dict, ...] = ()
) -> Finding:
    return Finding(kind, seed.src.id, seed.meta.date.isoformat(), path, line, message, evidence, mentions)


def _in_yaml(seed: _Seed, kind: str, key: str, message: str, evidence: str = "") -> Finding:
    return _at(seed, kind, seed.meta_path, seed.yaml_line.get(key, 1), message, evidence)


def _title_problem(title: str, source: str) -> str | None:
    """Why a title looks like page chrome rather than a headline, or None."""
    if clean._date_line(title, True) or clean._date_line(title, False):
        return "looks like a date line"
    if clean._is_section_label(title, None):
        return "looks like a breadcrumb or section name"
    own = arabic.keys(title)
    if source != metadata.UNKNOWN_SOURCE and own and own == arabic.keys(source):
        return "is the outlet's name"
    if clean._URL_RE.match(title.strip()):
        return "is a web address"
    return None


def _meta_checks(seed: _Seed, today: dt.date) -> Iterable[Finding]:
    meta = seed.meta
    if meta.draft:
        yield _in_yaml(seed, "draft", "draft", "draft: an editor must review it, then delete 'draft: true'")
    if meta.date > today:
        yield _in_yaml(seed, "scheduled", "date", f"due to publish on {meta.date.isoformat()}")
    missing = [name for name in ("title_en", "summary_en") if not seed.fields.get(name)]
    if missing:
        yield _in_yaml(
            seed,
            "untranslated",
            missing[0] if missing[0] in seed.yaml_line else "title",
            f"no English {' or '.join(m.removesuffix('_en') for m in missing)}: add "
            + ", ".join(f"'{m}:'" for m in missing),
        )
    if meta.source == metadata.UNKNOWN_SOURCE:
        said = "the YAML says 'source: unknown'" if "source" in seed.fields else "the text names no outlet"
        yield _in_yaml(seed, "unknown-outlet", "source", f"outlet unknown ({said}); add 'source:' when known")
    printed = seed.clean.published
    if "date" in seed.fields and printed is not None and printed != meta.date:
        line = next((d.line_no for d in seed.clean.dropped if d.rule == "date"), None)
        where = f"{seed.text_path}:{line}" if line else seed.text_path
        yield _in_yaml(
            seed,
            "date-mismatch",
            "date",
            f"date {meta.date.isoformat()} but the text shows {printed.isoformat()} ({where})",
        )
    problem = _title_problem(meta.title, meta.source)
    if problem:
        if "title" in seed.fields:
            yield _in_yaml(seed, "title", "title", f"title {problem}: write the headline in 'title:'", meta.title)
        else:
            yield _at(
                seed,
                "title",
                seed.text_path,
                seed.raw.find(meta.title),
                f"title {problem}: write the headline in {seed.meta_path} as 'title:'",
                meta.title,
            )


def _tag_checks(seed: _Seed, tagger: topics.Tagger, single: dict[str, topics.Tagger]) -> Iterable[Finding]:
    body = seed.clean.body
    tagged = {t.topic_id for t in seed.tags}
    for tag in seed.tags:
        topic = tagger.topics[tag.topic_id]
        shown: list[dict] = []
        flags: list[tuple[str, dict]] = []
        for m in tag.mentions:
            if m.field == "manual":
                shown.append(
                    {
                        "field": "manual",
                        "text": "",
                        "sentence": "",
                        "path": seed.meta_path,
                        "line": seed.yaml_line.get("tags", 1),
                    }
                )
                continue
            text = (
                body[m.block].text
                if m.field == "body"
                else (seed.clean.title if m.field == "title" else seed.clean.subtitle or "")
            )
            start, end = (m.start, m.end) if m.field == "body" else _span_of(text, m.text)
            item: dict[str, Any] = {
                "field": m.field if m.field != "body" else ("heading" if body[m.block].kind == "h" else "body"),
                "text": m.text,
                "sentence": _sentence(text, start, end),
                "path": seed.text_path,
                "line": seed.raw.find(text),
            }
            shown.append(item)
            flag = mention_flag(text, start)
            if flag:
                flags.append((flag, item))
        first = shown[0]
        fields = sorted({s["field"] for s in shown})
        yield _at(
            seed,
            "tag",
            first["path"],
            first["line"],
            f"{topic.id} ({topic.kind}, score {tag.score:g}): {len(shown)} mention(s) in {', '.join(fields)}",
            first["sentence"],
            tuple(shown),
        )
        real = [s for s in shown if s["field"] != "manual"]
        if len(real) == 1 and real[0]["field"] == "body" and len(shown) == 1:
            yield _at(
                seed,
                "weak-tag",
                first["path"],
                first["line"],
                f"{topic.id} rests on one mention in the body ('{first['text']}'); "
                f"add 'exclude_tags: [{topic.id}]' to {seed.meta_path} if it is not what the article is about",
                first["sentence"],
            )
        for flag, item in flags:
            yield _at(
                seed,
                "negated-tag",
                item["path"],
                item["line"],
                f"{topic.id}: a {flag} mention ('{item['text']}'); check the tag",
                item["sentence"],
            )
    yield from _inside_names(seed, tagger, single, tagged)


def _span_of(text: str, found: str) -> tuple[int, int]:
    at = text.find(found)
    return (at, at + len(found)) if at >= 0 else (0, 0)


def _texts(c: CleanArticle) -> list[str]:
    return [c.title, *([c.subtitle] if c.subtitle else []), *(b.text for b in c.body)]


def _inside_names(
    seed: _Seed, tagger: topics.Tagger, single: dict[str, topics.Tagger], tagged: set[str]
) -> Iterable[Finding]:
    """Names (people, organisations, places) written in the article only inside a longer name, so not tagged."""
    texts = _texts(seed.clean)
    words = {arabic.key(w) for text in texts for w, _, _ in arabic.tokenize(text)}
    for topic in tagger.topics.values():
        if topic.kind == "topic" or topic.id in tagged or topic.id in seed.meta.exclude_tags:
            continue
        if not any(set(topics.alias_keys(name)) <= words for name in topics.names(topic)):
            continue  # (a quick filter: every word of some name occurs somewhere)
        alone = single.get(topic.id)
        if alone is None:
            alone = single[topic.id] = topics.Tagger([topic])
        for text in texts:
            spans = alone.match(text)
            if not spans:
                continue
            _, start, end = spans[0]
            # The closest name holding it (a theme phrase may hold both: "ميليشيا كتائب حزب الله").
            longer = min(
                (
                    (tid, s, e)
                    for tid, s, e in tagger.match(text)
                    if s <= start and end <= e and (s, e) != (start, end) and tagger.topics[tid].kind != "topic"
                ),
                key=lambda span: span[2] - span[1],
                default=None,
            )
            if longer is None:
                continue
            yield _at(
                seed,
                "inside-name",
                seed.text_path,
                seed.raw.find(text),
                f"{topic.id} ('{text[start:end]}') occurs only inside '{text[longer[1] : longer[2]]}' "
                f"({longer[0]}), so it is not tagged; add 'tags: [{topic.id}]' if the article is about it",
                _sentence(text, start, end),
            )
            break


def _near_duplicates(seeds: list[_Seed]) -> Iterable[Finding]:
    """Pairs of articles with nearly the same text within a few days, whatever their outlets."""
    articles = tuple(
        Article(
            id=s.src.id, source=s.src, clean=s.clean, meta=s.meta, tags=tuple(Tag(t.topic_id, t.score) for t in s.tags)
        )
        for s in seeds
    )
    by_id = {s.src.id: s for s in seeds}
    corpus = links.SimilarityIndex(articles)
    for pair in corpus.pairs.values():
        if pair.text >= links.DUPLICATE_SIMILARITY and pair.days <= links.DUPLICATE_DAYS:
            a, b = by_id[corpus.articles[pair.a].id], by_id[corpus.articles[pair.b].id]
            for one, other in ((a, b), (b, a)):
                yield _at(
                    one,
                    "near-duplicate",
                    one.text_path,
                    1,
                    f"nearly the same text as {other.text_path} (similarity {pair.text:.2f}, "
                    f"{pair.days} day(s) apart); keep one, or mark the other 'draft: true'",
                )


def _suggestions(seeds: list[_Seed], root: Path, taxonomy: Path, tagger: topics.Tagger) -> Iterable[Finding]:
    """The ``suggest`` command's taxonomy suggestions (when the generator has it), each at the line of the
    taxonomy to edit: the entry it is another spelling of, else the end of the file."""
    try:
        from . import suggest  # type: ignore[attr-defined]
    except ImportError:
        return
    try:
        lines = taxonomy.read_text(encoding="utf-8").split("\n")
    except OSError:
        return
    id_line = {m.group(1): n for n, line in enumerate(lines, 1) if (m := _ID_LINE.match(line))}
    by_path = {s.src.text_path.resolve(): s for s in seeds}
    where = _relative(taxonomy, root)
    for found in suggest.suggest([s.src.text_path for s in seeds], tagger):
        example, sentence = found.examples[0] if found.examples else ("", "")
        seed = by_path.get(Path(example).resolve()) if example else None
        if found.near:
            line, action = id_line.get(found.near[0], len(lines)), f"add it to the aliases_ar of {found.near[0]}"
        else:
            line, action = len(lines), f"add a {found.kind} entry"
        seen = f" (e.g. {seed.text_path}:{seed.raw.find(sentence)})" if seed else ""
        yield Finding(
            "suggestion",
            seed.src.id if seed else "",
            seed.meta.date.isoformat() if seed else "",
            where,
            line,
            f"'{found.name}' occurs {found.count} times{seen} and matches no entry: {action}",
            sentence,
        )


# ── Gathering ────────────────────────────────────────────────────────────────────────────


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def gather(root: Path, seeds_dir: Path | None = None, today: dt.date | None = None) -> Desk:
    """Read every seed under ``seeds_dir`` (default ``root/seeds``) and list what needs an editor, tagging with the
    project's configured taxonomy (``config.taxonomy_path``)."""
    seeds_dir = seeds_dir or root / "seeds"
    today = today or dt.date.today()
    srcs, errors, _ = sources.discover_all(seeds_dir)
    problems = [f"error: {e.format()}" for e in errors]
    taxonomy: tuple = ()
    taxonomy_path = seeds_dir / sources.TAXONOMY_NAME
    try:
        taxonomy_path = site_config.taxonomy_path(root, seeds_dir)
        if taxonomy_path.exists():
            taxonomy = topics.load_taxonomy(taxonomy_path)
    except ErrorGroup as group:
        problems.extend(f"error: {e.format()}" for e in group.errors)
    tagger = topics.Tagger(taxonomy)
    seeds: list[_Seed] = []
    for src in srcs:
        meta_file = src.meta_path or src.text_path.with_suffix(sources.META_SUFFIX)
        meta_path = _relative(meta_file, root)
        try:
            cleaned = clean.clean(src.raw)
            fields, _ = metadata.parse(src.meta_text or "", meta_path) if src.meta_text is not None else ({}, [])
            meta = metadata.merge(fields, cleaned, meta_path)
        except ErrorGroup as group:
            problems.extend(f"error: {e.format()}" for e in group.errors)
            continue
        except DigestError as exc:
            problems.append(f"error: {_relative(src.text_path, root)}: {exc.message}")
            continue
        manual = tuple(t for t in meta.tags if t in tagger.topics)
        seeds.append(
            _Seed(
                src,
                cleaned,
                meta,
                fields,
                tagger.tag(cleaned, manual, meta.exclude_tags),
                _relative(src.text_path, root),
                meta_path,
                yaml_lines(src.meta_text),
                _RawLines(src.raw),
            )
        )
    findings: list[Finding] = []
    single: dict[str, topics.Tagger] = {}
    for seed in seeds:
        findings.extend(_meta_checks(seed, today))
        findings.extend(_tag_checks(seed, tagger, single))
    findings.extend(_near_duplicates(seeds))
    findings.extend(_suggestions(seeds, root, taxonomy_path, tagger))
    return Desk(tuple(findings), len(seeds), tuple(problems))


# ── Output ───────────────────────────────────────────────────────────────────────────────


def to_text(desk: Desk, by: str = "date") -> str:
    """One line per finding, ``path:line: kind: message | evidence``, then a count per kind."""
    lines = [*desk.errors, *(f.format() for f in desk.sorted(by))]
    counts = {k: sum(f.kind == k for f in desk.findings) for k in KINDS}
    lines.append(f"{desk.articles} articles; " + ", ".join(f"{n} {k}" for k, n in counts.items() if n))
    return "\n".join(lines)


def to_json(desk: Desk, by: str = "date") -> str:
    """The same report for scripts: {"articles", "errors", "findings": [{kind, article, date, path, line, …}]}."""
    return (
        json.dumps(
            {"articles": desk.articles, "errors": list(desk.errors), "findings": [asdict(f) for f in desk.sorted(by)]},
            ensure_ascii=False,
            indent=1,
        )
        + "\n"
    )


_SORT_SCRIPT = """
document.querySelectorAll('th[data-sort]').forEach(function (th) {
  th.addEventListener('click', function () {
    var body = document.querySelector('tbody'), key = th.dataset.sort;
    var down = th.getAttribute('aria-sort') !== 'descending';
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.dataset[key], y = b.dataset[key];
      return (x < y ? -1 : x > y ? 1 : 0) * (down ? -1 : 1);
    });
    rows.forEach(function (r) { body.appendChild(r); });
    document.querySelectorAll('th[data-sort]').forEach(function (o) { o.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
  });
});
"""


def to_html(desk: Desk) -> str:
    """A page for the editor's browser (never deployed): a table, newest article first, sortable by date,
    file or kind with a click on the column's heading."""
    esc = html.escape
    rows = []
    kind_rank = {k: i for i, k in enumerate(KINDS)}
    for f in desk.sorted("date"):
        where = f"{f.path}:{f.line}"
        evidence = f'<q dir="auto">{esc(f.evidence)}</q>' if f.evidence else ""
        rows.append(
            f'<tr class="{esc(f.kind)}" data-date="{esc(f.date)}" data-file="{esc(where)}" '
            f'data-kind="{kind_rank.get(f.kind, len(KINDS)):02d}">'
            f"<td>{esc(f.date)}</td><td><code>{esc(where)}</code></td><td>{esc(f.kind)}</td>"
            f'<td dir="auto">{esc(f.message)} {evidence}</td></tr>'
        )
    errors = "".join(f"<li><code>{esc(e)}</code></li>" for e in desk.errors)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Editor's desk</title><style>"
        "body{font-family:system-ui,'Noto Sans Arabic',sans-serif;margin:1rem}"
        "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.3rem;"
        "text-align:start;vertical-align:top}th[data-sort]{cursor:pointer;text-decoration:underline}"
        "q{color:#444}tr.draft,tr.scheduled{background:#eef}tr.negated-tag,tr.date-mismatch,tr.title"
        "{background:#fee}</style></head><body><h1>Editor's desk</h1>"
        f"<p>{desk.articles} articles, {len(desk.findings)} findings. Each names the file and line to edit.</p>"
        + (f'<ul class="errors">{errors}</ul>' if errors else "")
        + '<table><thead><tr><th scope="col" data-sort="date" aria-sort="descending">Date</th>'
        '<th scope="col" data-sort="file">File and line</th><th scope="col" data-sort="kind">Kind</th>'
        '<th scope="col">What</th></tr></thead><tbody>\n'
        + "\n".join(rows)
        + f"\n</tbody></table><script>{_SORT_SCRIPT}</script></body></html>\n"
    )
