"""Synthetic corpus: N realistic raw articles (boilerplate included) recombined from the seed articles.

Each article is about 600 words of real sentences taken from ``seeds/*.txt``, mixed with sentences
naming people, organisations, places and themes of ``seeds/topics.yml`` (so tagging and linking have
real work), cut by subheadings and wrapped in the web chrome the seeds show: share buttons, section
labels, "Read Previous/Next", comment forms, "المصدر:" and "كلمات دلالية:" lines, appended
"إقرأ أيضاً:" stories. About a quarter of the articles continue an earlier story a few days later
and a few are the same news from another outlet, so stories and near-duplicates exist.

Deterministic: article ``i`` depends only on the seed files, the random seed and ``i`` (and the
articles before it), so the corpus of 100 is the first 100 articles of the corpus of 1,000.

    python -m benchmarks.corpus --n 1000 --out /tmp/seeds-1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEFAULT_SEED = 20240601
TARGET_WORDS = 600
FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
FOLLOW_UP_SHARE = 0.25  # articles that continue an earlier story
DUPLICATE_SHARE = 0.04  # the same news from another outlet

# Lines of web chrome, as the seed pages print them.
_CHROME_EXACT = {
    "شارك الخبر", "Read Previous", "Read Next", "Leave a Reply", "مقالات ذات صلة", "اترك تعليقاً",
    "زر الذهاب إلى الأعلى", "Skip to main content", "nocomment", "أخبار العالم", "إقرأ أيضاً:",
    "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
}
_CHROME_PREFIXES = ("المصدر", "كلمات دلالية", "تاريخ النشر", "آخر تحديث", "posted on", "AvaToday")
_TAIL_MARKERS = ("Read Previous", "إقرأ أيضاً:", "مقالات ذات صلة")
_SENTENCE_SPLIT = re.compile(r"(?<=[^\d\s][.؟!])\s*(?=[^\s.،,:؛”\"'\d)])")

OUTLETS = (
    ("الخليج الجديد", "Al-Khaleej Al-Jadeed"), ("شبكة أخبار العراق", "Iraq News Network"),
    ("السومرية نيوز", "Alsumaria News"), ("رووداو", "Rudaw"), ("العربي الجديد", "The New Arab"),
    ("الحرة", "Alhurra"), ("بغداد اليوم", "Baghdad Today"), ("الشرق الأوسط", "Asharq Al-Awsat"),
    ("شفق نيوز", "Shafaq News"), ("المدى", "Al-Mada"), ("AvaToday", "AvaToday"), ("unknown", None),
)
SECTION_LABELS = ("أخبار العالم", "أخبار العراق", "سياسة", "تقارير", "عربي ودولي")
AR_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
             "نوفمبر", "ديسمبر")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")

# Sentences naming taxonomy entries: {p} person, {o} organisation, {l} place, {l2} another place, {t} theme.
AR_SENTENCES = (
    "وقال {p} إن {l} ستواصل العمل مع {o} بشأن {t} خلال المرحلة المقبلة.",
    "وبحث {p} في {l} مع وفد من {o} ملف {t} وسبل تعزيز التنسيق بين الجانبين.",
    "وأكد {o} في بيان أن {t} يبقى على جدول أعمال {l} و{l2} في الأشهر المقبلة.",
    "وذكرت مصادر مطلعة في {l} أن {p} التقى ممثلين عن {o} لبحث {t} بعيدا عن الإعلام.",
    "وتأتي هذه التطورات في ظل تصاعد الجدل حول {t} في {l} منذ أشهر.",
    "من جهته، دعا {p} إلى الحوار بين {l} و{l2} لتجاوز الخلافات القائمة حول {t}.",
    "وأشار مسؤول في {o} إلى أن زيارة {p} إلى {l} تناولت {t} والأوضاع الأمنية في المنطقة.",
    "ويرى مراقبون أن موقف {o} من {t} سيحدد شكل العلاقة بين {l} و{l2} في السنوات المقبلة.",
    "وفي {l}، قال {p} للصحفيين إن {o} لم يتلق أي إخطار رسمي بشأن {t}.",
    "كما ناقش {p} مع مسؤولين في {l2} مستقبل {t} ودور {o} في دعم الاستقرار.",
)
AR_TITLES = (
    "{p} يبحث {t} في {l}",
    "{o} و{l}: جولة جديدة بشأن {t}",
    "تطورات جديدة في ملف {t}",
    "{p} يلتقي وفدا من {o} في {l2}",
    "مسؤولون في {l} يتحدثون عن {t}",
    "{o} يعلق على {t}",
)
EN_TITLES = (
    "{p} discusses {t} in {l}",
    "{o} and {l}: a new round on {t}",
    "New developments on {t}",
    "{p} meets a delegation from {o} in {l2}",
    "Officials in {l} speak about {t}",
    "{o} comments on {t}",
)
EN_SUMMARIES = (
    "{p} discussed {t} with officials from {o} in {l}, according to a statement issued after the meeting.",
    "Officials in {l} and {l2} said talks on {t} would continue, as {o} weighed its next steps.",
    "{o} said {t} remained on the agenda of {l}, while {p} called for dialogue with {l2}.",
)
AR_SUBHEADINGS = ("موقف {o}", "{t}", "زيارة {p}", "ردود الفعل في {l}", "العلاقات مع {l2}", "خلفية")


@dataclass(frozen=True)
class SeedText:
    """Material taken from the seed articles: sentences grouped by article, subheadings, titles."""

    sentences: tuple[tuple[str, ...], ...]
    subheadings: tuple[str, ...]
    titles: tuple[str, ...]


@dataclass(frozen=True)
class Names:
    """Taxonomy names by kind, Arabic and English, in a fixed order."""

    people: tuple[tuple[str, str, str], ...]  # (id, Arabic, English)
    organisations: tuple[tuple[str, str, str], ...]
    places: tuple[tuple[str, str, str], ...]
    themes: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Made:
    """One generated article, kept so that later articles can continue its story."""

    id: str
    date: dt.date
    sentences: tuple[str, ...]
    focus: dict
    outlet: tuple[str, str | None]


def _chrome(line: str) -> bool:
    return line in _CHROME_EXACT or line.startswith(_CHROME_PREFIXES)


@lru_cache(maxsize=4)
def load_seed_text(seeds: Path = SEEDS) -> SeedText:
    """Sentences (by article), subheadings and titles of the seed articles, web chrome left out."""
    sentences, subheadings, titles = [], [], []
    for path in sorted(seeds.glob("*.txt")):
        lines = [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines()]
        lines = [line for line in lines if line]
        for marker in _TAIL_MARKERS:
            if marker in lines:
                lines = lines[:lines.index(marker)]
        article: list[str] = []
        title_seen = False
        for line in lines:
            if _chrome(line):
                continue
            words = len(line.split())
            if not title_seen and words >= 4:
                titles.append(line)
                title_seen = True
                continue
            if 2 <= words <= 7 and not line.endswith((".", ":", "”", '"', ")")):
                subheadings.append(line)
            elif words >= 8:
                for sentence in _SENTENCE_SPLIT.split(line):
                    sentence = sentence.strip()
                    if len(sentence.split()) >= 6:
                        article.append(sentence if sentence.endswith((".", "؟", "!", "”", '"', ")"))
                                       else sentence + ".")
        sentences.append(tuple(dict.fromkeys(article)))
    return SeedText(tuple(sentences), tuple(dict.fromkeys(subheadings)), tuple(titles))


@lru_cache(maxsize=4)
def load_names(taxonomy: Path = SEEDS / "topics.yml") -> Names:
    """People, organisations, places and themes of the taxonomy (id, Arabic name, English name)."""
    data = yaml.safe_load(taxonomy.read_text(encoding="utf-8"))
    by_kind: dict[str, list[tuple[str, str, str]]] = {}
    for entry in data["topics"]:
        by_kind.setdefault(entry["kind"], []).append((entry["id"], entry["name_ar"], entry["name_en"]))
        # Aliases are how articles really name things; each gives the same topic another spelling.
        for alias in entry.get("aliases_ar") or ():
            by_kind[entry["kind"]].append((entry["id"], alias, entry["name_en"]))
    return Names(tuple(by_kind.get("person", ())), tuple(by_kind.get("organisation", ())),
                 tuple(by_kind.get("place", ())), tuple(by_kind.get("topic", ())))


def _zipf(rng: random.Random, items: tuple, skew: float = 1.1):
    """Pick from ``items`` with a long tail: the first ones (in a fixed shuffled order) much more often."""
    weights = [1 / (k + 1) ** skew for k in range(len(items))]
    return rng.choices(items, weights=weights, k=1)[0]


def _focus(rng: random.Random, names: Names) -> dict:
    order = random.Random(DEFAULT_SEED)  # one fixed popularity order for every article
    people, orgs, places, themes = (tuple(order.sample(group, len(group)))
                                    for group in (names.people, names.organisations, names.places, names.themes))
    place = _zipf(rng, places)
    place2 = _zipf(rng, tuple(p for p in places if p[0] != place[0]))
    return {"p": _zipf(rng, people), "o": _zipf(rng, orgs), "l": place, "l2": place2, "t": _zipf(rng, themes)}


def _fill(template: str, focus: dict, lang: str) -> str:
    index = 1 if lang == "ar" else 2
    return template.format(**{k: v[index] for k, v in focus.items()})


def _date_ar(day: dt.date) -> str:
    return f"{day.day} {AR_MONTHS[day.month - 1]} {day.year}"


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _date_en(day: dt.date) -> str:
    return f"{EN_MONTHS[day.month - 1]} {day.day}, {day.year}"


# Words beyond the seeds' vocabulary. Recombined seed sentences hold some 1,900 distinct words at 10,000
# articles, where real news of that size (6.6 million words) holds about a hundred thousand, most of them rare
# (Heaps' law): every cache keyed by word would hit, and the search index would hold few keys. So each
# new sentence takes, with probability NEW_WORD_SHARE per word, a word drawn with a Zipf law from a lexicon
# of LEXICON_SIZE made-up words (three-letter roots in Arabic patterns, with clitics and suffixes).
NEW_WORD_SHARE = 0.1
LEXICON_SIZE = 400_000
_ROOT_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
_PATTERNS = ("1ا23", "م12و3", "ت12ي3", "است12ا3", "1ا2و3", "م1ا23", "1ي2ا3", "ت1ا2ي3", "م12ا3", "1و2ي3",
             "ان12ا3", "م1ت2ا3", "1ع2ي3")
_PREFIXES = ("", "", "", "ال", "ال", "و", "ب", "وال", "لل", "بال")
_SUFFIXES = ("", "", "", "ة", "ات", "ين", "ون", "ها", "هم", "ية")


@lru_cache(maxsize=1)
def _zipf_cumulative() -> list[float]:
    """Cumulative weights of the lexicon's ranks 1..LEXICON_SIZE: a Zipf law, weight 1/rank."""
    return list(accumulate(1 / rank for rank in range(1, LEXICON_SIZE + 1)))


