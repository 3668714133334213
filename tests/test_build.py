"""The real generator and a real `mkdocs build --strict` produce a working bilingual site."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import lxml.html
import pytest
import yaml

from generator import arabic, i18n

ROOT = Path(__file__).resolve().parent.parent
SEED_IDS = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nhooks:")[0]
                          .replace("!!python", "python"))["site_url"]


def page(site: Path, rel: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / rel).read_bytes())


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_build_log_has_no_warnings(built_project):
    log = (built_project / "mkdocs-build.log").read_text(encoding="utf-8")
    assert "WARNING" not in log, log


@pytest.mark.parametrize("article_id", SEED_IDS)
def test_one_page_per_article_per_language_with_direction(built_site, article_id):
    ar = page(built_site, f"articles/{article_id}/index.html")
    en = page(built_site, f"en/articles/{article_id}/index.html")
    assert ar.get("lang") == "ar" and ar.find("body").get("dir") == "rtl"
    assert en.get("lang") == "en" and en.find("body").get("dir") == "ltr"


@pytest.mark.parametrize("article_id", SEED_IDS)
def test_language_switcher_points_to_counterpart(built_site, article_id):
    for rel, other in [(f"articles/{article_id}/index.html", f"en/articles/{article_id}/"),
                       (f"en/articles/{article_id}/index.html", f"articles/{article_id}/")]:
        doc = page(built_site, rel)
        base = "https://x.test/" + rel
        targets = {urljoin(base, a.get("href")) for a in doc.cssselect("a.md-select__link")}
        assert "https://x.test/" + other in targets, (rel, targets)


def _seed_dates() -> list[tuple[str, str]]:
    out = []
    for article_id in SEED_IDS:
        meta = yaml.safe_load((ROOT / "seeds" / f"{article_id}.yml").read_text(encoding="utf-8"))
        out.append((str(meta["date"]), article_id))
    return out


@pytest.mark.parametrize("home", ["index.html", "en/index.html"])
def test_home_lists_articles_newest_first(built_site, home):
    doc = page(built_site, home)
    links = [a.get("href") for a in doc.cssselect(".md-content .digest-card h2 a")]
    ids = [re.search(r"articles/([^/]+)/", href).group(1) for href in links]
    newest_first = sorted(_seed_dates(), key=lambda d: d[1])  # ties: by id
    newest_first.sort(key=lambda d: d[0], reverse=True)  # stable sort keeps the id order inside a date
    expected = [aid for _, aid in newest_first]
    assert ids[:len(SEED_IDS)] == expected
    assert len(doc.cssselect(".digest-card time")) >= len(SEED_IDS)


def test_arabic_article_shows_cleaned_full_text(built_site):
    doc = page(built_site, "articles/002_f4b2df3151264d84/index.html")
    text = doc.cssselect(".md-content")[0].text_content()
    assert "كشف موقع بوليتيكو الأمريكي" in text
    assert "كلمات دلالية" not in text and "إقرأ أيضاً" not in text


def _unmarked_arabic(element) -> list[str]:
    """Arabic text in ``element`` not inside an element marked lang="ar"."""
    found = []
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        if node.get("lang") == "ar":
            continue
        if any(p.get("lang") == "ar" for p in node.iterancestors()):
            continue
        for text in (node.text, node.tail if node.getparent() is not None and node.getparent().get("lang") != "ar"
                     else None):
            if text and arabic.is_arabic(text):
                found.append(text.strip())
    return found


def test_english_pages_never_show_arabic_marked_as_english(built_site):
    for path in html_pages(built_site / "en"):
        doc = lxml.html.fromstring(path.read_bytes())
        content = doc.cssselect(".md-content")
        if not content:
            continue
        assert _unmarked_arabic(content[0]) == [], path


def test_english_article_links_arabic_full_text(built_site):
    rel = f"en/articles/{SEED_IDS[0]}/index.html"
    doc = page(built_site, rel)
    hrefs = [urljoin("https://x.test/" + rel, a.get("href")) for a in doc.cssselect(".md-content a[hreflang=ar]")]
    assert f"https://x.test/articles/{SEED_IDS[0]}/" in hrefs


def _material_strings(text: str) -> dict[str, str]:
    """The key: string pairs of one of Material's ``partials/languages/*.html`` macros."""
    return dict(re.findall(r'^\s*"([^"]+)": "([^"]*)",?$', text, re.M))


