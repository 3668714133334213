"""Raw scraped article text to a clean, structured article, with an audit of every dropped line.

The cleaner is two ordered tuples of small named steps, kept in one place (like Python-Markdown's
preprocessors): ``TEXT_STEPS`` (``str -> str``: invisible characters, presentation forms, spacing
and punctuation typography; they never change a word and never add or remove a line) and
``LINE_STEPS`` (``tuple[Line, ...] -> tuple[Line, ...]``: each one drops lines or gives them a role,
and records why). ``clean`` runs both and assembles a ``CleanArticle``.

Every rule is general: a lexicon of site chrome (``boilerplate.py``) plus structural signals
(position before the first or after the last paragraph, line length, sentence punctuation,
repetition, markers). When a rule is unsure it keeps the line: losing a sentence of the article
is worse than keeping a line of chrome. Lines are numbered as ``str.splitlines`` numbers them.

Dates: a small regex finds candidates on metadata lines only (a label such as تاريخ النشر,
posted on, آخر تحديث, or a line holding nothing but a date); Eastern Arabic digits are read as
digits and Levantine/Maghrebi month names mapped to ones dateparser knows, and dateparser
(ar, en) parses the best-ranked candidate, cached by string. Hijri dates are converted with the
arithmetic (tabular) Islamic calendar, which can be a day or two off the Umm al-Qura calendar;
a Gregorian date beside a Hijri one always wins.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
import math
import re
import unicodedata
from functools import lru_cache
from typing import Callable, NamedTuple

from . import boilerplate as bp
from .arabic import normalize
from .errors import CleanError
from .model import Block, CleanArticle, Dropped

# ---------------------------------------------------------------------------------------------
# Character classes
# ---------------------------------------------------------------------------------------------

_AR_LETTER = "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff"
_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_DIGIT_CHARS = frozenset("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")  # for cheap tests of a line's first character
_QUOTES_OPEN = "“\"«„‘'”"
_CLOSERS = "”\"»’'"
_DIGITS_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# ---------------------------------------------------------------------------------------------
# Text steps (str -> str). Line count is preserved so Dropped.line_no points at the raw line.
# ---------------------------------------------------------------------------------------------

_RARE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_LINE_BREAKS = re.compile(f"\r\n|[\r{_RARE_BREAKS}]")
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u034f\u061c\u180e"
                        "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_OPEN_PAD = re.compile(r"([(\[]) +")
_CLOSE_PAD = re.compile(r" +([)\]])")
_MULTI_SPACE = re.compile(r" {2,}")
# Patterns start with a literal or a character set (not a lookbehind) so the regex engine can skip ahead.
_STRAY_PERIOD = re.compile(r"([.!?؟…])(?: +\.)+(?= |$)", re.M)
_SPACE_BEFORE_MARK = re.compile(r" (?<=[^\s.!?؟…،؛:,;] ) *([،؛؟])")
_SPACE_BEFORE_STOP = re.compile(r" (?<=[^\s.!?؟…،؛:,;] ) *([.!?:])(?= |$|[”\"»)])", re.M)
# After a word of two or more letters/digits or after a closing quote or bracket: "د.محمد" and
# "أ.ف.ب" (one-letter abbreviations) stay as written.
# A domain spelt in Arabic letters ("العربية.نت", "الحرة.كوم") is one word: no space after its dot.
_ARABIC_TLDS = "نت|كوم|اورغ|أورغ|انفو|إنفو"
_GLUED = re.compile(f"([.!?؟،؛])(?:(?<=[{_AR_LETTER}{_DIGIT}][{_AR_LETTER}{_DIGIT}][.!?؟،؛])"
                    f"|(?<=[”“\"»)\\]][.!?؟،؛]))(?=[{_AR_LETTER}])(?!(?<=\\.)(?:{_ARABIC_TLDS})(?![{_AR_LETTER}]))")
_LINE_EDGES = re.compile(r" +\n *|\n +")


def unify_line_breaks(text: str) -> str:
    """CRLF, CR and the other Unicode line separators become LF."""
    if "\r" not in text and not any(ch in text for ch in _RARE_BREAKS):  # cheap test first (scale)
        return text
    return _LINE_BREAKS.sub("\n", text)


def remove_invisible(text: str) -> str:
    """Drop the BOM, bidi marks and embeddings, zero-width characters and control codes."""
    return _INVISIBLE.sub("", text) if _INVISIBLE.search(text) else text


def fold_presentation_forms(text: str) -> str:
    """Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) to standard letters (NFKC on those only)."""
    if not _PRESENTATION.search(text):
        return text
    return _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def normalize_spaces(text: str) -> str:
    """Tabs, no-break and other Unicode spaces become plain spaces."""
    return _SPACES.sub(" ", text) if _SPACES.search(text) else text


def unpad_brackets(text: str) -> str:
    """``( Newsweek )`` -> ``(Newsweek)``."""
    if "( " in text or "[ " in text:
        text = _OPEN_PAD.sub(r"\1", text)
    if " )" in text or " ]" in text:
        text = _CLOSE_PAD.sub(r"\1", text)
    return text


def collapse_spaces(text: str) -> str:
    """Runs of spaces become one space."""
    return _MULTI_SPACE.sub(" ", text) if "  " in text else text


def drop_stray_periods(text: str) -> str:
    """``الادعاء. .`` -> ``الادعاء.``."""
    return _STRAY_PERIOD.sub(r"\1", text) if " ." in text else text


def attach_punctuation(text: str) -> str:
    """No space before Arabic punctuation or a sentence stop: ``البلاد ،`` -> ``البلاد،``."""
    if " ،" in text or " ؛" in text or " ؟" in text:
        text = _SPACE_BEFORE_MARK.sub(r"\1", text)
    if any(pair in text for pair in (" .", " :", " !", " ?")):
        text = _SPACE_BEFORE_STOP.sub(r"\1", text)
    return text


def separate_glued_sentences(text: str) -> str:
    """``بغداد.وقال`` -> ``بغداد. وقال``; only before an Arabic letter, so 64.11, U.S. and URLs stay."""
    return _GLUED.sub(r"\1 ", text)


def strip_line_edges(text: str) -> str:
    """No spaces at the start or end of a line (whitespace-only lines become empty)."""
    if " \n" in text or "\n " in text:
        text = _LINE_EDGES.sub("\n", text)
    return text.strip(" ")


TEXT_STEPS: tuple[Callable[[str], str], ...] = (
    unify_line_breaks,
    remove_invisible,
    fold_presentation_forms,
    normalize_spaces,
    unpad_brackets,
    collapse_spaces,
    drop_stray_periods,
    attach_punctuation,
    separate_glued_sentences,
    strip_line_edges,
)


def tidy(text: str) -> str:
    """Run every text step: the typography of the cleaner, which changes no word."""
    for step in TEXT_STEPS:
        text = step(text)
    return text


# ---------------------------------------------------------------------------------------------
# Lines
# ---------------------------------------------------------------------------------------------

class Line(NamedTuple):
    """One raw line as the line steps see it."""

    no: int  # 1-based raw line number
    text: str  # tidied text; the kept part when ``cuts`` is not empty
    rule: str | None = None  # the rule that dropped the whole line
    role: str | None = None  # kept lines: "title", "subtitle", "h"; None is a body paragraph
    meta: tuple[tuple[str, object], ...] = ()  # extracted values: ("date", (rank, text)), ("source", …)
    cuts: tuple[tuple[str, str], ...] = ()  # parts removed from a kept line: (text, rule)


Lines = tuple[Line, ...]


def _is_content(line: Line) -> bool:
    return line.rule is None and line.text != ""


def _body_indices(lines: Lines) -> list[int]:
    return [i for i, line in enumerate(lines) if _is_content(line) and line.role in (None, "h")]


def _drop(line: Line, rule: str, *meta: tuple[str, object]) -> Line:
    return line._replace(rule=rule, role=None, meta=line.meta + meta)


def _cut(line: Line, removed: str, rest: str, rule: str, *meta: tuple[str, object]) -> Line:
    # The kept part is tidied again: the cut may leave a space before punctuation at its new end.
    return line._replace(text=tidy(rest), cuts=line.cuts + ((removed.strip(), rule),), meta=line.meta + meta)


# ---------------------------------------------------------------------------------------------
# Text predicates
# ---------------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?؟…][”\"»’')\]]*(?: ?\([^()]{1,40}\))?$")  # "… صفوفها”.(وكالات)"
_QUESTION_END = re.compile(r"[?؟][”\"»’')\]]*$")
_INNER_STOP = re.compile(r"[.!?؟…][”\"»’')\]]* ")
_NORM_WORD = re.compile(r"[^\W_]+")
_HAS_AR = re.compile(f"[{_AR_LETTER}]")
_HAS_LATIN = re.compile(r"[A-Za-z]")
_HAS_WORD = re.compile(r"[^\W_]")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_HAS_DIGIT = re.compile(f"[{_DIGIT}]")
_HAS_PUNCT = re.compile(r"[^\w\s]")


@lru_cache(maxsize=65536)
def _words(text: str) -> int:
    return len(text.split())


_COLON_HEADING_WORDS = 5
_ELLIPSIS_HEADLINE_WORDS = 14


def _ends_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text) is not None


def _open_ended(text: str) -> bool:
    """Whether a line may close a headline: no stop at its end, or a question, an exclamation, or the trailing
    ellipsis of a short line ("… تخترق شوارع المدن.."; a longer one is a teaser cut off at its length)."""
    return (not _ends_sentence(text) or _QUESTION_END.search(text) is not None or text[-1] == "!"
            or (text.endswith(("..", "…")) and _words(text) <= _ELLIPSIS_HEADLINE_WORDS
                and text.count("..") + text.count("…") == 1))


@lru_cache(maxsize=65536)
def _is_paragraph(text: str) -> bool:
    """Prose: a long line, or a line of a few words closed by sentence punctuation."""
    n = _words(text)
    return n >= 20 or (n >= 4 and _ends_sentence(text))


def _is_heading(text: str) -> bool:
    """A short line without sentence punctuation (a closing question mark is allowed, and a closing colon on a
    label of a few words that opens no clause: "توصيات وزارة الصحة:", not "وقال الوزير:")."""
    n = _words(text)
    if not 1 <= n <= 12 or len(text) > 100 or _INNER_STOP.search(text):
        return False
    if _QUESTION_END.search(text):
        return True
    if text[-1] in ":：" and n <= _COLON_HEADING_WORDS and text[0] not in "وف" and not _HAS_DIGIT.search(text):
        return True
    return not _ends_sentence(text) and text[-1] not in ":،,;؛-–—"


@lru_cache(maxsize=65536)
def _norm_tokens(text: str) -> tuple[str, ...]:
    return tuple(_NORM_WORD.findall(normalize(text)))


def _key(text: str) -> str:
    """A line's identity for repetition: normalised words only."""
    return " ".join(_norm_tokens(text))


def _fuzzy(phrase: str) -> str:
    """A regex for ``phrase`` that tolerates hamza/alef, yeh, taa marbuta variants and diacritics."""
    classes = {"ا": "[اأإآٱ]", "أ": "[اأإآ]", "إ": "[اأإآ]", "آ": "[اأإآ]", "ي": "[يىی]", "ى": "[يىی]",
               "ة": "[ةه]", "ه": "[ةه]", "ك": "[كک]"}
    out = []
    for ch in phrase:
        if ch == " ":
            out.append(" ")
        elif "\u0600" <= ch <= "\u06ff":
            out.append(classes.get(ch, re.escape(ch)) + "[\u064b-\u0652\u0640]*")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _alternation(phrases) -> str:
    return "|".join(_fuzzy(p) for p in sorted(set(phrases), key=len, reverse=True))


# ---------------------------------------------------------------------------------------------
# Lexicon
# ---------------------------------------------------------------------------------------------

def _build_lexicon() -> dict[str, list[tuple[tuple[str, ...], str, bool]]]:
    """First normalised word -> [(phrase words, category, strong)], longest phrase first."""
    index: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
    weak_multi = {_norm_tokens(p) for p in bp.WHOLE_LINE_ONLY}
    strong_single = {_norm_tokens(p) for p in bp.DISTINCTIVE_WORDS}
    for category, phrases in bp.PHRASES.items():
        for phrase in phrases:
            words = _norm_tokens(phrase)
            if not words:
                continue
            strong = (len(words) > 1 and words not in weak_multi) or words in strong_single
            entries = index.setdefault(words[0], [])
            if all(w != words for w, _, _ in entries):
                entries.append((words, category, strong))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


_LEXICON = _build_lexicon()
_URL_ANY_RE = re.compile(r"(?:https?://|www\.)\S+", re.I)
_LEXICON_MAX_WORDS = 25
_MARKER_CHARS = 30  # "اقرأ أيضاً: …" and the like: where a marker's colon stands
_STRONG_SHARE = 0.4
_UI_OBJECT_KEYS = frozenset(map(_key, bp.UI_OBJECTS))
_UI_LINE_WORDS = 5


def _lexicon_rule(text: str) -> str | None:
    """The lexicon category that makes ``text`` site chrome, if any.

    Chrome when lexicon phrases cover every word (a share bar, a button), when distinctive
    phrases cover a large share of a short line, or when a related/comment marker starts it
    ("اقرأ أيضاً: <headline>").
    """
    if text.count(" ") >= _LEXICON_MAX_WORDS:  # prose, or a marker with a colon and a list glued to it
        colon = text.find(":", 0, _MARKER_CHARS)
        label = _lexicon_rule(text[:colon]) if colon > 0 else None
        return label if label in bp.TAIL_MARKERS else None
    if "©" in text and _words(text) <= 15:
        return "legal"
    if "://" in text or "www." in text:  # a link's parts are no words: "رابط المقال: https://…"
        text = _URL_ANY_RE.sub(" ", text)
    tokens = _norm_tokens(text)
    if not tokens or len(tokens) > _LEXICON_MAX_WORDS:
        return None
    words = sum(1 for t in tokens if not t.isdigit())
    if words == 0:
        return None
    covered = strong = objects = 0
    first: tuple[int, str, bool] | None = None
    best: dict[str, int] = {}
    i = 0
    while i < len(tokens):
        for phrase, category, is_strong in _LEXICON.get(tokens[i], ()):
            if tokens[i:i + len(phrase)] == phrase:
                n = len(phrase)
                covered += n
                if is_strong:
                    strong += n
                    best[category] = best.get(category, 0) + n
                if first is None:
                    first = (i, category, is_strong)
                i += n
                break
        else:
            objects += tokens[i] in _UI_OBJECT_KEYS
            i += 1
    if first is None:
        return None
    if covered >= words:
        return first[1]
    if first[0] == 0 and words <= _UI_LINE_WORDS and covered + objects >= words:
        return first[1]  # a button and what it acts on: "شارك هذه المقالة"
    if strong >= _STRONG_SHARE * words:
        return max(sorted(best), key=best.__getitem__)
    if first[0] == 0 and first[2] and first[1] in bp.TAIL_MARKERS:
        return first[1]
    return None


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

_MONTH_NAMES = (*bp.GREGORIAN_MONTHS, *bp.MONTH_ALIASES, *bp.HIJRI_MONTHS)
_MONTH = f"(?:{_alternation(_MONTH_NAMES)})(?![^\\W\\d_])"
_DATE_RE = re.compile(
    rf"(?<![\d])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?,?[ -]?(?:من )?(?:شهر )?(?P<m>{_MONTH})"
    rf"(?: ?[/(] ?{_MONTH} ?\)?)? ?,? ?-?(?:عام |سنة )?(?P<y>\d{{4}})(?!\d)"
    rf"|(?P<m3>{_MONTH})\.? (?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y3>\d{{4}})(?!\d)"
    r"|(?<![\d/.-])(?P<num>\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})(?![\d/.-])",
    re.I)
