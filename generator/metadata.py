"""YAML metadata: a field-to-validator table, every error with its line, editorial fields merged over extracted ones."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .errors import ErrorGroup, MetadataError
from .model import CleanArticle, Meta

UNKNOWN_SOURCE = "unknown"
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class _Invalid(ValueError):
    """A field value failed validation; carries what was expected."""


# Characters that show nothing: format characters (zero-width space and joiners, direction marks, the byte
# order mark, Arabic letter mark), and the Hangul and Braille blanks that fonts draw empty.
_INVISIBLE = re.compile(r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
                        r"\u2060-\u206f\u2800\u3164\ufeff\uffa0\U000e0000-\U000e007f]")


def visible(text: str) -> bool:
    """Whether ``text`` shows anything once invisible characters and spaces are removed."""
    return bool(_INVISIBLE.sub("", text).strip())


def _text(max_len: int) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise _Invalid("expected text")
        value = " ".join(value.split())
        if not value:
            raise _Invalid("expected non-empty text")
        if not visible(value):
            raise _Invalid("expected visible text; this holds only invisible characters (zero-width spaces, "
                           "direction marks)")
        if len(value) > max_len:
            raise _Invalid(f"text is {len(value)} characters; expected at most {max_len}")
        return value
    return check


MIN_YEAR = 1900  # no news digest publishes older articles; an earlier year is a typing slip (999 for 1999)


def _date(value: Any) -> dt.date:
    """A date, or a date-time with its zone (kept whole: the pages and feeds show its time)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise _Invalid("a date-time needs its zone, as in 2024-01-10T06:30:00+03:00")
    elif not isinstance(value, dt.date):
        raise _Invalid("expected a calendar date written YYYY-MM-DD, or a date-time with its zone "
                       "(2024-01-10T06:30:00+03:00)")
    if value.year < MIN_YEAR:
        raise _Invalid(f"year {value.year} is before {MIN_YEAR}; expected the article's publication date")
    return value


def _url(value: Any) -> str:
    if not isinstance(value, str) or not _URL_RE.match(value.strip()):
        raise _Invalid("expected an absolute http:// or https:// address")
    return value.strip()


def _ids(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and _ID_RE.match(v) for v in value):
        raise _Invalid("expected a list of topic ids (lowercase ASCII letters, digits and '-')")
    return tuple(sorted(set(value)))


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Invalid("expected true or false")
    return value


# field -> validator. Every field is optional in YAML; what the text shows fills the gaps.
FIELDS: dict[str, Callable[[Any], Any]] = {
    "title": _text(300),
    "title_en": _text(300),
    "summary": _text(1000),
    "summary_en": _text(1000),
    "date": _date,
    "source": _text(120),
    "source_en": _text(120),
    "url": _url,
    "tags": _ids,
    "exclude_tags": _ids,
    "draft": _bool,
    "updated": _date,
    "correction": _text(1000),
    "correction_en": _text(1000),
    "author": _text(120),
    "source_feed": _url,
}


_CSafeLoader = getattr(yaml, "CSafeLoader", None)
# Where libyaml and the pure-Python reader disagree on edge cases (tabs, flow mappings, complex keys,
# anchors, tags, directives, block scalars, document markers), only the pure reader is used.
_UNUSUAL = re.compile(r"[\t{}?&*!%|>@`\ufeff\x85\u2028\u2029\r]|^(---|\.\.\.)", re.MULTILINE)


def _fast_root(text: str):
    """(loader, root node) read by libyaml, about 15 times faster than the pure-Python reader; None when the
    text is not clean YAML (or libyaml is missing), so that the pure-Python reader reports the problem.

    Both readers give the same nodes and marks (checked on every seed and test file); values are built
    by the same Python constructor either way.
    """
    if _CSafeLoader is None or _UNUSUAL.search(text) or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    loader = _CSafeLoader(text)
    try:
        return loader, loader.get_single_node()
    except yaml.YAMLError:
        loader.dispose()
        return None


