"""Tests of the cleaner: golden reports per seed, line-level labels, and one test per step.

Regenerate the golden reports with ``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_clean.py``
(``make golden``), then read the diff against the raw seed before committing it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from pathlib import Path

import pytest
import yaml

from generator import clean as c
from generator.clean import Line, clean, explain, tidy, to_markdown
from generator.errors import CleanError
from generator.model import Block, CleanArticle, Dropped

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLDEN = Path(__file__).resolve().parent / "golden" / "clean"
LABELS = Path(__file__).resolve().parent / "clean_labels"
# Raw articles in other sites' layouts than the seeds' (written for these tests, no seed's text), labelled
# the same way: what the cleaner must do on articles it was not tuned on.
LAYOUTS = sorted((LABELS / "layouts").glob("*.txt"))
LABELLED = [(seed, LABELS / f"{seed.stem}.yml") for seed in SEEDS] + [(p, p.with_suffix(".yml")) for p in LAYOUTS]
BODY_LABELS = {"title", "subtitle", "heading", "paragraph"}
OTHER_LABELS = {"boilerplate", "meta", "caption"}


def _raw(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _lines(*texts: str) -> tuple[Line, ...]:
    return c.split_lines(tidy("\n".join(texts)))


def _rules(lines) -> dict[int, str | None]:
    return {line.no: line.rule for line in lines}


# ---------------------------------------------------------------------------------------------
# Golden reports
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_golden_explain(seed: Path) -> None:
    got = explain(clean(_raw(seed)))
    golden = GOLDEN / f"{seed.stem}.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
        return
    assert golden.exists(), f"{golden} missing: run UPDATE_GOLDEN=1 pytest {__file__}"
    want = golden.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                            str(golden), "clean() now"))
        pytest.fail(f"cleaner output changed for {seed.name}:\n{diff}")


# ---------------------------------------------------------------------------------------------
# Line-level labels
# ---------------------------------------------------------------------------------------------

def _score_seed(seed: Path, labels_path: Path) -> dict[str, list[int]]:
    """Per label group, which labelled raw lines the cleaner got right and wrong."""
    labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))["lines"]
    raw = _raw(seed)
    tidied = tidy(raw).split("\n")
    non_empty = {no for no, text in enumerate(tidied, 1) if text}
    assert set(labels) == non_empty, f"{seed.name}: labels must list exactly the non-empty lines"
    assert set(labels.values()) <= BODY_LABELS | OTHER_LABELS
    article = clean(raw)
    whole_drops = {d.line_no for d in article.dropped if d.text == tidied[d.line_no - 1]}
    cuts: dict[int, list[str]] = {}
    for d in article.dropped:
        if d.line_no not in whole_drops:
            cuts.setdefault(d.line_no, []).append(d.text)
    output = [article.title, article.subtitle or "", *(b.text for b in article.body)]
    result: dict[str, list[int]] = {"body_kept": [], "body_lost": [], "bp_removed": [], "bp_kept": []}
    for no, label in sorted(labels.items()):
        if label in BODY_LABELS:
            kept_part = tidied[no - 1]
            for part in cuts.get(no, ()):
                kept_part = kept_part.replace(part, "", 1)
            kept = no not in whole_drops and any(kept_part.strip(" -–") in text for text in output)
            result["body_kept" if kept else "body_lost"].append(no)
        else:
            result["bp_removed" if no in whole_drops else "bp_kept"].append(no)
    return result


def test_line_labels_score(record_property) -> None:
    totals = {"body_kept": 0, "body_lost": 0, "bp_removed": 0, "bp_kept": 0}
    problems = []
    for seed, labels_path in LABELLED:
        result = _score_seed(seed, labels_path)
        for key, numbers in result.items():
            totals[key] += len(numbers)
        if result["body_lost"]:
            problems.append(f"{seed.stem}: body lines lost {result['body_lost']}")
        if result["bp_kept"]:
            problems.append(f"{seed.stem}: boilerplate lines kept {result['bp_kept']}")
    bp_total = totals["bp_removed"] + totals["bp_kept"]
    body_total = totals["body_kept"] + totals["body_lost"]
    summary = (f"cleaner line labels over {len(SEEDS)} seeds and {len(LAYOUTS)} other layouts: boilerplate removed "
               f"{totals['bp_removed']}/{bp_total} ({100 * totals['bp_removed'] / bp_total:.1f}%), "
               f"body kept {totals['body_kept']}/{body_total} ({100 * totals['body_kept'] / body_total:.1f}%)")
    print("\n" + summary)
    record_property("summary", summary)
    assert not problems, summary + "\n" + "\n".join(problems)


@pytest.mark.parametrize(("seed", "labels_path"), LABELLED, ids=[p.stem for p, _ in LABELLED])
def test_labelled_headings_and_title(seed: Path, labels_path: Path) -> None:
    labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))["lines"]
    tidied = tidy(_raw(seed)).split("\n")
    article = clean(_raw(seed))
    assert [b.text for b in article.body if b.kind == "h"] == [
        tidied[no - 1] for no, label in sorted(labels.items()) if label == "heading"]
    titles = [tidied[no - 1] for no, label in labels.items() if label == "title"]
    # The title is the labelled line, less what the cleaner cut off its start and recorded ("تحديث 2-").
    (line,) = [line for line in c.clean_lines(_raw(seed)) if line.role == "title"]
    assert [tidied[line.no - 1]] == titles
    assert article.title == line.text
    assert tidied[line.no - 1].endswith(line.text)
    cut = tidied[line.no - 1][:len(tidied[line.no - 1]) - len(line.text)]
    assert cut.strip() == "".join(removed for removed, _ in line.cuts)


# ---------------------------------------------------------------------------------------------
# Whole-article behaviour
# ---------------------------------------------------------------------------------------------

ARTICLE = """عنوان الخبر عن الحوار الاستراتيجي بين البلدين

شارك الخبر

قال مسؤولون إن الجولة الأولى من الحوار بحثت العلاقات الأمنية الثنائية بين البلدين والتعاون طويل الأمد.

لقاء الوفدين

