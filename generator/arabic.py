"""Arabic normalisation and tokenising for matching, similarity and search (never for display).

One definition used everywhere: the tagger, related-article similarity and the search
index all call these functions, and the browser's search script is a line-by-line port
of ``normalize``, ``forms``, ``key`` and ``stem`` (``templates/theme/assets/search/normalize.js``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import accumulate, compress

# Harakat, shadda, sukun, superscript alef, Quranic annotation marks.
_DIACRITICS = "".join(chr(c) for c in [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670,
                                        *range(0x06D6, 0x06DD), *range(0x06DF, 0x06E9),
                                        *range(0x06EA, 0x06EE)])
_TATWEEL = "\u0640"
# Invisible formatting characters: bidi marks and embeddings, zero-width joiners, BOM.
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u061c"

_CHAR_MAP = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي",  # alef maksura and Persian/Urdu yeh
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه",  # taa marbuta and heh variants
    "ؤ": "ء", "ئ": "ء",  # hamza seats: مسؤول / مسئول
    "ک": "ك", "ڪ": "ك",  # Persian keheh
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9",
    **{ch: None for ch in _DIACRITICS + _TATWEEL + _INVISIBLE},
})

# Loanwords that Arabic outlets spell in more than one way (ي before or after ر, غ/ج/ك for "g").
# Keys and values are already normalised; only whole stems are replaced.
VARIANTS = {
    "اميركي": "امريكي", "اميركيه": "امريكيه", "اميركيين": "امريكيين", "اميركيون": "امريكيون",
    "اميركا": "امريكا", "امريكان": "امريكا",
    "بنتاجون": "بنتاغون", "بنتاكون": "بنتاغون",
    "ماكجورك": "ماكغورك", "مكغورك": "ماكغورك", "ماكغرك": "ماكغورك",
    "كيربى": "كيربي",
    "اوستين": "اوستن",
}

# Attached proclitics, longest first. The article family (ال with و ف ب ك before it, and لل)
# is stripped for the canonical key; single-letter و ف ب ك ل only produce extra candidate forms.
_ARTICLE_PREFIXES = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
_LETTER_PREFIXES = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ك", "ل")
_MIN_STEM = 2

# Whole words (normalised) that begin with the letters of a clitic but are not clitic + word:
# never split, and recognised after a real clitic (للبنان = ل + لبنان, not لل + بنان).
# Only words of four letters or more are at risk: shorter ones are never split anyway.
WHOLE_WORDS = frozenset({
    "الله",
    # places and people
    "بغداد", "بابل", "باكستان", "بريطانيا", "بيروت", "برلين", "بكين", "بلجيكا", "بولندا",
    "لبنان", "ليبيا", "لندن", "فلسطين", "فرنسا", "فنزويلا", "فيتنام", "واشنطن", "كردستان",
    "كركوك", "كندا", "كوريا", "بايدن", "بوتين", "بلينكن", "بريت", "بشار", "كيربي", "فءاد",
    # common words
    "وزير", "وزراء", "وزاره", "وزارات", "ولايه", "ولايات", "وكاله", "وجود", "وحده", "وطني",
    "وطنيه", "وثيقه", "واضح", "واسع", "وصول", "وساءل", "وفاه", "وقوع", "ورقه", "وفود",
    "فيلق", "فريق", "فصاءل", "فصيل", "فتره", "فرصه", "فرنسي", "فقط", "فوري",
    "بيان", "بيانات", "بلاد", "بلدان", "برلمان", "برلماني", "برنامج", "بحسب", "بناء", "بنيه",
    "كتاءب", "كبير", "كبيره", "كبار", "كلمه", "كامل", "كانت", "كافه", "كيفيه",
    "لجنه", "لجان", "لقاء", "لواء", "لكن", "ليست", "لحظه",
})


# Word characters: letters and digits of any script (\w), Arabic letters, marks, tatweel and digits
# in the Arabic blocks (but not Arabic punctuation: ، ؛ ؟ ۔ ٪ and the like are separators), and
# the zero-width (non-)joiners that sit inside Persian-spelt names (خامنه‌ای).
_WORD_RE = re.compile(r"[\w\u200c\u200d\u0610-\u061A\u0620-\u0669\u066E-\u06D3\u06D5-\u06DC\u06DF-\u06E8"
                      r"\u06EA-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFD3D\uFD40-\uFDFF\uFE70-\uFEFC]+")
_SPLIT_RE = re.compile(f"({_WORD_RE.pattern})")  # the same words, kept by re.split between the text around them


# ``text.translate(_CHAR_MAP)`` as one ``str.replace`` per character the text holds: translate looks every
# character up, while a paragraph of 350 characters has a dozen kinds to fold. No replacement holds a
# character that is folded itself, so the order of the replacements does not matter.
_FOLDS = tuple((chr(c), v or "") for c, v in _CHAR_MAP.items())
assert not any(ch in to for ch, _ in _FOLDS for _, to in _FOLDS)


def normalize(text: str) -> str:
    """Fold spelling variation that does not change meaning: diacritics, tatweel, alef/yeh/heh forms, digits, case."""
    text = unicodedata.normalize("NFKC", text)  # presentation forms to letters
    for ch, to in _FOLDS:
        if ch in text:
            text = text.replace(ch, to)
    return text.lower()


def _variant(stem: str) -> str:
    return VARIANTS.get(stem, stem)


@lru_cache(maxsize=200_000)
def _split(token: str) -> tuple[str, bool, bool]:
    """(stem, definite, known): the canonical reading of a normalised token.

    ``definite`` says an article (ال, وال, بال, لل, ...) was stripped; ``known`` says the stem
    is a listed whole word, so no other reading is plausible.
    """
    if token in WHOLE_WORDS:
        return token, False, True
    for prefix in _LETTER_PREFIXES:
        if token.startswith(prefix) and token[len(prefix):] in WHOLE_WORDS:
            return token[len(prefix):], False, True
    for prefix in _ARTICLE_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= _MIN_STEM:
            # لل is ل + ال with the alef dropped: للقوات -> قوات.
            rest = token[len(prefix):]
            if rest in WHOLE_WORDS:
                return rest, True, True
            return rest, True, False
    return token, False, False


def key(token: str) -> str:
    """One canonical form of a normalised token: article-family clitics stripped, loanword spellings unified."""
    return _variant(_split(token)[0])


def definite(token: str) -> bool:
    """True when the canonical reading of a normalised token carries the article (ال and its clitic forms)."""
    return _split(token)[1]


@lru_cache(maxsize=200_000)
def readings(token: str) -> tuple[tuple[str, bool], ...]:
    """Every (form, definite) reading of a normalised token, canonical first, the token itself last.

    A single-letter clitic (و ف ب ك ل) is only a candidate: وزير may be و + زير. Listed whole
    words (WHOLE_WORDS) are never split, so they have just their canonical reading.
    """
    stem, is_definite, known = _split(token)
    out = [(_variant(stem), is_definite)]
    if not known:
        for prefix in _LETTER_PREFIXES:
            if token.startswith(prefix) and len(token) - len(prefix) > _MIN_STEM:
                rest = token[len(prefix):]
                reading = (key(rest), definite(rest))
                if reading not in out:
                    out.append(reading)
    whole = (_variant(token), False)
    if whole not in out:
        out.append(whole)
    return tuple(out)


@lru_cache(maxsize=200_000)
def forms(token: str) -> tuple[str, ...]:
    """Every reading of a normalised token: itself and each clitic-stripped candidate, canonical key first."""
    return tuple(dict.fromkeys(form for form, _ in readings(token)))


# Light suffix stemming, for search only (tagging and similarity never stem): plural and feminine endings
# and attached pronouns, on normalised keys (ة is ه there). Longest first; one suffix is taken off, and
# only when at least ``_MIN_STEM_LETTERS`` letters stay, all of them Arabic.
_SUFFIXES = ("هما", "ات", "ون", "ين", "يه", "ها", "هم", "كم", "ه")
_MIN_STEM_LETTERS = 3
_ARABIC_LETTERS_RE = re.compile(r"^[\u0621-\u064a]+$")


def stem(form: str) -> str:
    """A key without its plural, feminine or pronoun ending (مستودعات -> مستودع, عراقيه -> عراق), for search;
    the key itself when it has none, is too short, or is not Arabic."""
    if not _ARABIC_LETTERS_RE.match(form):
        return form
    for suffix in _SUFFIXES:
        if form.endswith(suffix) and len(form) - len(suffix) >= _MIN_STEM_LETTERS:
            return form[:-len(suffix)]
    return form


class _Cache(dict):
    """A memo of one function of a word, cleared when it grows past ``LIMIT`` (words repeat a lot)."""

    LIMIT = 1_000_000

    def __init__(self, fn) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, word: str) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        value = self[word] = self.fn(word)
        return value


_normalized = _Cache(normalize)  # raw word -> normalised token
_word_keys = _Cache(lambda word: key(_normalized[word]) if _normalized[word] else "")  # raw word -> key or ''


def split_words(text: str) -> list[str]:
    """``text`` cut at its words: [separator, word, separator, ..., word, separator], words at odd indices.

    The words are those of ``tokenize`` as written (including any that normalise to nothing); the
    separators may be empty; joining the parts gives back ``text``.
    """
    return _SPLIT_RE.split(text)


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Words of ``text`` as (normalised token, start, end) with offsets into the original string."""
    parts = _SPLIT_RE.split(text)
    bounds = list(accumulate(map(len, parts)))  # word k spans bounds[2k] .. bounds[2k + 1]
    norms = list(map(_normalized.__getitem__, parts[1::2]))
    return list(compress(zip(norms, bounds[0::2], bounds[1::2]), norms))  # words that normalise to "" are left out


def keys(text: str) -> list[str]:
    """Canonical keys of every word in ``text`` (for similarity and indexing); the words of ``tokenize``."""
    return list(filter(None, map(_word_keys.__getitem__, _WORD_RE.findall(text))))


def is_arabic(text: str) -> bool:
    """True when most letters of ``text`` are Arabic script."""
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return arabic > 0 and arabic >= latin