_TIME_RE = re.compile(r"(?: ?[-–—|,،;؛:]? ?(?:الساعة )?\d{1,2}:\d{2}(?::\d{2})? ?(?:[ap]\.?m\.?|ص|م|مساء|صباحا)?)?"
                      r"(?: ?\(?(?:GMT|UTC|GST|AST|EET|EEST|CET|CEST|KSA)(?: ?[+-] ?\d{1,2}(?::?\d{2})?)?\)?)?(?: ?[مه]ـ?(?![^\W\d_]))?", re.I)
_YEAR_HINT = re.compile(f"[{_DIGIT}]{{4}}")  # cheap test before the date regex
_CLOCK_RE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?|\d{1,2} ?و ?\d{1,2} ?دقيق[ةه]")  # "20:51", "20 و51 دقيقة"
_HIJRI_BY_KEY = {_key(k): v for k, v in bp.HIJRI_MONTHS.items()}
_ALIAS_BY_KEY = {_key(k): v for k, v in bp.MONTH_ALIASES.items()}
_GREGORIAN_BY_KEY = {_key(k): v for k, v in bp.GREGORIAN_MONTHS.items()}
_GREGORIAN_BY_KEY.update((k, bp.GREGORIAN_MONTHS[v]) for k, v in _ALIAS_BY_KEY.items())
_NUMERIC_DATE_RE = re.compile(r"(\d+)[-/.](\d+)[-/.](\d+)")
_DATE_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first",
                  "REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["absolute-time"],
                  "RETURN_AS_TIMEZONE_AWARE": False}
_date_parser = None


def _hijri_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    """The tabular (arithmetic) Islamic calendar; it can differ from the Umm al-Qura calendar by a day or two."""
    if not (1300 <= year <= 1600 and 1 <= month <= 12 and 1 <= day <= 30):
        return None
    jd = day + math.ceil(29.5 * (month - 1)) + (year - 1) * 354 + (3 + 11 * year) // 30 + 1948439.5 - 1
    return dt.date.fromordinal(int(jd - 1721424.5))


@lru_cache(maxsize=8192)
def parse_date(candidate: str) -> dt.date | None:
    """Parse one candidate date string (Arabic or English, any digits) with dateparser; cached by string."""
    global _date_parser
    text = candidate.translate(_DIGITS_TO_ASCII)
    if _date_parser is None:
        from dateparser.date import DateDataParser  # imported lazily: loading it takes a while
        _date_parser = DateDataParser(languages=["ar", "en"], settings=_DATE_SETTINGS)
    try:
        found = _date_parser.get_date_data(text).date_obj
    except Exception:  # dateparser raises assorted errors on odd input; no date is the answer
        return None
    if found is None or not 1900 <= found.year <= 2100:
        return None
    return found.date()


def _calendar_date(year: int, month: int | None, day: int) -> dt.date | None:
    """The date when it exists and falls in 1900..2100, else None."""
    if month is None or not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _date_of(match: re.Match) -> dt.date | None:
    """The date of one ``_DATE_RE`` match: Hijri by arithmetic, Gregorian by dateparser.

    A written date that exists as read (day month year, or year-month-day for numbers) is taken
    directly, the same date dateparser gives; only the others (a day past the month's end, a
    month above 12, a year out of range) go to dateparser, which may read them another way.
    """
    if match.group("num"):
        first, second, third = _NUMERIC_DATE_RE.fullmatch(match.group("num")).groups()
        year, day = (first, third) if len(first) == 4 else (third, first)
        direct = _calendar_date(int(year), int(second), int(day))
        return direct or parse_date(match.group("num"))
    day, month, year = ((match.group("d"), match.group("m"), match.group("y")) if match.group("m")
                        else (match.group("d3"), match.group("m3"), match.group("y3")))
    mkey = _key(month)
    day_n, year_n = int(day.translate(_DIGITS_TO_ASCII)), int(year.translate(_DIGITS_TO_ASCII))
    if mkey in _HIJRI_BY_KEY:
        return _hijri_to_gregorian(year_n, _HIJRI_BY_KEY[mkey], day_n)
    return (_calendar_date(year_n, _GREGORIAN_BY_KEY.get(mkey), day_n)
            or parse_date(f"{day_n} {_ALIAS_BY_KEY.get(mkey, month)} {year_n}"))


def _find_dates(text: str) -> list[re.Match]:
    return list(_DATE_RE.finditer(text.translate(_DIGITS_TO_ASCII)))


def find_date(text: str) -> dt.date | None:
    """The first date written in ``text`` (Gregorian preferred over Hijri), or None."""
    matches = _find_dates(text)
    matches.sort(key=lambda m: _key(m.group("m") or m.group("m3") or "") in _HIJRI_BY_KEY)
    for match in matches:
        found = _date_of(match)
        if found is not None:
            return found
    return None


_CALENDAR_SLACK = 2  # days: the tabular Islamic calendar and a site's (Umm al-Qura, sighting) may differ by as much


def calendar_disagreement(text: str) -> str | None:
    """When a line gives a Hijri date beside a Gregorian one and the two name different days, what differs."""
    matches = _find_dates(text)
    hijri = [m for m in matches if _key(m.group("m") or m.group("m3") or "") in _HIJRI_BY_KEY]
    gregorian = [m for m in matches if m not in hijri]
    if not hijri or not gregorian:
        return None
    h, g = _date_of(hijri[0]), _date_of(gregorian[0])
    if h is None or g is None or abs((h - g).days) <= _CALENDAR_SLACK:
        return None
    return (f"the Hijri date ({hijri[0].group().strip()}, {h.isoformat()}) and the Gregorian date "
            f"({g.isoformat()}) disagree; the Gregorian one is used")


_WEAK_DATE_LABELS = ("نشر", "التاريخ", "date", "posted", "published", "updated", "modified", "محدث")
_DATE_LABEL_RE = re.compile(
    rf"^[^\w]*(?:(?P<pub>{_alternation(l for l in bp.DATE_LABELS_PUBLISHED if l not in _WEAK_DATE_LABELS)})"
    rf"|(?P<upd>{_alternation(l for l in bp.DATE_LABELS_UPDATED if l not in _WEAK_DATE_LABELS)})"
    rf"|(?P<wpub>{_alternation(l for l in _WEAK_DATE_LABELS if l in bp.DATE_LABELS_PUBLISHED)}) ?[:：]"
    rf"|(?P<wupd>{_alternation(l for l in _WEAK_DATE_LABELS if l in bp.DATE_LABELS_UPDATED)}) ?[:：]"
    r"|(?P<iso>date|posted|published)(?= \d{4}-\d{2}-\d{2}(?!\d)))"
    r" ?[:：|\-–]? ?", re.I)
_DATE_FILLER_KEYS = frozenset(map(_key, (*bp.WEEKDAYS, *bp.DATE_FILLERS)))
_DATE_RANK_PUBLISHED, _DATE_RANK_BARE, _DATE_RANK_UPDATED = 0, 1, 2
_RELATIVE_OPENER_KEYS = tuple(_norm_tokens(w) for w in bp.RELATIVE_TIME_OPENERS)
_RELATIVE_UNIT_KEYS = frozenset(map(_key, bp.RELATIVE_TIME_UNITS))
_RELATIVE_NUMBER_KEYS = frozenset(map(_key, bp.RELATIVE_TIME_NUMBERS))
_RELATIVE_AGO_KEYS = frozenset(map(_key, bp.RELATIVE_TIME_AGO))


def _is_relative_time(text: str) -> bool:
    """A line that only says how long ago the page was published: "منذ 3 ساعات", "قبل يومين", "5 hours ago"."""
    if _words(text) > 6:
        return False
    tokens = _norm_tokens(text)
    if tokens and tokens[-1] in _RELATIVE_AGO_KEYS:  # English: "[posted] 5 hours ago"
        rest = tokens[:-1]
    else:
        opener = next((o for o in _RELATIVE_OPENER_KEYS if tokens[:len(o)] == o), None)
        if opener is None:
            return False
        rest = tokens[len(opener):]
    units = [t for t in rest if t in _RELATIVE_UNIT_KEYS]
    return len(units) == 1 and all(t in _RELATIVE_UNIT_KEYS or t in _RELATIVE_NUMBER_KEYS or t.isdigit()
                                   for t in rest)


# ---------------------------------------------------------------------------------------------
# Labels of other metadata lines
# ---------------------------------------------------------------------------------------------

_SOURCE_LABEL = _alternation(bp.SOURCE_LABELS)
_SOURCE_LINE_RE = re.compile(rf"^[^\w]*(?:{_SOURCE_LABEL}) ?[:：|]", re.I)
_SOURCE_SPLIT_RE = re.compile(rf"(?:{_SOURCE_LABEL}) ?[:：|]", re.I)
_END_MARK_RE = re.compile(rf"^(?:[(\[-]|//?)? ?(?:{_alternation(bp.END_MARKS)}) ?(?:[)\]-]|//?)?\.?$", re.I)
_INITIALS_RE = re.compile(f"^[{_AR_LETTER}](?: ?[./] ?[{_AR_LETTER}]){{1,3}}\\.?$")
_HASHTAGS_RE = re.compile(r"^#[^\W_][\w]*(?:[ ،,]+#[^\W_][\w]*)*$")
_SIGNATURE_RE = re.compile(rf"^(?:{_alternation(bp.SIGNATURE_OPENINGS)})(?![^\W\d_])", re.I)
_SIGNATURE_WORDS = 10
_EPISODE_RE = re.compile(f"(?:^|[ \\-–—|:])(?:الحلقة|حلقة|episode|ep\\.?) ?[{_DIGIT}]{{1,4}}$", re.I)
_PAREN_ONLY_RE = re.compile(r"^\(([^()\d]{2,40})\)\.?$")
_TRAILING_SOURCE_RE = re.compile(r"(?<=[.!?؟…”\"»']) ?\(([^()\d/]{2,40})\)$")
_KEYWORDS_RE = re.compile(rf"^[^\w]*(?:{_alternation(bp.KEYWORD_LABELS)})(?: ?[:：|] ?(?P<v>.*)|[ :：|]*$)", re.I)
_KEYWORD_SPLIT_RE = re.compile(r" ?[,،;؛|#] ?| - ")
_KEYWORD_STOP_KEYS = frozenset(map(_key, bp.KEYWORD_STOPWORDS))
_SECTION_KEYS = frozenset(map(_key, bp.SECTIONS))
_BREADCRUMB_RE = re.compile(r" ?[»›>] ?")
_CAPTION_MARKER_KEYS = frozenset(map(_key, bp.CAPTION_MARKERS))
_CAPTION_PREFIX_RE = re.compile(rf"^(?:(?:{_alternation(bp.CAPTION_PREFIXES)}) ?[:：|]"
                                rf"|(?:{_alternation(bp.CAPTION_LABELS)}) ?[:：|،,]) ?(?P<v>\S.*)$", re.I)
# The last parenthesis of a line, possibly followed by a stop and a short attribution "(وكالات)".
_CREDIT_RE = re.compile(r"\(([^()]{2,80})\)(?P<stop>\.?)(?: ?\([^()]{2,40}\))?$")
_DASH_CREDIT_RE = re.compile(r" [-–—] ([^-–—().!?؟…]{2,40})(?P<stop>)$")  # "… منذ اندلاع الحرب - جيتي"
_CREDIT_KEYS = frozenset(map(_key, bp.CREDIT_WORDS))
_AGENCY_KEYS = frozenset(map(_key, bp.PHOTO_AGENCIES))
_CAPTION_OPENING_RE = re.compile(rf"^(?:{_alternation(bp.CAPTION_OPENINGS)})(?![^\W\d_])", re.I)
_URL_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_NAME = r"[^\W\d_]{2,}(?: [^\W\d_]{2,}){0,2}"  # one to three words: a place, an outlet
# The place may name its country after a comma when an agency follows ("دبي، الإمارات العربية المتحدة (CNN)--").
_DATELINE_PREFIX_RE = re.compile(
    rf"^(?P<place>{_NAME}(?:، ?{_NAME}(?= ?\())?)"
    rf"(?:،? (?P<when>[{_DIGIT}]{{1,2}} [^\W\d_]+(?: [^\W\d_]+)? [{_DIGIT}]{{4}})"
    rf"|-(?P<when2>[{_DIGIT}]{{1,2}}-[{_DIGIT}]{{1,2}}-[{_DIGIT}]{{4}})(?=\())?"  # "الخرطوم-28-1-2021(سونا)-"
    r"(?: ?\((?P<agency>[^()\d]{2,30})\)| ?/ ?(?P<agency2>[^\W\d_]+(?: [^\W\d_]+){0,3}))?"
    r"(?: [-–—]|[–—]|--|-(?= )|(?<=\))-) ?")
_NOT_PLACE_FIRST = frozenset(_norm_tokens(w)[:1] for w in bp.NOT_PLACE_WORDS)
_LONE_DATELINE_RE = re.compile(rf"^(?P<place>{_NAME})(?: ?[-–—:،,])?$")
# A place and an outlet or agency, in either order, alone under the headline: "بغداد - واع",
# "السومرية نيوز/ بغداد", "بغداد (رويترز)". The whole line is the dateline.
_OUTLET = r"[^\W\d_]{2,}(?:\.[^\W\d_]{2,})?(?: [^\W\d_]{2,}(?:\.[^\W\d_]{2,})?){0,2}"  # "العربية.نت"
_LONE_CREDIT_RE = re.compile(rf"^{_OUTLET}(?:(?: ?[/\-–—] ?{_OUTLET}){{1,2}}| ?\({_OUTLET}\))$")
# The same with an agency's initials or a reporter's name after a colon, and the dashes or slashes some
# sites print around it: "هوية بريس – و م ع", "رام الله / سما /", "- الرياض: نداء أبو علي".
_INITIALS = r"[^\W\d_](?:[ .][^\W\d_]){1,3}\.?"
_CREDIT_PAIR_RE = re.compile(
    rf"^[-–—]? ?{_NAME}(?: ?[/\-–—:|] ?| ـ ?|ـ )(?:{_NAME}|{_INITIALS}|\((?:{_NAME}|{_INITIALS})\)) ?[/\-–—:]?$")
# (A tatweel is a dash only beside a space: inside a word it stretches the word, "القــــدس".)
_LABEL_WORDS = 4  # a short line under the headline, before the first paragraph: author, section, kicker
_LABEL_RUN = 3  # short lines in a row under the headline: labels; more are the text's own lines
_WIRE_PREFIX_RE = re.compile(f"^(?:{_alternation(bp.WIRE_PREFIXES)}) ?[{_DIGIT}]{{0,2}} ?[-–:] ?", re.I)
_TITLE_MAX_WORDS = 30  # a first line longer than this that reads as prose is the article's first paragraph


# ---------------------------------------------------------------------------------------------
# Line steps (tuple[Line, ...] -> tuple[Line, ...])
# ---------------------------------------------------------------------------------------------

_BYLINE_RE = re.compile(
    rf"^(?:(?:{_alternation((*bp.BYLINE_LABELS, *bp.BYLINE_OPENERS))}) ?[:：\-–—] ?"
    rf"|(?:{_alternation(bp.BYLINE_OPENERS)}) )(?P<name>[^\d!?؟:،,;؛]{{2,60}})$", re.I)
_CREDIT_LINE_RE = re.compile(rf"^\((?:{_alternation(bp.CREDIT_LABELS)}) [^()]{{2,120}}\)\.?$", re.I)
_BYLINE_NAME_WORDS = 6
_BYLINE_TITLED_WORDS = 10  # "بقلم العقيد الركن المتقاعد الدكتور …"
_CREDIT_CHAIN_SPLIT_RE = re.compile(r" [-–—] ")
_CREDIT_PART_RE = re.compile(rf"^(?:{_alternation(bp.CREDIT_LABELS)}) ?:? ?[^\d!?؟.،,;؛]{{2,60}}$", re.I)


