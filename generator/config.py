"""The site's configuration: ``extra.digest`` in ``mkdocs.yml``, read and validated into one frozen ``SiteConfig``.

Everything a newsroom sets lives in ``mkdocs.yml``, beside MkDocs' own settings, under ``extra.digest``::

    site_url: https://digest.example.org/     # MkDocs' own key: the base URL of feeds, sitemaps and link previews
    extra:
      digest:
        languages:                  # the first with default: true is published at the site root
          - code: ar                # a language code, as in plugins.i18n.languages[].locale
            dir: rtl                # rtl or ltr
            default: true
            locale: ar_IQ           # og:locale of link previews (default: the code)
            site_name: موجز أخبار العراق
            site_description: …
            strings: strings/ar.yml # the reader-facing strings (default: generator/strings/<code>.yml)
          - code: en
            …
          - code: fr                # a third language: pages in French, with its strings table
            dir: ltr
            fallback: en            # whose titles, summaries and names its pages show (below)
            …
        timezone: Asia/Baghdad      # pages show times in this zone
        arabic_months: both         # levantine, egyptian or both
        feed_full_text: true        # the site's feeds carry whole articles
        feed_items: 50              # articles per feed
        page_size: 50               # articles per list page (home, topic and timeline pages)
        taxonomy: seeds/topics.yml  # the taxonomy every command reads, relative to mkdocs.yml (in seeds/: topics.yml)

Articles and taxonomy entries have titles, summaries and names in Arabic and English only (``title``,
``title_en``…). A page in another language shows them in its ``fallback`` language, marked with that language's
``lang`` and ``dir`` so that screen readers pronounce them right: by default English for a left-to-right
language, Arabic for a right-to-left one (a reader of Persian or Kurdish reads the Arabic script). Without a
title in the fallback either, the page shows a title in its own language (the strings table's ``untitled``);
without a summary, the Arabic one, marked as Arabic. English has no fallback unless one is set (``fallback: ar``:
the Arabic title where an article has no English one, instead of ``untitled``).

The generator, the MkDocs hook (which gives MkDocs each language's ``site_name`` and ``site_description``)
and the site build read it through ``load``. ``plugins.i18n.languages`` must list the same languages with
the same default (its ``name`` and ``nav`` stay there). An error names the file and line:
``mkdocs.yml:104: extra.digest.feed_items: expected a positive whole number (got 0)``.

Environment variables read by the generator, the hook and the site build (``make`` sets most of them):

ENVIRONMENT
``SOURCE_DATE_EPOCH``      the build's "now" (seconds since 1970): what is published and scheduled; unset, the clock
``DIGEST_DRAFTS=1``        drafts are published, each marked (``DRAFTS=1``, ``--drafts`` and ``make serve`` set it)
``DIGEST_REFUSE_DRAFTS=1``  the MkDocs hook refuses drafts, as ``--strict`` does (``make … STRICT=1`` sets it)
``DIGEST_ALLOW_MASS_REMOVAL=1``  the MkDocs hook lets a run remove more than half of the articles, or every topic
``DIGEST_SKIP_GENERATE=1``  the MkDocs hook does not run the generator (``make build`` sets it after generating)
``DIGEST_NO_CACHE=1``      nothing is read or written under ``.cache/`` but the site build's record (slower, same output)
``DIGEST_JOBS=N``          processes the generator uses from 200 articles up; default: the CPUs it may use
``DIGEST_MKDOCS_SHORTCUTS=0``  the hook's shortcuts inside MkDocs are off (slower, same bytes)
``DIGEST_REUSE_SITE``, ``DIGEST_REUSE_SOURCES``, ``DIGEST_REUSE_LIST``  set by ``sitebuild --reuse`` for its builds
``DIGEST_BUILD_LOCK``      set by the build lock (``python -m generator.lock``) for the programs it runs: they hold it
``CI``                     when set, no progress bar is drawn
``TERM=dumb``              no progress bar is drawn either
END
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from .errors import BuildError, DigestError, ErrorGroup

ROOT = Path(__file__).resolve().parent.parent
STRINGS_DIR = Path(__file__).resolve().parent / "strings"
DEFAULT_ZONE = "Asia/Baghdad"
DEFAULT_MONTHS = "both"
MONTH_STYLES = ("levantine", "egyptian", "both")  # the names of i18n.MONTH_STYLES
DEFAULT_FEED_ITEMS = 50
DEFAULT_PAGE_SIZE = 50
DEFAULT_TAXONOMY = "seeds/topics.yml"
TEXT_LANGS = {"ar": "rtl", "en": "ltr"}  # the languages of the titles, summaries and names of articles and taxonomy
_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{4})?(-[A-Z]{2})?$")  # what mkdocs-static-i18n takes as a locale


Strings = Mapping[str, "str | tuple[str, str]"]


@dataclass(frozen=True)
class Language:
    """One language of the site."""

    code: str  # the folder under docs/ and the URL prefix (none for the default language)
    direction: str  # "rtl" or "ltr"
    default: bool
    site_name: str
    site_description: str
    locale: str  # og:locale, such as ar_IQ
    strings: Strings  # key -> text, or (one, other) forms chosen by the count ``n``
    strings_file: Path | None = None  # where ``strings`` were read from
    fallback: str | None = None  # the language of TEXT_LANGS whose titles, summaries and names it shows; None: its own


@dataclass(frozen=True)
class SiteConfig:
    """What the generator, the MkDocs hook and the site build need from ``mkdocs.yml``."""

    site_url: str  # absolute, ending in "/"
    languages: tuple[Language, ...] = ()
    timezone: str = DEFAULT_ZONE
    arabic_months: str = DEFAULT_MONTHS  # a key of i18n.MONTH_STYLES
    feed_full_text: bool = True  # the language-wide feeds carry the whole article
    feed_items: int = DEFAULT_FEED_ITEMS
    page_size: int = DEFAULT_PAGE_SIZE
    taxonomy: Path | None = None  # None: seeds/topics.yml of the project
    docs_dir: Path | None = None
    theme_dir: Path | None = None  # theme.custom_dir, None without one

    @property
    def default(self) -> Language:
        return next(lang for lang in self.languages if lang.default)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    @property
    def strings_files(self) -> tuple[Path, ...]:
        return tuple(lang.strings_file for lang in self.languages if lang.strings_file is not None)

    @property
    def fingerprint(self) -> str:
        """Everything the generated pages take from the configuration, as text (the files it names are read
        separately)."""
        return repr(
            (
                self.site_url,
                tuple(
                    (
                        lang.code,
                        lang.direction,
                        lang.default,
                        lang.site_name,
                        lang.site_description,
                        lang.locale,
                        lang.fallback,
                        sorted(lang.strings.items()),
                    )
                    for lang in self.languages
                ),
                self.timezone,
                self.arabic_months,
                self.feed_full_text,
                self.feed_items,
                self.page_size,
            )
        )


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # libyaml: 20 times faster
    """Reads mkdocs.yml, its MkDocs tags (!ENV, !relative, !!python/name…) as no value."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


