"""The site's configuration (generator/config.py): one place to rename the site, add a language, and errors
that name the file and line. The builds are real: the generator, then MkDocs with the hook."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
import yaml

from generator import config as site_config
from generator import i18n
from generator.errors import ErrorGroup

from conftest import ROOT, copy_project, run_build

OLD = {"ar": "موجز أخبار العراق", "en": "Iraq News Digest"}
NEW = {"ar": "نشرة الرافدين", "en": "Rafidain Bulletin"}
NEW_DESCRIPTION = {"ar": "أخبار الرافدين كل يوم", "en": "News from the two rivers, every day"}
TEXT_SUFFIXES = {".html", ".xml", ".json", ".js", ".txt", ".css", ".md", ""}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _language(site: Path, page: Path, codes: tuple[str, ...]) -> str:
    first = page.relative_to(site).parts[0]
    return first if first in codes else "ar"


def _head_title(page: Path) -> str:
    return lxml.html.parse(str(page)).getroot().find("./head/title").text


@pytest.fixture(scope="module")
def renamed(tmp_path_factory) -> Path:
    """The seeds' site built after renaming it in the configuration alone (extra.digest.languages)."""
    project = copy_project(tmp_path_factory.mktemp("renamed") / "project")
    config = project / "mkdocs.yml"
    for lang in ("ar", "en"):
        _edit(config, f"site_name: {OLD[lang]}\n", f"site_name: {NEW[lang]}\n")
    _edit(
        config,
        "site_description: موجز ثنائي اللغة لأخبار العراق وعلاقاته بالولايات المتحدة وإيران\n",
        f"site_description: {NEW_DESCRIPTION['ar']}\n",
    )
    _edit(
        config,
        "site_description: A bilingual digest of news about Iraq and its relations with the United States and Iran\n",
        f"site_description: {NEW_DESCRIPTION['en']}\n",
    )
    run_build(project)
    return project


def test_renaming_the_site_in_the_configuration_renames_every_page_title(renamed):
    site = renamed / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        lang = _language(site, page, ("en",))
        title = _head_title(page)
        assert title == NEW[lang] or title.endswith(f" - {NEW[lang]}"), (page, title)
    home = lxml.html.parse(str(site / "en" / "index.html")).getroot()
    assert home.cssselect('meta[name="description"]')[0].get("content") == NEW_DESCRIPTION["en"]
    assert home.cssselect('meta[property="og:site_name"]')[0].get("content") == NEW["en"]


def test_renaming_the_site_renames_every_feed(renamed):
    site = renamed / "site"
    feeds = sorted(site.rglob("*.xml"))
    rss = [f for f in feeds if b"<rss" in f.read_bytes()[:300]]
    assert len(rss) > 10 and {site / "feed.xml", site / "en" / "feed.xml"} <= set(rss)
    for feed in rss:
        lang = _language(site, feed, ("en",))
        title = re.search(r"<channel>\s*<title>([^<]*)</title>", feed.read_text(encoding="utf-8"))[1]
        assert title == NEW[lang] or title.endswith(f" — {NEW[lang]}"), (feed, title)
    for lang, folder in (("ar", site), ("en", site / "en")):
        feed = json.loads((folder / "feed.json").read_text(encoding="utf-8"))
        assert feed["title"] == NEW[lang] and feed["description"] == NEW_DESCRIPTION[lang]


