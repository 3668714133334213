"""Taxonomy suggestions: names that recur in articles but are in no entry of the taxonomy.

    python -m generator suggest [FILE_OR_FOLDER ...] [--root ROOT] [--taxonomy FILE] [--min-count 2]

The taxonomy is the one the project's configuration names (``extra.digest.taxonomy`` in ``mkdocs.yml``,
``config.taxonomy_path``) unless ``--taxonomy`` names another; the articles, ``ROOT/seeds`` unless named.

Each article is cleaned (chrome dropped) and cut into sentences; three kinds of context propose a
name, read on whole words after ``arabic.normalize``:

* people after a title word (الرئيس، وزير، قائد، المتحدث باسم، الجنرال، ...), once the title's
  own words are passed (``وزير النفط العراقي حيان عبد الغني``): the indefinite words that follow,
  a family name with ال last;
* organisations after a head noun (وزارة، هيئة، حركة، كتائب، منظمة، قيادة، جهاز، خلية، ...): the
  head and the words of its name after it (``قيادة العمليات المشتركة``);
* places after a place word or a direction (مدينة، محافظة، قضاء، قاعدة، ميناء، شمالي، قرب، ...);
  after في، من، إلى only when the same word also follows a place word somewhere.

A name the taxonomy already matches (``Tagger.match``) is no suggestion. Each suggestion has its
count, up to two example sentences with their file, and a draft YAML entry to edit and paste.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import arabic, clean, sources
from .errors import DigestError
from .topics import Tagger

KIND_ORDER = ("person", "organisation", "place", "outlet")


def _set(words: str) -> frozenset[str]:
    return frozenset(arabic.normalize(w) for w in words.split())


PERSON_TITLES = _set(
    "الرئيس رئيس وزير وزيرة الوزير قائد القائد المتحدث الناطق المتحدثة السفير السفيرة سفير "
    "الجنرال اللواء العميد الفريق العقيد المرشد الشيخ السيد السيدة النائب النائبة المستشار "
    "مستشار مدير المدير محافظ المحافظ زعيم الزعيم القيادي قيادي الأمين نائب مساعد مساعدة "
    "المبعوث مبعوث الخبير رئيسة"
)
# Words of a title before the name: باسم, and descriptors of the office (its organisation, its country).
TITLE_LINKS = _set("باسم العام الأعلى الأسبق السابق الحالي أول ركن")
ORG_HEADS = _set(
    "وزارة هيئة حركة كتائب منظمة قيادة جهاز مجلس لجنة شركة مديرية خلية حزب تحالف ائتلاف "
    "فصيل جماعة سرايا ألوية لواء مفوضية بعثة مؤسسة مصرف وكالة تيار كتلة جبهة حكومة"
)
PLACE_HEADS = _set(
    "مدينة محافظة قضاء ناحية بلدة قرية منطقة قاعدة ميناء مطار حقل معبر مخيم "
    "شمال جنوب شرق غرب شمالي جنوبي شرقي غربي بالقرب"
)
# Words after a place word that are no place's name: the country, the capital, adjectives of bases and areas.
NOT_PLACES = _set(
    "البلاد العاصمة الدولة المنطقة المدينة المحافظة الإقليم الأراضي الحدود البلدين العسكرية عسكرية "
    "الجوية جوية الحدودية حدودية صحراوية الصحراوية الشمالية الجنوبية الشرقية الغربية الأوسط الشرق "
    "الغرب الشمال الجنوب نائية النائية محيط أطراف"
)
PLACE_PREPOSITIONS = _set("في من إلى الى نحو داخل قرب")
OUTLET_HEADS = _set("وكالة قناة صحيفة شبكة موقع")  # organisations of a kind: named as sources
# Words that end a name: function words, days, reporting verbs and common nouns names are followed by.
STOP = _set(
    "في من إلى الى على عن مع أن إن ان لا لم لن قد قال قالت وقال وقالت أكد أكدت أعلن أعلنت ذكر "
    "ذكرت أوضح أوضحت أشار أضاف أضافت خلال بعد قبل بين منذ حتى عند لدى إلى يوم أمس اليوم الأحد "
    "الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت الذي التي الذين هذا هذه ذلك تلك وهو "
    "وهي هو هي كما أيضا بشأن حول ضد عبر أي كل بيان تصريح تصريحات مؤتمر اجتماع لقاء زيارة "
    "حيث بينما فيما لكن إلا ثم أو او و ف ب ل ك بحسب وفق وفقا نحو داخل جراء إثر أثناء عام "
    "مساء صباح ليل فجر الماضي المقبل الجاري أكثر أقل نحو بأن بأنه إنه أنه بشكل بتاريخ مطلع "
    "التابعة التابع الرسمية الحكومية المجاورة النافذ المرتبط المرتبطة المصنف لفترة"
)
_AND_THE = ("وال", "بال", "كال", "وبال")  # a word with و or ب before ال starts a phrase of its own
_HEADS = PERSON_TITLES | ORG_HEADS | OUTLET_HEADS | PLACE_HEADS
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+|\n+")
_PUNCT = re.compile(r"[.,،؛;:!?؟()\[\]{}«»\"“”]")
_ARABIC_LATIN = str.maketrans(
    {
        "ا": "a",
        "ب": "b",
        "ت": "t",
        "ث": "th",
        "ج": "j",
        "ح": "h",
        "خ": "kh",
        "د": "d",
        "ذ": "dh",
        "ر": "r",
        "ز": "z",
        "س": "s",
        "ش": "sh",
        "ص": "s",
        "ض": "d",
        "ط": "t",
        "ظ": "z",
        "ع": "",
        "غ": "gh",
        "ف": "f",
        "ق": "q",
        "ك": "k",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "ه": "h",
        "و": "w",
        "ي": "y",
        "ء": "",
        "ة": "a",
    }
)


@dataclass
class Suggestion:
    """A name proposed for the taxonomy: its kind, how often it was seen, and where."""

    kind: str
    name: str  # the commonest spelling as written
    count: int = 0
    spellings: dict[str, int] = field(default_factory=dict)
    examples: list[tuple[str, str]] = field(default_factory=list)  # (file, sentence)
    near: tuple[str, str] | None = None  # (id, name) of an entry it is another spelling of, if any

    def entry(self) -> str:
        """A draft YAML entry for seeds/topics.yml: the English name transliterated, the descriptions to write."""
        others = sorted((s for s in self.spellings if s != self.name), key=lambda s: (-self.spellings[s], s))
        draft_en = " ".join(w.capitalize() for w in slug(self.name).split("-"))  # a transliteration to correct
        lines = [
            f"  - id: {slug(self.name)}",
            f"    kind: {self.kind}",
            f"    name_ar: {self.name}",
            f"    name_en: {draft_en}",
            f"    aliases_ar: [{', '.join(others)}]",
            "    aliases_en: []",
        ]
        if self.kind != "place":
            lines += ["    description_ar: TODO", "    description_en: TODO"]
        return "\n".join(lines)


def slug(name: str) -> str:
    """A Latin id for an Arabic name (to be edited): letters transliterated, words joined by hyphens."""
    words = [arabic.normalize(w).translate(_ARABIC_LATIN) for w in name.split()]
    out = "-".join(re.sub(r"[^a-z0-9]", "", w) for w in words if re.sub(r"[^a-z0-9]", "", w))
    return out or "entry"


def _texts(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """Every article text under the paths (files, or folders searched for *.txt), by path, once each."""
    files: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            files.update(dict.fromkeys(sorted(p for p in path.rglob("*.txt") if p.is_file())))
        else:
            files[path] = None
    out = []
    for path in sorted(files):  # the same report whatever the order the paths are given in
        text = sources.read_text(path)
        try:
            article = clean.clean(text)
            text = "\n".join([article.title, *(b.text for b in article.body)])
        except DigestError:
            pass  # not an article the cleaner can read: its lines as they are
        out.append((path, text))
    return out


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _words(sentence: str) -> list[tuple[str, str, bool]]:
    """(word as written, normalised, punctuation after it) for each word of a sentence."""
    parts = arabic.split_words(sentence)
    out = []
    for k in range(1, len(parts), 2):
        norm = arabic._normalized[parts[k]]
        if norm:
            out.append((parts[k], norm, bool(_PUNCT.search(parts[k + 1]))))
    return out


def _is(norm: str, vocabulary: frozenset[str]) -> bool:
    """True when a word, or the word without one clitic (و, ف, ب, ل, ك), is in ``vocabulary``."""
    return norm in vocabulary or any(f in vocabulary for f in arabic.forms(norm))


def _without_clitic(written: str, norm: str) -> str:
    """The word as written without a one-letter clitic (و, ف, ب, ل, ك) that a head word carries."""
    if norm in _HEADS or written[:1] != norm[:1]:
        return written
    if norm.startswith(("وال", "فال", "بال", "كال")):
        return written[1:]  # والمفوضية: المفوضية
    if norm.startswith("لل") and norm[2:] in _HEADS:
        return "ال" + written[2:]  # للوكالة: الوكالة
    return written[1:] if norm[1:] in _HEADS else written


def _nameable(norm: str) -> bool:
    return len(norm) >= 2 and not norm.isdigit() and not _is(norm, STOP) and arabic.is_arabic(norm)


def _person(words: list[tuple[str, str, bool]], i: int) -> tuple[int, int] | None:
    """The span of a person's name after the title word at ``i``, or None."""
    j, n = i + 1, len(words)
    # Pass the title's own words: باسم + organisation, descriptors with ال, further titles, one comma;
    # after a head noun its complement too (رئيس حكومة تصريف الأعمال).
    while j < n and (_is(words[j][1], TITLE_LINKS | PERSON_TITLES | ORG_HEADS) or arabic.definite(words[j][1])):
        if words[j][2] and j + 1 < n and not arabic.definite(words[j + 1][1]):
            j += 1
            break
        if _is(words[j][1], ORG_HEADS):
            while j + 1 < n and not arabic.definite(words[j + 1][1]) and _nameable(words[j + 1][1]):
                j += 1
        j += 1
    start = j
    while (
        j < n
        and j - start < 3
        and _nameable(words[j][1])
        and not _is(words[j][1], PERSON_TITLES | ORG_HEADS)
        and not words[j][1].startswith(_AND_THE)
    ):
        definite = arabic.definite(words[j][1])
        if definite and j == start:
            return None  # a name starts with an indefinite word (the given name)
        j += 1
        if definite or words[j - 1][2]:
            break  # a family name with ال ends it, and so does punctuation
    return (start, j) if j - start >= 2 else None