@lru_cache(maxsize=None)
def _made_up_word(rank: int) -> str:
    """The lexicon's word of ``rank``: a fixed function of the rank (two ranks may give one word, as homographs)."""
    digest = hashlib.sha256(f"{DEFAULT_SEED}-word-{rank}".encode()).digest()
    root = [_ROOT_LETTERS[b % len(_ROOT_LETTERS)] for b in digest[:3]]
    stem = "".join(root[int(ch) - 1] if ch.isdigit() else ch for ch in _PATTERNS[digest[3] % len(_PATTERNS)])
    return _PREFIXES[digest[4] % len(_PREFIXES)] + stem + _SUFFIXES[digest[5] % len(_SUFFIXES)]


def _with_new_words(rng: random.Random, sentence: str) -> str:
    """``sentence`` with made-up words inserted between its words (``NEW_WORD_SHARE`` of its length)."""
    words = sentence.split(" ")
    count = sum(1 for _ in words if rng.random() < NEW_WORD_SHARE)
    if not count or len(words) < 3:
        return sentence
    for rank in rng.choices(range(1, LEXICON_SIZE + 1), cum_weights=_zipf_cumulative(), k=count):
        words.insert(rng.randint(1, len(words) - 1), _made_up_word(rank))  # never first or last (punctuation)
    return " ".join(words)