def test_renaming_the_site_renames_the_search_ui_and_leaves_the_old_name_nowhere(renamed):
    site = renamed / "site"
    for lang, folder in (("ar", site), ("en", site / "en")):
        page = lxml.html.parse(str(folder / "index.html")).getroot()
        # The header beside the search box names the site.
        assert NEW[lang] in page.cssselect(".md-header__topic")[0].text_content()
        # The search index finds the home page by the site's name.
        documents = "".join(p.read_text(encoding="utf-8") for p in (folder / "search").rglob("*.json"))
        assert NEW[lang] in documents
    found = []
    for path in list(site.rglob("*")) + list((renamed / "docs").rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [(path, name) for name in OLD.values() if name in text]
    assert not found, found[:5]


# Third languages, each added by configuration, a strings table (tests/data/strings-<code>.yml) and a
# hand-written page: code, direction, og:locale, site name, its nav labels, its "read in Arabic" link.
THIRD = {
    "fr": (
        "ltr",
        "fr_FR",
        "Digest de l'actualité irakienne",
        ("Accueil", "Sujets", "Digests mensuels", "Chronologie", "À propos"),
        "Lire l'article complet en arabe",
    ),
    "fa": (
        "rtl",
        "fa_IR",
        "گزیده اخبار عراق",
        ("خانه", "موضوع‌ها", "خلاصه‌های ماهانه", "گاه‌شمار", "درباره"),
        "متن کامل مقاله به عربی",
    ),
}
NAV = ("index.md", "topics/index.md", "digests/index.md", "timeline/index.md", "about.md")


def _third_language(project: Path, code: str) -> None:
    """``code`` added by configuration, a strings table and a hand-written page: no code change."""
    direction, locale, name, labels, _ = THIRD[code]
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "\n    feed_items:"
    assert text.count(anchor) == 1 and text.count("\n\nhooks:") == 1
    entry = (
        f"\n      - code: {code}\n        dir: {direction}\n        locale: {locale}\n        site_name: {name}\n"
        f"        site_description: {name}\n        strings: strings/{code}.yml"
    )
    nav = "".join(f"\n            - {label}: {target}" for label, target in zip(labels, NAV))
    i18n_entry = f"\n        - locale: {code}\n          name: {code}\n          build: true\n          nav:{nav}"
    text = text.replace(anchor, entry + anchor).replace("\n\nhooks:", i18n_entry + "\n\nhooks:")
    config.write_text(text, encoding="utf-8")
    (project / "strings").mkdir()
    shutil.copy(Path(__file__).parent / "data" / f"strings-{code}.yml", project / "strings" / f"{code}.yml")
    (project / "docs" / code).mkdir()
    (project / "docs" / code / "about.md").write_text(
        f"---\ntitle: {labels[-1]}\n---\n\n# {labels[-1]}\n\n{name}.\n", encoding="utf-8"
    )


# Each third language's fallback: the language of the titles and summaries its pages show (config.Language.fallback,
# by default English for a left-to-right language, Arabic for a right-to-left one), and its direction.
FALLBACK = {"fr": ("en", "ltr"), "fa": ("ar", "rtl")}
UNTRANSLATED = "003_ff6027afb6296c5c"  # its English title and summary taken out in the trilingual builds


def _untranslated(project: Path) -> Path:
    """UNTRANSLATED's metadata in ``project`` without its English title and summary."""
    meta = project / "seeds" / f"{UNTRANSLATED}.yml"
    lines = meta.read_text(encoding="utf-8").splitlines(keepends=True)
    meta.write_text("".join(x for x in lines if not x.startswith(("title_en:", "summary_en:"))), encoding="utf-8")
    return meta


@pytest.fixture(scope="module", params=sorted(THIRD))
def trilingual(tmp_path_factory, request) -> tuple[Path, str]:
    project = copy_project(tmp_path_factory.mktemp("trilingual") / "project")
    _third_language(project, request.param)
    _untranslated(project)
    for folder in ("generator", "templates"):  # no code or template change
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                assert (project / path.relative_to(ROOT)).read_bytes() == path.read_bytes(), path
    run_build(project)
    return project, request.param


def test_a_third_language_added_by_configuration_builds_pages_with_its_lang_and_dir(trilingual):
    project, third = trilingual
    direction, locale, name, _, read_arabic = THIRD[third]
    site = project / "site"
    ids = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))
    assert ids
    expected = {"ar": ("rtl", site), "en": ("ltr", site / "en"), third: (direction, site / third)}
    for code, (dir_, folder) in expected.items():
        pages = [folder / "index.html", folder / "topics" / "index.html", folder / "about" / "index.html"]
        pages += [folder / "articles" / article_id / "index.html" for article_id in ids]
        for page in pages:
            root = lxml.html.parse(str(page)).getroot()
            assert (root.get("lang"), root.find("body").get("dir")) == (code, dir_), page
    page = lxml.html.parse(str(site / third / "articles" / ids[0] / "index.html")).getroot()
    assert _head_title(site / third / "index.html") == name
    # the page speaks its language and leads to the Arabic original; Arabic text on it is marked as Arabic
    assert read_arabic in page.text_content()
    original = page.cssselect('.digest-links a[hreflang="ar"]')[0].get("href")
    assert (site / third / "articles" / ids[0] / original / "index.html").resolve() == (
        site / "articles" / ids[0] / "index.html"
    ).resolve()
    assert all(p.get("dir") == "rtl" for p in page.cssselect('.md-content [lang="ar"]'))
    alternates = {link.get("hreflang") for link in page.cssselect('link[rel=" alternate"]')}
    assert alternates == {"ar", "en", third, "x-default"}
    assert page.cssselect('meta[property="og:locale"]')[0].get("content") == locale
    feed = (site / third / "feed.xml").read_text(encoding="utf-8")
    assert f"<language>{third}</language>" in feed and f"<title>{name}</title>" in feed
    assert (site / third / "search" / "manifest.json").is_file()
    assert f"/{third}/*  /{third}/404.html  404" in (site / "_redirects").read_text(encoding="utf-8")
    assert (site / third / "404.html").is_file()