class _Node:
    """A YAML node with its path in the file (``extra.digest.languages[1]``) and its line."""

    def __init__(self, node: yaml.Node | None, name: str, line: int) -> None:
        self.node, self.name, self.line = node, name, line

    def get(self, key: str) -> _Node:
        if isinstance(self.node, yaml.MappingNode):
            for k, v in self.node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    return _Node(v, f"{self.name}.{key}" if self.name else key, v.start_mark.line + 1)
        return _Node(None, f"{self.name}.{key}" if self.name else key, self.line)

    def items(self) -> list[_Node]:
        if not isinstance(self.node, yaml.SequenceNode):
            return []
        return [_Node(v, f"{self.name}[{i}]", v.start_mark.line + 1) for i, v in enumerate(self.node.value)]

    @property
    def value(self) -> object:
        if self.node is None:
            return None
        return _Loader(" ").construct_object(self.node, deep=True)


def _compose(path: Path, what: str) -> _Node:
    try:
        text = path.read_text(encoding="utf-8-sig")
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ErrorGroup(
            [BuildError(f"{what} is not valid YAML: {exc.problem}", path, mark.line + 1 if mark else None)]
        ) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ErrorGroup([BuildError(f"cannot read {what}: {exc}", path)]) from None
    return _Node(root, "", 1)