def _organisation(words: list[tuple[str, str, bool]], i: int) -> tuple[int, int] | None:
    """The span of an organisation's name from its head noun at ``i``, or None."""
    if words[i][2]:
        return None
    j, n = i + 1, len(words)
    if j < n and not arabic.definite(words[j][1]) and words[j][1].endswith(("ه", "ي")):
        return None  # an adjective (منظمة إرهابية, جماعة مسلحة), not a name
    # After a head with ال only adjectives with ال (القيادة المركزية); بال, كال start a phrase of their own.
    plain = words[i][1].startswith("ال")
    while (
        j < n
        and j - i <= 4
        and _nameable(words[j][1])
        and not _is(words[j][1], ORG_HEADS | PERSON_TITLES)
        and not words[j][1].startswith(_AND_THE)
        and (not plain or words[j][1].startswith("ال"))
    ):
        j += 1
        if words[j - 1][2]:
            break
    return (i, j) if j - i >= 2 else None


def _place(words: list[tuple[str, str, bool]], i: int) -> tuple[int, int] | None:
    """The span of a place after the place word or preposition at ``i`` (one word, or two for عين الأسد)."""
    j = i + 1
    if words[i][2] or j >= len(words) or not _nameable(words[j][1]) or _is(words[j][1], PLACE_HEADS | ORG_HEADS):
        return None
    if _is(words[j][1], NOT_PLACES) or (_is(words[i][1], PLACE_HEADS) and arabic.definite(words[i][1])):
        return None  # القاعدة تعرضت: a place word with ال refers back, it names nothing
    end = j + 1
    if (
        not arabic.definite(words[j][1])
        and not words[j][2]
        and end < len(words)
        and arabic.definite(words[end][1])
        and _nameable(words[end][1])
        and not words[end][1].endswith(("ي", "يه"))
    ):
        end += 1  # عين الأسد; not ميناء جيهان التركي, whose second word is an adjective
    return j, end