# A name alone behind an academic or professional title, or behind a bar: "أ.د. فتحي أبوزخار", "| خالد عرنوس".
_TITLED_NAME_RE = re.compile(r"^(?:(?:أ\. ?د|أ|د|م|ا\. ?د)\.|الدكتور|الأستاذ|الاستاذ|المهندس|[|/]) ?"
                             r"[^\W\d_]{2,}(?: [^\W\d_]{2,}){0,3}$")


def _is_byline(text: str) -> bool:
    """A byline on its own line ("كتب: علي حسين", "بقلم علي حسين", "By Ali Hussein") or an agency's
    editing credits, in parentheses ("(إعداد محمد علي للنشرة العربية - تحرير سها جادو)") or as a chain of
    credits ("تغطية صحفية أحمد رشيد - إعداد محمد أيسم - تحرير علي خفاجي")."""
    m = _BYLINE_RE.match(text)
    if m is not None:  # a name; a long one only with no function word in it (ranks and titles before a name)
        name = m.group("name")
        return not _ends_sentence(name) and (_words(name) <= _BYLINE_NAME_WORDS or (
            _words(name) <= _BYLINE_TITLED_WORDS and _function_share(name) == 0))
    if _TITLED_NAME_RE.match(text) is not None:
        return True
    if _words(text) > 25:
        return False
    if _CREDIT_LINE_RE.match(text) is not None:
        return True
    parts = _CREDIT_CHAIN_SPLIT_RE.split(text)
    return len(parts) >= 2 and all(_CREDIT_PART_RE.match(part) for part in parts)


_TEASER_RE = re.compile(rf"^(?:{_alternation(bp.TEASER_LABELS)})(?: ?[:：|]|\.\.|…) ?\S", re.I)
_TICKER_RE = re.compile(rf"^(?:{_alternation(bp.TICKER_LABELS)}) ?[:：|] ?\S", re.I)
_EDITOR_NOTE_RE = re.compile(rf"^(?:{_alternation(bp.EDITOR_NOTE_LABELS)}) ?[:：]", re.I)
_TEASER_LINE_WORDS = 25
_CONSENT_OPENINGS = tuple(_norm_tokens(p) for p in bp.CONSENT_OPENINGS)
_CONSENT_MAX_WORDS = 80
_CONSENT_FIRST_WORDS = frozenset(o[0] for o in _CONSENT_OPENINGS)


_WIRE_NOTE_RE = re.compile(rf"^\((?:{_alternation(bp.WIRE_NOTE_OPENERS)})(?![^\W\d_])[^()]*\)\.?$", re.I)
_STATUS_PART_WORDS = 4
_STATUS_PARTS = 3  # two parts are as often a score ("الزوراء 2 | 1 الشرطة") or a date and time
_POLL_ANSWERS = frozenset(bp.POLL_ANSWERS)
_POLL_ANSWER_CHARS = max(map(len, _POLL_ANSWERS))  # so that no paragraph is lower-cased to be compared


def _first_chars(*phrase_lists) -> frozenset[str]:
    """Every character a line opening with one of the phrases can start with (hamza and case variants included)."""
    variants = {"ا": "اأإآٱ", "أ": "اأإآ", "إ": "اأإآ", "آ": "اأإآ"}
    out = set()
    for phrase in (p for phrases in phrase_lists for p in phrases):
        first = phrase[0]
        out.update(variants.get(first, first) + first.lower() + first.upper())
    return frozenset(out)


_LABEL_FIRST = _first_chars(bp.TEASER_LABELS, bp.TICKER_LABELS, bp.CONSENT_OPENINGS, bp.EDITOR_NOTE_LABELS)


def _is_status_bar(text: str) -> bool:
    """A bar of figures ("الناصرية 44° | بغداد 46° | الدولار 1480 دينار"): short parts, each with a number."""
    parts = text.split("|")
    return len(parts) >= _STATUS_PARTS and all(_HAS_DIGIT.search(p) and _words(p) <= _STATUS_PART_WORDS for p in parts)


def _is_teaser(text: str) -> bool:
    """A labelled link to a video or gallery of another story ("شاهد: …", "فيديو | …"), not a sentence."""
    return _TEASER_RE.match(text) is not None and _words(text) <= _TEASER_LINE_WORDS and not _ends_sentence(text)


def _is_consent_banner(text: str) -> bool:
    """A cookie or consent notice, whatever its length: it opens with what such notices say."""
    first = _norm_tokens(text.split(" ", 1)[0])  # one word, memoised: most lines stop here
    if not first or first[0] not in _CONSENT_FIRST_WORDS or _words(text) > _CONSENT_MAX_WORDS:
        return False
    tokens = _norm_tokens(text)
    return any(tokens[:len(o)] == o for o in _CONSENT_OPENINGS)


# A newspaper's masthead credits: "رئيس التحرير: …", "رئيس مجلس الإدارة ورئيس التحرير …".
# (A final ي is often printed as ى: "مجلسى الإدارة".)
_MASTHEAD_RE = re.compile(r"^(?:(?:ال)?رئيس[ةه]?|(?:ال)?مدير[ةه]?|نائب[ةه]? رئيس[ةه]?|مستشار[ةه]?|سكرتير[ةه]?) "
                          r"(?:مجلس[يى]? ال[إا]دارة|التحرير|عام التحرير|التنفيذ[يى]|العام)")


# A site's greeting: "مرحبا بك في موقع …", "أهلا بكم في …", "Welcome to …".
# The line a WordPress feed adds under each post: "The post <title> appeared first on <site>.", "ظهرت المقالة
# <title> أولاً على <site>."
_FEED_FOOTER_RE = re.compile(r"^the post .{2,300} appeared first on .{2,80}$|^ظهرت? (?:المقالة|المقال|التدوينة) "
                             r".{2,300} (?:أولا|أولاً|اولا|لأول مرة) (?:على|في) .{2,80}$", re.I)
_WELCOME_RE = re.compile(r"^(?:مرحبا|مرحباً|أهلا|أهلاً|اهلا) ب(?:ك|كم) (?:في|على|إلى)|^welcome to ", re.I)


_COUNT_RE = re.compile(f" ?[(\\[]?[{_DIGIT}][{_DIGIT},.]*[)\\]]?$")


def _counted_rule(text: str) -> str | None:
    """The rule of a chrome phrase with a count after it ("اقرأ التعليقات (12)", "المشاهدات 1,245")."""
    if text[-1] not in _DIGIT_CHARS and text[-1] not in ")]":
        return None
    m = _COUNT_RE.search(text)
    return _lexicon_rule(text[:m.start()]) if m and m.start() > 0 else None


# A market ticker's line: a name glued to or beside a price, a change, a percentage ("أرامكو32.50 +0.62%").
_PRICE_LINE_RE = re.compile(r"^[^\d%+\-−]{0,40}?(?: ?[(\[]?[+\-−]?\d[\d,]*(?:\.\d+)? ?%?[)\]]?){1,4}$")
_PRICE_MARK_RE = re.compile(r"\d\.\d|%")
_PRICE_WORDS = 6
_GLUED_PRICE_RE = re.compile(r"[^\W\d_][0-9٠-٩]")
_PRICE_RUN = 3


def _is_price_line(text: str) -> bool:
    if text.count(" ") >= _PRICE_WORDS or not _HAS_DIGIT.search(text):
        return False
    ascii_text = text.translate(_DIGITS_TO_ASCII).replace("٫", ".").replace("٪", "%")
    return _PRICE_MARK_RE.search(ascii_text) is not None and _PRICE_LINE_RE.match(ascii_text) is not None


def drop_prices(lines: Lines) -> Lines:
    """A market ticker or a box of quotes: three lines or more in a row, each a name and figures with a
    decimal point or a percentage, above or under the article's prose, or anywhere when a name is glued to
    its price as only a flattened ticker prints it. A list of figures inside the article stays."""
    content = [i for i, line in enumerate(lines) if _is_content(line)]
    flags = [_is_price_line(lines[i].text) for i in content]
    if sum(flags) < _PRICE_RUN:
        return lines
    first, last = _first_paragraph(lines), _last_paragraph(lines)
    out = list(lines)
    k = 0
    while k < len(content):
        end = k
        while end < len(content) and flags[end]:
            end += 1
        if end - k >= _PRICE_RUN and (not first < content[k] < last or any(
                _GLUED_PRICE_RE.search(lines[content[m]].text) for m in range(k, end))):
            for m in range(k, end):
                out[content[m]] = _drop(lines[content[m]], "prices")
        k = max(end, k + 1)
    return tuple(out)


_PLATFORM_KEYS = tuple(_norm_tokens(p) for p in bp.PLATFORMS)
_CHANNEL_KEYS = frozenset(map(_key, bp.CHANNEL_WORDS))
_CHANNEL_LINE_WORDS = 14
_PLATFORM_FIRST = frozenset(p[0] for p in _PLATFORM_KEYS)


def _is_channel_line(text: str) -> bool:
    """The site promoting its own channel: a short line, no closed sentence, naming a platform and a channel or
    following it. An article's sentence about a post ("قال في تغريدة على حسابه") is closed by its stop."""
    if text.count(" ") >= _CHANNEL_LINE_WORDS or (_ends_sentence(text) and text[-1] not in "!"):
        return False
    tokens = _norm_tokens(text)
    return (any(t in _CHANNEL_KEYS for t in tokens) and any(t in _PLATFORM_FIRST for t in tokens)
            and _has_phrase(tokens, _PLATFORM_KEYS))


_DISCLAIMER_SUBJECT_KEYS = frozenset(map(_key, bp.DISCLAIMER_SUBJECTS))
_DISCLAIMER_SITE_KEYS = frozenset(map(_key, bp.DISCLAIMER_SITE_WORDS))
_DISCLAIMER_WORDS = 60


def _is_disclaimer(text: str) -> bool:
    """A disclaimer or comment policy: a short paragraph on what is published and on the site or its editors."""
    if _words(text) > _DISCLAIMER_WORDS:
        return False
    tokens = set(_norm_tokens(text))
    tokens |= {t[1:] for t in tokens if len(t) > 3 and t[0] in _CLITICS}  # "والموقع", "بالمسؤولية"
    return bool(tokens & _DISCLAIMER_SUBJECT_KEYS) and bool(tokens & _DISCLAIMER_SITE_KEYS)


def drop_disclaimers(lines: Lines) -> Lines:
    """Disclaimers and comment policies at the text's end, under the article (only the trailing run: a sentence
    of the article that speaks of a site and its comments stays)."""
    out = list(lines)
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if not line.text or not _is_content(line):
            continue
        if not _is_disclaimer(line.text):
            break
        out[i] = _drop(line, "legal")
    return tuple(out)


def _is_doubled(text: str) -> bool:
    """A line glued to a copy of itself, as a flattened link and its label print ("أخبار العراقأخبار العراق")."""
    n = len(text)
    if n < 8 or n > 200:
        return False
    half = n // 2
    words = text[:half].split()
    if not _HAS_LETTER.search(text) or len(set(words)) < len(words):  # "قال قال قال قال" repeats a word
        return False
    return text[:half] == text[half:] if n % 2 == 0 else (text[half] == " " and text[:half] == text[half + 1:])


def drop_chrome(lines: Lines) -> Lines:
    """Lines of site chrome from the lexicon (share bars, navigation, comment forms, related markers),
    bylines, labelled video or gallery teasers, consent banners, editors' notes, and breaking-news tickers
    (two or more "عاجل | …" lines in a row)."""
    out = []
    content = [i for i, line in enumerate(lines) if _is_content(line)]
    ticker = [lines[i].text[:1] in _LABEL_FIRST and _TICKER_RE.match(lines[i].text) is not None for i in content]
    in_ticker = {i for k, i in enumerate(content)
                 if ticker[k] and ((k > 0 and ticker[k - 1]) or (k + 1 < len(content) and ticker[k + 1]))}
    previous_rule = None  # of the last line with text: poll buttons stand under their question
    for n, line in enumerate(lines):
        if n in in_ticker:
            line = _drop(line, "ticker")
        elif _is_content(line):
            text = line.text
            labelled = text[:1] in _LABEL_FIRST  # the label rules below only test lines that can open so
            if (previous_rule in ("widget", "poll") and len(text) <= _POLL_ANSWER_CHARS
                    and text.lower() in _POLL_ANSWERS):
                line = _drop(line, "poll")
            elif (rule := _lexicon_rule(text) or _counted_rule(text)) is not None:
                line = _drop(line, rule)
            elif _is_byline(text):
                line = _drop(line, "byline")
            elif _MASTHEAD_RE.match(text):
                line = _drop(line, "masthead")
            elif _is_channel_line(text):
                line = _drop(line, "subscribe")
            elif _is_doubled(text):
                line = _drop(line, "repeat")
            elif text[0] in "مأاWw" and _WELCOME_RE.match(text):
                line = _drop(line, "welcome")
            elif text[0] in "Ttظ" and _FEED_FOOTER_RE.match(text):
                line = _drop(line, "feed-footer")
            elif labelled and _is_teaser(text):
                line = _drop(line, "teaser")
            elif labelled and _is_consent_banner(text):
                line = _drop(line, "legal")
            elif labelled and _EDITOR_NOTE_RE.match(text):
                line = _drop(line, "editor-note")
            elif "|" in text and _is_status_bar(text):  # its first part may be the article's date
                found = _date_line(text.split("|", 1)[0].strip(), labelled=False)
                line = _drop(line, "widget", *((("date", (found[0], found[2])),) if found else ()))
            elif text[0] == "(" and _WIRE_NOTE_RE.match(text) and _words(text) <= 25:
                line = _drop(line, "wire-note")
        if line.text:
            previous_rule = line.rule
        out.append(line)
    return tuple(out)


# "— Name (@handle) June 12, 2024": the signature of an embedded social-media post.
_EMBED_SIGNATURE_RE = re.compile(r"^[—–-]{1,2} ?[^()]{1,80} ?\(@\w{1,30}\)(?: [^()]{0,40})?$")
_EMBED_LINK_RE = re.compile(r"(?:pic\.twitter\.com|t\.co|instagram\.com/p)/\w+", re.I)


def _has_embed_link(text: str) -> bool:
    """A post's picture or short link in the line; substring tests first, the regex scans long lines slowly."""
    low = text.lower() if "/" in text else ""
    return ("twitter.com/" in low or "t.co/" in low or "instagram.com/" in low) and bool(_EMBED_LINK_RE.search(text))


_POST_MARK_RE = re.compile(r"https?://|pic\.twitter\.com|(?:^|\s)[#@][^\W_]")
_POST_WORDS = 20


def _post_like(text: str) -> bool:
    """A post's text: it carries a link, a hashtag or a mention, or it is short and no closed sentence (an
    article's paragraph, which a signature may follow when the post had no text of its own, is neither)."""
    return _POST_MARK_RE.search(text) is not None or (_words(text) <= _POST_WORDS and not _ends_sentence(text))


def drop_embeds(lines: Lines) -> Lines:
    """Embedded social-media posts: the signature line ("— Name (@handle) date"), the post's text directly
    above it, and any line carrying a post's picture link (pic.twitter.com/…)."""
    out = list(lines)
    for i, line in enumerate(lines):
        if not _is_content(line):
            continue
        if line.text[0] in "—–-" and _EMBED_SIGNATURE_RE.match(line.text):
            out[i] = _drop(line, "embed")
            if i > 0 and _is_content(out[i - 1]) and _post_like(out[i - 1].text):  # the post's text, above it
                out[i - 1] = _drop(out[i - 1], "embed")
        elif _has_embed_link(line.text) and _words(line.text) <= 60:
            out[i] = _drop(line, "embed")
    return tuple(out)


