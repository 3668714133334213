"""Everything readers see in two languages, decided in one place: interface strings, dates, numbers."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date as _babel_date

LANGS = ("ar", "en")
DEFAULT_LANG = "ar"
DIRECTION = {"ar": "rtl", "en": "ltr"}

STRINGS: dict[str, dict[str, str | tuple[str, str]]] = {
    "site_name": {"ar": "موجز أخبار العراق", "en": "Iraq News Digest"},
    "site_description": {
        "ar": "موجز ثنائي اللغة لأخبار العراق وعلاقاته بالولايات المتحدة وإيران",
        "en": "A bilingual digest of news about Iraq and its relations with the United States and Iran",
    },
    "home": {"ar": "الرئيسية", "en": "Home"},
    "latest_articles": {"ar": "أحدث المقالات", "en": "Latest articles"},
    "all_articles": {"ar": "كل المقالات", "en": "All articles"},
    "older_articles": {"ar": "المقالات الأقدم", "en": "Older articles"},
    "not_found": {"ar": "الصفحة غير موجودة (404)", "en": "Page not found (404)"},
    "not_found_text": {
        "ar": "لم نجد الصفحة التي طلبتها. ابحث في الموجز من خانة البحث أعلى الصفحة، أو عُد إلى الصفحة الرئيسية.",
        "en": "We could not find the page you asked for. Search the digest with the box at the top of the page, "
              "or go back to the home page.",
    },
    "published": {"ar": "تاريخ النشر", "en": "Published"},
    "source": {"ar": "المصدر", "en": "Source"},
    "date_time": {"ar": "{date}، الساعة {time} ({zone})", "en": "{date}, {time} ({zone})"},
    "updated": {"ar": "حُدِّث في {date}", "en": "Updated {date}"},
    "correction": {"ar": "تصحيح", "en": "Correction"},
    "draft_mark": {"ar": "مسودة", "en": "Draft"},
    "reading_time": {"ar": "مدة القراءة", "en": "Reading time"},
    "minutes": {"ar": "{n} دقائق", "en": "{n} min read"},
    "minutes_many": {"ar": "{n} دقيقة", "en": "{n} min read"},
    "minute": {"ar": "دقيقة واحدة", "en": "1 min read"},
    "two_minutes": {"ar": "دقيقتان", "en": "2 min read"},
    "original": {"ar": "المقال الأصلي", "en": "Original article"},
    "read_arabic": {"ar": "النص العربي الكامل", "en": "Read the full article in Arabic"},
    "read_english": {"ar": "الصفحة الإنجليزية", "en": "English page"},
    "summary": {"ar": "الملخص", "en": "Summary"},
    "untitled_en": {"ar": "مقال بلا عنوان إنجليزي", "en": "Article from {source}, {date} (Arabic only)"},
    "no_english": {
        "ar": "لا يوجد ملخص بالإنجليزية بعد.",
        "en": "No English title or summary has been written for this article yet. "
              "Its Arabic title and summary follow.",
    },
    "draft": {
        "ar": "مسودة: لم يراجع المحررون هذا المقال بعد.",
        "en": "Draft: editors have not reviewed this article yet.",
    },
    "topics": {"ar": "الموضوعات", "en": "Topics"},
    "related": {"ar": "مقالات ذات صلة", "en": "Related articles"},
    "shared_topics": {"ar": "موضوعات مشتركة", "en": "Shared topics"},
    "similar_text": {"ar": "نص مشابه", "en": "Similar text"},
    "earlier_in_story": {"ar": "سابقًا في هذه القصة", "en": "Earlier in this story"},
    "later_in_story": {"ar": "لاحقًا في هذه القصة", "en": "Later in this story"},
    "also_reported_by": {"ar": "نشرته أيضًا", "en": "Also reported by"},
    "about": {"ar": "عن الموجز", "en": "About"},
    "digests": {"ar": "الموجزات الشهرية", "en": "Monthly digests"},
    "digest_of": {"ar": "موجز {period}", "en": "Digest for {period}"},
    "latest_digest": {"ar": "أحدث موجز", "en": "Latest digest"},
    "timeline": {"ar": "الخط الزمني", "en": "Timeline"},
    "timeline_of": {"ar": "الخط الزمني: {period}", "en": "Timeline: {period}"},
    "story": {"ar": "قصة", "en": "Story"},
    "oldest_first": {"ar": "من الأقدم إلى الأحدث:", "en": "Oldest first:"},
    "articles_count": {"ar": "عدد المقالات: {n}", "en": ("{n} article", "{n} articles")},  # en: (one, other)
    "kind_topic": {"ar": "موضوعات", "en": "Themes"},
    "kind_person": {"ar": "أشخاص", "en": "People"},
    "kind_organisation": {"ar": "منظمات ومؤسسات", "en": "Organisations"},
    "kind_place": {"ar": "أماكن", "en": "Places"},
    "other": {"ar": "أخرى", "en": "Other"},
    "kind_topic_one": {"ar": "موضوع", "en": "Theme"},
    "kind_person_one": {"ar": "شخصية", "en": "Person"},
    "kind_organisation_one": {"ar": "منظمة أو مؤسسة", "en": "Organisation"},
    "kind_place_one": {"ar": "مكان", "en": "Place"},
    "list_sep": {"ar": "، ", "en": ", "},
    "an_arabic_outlet": {"ar": "مصدر عربي", "en": "an Arabic outlet"},
    "date_range": {"ar": "من {first} إلى {last}", "en": "{first} to {last}"},
    "newer": {"ar": "الأحدث", "en": "Newer"},
    "older": {"ar": "الأقدم", "en": "Older"},
    "rss": {"ar": "خلاصة RSS", "en": "RSS feed"},
    "feed_of": {"ar": "خلاصة {name}", "en": "{name} feed"},
    "also_written_as": {"ar": "يُكتب أيضًا", "en": "Also written as"},
    "first_mention": {"ar": "أول ذكر", "en": "First mention"},
    "last_mention": {"ar": "آخر ذكر", "en": "Last mention"},
    "appears_with": {"ar": "يرد غالبًا مع", "en": "Most often with"},
    "coverage": {"ar": "التغطية شهريًا", "en": "Coverage by month"},
    "coverage_of": {"ar": "عدد المقالات عن {name} في كل شهر", "en": "Articles about {name}, month by month"},
    "coverage_summary": {"ar": "عدد المقالات من {first} إلى {last}: {n}، وأكثرها في شهر واحد: {peak}",
                         "en": ("{n} article from {first} to {last}; at most {peak} in a month",
                                "{n} articles from {first} to {last}; at most {peak} in a month")},
    "coverage_figures": {"ar": "الأرقام شهرًا بشهر", "en": "The figures, month by month"},
    "main_themes": {"ar": "أبرز الموضوعات في آخر 12 شهرًا", "en": "Main themes over the last 12 months"},
    # Story pages (generator/stories.py)
    "story_all_reports": {"ar": "كل تقارير هذه القصة", "en": "All reports of this story"},
    "story_reports": {"ar": "التقارير", "en": "Reports"},
    "story_day": {"ar": "عدد التقارير: {n}، في {date}",
                  "en": ("{n} report on {date}", "{n} reports on {date}")},
    "story_days": {"ar": "عدد التقارير: {n}، من {first} إلى {last}",
                   "en": ("{n} report from {first} to {last}", "{n} reports from {first} to {last}")},
    "outlets": {"ar": "المصادر", "en": "Outlets"},
    "unnamed_outlets": {"ar": "عدد التقارير من مصادر غير معروفة: {n}",
                        "en": ("{n} report from an unknown outlet", "{n} reports from unknown outlets")},
    "story_entities": {"ar": "الأشخاص والجهات والأماكن", "en": "People, organisations and places"},
    "story_untitled_en": {"ar": "قصة بلا عنوان إنجليزي", "en": "{about}: reports from {date}"},
    "story_untitled_en_bare": {"ar": "قصة بلا عنوان إنجليزي", "en": "Reports from {date} (Arabic only)"},
    "story_feed_of": {"ar": "تقارير قصة «{title}»", "en": "Reports of the story “{title}”"},
    "json_feed": {"ar": "خلاصة JSON", "en": "JSON Feed"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The interface string ``key`` in ``lang``, with ``{placeholders}`` filled."""
    text = STRINGS[key][lang]
    if isinstance(text, tuple):  # English (one, other) forms, chosen by the count ``n``
        text = text[0] if values.get("n") == 1 else text[1]
    return text.format(**values) if values else text