def suggest(paths: Iterable[Path], tagger: Tagger, min_count: int = 2) -> list[Suggestion]:
    """The names that recur in the articles under ``paths`` and that the taxonomy does not match, by kind, then
    count (most first), then name."""
    found: dict[tuple[str, tuple[str, ...]], Suggestion] = {}
    weak_places: list[tuple[tuple[str, ...], str, str, str]] = []
    strong_places: set[tuple[str, ...]] = set()
    for path, text in _texts(paths):
        for sentence in sentences(text):
            words = _words(sentence)
            if not words:
                continue
            known = [(s, e) for _, s, e in tagger.match(sentence)]
            offsets = _offsets(sentence, words)
            seen: set[tuple[str, int, int]] = set()  # one count per name and sentence (قائد ... الجنرال X)
            for i, (_, norm, _) in enumerate(words):
                candidates = []
                if _is(norm, PERSON_TITLES):
                    candidates.append(("person", _person(words, i)))
                if _is(norm, ORG_HEADS) or _is(norm, OUTLET_HEADS):
                    candidates.append(
                        ("outlet" if _is(norm, OUTLET_HEADS) else "organisation", _organisation(words, i))
                    )
                if _is(norm, PLACE_HEADS) or _is(norm, PLACE_PREPOSITIONS):
                    candidates.append(("place", _place(words, i)))
                for kind, span in candidates:
                    if span is None:
                        continue
                    s, e = span
                    if (kind, s, e) in seen:
                        continue
                    seen.add((kind, s, e))
                    start, end = offsets[s][0], offsets[e - 1][1]
                    if any(ks < end and start < ke for ks, ke in known):
                        continue  # the taxonomy already names it, or a name overlaps it
                    first = _without_clitic(*words[s][:2])  # لحزب العمال: حزب العمال
                    written = " ".join([first, *(w for w, _, _ in words[s + 1 : e])])
                    key = tuple(arabic.key(n) for n in [arabic.normalize(first), *(n for _, n, _ in words[s + 1 : e])])
                    if kind == "place" and not _is(norm, PLACE_HEADS):
                        weak_places.append((key, written, str(path), sentence))
                        continue
                    if kind == "place":
                        strong_places.add(key)
                    _count(found, kind, key, written, str(path), sentence)
    for key, written, where, sentence in weak_places:
        if key in strong_places:
            _count(found, "place", key, written, where, sentence)
    out = [sug for sug in found.values() if sug.count >= min_count]
    spellings = _spellings(tagger)
    for sug in out:
        counts = sug.spellings
        sug.name = min(counts, key=lambda w: (-counts[w], w))
        sug.near = _near(tuple(arabic.keys(sug.name)), spellings)
    return sorted(out, key=lambda sug: (KIND_ORDER.index(sug.kind), -sug.count, sug.name))