وأضاف المسؤولون أن الطرفين أكدا التزامهما المشترك بمواصلة التعاون في مجالات عدة خلال الأشهر المقبلة.
"""


def test_clean_whole_article() -> None:
    article = clean(ARTICLE)
    assert article.title == "عنوان الخبر عن الحوار الاستراتيجي بين البلدين"
    assert [b.kind for b in article.body] == ["p", "h", "p"]
    assert article.dropped == (Dropped(3, "شارك الخبر", "share"),)


def test_only_boilerplate_raises_clean_error() -> None:
    raw = "Skip to main content\n\nشارك الخبر\n\nاترك تعليقاً\n\nزر الذهاب إلى الأعلى\n"
    with pytest.raises(CleanError, match="expected at least one paragraph"):
        clean(raw)


def test_clean_error_names_the_file() -> None:
    with pytest.raises(CleanError) as info:
        clean("شارك الخبر\n", path="seeds/x.txt")
    assert str(info.value).startswith("seeds/x.txt: no article body left")


@pytest.mark.parametrize("raw", ["", "   \n\n \t", "\ufeff\r\n", "عنوان فقط"])
def test_empty_text_raises_clean_error(raw: str) -> None:
    with pytest.raises(CleanError):
        clean(raw)


def test_bom_and_crlf() -> None:
    raw = "\ufeff" + ARTICLE.replace("\n", "\r\n")
    assert clean(raw) == clean(ARTICLE)
    assert clean(ARTICLE.replace("\n", "\r")) == clean(ARTICLE)


def test_bidi_marks_and_zero_width_removed() -> None:
    raw = ARTICLE.replace("عنوان", "\u200fعنوان\u200e").replace("قال", "\u202bقال\u202c\u200b")
    article = clean(raw)
    assert article == clean(ARTICLE)


def test_presentation_forms_folded() -> None:
    # "قال" written with presentation forms (initial qaf, medial alef... final lam).
    raw = ARTICLE.replace("قال مسؤولون", "\ufed7\ufe8e\ufedd مسؤولون")
    article = clean(raw)
    assert article.body[0].text.startswith("قال مسؤولون")


def test_unrelated_appended_story_date_is_ignored() -> None:
    raw = (ARTICLE + "المصدر: وكالات\nإقرأ أيضاً:\nعنوان قصة أخرى لا علاقة لها\n"
           "آخر تحديث: 9 يناير 2025 - 1:41 م بغداد/ شبكة أخبار- بلغت قيمة الصادرات أكثر من 5 مليارات "
           "دولار خلال العام الماضي.وقالت الوحدة إن الكمية بلغت 64.11 مليون برميل.\n")
    article = clean(raw)
    assert article.published is None
    assert article.source == "وكالات"
    assert "بلغت" not in to_markdown(article)


def test_explain_and_markdown_format() -> None:
    article = CleanArticle(title="T", body=(Block("p", "one."), Block("h", "head"), Block("p", "two.")),
                           published=dt.date(2024, 1, 10), keywords=("a", "b"), captions=("cap",),
                           dropped=(Dropped(3, "x", "share"),))
    assert to_markdown(article) == "one.\n\n## head\n\ntwo.\n"
    report = explain(article)
    assert "title: T\nsubtitle: -\n" in report
    assert "date: 2024-01-10" in report and "keywords: a | b" in report
    assert "captions: 1\n  - cap" in report
    assert report.endswith("dropped: 1\nline 3 [share]: x\n")


def test_steps_are_named_functions_in_one_place() -> None:
    assert all(callable(s) and s.__doc__ for s in c.TEXT_STEPS + c.LINE_STEPS)
    assert len({s.__name__ for s in c.LINE_STEPS}) == len(c.LINE_STEPS)


# ---------------------------------------------------------------------------------------------
# Text steps
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("step,raw,want", [
    (c.unify_line_breaks, "a\r\nb\rc\u2028d\x85e", "a\nb\nc\nd\ne"),
    (c.remove_invisible, "\ufeff\u200fبغداد\u200e\u200b\u202b\u2067x\u2069\u061c", "بغدادx"),
    (c.fold_presentation_forms, "\ufed7\ufe8e\ufedd \ufefb", "قال لا"),
    (c.fold_presentation_forms, "ﷲ x", "الله x"),
    (c.fold_presentation_forms, "fi ½ ١٢", "fi ½ ١٢"),  # nothing outside the Arabic ranges
    (c.normalize_spaces, "a\tb\u00a0c\u2009d", "a b c d"),
    (c.unpad_brackets, "لمجلة ( Newsweek) و ( BBC )", "لمجلة (Newsweek) و (BBC)"),
    (c.collapse_spaces, "لقاء  ماكغورك   الكاظمي", "لقاء ماكغورك الكاظمي"),
    (c.drop_stray_periods, "هذا الادعاء. .", "هذا الادعاء."),
    (c.drop_stray_periods, "3 . 5", "3 . 5"),
    (c.attach_punctuation, "البلاد ، لكن", "البلاد، لكن"),
    (c.attach_punctuation, "المتبقية .\nقال : إن", "المتبقية.\nقال: إن"),
    (c.attach_punctuation, "رايدر، : نحن", "رايدر، : نحن"),
    (c.attach_punctuation, "النسبة .5 في", "النسبة .5 في"),
    (c.separate_glued_sentences, "وبغداد.وقال", "وبغداد. وقال"),
    (c.separate_glued_sentences, "2024.وقالت", "2024. وقالت"),
    (c.separate_glued_sentences, "صفوفها”.وأضافت", "صفوفها”. وأضافت"),
    (c.separate_glued_sentences, "البلاد،وقال", "البلاد، وقال"),
    (c.separate_glued_sentences, "64.11 مليون و7.73 مليارات", "64.11 مليون و7.73 مليارات"),
    (c.separate_glued_sentences, "U.S. www.example.com د.محمد", "U.S. www.example.com د.محمد"),
    (c.separate_glued_sentences, "العربية.نت والحرة.كوم", "العربية.نت والحرة.كوم"),  # domains in Arabic letters
    (c.separate_glued_sentences, "الإنترنت.نتائج", "الإنترنت. نتائج"),
    (c.strip_line_edges, "  a \n \n b  ", "a\n\nb"),
])
def test_text_step(step, raw: str, want: str) -> None:
    assert step(raw) == want
    assert step(want) == want


def test_text_steps_keep_line_count() -> None:
    raw = "a\r\nb\u2028 \n\ufeff\n\u200f\r\r\n"
    assert tidy(raw).count("\n") + 1 == len((raw + "x").splitlines())


# ---------------------------------------------------------------------------------------------
# Lexicon and structural line steps
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,rule", [
    ("شارك الخبر", "share"),
    ("فيسبوك تويتر واتساب", "share"),
    ("Skip to main content", "navigation"),
    ("زر الذهاب إلى الأعلى", "navigation"),
    ("Leave a Reply", "comments"),
    ("اترك تعليقاً", "comments"),
    ("لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *", "comments"),
    ("Read Next", "related"),
    ("مقالات ذات صلة", "related"),
    ("إقرأ أيضاً: العراق يعلن موعد الجولة المقبلة من الحوار", "related"),
    ("الأكثر قراءة", "related"),
    ("جميع الحقوق محفوظة © 2024", "legal"),
    ("اشترك في النشرة البريدية", "subscribe"),
    ("حجم الخط", "widget"),
    ("تخطى الأكثر قراءة وواصل القراءة", "navigation"),
    ("محتوى مدعوم", "related"),
    ("جميع مقالات الكاتب", "author"),
    ("اشترك في قناتنا على يوتيوب لمشاهدة أحدث التقارير", "subscribe"),
    ("إدارة التفضيلات", "legal"),
    ("هل كان هذا المقال مفيداً؟", "widget"),
    ("شارك الحوار: فيسبوك | إكس | واتساب", "share"),
    ("شارك هذه المقالة", "share"),  # a button and what it acts on
    ("اطبع هذه الصفحة", "widget"),
    ("Share this post", "share"),
])
def test_lexicon_drops(text: str, rule: str) -> None:
    assert c._lexicon_rule(tidy(text)) == rule


@pytest.mark.parametrize("text", [
    "لا موعد للانسحاب",
    "مشاركة واسعة في الانتخابات",  # a lexicon word inside a headline
    "وقال إن فيسبوك حذف الحسابات",
    "وقال إن الشركة أرسلت الرابط إلى جميع المشتركين في النشرة البريدية الأسبوعية للموقع التي تصدر كل خميس.",
    "واجتماعات ذات صلة لمناقشة التهديد المتطور",
    "ما هي ملفات تعريف الارتباط؟",  # privacy-law news names what a consent banner names
    "لكن ملفات تعريف الارتباط ليست كلها ضارة.",
    "سياسة الخصوصية في الدوائر الحكومية",
    "مشاركة الصور الآن ممنوعة",  # a lexicon word and a button's objects, with a word of the sentence
    "هذه الصفحة",
])
def test_lexicon_keeps_article_lines(text: str) -> None:
    assert c._lexicon_rule(text) is None


def test_drop_chrome_records_rules() -> None:
    lines = c.drop_chrome(_lines("عنوان", "شارك الخبر", "نص الخبر."))
    assert _rules(lines) == {1: None, 2: "share", 3: None}


def test_drop_chrome_teasers_and_consent_banners() -> None:
    lines = c.drop_chrome(_lines(
        "شاهد: طوابير أمام مولدات الأحياء السكنية في بغداد",
        "فيديو | وزير الكهرباء: الصيف الحالي سيكون الأصعب",
        "شاهد مراسلنا طوابير السيارات أمام محطات الوقود في البصرة منذ ساعات الصباح الأولى.",
        "شاهد: وصل الوفد إلى المطار قبل الظهر.",  # a sentence, not a link
        "نستخدم ملفات تعريف الارتباط (الكوكيز) لتحسين تجربتك وتقديم محتوى وإعلانات تناسب اهتماماتك. "
        "بمواصلة التصفح فإنك توافق على ذلك.",
        "وقالت الهيئة إن المواقع الحكومية تستخدم ملفات تعريف الارتباط دون إبلاغ الزوار بذلك."))
    assert _rules(lines) == {1: "teaser", 2: "teaser", 3: None, 4: None, 5: "legal", 6: None}


def test_poll_buttons_go_and_one_word_answers_stay() -> None:
    lines = c.drop_chrome(_lines(PARA, "هل كان هذا المقال مفيداً؟", "نعم", "لا", "س: هل ستنسحب القوات؟", "لا.",
                                 "نعم"))
    assert _rules(lines) == {1: None, 2: "widget", 3: "poll", 4: "poll", 5: None, 6: None, 7: None}


def test_drop_chrome_tickers_and_editors_notes() -> None:
    lines = c.drop_chrome(_lines(
        "عاجل | المرور العامة تعلن قطع طرق في بغداد", "عاجل | وزارة التربية تحدد موعد النتائج",
        "المحكمة الاتحادية تقضي بعدم دستورية الاتفاقية",
        "ملاحظة المحرر: حُدّث هذا الخبر بعد إعلان الدفاع المدني حصيلة جديدة.", PARA,
        "عاجل | انفجار في ساحة التحرير"))  # one such line alone is no ticker
    assert _rules(lines) == {1: "ticker", 2: "ticker", 3: None, 4: "editor-note", 5: None, 6: None}


def test_drop_chrome_status_bars_wire_notes_credit_chains_and_links() -> None:
    lines = c.drop_chrome(_lines(
        "الناصرية 44° | بغداد 46° | الدولار 1480 دينار",
        "(لتصحيح الكمية اليومية في الفقرة الثالثة إلى 20 مليون متر مكعب)",
        "تغطية صحفية أحمد رشيد - إعداد محمد أيسم للنشرة العربية - تحرير علي خفاجي",
        "رابط المقال: https://example.iq/104233.html",
        "صوت 120 نائبا | وقاطع 45 نائبا الجلسة التي عقدت أمس بحضور رئيس المجلس.",  # a sentence, not a bar
        "(لإضافة تفاصيل)", PARA, "الزوراء 2 | 1 الشرطة", "الأحد 4 آب 2024 | 22:10"))  # a score, a date: two parts
    assert _rules(lines) == {1: "widget", 2: "wire-note", 3: "byline", 4: "navigation", 5: None, 6: "wire-note",
                             7: None, 8: None, 9: None}


def test_drop_page_title_keeps_the_headline_under_it() -> None:
    headline = "محتجون في الناصرية يطالبون بفرص عمل ويمهلون الحكومة المحلية أسبوعاً"
    lines = c.drop_page_title(_lines(headline + " - الناصرية نيوز", "محليات", headline, PARA))
    assert _rules(lines) == {1: "page-title", 2: None, 3: None, 4: None}
    alone = _lines("العراق - تركيا: اتفاق جديد على حصص المياه", PARA)  # a dash, but no headline repeats it
    assert c.drop_page_title(alone) == alone


def test_wire_update_prefix_is_cut_from_the_title() -> None:
    lines = c.find_title(_lines("تحديث 2-العراق يوقع اتفاقا لاستيراد الغاز من تركمانستان", PARA))
    assert lines[0].role == "title" and lines[0].text == "العراق يوقع اتفاقا لاستيراد الغاز من تركمانستان"
    assert lines[0].cuts == (("تحديث 2-", "wire-prefix"),)


def test_end_marks_initials_and_hashtags_at_the_tail() -> None:
    lines = c.extract_keywords(c.extract_source(_lines(
        "عنوان", PARA, "(انتهى)", "ع.ع", "#كوردستان #انتخابات_برلمان_كوردستان")))
    assert _rules(lines) == {1: None, 2: None, 3: "end-mark", 4: "initials", 5: "keywords"}
    assert lines[4].meta == (("keywords", ("كوردستان", "انتخابات برلمان كوردستان")),)
    assert not any(k == "source" for line in lines for k, _ in line.meta)


def test_photo_caption_under_a_photographers_credit() -> None:
    lines = c.find_subtitle(c.extract_dates(c.extract_captions(c.find_title(c.drop_chrome(_lines(
        "الموصل القديمة تستعيد منارة الحدباء", "بقلم: نور الهدى سالم", "تصوير: يونس الطائي", "1 آذار 2025",
        "منارة الحدباء بعد إعادة بنائها وسط الموصل القديمة", PARA))))))
    assert _rules(lines) == {1: None, 2: "byline", 3: "caption", 4: "date", 5: "caption", 6: None}


def test_drop_embeds() -> None:
    lines = c.drop_embeds(c.drop_chrome(_lines(
        PARA, "",
        "رئيس الوزراء يترأس اجتماعاً طارئاً لمناقشة تجهيز الطاقة الكهربائية",
        "— المكتب الإعلامي لرئيس الوزراء (@IraqiPMO) June 12, 2024", "",
        "صورة الاجتماع pic.twitter.com/Xq7LmR2vKd", "",
        "— قال المتحدث إن الاجتماع سيستأنف غداً.", PARA)))
    assert _rules(lines) == {1: None, 2: None, 3: "embed", 4: "embed", 5: None, 6: "embed", 7: None, 8: None,
                             9: None}


def test_drop_insets_drops_a_closed_box_and_the_article_goes_on() -> None:
    lines = c.cut_tail(c.drop_insets(c.drop_chrome(_lines(
        "عنوان", PARA, "تخطى الأكثر قراءة وواصل القراءة", "الأكثر قراءة", "ما الأسلحة التي تستخدم في غزة؟",
        "رجل يعثر على خاتمه بعد 30 عاماً", "نهاية الأكثر قراءة", "تقدم قوى الإطار", PARA, PARA))))
    assert _rules(lines) == {1: None, 2: None, 3: "inset", 4: "inset", 5: "inset", 6: "inset", 7: "inset",
                             8: None, 9: None, 10: None}
    # An end marker without its box above it changes nothing.
    alone = c.drop_chrome(_lines("عنوان", PARA, "نهاية الأكثر قراءة", PARA))
    assert c.drop_insets(alone) == alone


def test_cut_tail_drops_the_author_box_above_the_link_to_their_articles() -> None:
    lines = c.cut_tail(c.drop_chrome(_lines("عنوان", PARA, PARA, "هيمن بابان",
                                            "مراسل في أربيل يغطي الشؤون السياسية منذ عام 2015.",
                                            "جميع مقالات الكاتب")))
    assert _rules(lines) == {1: None, 2: None, 3: None, 4: "author-box", 5: "author-box", 6: "author"}
    # Without a name line only what is no paragraph goes: the article's last paragraph stays, and so do a
    # last subheading and its paragraph (no bio opens like that).
    lines = c.cut_tail(c.drop_chrome(_lines("عنوان", PARA, PARA, "جميع مقالات الكاتب")))
    assert _rules(lines) == {1: None, 2: None, 3: None, 4: "author"}
    lines = c.cut_tail(c.drop_chrome(_lines("عنوان", PARA, "ماذا بعد", PARA, "جميع مقالات الكاتب")))
    assert _rules(lines) == {1: None, 2: None, 3: None, 4: None, 5: "author"}
    # A related box above the author's box took the name as one of its headlines: the bio under it still goes.
    lines = c.cut_tail(c.drop_chrome(_lines("عنوان", PARA, "اقرأ أيضا", "عنوان قصة أخرى", "عمر الجبوري",
                                            "صحفي من الموصل يكتب عن قضايا إعادة الإعمار في نينوى.",
                                            "جميع مقالات الكاتب")))
    assert _rules(lines) == {1: None, 2: None, 3: "related", 4: "related-headline", 5: "related-headline",
                             6: "author-box", 7: "author"}


PARA = "وقال المسؤولون إن المحادثات بين الجانبين تناولت ملفات عدة أبرزها الأمن والاقتصاد والطاقة."


def test_cut_tail_drops_everything_after_a_tail_marker() -> None:
    lines = c.cut_tail(c.drop_chrome(_lines("عنوان", PARA, "Read Previous", "عنوان قصة سابقة", "Read Next",
                                            "عنوان قصة تالية")))
    assert _rules(lines) == {1: None, 2: None, 3: "related", 4: "after-related", 5: "related",
                             6: "after-related"}


def test_cut_tail_after_source_line_drops_appended_story() -> None:
    lines = c.cut_tail(c.drop_chrome(_lines("عنوان", PARA, "المصدر: وكالات", "اقرأ أيضا:", "قصة أخرى", PARA)))
    assert [_rules(lines)[n] for n in (4, 5, 6)] == ["related", "after-related", "after-related"]


def test_cut_tail_keeps_body_after_mid_article_marker() -> None:
    lines = c.cut_tail(c.drop_chrome(_lines("عنوان", PARA, "اقرأ أيضا", "عنوان قصة أخرى", PARA, PARA)))
    assert _rules(lines) == {1: None, 2: None, 3: "related", 4: "related-headline", 5: None, 6: None}


def test_cut_tail_drops_a_related_box_inside_the_body() -> None:
    lines = c.cut_tail(c.drop_chrome(_lines("عنوان", PARA, "مقالات ذات صلة", "عنوان قصة أولى", "عنوان قصة ثانية",
                                            PARA)))
    assert _rules(lines) == {1: None, 2: None, 3: "related", 4: "related-headline", 5: "related-headline", 6: None}


def test_cut_tail_appended_story_opening_with_a_dateline() -> None:
    lines = c.cut_tail(c.drop_chrome(_lines("عنوان", PARA, "اقرأ أيضا:", "قصة أخرى", "بغداد – " + PARA)))
    assert [_rules(lines)[n] for n in (3, 4, 5)] == ["related", "after-related", "after-related"]
    lines = c.cut_tail(c.drop_chrome(_lines("عنوان", PARA, "اقرأ أيضا:", "قصة أخرى", "في المقابل – " + PARA)))
    assert [_rules(lines)[n] for n in (3, 4, 5)] == ["related", "related-headline", None]


def test_cut_tail_drops_comments_after_comment_form() -> None:
    lines = c.cut_tail(c.drop_chrome(_lines("عنوان", PARA, _PARAGRAPHS[1], "التعليقات", PARA)))
    assert _rules(lines)[5] == "after-comments"


def test_a_comments_link_under_one_line_of_prose_is_above_the_article() -> None:
    # A ticker (or a teaser, a notice) reads as a paragraph; the comments link under it is above the story.
    ticker = ("جامعة سيئون تحتفي بتخرج أول دفعة طب بشري قصف لا يتوقف.. 69 انتهاكا حوثيا في تعز خلال 3 أشهر 23 لاعبا"
              " في تشكيلة منتخب الشباب للنهائيات الآسيوية")
    lines = c.cut_tail(c.drop_chrome(_lines(ticker, "عاجل", "أضف تعليقاً", "اقرأ التعليقات (12)", PARA,
                                            _PARAGRAPHS[1])))
    assert (_rules(lines)[5], _rules(lines)[6]) == (None, None)


def test_extract_captions_marker_credit_and_teaser() -> None:
    text = "\n\n".join([
        "عنوان", "AvaToday caption\nصورة لجنود في قاعدة عسكرية", PARA,
        "جنود يتفقدون الانقاض في موقع القصف (Qassim Abdul-Zahra / AP)\nعنوان قصة أخرى. هذا ما فعلوه.",
        "“لا أعرف ما الذي فعلته لأستحق هذا.”", PARA, "صورة: الرئيس خلال الاجتماع", PARA])
    lines = c.extract_captions(c.split_lines(tidy(text)))
    rules = {line.no: line.rule for line in lines if line.text}
    assert rules == {1: None, 3: "caption-marker", 4: "caption", 6: None, 8: "caption", 9: "teaser",
                     11: "teaser", 13: None, 15: "caption", 17: None}
    captions = [v for line in lines for k, v in line.meta if k == "caption"]
    assert captions == ["صورة لجنود في قاعدة عسكرية",
                        "جنود يتفقدون الانقاض في موقع القصف (Qassim Abdul-Zahra / AP)",
                        "الرئيس خلال الاجتماع"]


def test_gallery_counter_and_infographic_marker_caption_the_next_line() -> None:
    lines = c.extract_captions(_lines("عنوان", PARA, "1 / 8", "فرق الدفاع المدني تنقذ عائلة حاصرتها المياه",
                                      "تصوير: ريبوار سعيد", PARA, "انفوغراف", "خريطة توضيحية لمسار الطريق", PARA))
    assert _rules(lines) == {1: None, 2: None, 3: "caption-marker", 4: "caption", 5: "caption", 6: None,
                             7: "caption-marker", 8: "caption", 9: None}


def test_captions_labelled_with_a_comma() -> None:
    lines = c.extract_captions(_lines("عنوان", "مصدر الصورة، Getty Images",
                                      "التعليق على الصورة، ناخبون ينتظرون دورهم أمام مركز اقتراع", PARA,
                                      "الصورة، كما رسمها التقرير، قاتمة في المحافظات الجنوبية كلها."))
    assert _rules(lines) == {1: None, 2: "caption", 3: "caption", 4: None, 5: None}
    assert [v for line in lines for k, v in line.meta if k == "caption"] == [
        "Getty Images", "ناخبون ينتظرون دورهم أمام مركز اقتراع"]


def test_quote_after_caption_without_teaser_headline_is_kept() -> None:
    text = "\n\n".join(["عنوان", PARA, "جنود في القاعدة (صورة أرشيفية)", "“نحن هنا لنبقى.”", PARA])
    lines = c.extract_captions(c.split_lines(tidy(text)))
    assert [line.rule for line in lines if line.text] == [None, None, "caption", None, None]


def test_captions_leave_headline_tags_and_words_alone() -> None:
    text = "\n\n".join(["انفجار ضخم يهز العاصمة بيروت (صور)", PARA, "الحكومة توضح الصورة", PARA,
                        "مسؤول يتحدث للصحفيين (صورة)", PARA, "وتبدأ المحادثات في الشهر المقبل (نيسان/أبريل)",
                        "وارتفع الإنفاق خلال العامين (2021/2022)", PARA + " (AP)."])
    lines = c.extract_captions(c.split_lines(tidy(text)))
    assert [line.rule for line in lines if line.text] == [None] * 9


def test_drop_ui_strings() -> None:
    lines = c.drop_ui_strings(_lines("عنوان عربي", "nocomment", "* * *", "https://example.com/x",
                                     "نص عربي", "He said: we will stay.", "نص عربي آخر", "وسطر عربي ثالث"))
    assert _rules(lines) == {1: None, 2: "latin-ui", 3: "no-words", 4: "url", 5: None, 6: None, 7: None,
                             8: None}
    english = c.drop_ui_strings(_lines("An English headline", "Read this", "Body text here."))
    assert _rules(english) == {1: None, 2: None, 3: None}


def test_extract_source_variants() -> None:
    lines = c.extract_source(_lines("عنوان", PARA, "المصدر | متابعاتالمصدر: الخليج الجديد"))
    assert lines[2].rule == "source" and ("source", (0, "الخليج الجديد")) in lines[2].meta
    lines = c.extract_source(_lines("عنوان", PARA, "المصدر:وكالات"))
    assert ("source", (0, "وكالات")) in lines[2].meta
    lines = c.extract_source(_lines("عنوان", PARA, "(وكالات)"))
    assert lines[2].rule == "source" and ("source", (1, "وكالات")) in lines[2].meta


def test_strip_trailing_source() -> None:
    lines = c.strip_trailing_source(_lines("عنوان", PARA[:-1] + "”.(وكالات)"))
    assert lines[1].text == PARA[:-1] + "”." and lines[1].cuts == (("(وكالات)", "source"),)
    lines = c.strip_trailing_source(c.drop_chrome(_lines("عنوان", PARA + " (رويترز)", "Email")))
    assert lines[1].text == PARA
    lines = c.strip_trailing_source(_lines("عنوان", "قال قال قال قال .(وكالات)"))
    assert lines[1].text == "قال قال قال قال."


def test_paren_in_body_is_not_a_source() -> None:
    lines = c.strip_trailing_source(_lines("عنوان", "مقتل سليماني. (مشاكل).", PARA))
    assert lines[1].text == "مقتل سليماني. (مشاكل)." and not lines[1].cuts
    lines = c.strip_trailing_source(_lines("عنوان", PARA[:-1] + " داعش (الإرهابي)"))
    assert not lines[1].cuts


def test_extract_keywords() -> None:
    lines = c.extract_keywords(_lines("عنوان", PARA, "كلمات دلالية: العراق، إيران، القوات الأمريكية"))
    assert ("keywords", ("العراق", "إيران", "القوات الأمريكية")) in lines[2].meta
    lines = c.extract_keywords(_lines("عنوان", PARA, "كلمات دلالية: العراق إيران فی العراق"))
    assert ("keywords", ("العراق", "إيران")) in lines[2].meta
    lines = c.extract_keywords(_lines("عنوان", PARA, "الوسوم", "العراق", "إيران"))
    assert [line.rule for line in lines] == [None, None, "keywords", "keywords", "keywords"]
    assert lines[2].meta == (("keywords", ("العراق", "إيران")),)


def test_find_title_drops_section_label_and_repeat() -> None:
    lines = c.drop_repeats(c.find_title(_lines("أخبار العالم", "بيان مرتقب من أمريكا بشأن سحب القوات",
                                                 "بيان مرتقب من أمريكا بشأن سحب القوات.", PARA)))
    assert [(line.rule, line.role) for line in lines] == [("section", None), (None, "title"),
                                                          ("repeat-title", None), (None, None)]


def test_title_is_kept_when_only_short() -> None:
    lines = c.find_title(_lines("انفجار في بيروت", PARA))
    assert lines[0].role == "title"


LONG = ("في السنوات الماضية تعرضت المقار الدبلوماسية والقواعد والمنشآت في البلاد لهجمات المجموعات المسلحة "
        "فيما رد الجيش باستهداف قيادات بارزة في الميليشيات")


def test_drop_repeats_keeps_the_paragraph_not_the_caption_above() -> None:
    lines = c.drop_repeats(_lines("عنوان الخبر هنا", LONG, "نص آخر طويل بما يكفي ليكون فقرة.", LONG + "."))
    assert [line.rule for line in lines] == [None, "repeat", None, None]
    lines = c.drop_repeats(_lines("عنوان الخبر هنا", PARA, "فقرة أخرى مختلفة تماما هنا.", PARA))
    assert [line.rule for line in lines] == [None, None, None, "repeat"]
    lines = c.drop_repeats(_lines("عنوان الخبر هنا", "عنوان الخبر هنا.", PARA))
    assert [line.rule for line in lines] == [None, "repeat-title", None]


def test_find_subtitle_and_lone_dateline() -> None:
    lines = c.find_subtitle(c.find_title(_lines("عين اميركا لا تزال على العراق",
                                                "واشنطن تجدد التزامها بالحوار الأمني مع بغداد", "بغداد", PARA)))
    assert [(line.rule, line.role) for line in lines] == [(None, "title"), (None, "subtitle"),
                                                          ("dateline", None), (None, None)]
    assert lines[2].meta == (("dateline", "بغداد"),)
    # Under the dateline the article starts: no subtitle there.
    lines = c.find_subtitle(c.find_title(_lines("عين اميركا لا تزال على العراق", "بغداد",
                                                "واشنطن تجدد التزامها بالحوار الأمني مع بغداد", PARA)))
    assert [(line.rule, line.role) for line in lines] == [(None, "title"), ("dateline", None),
                                                          (None, None), (None, None)]


@pytest.mark.parametrize("credit", ["بغداد - واع", "السومرية نيوز/ بغداد", "بغداد (رويترز)", "الحرة / وكالات - دبي"])
def test_lone_credit_line_under_the_title_is_the_dateline(credit: str) -> None:
    lines = c.find_subtitle(c.find_title(_lines("العراق وتركيا يتفقان على تشكيل لجنة دائمة للمياه", credit, PARA)))
    assert [(line.rule, line.role) for line in lines] == [(None, "title"), ("dateline", None), (None, None)]
    assert lines[1].meta == (("dateline", credit),)


def test_short_label_under_the_title_is_dropped_not_a_heading() -> None:
    # (A lone short line there is first taken for the dateline; what follows it is a label.)
    lines = c.find_subtitle(c.find_title(_lines("هل تنجح الحكومة في كبح سعر صرف الدولار؟", "بغداد", "أحمد الربيعي",
                                                PARA)))
    assert [line.rule for line in lines] == [None, "dateline", "label", None]
    # Between paragraphs the same short line is a subheading.
    second = "وأشار المصدر إلى أن القوات الأمنية طوقت مكان الحادث وفتحت تحقيقا لمعرفة الجهة المسؤولة."
    article = clean("\n".join(["هل تنجح الحكومة في كبح سعر صرف الدولار؟", PARA, "المنصة الإلكترونية", second]))
    assert [b.kind for b in article.body] == ["p", "h", "p"]


def test_section_tag_under_the_title_is_not_a_dateline() -> None:
    lines = c.find_subtitle(c.find_title(_lines("عنوان الخبر عن الحوار بين البلدين", "أخبار العالم", PARA)))
    assert [line.rule for line in lines] == [None, "section", None]
    assert not lines[1].meta


def test_caption_marker_above_a_long_paragraph_keeps_the_paragraph() -> None:
    long_para = " ".join([PARA] * 6)
    lines = c.extract_captions(_lines("عنوان", "Photo caption", long_para))
    assert [line.rule for line in lines] == [None, "caption-marker", None]


def test_eastern_digits_kept_in_body() -> None:
    article = clean("عنوان الخبر\n\nقال المسؤولون إن ٢٥٠٠ جندي ما زالوا في البلاد منذ عام ٢٠٢١.\n")
    assert "٢٥٠٠" in article.body[0].text and "٢٠٢١" in article.body[0].text


def test_split_dateline() -> None:
    lines = c.split_dateline(c.find_title(_lines("عنوان الخبر", "بغداد – " + PARA)))
    assert lines[1].text == PARA and lines[1].meta == (("dateline", "بغداد"),)
    lines = c.split_dateline(c.find_title(_lines("عنوان الخبر", "واشنطن (رويترز) - " + PARA)))
    assert lines[1].meta == (("dateline", "واشنطن"), ("source", (2, "رويترز")))
    unchanged = c.find_title(_lines("عنوان الخبر", "حتى الآن، عقدت جلستان – في يونيو وأغسطس. " + PARA))
    assert c.split_dateline(unchanged) == unchanged
    # A country after the place, then the agency and a double dash.
    lines = c.split_dateline(c.find_title(_lines("عنوان الخبر", "دبي، الإمارات العربية المتحدة (CNN)-- " + PARA)))
    assert lines[1].text == PARA
    assert lines[1].meta == (("dateline", "دبي، الإمارات العربية المتحدة"), ("source", (2, "CNN")))
    # Without an agency a comma ends the place: this is a sentence.
    unchanged = c.find_title(_lines("عنوان الخبر", "واشنطن، بغداد - " + PARA))
    assert c.split_dateline(unchanged) == unchanged


def test_mark_headings() -> None:
    lines = c.mark_headings(c.find_title(_lines("عنوان", PARA, "لا موعد للانسحاب", PARA,
                                                "ماذا بعد الانسحاب؟", PARA, "سطر قصير أخير")))
    assert [line.role for line in lines] == ["title", None, "h", None, "h", None, None]


def test_clock_lines_are_dropped_and_updates_kept() -> None:
    lines = c.extract_dates(_lines("تغطية مباشرة لزيارة الأربعين", PARA, "04:15 مساءً", PARA, "10:45 صباحاً", PARA,
                                   "00:00 / 12:34", "في الساعة 10:45 صباحاً وصل الوفد إلى كربلاء."))
    assert _rules(lines) == {1: None, 2: None, 3: "time", 4: None, 5: "time", 6: None, 7: "time", 8: None}


def test_press_release_signature_and_tag_links_at_the_tail() -> None:
    lines = c.extract_keywords(c.extract_source(_lines("عنوان", PARA, "المكتب الإعلامي لرئيس مجلس الوزراء")))
    assert lines[2].rule == "source" and lines[2].meta == (("source", (1, "المكتب الإعلامي لرئيس مجلس الوزراء")),)
    lines = c.drop_tag_links(c.extract_source(_lines("عنوان", PARA, "المصدر: العربية.نت", "العراق", "تركيا",
                                                     "طريق التنمية")))
    assert _rules(lines) == {1: None, 2: None, 3: "source", 4: "keywords", 5: "keywords", 6: "keywords"}
    assert lines[3].meta == (("keywords", ("العراق", "تركيا", "طريق التنمية")),)
    # A sentence under the source line is no tag list: nothing goes.
    kept = c.extract_source(_lines("عنوان", PARA, "المصدر: وكالات", "العراق", "وقال مسؤول إن المحادثات ستستأنف."))
    assert c.drop_tag_links(kept) == kept


def test_episode_label_under_the_title_is_dropped() -> None:
    lines = c.find_subtitle(c.find_title(_lines("«القصف التركي يفرغ قرى دهوك»", "من الميدان - الحلقة 37", PARA)))
    assert [(line.rule, line.role) for line in lines] == [(None, "title"), ("label", None), (None, None)]


def test_section_label_above_a_question_headline() -> None:
    lines = c.find_title(c.drop_chrome(_lines("أعمدة", "حسن الموسوي",
                                              "هل يكفي قانون الانتخابات الجديد لإقناع المقاطعين؟", PARA)))
    assert [(line.rule, line.role) for line in lines] == [("section", None), ("section", None), (None, "title"),
                                                          (None, None)]


def test_list_items_are_not_headings() -> None:
    lines = c.mark_headings(c.find_title(_lines(
        "عنوان", PARA, "1- تعيين الخريجين على الملاك الدائم", "2- محاسبة المقصرين في ملف المشاريع", PARA,
        "الديمقراطي الكردستاني: 39 مقعداً", "مقاعد الكوتا: 5 مقاعد", PARA, "ماذا بعد الانتخابات", PARA)))
    assert [line.role for line in lines] == ["title", None, None, None, None, None, None, None, "h", None]


def test_a_short_label_ending_in_a_colon_is_a_heading_a_clause_is_not() -> None:
    lines = c.mark_headings(c.find_title(_lines("عنوان", PARA, "توصيات وزارة الصحة:", PARA, "وقال الوزير:", PARA,
                                                "وجاءت النتائج على النحو الآتي:", PARA)))
    assert [line.role for line in lines] == ["title", None, "h", None, None, None, None, None]


def test_score_lines_are_a_list_not_a_heading() -> None:
    lines = c.mark_headings(c.find_title(_lines("عنوان", PARA, "الزوراء 2 | 1 الشرطة", "أربيل 0 | 2 زاخو", PARA)))
    assert [line.role for line in lines] == ["title", None, None, None, None]


def test_interview_questions_are_not_headings() -> None:
    lines = c.mark_headings(c.find_title(_lines(
        "عنوان", PARA, "كوردستان24: ما الذي يميز هذا التعداد؟", "سيروان محمد: " + PARA,
        "كوردستان24: وماذا عن كركوك؟", "سيروان محمد: " + PARA, "العراق: ماذا بعد؟", PARA)))
    assert [line.role for line in lines] == ["title", None, None, None, None, None, "h", None]


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,want", [
    ("9 يناير 2025", dt.date(2025, 1, 9)),
    ("10 كانون الثاني 2024", dt.date(2024, 1, 10)),
    ("١٠ كانون الثاني ٢٠٢٤", dt.date(2024, 1, 10)),
    ("الأربعاء ١٠ يناير ٢٠٢٤", dt.date(2024, 1, 10)),
    ("4 يناير/كانون الثاني 2024", dt.date(2024, 1, 4)),
    ("10 تشرين الأول 2023", dt.date(2023, 10, 10)),
    ("10 أيلول 2023", dt.date(2023, 9, 10)),
    ("12 جويلية 2022", dt.date(2022, 7, 12)),
    ("10th, January 2024 GMT", dt.date(2024, 1, 10)),
    ("posted onAugust 10, 2023", dt.date(2023, 8, 10)),
    ("2024-01-10", dt.date(2024, 1, 10)),
    ("10/01/2024", dt.date(2024, 1, 10)),
    ("28 جمادى الآخرة 1445 هـ - 10 يناير 2024 م", dt.date(2024, 1, 10)),  # Gregorian wins
    ("1 رمضان 1445 هـ", dt.date(2024, 3, 11)),  # Hijri only: tabular calendar
    ("31 فبراير 2024", None),
    ("منذ ساعتين", None),
    ("في عام 2020", None),
])
def test_find_date(text: str, want: dt.date | None) -> None:
    assert c.find_date(text) == want


@pytest.mark.parametrize("line,rank,keeps", [
    ("تاريخ النشر: 10th, January 2024 GMT", 0, None),
    ("posted onAugust 10, 2023", 0, None),
    ("نشر في: الأربعاء ١٠ يناير ٢٠٢٤ - 12:30 م", 0, None),
    ("آخر تحديث: 9 يناير 2025 - 1:41 م", 2, None),
    ("الأربعاء 10 كانون الثاني 2024", 1, None),
    ("آخر تحديث: 9 يناير 2025 - 1:41 م " + PARA, 2, PARA),
    ("نشر في: الأربعاء 28 جمادى الآخرة 1445 هـ - 10 يناير 2024 م", 0, None),
    ("نُشر: 10:24-12 مايو 2024 م ـ 04 ذو القعدة 1445 هـ", 0, None),  # a clock before the date, tatweel
    ("نُشر يوم الأربعاء، 17 يناير / كانون الثاني 2024؛ 08:45 (GMT +0400)", 0, None),
    ("آخر تحديث يوم الأربعاء، 17 يناير / كانون الثاني 2024؛ 11:20 (GMT +0400)", 2, None),
    ("نشر في: 22 أبريل ,2024: 07:15 م GST آخر تحديث: 22 أبريل ,2024: 09:00 م GST", 0, None),
    ("15-تشرين الأول-2024", 1, None),
    ("العدد (7421) - الأحد 16 حزيران 2024", 1, None),  # a paper's issue and its date
])
def test_extract_dates(line: str, rank: int, keeps: str | None) -> None:
    lines = c.extract_dates(_lines("عنوان", line, PARA))
    got = lines[1]
    dates = [v for k, v in got.meta if k == "date"]
    assert dates and dates[0][0] == rank
    if keeps is None:
        assert got.rule == "date"
    else:
        assert got.rule is None and got.text == keeps


def test_date_line_under_a_question_headline_is_metadata() -> None:
    """A headline ending in a question mark is no paragraph: the date line under it is still above the article."""
    lines = c.extract_dates(_lines("قانون الحشد يعود إلى البرلمان.. ماذا يتضمن ولماذا تعترض واشنطن؟",
                                   "2025/03/04 | 13:20", PARA))
    assert lines[1].rule == "date" and lines[1].meta == (("date", (1, "2025/03/04 | 13:20")),)


def test_dates_in_body_are_not_publication_dates() -> None:
    body = "وفي 26 يوليو/تموز 2021، توصلت بغداد وواشنطن إلى اتفاق يقضي بانسحاب القوات."
    article = clean("عنوان الخبر\n\n" + body + "\n\nانتخابات 10 أكتوبر 2021\n\n" + PARA)
    assert article.published is None
    assert [b.kind for b in article.body] == ["p", "h", "p"]


@pytest.mark.parametrize(("line", "byline"), [
    ("كتب: علي حسين", True), ("بقلم علي حسين", True), ("بقلم: د. أحمد الموسوي", True), ("By Ali Hussein", True),
    ("(إعداد محمد علي للنشرة العربية - تحرير سها جادو)", True), ("(Reporting by Ahmed Rasheed; Editing by Alex)", True),
    ("كتب الرئيس رسالة إلى البرلمان.", False), ("كتب: علي حسين، وقال إن الوضع صعب جدا.", False),
    ("تقرير: واشنطن تدرس سحب قواتها من العراق", False), ("كتب: " + PARA, False)])
def test_bylines(line: str, byline: bool) -> None:
    assert c._is_byline(line) is byline
    assert (c.drop_chrome(_lines(line))[0].rule == "byline") is byline


@pytest.mark.parametrize("line", ["Home » Iraq » البرلمان يرجئ التصويت على قانون الموازنة",
                                  "الرئيسية › أخبار › البرلمان يرجئ التصويت على قانون الموازنة العامة", "سياسة » العراق"])
def test_breadcrumbs_are_section_labels(line: str) -> None:
    assert c._is_section_label(line, None)


def test_a_headline_with_a_chevron_is_not_a_breadcrumb() -> None:
    assert not c._is_section_label("البرلمان يناقش قانون الموازنة » والكتل السياسية تختلف حول حصة الإقليم", None)


@pytest.mark.parametrize("line", ["منذ 3 ساعات", "منذ ساعتين", "قبل يومين", "منذ ٥ دقائق", "نشر منذ 4 أيام",
                                  "منذ ساعة واحدة", "5 hours ago", "an hour ago", "Posted 2 days ago"])
def test_relative_time_lines_are_dropped(line: str) -> None:
    lines = c.extract_dates(_lines("عنوان", line, PARA))
    assert lines[1].rule == "relative-date" and lines[1].meta == ()


@pytest.mark.parametrize("line", ["منذ 3 سنوات والعراق يعاني من أزمة الكهرباء", "قبل الانتخابات", "منذ 2003",
                                  "3 ساعات", "منذ"])
def test_lines_that_only_start_like_a_relative_time_are_kept(line: str) -> None:
    assert c.extract_dates(_lines("عنوان", line, PARA))[1].rule is None


def test_relative_time_under_the_title_leaves_the_lone_dateline_found() -> None:
    second = "وأشار المصدر إلى أن القوات الأمنية طوقت مكان الحادث وفتحت تحقيقا لمعرفة الجهة المسؤولة."
    article = clean("\n".join(["مقتل وإصابة ستة أشخاص بانفجار عبوة ناسفة في كركوك", "منذ 3 ساعات", "أربيل", PARA,
                               second]))
    assert article.dateline == "أربيل" and article.published is None
    assert [b.text for b in article.body] == [PARA, second]


def test_date_label_with_body_sentence_is_not_metadata() -> None:
    article = clean("عنوان الخبر\n\nبتاريخ 10 يناير 2024، قال المسؤولون إن المحادثات انتهت دون اتفاق.\n")
    assert article.published is None and article.body[0].text.startswith("بتاريخ 10 يناير")


def test_parse_date_is_cached() -> None:
    c.parse_date("9 يناير 2025")
    before = c.parse_date.cache_info().hits
    c.parse_date("9 يناير 2025")
    assert c.parse_date.cache_info().hits == before + 1


def test_hijri_tabular_conversion() -> None:
    assert c._hijri_to_gregorian(1445, 9, 1) == dt.date(2024, 3, 11)
    assert c._hijri_to_gregorian(1445, 13, 1) is None


def _dates_written() -> list[tuple[str, str]]:
    """(date as articles write it, as dateparser is given it): every Gregorian month name and alias,
    numeric forms, edge days and years."""
    names = [*c.bp.GREGORIAN_MONTHS, *c.bp.MONTH_ALIASES, "January", "SEPT"]
    days, years = (0, 1, 9, 12, 13, 28, 29, 30, 31, 32), (1899, 1900, 2020, 2024, 2100, 2101)
    written = [(f"{d} {name} {y}", f"{d} {c.bp.MONTH_ALIASES.get(name, name)} {y}")
               for name in names for d in days for y in years]
    written += [(f"{name} {d}, {y}",) * 2 for name in ("may", "December") for d in days for y in years]
    for d in days:
        for m in (0, 1, 2, 4, 12, 13):
            for y in (1899, 2023, 2024):
                written += [(text, text) for text in (f"{y}-{m:02d}-{d:02d}", f"{y}/{m}/{d}", f"{d}/{m}/{y}",
                                                      f"{d:02d}.{m:02d}.{y}", f"{m}-{d}-{y}")]
    return written


def test_dates_read_directly_match_dateparser() -> None:
    """The direct reading of dates that exist as written agrees with dateparser on every form."""
    written = _dates_written()
    assert len(written) > 2000
    differ = []
    for text, parsed in written:
        found = c.find_date(f"نشر في {text} بتوقيت بغداد")
        expected = c.parse_date(parsed)
        if found != expected:
            differ.append((text, found, expected))
    assert not differ, differ[:10]


_LEAD = ("\n\nبغداد - قال وزير النفط اليوم الأحد إن الصادرات ارتفعت إلى أربعة ملايين برميل يوميا خلال الشهر "
         "الماضي، مؤكدا أن الوزارة تعمل على زيادة الطاقة التصديرية للموانئ الجنوبية.\n\n"
         "وأضاف الوزير أن العمل جار على تطوير الحقول في محافظة البصرة بالتعاون مع شركات أجنبية.")
_HEADLINE = "وزير النفط يعلن زيادة الصادرات إلى أربعة ملايين برميل"


@pytest.mark.parametrize("head, title, source", [
    (f"{_HEADLINE} - example.com", _HEADLINE, "example.com"),
    (f"شفق نيوز - {_HEADLINE}", _HEADLINE, "شفق نيوز"),
    (f"{_HEADLINE} | بوابة الأخبار", _HEADLINE, "بوابة الأخبار"),
    ("العراق - إيران: اتفاق على زيادة الصادرات النفطية", "العراق - إيران: اتفاق على زيادة الصادرات النفطية", None),
])
def test_site_name_beside_the_headline_is_cut_off(head: str, title: str, source: str | None) -> None:
    article = clean(head + _LEAD)
    assert article.title == title
    assert article.source == source


@pytest.mark.parametrize("header, published", [
    (f"date 2024-01 2024/01/10 | 14:30 - المصدر: السومرية نيوز\n\n{_HEADLINE}", dt.date(2024, 1, 10)),
    (f"{_HEADLINE}\n\nالأحد، 14 يناير 2024، آخر تحديث 16:20 (GMT+4)", dt.date(2024, 1, 14)),
    (f"{_HEADLINE}\n\nالأحد، 14 يناير 2024، آخر تحديث 16:20 (GMT+4)\n\nنشر في 13 يناير 2024", dt.date(2024, 1, 13)),
    (f"{_HEADLINE}\n\nالرياض 14 يناير 2024 - افتتح الأمير المعرض", None),
])
def test_header_date_lines_with_labels_zone_and_source(header: str, published: dt.date | None) -> None:
    """A header's date line is found whatever stands beside the date, an update ranks below a publication, and
    a short lead that opens with a place and a date stays the article's."""
    article = clean(header + _LEAD)
    assert article.title == _HEADLINE and article.published == published
    texts = [article.title, article.subtitle or "", *(b.text for b in article.body)]
    assert not any("2024" in text for text in texts) or published is None
    if published is None:
        assert "الرياض 14 يناير 2024 - افتتح الأمير المعرض" in texts