class _Checker:
    """Collects every error of one file, each with its line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[DigestError] = []

    def fail(self, node: _Node, expected: str, got: object = None) -> None:
        self.errors.append(BuildError(f"{node.name}: {expected}", self.path, node.line, got=got))

    def text(self, node: _Node, default: str | None = None) -> str:
        value = node.value
        if value is None and default is not None:
            return default
        if not isinstance(value, str) or not value.strip():
            self.fail(node, "expected a text", value)
            return ""
        return value

    def whole(self, node: _Node, default: int) -> int:
        value = node.value
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(node, "expected a positive whole number", value)
            return default
        return value

    def flag(self, node: _Node, default: bool) -> bool:
        value = node.value
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(node, "expected true or false", value)
            return default
        return value


def load(root: Path, config_file: str = "mkdocs.yml") -> SiteConfig:
    """The configuration of the project at ``root``; ErrorGroup with every error found, each with its line.

    Read anew on each call (a few milliseconds): ``mkdocs serve`` sees an edit of it or of a strings table."""
    return _parse(Path(root).resolve() / config_file)


def taxonomy_path(root: Path, seeds_dir: Path | None = None, config_file: str = "mkdocs.yml") -> Path:
    """The taxonomy every command of the project at ``root`` reads: the configuration's ``taxonomy``; in a folder
    without a configuration (a seeds folder of its own), ``topics.yml`` in ``seeds_dir`` (default ``root/seeds``).
    ErrorGroup, each error with its line, when the configuration is invalid."""
    root = Path(root).resolve()
    if not (root / config_file).is_file():
        return (seeds_dir or root / "seeds") / Path(DEFAULT_TAXONOMY).name
    return load(root, config_file).taxonomy or root / DEFAULT_TAXONOMY


def _parse(path: Path) -> SiteConfig:
    doc = _compose(path, "the site configuration")
    check = _Checker(path)
    root = path.parent

    site_url = doc.get("site_url")
    url = site_url.value
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        check.fail(site_url, "expected an absolute http(s) address (feeds and sitemaps need it)", url or "")
        url = "https://example.org/"

    digest = doc.get("extra").get("digest")
    if not isinstance(digest.node, yaml.MappingNode):
        check.fail(digest, "expected the digest's settings (languages, timezone…)", digest.value)
    before = len(check.errors)
    languages = _languages(digest.get("languages"), check, root)
    if len(check.errors) == before:  # compared only when valid
        _agree_with_i18n(doc, languages, check)

    zone_node = digest.get("timezone")
    zone = check.text(zone_node, DEFAULT_ZONE)
    if zone:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(zone)
        except (ValueError, OSError, KeyError):
            check.fail(zone_node, "expected a time zone, such as Asia/Baghdad", zone)
    months_node = digest.get("arabic_months")
    months = months_node.value if months_node.value is not None else DEFAULT_MONTHS
    if months not in MONTH_STYLES:
        check.fail(months_node, f"expected one of {', '.join(MONTH_STYLES)}", months)
        months = DEFAULT_MONTHS
    taxonomy_node = digest.get("taxonomy")
    taxonomy = check.text(taxonomy_node, DEFAULT_TAXONOMY)
    seeds, default_name = (root / DEFAULT_TAXONOMY).parent, Path(DEFAULT_TAXONOMY).name
    placed = root / taxonomy
    if (
        placed.parent.resolve() == seeds.resolve()
        and placed.suffix in (".yml", ".yaml")
        and placed.name != default_name
    ):
        check.fail(
            taxonomy_node,
            f"expected {DEFAULT_TAXONOMY} or a file outside {seeds.name}/ (a YAML file there is an article's metadata)",
            taxonomy,
        )
    docs_dir = doc.get("docs_dir").value or "docs"
    custom = (doc.get("theme").get("custom_dir")).value
    config = SiteConfig(
        site_url=url.rstrip("/") + "/",
        languages=languages,
        timezone=zone,
        arabic_months=months,
        feed_full_text=check.flag(digest.get("feed_full_text"), True),
        feed_items=check.whole(digest.get("feed_items"), DEFAULT_FEED_ITEMS),
        page_size=check.whole(digest.get("page_size"), DEFAULT_PAGE_SIZE),
        taxonomy=root / taxonomy,
        docs_dir=root / str(docs_dir),
        theme_dir=root / str(custom) if custom else None,
    )
    if check.errors:
        raise ErrorGroup(check.errors)
    return config


def _languages(node: _Node, check: _Checker, root: Path) -> tuple[Language, ...]:
    items = node.items()
    if not items:
        check.fail(
            node, "expected a list of languages, each with code, dir, site_name and site_description", node.value
        )
        return ()
    out: list[Language] = []
    for item in items:
        code_node = item.get("code")
        code = check.text(code_node)
        if code and not _CODE.match(code):
            check.fail(code_node, "expected a language code such as ar, en or pt-BR", code)
        if code and code in (lang.code for lang in out):
            check.fail(code_node, "expected each language once", code)
        direction_node = item.get("dir")
        direction = direction_node.value
        if direction not in ("rtl", "ltr"):
            check.fail(direction_node, "expected rtl or ltr", direction)
        default = check.flag(item.get("default"), False)
        strings_node = item.get("strings")
        strings_path = root / strings_node.value if isinstance(strings_node.value, str) else STRINGS_DIR / f"{code}.yml"
        out.append(
            Language(
                code=code,
                direction=str(direction),
                default=default,
                site_name=check.text(item.get("site_name")),
                site_description=check.text(item.get("site_description")),
                locale=check.text(item.get("locale"), code),
                strings=_strings(strings_path, strings_node, check) if code else {},
                strings_file=strings_path,
                fallback=_fallback(item.get("fallback"), code, str(direction), check),
            )
        )
    if sum(lang.default for lang in out) != 1:
        check.fail(
            node, "expected exactly one language with default: true", [lang.code for lang in out if lang.default]
        )
    elif out and check.errors == []:
        expected = out[[lang.default for lang in out].index(True)].strings.keys()
        for lang, item in zip(out, items):
            missing = sorted(expected - lang.strings.keys())
            if missing:
                check.fail(item.get("strings"), f"the strings table of {lang.code!r} lacks {', '.join(missing)}")
    return tuple(out)


def _fallback(node: _Node, code: str, direction: str, check: _Checker) -> str | None:
    """The language whose titles, summaries and names the pages in ``code`` show (see the module's docstring)."""
    value = node.value
    if value is None:
        return None if code in TEXT_LANGS else "en" if direction == "ltr" else "ar"
    if value not in TEXT_LANGS or value == code:
        others = " or ".join(lang for lang in TEXT_LANGS if lang != code)
        check.fail(node, f"expected {others}: a language the articles' titles and summaries are written in", value)
        return None
    return str(value)


def _strings(path: Path, node: _Node, check: _Checker) -> Strings:
    """A language's strings table: key: text, or key: {one: …, other: …} for forms chosen by a count."""
    if not path.is_file():
        check.fail(node, "expected a strings table (a YAML file of key: text)", str(path))
        return {}
    table = _compose(path, "a strings table")
    if not isinstance(table.node, yaml.MappingNode):
        check.errors.append(BuildError("expected a mapping of key: text", path, 1))
        return {}
    out: dict[str, str | tuple[str, str]] = {}
    for key_node, value_node in table.node.value:
        value = _Node(value_node, key_node.value, value_node.start_mark.line + 1).value
        if (
            isinstance(value, dict)
            and set(value) == {"one", "other"}
            and all(isinstance(v, str) for v in value.values())
        ):
            out[key_node.value] = (value["one"], value["other"])
        elif isinstance(value, str):
            out[key_node.value] = value
        else:
            check.errors.append(
                BuildError(
                    f"{key_node.value}: expected a text, or one: and other: texts",
                    path,
                    value_node.start_mark.line + 1,
                    got=value,
                )
            )
    return MappingProxyType(out)


def _agree_with_i18n(doc: _Node, languages: tuple[Language, ...], check: _Checker) -> None:
    """mkdocs-static-i18n's languages must be the configuration's, in the same order, with the same default."""
    for plugin in doc.get("plugins").items():
        entry = plugin.get("i18n")
        if isinstance(entry.node, yaml.MappingNode):
            break
    else:
        return
    node = entry.get("languages")
    theirs = [(item.get("locale").value, bool(item.get("default").value)) for item in node.items()]
    ours = [(lang.code, lang.default) for lang in languages]
    if theirs != ours:
        check.fail(
            node,
            "expected the languages of extra.digest.languages, in their order and with the same "
            "default: " + ", ".join(code + (" (default)" if d else "") for code, d in ours),
            ", ".join(f"{code}{' (default)' if d else ''}" for code, d in theirs),
        )
    for item in node.items():
        for key in ("site_name", "site_description"):
            if item.get(key).node is not None:
                check.fail(item.get(key), f"set {key} in extra.digest.languages (the hook gives it to MkDocs)")