def _h1(page: Path):
    return lxml.html.parse(str(page)).getroot().cssselect(".md-content h1")[0]


def test_a_third_language_shows_its_fallbacks_titles_and_summaries_marked_with_their_language(trilingual):
    """French shows the English titles and summaries, Persian the Arabic ones, each marked with its ``lang`` and
    ``dir`` on the article's page and in lists; without one in the fallback either, the page's own placeholder
    title and the Arabic summary, marked as Arabic."""
    project, third = trilingual
    fallback, fallback_dir = FALLBACK[third]
    site = project / "site"
    assert [lang.fallback for lang in site_config.load(project).languages] == [None, None, fallback]
    folder = {"ar": site, "en": site / "en"}[fallback]
    home = lxml.html.parse(str(site / third / "index.html")).getroot()
    ids = sorted(p.stem for p in (project / "seeds").glob("*.txt"))
    for article_id in ids:
        page = site / third / "articles" / article_id / "index.html"
        expected = _h1(folder / "articles" / article_id / "index.html").text_content()
        card = home.cssselect(f"h2#a-{article_id} a")[0]
        spans = _h1(page).cssselect("span[lang]") + card.cssselect("span[lang]")
        if third == "fr" and article_id == UNTRANSLATED:  # no English title: its own placeholder, unmarked
            assert spans == [] and _h1(page).text_content() == card.text_content() != expected
            assert "(en arabe seulement)" in _h1(page).text_content()
            summary = lxml.html.parse(str(page)).getroot().cssselect(".md-content .digest-summary")[0]
            assert (summary.get("lang"), summary.get("dir")) == ("ar", "rtl")
            continue
        assert [(s.get("lang"), s.get("dir"), s.text_content()) for s in spans] == [
            (fallback, fallback_dir, expected)
        ] * 2
        assert _head_title(page) == f"{expected} - {THIRD[third][2]}"
        summary = lxml.html.parse(str(page)).getroot().cssselect(".md-content .digest-summary span[lang]")
        assert [(s.get("lang"), s.get("dir")) for s in summary] == [(fallback, fallback_dir)]
    stories = sorted((site / third / "stories").glob("*/index.html"))
    assert stories
    for page in stories:  # a story is titled by its first report's headline: the fallback's, marked
        expected = _h1(folder / "stories" / page.parent.name / "index.html").text_content()
        spans = _h1(page).cssselect("span[lang]")
        assert [(s.get("lang"), s.get("dir"), s.text_content()) for s in spans] == [(fallback, fallback_dir, expected)]