_TICKER = "\n".join(["أرامكو السعودية32.50 +0.62%", "سابك87.10 -1.2%", "مصرف الراجحي95.40 0.00%",
                     "الاتصالات السعودية41.05 +0.3%", "معادن 51.20 1.1%"]) + "\n\n"
_PARAGRAPHS = [p for p in _LEAD.strip().split("\n\n")]


@pytest.mark.parametrize("raw, figures_kept", [
    (_TICKER + _HEADLINE + _LEAD, False),
    (_HEADLINE + "\n\n" + _PARAGRAPHS[0] + "\n\n" + _TICKER + _PARAGRAPHS[1], False),
    (_HEADLINE + "\n\n" + _PARAGRAPHS[0] + "\n\nبغداد 44.5%\nالبصرة 41.2%\nنينوى 53.1%\n\n" + _PARAGRAPHS[1], True),
])
def test_market_ticker_goes_and_the_article_around_it_stays(raw: str, figures_kept: bool) -> None:
    article = clean(raw)
    texts = [b.text for b in article.body]
    assert article.title == _HEADLINE and texts[0].endswith(_PARAGRAPHS[0].split(" - ", 1)[1]) and texts[-1] == _PARAGRAPHS[1]
    assert not any("%" in text and "32.50" in text for text in texts)
    assert ("البصرة 41.2%" in texts) == figures_kept