# The page's title above the headline: the headline and the site's name ("… - الناصرية نيوز", "… | شفق نيوز").
_SITE_SUFFIX_RE = re.compile(r"^(?P<head>.{10,}?) ?(?:[-–—|]|::) ?(?P<site>[^-–—|]{2,40})$")
_SITE_WORDS = 4
_PAGE_TITLE_REACH = 8  # content lines below the page title where the headline may stand


def drop_page_title(lines: Lines) -> Lines:
    """The page's title (the headline with the site's name appended) above the headline itself: it goes, and
    the headline stays the title. A first line with a dash that no later line repeats is the headline."""
    first = next((i for i, line in enumerate(lines) if _is_content(line)), None)
    if first is None:
        return lines
    m = _SITE_SUFFIX_RE.match(lines[first].text)
    if m is None or _words(m.group("site")) > _SITE_WORDS:
        return lines
    head = _key(m.group("head"))
    below = (i for i in range(first + 1, len(lines)) if _is_content(lines[i]))
    for j in itertools.islice(below, _PAGE_TITLE_REACH):
        if _key(lines[j].text) == head:
            out = list(lines)
            out[first] = _drop(lines[first], "page-title")
            return tuple(out)
        if _words(lines[j].text) >= 20 and _is_paragraph(lines[j].text):
            break
    return lines


# A box inside the body closed by its own end marker: "الأكثر قراءة" … "نهاية الأكثر قراءة".
_INSET_END = tuple(_norm_tokens(w) for w in bp.INSET_END_WORDS)
_INSET_END_STARTS = tuple(w[:3] for w in bp.INSET_END_WORDS)  # a cheap test before normalising
_INSET_MAX_LINES = 30


def _inset_end(line: Line) -> tuple[str, ...] | None:
    """The marker a box's end line closes ("نهاية الأكثر قراءة" closes "الأكثر قراءة"), or None."""
    # The end marker holds a lexicon phrase, so drop_chrome has dropped it by its category.
    if line.rule not in bp.PHRASES or not line.text[:3].lower().startswith(_INSET_END_STARTS):
        return None
    tokens = _norm_tokens(line.text)
    for end in _INSET_END:
        if tokens[:len(end)] == end and len(tokens) > len(end) and _lexicon_rule(line.text[line.text.find(" "):]):
            return tokens[len(end):]
    return None


def drop_insets(lines: Lines) -> Lines:
    """A box of other stories inside the body, between its marker and its end marker ("الأكثر قراءة" …
    "نهاية الأكثر قراءة"), with the link that skips it ("تخطى الأكثر قراءة وواصل القراءة"): all of it goes,
    and the article resumes under it (the marker is then no sign that the article ended)."""
    out = list(lines)
    for e, line in enumerate(lines):
        closes = _inset_end(line)
        if closes is None:
            continue
        start = next((s for s in range(e - 1, max(-1, e - _INSET_MAX_LINES), -1)
                      if lines[s].text and _norm_tokens(lines[s].text) == closes), None)
        if start is None:
            continue
        while start > 0 and (not lines[start - 1].text or lines[start - 1].rule == "navigation"):
            start -= 1  # the skip link above the box, and blank lines
        for j in range(start, e + 1):
            if lines[j].text and lines[j].rule in (None, *bp.PHRASES):
                out[j] = out[j]._replace(rule="inset", role=None)
    return tuple(out)


_PREFIX_KEY_LEN = 24
_PREFIX_BUCKET = 8  # near-duplicate candidates kept per prefix: bounded work per line


def drop_repeats(lines: Lines) -> Lines:
    """Repeated lines: a headline repeated under itself, and any line repeating an earlier one.

    Of two copies the later is dropped, except when the earlier is a long unfinished sentence
    above the first paragraph (a caption or teaser repeating a paragraph): then the earlier goes
    and the paragraph stays in its place. Runs early, so later steps judge position (first and last
    paragraph) on text without duplicates, as they will when cleaning the output again.
    """
    out = list(lines)
    seen: dict[str, int] = {}
    by_prefix: dict[str, list[str]] = {}
    paragraph_seen = False  # a paragraph other than the copy itself has been kept
    head_copies: set[int] = set()
    previous: int | None = None  # the last content line, when short and kept
    for i, line in enumerate(lines):
        if not _is_content(line):
            continue
        key = _key(line.text)
        if previous is not None and _is_content(out[previous]) and _words(line.text) <= _INLINE_WORDS and (
                (joined := _key(lines[previous].text + " " + line.text)) in seen and seen[joined] < previous):
            # An earlier line printed again, broken in two at a link ("السومرية" / "نيوز-سياسة").
            out[previous], out[i] = _drop(out[previous], "repeat"), _drop(line, "repeat")
            previous = None
            continue
        previous = i if _words(line.text) <= _INLINE_WORDS else None
        match = _near(key, seen, by_prefix) if key.count(" ") >= 1 else None
        if match is not None:
            j = seen[match]
            earlier = out[j]
            if (j in head_copies and _is_content(earlier) and _is_paragraph(earlier.text)
                    and not _ends_sentence(earlier.text)):
                out[j] = _drop(earlier, "repeat")
                seen[match] = i
            else:
                headline = j in head_copies and not _is_paragraph(earlier.text)
                out[i] = _drop(line, "repeat-title" if headline else "repeat")
            continue
        if key:
            seen[key] = i
            bucket = by_prefix.setdefault(key[:_PREFIX_KEY_LEN], [])
            if len(bucket) < _PREFIX_BUCKET:
                bucket.append(key)
        if not paragraph_seen:
            head_copies.add(i)
        if _is_paragraph(line.text):
            paragraph_seen = True
    return tuple(out)


def _near_equal(a: str, b: str) -> bool:
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return long_.startswith(short) and len(short) >= 0.9 * len(long_)


def _near(key: str, seen: dict[str, int], by_prefix: dict[str, list[str]]) -> str | None:
    if key in seen:
        return key
    for other in by_prefix.get(key[:_PREFIX_KEY_LEN], ()):
        if _near_equal(key, other):
            return other
    return None


def _first_paragraph(lines: Lines) -> int:
    for i, line in enumerate(lines):
        if _is_content(line) and line.role is None and _is_paragraph(line.text):
            return i
    return len(lines)


def _last_paragraph(lines: Lines) -> int:
    for i in range(len(lines) - 1, -1, -1):
        if _is_content(lines[i]) and lines[i].role is None and _is_paragraph(lines[i].text):
            return i
    return -1


def _is_end_signal(line: Line) -> bool:
    """A line that only stands after an article's last paragraph: its source, tags or chrome."""
    if line.rule is not None:
        return line.rule in bp.PHRASES
    return bool(line.text) and (_SOURCE_LINE_RE.match(line.text) is not None
                                or _KEYWORDS_RE.match(line.text) is not None)


def _dateline_prefix(text: str, arabic: bool | None = None) -> re.Match | None:
    """The dateline opening a paragraph ("بغداد – ", "واشنطن (رويترز) - "), if any.

    The place must be a line the cleaner would keep as a dateline if it stood alone (not a
    section name, chrome, a caption marker, or, in an Arabic article, a Latin UI string), so
    cleaning the output again finds the same dateline.
    """
    m = _DATELINE_PREFIX_RE.match(text)
    if m is None or _words(text[m.end():]) < 5 or not _is_paragraph(text):
        return None
    place = m.group("place")
    if (_norm_tokens(place)[:1] in _NOT_PLACE_FIRST or _is_section_label(place, None)
            or _lexicon_rule(place) is not None or _is_caption_marker(place)
            or (arabic and not _HAS_AR.search(place))):
        return None
    return m


_EXCLAIMED_HEADLINE_WORDS = 20
_EXCLAIMED_RE = re.compile(r"[!?؟][”\"»’')\]]*$")
_TAIL_SHARE = 1.0  # prose above a tail marker, against the prose under it, for the marker to end the article


def cut_tail(lines: Lines) -> Lines:
    """After a related-stories or comments marker at the tail, drop everything (other stories, comments).

    A marker is at the tail when no paragraph follows it, when it is a comment form, when only
    the source, tags or chrome stand between it and the last paragraph, or when what follows is
    another story (it carries its own date line, or its first paragraph opens with a dateline).
    A marker inside the body only drops itself and the list of headlines under it.
    """
    if not any(line.rule in bp.TAIL_MARKERS for line in lines):
        return lines
    n = len(lines)
    # (A short line closed by "!" or "?" under a marker is another story's headline, not a paragraph.)
    para = [_is_content(l) and _is_paragraph(l.text) and not (_words(l.text) <= _EXCLAIMED_HEADLINE_WORDS
                                                                and _EXCLAIMED_RE.search(l.text) is not None)
            for l in lines]
    # The first of them, when it may be a headline (no stop closing it or inside it), is the headline of a long
    # one: chrome under it (a share bar, a comment link) is still above the article.
    first = next((i for i in range(n) if para[i]), n)
    if first < n and _title_candidate(lines[first].text) and any(para[first + 1:]):
        para[first] = False
    next_para = [n] * (n + 1)
    dated_after = [False] * (n + 1)
    for i in range(n - 1, -1, -1):
        next_para[i] = i if para[i] else next_para[i + 1]
        dated_after[i] = dated_after[i + 1] or (_is_content(lines[i]) and (
            _date_line(lines[i].text, labelled=True) is not None
            or (_words(lines[i].text) <= _DATE_ONLY_WORDS and _date_line(lines[i].text, labelled=False) is not None)))
    # Words of prose after each line: a comments marker above most of the page's prose (a comment link
    # under a teaser or the highlights, above the story) does not end the article.
    prose_after = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        prose_after[i] = prose_after[i + 1] + (_words(lines[i].text) if para[i] else 0)
    out = list(lines)
    seen_para = False
    paras_seen = 0  # one paragraph above a comments link is a teaser, a ticker or a notice above the article
    signal_since_para = False
    i = 0
    while i < n:
        line = out[i]
        if para[i]:
            seen_para, signal_since_para = True, False
            paras_seen += 1
        elif line.rule in bp.TAIL_MARKERS and seen_para:
            following = next_para[i + 1]
            # Chrome since the last paragraph ends the article above a box of other stories; above a comments
            # link it may be the page's header (a ticker, a notice): comments are dated, or under the article.
            if (following == n or (signal_since_para and line.rule != "comments") or dated_after[i + 1]
                    or _dateline_prefix(out[following].text) is not None
                    or (line.rule == "comments" and paras_seen > 1
                        and prose_after[0] - prose_after[i] >= _TAIL_SHARE * prose_after[i])):
                for j in range(i + 1, n):
                    if _is_content(out[j]):
                        out[j] = _drop(out[j], "after-" + line.rule)
                if line.rule == "author":
                    _drop_author_box(out, i)
                return tuple(out)
            if _words(line.text) <= 4 and line.rule != "comments":  # a bare marker: the lines up to the next
                # paragraph are headlines (under a comments link, they are the article's own)
                for j in range(i + 1, following):
                    if _is_content(out[j]):
                        out[j] = _drop(out[j], "related-headline")
                i = following
                continue
        elif seen_para and _is_end_signal(line):
            signal_since_para = True
        i += 1
    return tuple(out)


def _is_name_line(text: str) -> bool:
    """A person's name on its own line: a few words, no digits and no punctuation."""
    return (_words(text) <= _LABEL_WORDS and _is_heading(text) and not _HAS_DIGIT.search(text)
            and not _HAS_PUNCT.search(text))


_BIO_OPENER_KEYS = frozenset(map(_key, bp.BIO_OPENERS))
_BIO_MAX_WORDS = 50


def _is_bio(text: str, name: str) -> bool:
    """A short bio under an author's name: it opens with the name or with a profession ("مراسل …")."""
    first = _norm_tokens(text)[:1]
    return (_words(text) <= _BIO_MAX_WORDS and bool(first)
            and (first[0] in _BIO_OPENER_KEYS or first == _norm_tokens(name)[:1]))


_BIO_HEAD_LINES = 12  # content lines from the top where an author's box may stand above the article
_BIO_OPENER_REACH = 4  # words: "محمد علي كاتب وصحفي …" names the profession after the name


def _opens_bio(text: str, name: str) -> bool:
    """A bio under a name: it opens with a profession, or with the whole name and then a profession."""
    tokens, names = _norm_tokens(text), _norm_tokens(name)
    if tokens[:1] and tokens[0] in _BIO_OPENER_KEYS:
        return True
    return bool(names) and tokens[:len(names)] == names and any(
        t in _BIO_OPENER_KEYS for t in tokens[len(names):len(names) + _BIO_OPENER_REACH])


def drop_author_bio(lines: Lines) -> Lines:
    """An author's box above the article: under a byline or a name alone on its line, a short bio ("باحث
    بمركز …", "<name> كاتب وصحفي …"). It goes, with the name line; the article's paragraphs follow it."""
    content = list(itertools.islice((i for i, line in enumerate(lines) if line.text), _BIO_HEAD_LINES + 2))
    out = list(lines)
    for k, i in enumerate(content[:_BIO_HEAD_LINES]):
        line = lines[i]
        if k + 2 >= len(content):
            break
        # A byline, a name alone, or a date line with the author's name beside the date, the bio under it
        # no sentence ("عبدالحق خرباش 08.01.2023" / "كاتب صحفي ومدير النشر …").
        name = (line.text if line.rule == "byline" else
                line.text if line.rule is None and _is_name_line(line.text) else
                "" if line.rule is None and not _ends_sentence(lines[content[k + 1]].text) and (
                    _header_date_line(line.text) or _date_line(line.text, labelled=True)) else None)
        j = content[k + 1]
        if (name is None or not _is_content(lines[j]) or _words(lines[j].text) > _BIO_MAX_WORDS
                or not _opens_bio(lines[j].text, name if line.rule is None else "")):
            continue
        out[j] = _drop(lines[j], "author-bio")
        if line.rule is None and name:
            out[i] = _drop(line, "byline")
    return tuple(out)


def _drop_author_box(out: list[Line], marker: int) -> None:
    """The author's box above a link to their articles: a name on its own line, and the bio under it.

    Without a name line right above the marker or above one line of bio, only the lines that are no
    paragraph go, back to the article's last paragraph."""
    above = [j for j in range(marker - 1, -1, -1) if out[j].text]  # a rule may have dropped the name already
    if above and _is_name_line(out[above[0]].text):
        box = above[:1]
    elif len(above) > 1 and _is_name_line(out[above[1]].text) and _is_bio(out[above[0]].text, out[above[1]].text):
        box = above[:2]
    else:
        box = list(itertools.takewhile(lambda j: not _is_paragraph(out[j].text), above))
    for j in box:
        if _is_content(out[j]):
            out[j] = _drop(out[j], "author-box")


def _blank_separated(lines: Lines) -> bool:
    """True when the text separates paragraphs by blank lines (so adjacent lines belong together)."""
    content = adjacent = 0
    previous = False
    for line in lines:
        has = line.text != ""
        content += has
        adjacent += has and previous
        previous = has
    return content > 0 and adjacent <= 0.25 * content


def _is_credit(inner: str, before: str, stop: bool) -> bool:
    """Whether ``(inner)`` closing a line is a photo credit; ``before`` is the line's text before it.

    A photographer and agency ("Qassim Abdul-Zahra / AP"), a photo word with a name or a colon
    ("تصوير: …", "صورة أرشيفية"), or an agency alone after an unfinished sentence and with no
    stop after it. A lone "(صور)" or "(صورة)" is a headline's tag, and "(نيسان/أبريل)" or
    "(2021/2022)" are parts of a sentence, not credits.
    """
    tokens = _norm_tokens(inner)
    if not 1 <= len(tokens) <= 8:
        return False
    if "/" in inner:
        name, _, agency = inner.rpartition("/")
        agency_key = _key(agency)
        if agency_key in _AGENCY_KEYS or agency_key in _CREDIT_KEYS:
            return True
        return (not _HAS_AR.search(inner) and not _HAS_DIGIT.search(inner)
                and name.strip()[:1].isupper() and agency.strip()[:1].isupper())
    if (len(tokens) >= 2 or ":" in inner) and (tokens[0] in _CREDIT_KEYS or " ".join(tokens[:2]) in _CREDIT_KEYS):
        return True
    return " ".join(tokens) in _AGENCY_KEYS and not stop and not _ends_sentence(before.rstrip())