def _article_sentences(rng: random.Random, seed_text: SeedText, focus: dict, base: tuple[str, ...] = ()
                       ) -> list[str]:
    """About TARGET_WORDS words: sentences of one or two seed articles (or of the story so far) and named ones;
    the seed sentences new to the story take made-up words (``_with_new_words``)."""
    pool: list[str] = []
    if base:
        keep = rng.uniform(0.5, 0.8)
        pool.extend(s for s in base if rng.random() < keep)
    groups = [g for g in seed_text.sentences if g]
    for group in rng.sample(groups, k=min(2, len(groups))):
        pool.extend(_with_new_words(rng, s) for s in rng.sample(group, k=min(len(group), rng.randint(6, 14))))
    named = [_fill(rng.choice(AR_SENTENCES), focus, "ar") for _ in range(rng.randint(5, 8))]
    out, words = [], 0
    pool = list(dict.fromkeys(pool))
    if not base:
        rng.shuffle(pool)
    for sentence in pool:
        if words >= TARGET_WORDS - 120:
            break
        out.append(sentence)
        words += len(sentence.split())
    for sentence in named:
        out.insert(rng.randint(0, len(out)), sentence)
        words += len(sentence.split())
    while words < TARGET_WORDS - 40:  # top up from any seed article
        sentence = _with_new_words(rng, rng.choice(rng.choice(groups)))
        out.append(sentence)
        words += len(sentence.split())
    return out