MAX_DEPTH = 20  # nested lists and mappings; metadata needs 2, the taxonomy 4
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "timestamp", "seq", "map"))
_SHAPE_SIGNS = re.compile(r"[\[{&*!]|^ {40}", re.MULTILINE)  # flow nesting, anchors, aliases, tags, deep indents


def check_shape(text: str, path: Path | str, error: type = MetadataError) -> None:
    """Refuse, before any Python object or node tree is built, YAML nested deeper than ``MAX_DEPTH``, with
    aliases (``*name``: an expansion bomb needs them, and no field does) or with tags beyond plain values
    (``!!python/object``): one ``path:line`` error each, raised as an ErrorGroup.

    The parser's events are read one by one (no recursion, no tree), so a document nested 50,000 levels
    deep is refused as quickly as one nested 21 levels. Syntax errors are left to the caller's reader."""
    if not _SHAPE_SIGNS.search(text):  # nothing of the kind is possible: block nesting needs deep indents
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_CSafeLoader or yaml.SafeLoader):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent):
                raise ErrorGroup([error(f"YAML alias '*{event.anchor}' not accepted: write the value itself",
                                        path, line)])
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!" and tag not in _PLAIN_TAGS:
                raise ErrorGroup([error("YAML tag not accepted: expected plain text, numbers, dates, lists and "
                                        "fields", path, line, got=tag)])
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ErrorGroup([error(f"YAML nested more than {MAX_DEPTH} levels deep; expected fields "
                                            "holding text or short lists", path, line)])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error: the reader that builds the document reports it with its line


def parse(text: str, path: Path | str) -> tuple[dict[str, Any], list[MetadataError]]:
    """Validate one YAML metadata document; return its fields and warnings, or raise ErrorGroup with every error."""
    check_shape(text, path)
    fast = _fast_root(text)
    if fast is not None:
        loader, root = fast
    else:
        try:
            loader = yaml.SafeLoader(text)
        except yaml.reader.ReaderError as exc:  # the reader refuses NUL and other non-printable characters up front
            raise ErrorGroup([MetadataError(f"unreadable character U+{exc.character:04X}; expected printable text",
                                            path, text.count("\n", 0, exc.position) + 1)]) from None
    try:
        try:
            if fast is None:
                root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            problem = exc.problem or str(exc)
            lines = text.split("\n")
            for near in (exc.context_mark, exc.problem_mark):  # YAML reads a key of at most 1,024 characters
                if near is not None and near.line < len(lines) and len(lines[near.line]) > 1024:
                    raise ErrorGroup([MetadataError(f"line of {len(lines[near.line])} characters: a field name is "
                                                    "at most 1,024 characters (expected 'field: value')", path,
                                                    near.line + 1)]) from None
            raise ErrorGroup([MetadataError(f"YAML syntax error: {problem}"
                                            + ("; indent with spaces, not tabs" if "\t" in text else ""),
                                            path, line)]) from None
        except yaml.YAMLError as exc:
            raise ErrorGroup([MetadataError(f"YAML syntax error: {exc}", path)]) from None
        if root is None:
            return {}, []
        if not isinstance(root, yaml.MappingNode):
            raise ErrorGroup([MetadataError("expected a mapping of fields (title: …, date: …)", path,
                                            root.start_mark.line + 1)])
        fields: dict[str, Any] = {}
        errors: list[MetadataError] = []
        warnings: list[MetadataError] = []
        seen: dict[str, int] = {}
        for key_node, value_node in root.value:
            line = key_node.start_mark.line + 1
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                errors.append(MetadataError("expected a field name", path, line))
                continue
            if key in seen:
                errors.append(MetadataError(f"duplicate field '{key}' (first on line {seen[key]})", path, line))
                continue
            seen[key] = line
            if key not in FIELDS:
                warnings.append(MetadataError(f"unknown field '{key}' ignored; known fields: {', '.join(FIELDS)}",
                                              path, line))
                continue
            try:
                value = loader.construct_object(value_node, deep=True)
            except Exception as exc:  # PyYAML's constructors fail in assorted ways on odd tagged values
                errors.append(MetadataError(f"{key}: expected a calendar date written YYYY-MM-DD"
                                            if key == "date" else f"{key}: {exc}", path, line, got=value_node.value))
                continue
            if value is None:
                continue
            try:
                fields[key] = FIELDS[key](value)
            except _Invalid as exc:
                errors.append(MetadataError(f"{key}: {exc}", path, value_node.start_mark.line + 1, got=value))
        errors.extend(_correction_errors(fields, seen, path))
        if errors:
            raise ErrorGroup(errors, warnings)
        return fields, warnings
    finally:
        loader.dispose()