@pytest.mark.parametrize("box", [
    "محمد علي\nمحمد علي كاتب وصحفي عراقي متخصص في شؤون الطاقة، عمل في عدد من الصحف العربية.\n\n",
    "بقلم: محمد علي\n\nباحث في مركز الدراسات الاستراتيجية والمستقبلية\n\n",
])
def test_author_box_above_the_article_goes(box: str) -> None:
    article = clean(_HEADLINE + "\n\n" + box + _LEAD.strip())
    assert [b.text for b in article.body][1:] == [_PARAGRAPHS[1]]
    assert not any("محمد علي" in b.text or "باحث" in b.text for b in article.body)


@pytest.mark.parametrize("policy", [
    "جميع التعليقات المنشورة تعبر عن رأي كتّابها ولا تعبر بالضرورة عن رأي الموقع، ونحتفظ بحق حذف أي تعليق مسيء.",
    "المقالات المنشورة تعبر عن آراء كتابها فقط، والموقع غير مسؤول عن محتواها.",
    "إخلاء المسؤولية: المعلومات الواردة في هذا المقال لأغراض إعلامية فقط ولا تشكل نصيحة استثمارية.",
])
def test_disclaimer_under_the_article_goes_and_a_sentence_on_comments_inside_stays(policy: str) -> None:
    inside = "وقالت إدارة الموقع في بيان إن التعليقات المسيئة ستحذف، مؤكدة أن المنصة تحترم حرية الرأي."
    article = clean(_HEADLINE + "\n\n" + _PARAGRAPHS[0] + "\n\n" + inside + "\n\n" + _PARAGRAPHS[1] + "\n\n"
                    + policy + "\n\nجميع الحقوق محفوظة © 2024")
    texts = [b.text for b in article.body]
    assert inside in texts and texts[-1] == _PARAGRAPHS[1]
    assert ("line", "legal") in {("line", d.rule) for d in article.dropped if d.text == policy}