# Breakages of the shipped configuration: (text replaced, its replacement, the key the error names, the text on the
# erroneous line). Each gives one error line naming mkdocs.yml (or the strings table) and that line.
BREAKAGES = {
    "feed items": ("feed_items: 50", "feed_items: 0", "extra.digest.feed_items", "feed_items: 0"),
    "page size": ("page_size: 50", "page_size: many", "extra.digest.page_size", "page_size: many"),
    "direction": ("        dir: ltr\n", "        dir: left\n", "extra.digest.languages[1].dir", "dir: left"),
    "time zone": ("timezone: Asia/Baghdad", "timezone: Mars/Olympus", "extra.digest.timezone", "Mars/Olympus"),
    "two defaults": (
        "        dir: ltr\n",
        "        dir: ltr\n        default: true\n",
        "extra.digest.languages",
        "      - code: ar",
    ),
    "unlike i18n": (
        "        - locale: en\n",
        "        - locale: de\n",
        "plugins[1].i18n.languages",
        "        - locale: ar",
    ),
    "fallback": (
        "        dir: ltr\n",
        "        dir: ltr\n        fallback: fr\n",
        "extra.digest.languages[1].fallback",
        "fallback: fr",
    ),
    "taxonomy in seeds": (
        "taxonomy: seeds/topics.yml",
        "taxonomy: seeds/entities.yml",
        "extra.digest.taxonomy",
        "taxonomy: seeds/entities.yml",
    ),
    "name in i18n": (
        "          name: English\n",
        "          name: English\n          site_name: Other\n",
        "plugins[1].i18n.languages[1].site_name",
        "site_name: Other",
    ),
}


def _line_of(path: Path, marker: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [i for i, line in enumerate(lines, 1) if marker in line]
    assert len(hits) == 1, (marker, hits)
    return hits[0]


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_an_invalid_configuration_is_one_error_line_naming_file_and_line(tmp_path, breakage):
    old, new, key, marker = BREAKAGES[breakage]
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "seeds").mkdir()
    config = project / "mkdocs.yml"
    _edit(config, old, new)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(project)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [line for line in result.stderr.splitlines() if key in line], result.stderr
    assert len(errors) == 1 and errors[0].startswith(f"error: {config}:{_line_of(config, marker)}: {key}: "), (
        result.stderr
    )
    assert not (project / "docs").exists()