_GALLERY_COUNTER_RE = re.compile(f"^[{_DIGIT}]{{1,3}} ?(?:/|من|of) ?[{_DIGIT}]{{1,3}}$", re.I)


def _is_caption_marker(text: str) -> bool:
    """A caption marker line: a caption word alone, a short Latin UI string ending in one ("AvaToday caption"),
    or a gallery's counter ("1 / 8") above the caption of the picture it shows."""
    if text[0] in _DIGIT_CHARS and _GALLERY_COUNTER_RE.match(text):
        return True
    tokens = _norm_tokens(text)
    if not tokens or len(tokens) > 4:
        return False
    if " ".join(tokens) in _CAPTION_MARKER_KEYS:
        return True
    return tokens[-1] in _CAPTION_MARKER_KEYS and not _HAS_AR.search(text) and not _ends_sentence(text)


def _is_whole_quote(text: str) -> bool:
    stripped = text.rstrip(".!?؟… ")
    quotes = sum(text.count(q) for q in "“”\"«»")
    return (len(stripped) > 2 and stripped[0] in _QUOTES_OPEN and stripped[-1] in _QUOTES_OPEN + _CLOSERS
            and quotes == 2)


_CAPTION_MAX_WORDS = 60
_TEASER_MAX_WORDS = 25


def extract_captions(lines: Lines) -> Lines:
    """Photo captions: the line after a caption marker, ``صورة: …`` lines, lines ending in a photo credit.

    A captioned teaser of another story embedded in the body (caption, its headline glued under
    it, then a quotation standing alone) is dropped as a whole; this needs blank-line paragraphs
    to tell which lines belong to the teaser.
    """
    out = list(lines)
    n = len(out)
    blank_separated = _blank_separated(lines)
    seen_para = False
    first_content = next((i for i, line in enumerate(lines) if _is_content(line)), n)
    i = 0
    while i < n:
        line = out[i]
        if line.text and _is_caption_marker(line.text):
            if line.rule is None:
                out[i] = _drop(line, "caption-marker")
            j = i + 1
            while j < n and not out[j].text:
                j += 1
            # The caption may repeat a paragraph (then it was dropped as a repeat); a long paragraph
            # right under an empty caption slot is the article, not a caption.
            if (j < n and (_is_content(out[j]) or out[j].rule == "repeat")
                    and _words(out[j].text) <= _CAPTION_MAX_WORDS):
                out[j] = _drop(out[j], "caption", ("caption", out[j].text))
            i = j + 1
            continue
        if not _is_content(line):
            i += 1
            continue
        prefixed = _CAPTION_PREFIX_RE.match(line.text)
        credit = _CREDIT_RE.search(line.text) or _DASH_CREDIT_RE.search(line.text)
        if prefixed and _words(line.text) <= 40:
            out[i] = _drop(line, "caption", ("caption", prefixed.group("v")))
        elif _CAPTION_OPENING_RE.match(line.text) and _words(line.text) <= 40 and not _ends_sentence(line.text):
            out[i] = _drop(line, "caption", ("caption", line.text))
        elif credit and i != first_content and _is_credit(credit.group(1), line.text[:credit.start()],
                                                          bool(credit.group("stop"))):
            out[i] = _drop(line, "caption", ("caption", line.text))
            if seen_para and blank_separated:
                j = i + 1
                glued = False
                while j < n and out[j].text:  # the teaser's headline, glued under the caption
                    if _is_content(out[j]) and _words(out[j].text) <= _TEASER_MAX_WORDS:
                        out[j] = _drop(out[j], "teaser")
                        glued = True
                    j += 1
                while j < n and not out[j].text:
                    j += 1
                if glued and j < n and _is_content(out[j]) and _is_whole_quote(out[j].text):
                    out[j] = _drop(out[j], "teaser")
                i = j
                continue
        elif _is_paragraph(line.text):
            seen_para = True
        i += 1
    return tuple(out)


def _date_line(text: str, labelled: bool) -> tuple[int, int, str] | None:
    """For a date metadata line: (rank, end of the metadata part, date text); None otherwise."""
    if labelled:
        label = _DATE_LABEL_RE.match(text)
        if label is None:
            return None
        rank = (_DATE_RANK_PUBLISHED if (label.group("pub") or label.group("wpub") or label.group("iso"))
                else _DATE_RANK_UPDATED)
        head = text.translate(_DIGITS_TO_ASCII)
        end = label.end()
        found = False
        for _ in range(2):  # a date, and a second one beside it ("… 1445 هـ - 10 يناير 2024 م")
            match = _DATE_RE.search(head, end, end + 80)
            # Between the label and the date, fillers, or the author's name ("نشر: <name> 31 ديسمبر 2020").
            if match is None or not (_only_fillers(head[end:match.start()])
                                     or (not found and _names_only(head[end:match.start()]))):
                break
            found = True
            end = _TIME_RE.match(head, match.end()).end()
        if not found:
            return None
        return rank, end, text[label.end():end].strip(" -–|,،")
    if _words(text) > 14 or not _YEAR_HINT.search(text):
        return None
    issue = _ISSUE_RE.match(text)  # "العدد (7421) - الأحد 16 حزيران 2024": the paper's issue, then its date
    if issue:
        found = _date_line(text[issue.end():], labelled=False)
        return None if found is None else (found[0], len(text), text[issue.end():])
    matches = _find_dates(text)
    if not matches:
        return None
    ascii_text = text.translate(_DIGITS_TO_ASCII)
    rest = _CLOCK_RE.sub(" ", _DATE_RE.sub(" ", ascii_text))
    if not _only_fillers(rest):
        # A timestamp under a section's name ("فنون 2024-09-23 21:29:57"): a date, a clock and one word.
        if not (_CLOCK_RE.search(ascii_text) and len([w for w in _NORM_WORD.findall(rest)
                                                      if _key(w) not in _DATE_FILLER_KEYS]) == 1):
            return None
    return _DATE_RANK_BARE, len(text), text


_DATE_ONLY_WORDS = 6  # a weekday, a day, a month of two words, a year, a filler
_ISSUE_RE = re.compile(f"^(?:العدد|عدد|issue|no\\.) ?(?:\\([{_DIGIT}]+\\)|[{_DIGIT}]+) ?[-–—|,،]? ?", re.I)
# A line holding only a time of day (a live blog's update, "04:15 مساءً") or a player's "00:00 / 12:34".
_CLOCK_FIRST = _DIGIT_CHARS | {"ا"}  # a digit, or "الساعة"
_CLOCK_LINE_RE = re.compile(r"^(?:الساعة )?\d{1,2}:\d{2}(?::\d{2})?(?: ?(?:[ap]\.?m\.?|ت ?م|ص|م|صباحا|مساء)[\u064b-\u0652]*)?"
                            r"(?: ?/ ?\d{1,2}:\d{2}(?::\d{2})?)?$", re.I)


_LABEL_NAME_WORDS = 5


def _names_only(text: str) -> bool:
    """A few words between a date's label and the date that are no sentence's: a name, an icon's label."""
    words = [w for w in _NORM_WORD.findall(text) if _key(w) not in _DATE_FILLER_KEYS]
    return len(words) <= _LABEL_NAME_WORDS and not _HAS_DIGIT.search(text) and _function_share(" ".join(words)) == 0


def _only_fillers(text: str) -> bool:
    """True when ``text`` holds no word but weekdays, date fillers (م, هـ, GMT, الموافق…) and clock times."""
    if ":" in text:
        text = _CLOCK_RE.sub(" ", text.translate(_DIGITS_TO_ASCII))
    return all(not k or k in _DATE_FILLER_KEYS for k in map(_key, _NORM_WORD.findall(text)))


_HEADER_DATE_WORDS = 20  # a date line of the page's header with its labels, time, zone, author or source
_HEADER_DATE_OTHER_WORDS = 4  # words beside the date, time and fillers: labels, a name, an outlet
_UPDATED_KEYS = tuple(_norm_tokens(label) for label in bp.DATE_LABELS_UPDATED)
_PUBLISHED_KEYS = tuple(_norm_tokens(label) for label in bp.DATE_LABELS_PUBLISHED if _words(label) > 1)
_ZONE_RE = re.compile(r"\(?(?:GMT|UTC)? ?[+-] ?\d{1,2}(?::?\d{2})?\)?", re.I)


def _has_phrase(tokens: tuple[str, ...], phrases: tuple[tuple[str, ...], ...]) -> bool:
    return any(tokens[k:k + len(p)] == p for p in phrases for k in range(len(tokens) - len(p) + 1))


def _header_date_line(text: str) -> tuple[int, int, str] | None:
    """A date line of the page's header, whatever else it holds beside the date: a weekday, a time and its
    zone, labels ("آخر تحديث", "date"), a source or author ("… | 14:30 - المصدر: <outlet>"). No sentence: a
    few words besides the date, none of them a function word, and no stop closing a clause. Ranked as an update when it says so and says
    nothing of publishing."""
    if not _YEAR_HINT.search(text) or _words(text) > _HEADER_DATE_WORDS or _INNER_STOP.search(text + " "):
        return None
    ascii_text = text.translate(_DIGITS_TO_ASCII)
    matches = list(_DATE_RE.finditer(ascii_text))
    if not matches:
        return None
    rest = _ZONE_RE.sub(" ", _CLOCK_RE.sub(" ", _DATE_RE.sub(" ", ascii_text)))
    others = [w for w in _NORM_WORD.findall(rest) if _key(w) not in _DATE_FILLER_KEYS and not w.isdigit()]
    if len(others) > _HEADER_DATE_OTHER_WORDS or _function_share(" ".join(others)) > 0:
        return None
    # What follows the date and time is a name or a labelled source, not a sentence's words after a dateline
    # ("الرياض 14 يناير 2024 - افتتح الأمير المعرض").
    after = ascii_text[max(m.end() for m in (*matches, *_CLOCK_RE.finditer(ascii_text))):]
    if ":" not in after and len([w for w in _NORM_WORD.findall(after) if _key(w) not in _DATE_FILLER_KEYS]) > 2:
        return None
    tokens = _norm_tokens(text)
    updated = _has_phrase(tokens, _UPDATED_KEYS) and not _has_phrase(tokens, _PUBLISHED_KEYS)
    # Both dates when the line gives two (the Hijri and the Gregorian): the Gregorian is read first.
    return (_DATE_RANK_UPDATED if updated else _DATE_RANK_BARE), len(text), text[matches[0].start():matches[-1].end()]


# A date opening the first paragraph, set off from it by a dash or a bar or glued to its first word:
# "الأحد 5 مايو 2024 - قال الوزير …", "2024/05/05بغداد - …". ("في 5 مايو 2024 أعلنت …" is the sentence's own.)
_DATE_PREFIX_RE = re.compile(r"^(?:[^\W\d_]+،? )?(?P<date>[^\n]{6,40}?)(?: ?[-–—|] ?|(?<=\d)(?=[^\W\d_]))")


_PAIRED_DATELINE_RE = re.compile(
    rf"^[^\W\d_]+(?: [^\W\d_]+)? (?P<date>[{_DIGIT}]{{1,2}} [^\W\d_]+(?: [^\W\d_]+)? [{_DIGIT}]{{4}} ?هـ? "
    rf"الموافق [{_DIGIT}]{{1,2}} [^\W\d_]+ [{_DIGIT}]{{4}}) ?م?(?![^\W\d_])")


def _paired_dateline(text: str) -> str | None:
    """The date of an agency's dateline that opens the first paragraph with the Hijri and the Gregorian date
    ("الرباط 29 شعبان 1444 هـ الموافق 21 مارس 2023 م واس قرر …"); the line stays whole, as the article's."""
    m = _PAIRED_DATELINE_RE.match(text)
    return m.group("date") if m is not None and _is_paragraph(text[m.end():]) else None


def _date_prefix(text: str) -> tuple[int, int, str] | None:
    """The date that opens the article's first paragraph, set off from its text (see ``_DATE_PREFIX_RE``)."""
    if not text[:1].isdigit() and _key(text.split(" ", 1)[0].rstrip("،,")) not in _DATE_FILLER_KEYS:
        return None
    m = _DATE_PREFIX_RE.match(text.translate(_DIGITS_TO_ASCII))
    if m is None:
        return None
    head = text[:m.end()]
    found = _date_line(head.rstrip(" -–—|"), labelled=False)
    if found is None or not _is_paragraph(text[m.end():]):
        return None
    return _DATE_RANK_BARE, m.end(), found[2]


def extract_dates(lines: Lines) -> Lines:
    """Date metadata lines: a label (تاريخ النشر, posted on, آخر تحديث…) and a date, or a date alone; lines
    that only give a time relative to when the page was seen ("منذ 3 ساعات") are dropped.

    Dates inside paragraphs are not metadata; date-only lines count before the first and after
    the last paragraph. The date is parsed later, once, from the best-ranked line.
    """
    first, last = _first_paragraph(lines), _last_paragraph(lines)
    opening = first  # the text's first paragraph, which may open with an agency's dateline
    if (first < len(lines) and first == next(i for i, line in enumerate(lines) if _is_content(line))
            and _words(lines[first].text) <= _TITLE_MAX_WORDS):
        # The headline ("… ماذا يتضمن؟") is no paragraph: a date line under it is still above the article.
        first = next((i for i in range(first + 1, len(lines)) if _is_content(lines[i]) and lines[i].role is None
                      and _is_paragraph(lines[i].text)), len(lines))
    out = list(lines)
    label_rank = None  # a date label alone on its line ("نشر:", "آخر تحديث:") ranks the date under it
    for i, line in enumerate(lines):
        if not _is_content(line):
            # A header's bar dropped as chrome may carry the date ("تابعنا على: 21:44 2020-05-30").
            if (i < first and line.rule is not None and line.rule not in _META_RULES and _YEAR_HINT.search(line.text)
                    and (found := _header_date_line(line.text.rpartition(": ")[2])) is not None):
                out[i] = line._replace(meta=line.meta + (("date", (found[0], found[2])),))
            continue
        alone = _DATE_LABEL_RE.match(line.text) if line.text[-1] in ":：" or _words(line.text) <= 2 else None
        if alone is not None and alone.end() >= len(line.text.rstrip(" :：")):
            label_rank = _DATE_RANK_UPDATED if alone.group("upd") or alone.group("wupd") else _DATE_RANK_PUBLISHED
            out[i] = _drop(line, "date")
            continue
        found = _date_line(line.text, labelled=True)
        # A bare date counts above the first and under the last paragraph, or anywhere when the line is a date
        # and nothing else ("في 2018/04/22م"): an article's sentence never is.
        if found is None and (i < first or i > last or label_rank is not None or _words(line.text) <= _DATE_ONLY_WORDS):
            found = _date_line(line.text, labelled=False)
            if found is None and i < first:
                found = _header_date_line(line.text)
        if found is None and i == first:
            found = _date_prefix(line.text)
        if found is None and i in (first, opening) and (paired := _paired_dateline(line.text)) is not None:
            out[i] = line._replace(meta=line.meta + (("date", (_DATE_RANK_BARE, paired)),))
        if found is not None and label_rank is not None:
                found = (label_rank, *found[1:])
        label_rank = None
        if found is None:
            if _is_relative_time(line.text):
                out[i] = _drop(line, "relative-date")
            elif line.text[0] in _CLOCK_FIRST and _CLOCK_LINE_RE.match(line.text):
                out[i] = _drop(line, "time")
            continue
        rank, end, date_text = found
        rest = line.text[end:].strip(" -–—|,،")
        if _HAS_WORD.search(rest) and _is_paragraph(rest):
            out[i] = _cut(line, line.text[:end], rest, "date", ("date", (rank, date_text)))
        else:
            out[i] = _drop(line, "date", ("date", (rank, date_text)))
    return tuple(out)