def test_arabic_interface_strings_cover_materials_and_fix_its_wording():
    import material

    theirs = _material_strings((Path(material.__file__).parent / "templates" / "partials" / "languages" / "ar.html")
                               .read_text(encoding="utf-8"))
    ours = _material_strings((ROOT / "templates" / "theme" / "partials" / "languages" / "ar.html")
                             .read_text(encoding="utf-8"))
    assert len(theirs) > 40
    # a key Material adds and this file lacks would show in English on Arabic pages
    assert set(ours) == set(theirs), (f"keys to add: {sorted(set(theirs) - set(ours))}, "
                                      f"to drop: {sorted(set(ours) - set(theirs))}")
    assert ours["search.result.other"] == "عدد النتائج: #" and ours["select.language"] == "اختر اللغة"
    changed = {key for key in theirs if ours[key] != theirs[key]}
    assert {"search.result.one", "search.result.other", "search", "select.language", "top"} <= changed


def test_pages_show_the_edited_arabic_interface_strings(built_site):
    texts, counts = {}, {}
    for lang, rel in (("ar", f"articles/{SEED_IDS[0]}/index.html"), ("en", f"en/articles/{SEED_IDS[0]}/index.html")):
        texts[lang] = (built_site / rel).read_text(encoding="utf-8")
        config = json.loads(lxml.html.fromstring(texts[lang]).get_element_by_id("__config").text)
        counts[lang] = config["translations"]["search.result.other"]
    assert "اختر اللغة" in texts["ar"] and "إختر اللغة" not in texts["ar"]
    assert "العودة إلى الأعلى" in texts["ar"] and "عد إلى الأعلى" not in texts["ar"]
    assert counts == {"ar": "عدد النتائج: #", "en": "# matching documents"}
    assert "Back to top" in texts["en"] and "اختر اللغة" not in texts["en"]


def test_about_pages_exist(built_site):
    assert page(built_site, "about/index.html").get("lang") == "ar"
    assert page(built_site, "en/about/index.html").get("lang") == "en"


def test_no_request_leaves_the_site(built_site):
    own = urlparse(SITE_URL).netloc
    for path in html_pages(built_site):
        doc = lxml.html.fromstring(path.read_bytes())
        for el in doc.iter("script", "link", "img", "iframe", "source", "video", "audio"):
            url = el.get("src") or (el.get("href") if el.tag == "link" else None)
            if not url:
                continue
            host = urlparse(url).netloc
            assert host in ("", own), (path, url)
    for css in built_site.rglob("*.css"):
        for url in re.findall(r"url\((['\"]?)(https?://[^)'\"]+)", css.read_text(encoding="utf-8")):
            assert urlparse(url[1]).netloc in ("", own), (css, url)


def test_every_internal_link_resolves(built_site):
    missing = []
    for path in html_pages(built_site):
        doc = lxml.html.fromstring(path.read_bytes())
        base = "https://x.test/" + path.relative_to(built_site).as_posix()
        for el in doc.iter("a", "link"):
            href = el.get("href")
            if not href or href.startswith(("#", "mailto:", "javascript:")):
                continue
            url = urlparse(urljoin(base, href))
            if url.netloc != "x.test":
                continue
            target = built_site / url.path.lstrip("/")
            if url.path.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                missing.append((path.relative_to(built_site).as_posix(), href))
    assert missing == []


def test_mkdocs_build_alone_generates_through_the_hook(tmp_path):
    """`mkdocs build` without the generator run first: the hook writes the pages, and a bad seed stops the build."""
    import os
    import subprocess
    import sys

    from conftest import copy_project

    project = copy_project(tmp_path / "p")
    env = {k: v for k, v in os.environ.items() if k != "DIGEST_SKIP_GENERATE"} | {"NO_MKDOCS_2_WARNING": "1"}
    mkdocs = [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-f", str(project / "mkdocs.yml")]
    result = subprocess.run(mkdocs, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "en" / "articles" / SEED_IDS[0] / "index.html").exists()
    (project / "seeds" / f"{SEED_IDS[0]}.yml").write_text("date: yesterday\n", encoding="utf-8")
    result = subprocess.run(mkdocs, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert f"{SEED_IDS[0]}.yml:1: date: expected a calendar date" in result.stderr
    assert "Traceback" not in result.stderr


def test_english_counts_are_singular_for_one(built_site):
    """A topic with one article says "1 article"; the Arabic label reads right for any number."""
    assert i18n.t("articles_count", "en", n=1) == "1 article"
    assert i18n.t("articles_count", "en", n=2) == "2 articles"
    assert i18n.t("articles_count", "ar", n=1) == "عدد المقالات: 1"
    pages = list((built_site / "en" / "topics").glob("*/index.html"))
    assert pages
    for page in pages:
        assert "1 articles" not in page.read_text(encoding="utf-8"), page