# The Arabic names of the months: Levantine and Iraqi (كانون الثاني), Egyptian and Gulf (يناير), or both
# as the Iraqi press writes them (كانون الثاني/يناير). Chosen in mkdocs.yml: extra.digest.arabic_months.
LEVANTINE_MONTHS = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
                    "تشرين الأول", "تشرين الثاني", "كانون الأول")
EGYPTIAN_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
                   "نوفمبر", "ديسمبر")
MONTH_STYLES = {
    "levantine": LEVANTINE_MONTHS,
    "egyptian": EGYPTIAN_MONTHS,
    "both": tuple(f"{a}/{b}" for a, b in zip(LEVANTINE_MONTHS, EGYPTIAN_MONTHS)),
}
DEFAULT_MONTHS = "both"
_months = MONTH_STYLES[DEFAULT_MONTHS]


def use_months(style: str) -> None:
    """Name the months of Arabic dates in ``style`` (a key of ``MONTH_STYLES``) in every date formatted after this call."""
    global _months
    if MONTH_STYLES[style] is not _months:
        _months = MONTH_STYLES[style]
        format_date.cache_clear()
        format_month.cache_clear()


@lru_cache(maxsize=1 << 14)  # Babel is slow, and list pages repeat the same dates
def format_date(date: dt.date, lang: str) -> str:
    """A date as readers of ``lang`` write it (Arabic pages: the chosen month names, Western digits)."""
    if lang == "ar":
        return f"{date.day} {_months[date.month - 1]} {date.year}"
    return _babel_date(date, format="long", locale=lang)


@lru_cache(maxsize=1 << 12)
def format_month(period: str, lang: str) -> str:
    """A 'YYYY-MM' period as a month name and year in ``lang``."""
    year, month = (int(p) for p in period.split("-"))
    if lang == "ar":
        return f"{_months[month - 1]} {year}"
    return _babel_date(dt.date(year, month, 1), format="MMMM y", locale=lang)


def format_time(moment: dt.datetime, lang: str) -> str:
    """A moment's date and time as readers of ``lang`` write them, with its UTC offset (``moment``'s zone)."""
    offset = moment.utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds()) // 60
    zone = f"UTC{'+' if minutes >= 0 else '-'}{abs(minutes) // 60}" + (f":{abs(minutes) % 60:02d}"
                                                                         if minutes % 60 else "")
    return t("date_time", lang, date=format_date(moment.date(), lang), time=moment.strftime("%H:%M"), zone=zone)


def reading_time(words: int, lang: str) -> str:
    """Reading time at about 200 words a minute, phrased for ``lang``."""
    minutes = max(1, round(words / 200))
    if minutes == 1:
        return t("minute", lang)
    if minutes == 2:
        return t("two_minutes", lang)
    return t("minutes" if minutes <= 10 else "minutes_many", lang, n=minutes)