@pytest.mark.parametrize("line, doubled", [("أخبار العراقأخبار العراق", True), ("أخبار العراق أخبار العراق", True),
                                           ("يوم و يوم", False), ("2024-2024", False), (_HEADLINE, False)])
def test_a_line_glued_to_its_own_copy_is_chrome(line: str, doubled: bool) -> None:
    assert c._is_doubled(line) == doubled
    article = clean(_HEADLINE + _LEAD + "\n\n" + line)
    if doubled:
        assert line not in [b.text for b in article.body] and len(article.body) == 2


@pytest.mark.parametrize("first", [
    "دخلت الحرب الإسرائيلية على قطاع غزة اليوم الأحد يومها المئة وسط تصعيد كبير في الغارات على خان يونس",
    "أعلنت وزارة الصحة العراقية تسجيل 20 إصابة جديدة بالكوليرا في محافظة السليمانية",
])
def test_an_unfinished_first_sentence_the_next_paragraph_goes_on_from_is_no_headline(first: str) -> None:
    article = clean(first + "\n\nوقال المتحدث باسم الوزارة إن الفرق تعمل على احتواء الوضع في المناطق المتضررة، داعيا"
                    " المواطنين إلى الحذر.\n\nوأضاف أن الوزارة أرسلت شحنة من المساعدات.")
    assert article.title == "" and article.body[0].text == first


