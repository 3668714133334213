"""Tests of the Arabic normaliser (generator/arabic.py) and of word matching built on it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import arabic
from generator.model import Block, CleanArticle, Topic
from generator.topics import Tagger


def k(word: str) -> str:
    return arabic.key(arabic.normalize(word))


def forms(word: str) -> tuple[str, ...]:
    return arabic.forms(arabic.normalize(word))


# ── spelling variants ─────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("variants", [
    ("الأمريكية", "الامريكية", "الأميركية", "الاميركية", "الأمریکیة"),  # last: Persian yeh and keheh
    ("البنتاغون", "البنتاجون", "البنتاكون"),
    ("أمريكا", "أميركا", "امريكا"),
    ("ماكغورك", "ماكجورك", "مكغورك"),
    ("إيران", "ايران", "آيران"),
    ("مسؤول", "مسئول", "مسءول"),
    ("مصطفى", "مصطفي"),
    ("غزة", "غزه"),
    ("مُحَمَّد", "محمد", "مـحـمـد"),
    ("كبيـــر", "كبير"),
    ("٢٠٢١", "2021", "۲۰۲۱"),
])
def test_spelling_variants_share_one_key(variants):
    assert len({k(v) for v in variants}) == 1, [k(v) for v in variants]


def test_normalize_folds_hamza_forms_diacritics_tatweel_and_invisibles():
    assert arabic.normalize("أإآٱ") == "اااا"
    assert arabic.normalize("سُورِيَا") == "سوريا"
    assert arabic.normalize("العـــراق") == "العراق"
    assert arabic.normalize("بغ\u200fداد") == "بغداد"
    assert arabic.normalize("Pentagon") == "pentagon"


def test_normalize_keeps_letters_that_change_meaning():
    # ع/غ, ت/ث, ه/ح are different letters, not spelling variants.
    assert len({arabic.normalize(w) for w in ("عرب", "غرب")}) == 2
    assert arabic.normalize("حزب") != arabic.normalize("هزب")


# ── clitics ───────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("word", ["العراق", "والعراق", "بالعراق", "للعراق", "فالعراق", "وبالعراق", "كالعراق"])
def test_article_family_is_stripped(word):
    assert k(word) == "عراق"
    assert arabic.definite(arabic.normalize(word))


def test_lil_is_lam_plus_article():
    assert k("للقوات") == k("القوات") == "قوات"
    assert k("للبنان") == "لبنان"  # ل + لبنان, not لل + بنان


def test_government_with_and_without_clitics():
    assert k("الحكومة") == k("والحكومة") == k("حكومة") == k("بالحكومة")
    assert arabic.definite(arabic.normalize("والحكومة"))
    assert not arabic.definite(arabic.normalize("حكومة"))
    # A single-letter clitic is only a candidate reading, never the canonical key.
    assert k("وحكومة") == "وحكومه"
    assert k("حكومة") in forms("وحكومة")
    assert k("حكومة") in forms("لحكومة")


def test_clitic_before_a_name():
    assert k("ايران") in forms("وإيران")
    assert k("ايران") in forms("لإيران")
    assert k("بغداد") == k("وبغداد") == k("لبغداد")


@pytest.mark.parametrize("word", ["وزير", "لبنان", "بايدن", "فيلق", "كتائب", "بيان", "واشنطن", "لواء"])
def test_false_friends_are_not_clitic_plus_word(word):
    norm = arabic.normalize(word)
    assert arabic.key(norm) == norm
    assert arabic.forms(norm) == (norm,)
    assert not arabic.definite(norm)


def test_false_friends_after_a_real_clitic():
    assert k("ووزير") == "وزير"
    assert k("وبايدن") == "بايدن"
    assert k("ولبنان") == "لبنان"
    assert k("الوزير") == "وزير"


def test_short_words_keep_their_letters():
    assert k("الى") == "الي"  # إلى is not ال + ى
    assert forms("وفد") == ("وفد",)  # too short to hide a clitic


# ── tokenizing ────────────────────────────────────────────────────────────────────────

def test_tokenize_offsets_point_into_the_original_text():
    text = "قال البنتاغون، إنّ «القوات» باقية؛ Kirby said."
    tokens = arabic.tokenize(text)
    assert [t for t, _, _ in tokens] == ["قال", "البنتاغون", "ان", "القوات", "باقيه", "kirby", "said"]
    assert [text[s:e] for _, s, e in tokens][1:4] == ["البنتاغون", "إنّ", "القوات"]


def test_arabic_punctuation_separates_words():
    assert [t for t, _, _ in arabic.tokenize("النجباء،وهي؟ نعم؛ ۔ ٪")] == ["النجباء", "وهي", "نعم"]


def test_keys_are_keys_of_tokens():
    text = "والتقى ماكغورك الخميس رئيس الوزراء العراقي مصطفى الكاظمي، بالعراق."
    assert arabic.keys(text) == [arabic.key(t) for t, _, _ in arabic.tokenize(text)]


def test_is_arabic():
    assert arabic.is_arabic("العراق Iraq")
    assert not arabic.is_arabic("Iraq and Syria")
    assert not arabic.is_arabic("2021")


# ── properties ────────────────────────────────────────────────────────────────────────

_ALPHABET = ("ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآؤئىة" "\u064b\u064e\u064f\u0650\u0651\u0652\u0640"
             "،؛؟.!«»\"'()- \n\u200f\u200cabcXYZ019٠١٩")
arabic_text = st.text(alphabet=_ALPHABET, max_size=80)


@given(st.one_of(arabic_text, st.text(max_size=80), st.text(alphabet=st.sampled_from(
    [chr(c) for c in arabic._CHAR_MAP] + list("ابة x\u0600\u06ff")), max_size=40)))
def test_normalize_folds_as_its_character_table(text):
    """One regular-expression pass does what ``str.translate`` with the folding table does, character for character."""
    import unicodedata

    assert arabic.normalize(text) == unicodedata.normalize("NFKC", text).translate(arabic._CHAR_MAP).lower()


@given(arabic_text)
def test_normalize_is_idempotent(text):
    once = arabic.normalize(text)
    assert arabic.normalize(once) == once


@given(arabic_text)
def test_tokenize_never_crashes_and_offsets_are_valid(text):
    for token, start, end in arabic.tokenize(text):
        assert token and 0 <= start < end <= len(text)
        assert arabic.normalize(text[start:end]) == token


@given(arabic_text)
def test_keys_never_invent_words(text):
    variants = set(arabic.VARIANTS.values())
    for token, _, _ in arabic.tokenize(text):
        for form in arabic.forms(token):
            assert form and (token.endswith(form) or form in variants)
    assert arabic.keys(text) == [arabic.key(t) for t, _, _ in arabic.tokenize(text)]


# ── matching built on the normaliser ──────────────────────────────────────────────────

def _tagger(*entries: tuple[str, str, str, tuple[str, ...]]) -> Tagger:
    return Tagger(Topic(i, kind, name, i.title(), aliases) for i, kind, name, aliases in entries)


def _matched(tagger: Tagger, text: str) -> list[tuple[str, str]]:
    return [(topic_id, text[s:e]) for topic_id, s, e in tagger.match(text)]


def test_matcher_handles_spelling_variants_and_clitics():
    tagger = _tagger(("us", "place", "الولايات المتحدة الأمريكية", ()),
                     ("pentagon", "organisation", "البنتاغون", ()),
                     ("withdrawal", "topic", "انسحاب القوات", ("سحب القوات",)))
    text = "وقال البنتاجون إن الولايات المتحدة الاميركية تبحث بانسحاب القوات وسحب القوات"
    assert _matched(tagger, text) == [
        ("pentagon", "البنتاجون"), ("us", "الولايات المتحدة الاميركية"),
        ("withdrawal", "بانسحاب القوات"), ("withdrawal", "وسحب القوات")]


def test_matcher_respects_the_article():
    tagger = _tagger(("sadr", "person", "الصدر", ()), ("hamas", "organisation", "حماس", ()))
    assert _matched(tagger, "وفي بيان صدر الأربعاء استقبلوه بالحماس نفسه") == []
    assert _matched(tagger, "وقال الصدر إن حركة حماس") == [("sadr", "الصدر"), ("hamas", "حماس")]


@pytest.mark.parametrize("text, stem", [("وزير الدفاع", "زير"), ("لبنان", "بنان"), ("بايدن", "ايدن"),
                                        ("فيلق القدس", "يلق")])
def test_matcher_false_friends(text, stem):
    tagger = _tagger(("stem", "topic", stem, ()))
    assert _matched(tagger, text) == []


def test_names_protect_their_own_letters():
    # "لويد" is not in arabic.WHOLE_WORDS; being a word of a name is enough to keep it whole.
    tagger = _tagger(("lloyd", "person", "لويد أوستن", ()), ("wid", "topic", "ويد أوستن", ()))
    assert _matched(tagger, "التقى لويد أوستن") == [("lloyd", "لويد أوستن")]
    assert _matched(tagger, "التقى ولويد أوستن") == [("lloyd", "ولويد أوستن")]


def test_matcher_does_not_cross_punctuation():
    tagger = _tagger(("barham", "person", "برهم صالح", ()))
    assert _matched(tagger, "برهم صالح") == [("barham", "برهم صالح")]
    assert _matched(tagger, "برهم، صالح") == []


def test_english_aliases_match_case_insensitively():
    tagger = Tagger([Topic("pentagon", "organisation", "البنتاغون", "Pentagon", (), ("Department of Defense",))])
    text = "the PENTAGON and the department of defense"
    assert _matched(tagger, text) == [("pentagon", "PENTAGON"), ("pentagon", "department of defense")]


def test_tag_reports_where_it_matched():
    tagger = _tagger(("iraq", "place", "العراق", ()))
    clean = CleanArticle(title="بغداد والعراق", body=(Block("p", "قال إن العراق"),))
    (tag,) = tagger.tag(clean)
    assert [(m.field, m.block, m.text) for m in tag.mentions] == [("title", -1, "والعراق"), ("body", 0, "العراق")]
    m = tag.mentions[1]
    assert clean.body[m.block].text[m.start:m.end] == "العراق"