def _paragraphs(rng: random.Random, sentences: list[str], seed_text: SeedText, focus: dict
                ) -> list[tuple[str, str]]:
    """Body blocks: ("p", text) paragraphs of 2-4 sentences and ("h", text) subheadings every few paragraphs."""
    blocks: list[tuple[str, str]] = []
    i, since_heading = 0, 0
    while i < len(sentences):
        if since_heading >= rng.randint(2, 4) and i < len(sentences) - 2:
            heading = (_fill(rng.choice(AR_SUBHEADINGS), focus, "ar") if rng.random() < 0.5
                       else rng.choice(seed_text.subheadings))
            blocks.append(("h", heading))
            since_heading = 0
        n = rng.randint(2, 4)
        joiner = "" if rng.random() < 0.2 else " "  # run-together sentences, as scraped text has them
        blocks.append(("p", joiner.join(sentences[i:i + n])))
        i += n
        since_heading += 1
    return blocks


def _raw_text(rng: random.Random, layout: int, title: str, blocks: list[tuple[str, str]], day: dt.date,
              outlet: tuple[str, str | None], keywords: list[str], other_titles: list[str],
              appended: str) -> str:
    """The article as a scraper saved it, in one of five page layouts modelled on the seed pages."""
    body = [text for _, text in blocks]
    source = outlet[0] if outlet[0] != "unknown" else "وكالات"
    if layout == 0:  # share bar, subheadings, Read Previous/Next, comment form
        lines = [title, "", "شارك الخبر", ""]
        for text in body:
            lines += [text, ""]
        lines += ["Read Previous", "", other_titles[0], "", "Read Next", "", other_titles[1], "", "Leave a Reply", "",
                  "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *"]
    elif layout == 1:  # section label, repeated title, source line, related header, comment form, back-to-top
        lines = [rng.choice(SECTION_LABELS), "", title, "", title + ".", ""]
        for text in body:
            lines += [text, ""]
        lines += [f"المصدر:{source}", "", "مقالات ذات صلة", "", "اترك تعليقاً", "",
                  "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *", "", "زر الذهاب إلى الأعلى"]
    elif layout == 2:  # date line, no blank lines, source, keywords, appended "read also" story
        lines = [title, f"تاريخ النشر: {_ordinal(day.day)}, {EN_MONTHS[day.month - 1]} {day.year} GMT", *body,
                 f"المصدر | متابعاتالمصدر: {source}", "كلمات دلالية: " + " ".join(keywords), "إقرأ أيضاً:",
                 other_titles[0],
                 f"آخر تحديث: {_date_ar(day + dt.timedelta(days=rng.randint(30, 400)))} - 1:41 م بغداد/ "
                 f"شبكة أخبار العراق- {appended}"]
    elif layout == 3:  # dateline in the first paragraph, a photo caption, agencies at the end
        lines = [title, ""]
        for n, text in enumerate(body):
            if n == 0:
                text = "بغداد – " + text
            lines += [text, ""]
            if n == 1:
                lines += [f"صورة أرشيفية من {rng.choice(('بغداد', 'أربيل', 'واشنطن'))}، "
                          f"{_date_ar(day - dt.timedelta(days=rng.randint(20, 900)))} (AP)"]
        lines[-2] += "(وكالات)"
    else:  # skip link, place line, caption marker, "posted on" date, no-comment marker
        lines = ["Skip to main content", "", title, "", "بغداد", f"{source} caption", blocks[-1][1][:200],
                 f"posted on{_date_en(day)}", "nocomment", ""]
        for text in body:
            lines += [text, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _yaml(meta: dict) -> str:
    out = []
    for key, value in meta.items():
        if value is None:
            continue
        if isinstance(value, dt.date):
            out.append(f"{key}: {value.isoformat()}")
        elif isinstance(value, list):
            out.append(f"{key}: [{', '.join(value)}]")
        else:
            out.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(out) + "\n"


def _words(text: str) -> int:
    return len(text.split())


def make_article(i: int, made: list[Made], seed_text: SeedText, names: Names, seed: int = DEFAULT_SEED
                 ) -> tuple[Made, str, str]:
    """Article ``i``: (what later articles may continue, raw text, YAML metadata)."""
    rng = random.Random(f"{seed}-{i}")
    outlet = rng.choice(OUTLETS)
    parent = None
    kind = rng.random()
    if made and kind < FOLLOW_UP_SHARE + DUPLICATE_SHARE:
        parent = made[max(0, len(made) - rng.randint(1, 40))]  # a recent article of the corpus
    if parent is not None and kind < DUPLICATE_SHARE:  # the same news from another outlet, days apart
        focus = parent.focus
        day = parent.date + dt.timedelta(days=rng.randint(0, 2))
        sentences = [s for s in parent.sentences if rng.random() < 0.95]
        outlet = rng.choice([o for o in OUTLETS if o[0] not in (parent.outlet[0], "unknown")])
    elif parent is not None:  # the story continues a few days later
        focus = dict(parent.focus, p=_focus(rng, names)["p"])
        day = parent.date + dt.timedelta(days=rng.randint(1, 10))
        sentences = _article_sentences(rng, seed_text, focus, base=parent.sentences)
    else:
        focus = _focus(rng, names)
        day = FIRST_DAY + dt.timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
        sentences = _article_sentences(rng, seed_text, focus)
    article_id = f"{i:05d}_{hashlib.sha256(f'{seed}-{i}'.encode()).hexdigest()[:12]}"
    blocks = _paragraphs(rng, sentences, seed_text, focus)
    k = rng.randrange(len(AR_TITLES))  # the same headline template in both languages
    title = _fill(AR_TITLES[k], focus, "ar") if rng.random() < 0.85 else rng.choice(seed_text.titles)
    keywords = [focus["l"][1], focus["p"][1].split()[-1], focus["o"][1]]
    others = [rng.choice(seed_text.titles), _fill(rng.choice(AR_TITLES), _focus(rng, names), "ar")]
    appended = " ".join(rng.sample(rng.choice(seed_text.sentences), k=2))
    raw = _raw_text(rng, rng.randrange(5), title, blocks, day, outlet, keywords, others, appended)
    first = next(text for kind_, text in blocks if kind_ == "p")
    summary = " ".join(_SENTENCE_SPLIT.split(first)[:2])[:900]
    meta: dict = {"title": title}
    if rng.random() < 0.9:  # some articles still wait for an English title and summary
        meta["title_en"] = _fill(EN_TITLES[k], focus, "en")
        meta["summary"] = summary
        meta["summary_en"] = _fill(rng.choice(EN_SUMMARIES), focus, "en")
    else:
        meta["summary"] = summary
    meta["date"] = day
    meta["source"] = outlet[0]
    if outlet[1] and outlet[1] != outlet[0]:
        meta["source_en"] = outlet[1]
    if rng.random() < 0.05:
        meta["tags"] = [focus["t"][0]]
    return Made(article_id, day, tuple(sentences), focus, outlet), raw, _yaml(meta)


def make_corpus(dest: Path, n: int, seed: int = DEFAULT_SEED, seeds: Path = SEEDS) -> Path:
    """Write ``n`` articles (``<id>.txt`` + ``<id>.yml``) and a copy of the taxonomy into ``dest``; return it."""
    dest.mkdir(parents=True, exist_ok=True)
    seed_text = load_seed_text(seeds)
    names = load_names(seeds / "topics.yml")
    shutil.copy(seeds / "topics.yml", dest / "topics.yml")
    made: list[Made] = []
    for i in range(n):
        article, raw, meta = make_article(i, made, seed_text, names, seed)
        made.append(article)
        (dest / f"{article.id}.txt").write_text(raw, encoding="utf-8")
        (dest / f"{article.id}.yml").write_text(meta, encoding="utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.corpus",
                                description="Write N synthetic raw articles and their metadata into a seeds folder. "
                                            "Example: python -m benchmarks.corpus --n 1000 --out /tmp/seeds-1000")
    p.add_argument("--n", type=int, required=True, help="number of articles")
    p.add_argument("--out", required=True, help="folder to write (created if missing)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default: %(default)s)")
    args = p.parse_args(argv)
    out = make_corpus(Path(args.out), args.n, args.seed)
    words = [_words(t.read_text(encoding="utf-8")) for t in sorted(out.glob("*.txt"))]
    print(f"{len(words)} articles in {out}, {sum(words) / max(1, len(words)):.0f} raw words on average")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