@pytest.mark.parametrize("opening, published", [
    ("الأحد 5 مايو 2024 - ", dt.date(2024, 5, 5)), ("5 مايو 2024 | ", dt.date(2024, 5, 5)),
    ("٢٠٢٤/٠٥/٠٥ - ", dt.date(2024, 5, 5)), ("في 5 مايو 2024 ", None),
])
def test_a_date_set_off_before_the_first_paragraph_is_its_date(opening: str, published: dt.date | None) -> None:
    text = _PARAGRAPHS[0].split(" - ", 1)[1]
    article = clean(_HEADLINE + "\n\n" + opening + text + "\n\n" + _PARAGRAPHS[1])
    assert article.published == published
    assert article.body[0].text == (text if published else opening + text)


def test_a_list_the_article_introduces_with_a_colon_stays_with_its_day_headings() -> None:
    rows = ["الهلال × النصر - الساعة 8:00 مساء", "الاتحاد × الأهلي - الساعة 6:00 مساء", "الجمعة 10 نوفمبر 2023",
            "الفيحاء × الخليج - الساعة 4:00 مساء"]
    article = clean("مواعيد مباريات الجولة العاشرة من دوري روشن\n\n" + _PARAGRAPHS[0] + "\n\nمباريات اليوم:\n"
                    + "\n".join(rows) + "\n\nالأكثر قراءة\nارتفاع أسعار الذهب في الأسواق المحلية")
    texts = [b.text for b in article.body]
    assert texts[-len(rows):] == rows and "مباريات اليوم:" in texts
    assert article.published is None and not any("الذهب" in text for text in texts)