def _spellings(tagger: Tagger) -> dict[int, list[tuple[tuple[str, ...], str, str]]]:
    """The taxonomy's Arabic names and aliases as keys, by word count: (keys, id, name)."""
    out: dict[int, list[tuple[tuple[str, ...], str, str]]] = {}
    for topic in tagger.topics.values():
        for alias in (topic.name_ar, *topic.aliases_ar):
            keys = tuple(arabic.keys(alias))
            out.setdefault(len(keys), []).append((keys, topic.id, alias))
    return out


def _near(keys: tuple[str, ...], spellings: dict) -> tuple[str, str] | None:
    """The entry one of whose names differs from ``keys`` by one letter in one word (كوردستاني, كردستاني)."""
    for other, topic_id, alias in spellings.get(len(keys), ()):
        differ = [(a, b) for a, b in zip(keys, other) if a != b]
        if len(differ) == 1 and _one_letter_apart(*differ[0]):
            return topic_id, alias
    return None


def _one_letter_apart(a: str, b: str) -> bool:
    if len(a) < len(b):
        a, b = b, a
    if len(a) - len(b) > 1 or min(len(a), len(b)) < 3:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    return any(a[:k] + a[k + 1 :] == b for k in range(len(a)))


def _offsets(sentence: str, words: list[tuple[str, str, bool]]) -> list[tuple[int, int]]:
    """Character offsets of the words of ``_words`` in the sentence."""
    out, at = [], 0
    for written, _, _ in words:
        start = sentence.index(written, at)
        out.append((start, start + len(written)))
        at = start + len(written)
    return out


def _count(found: dict, kind: str, key: tuple[str, ...], written: str, path: str, sentence: str) -> None:
    suggestion = found.setdefault((kind, key), Suggestion(kind, written))
    suggestion.count += 1
    suggestion.spellings[written] = suggestion.spellings.get(written, 0) + 1
    if len(suggestion.examples) < 2 and all(sentence != s for _, s in suggestion.examples):
        suggestion.examples.append((path, sentence))


def report(suggestions: list[Suggestion]) -> str:
    """The suggestions as text: per kind, each name with its count, examples and draft entry."""
    if not suggestions:
        return "no suggestions: every recurring name is in the taxonomy"
    out = []
    for kind in KIND_ORDER:
        group = [s for s in suggestions if s.kind == kind]
        if not group:
            continue
        out.append(f"# {kind}: {len(group)} suggestion(s)")
        for s in group:
            out.append(f"\n{s.name}  ({s.count}x)")
            for path, sentence in s.examples:
                out.append(f"  e.g. {path}: {sentence if len(sentence) <= 200 else sentence[:199] + '…'}")
            if s.near:
                out.append(f"  another spelling of {s.near[0]} ({s.near[1]}): add it to that entry's aliases_ar")
            else:
                out.append(s.entry())
        out.append("")
    return "\n".join(out).rstrip() + "\n"
