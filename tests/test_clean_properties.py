"""Property tests of the cleaner: never crashes, never invents a word, idempotent, no invisible characters.

The default run keeps ``max_examples`` near 200; the ``fuzz`` variants run 2,000 examples
(``pytest -m fuzz tests/test_clean_properties.py``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.clean import clean, tidy
from generator.errors import CleanError
from generator.model import CleanArticle

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ = settings(max_examples=2000, deadline=None, derandomize=False, suppress_health_check=[HealthCheck.too_slow])

_TOKEN = re.compile(r"[^\W_]+")
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_PRESENTATION_RANGES = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")

# Pieces of real-looking articles: Arabic and English words, chrome, metadata, dates, punctuation.
WORDS = ["قال", "العراق", "بغداد", "القوات", "الأمريكية", "وزير", "الدفاع", "الحوار", "إن", "في", "من",
         "على", "الرئيس", "بيان", "مسؤولون", "واشنطن", "الكاظمي", "2020", "٢٠٢٤", "64.11", "(وكالات)",
         "Newsweek", "(AP)", "“لا", "أعرف”", "ﻗﺎﻝ", "\u200fبغداد\u200e", "U.S.", "www.example.com",
         "ماكغورك", "و", "the", "said", "يناير", "كانون", "الثاني"]
PUNCT = ["", "", "", ".", "،", " ،", " .", ". .", "؟", ":", "!", "”", "“", " –", ")", "(", "/"]
CHROME = ["شارك الخبر", "Skip to main content", "Leave a Reply", "اترك تعليقاً", "Read Next", "Read Previous",
          "مقالات ذات صلة", "إقرأ أيضاً:", "زر الذهاب إلى الأعلى", "nocomment", "أخبار العالم", "AvaToday caption",
          "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *", "جميع الحقوق محفوظة ©",
          "المصدر: الخليج الجديد", "المصدر:وكالات", "كلمات دلالية: العراق إيران", "تاريخ النشر: 10th, January 2024 GMT",
          "posted onAugust 10, 2023", "آخر تحديث: 9 يناير 2025 - 1:41 م", "الأربعاء ١٠ كانون الثاني ٢٠٢٤",
          "بغداد", "بغداد –", "التعليقات", "الوسوم", "صورة: الرئيس", "(Qassim Abdul-Zahra / AP)", "* * *",
          "https://example.com/a", "1 رمضان 1445 هـ", " ", "\t"]


@st.composite
def sentences(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
    return "".join(w + draw(st.sampled_from(PUNCT)) + draw(st.sampled_from([" ", " ", " ", "", "  "]))
                   for w in words)


@st.composite
def articles(draw) -> str:
    lines = draw(st.lists(st.one_of(sentences(), st.sampled_from(CHROME), st.just("")), min_size=0, max_size=25))
    joiner = draw(st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n", "\r"]))
    prefix = draw(st.sampled_from(["", "\ufeff"]))
    return prefix + joiner.join(lines)


ANY_TEXT = st.one_of(st.text(), articles(), st.text(alphabet=st.sampled_from(
    list("بغداد. وقال،؛؟:()“”\"«» \n\r\t–-0123456789٠١٢٣٤٥٦٧٨٩\u200f\u200b\ufeffabc*©/") + ["\ufed7", "\ufefb"])))


def _clean_or_none(text: str) -> CleanArticle | None:
    try:
        return clean(text)
    except CleanError:
        return None


def _outputs(article: CleanArticle) -> list[str]:
    return [article.title, article.subtitle or "", article.dateline or "", article.source or "",
            *article.keywords, *article.captions, *(b.text for b in article.body)]


def _tokens(text: str) -> Counter:
    return Counter(_TOKEN.findall(text))


def to_raw(article: CleanArticle) -> str:
    """Back to raw text, blank-line separated: title, subtitle, the dateline alone, body blocks.

    Without a title the dateline leads the first paragraph instead ("بغداد – …").
    """
    blocks = [b.text for b in article.body]
    head = [t for t in (article.title, article.subtitle) if t]
    if article.dateline and article.title:
        head.append(article.dateline)
    elif article.dateline and blocks:
        blocks[0] = f"{article.dateline} – {blocks[0]}"
    return "\n\n".join(head + blocks) + "\n"


# --- properties ---------------------------------------------------------------------------------

def check_never_raises_but_clean_error(text: str) -> None:
    _clean_or_none(text)  # any other exception fails the test


def check_never_invents_words(text: str) -> None:
    article = _clean_or_none(text)
    if article is None:
        return
    allowed = _tokens(tidy(text))
    emitted = _tokens("\n".join(_outputs(article)))
    assert not emitted - allowed, f"words not in the input: {sorted(emitted - allowed)}"


def check_no_invisible_or_presentation_forms(text: str) -> None:
    article = _clean_or_none(text)
    if article is None:
        return
    for value in _outputs(article):
        assert not _INVISIBLE.search(value), repr(value)
        # Presentation forms are the characters of those blocks that NFKC maps to letters
        # (unassigned code points and ligatures without a decomposition, like U+FDFD, stay).
        assert all(unicodedata.normalize("NFKC", ch) == ch for ch in _PRESENTATION_RANGES.findall(value)), repr(value)
        assert "\n" not in value and "\r" not in value


def check_idempotent(text: str) -> None:
    first = _clean_or_none(text)
    if first is None:
        return
    second = clean(to_raw(first))
    assert second.body == first.body
    assert second.title == first.title
    assert second.subtitle == first.subtitle


def check_tidy(text: str) -> None:
    once = tidy(text)
    assert tidy(once) == once
    assert once.count("\n") + 1 == len((text + "x").splitlines())  # lines numbered as str.splitlines does


@FAST
@given(ANY_TEXT)
def test_never_raises_but_clean_error(text: str) -> None:
    check_never_raises_but_clean_error(text)


@FAST
@given(ANY_TEXT)
def test_never_invents_words(text: str) -> None:
    check_never_invents_words(text)


@FAST
@given(ANY_TEXT)
def test_no_invisible_or_presentation_forms(text: str) -> None:
    check_no_invisible_or_presentation_forms(text)


# Cases hypothesis found once; kept so they are always run.
IDEMPOTENCE_EXAMPLES = [
    "قال قال قال قال U.S. \nقال \nقال \nقال \nقال قال قال قال قال قال قال قال قال قال قال. ",
    "قال قال قال قال U.S. ، \nقال قال قال قال قال قال \nقال \nقال \nقال قال قال قال قال قال قال. ",
    "2020 \nNewsweek \nقال العراق \n* * *",
    "قال \nقال قال قال: \nإن قال قال ",
    "قال \nقال؟ \nإن قال قال. ",
    "المصدر: الخليج الجديد\nقال قال قال قال قال قال قال. \nالأربعاء ١٠ كانون الثاني ٢٠٢٤\nقال \nقال \nقال \n"
    "قال قال قال قال قال قال \nقال قال قال U.S. ",
    "قال \nقال قال قال قال قال – \nقال قال قال قال قال قال قال قال قال قال قال قال قال قال (وكالات) \nقال ",
    "قال قال قال. و \nشارك الخبر\nقال قال ",
    "nocomment\nقال قال قال قال. \nnocomment",
    "nocomment\nقال قال قال قال – \nnocomment",
    "قال \nقال \nقال ",
    "the \nhttps://example.com/a\nقال. \nقال ",
    "the \nقال \nقال \nSkip to main content",
    "nocomment\n" + "قال " * 9 + "\n" + "قال " * 9 + "\nقال \nnocomment",
    "قال \nقال \nقال قال قال .(وكالات) ",
    "قال قال قال \nقال قال قال قال قال \nأخبار العالم\nقال \nقال ",
    "قال \nأخبار العالم\nقال قال قال قال قال \nقال ",
    "قال \nقال قال قال قال قال قال (AP). (وكالات) ",
    "قال \nقال قال قال قال قال قال (Qassim / AP). (وكالات) ",
    "قال قال قال \nالعراق قال قال – " + "قال " * 16 + "\nقال ",
    "قال. \nsaid – " + "قال " * 19 + "قال( قالقال \nقال ",
    "قال. \nعاجل – " + "قال " * 19 + "\nقال ",
    "قال \nقال \nقال قال قال قال قال العراق قال قال قال. \n1 رمضان 1445 هـ\nقال قال قال قال قال العراق قال قال قال. ",
]


@pytest.mark.parametrize("text", IDEMPOTENCE_EXAMPLES)
def test_idempotent_on_found_cases(text: str) -> None:
    check_idempotent(text)


def test_unassigned_code_points_in_presentation_blocks_are_not_forms() -> None:
    check_no_invisible_or_presentation_forms("0\x85\ufdc80")


@FAST
@given(articles())
def test_idempotent_on_own_output(text: str) -> None:
    check_idempotent(text)


@FAST
@given(ANY_TEXT)
def test_tidy_is_idempotent(text: str) -> None:
    check_tidy(text)


@pytest.mark.fuzz
@FUZZ
@given(ANY_TEXT)
def test_fuzz_clean(text: str) -> None:
    check_never_raises_but_clean_error(text)
    check_never_invents_words(text)
    check_no_invisible_or_presentation_forms(text)
    check_tidy(text)


@pytest.mark.fuzz
@FUZZ
@given(articles())
def test_fuzz_idempotent(text: str) -> None:
    check_idempotent(text)
