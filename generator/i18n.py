"""Everything readers see in each language, decided in one place: interface strings, dates, numbers.

The strings are one table per language (``generator/strings/<code>.yml`` unless the configuration names
another file); the site's name and description come from the configuration."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import lru_cache

from babel.dates import format_date as _babel_date

ARABIC = "ar"  # the language of the articles, and the one whose month names ``arabic_months`` chooses

# The site's languages, set by ``configure`` from the configuration (``config.SiteConfig``); read before
# any ``configure``, they are those of the project's own mkdocs.yml (see ``__getattr__``).
LANGS: tuple[str, ...]  # every language's code, in the configuration's order
DEFAULT_LANG: str  # the language published at the site root
DIRECTION: dict[str, str]  # code -> "rtl" or "ltr"
LOCALE: dict[str, str]  # code -> og:locale, such as ar_IQ
FALLBACK: dict[str, str]  # code -> the language whose titles, summaries and names its pages show (config.Language)
_tables: dict[str, Mapping[str, str | tuple[str, str]]] = {}  # code -> its strings, the site's name included
_on_configure: list[Callable[[], None]] = []  # caches of values that depend on the languages


def configure(config) -> None:
    """Use the languages, strings and month names of ``config`` (a ``config.SiteConfig``) from here on."""
    global LANGS, DEFAULT_LANG, DIRECTION, LOCALE, FALLBACK, _tables
    LANGS = config.codes
    DEFAULT_LANG = config.default.code
    DIRECTION = {lang.code: lang.direction for lang in config.languages}
    LOCALE = {lang.code: lang.locale for lang in config.languages}
    FALLBACK = {lang.code: lang.fallback for lang in config.languages if lang.fallback}
    _tables = {lang.code: {**lang.strings, "site_name": lang.site_name, "site_description": lang.site_description}
               for lang in config.languages}
    use_months(config.arabic_months)
    format_date.cache_clear()
    format_month.cache_clear()
    for clear in _on_configure:
        clear()


def __getattr__(name: str) -> object:
    """The site's languages before any ``configure``: those of the project's own configuration."""
    if name in ("LANGS", "DEFAULT_LANG", "DIRECTION", "LOCALE", "FALLBACK"):
        from . import config
        configure(config.load(config.ROOT))
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def t(key: str, lang: str, **values: object) -> str:
    """The interface string ``key`` in ``lang``, with ``{placeholders}`` filled."""
    try:
        text = _tables[lang][key]
    except KeyError:
        if _tables:
            raise
        __getattr__("LANGS")
        text = _tables[lang][key]
    if isinstance(text, tuple):  # (one, other) forms, chosen by the count ``n``
        text = text[0] if values.get("n") == 1 else text[1]
    return text.format(**values) if values else text


# The Arabic names of the months: Levantine and Iraqi (كانون الثاني), Egyptian and Gulf (يناير), or both
# as the Iraqi press writes them (كانون الثاني/يناير). Chosen in the configuration: extra.digest.arabic_months.
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
    if lang == ARABIC:
        return f"{date.day} {_months[date.month - 1]} {date.year}"
    return _babel_date(date, format="long", locale=lang.replace("-", "_"))


@lru_cache(maxsize=1 << 12)
def format_month(period: str, lang: str) -> str:
    """A 'YYYY-MM' period as a month name and year in ``lang``."""
    year, month = (int(p) for p in period.split("-"))
    if lang == ARABIC:
        return f"{_months[month - 1]} {year}"
    return _babel_date(dt.date(year, month, 1), format="MMMM y", locale=lang.replace("-", "_"))


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