def _source_value(text: str) -> str:
    parts = [p.strip(" :：|-–—.()") for p in _SOURCE_SPLIT_RE.split(text)]
    parts = [p for p in parts if _HAS_WORD.search(p)]
    return parts[-1] if parts else ""


def extract_source(lines: Lines) -> Lines:
    """Source attribution lines: ``المصدر: …`` anywhere; after the last paragraph, a lone ``(وكالات)`` or the
    signature of a press release's issuer ("المكتب الإعلامي لرئيس مجلس الوزراء")."""
    out = list(lines)
    last = _last_paragraph(lines)
    for i, line in enumerate(lines):
        if not _is_content(line):
            continue
        if _SOURCE_LINE_RE.match(line.text) and _words(line.text) <= 12:
            out[i] = _drop(line, "source", ("source", (0, _source_value(line.text))))
        elif i > last and _END_MARK_RE.match(line.text):
            out[i] = _drop(line, "end-mark")
        elif i > last and _INITIALS_RE.match(line.text):
            out[i] = _drop(line, "initials")  # the editor's initials ("ع.ع")
        elif i > last and (m := _PAREN_ONLY_RE.match(line.text)) and _words(m.group(1)) <= 4:
            out[i] = _drop(line, "source", ("source", (1, m.group(1).strip())))
        elif (i > last and _words(line.text) <= _SIGNATURE_WORDS and not _ends_sentence(line.text)
              and _SIGNATURE_RE.match(line.text)):
            out[i] = _drop(line, "source", ("source", (1, line.text)))
    return tuple(out)


def strip_trailing_source(lines: Lines) -> Lines:
    """An attribution glued to the end of the last paragraph (``… صفوفها”.(وكالات)``) moves to the source."""
    body = _body_indices(lines)
    if not body:
        return lines
    last = body[-1]
    line = lines[last]
    m = _TRAILING_SOURCE_RE.search(line.text)
    if not (m and _words(m.group(1)) <= 4 and not _INNER_STOP.search(m.group(1) + " ")
            and _is_paragraph(line.text[:m.start()])):
        return lines
    out = list(lines)
    out[last] = _cut(line, m.group(), line.text[:m.start()].rstrip(), "source", ("source", (1, m.group(1).strip())))
    return tuple(out)


def _split_keywords(value: str) -> tuple[str, ...]:
    parts = _KEYWORD_SPLIT_RE.split(value) if _KEYWORD_SPLIT_RE.search(value) else value.split()
    seen, out = set(), []
    for part in parts:
        part = part.strip(" .:：#")
        key = _key(part)
        if key and key not in seen and key not in _KEYWORD_STOP_KEYS:
            seen.add(key)
            out.append(part)
    return tuple(out)


def extract_keywords(lines: Lines) -> Lines:
    """Keyword/tag lines (كلمات دلالية: …, Tags: …); a bare label at the tail takes the short lines under it."""
    out = list(lines)
    last = _last_paragraph(lines)
    n = len(out)
    for i, line in enumerate(lines):
        if not _is_content(out[i]):
            continue
        if line.text[0] == "#" and _HASHTAGS_RE.match(line.text):  # "#العراق #الكهرباء": the page's tags
            tags = tuple(tag.replace("_", " ") for tag in re.findall(r"#([^\s،,#]+)", line.text))
            out[i] = _drop(line, "keywords", ("keywords", tags))
            continue
        m = _KEYWORDS_RE.match(line.text)
        if m is None:
            continue
        value = m.group("v")
        if value:
            out[i] = _drop(line, "keywords", ("keywords", _split_keywords(value)))
        elif i > last:
            words = []
            out[i] = _drop(line, "keywords")
            for j in range(i + 1, n):
                if not out[j].text:
                    continue
                if not _is_content(out[j]) or _words(out[j].text) > 4 or _ends_sentence(out[j].text):
                    break
                words.append(out[j].text)
                out[j] = _drop(out[j], "keywords")
            out[i] = out[i]._replace(meta=(("keywords", _split_keywords("، ".join(words))),))
    return tuple(out)


_TAG_LINK_WORDS = 4


def drop_tag_links(lines: Lines) -> Lines:
    """Under the source or keywords line at the tail, a list of short lines with no sentence in it is the page's
    tag links ("العراق", "تركيا", "طريق التنمية"): they go, with their words kept as keywords."""
    last = _last_paragraph(lines)
    signal = next((i for i in range(last + 1, len(lines)) if lines[i].rule in ("source", "keywords")), None)
    if signal is None:
        return lines
    rest = [j for j in range(signal + 1, len(lines)) if _is_content(lines[j])]
    if not rest or any(_words(lines[j].text) > _TAG_LINK_WORDS or _HAS_PUNCT.search(lines[j].text)
                       or _HAS_DIGIT.search(lines[j].text) for j in rest):
        return lines
    out = list(lines)
    for j in rest:
        out[j] = _drop(out[j], "keywords")
    out[rest[0]] = out[rest[0]]._replace(meta=(("keywords", tuple(lines[j].text for j in rest)),))
    return tuple(out)


def _is_arabic_article(lines: Lines) -> bool:
    """Most kept text is Arabic, by volume, counted on lines of three words or more when there are any (labels
    and menu items, which later steps may drop, do not tip it)."""
    ar = latin = 0
    long_only = any(_is_content(line) and _words(line.text) >= 3 and _HAS_LETTER.search(line.text) for line in lines)
    for line in lines:
        if (not _is_content(line) or _URL_RE.match(line.text) or not _HAS_WORD.search(line.text)
                or (long_only and _words(line.text) < 3)):
            continue
        if _HAS_AR.search(line.text):
            ar += len(line.text)
        elif _HAS_LATIN.search(line.text):
            latin += len(line.text)
    return ar > latin


_INITIALS_LINE_RE = re.compile(r"^[^\W\d_]{1,2}(?:[ .] ?[^\W\d_]{1,2}){1,3}\.?$")


def drop_ui_strings(lines: Lines) -> Lines:
    """Lines with no words, bare URLs, initials alone (a photo's credit: "ح.م", "أ.ف.ب"), and in an Arabic
    article short Latin-only UI strings, and Latin-only lines above its first Arabic paragraph (an agency
    photo's caption)."""
    arabic = _is_arabic_article(lines)
    first_ar = next((i for i, line in enumerate(lines) if _is_content(line) and _HAS_AR.search(line.text)
                     and _is_paragraph(line.text)), len(lines))
    out = []
    for n, line in enumerate(lines):
        if _is_content(line):
            text = line.text
            if not _HAS_WORD.search(text):
                line = _drop(line, "no-words")
            elif not _HAS_LETTER.search(text) and _words(text) <= 3:
                line = _drop(line, "counter")  # a count of views, comments or shares: digits alone
            elif _URL_RE.match(text):
                line = _drop(line, "url")
            elif (arabic and not _HAS_AR.search(text) and _HAS_LATIN.search(text)
                  and not _ends_sentence(text) and (_words(text) <= 6 or n < first_ar < len(lines))):
                line = _drop(line, "latin-ui")
            elif len(text) <= 9 and _INITIALS_LINE_RE.match(text):
                line = _drop(line, "caption")
        out.append(line)
    return tuple(out)


def _is_heading_like(text: str) -> bool:
    return _words(text) <= 30 and _open_ended(text)


_TRAIL_ENDS = "/|»›>"
_TRAIL_PART_WORDS = 4


def _is_section_label(text: str, following: str | None) -> bool:
    """A section name, a breadcrumb, or a one- or two-word label above a full headline (``following``)."""
    if " / " in text and _lexicon_rule(text.split(" / ", 1)[0]) == "navigation":
        return True  # a trail with slashes from the home page: "الرئيسية / محليات / <the headline>"
    if text.count("|") >= _BAR_PARTS - 1 and _is_link_bar(text):
        return True
    if _words(text) > 12:  # a long line is a section label only as a trail from the home page
        return (text[0] not in _DIGIT_CHARS and _BREADCRUMB_RE.search(text) is not None
                and _lexicon_rule(_BREADCRUMB_RE.split(text, 1)[0]) == "navigation")
    tokens = _norm_tokens(text)
    key = " ".join(tokens)
    if key in _SECTION_KEYS or (tokens and tokens[0] == "اخبار" and len(tokens) <= 3):
        return True
    if text[-1] in _TRAIL_ENDS and len(tokens) <= _TRAIL_PART_WORDS:
        return True  # a part of a trail or a bar, its separator left at its end: "تقدير موقف /"
    if _BREADCRUMB_RE.search(text):
        parts = _BREADCRUMB_RE.split(text)
        # Short parts, or a trail from the home page ("Home » Iraq » <the headline, shortened>").
        if all(_words(p) <= 4 for p in parts) or _lexicon_rule(parts[0]) == "navigation":
            return True
    # A one- or two-word label above a full headline (a real headline is rarely this short).
    return (following is not None and _words(text) <= 2 and not _HAS_DIGIT.search(text)
            and not _HAS_PUNCT.search(text) and _words(following) >= 5 and _is_heading_like(following))


def find_title(lines: Lines) -> Lines:
    """The title: the first kept line, after section labels above it; none when that line is a long paragraph.

    A headline already found from the page's structure (``frame_article``), or its finding that the text has
    none, stands.
    """
    if any(line.role == "title" or line.meta and ("no-headline", True) in line.meta for line in lines):
        return lines
    out = list(lines)
    idx = [i for i, line in enumerate(lines) if _is_content(line)]
    # For each line, the next line that is not a section name (section names go too, so they
    # must not decide whether a short line above a headline is a label).
    following_of: list[str | None] = [None] * len(idx)
    following = None
    for pos in range(len(idx) - 1, -1, -1):
        following_of[pos] = following
        if not _is_section_label(out[idx[pos]].text, None):
            following = out[idx[pos]].text
    for pos, i in enumerate(idx):
        if _is_section_label(out[i].text, following_of[pos]):
            out[i] = _drop(out[i], "section")
            continue
        if _title_candidate(out[i].text):
            prefix = _WIRE_PREFIX_RE.match(out[i].text)
            if prefix and _words(out[i].text[prefix.end():]) >= 3:  # "تحديث 2-العراق يوقع …"
                out[i] = _cut(out[i], prefix.group(), out[i].text[prefix.end():], "wire-prefix")
            out[i] = out[i]._replace(role="title")
        break
    return tuple(out)


_CREDITED_CAPTION_WORDS = 12  # a photo's caption with its credit is short; the article's first line is not
_CREDITED_CAPTION_RE = re.compile(r"[^.!?؟…] \([^()\d]{2,30}\)$")


_SITE_PREFIX_RE = re.compile(r"^(?P<site>[^-–—|:]{2,40}?) ?(?:[-–—|]|::) ?(?P<head>.{10,})$")
_DOMAIN_RE = re.compile(rf"^(?:www\.)?[\w-]+(?:\.(?:[a-z]{{2,}}|{_ARABIC_TLDS}))+$", re.I)


_SITE_LINE_KEYS = frozenset(map(_key, bp.SITE_LINE_WORDS))
_PUBLICATION_KEYS = frozenset(map(_key, bp.PUBLICATION_WORDS))
_MASTHEAD_ADJECTIVE_KEYS = frozenset(map(_key, bp.MASTHEAD_ADJECTIVES))


def _is_site_line(text: str) -> bool:
    """A line that is only a site's name: a domain, or a few words with one sites are named with."""
    if _words(text) > _SITE_WORDS:
        return False
    if _DOMAIN_RE.match(text):
        return True
    tokens = _norm_tokens(text)
    if tokens[:1] and tokens[0] in _PUBLICATION_KEYS and any(t in _MASTHEAD_ADJECTIVE_KEYS for t in tokens[2:]):
        return True  # "صحيفة الأمم اليومية الشاملة", "جريدة الصباح الإلكترونية"
    return any(t in _SITE_LINE_KEYS for t in tokens) or any(" ".join(pair) in _SITE_LINE_KEYS
                                                            for pair in itertools.pairwise(tokens))


def _site_named(part: str, lines: Lines) -> bool:
    """Whether a short part of a title line names the site: a domain, a word sites are named with ("نيوز",
    "بوابة"), or the very text of a line the cleaner dropped as chrome (the site's name in its header)."""
    if _words(part) > _SITE_WORDS or _is_site_line(part.strip()):
        return _words(part) <= _SITE_WORDS
    key = _key(part)
    return any(line.rule is not None and line.text and _key(line.text) == key for line in lines)


def strip_site_name(lines: Lines) -> Lines:
    """The site's name printed with the headline on its line ("شفق نيوز - <headline>", "<headline> -
    example.com") is no part of the title: it is cut off."""
    at = next((i for i, line in enumerate(lines) if line.role == "title"), None)
    if at is None:
        return lines
    text = lines[at].text
    for regex in (_SITE_SUFFIX_RE, _SITE_PREFIX_RE):
        m = regex.match(text)
        if m and _words(m.group("head")) >= 3 and _site_named(m.group("site"), lines):
            out = list(lines)
            site = m.group("site")
            out[at] = _cut(lines[at], text.replace(m.group("head"), "", 1), m.group("head"), "site-name",
                           ("source", (3, site.strip())))  # the weakest sign of the source: a credit outranks it
            return tuple(out)
    return lines


def find_subtitle(lines: Lines) -> Lines:
    """Under the title: a second headline (the subtitle), then a lone place name or credit line (the
    dateline); short labels there (an author's name, a kicker) are dropped, as an article does not open
    with a subheading.

    A line under the dateline is the article's first line, not a subtitle.
    """
    out = list(lines)
    idx = [i for i, line in enumerate(lines) if _is_content(line)]
    start = next((p for p, i in enumerate(idx) if lines[i].role == "title"), None)
    if start is None:
        return tuple(out)
    have_dateline = have_subtitle = False
    for pos in range(start + 1, len(idx)):
        i = idx[pos]
        text = out[i].text
        has_more = pos + 1 < len(idx)
        # A photographer's credit above it, with only metadata between: the line is the photo's caption.
        credited = any(lines[j].rule == "caption" and _CAPTION_PREFIX_RE.match(lines[j].text)
                       for j in range(idx[pos - 1] + 1, i))
        lone = _LONE_DATELINE_RE.match(text)
        if lone and _is_section_label(text, None):  # a section tag printed under the headline
            out[i] = _drop(out[i], "section")
        elif has_more and _words(text) <= _LABEL_WORDS + 4 and _EPISODE_RE.search(text):
            out[i] = _drop(out[i], "label")  # a programme and its episode ("من الميدان - الحلقة 37")
        elif lone and not have_dateline and has_more:
            out[i] = _drop(out[i], "dateline", ("dateline", lone.group("place")))
            have_dateline = True
        elif not have_dateline and has_more and (_LONE_CREDIT_RE.match(text.rstrip(" .…"))
                                                 or _CREDIT_PAIR_RE.match(text)):
            out[i] = _drop(out[i], "dateline", ("dateline", text))
            have_dateline = True
        elif credited and has_more and _words(text) <= _CAPTION_MAX_WORDS and not _ends_sentence(text):
            out[i] = _drop(out[i], "caption", ("caption", text))
        elif (has_more and _CREDITED_CAPTION_RE.search(text) and _words(text) <= _CREDITED_CAPTION_WORDS
              and _is_paragraph(out[idx[pos + 1]].text)):
            out[i] = _drop(out[i], "caption", ("caption", text))  # "… الحكم (الفرنسية)": a photo's caption
        elif (not have_subtitle and not have_dateline and has_more and 5 <= _words(text) <= 30
              and not _is_paragraph(text) and not _ends_sentence(text)):
            out[i] = out[i]._replace(role="subtitle")
            have_subtitle = True
        elif (has_more and _words(text) <= _LABEL_WORDS and _is_heading(text) and not _HAS_DIGIT.search(text)
              and (_is_paragraph(out[idx[pos + 1]].text) or _words(out[idx[pos + 1]].text) <= _LABEL_WORDS)
              and not all(_words(out[j].text) <= _LABEL_WORDS for j in idx[pos:pos + _LABEL_RUN + 1])):
            # The author's name, a kicker ("تحليل"): not a subheading. (A longer run of short lines is verse.)
            out[i] = _drop(out[i], "label")
        else:
            break
    return tuple(out)