def test_a_short_headline_may_close_with_an_ellipsis_a_long_teaser_may_not() -> None:
    headline = "الضفة في خطر ودبابات الاحتلال تخترق شوارع المدن.."
    assert clean("المزيد\n\n" + headline + "\n\n" + "\n\n".join(_PARAGRAPHS)).title == headline
    teaser = ("أصدرت وزارة التربية والتعليم تعميما جديدا يقضي بتعديل آلية العمل في المدارس ورياض الأطفال الحكومية"
              " خلال الفترة من 8 إلى 12...")
    assert not c._headline_like(teaser) and c._headline_like(headline)


def test_a_line_above_the_section_label_is_not_the_headline() -> None:
    # A notice or another story's headline over the section's name; the headline stands under the name.
    head = "انطلاق معرض بغداد للكتاب"
    for above in ("للدخول على النسخة الرقمية يرجى استخدام متصفح حديث", "4 آب \"الحقيقة الضائعة\""):
        article = clean(f"{above}\n\nمحليات\n\n{head}\n\n" + "\n\n".join(_PARAGRAPHS))
        assert article.title == head and above not in [b.text for b in article.body]


def test_the_core_opens_with_a_headline_the_page_prints_again() -> None:
    head = "ماذا في أسرار الصحف؟"
    article = clean(f"4 آب \"الحقيقة الضائعة\"\n\n{head}\n\n2025-08-06 | 00:14\n\n{head}\n\n{head}\n\n"
                    "هذا ما جاء في أسرار الصحف صباح اليوم\n\nالنهار\n\n" + "\n\n".join(_PARAGRAPHS))
    assert article.title == head


@pytest.mark.parametrize("line", ["تقدير موقف /", "رجائي عبد الله الشطلي |", "سياسة »"])
def test_a_short_part_of_a_trail_is_a_section_label(line: str) -> None:
    assert c._is_section_label(line, None)
    assert not c._is_section_label("تفكيك النظام السياسي الفلسطيني", None)


def test_a_byline_may_name_its_author_behind_ranks_and_titles() -> None:
    assert c._is_byline("بقلم العقيد الركن المتقاعد الدكتور ضامن عقله الابراهيم")
    assert not c._is_byline("بقلم الكاتب الذي رحل عن عالمنا في العام الماضي بعد صراع طويل مع المرض")


def test_a_caption_may_give_its_credit_after_a_dash() -> None:
    caption = "تقدر مفوضية اللاجئين أن أكثر من 450 ألف سوداني فروا إلى مصر منذ اندلاع الحرب - جيتي"
    article = clean(_HEADLINE + "\n\n" + caption + "\n\n" + "\n\n".join(_PARAGRAPHS))
    assert caption not in [b.text for b in article.body] and caption in article.captions
    closing = "وقال مسؤول عسكري إن القوات انسحبت من المدينة بعد معارك استمرت أسبوعين - رويترز."
    assert closing in [b.text for b in clean(_HEADLINE + "\n\n" + "\n\n".join(_PARAGRAPHS) + "\n\n" + closing).body]


def test_a_bar_of_counters_gives_the_date_it_opens_with() -> None:
    article = clean("2023/03/18 | 0 | 9509\n\n" + _HEADLINE + "\n\n" + "\n\n".join(_PARAGRAPHS))
    assert article.published == dt.date(2023, 3, 18) and article.title == _HEADLINE


