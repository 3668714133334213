"""Property tests: the cleaner and the metadata loader fail only with the project's own errors, whatever they get.

The default run tries about 100 examples per property; ``make fuzz`` (``pytest -m fuzz``) runs the same
properties with 2,000+ examples each.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import clean, metadata
from generator.errors import DigestError, ErrorGroup
from generator.model import Block, CleanArticle

QUICK = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LONG = settings(max_examples=2000, deadline=None, derandomize=False, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.data_too_large])
PATH = "seeds/fuzz.yml"

# --------------------------------------------------------------------------------------------
# Text strategies
# --------------------------------------------------------------------------------------------

ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهويىٱپچژکگی"
ARABIC_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640\u0670"  # harakat, shadda, tatweel
ARABIC_PUNCT = "،؛؟٪٫٬۔«»“”‘’…–—"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
ASCII_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
WHITESPACE = " \t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2007\u200a\u2028\u2029\u202f\u205f\u3000"
CONTROLS = "\x00\x01\x07\x08\x1b\x1c\x1f\x7f\x80\x9f"
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE = "\u00ad\u034f\u180e\u200b\u200c\u200d\u2060\ufeff\ufff9\ufffa\ufffb\ufffc\ufffd"
PRESENTATION = "\ufb50\ufb51\ufb8a\ufbfc\ufd3e\ufd3f\ufdf2\ufdfa\ufdfb\ufdfd\ufe70\ufe8d\ufe8e\ufef5\ufefb\ufefc"
ODD = "\U0001f600\U0001d400\u0300\u05d0\u0915\u4e2d\uffff\U0010ffff"

ALPHABET = (ARABIC_LETTERS + ARABIC_MARKS + ARABIC_PUNCT + ARABIC_DIGITS + LATIN + ASCII_PUNCT + WHITESPACE
            + CONTROLS + BIDI + INVISIBLE + PRESENTATION + ODD)

# Words and phrases that make the cleaner's rules fire: dates, bylines, chrome, keywords, captions.
TOKENS = (
    "قال", "المسؤول", "إن", "الاجتماع", "انتهى", "بغداد", "العراق", "الولايات المتحدة", "إيران", "واشنطن",
    "الكاظمي", "بايدن", "وأضاف", "أن", "الحوار", "مستمر", "القوات", "الأمريكية", "الحكومة", "يوم", "الخميس",
    "15 يوليو 2021", "2021-07-15", "١٥/٠٧/٢٠٢١", "15/7/2021", "3 رمضان 1442", "منذ ساعتين", "تموز", "كانون الثاني",
    "المصدر:", "المصدر :", "كلمات دلالية:", "الكلمات المفتاحية", "إقرأ أيضاً", "اقرأ أيضا", "شارك الخبر",
    "تابعونا على", "فيسبوك", "تويتر", "Read Next", "Share", "Comments", "(رويترز)", "- أ ف ب", "صورة:",
    "(أرشيفية)", "بغداد –", "واشنطن -", "الخليج الجديد", "Newsweek", "http://example.org/a?b=c",
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "# ", "* ", "1. ", "|a|b|", "{{ x }}", "{% if %}",
    "&amp;", "---", ".", "،", "؟", "!", ":", "…", "«", "»", "\"", "(", ")", "ﷺ", "ﻻ", "\u202e", "\u200f", "\x00",
)

chars = st.text(alphabet=ALPHABET, max_size=400)
words = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(alphabet=ALPHABET, min_size=1, max_size=12)),
                 max_size=40).map(" ".join)
line_ends = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\u2028", "\x85", "\x0c", ""])


@st.composite
def article_like(draw) -> str:
    """Lines of Arabic-ish words, separated by random line ends (the shape of a scraped page)."""
    lines = draw(st.lists(st.one_of(words, chars), max_size=25))
    out = []
    for line in lines:
        out.append(line)
        out.append(draw(line_ends))
    return "".join(out)


raw_texts = st.one_of(chars, words, article_like())

# --------------------------------------------------------------------------------------------
# YAML-ish strategies
# --------------------------------------------------------------------------------------------

KEYS = st.one_of(st.sampled_from(sorted(metadata.FIELDS)), st.sampled_from(["colour", "Title", "tags ", "<<", "?",
                                                                           "", "1", "null", "true", "ت"]),
                 st.text(alphabet=LATIN + ARABIC_LETTERS + "_- :#", min_size=1, max_size=10))
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(alphabet=ALPHABET, max_size=60), words,
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.sampled_from(["2024-02-30", "yesterday", "2024-13-01", "0000-00-00", "https://example.org/x",
                     "javascript:alert(1)", "ftp://x", "iraq", "us-withdrawal-iraq", "Iraq", "yes", "no", "~",
                     "null", "0x1F", "1_000", "1e400", ".inf", "2021-07-15T99:00", "!!binary", "&a", "*a"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                     st.dictionaries(KEYS, inner, max_size=4)), max_leaves=12)
mappings = st.dictionaries(KEYS, values, max_size=12)


def _dump(data: object, flow: bool) -> str:
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False)


# Raw YAML fragments that the dumper never writes: tags, anchors, aliases, merge keys, block scalars, tabs.
FRAGMENTS = (
    "\t", "  ", "- ", ": ", "? ", "---\n", "...\n", "#", "&a ", "*a", "<<: *a\n", "!!timestamp ", "!!binary ",
    "!!int ", "!!float ", "!!set ", "!!omap ", "!!pairs ", "!!python/object:os.system ", "!!str ", "!!bool ",
    "!!null ", "!!map ", "!!seq ", "!custom ", "|\n  ", ">-\n  ", "{", "}", "[", "]", "'", '"', "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n", "date: !!timestamp 2021-07-15T99:00\n", "title: &t x\ntitle_en: *t\n",
    "tags: &l [a, *l]\n", "\x00", "\ufeff", "\x85", "\u2028", "\r", "\\x", "\\u",
)


@st.composite
def yaml_texts(draw) -> str:
    """Valid YAML of random mappings (block or flow style), then possibly broken by random edits."""
    text = _dump(draw(st.one_of(mappings, values)), draw(st.booleans()))
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        pos = draw(st.integers(min_value=0, max_value=len(text)))
        edit = draw(st.sampled_from(["insert", "delete", "duplicate", "indent"]))
        if edit == "insert":
            piece = draw(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=ALPHABET, max_size=5)))
            text = text[:pos] + piece + text[pos:]
        elif edit == "delete":
            text = text[:pos] + text[pos + draw(st.integers(min_value=1, max_value=5)):]
        elif edit == "duplicate":
            lines = text.splitlines(keepends=True)
            if lines:
                i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
                lines.insert(i, lines[i])
            text = "".join(lines)
        else:
            lines = text.splitlines(keepends=True)
            if lines:
                i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
                lines[i] = draw(st.sampled_from(["\t", " ", "   ", "\t "])) + lines[i]
            text = "".join(lines)
    return text


yaml_inputs = st.one_of(yaml_texts(), st.lists(st.sampled_from(FRAGMENTS + tuple(sorted(metadata.FIELDS))),
                                               max_size=20).map("".join), chars)

EXTRACTED = (
    CleanArticle(title="عنوان المقال", body=(Block("p", "قال المسؤول إن الاجتماع انتهى. وأضاف أن الحوار مستمر."),),
                 published=dt.date(2024, 1, 10), source="وكالات"),
    CleanArticle(title="بلا تاريخ", body=(Block("h", "عنوان فرعي"), Block("p", "نص" * 400))),
    CleanArticle(title="t", body=()),
)

# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------


def check_clean(raw: str) -> None:
    try:
        article = clean.clean(raw)
    except DigestError as exc:
        assert exc.format()  # formats without failing
        return
    assert isinstance(article, CleanArticle)
    assert article.body, "a CleanArticle always has a body"
    assert all(isinstance(b.text, str) and b.text for b in article.body)


def check_metadata(text: str) -> None:
    try:
        fields, warnings = metadata.parse(text, PATH)
    except ErrorGroup as group:
        assert group.errors, "an ErrorGroup always holds at least one error"
        assert all(isinstance(e, DigestError) and e.format().startswith(PATH) for e in group.errors)
        return
    assert set(fields) <= set(metadata.FIELDS)
    assert all(w.format().startswith(PATH) for w in warnings)
    for extracted in EXTRACTED:
        try:
            meta = metadata.merge(fields, extracted, PATH)
        except ErrorGroup as group:
            assert all(e.format().startswith(PATH) for e in group.errors)
            continue
        assert isinstance(meta.date, dt.date) and isinstance(meta.title, str)


@QUICK
@given(raw_texts)
def test_cleaner_raises_only_project_errors(raw):
    check_clean(raw)


@QUICK
@given(yaml_inputs)
def test_metadata_loader_raises_only_project_errors(text):
    check_metadata(text)


@pytest.mark.fuzz
@LONG
@given(raw_texts)
def test_cleaner_raises_only_project_errors_long(raw):
    check_clean(raw)


@pytest.mark.fuzz
@LONG
@given(yaml_inputs)
def test_metadata_loader_raises_only_project_errors_long(text):
    check_metadata(text)


# Crashes fuzzing found once, kept as plain regression examples.
@pytest.mark.parametrize("text", [
    "title: a\x00b\n",  # NUL: PyYAML's reader refuses it while the loader is created
    "date: !!timestamp 2021-07-15T99:00\n",  # PyYAML's timestamp constructor fails with AttributeError
])
def test_metadata_regressions(text):
    with pytest.raises(ErrorGroup) as info:
        metadata.parse(text, PATH)
    assert info.value.errors[0].format().startswith(PATH + ":1:")