def test_a_strings_table_lacking_a_key_is_an_error_naming_the_language(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    config = project / "mkdocs.yml"
    shutil.copy(ROOT / "mkdocs.yml", config)
    (project / "fr.yml").write_text(
        "\n".join(
            line
            for line in (ROOT / "tests" / "data" / "strings-fr.yml").read_text(encoding="utf-8").splitlines()
            if not line.startswith("rss:")
        )
        + "\n",
        encoding="utf-8",
    )
    _edit(config, "        locale: en_US\n", "        locale: en_US\n        strings: fr.yml\n")
    with pytest.raises(ErrorGroup) as caught:
        site_config.load(project)
    [error] = caught.value.errors
    assert error.format() == (
        f"{config}:{_line_of(config, 'strings: fr.yml')}: extra.digest.languages[1].strings: "
        "the strings table of 'en' lacks rss"
    )


def test_the_mkdocs_build_reports_a_configuration_error_with_its_line(tmp_path):
    """Run by MkDocs (``mkdocs build``, the hook), the same loader reports the same line."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    _edit(config, "feed_items: 50", "feed_items: -3")
    with pytest.raises(
        AssertionError,
        match=re.escape(
            f"{config}:{_line_of(config, 'feed_items: -3')}: extra.digest.feed_items: expected a positive whole number"
        ),
    ):
        run_build(project, generate=False)


def test_the_shipped_configuration():
    config = site_config.load(ROOT)
    assert config.codes == ("ar", "en") and config.default.code == "ar" and config.default.direction == "rtl"
    assert config.languages[1].direction == "ltr"
    assert tuple(i18n.MONTH_STYLES) == site_config.MONTH_STYLES
    assert i18n.DEFAULT_MONTHS == site_config.DEFAULT_MONTHS
    shipped = yaml.safe_load((ROOT / "generator" / "strings" / "ar.yml").read_text(encoding="utf-8"))
    assert set(shipped) == set(config.languages[1].strings)


def _documented() -> set[str]:
    doc = site_config.__doc__
    section = doc[doc.index("\nENVIRONMENT\n") : doc.index("\nEND\n")]
    # one line per variable, or per group of them: their names, two spaces, then what they do
    return {name for line in section.splitlines() for name in re.findall(r"``([A-Z][A-Z0-9_]*)", line.split("  ")[0])}


# Every file that can read the environment: the Python of the generator and the benchmarks (its own folders
# included), and the Makefile, which sets some for the programs it runs.
SCANNED = ("generator", "benchmarks")
NOT_OURS = {"PYTHONPATH"}  # Python's own, passed on unchanged to the processes the site build starts
_READ = re.compile(r"""\b(DIGEST_[A-Z0-9_]+)\b|(?:environ\.get\(|environ\[|getenv\()\s*["']([A-Z][A-Z0-9_]*)["']""")


def test_every_environment_variable_the_code_reads_is_documented_in_one_place():
    files = [path for folder in SCANNED for path in sorted((ROOT / folder).rglob("*.py"))] + [ROOT / "Makefile"]
    assert {path.relative_to(ROOT).parts[0] for path in files} == {*SCANNED, "Makefile"}
    read: dict[str, set[str]] = {}
    for path in files:
        if path == ROOT / "generator" / "config.py":  # where they are documented
            continue
        for found in _READ.finditer(path.read_text(encoding="utf-8")):
            read.setdefault(found[1] or found[2], set()).add(path.relative_to(ROOT).parts[0])
    assert {"SOURCE_DATE_EPOCH", "CI", "DIGEST_JOBS"} <= read.keys()
    assert "benchmarks" in read["DIGEST_SKIP_GENERATE"] and "Makefile" in read["DIGEST_REFUSE_DRAFTS"]
    documented = _documented()
    assert read.keys() - NOT_OURS - documented == set(), "read but not documented"
    assert documented - read.keys() == set(), "documented but never read"


def _generate(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(project)],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_page_size_and_taxonomy_path_are_read_from_the_configuration(tmp_path):
    shipped = copy_project(tmp_path / "shipped")
    _generate(shipped)
    project = copy_project(tmp_path / "project")
    (project / "seeds" / "topics.yml").rename(project / "taxonomy.yml")
    config = project / "mkdocs.yml"
    _edit(config, "taxonomy: seeds/topics.yml", "taxonomy: taxonomy.yml")
    _edit(config, "page_size: 50", "page_size: 2")
    _generate(project)

    def topic_pages(root: Path) -> tuple[list[str], list[str]]:
        pages = sorted(p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("topics/*.md"))
        return [p for p in pages if not re.search(r"-page-\d+\.md$", p)], [p for p in pages if "-page-" in p]

    fronts, archives = topic_pages(shipped)
    assert len(fronts) > 10 and archives == []
    # the same topics from the taxonomy elsewhere, their older articles on archive pages of 2
    assert topic_pages(project)[0] == fronts and topic_pages(project)[1]
    for lang in ("ar", "en"):
        home = (project / "docs" / lang / "index.md").read_text(encoding="utf-8")
        assert home.count('<div class="digest-card">') == 2
        shipped_home = (shipped / "docs" / lang / "index.md").read_text(encoding="utf-8")
        assert shipped_home.count('<div class="digest-card">') == len(list((shipped / "seeds").glob("*.txt")))


def test_english_with_an_arabic_fallback_shows_the_arabic_title_marked_as_arabic(tmp_path):
    """``fallback: ar`` on English: an article without an English title is titled in Arabic, marked as Arabic, on its
    page and in lists, instead of the English placeholder."""
    project = copy_project(tmp_path / "project")
    _edit(project / "mkdocs.yml", "        locale: en_US\n", "        locale: en_US\n        fallback: ar\n")
    meta = _untranslated(project)
    _generate(project)
    arabic = yaml.safe_load(meta.read_text(encoding="utf-8"))["title"]
    marked = f'<span lang="ar" dir="rtl">{html.escape(arabic)}</span>'
    page = (project / "docs" / "en" / "articles" / f"{UNTRANSLATED}.md").read_text(encoding="utf-8")
    assert f'<h1 id="title">{marked}</h1>' in page
    assert '<p class="digest-summary"><span lang="ar" dir="rtl">' in page
    home = (project / "docs" / "en" / "index.md").read_text(encoding="utf-8")
    assert f'<h2 id="a-{UNTRANSLATED}"><a href="articles/{UNTRANSLATED}/">{marked}</a>' in home
    assert home.count('lang="ar"') == 2  # its title and summary: the other articles have English ones