def test_an_agency_dateline_with_both_calendars_dates_the_article_and_stays() -> None:
    first = ("الرباط 29 شعبان 1444 هـ الموافق 21 مارس 2023 م واس قرر البنك المركزي المغربي اليوم رفع سعر الفائدة"
             " الرئيسي إلى ثلاثة في المئة.")
    article = clean(first + "\n\n" + _PARAGRAPHS[1])
    assert article.published == dt.date(2023, 3, 21) and article.body[0].text == first
    inside = "وقال الوزير في 29 شعبان 1444 هـ الموافق 21 مارس 2023 م إن البنك سيرفع سعر الفائدة الرئيسي."
    assert clean(inside + "\n\n" + _PARAGRAPHS[1]).published is None


@pytest.mark.parametrize("footer", [
    "The post لباس الخوف والجوع appeared first on صحيفة الراكوبة.",
    "ظهرت المقالة لباس الخوف والجوع أولاً على صحيفة الراكوبة.",
])
def test_a_feed_footer_is_dropped(footer: str) -> None:
    article = clean(_HEADLINE + "\n\n" + "\n\n".join(_PARAGRAPHS) + "\n\n" + footer)
    assert footer not in [b.text for b in article.body] and len(article.body) == len(_PARAGRAPHS)


def test_an_authors_bio_under_a_date_line_with_the_name() -> None:
    bio = "كاتب صحفي ومدير النشر لجريدة حقيقة نيوز"
    article = clean(f"{_HEADLINE}\n\nعبدالحق خرباش 08.01.2023\n\n{bio}\n\n" + "\n\n".join(_PARAGRAPHS))
    assert bio not in [b.text for b in article.body] and article.subtitle is None
    assert article.published == dt.date(2023, 1, 8) and article.title == _HEADLINE


def test_a_lone_credit_closed_by_dots_is_the_dateline() -> None:
    article = clean(f"{_HEADLINE}\n\nالمعلومة/بغداد..\n\n" + "\n\n".join(_PARAGRAPHS))
    assert article.dateline == "المعلومة/بغداد.." and len(article.body) == len(_PARAGRAPHS)


@pytest.mark.parametrize("name", ["صحيفة الأمم اليومية الشاملة", "جريدة الصباح الإلكترونية", "قناة عشتار الفضائية"])
def test_a_newspapers_name_for_itself_is_no_headline(name: str) -> None:
    article = clean(f"عمّان\n\nالإثنين, 25 نوفمبر 2024, 17:43\n\n{name}\n\n{_HEADLINE}\n\n" + "\n\n".join(_PARAGRAPHS))
    assert article.title == _HEADLINE and c._is_site_line(name)
    assert not c._is_site_line("صحيفة أمريكية تكشف التفاصيل")


def test_a_line_printed_again_broken_at_a_link_is_a_repeat() -> None:
    lines = c.drop_repeats(_lines("السومرية نيوز-سياسة", PARA, "السومرية", "نيوز-سياسة", _PARAGRAPHS[1]))
    assert [line.rule for line in lines] == [None, None, "repeat", "repeat", None]
    kept = c.drop_repeats(_lines("السومرية نيوز-سياسة", "السومرية", PARA))
    assert [line.rule for line in kept] == [None, None, None]


def test_a_stretched_headline_is_no_credit() -> None:
    head = "القــــــدس بيــن الأصالــة والتهويــد والتطبيــع"
    assert c._CREDIT_PAIR_RE.match(head) is None and c._CREDIT_PAIR_RE.match("بغداد ـ علي حسين") is not None
    article = clean(f"{head}\n\nتابعنا على: 21:44 2020-05-30\n\nعارف عرفات\n\n" + "\n\n".join(_PARAGRAPHS))
    assert article.title == head and article.published == dt.date(2020, 5, 30)  # the date in a bar dropped as chrome


def test_a_dateline_with_both_calendars_is_read_by_its_gregorian_date() -> None:
    article = clean("جنيف 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس\n\n" + "\n\n".join(_PARAGRAPHS)
                    + "\n\n// انتهى //\n\n20:25 ت م")
    assert article.published == dt.date(2015, 8, 10) and len(article.body) == len(_PARAGRAPHS)


def test_a_paywall_notice_is_dropped() -> None:
    notice = "هذا المقال مؤرشف, يتوجب عليك الإشتراك بخطة الممتاز+ لتتمكن من الإطلاع على المقالات المؤرشفة"
    article = clean(_HEADLINE + "\n\n" + "\n\n".join(_PARAGRAPHS) + "\n\nمقال مؤرشف\n\n" + notice)
    assert [b.text for b in article.body] == [p.split(" - ", 1)[-1] for p in _PARAGRAPHS]


def test_the_headline_the_page_prints_again_over_the_standfirst_with_the_date_under_it() -> None:
    head = "في ذكرى تأسيسها الـ99.. وفد من الأناضول يزور ضريح أتاتورك"
    article = clean(f"تركيا\n\n{head}\n\nبرئاسة المدير العام للوكالة شينول قازانجي\n\n06.04.2019\n\n{head}\n\n"
                    + "\n\n".join(_PARAGRAPHS))
    assert article.title == head and article.subtitle == "برئاسة المدير العام للوكالة شينول قازانجي"


_VERSE = ("تلك الرّسوم خطوطي|خربشات بفرشاة عذراء|وشوشات في أذن الصّدى|وانا|طفلة البياض، تهوى الشّمس|حلمها السّهول"
          " الخضراء|تمتدّ جنانا|على مرمى الرّكض|تلاحقني الفراشات|يضخني النرجس عطرا|اتنفّس|أتعمّد|أمدّ اليد إلى النّور|"
          "أقبّل شوقه|الملم ما سال من عرق ريّاه|يهديني عطرا|زاد رحلة في الاخضرار|هودج عبق ونوّار|انا الطفلة|وليدة الزّمان|"
          "أدسّ حنيني في زهرة النرجس|أكتب بالخربشات رسائلي|على ذاكرة البياض|مركبا يحمل نتوءات العمر إلى الباحة البيضاء|"
          "إلى الفرشاة|إليّ|كما خلقت|إلى الحرف رفيقي").split("|")


def test_free_verse_is_text_and_a_menu_is_not() -> None:
    teasers = "\n\n".join(["الفسيفسائي طيب زيود يرتب مكعبات فسيفسائية بفنية عالية ام يوثق تاريخ المدينة القديمة"] * 2)
    head = "في ذاكرة البياض.. بقلم الأديبة جميلة بلطي عطوي"
    article = clean(f"السبت، 25 ديسمبر 2021\n\n{head}\n\nفي ذاكرة البياض\n\n" + "\n".join(_VERSE) + "\n\n" + teasers)
    assert [b.text for b in article.body][:len(_VERSE)] == _VERSE
    menu = ["الرئيسية", "أخبار محلية", "عربي ودولي", "اقتصاد", "رياضة", "ثقافة وفنون", "منوعات", "مقالات", "تحقيقات"]
    article = clean("\n".join(menu) + "\n\n" + _HEADLINE + "\n\n" + "\n\n".join(_PARAGRAPHS))
    assert not set(menu) & {b.text for b in article.body}


@pytest.mark.parametrize("text,rule", [
    ("ساهموا في دعم الإعلام المستقل و الجريء!", "donate"),
    ("ادعموا درج", "donate"),
    ("صفحة الكاتب: مركز الفرات للتنمية", "author"),
    ("انت تستخدم إضافة تمنع الإعلانات", "subscribe"),
])
def test_appeals_author_pages_and_notices_are_chrome(text: str, rule: str) -> None:
    assert c._lexicon_rule(text) == rule


def test_a_poems_credit_and_a_click_here_line_are_dropped() -> None:
    assert c._is_byline("شعر - سعد عبدالله الحوطي") and c._is_channel_line("لتلقّي أبرز قصصنا على واتساب اضغط هنا!")
    assert not c._is_channel_line("وقال إن المستخدمين يضغطون على روابط في واتساب دون التحقق من مصدرها")


def test_a_bar_of_links_on_one_line_weighs_as_chrome_not_prose() -> None:
    bar = "الصفحة الرئيسية | مقالات | دراسات | عمال ونقابات | فنون وآداب | أرشيف الأخبار | صحافة وتعليقات | اتصل بنا"
    assert c._prose_weight(bar) < 0 < c._prose_weight(_PARAGRAPHS[1])
    article = clean(f"{bar}\n\n{_HEADLINE}\n\nلنستمر في الدراسة.\n\nالفصل الثاني")
    assert article.title == _HEADLINE and [b.text for b in article.body][0] == "لنستمر في الدراسة."


@pytest.mark.parametrize("line", ["رئيسة التحرير: منى بوسمره", "مديرة التحرير سارة علي", "رئيس مجلس الإدارة: أحمد"])
def test_masthead_lines(line: str) -> None:
    assert c._MASTHEAD_RE.match(line)
    assert not c._MASTHEAD_RE.match('رئيس تحرير صحيفة العربي القاهرية لـ"المؤتمرنت"')  # an interview's headline


def test_a_dateline_glued_with_dashes_gives_place_date_and_agency() -> None:
    first = "الخرطوم-28-1-2021(سونا)-رفضت لجنة المعلمين السودانيين المحاصصة الحزبية بوزارة التربية والتعليم."
    article = clean(_HEADLINE + "\n\n" + first + "\n\n" + _PARAGRAPHS[1])
    assert article.dateline == "الخرطوم" and article.published == dt.date(2021, 1, 28) and article.source == "سونا"
    assert article.body[0].text.startswith("رفضت لجنة المعلمين")