_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s")


def _lead(clean: CleanArticle, limit: int = 300) -> str:
    """The article's first sentence (a true extract, never invented), cut at a word boundary."""
    for block in clean.body:
        if block.kind == "p":
            first = _SENTENCE_END.split(block.text, maxsplit=1)[0].strip()
            if len(first) > limit:
                first = first[:limit].rsplit(" ", 1)[0] + "…"
            return first
    return clean.title


# A date in an article's address: /2024/01/10/, /2024-01-10, /20240110 (a year 19xx or 20xx, a month, a day).
_URL_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})([/_-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12][0-9]|3[01])(?![0-9])")


def date_in_url(url: str | None) -> dt.date | None:
    """The publication date written in an article's URL, if it holds one (many sites put it in the path)."""
    m = _URL_DATE.search(url or "")
    if m is None:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    except ValueError:
        return None


TITLE_FROM_LEAD_MAX = 150  # a text without a headline is titled by its first sentence, cut to this length


def headline_warning(fields: dict[str, Any], clean: CleanArticle, path: Path | str) -> MetadataError | None:
    """A warning when neither the editor nor the text gives a headline: the first sentence stands in for it."""
    if fields.get("title") or clean.title:
        return None
    return MetadataError("the text has no headline: its first sentence stands in as the title (it stays in the "
                         "body); add 'title:'", path, got=_lead(clean, TITLE_FROM_LEAD_MAX))
def _utc_start(value: dt.date) -> dt.datetime:
    """A date-time as it is; a date as its start in UTC (for comparisons only)."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)


def _correction_errors(fields: dict[str, Any], lines: dict[str, int], path: Path | str) -> list[MetadataError]:
    """A correction needs its date, and is not dated before the article."""
    updated = fields.get("updated")
    if updated is None:
        return [MetadataError(f"{key}: a correction needs its date in 'updated:'", path, lines[key])
                for key in ("correction", "correction_en") if key in fields][:1]
    if "date" in fields and _utc_start(updated) < _utc_start(fields["date"]):
        return [MetadataError("updated: the correction is dated before the article", path, lines["updated"],
                              got=updated.isoformat())]
    return []


def merge(fields: dict[str, Any], clean: CleanArticle, path: Path | str) -> Meta:
    """Editorial fields win; where the editor left one out, use what the cleaner extracted."""
    date = fields.get("date") or clean.published or date_in_url(fields.get("url"))
    if date is None:
        raise ErrorGroup([MetadataError("no date: the text shows none; add 'date: YYYY-MM-DD'", path)])
    source = fields.get("source") or clean.source or UNKNOWN_SOURCE
    time = date if isinstance(date, dt.datetime) else None
    return Meta(
        title=fields.get("title") or clean.title or _lead(clean, TITLE_FROM_LEAD_MAX),
        summary=fields.get("summary") or _lead(clean),
        date=time.date() if time is not None else date,
        source=source,
        title_en=fields.get("title_en"),
        summary_en=fields.get("summary_en"),
        source_en=fields.get("source_en"),
        url=fields.get("url"),
        tags=fields.get("tags", ()),
        exclude_tags=fields.get("exclude_tags", ()),
        draft=fields.get("draft", False),
        time=time,
        updated=fields.get("updated"),
        correction=fields.get("correction"),
        correction_en=fields.get("correction_en"),
        author=fields.get("author"),
        source_feed=fields.get("source_feed"),
    )