def split_dateline(lines: Lines) -> Lines:
    """A dateline opening the first paragraph (``بغداد – قال …``) moves to the dateline."""
    if any(key == "dateline" for line in lines for key, _ in line.meta):
        return lines
    body = _body_indices(lines)
    if not body:
        return lines
    i = body[0]
    line = lines[i]
    m = _dateline_prefix(line.text, _is_arabic_article(lines))
    title = next((l.text for l in lines if l.role == "title" and _is_content(l)), "")
    if m is None or _key(m.group("place")) == _key(title):
        return lines
    meta: list[tuple[str, object]] = [("dateline", m.group("place"))]
    when = m.group("when") or m.group("when2")
    if when and find_date(when) is not None:  # "القاهرة 07 مارس 2026 (وكالة) –"
        meta.append(("date", (_DATE_RANK_BARE, when)))
    agency = m.group("agency") or m.group("agency2")
    if agency:
        meta.append(("source", (2, agency.strip())))
    out = list(lines)
    out[i] = _cut(line, m.group(), line.text[m.end():], "dateline", *meta)
    return tuple(out)


_SPEAKER_RE = re.compile(r"^([^\W\d_][^:：.!?؟،,;؛]{0,30}) ?[:：] ?\S")
_SPEAKER_WORDS = 3


def _speaker(text: str) -> str | None:
    """The label of a line that opens with one ("كوردستان24: …", "س: …"), or None."""
    m = _SPEAKER_RE.match(text) if ":" in text or "：" in text else None
    return m.group(1) if m is not None and _words(m.group(1)) <= _SPEAKER_WORDS else None


def mark_headings(lines: Lines) -> Lines:
    """Subheadings: short lines without sentence punctuation that a paragraph follows.

    A line opening with a label that two or more body lines open with is a turn of a dialogue (an
    interview's questions, "المحاور: …؟"), not a heading.
    """
    out = list(lines)
    body = _body_indices(lines)
    speakers: Counter | None = None  # counted once a candidate opens with a label
    for pos, i in enumerate(body[:-1]):
        nxt = lines[body[pos + 1]].text
        if not (_is_heading(lines[i].text) and _is_paragraph(nxt) and not _is_heading(nxt)):
            continue
        label = _speaker(lines[i].text)
        if label is not None:
            if speakers is None:
                speakers = Counter(filter(None, (_speaker(lines[j].text) for j in body)))
            if speakers[label] >= 2:
                continue
        if not _is_list_item(lines, body, pos):
            out[i] = out[i]._replace(role="h")
    return tuple(out)


_LIST_MARKER_RE = re.compile(f"^(?:[{_DIGIT}]{{1,2}} ?[-.)–]|\\(?[{_DIGIT}]{{1,2}}\\)|[-–•*▪●■◾]) ?\\S")
_FIGURE_ITEM_RE = re.compile(f"^[^:：]{{2,60}}[:：] ?[{_DIGIT}]")  # "مقاعد الكوتا: 5 مقاعد"


def _is_list_item(lines: Lines, body: list[int], pos: int) -> bool:
    """A line of a list: it opens with a list marker ("5- …", "•"), or it is the last of a run of "label: figure"
    lines ("الديمقراطي: 39 مقعداً")."""
    text = lines[body[pos]].text
    if _LIST_MARKER_RE.match(text):
        return True
    if pos == 0:
        return False
    before = lines[body[pos - 1]].text
    return ((_FIGURE_ITEM_RE.match(text) is not None and _FIGURE_ITEM_RE.match(before) is not None)
            or ("|" in text and "|" in before))  # results "الزوراء 2 | 1 الشرطة", one a line


# ---------------------------------------------------------------------------------------------
# The article's place on the page
# ---------------------------------------------------------------------------------------------

_FUNCTION_KEYS = frozenset(map(_key, bp.FUNCTION_WORDS))
_CLITICS = "وفبل"
_CHROME_SHORT = -1.0  # a line of one to three words: a menu item, a link, a label
_CHROME_LINE = -0.6  # a longer line that is no sentence: a headline of another story, a link bar
_LIST_ITEM = -0.2
_NUMBERED_ITEM = 0.3
_VOCALISED = 0.5
_NAV_FIRST = _first_chars(bp.PHRASES["navigation"])
_HARAKAT_RE = re.compile("[\u064b-\u0652]")
_SINGLE_STOP_RE = re.compile(r"(?<![.\d])\.(?![.\d])[”\"»’')\]]* \S")  # "… الثقافي. وبحديث", not "…. " or "2.5"
_SHORT_SENTENCE = 0.3
_NUMBERED_ITEM_RE = re.compile(f"^[{_DIGIT}]{{1,2}} ?[-.)–] ?[^\\W\\d_]")
# Rules of dropped lines that are the article's own metadata, not chrome: they part nothing.
_META_RULES = frozenset({"date", "dateline", "byline", "caption", "source", "keywords", "relative-date", "time",
                         "repeat-title", "repeat", "page-title"})
_HEAD_REACH = 8  # content lines above the article's first paragraph where its headline may stand
_HEADLINE_META = frozenset({"date", "byline", "dateline", "relative-date"})
_CORE_MIN = 3.0  # the least weight of a core: a sentence of sixteen words, or a few shorter ones
_OPEN_END = 2  # content lines after the core at the very end of a text, kept when no chrome follows them
_MENU_RUN = 4  # short lines in a row: a menu or a link bar, above which no headline is looked for
_BAR_PARTS = 4  # links in a bar
_VERSE_RUN = 8  # short lines in a row, for a run to be read as verse
_VERSE_LINE_WORDS = 7
_VERSE_SHARE = 0.14
_INLINE_WORDS = 3  # a dropped line this short (a link, a button) may stand inside a sentence broken over lines


@lru_cache(maxsize=65536)
def _function_share(text: str) -> float:
    """The share of a line's words that are function words (prose: a fifth or more; menus: none)."""
    tokens = _norm_tokens(text)
    if not tokens:
        return 0.0
    hits = sum(1 for t in tokens if t in _FUNCTION_KEYS or (len(t) > 2 and t[0] in _CLITICS
                                                              and t[1:] in _FUNCTION_KEYS))
    return hits / len(tokens)


def _is_link_bar(text: str) -> bool:
    """Links flattened into one line between bars ("الصفحة الرئيسية | مقالات | دراسات | فنون وآداب"): four
    parts or more, each a few words, none a sentence."""
    parts = [p for p in text.split("|") if p.strip()]
    return len(parts) >= _BAR_PARTS and all(_words(p) <= _LABEL_WORDS and not _ends_sentence(p.strip()) for p in parts)


def _prose_weight(text: str) -> float:
    """How strongly a line reads as article prose (positive) or as page chrome (negative).

    A sentence weighs by its length. A line without closing punctuation is prose too when function words
    make a third of it, or when it opens with a conjunction (an article's last line, left unfinished); a
    headline or a menu is neither. Items of a list ("البصرة: 51 درجة", "نينوى 53.1%") weigh almost nothing
    either way.
    """
    n = _words(text)
    if (text[0] in _NAV_FIRST or "|" in text) and _is_section_label(text, None):  # a breadcrumb or a bar of links
        return _CHROME_SHORT
    if _is_paragraph(text):
        if n >= 12 or _function_share(text) >= 0.1:
            return 1.0 + min(n, 40) / 8
        if n >= 8:  # a short sentence: prose beside prose, but too like a headline to start a core alone
            return _SHORT_SENTENCE
    elif n >= 6 and (_function_share(text) >= 0.3 or (text[0] in "وف" and _function_share(text) >= 0.1)):
        return 0.5 + min(n, 40) / 10
    if len(_HARAKAT_RE.findall(text)) >= n:  # vocalised text (verse, scripture): chrome never is
        return _VOCALISED
    if text[0] in _DIGIT_CHARS and _NUMBERED_ITEM_RE.match(text):
        return _NUMBERED_ITEM  # menus are never numbered; an article's lists and tables often are
    if _LIST_MARKER_RE.match(text) or _FIGURE_ITEM_RE.match(text) or _is_price_line(text):
        return _SHORT_SENTENCE if _ends_sentence(text) else _LIST_ITEM  # an item closed by a stop is text
    return _CHROME_SHORT if n <= 3 else _CHROME_LINE


def _core(weights: list[float]) -> tuple[int, int] | None:
    """The run of lines with the greatest total weight (the article's prose and what it holds), or None."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for i, w in enumerate(weights):
        if total <= 0:
            total, start = 0.0, i
        total += w
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def _is_glued_menu(text: str) -> bool:
    """Menu items flattened into one line: a word or name repeated three times or more ("صدى البلد سبورت صدى
    البلد جامعات صدى البلد عقارات")."""
    tokens = _norm_tokens(text)
    return len(tokens) >= 6 and Counter(tokens).most_common(1)[0][1] >= 3


def _title_candidate(text: str) -> bool:
    """Whether the first line of a text's article may be its headline: thirty words at most, and no sentence
    closed by a stop in it or at its end (a question or exclamation may close it). Otherwise the text opens
    with its first paragraph and has no headline."""
    return (_words(text) <= _TITLE_MAX_WORDS and not _SINGLE_STOP_RE.search(text)
            and _open_ended(text))


def _headline_like(text: str) -> bool:
    """A headline: three to thirty words of text (not code or figures), no sentence closing it or inside it (a
    question or exclamation may close it), no label's colon, no list marker, not as full of function words as a sentence, not a
    date line, not a menu."""
    return (3 <= _words(text) <= _TITLE_MAX_WORDS and not _is_section_label(text, None)
            and text[-1] not in ":：" and not _LIST_MARKER_RE.match(text) and not _SINGLE_STOP_RE.search(text)
            and len(_HAS_LETTER.findall(text)) >= 0.7 * len(_HARAKAT_RE.sub("", text).replace(" ", ""))
            and not _is_glued_menu(text)
            and (_words(text) <= 14 or _function_share(text) < 0.3)
            and _open_ended(text)
            and _date_line(text, labelled=True) is None and _date_line(text, labelled=False) is None)


_CONTINUATION_STARTS = frozenset(map(_key, ("إلى", "على", "في", "من", "عن", "الذي", "التي", "الذين", "أن", "أو",
                                             "مع", "بين", "حتى", "لدى", "عند", "نحو")))
_CONTINUATION_ENDS = _CONTINUATION_STARTS | frozenset(map(_key, ("و", "ثم", "بعد", "قبل", "لا", "لم", "لن", "قد")))


def _continues(before: str, text: str) -> bool:
    """Whether ``text`` goes on with the sentence ``before`` left open: it opens with a comma or a preposition,
    or ``before`` ends with one (a line broken at a link or by a print layout's width)."""
    if _ends_sentence(before) or before[-1] in ":：":
        return False
    if text[0] in "،,؛;)»”":
        return True
    first, last = _norm_tokens(text)[:1], _norm_tokens(before)[-1:]
    return (bool(first) and first[0] in _CONTINUATION_STARTS) or (bool(last) and last[0] in _CONTINUATION_ENDS)


_ECHO_REACH = 12  # lines: a headline's copies (page title, photo's alt text, share text) stand near it


def _echoed(lines: Lines, i: int) -> bool:
    """Whether the page prints line ``i`` again near it (as a photo's alt text, a share text) or as the head of
    a page title ("Headline - Site"). A copy with the same line after it is part of a block printed twice (a
    whole article saved twice), and a copy right under it is a photo's alt text and caption: neither tells a
    headline."""
    text, key = lines[i].text, _key(lines[i].text)
    filled = [j for j in range(max(0, i - 3 * _ECHO_REACH), min(len(lines), i + 3 * _ECHO_REACH + 1)) if lines[j].text]
    at = filled.index(i)

    def key_after(k: int) -> str:
        return _key(lines[filled[k + 1]].text) if k + 1 < len(filled) else ""

    for k in range(max(0, at - _ECHO_REACH), min(len(filled), at + _ECHO_REACH + 1)):
        other = lines[filled[k]].text
        if k != at and (m := _SITE_SUFFIX_RE.match(other)) and (
                _words(m.group("site")) <= _SITE_WORDS and _key(m.group("head")) == key):
            return True
        if (abs(k - at) >= 2 and abs(len(other) - len(text)) <= len(text) // 4 + 5 and _key(other) == key
                and key_after(k) != key_after(at)):
            return True
    return False


_LEDE_WORDS = 10  # an unfinished first sentence is seldom shorter; many headlines are
_GOES_ON_RE = re.compile("^[وف](?:[أإاآ]|قال|كان|تابع|لفت|بين|يذكر|يشار|يأتي|من|في|على|أشار|أكد|أضاف|أوضح)")


def _goes_on(text: str) -> bool:
    """A paragraph that goes on from the one above it ("وأضاف …", "وقال …", "فيما …"): the line above is the
    article's first paragraph, not its headline (a headline's first paragraph opens the story)."""
    return _GOES_ON_RE.match(text) is not None or text.startswith(("كما ", "فيما ", "بدوره", "من جهته", "من جانبه"))


def _lede(lines: Lines, content: list[int], p: int, q: int) -> bool:
    """Whether content line ``p`` is the article's first sentence, left unfinished, rather than a headline: the
    paragraph right under it (``q``) goes on from it, and it is a sentence's length and no question."""
    text = lines[content[p]].text
    return (_goes_on(lines[content[q]].text) and _words(text) >= _LEDE_WORDS and text[-1] not in "?؟!"
            and not any(line.text for line in lines[content[p] + 1:content[q]]))


_ROW_WORDS = 14
_ROW_MARK_RE = re.compile(r"[×|:]| x | vs | ضد | - ")


def _is_row(text: str) -> bool:
    """A row of a list or table flattened to a line: short, no sentence, with figures or a separator
    ("الهلال × النصر - الساعة 8:00 مساء", "عيار 21: 62.5 دينار")."""
    return (_words(text) <= _ROW_WORDS and not _is_paragraph(text)
            and (_HAS_DIGIT.search(text) is not None or _ROW_MARK_RE.search(text) is not None))


def _introduced_list_end(lines: Lines, out: list[Line], content: list[int], e: int) -> int:
    """The core's last content index, extended over a list the article introduces with a colon ("مباريات
    اليوم:") and the rows under it: a schedule, results, prices. A date or a time among the rows (a day's
    heading in a schedule) is the list's, not the article's date: it goes back into the text."""
    if e + 1 >= len(content) or not any(lines[content[q]].text.endswith((":", "：")) for q in (e, e + 1)):
        return e
    end, held = e, []
    for i in range(content[e] + 1, len(lines)):
        line = lines[i]
        if not line.text:
            continue
        if line.rule in ("date", "time") and not line.cuts:
            held.append(i)
            continue
        if line.rule is not None or line.role is not None or not (_is_row(line.text) or line.text.endswith(":")):
            break
        end = content.index(i)
        for j in held:
            out[j] = lines[j]._replace(rule=None, meta=())
        held = []
    return end


def _under_marker(lines: Lines, i: int) -> bool:
    """Whether the last line with text above line ``i`` is a related-stories marker."""
    above = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].text), None)
    return above is not None and above.rule == "related"


def _headline(lines: Lines, content: list[int], top: int, s: int, e: int) -> int | None:
    """The headline among the header's lines (content indices ``top`` to ``s``, the core running from ``s`` to
    ``e``), or None. Candidates are its headline-like lines that are no credit, no site's name and, when
    another follows, not right under a "most read" marker, and the core's first line when it reads like a
    headline over finished sentences. Of those (four words or more when there are such): a full headline that
    the article's own date, byline or dateline stands under (or the shorter one right above it, the standfirst
    being under); else one the page prints again near it; else the first; else a two-word line right above
    the core with the metadata under it; else the core's first line, unless the next paragraph goes on from it.
    """
    header = [p for p in range(top, s) if _headline_like(lines[content[p]].text)
              and not _CREDIT_PAIR_RE.match(lines[content[p]].text) and not _is_site_line(lines[content[p]].text)]
    # A headline right under a box's marker ("الأكثر قراءة") is another story's, when another candidate follows.
    listed = [p for p in header if _under_marker(lines, content[p])]
    if listed and len(listed) < len(header):
        header = [p for p in header if p not in listed]
    # The core may open with the headline itself, when its words read like a sentence's or the page prints
    # it again near it (and the paragraph under it does not go on from it, as an article's second paragraph
    # goes on from its first).
    if s < e and _headline_like(lines[content[s]].text) and not _lede(lines, content, s, s + 1) and (any(
            _ends_sentence(lines[content[q]].text) for q in range(s + 1, min(s + 3, e + 1)))
            or _echoed(lines, content[s])):
        header.append(s)
    # A section's name introduces the headline: lines above it belong to the page's header (a menu, another
    # story, a notice), when a candidate stands right under it.
    labels = [p for p in range(top, s) if _is_section_label(lines[content[p]].text, None)
              and p + 1 in header and not any(line.text for line in lines[content[p] + 1:content[p + 1]])]
    if labels:
        header = [p for p in header if p > labels[-1]]
    long_enough = [p for p in header if _words(lines[content[p]].text) >= 4] or header[:1]

    def meta_follows(p: int) -> bool:  # the article's own date, byline or dateline directly under the line
        return any(line.rule in _HEADLINE_META
                   for line in lines[content[p] + 1:content[p + 1] if p + 1 < len(content) else None])

    title = next((p for p in long_enough if _words(lines[content[p]].text) >= 6 and meta_follows(p)), None)
    if title is not None and title - 1 in long_enough and (
            _words(lines[content[title - 1]].text) < _words(lines[content[title]].text)
            or _echoed(lines, content[title - 1])) and not any(
            line.text for line in lines[content[title - 1] + 1:content[title]]):
        title -= 1  # the headline, over the longer standfirst under it, or over any the page does not print again
    if title is None and len(header) > 1:
        title = next((p for p in header if not _CREDITED_CAPTION_RE.search(lines[content[p]].text)
                      and _echoed(lines, content[p])), None)
    if title is None and long_enough:
        title = long_enough[0]
    if title is None and s > top:  # a headline of two words right above the article, its metadata under it
        p = s - 1
        text = lines[content[p]].text
        if (_words(text) == 2 and meta_follows(p) and not _is_section_label(text, None)
                and not _HAS_DIGIT.search(text) and not _is_site_line(text)):
            title = p
    if title is None and _title_candidate(lines[content[s]].text) and s < e and not _lede(lines, content, s, s + 1):
        title = s
    return title


def _weigh_verse(lines: Lines, scored: list[int], groups: list[list[int]], weights: list[float]) -> None:
    """Free verse weighs as text: a long run of short lines, none a label, that together are as full of
    function words as prose ("أمدّ اليد إلى النّور / أقبّل شوقه / …"). A menu's run is names without them."""
    run: list[list[int]] = []  # groups of short lines in a row
    for members in (*groups, []):
        texts = [lines[scored[k]] for k in members]
        if texts and all(line.rule is None and _words(line.text) <= _VERSE_LINE_WORDS
                         and line.text[-1] not in ":：" for line in texts):
            run.append(members)
            continue
        if sum(map(len, run)) >= _VERSE_RUN and _function_share(
                " ".join(lines[scored[k]].text for group in run for k in group)) >= _VERSE_SHARE:
            for group in run:
                weights[group[0]] = max(weights[group[0]], _VOCALISED * len(group))
        run = []


def frame_article(lines: Lines) -> Lines:
    """The article's place on the page: its prose core, its headline above, the page's chrome around.

    The core is the run of lines with the greatest total weight, where a sentence weighs by its length and
    a line that is no sentence (a menu item, a link bar, another story's headline, a ticker) weighs less
    than nothing: menus, headline lists and footers around the article fall outside it, a short line
    between two paragraphs (a subheading) falls inside. The headline is taken from the header above the
    core (up to a run of menu items or a line of prose; see ``_headline``). Every line
    above the headline and every line after the core is dropped, but for the last line or two of a text
    that ends with no chrome after the core. A text whose first line is already a sentence of the core has
    no headline; a text with too little prose is left to the other steps.
    """
    content = [i for i, line in enumerate(lines) if _is_content(line) and line.role is None]
    if not content:
        return lines
    # Lines already dropped as chrome weigh too: a share bar or a box of other stories parts two zones.
    scored = [i for i, line in enumerate(lines)
              if line.text and (line.rule is None or line.rule not in _META_RULES) and line.role is None]
    # A sentence broken over several lines (at its links, or by a print layout's width) weighs as one.
    # (Chrome dropped between two of its lines, an inline share button, does not part them; a longer line
    # dropped, a bio or a notice, does.)
    groups: list[list[int]] = []
    last: list[int] | None = None  # the group of the last line not dropped
    for k, i in enumerate(scored):
        if lines[i].rule is None and last is not None and _continues(lines[scored[last[-1]]].text, lines[i].text):
            last.append(k)
        else:
            groups.append([k])
            if lines[i].rule is None:
                last = groups[-1]
            elif _words(lines[i].text) > _INLINE_WORDS:
                last = None
    weights = [0.0] * len(scored)
    group_of = [0] * len(scored)
    for g, members in enumerate(groups):
        first_line = lines[scored[members[0]]]
        weights[members[0]] = (_LIST_ITEM if first_line.rule == "prices" else
                               _CHROME_SHORT if first_line.rule is not None else
                               _prose_weight(" ".join(lines[scored[k]].text for k in members)))
        for k in members:
            group_of[k] = g
    _weigh_verse(lines, scored, groups, weights)
    span = _core(weights)
    if span is None or sum(weights[span[0]:span[1] + 1]) < _CORE_MIN:
        return lines  # too little prose to tell the page's parts apart
    first, last = scored[groups[group_of[span[0]]][0]], scored[groups[group_of[span[1]]][-1]]
    inside = [k for k, i in enumerate(content) if first <= i <= last]
    if not inside:
        return lines
    s, e = inside[0], inside[-1]
    out = list(lines)
    # The header above the core: up to a run of menu items (four short lines in a row) or a line of
    # prose, at most _HEAD_REACH lines. Its first headline-like line of four words or more is the headline.
    top, shorts = s, 0
    for p in range(s - 1, max(-1, s - 1 - _HEAD_REACH), -1):
        text = lines[content[p]].text
        n = _words(text)
        shorts = shorts + 1 if n <= 3 else 0
        if shorts == _MENU_RUN or (n > 3 and not _is_heading_like(text)):
            break
        top = p
    title = _headline(lines, content, top, s, e)
    if title is not None and title == s - 1 and _lede(lines, content, title, s):
        title, s = None, s - 1  # the article's first paragraph, left unfinished: the text has no headline
    if title is None:
        out[content[s]] = out[content[s]]._replace(meta=out[content[s]].meta + (("no-headline", True),))
        while s > 0 and _LIST_MARKER_RE.match(lines[content[s - 1]].text):
            s -= 1  # highlights listed above the article's first paragraph are its own
    else:
        out[content[title]] = out[content[title]]._replace(role="title")
    for p in range(title if title is not None else s):
        text = out[content[p]].text
        out[content[p]] = _drop(out[content[p]], "section" if _is_section_label(text, None) else "page-header")
    e = _introduced_list_end(lines, out, content, e)
    # A text that ends a line or two after the core, with no chrome after it, ends with the article's own
    # last lines (a closing subheading or sentence of a page saved in part): they stay.
    tail = content[e + 1:]
    if len(tail) <= _OPEN_END and not any(line.text and line.rule is not None and line.rule not in _META_RULES
                                           for line in lines[content[e] + 1:]):
        tail = []
    for i in tail:
        out[i] = _drop(out[i], "page-footer")
    return tuple(out)


LINE_STEPS: tuple[Callable[[Lines], Lines], ...] = (
    drop_chrome,
    drop_disclaimers,
    drop_prices,
    drop_author_bio,
    drop_embeds,
    drop_page_title,
    drop_repeats,
    drop_insets,
    cut_tail,
    extract_captions,
    extract_dates,
    extract_source,
    extract_keywords,
    drop_tag_links,
    drop_ui_strings,
    frame_article,
    strip_trailing_source,
    find_title,
    strip_site_name,
    find_subtitle,
    split_dateline,
    mark_headings,
)


# ---------------------------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------------------------

def split_lines(text: str) -> Lines:
    """Tidied text to numbered lines."""
    return tuple(Line(no, line) for no, line in enumerate(text.split("\n"), start=1))


def _ranked(dates: list[tuple[int, int, str]], lines: Lines) -> list[tuple[int, int, str]]:
    """Date candidates (rank, line, text), best first: by rank, then a date under the headline before one above
    it (a site's masthead prints today's date above every headline), then by line."""
    title = next((line.no for line in lines if line.role == "title" and _is_content(line)), 0)
    return sorted(dates, key=lambda d: (d[0], d[1] < title, d[1]))


def _assemble(lines: Lines, path: str | None = None) -> CleanArticle:
    title, subtitle, dateline = "", None, None
    dates: list[tuple[int, int, str]] = []
    sources: list[tuple[int, int, str]] = []
    keywords: tuple[str, ...] = ()
    captions: list[str] = []
    body: list[Block] = []
    dropped: list[Dropped] = []
    for line in lines:
        for kind, value in line.meta:
            if kind == "date":
                dates.append((value[0], line.no, value[1]))
            elif kind == "source" and value[1]:
                sources.append((value[0], line.no, value[1]))
            elif kind == "keywords" and value and not keywords:
                keywords = value
            elif kind == "caption" and value:
                captions.append(value)
            elif kind == "dateline" and dateline is None:
                dateline = value
        if line.rule is not None:
            dropped.append(Dropped(line.no, line.text, line.rule))
        for text, rule in line.cuts:
            dropped.append(Dropped(line.no, text, rule))
        if _is_content(line):
            if line.role == "title":
                title = line.text
            elif line.role == "subtitle":
                subtitle = line.text
            else:
                body.append(Block("h" if line.role == "h" else "p", line.text))
    if not body and subtitle:
        body, subtitle = [Block("p", subtitle)], None
    if not any(block.kind == "p" for block in body):
        raise CleanError("no article body left after removing site chrome: expected at least one "
                         "paragraph of article text", path=path, got=title or None)
    published, notes = None, []
    for _, no, text in _ranked(dates, lines):  # best-ranked first; usually one dateparser call
        published = find_date(text)
        if published is not None:
            hijri = calendar_disagreement(text)
            if hijri:
                notes.append(f"line {no}: {hijri}")
            break
    return CleanArticle(
        title=title,
        body=tuple(body),
        subtitle=subtitle,
        dateline=dateline,
        published=published,
        source=min(sources)[2] if sources else None,
        keywords=keywords,
        captions=tuple(captions),
        dropped=tuple(dropped),
        notes=tuple(notes),
    )


def line_key(text: str) -> str:
    """What identifies a line across texts (normalised words): the key of ``chrome`` lines."""
    return _key(text)


def drop_known_chrome(lines: Lines, chrome: frozenset[str]) -> Lines:
    """Lines known as the outlet's chrome (they recur across its articles: ``generator/outlets.py``)."""
    return tuple(_drop(line, "outlet-chrome") if line.text and _key(line.text) in chrome else line for line in lines)


def clean_lines(raw: str, chrome: frozenset[str] = frozenset()) -> Lines:
    """The lines of ``raw`` after every step, with their roles and drop rules (for audits and tests)."""
    lines = split_lines(tidy(raw))
    if chrome:
        lines = drop_known_chrome(lines, chrome)
    for step in LINE_STEPS:
        lines = step(lines)
    return lines


def clean(raw: str, path: str | None = None, chrome: frozenset[str] = frozenset()) -> CleanArticle:
    """Turn raw scraped article text into a ``CleanArticle``; raise ``CleanError`` when no body remains.

    ``path`` only names the input in the error message; ``chrome`` holds the keys (``line_key``) of lines
    known to be the outlet's site chrome.
    """
    return _assemble(clean_lines(raw, chrome), None if path is None else str(path))


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------

def to_markdown(article: CleanArticle) -> str:
    """The body as Markdown: paragraphs separated by blank lines, subheadings as ``## ``; nothing escaped."""
    return "\n\n".join(("## " + b.text) if b.kind == "h" else b.text for b in article.body) + "\n"


_RANK_NAMES = {_DATE_RANK_PUBLISHED: "labelled as published", _DATE_RANK_BARE: "a date alone",
               _DATE_RANK_UPDATED: "labelled as updated"}


def why(raw: str, chrome: frozenset[str] = frozenset()) -> list[str]:
    """Why the cleaner chose the title and the date of ``raw``: the lines they come from, and the other
    candidates for the date in the order they rank (published before a bare date before an update)."""
    lines = clean_lines(raw, chrome)
    out = []
    title = next((line for line in lines if line.role == "title" and _is_content(line)), None)
    if title is not None:
        out.append(f"title from line {title.no}: the headline above the article's text")
    elif any(("no-headline", True) in line.meta for line in lines):
        out.append("no title: the text opens with its first paragraph (no headline above it)")
    else:
        out.append("no title")
    dates = _ranked([(value[0], line.no, value[1]) for line in lines for kind, value in line.meta if kind == "date"],
                    lines)
    chosen = next((d for d in dates if find_date(d[2]) is not None), None)
    for rank, no, text in dates:
        mark = "date from" if (rank, no, text) == chosen else "  also"
        out.append(f"{mark} line {no} ({_RANK_NAMES.get(rank, rank)}): {text}")
    if not dates:
        out.append("no date line")
    return out


def explain(article: CleanArticle, raw: str | None = None) -> str:
    """A plain-text report of what the cleaner extracted, the body, and every dropped line with its rule; with the
    ``raw`` text, also why the title and the date were chosen."""
    def show(value: object) -> str:
        return "-" if value in (None, "", ()) else str(value)

    out = [
        f"title: {show(article.title)}",
        f"subtitle: {show(article.subtitle)}",
        f"dateline: {show(article.dateline)}",
        f"date: {show(article.published.isoformat() if article.published else None)}",
        f"source: {show(article.source)}",
        f"keywords: {show(' | '.join(article.keywords))}",
        f"captions: {len(article.captions)}",
        *(f"  - {caption}" for caption in article.captions),
        "",
        f"body: {len(article.body)} blocks",
        "",
        to_markdown(article).rstrip("\n"),
        "",
        f"dropped: {len(article.dropped)}",
        *(f"line {d.line_no} [{d.rule}]: {d.text}" for d in article.dropped),
    ]
    if article.notes:
        out += ["", "check:", *article.notes]
    if raw is not None:
        out += ["", "why:", *why(raw)]
    return "\n".join(out) + "\n"
