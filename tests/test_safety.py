"""Safe output: HTML, Markdown, Jinja and entities in an article reach the reader as literal text, never as markup.

One hostile article (text, title, summary, English title and summary, source, URL) is built with the real
generator and ``mkdocs build --strict``; the built HTML, the feeds and a real browser are then checked.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import ROOT, copy_project, run_build
from generator.render import html_text, linked_html

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
GOOD_ID = "002_f4b2df3151264d84"
EVIL_ID = "evil"

# Body paragraphs, each a line the cleaner keeps; markers (…MARK) find what they would have become.
BODY = (
    "قال المسؤول إن الاجتماع انتهى <script>alert(1)</script> بعد ساعات من الحوار.",
    "وأضاف أن الصورة <img src=x onerror=alert(1)> لم تنشر بعد في بغداد.",
    "موقف واشنطن <b>BOLDMARK</b> <script>window.pwned=1</script>",  # a subheading (## …) for the cleaner
    "# HEADMARK قال المتحدث إن الوفد وصل إلى بغداد يوم الثلاثاء.",
    "* STARMARK وأوضح المتحدث أن المحادثات ستستمر حتى نهاية الأسبوع.",
    "- DASHMARK وأشار إلى أن اللجان الفنية ستجتمع قبل نهاية الشهر.",
    "1. NUMMARK وقال إن الحكومة أرسلت طلبا رسميا إلى واشنطن.",
    "[x](javascript:alert(1)) وذكر أن الرابط [y](https://example.org/y) أرسل إلى الصحفيين.",
    "|TABA|TABB| وأكد أن الجدول لم ينشر بعد.",
    "<!-- COMMENTMARK --> وقال إن التعليق لم يظهر في البيان.",
    "--- وقال إن الفاصل لم يظهر في النص.",
    "{: .injected} وأضاف أن السمات لم تتغير في البيان الختامي.",
    "{% raw %}{% if %}{{ x }}{% endraw %} وقال إن القالب لم يتغير في النص.",
    "وأشار إلى أن الرموز &amp; و &lt; و &gt; و &#60;script&#62; كتبت كما هي.",
    "<a href=\"javascript:alert(1)\">رابط</a> وقال إن الرابط لم يعمل في الصفحة.",
    "<svg onload=window.pwned=1></svg> وأكد أن الصورة لم تظهر في البيان.",
    "<iframe src=\"javascript:parent.pwned=1\"></iframe> *EMMARK* _UNDERMARK_ `CODEMARK` وقال إن الإطار لم يظهر.",
)
TEXT = "عنوان تجريبي للاختبار\n\nبغداد –\n\n" + "\n\n".join(BODY) + "\n"

TITLE = ("عنوان <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) # * - 1. |a|b| "
         "<!-- c --> --- {: .injected} {% raw %}{% if %}{{ x }}{% endraw %} &amp; &lt;b&gt; "
         "</title><script>window.pwned=1</script>")
SUMMARY = ("ملخص \"><script>alert(1)</script> <img src=x onerror=window.pwned=1> [x](javascript:alert(1)) "
           "*EMMARK* _u_ `code` # * - 1. |a|b| <!-- c --> --- {: .injected} {% raw %}{% if %}{{ x }}{% endraw %} "
           "&amp; &lt;b&gt;")
TITLE_EN = ("Title <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) &amp; &lt;i&gt; "
            "{{ x }} \"><svg onload=window.pwned=1>")
SUMMARY_EN = ("1. Summary \"><script>alert(1)</script> <img src=x onerror=window.pwned=1> [x](javascript:alert(1)) "
              "*EMMARK* &amp; &lt;b&gt; {{ x }} </p><script>window.pwned=1</script>")
SOURCE = "<script>alert(1)</script> &amp; [s](javascript:alert(1))"
SOURCE_EN = "<img src=x onerror=alert(1)> &amp; {{ x }}"
URL = "https://example.org/a?b=1&c=\"><script>alert(1)</script>"
MARKS = ("HEADMARK", "STARMARK", "DASHMARK", "NUMMARK", "TABA", "BOLDMARK", "EMMARK", "UNDERMARK", "CODEMARK")


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


META = "".join(f"{key}: {_yaml_str(value)}\n" for key, value in [
    ("title", TITLE), ("title_en", TITLE_EN), ("summary", SUMMARY), ("summary_en", SUMMARY_EN),
    ("source", SOURCE), ("source_en", SOURCE_EN), ("url", URL)]) + "date: 2021-07-20\n" \
    "source_feed: https://example.org/feed.xml\n"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A project holding one good article and the hostile one, generated and built with mkdocs --strict."""
    seeds = tmp_path_factory.mktemp("hostile-seeds") / "seeds"
    seeds.mkdir()
    for name in (f"{GOOD_ID}.txt", f"{GOOD_ID}.yml", "topics.yml"):
        shutil.copy(ROOT / "seeds" / name, seeds / name)
    (seeds / f"{EVIL_ID}.txt").write_text(TEXT, encoding="utf-8")
    (seeds / f"{EVIL_ID}.yml").write_text(META, encoding="utf-8")
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project", seeds)
    run_build(project)
    return project


def _page(site: Path, rel: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / rel).read_bytes())


def _by_class(el: lxml.html.HtmlElement, cls: str) -> list[lxml.html.HtmlElement]:
    return el.xpath(f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")


def _tags(el: lxml.html.HtmlElement, *names: str) -> list[lxml.html.HtmlElement]:
    return el.xpath(" | ".join(f".//{n}" for n in names))


def _content(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    (content,) = _by_class(doc, "md-content")
    return content


ARTICLE_PAGES = (f"articles/{EVIL_ID}/index.html", f"en/articles/{EVIL_ID}/index.html")


def test_no_script_handler_or_javascript_link_from_content(hostile):
    """No page of the site holds a script, event handler or javascript: URL that the content brought."""
    pages = sorted((hostile / "site").rglob("*.html"))
    assert len(pages) > 20
    problems = []
    for path in pages:
        doc = lxml.html.fromstring(path.read_bytes())
        rel = path.relative_to(hostile / "site")
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            for name, value in el.attrib.items():
                if name.lower().startswith("on"):
                    problems.append(f"{rel}: <{el.tag} {name}={value!r}>")
                if re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "vbscript:", "data:text")):
                    problems.append(f"{rel}: <{el.tag} {name}={value!r}>")
            if el.tag == "script" and el.get("type") == "application/ld+json":
                # structured data, never run: the content stays inside its JSON strings, the element unbroken
                json.loads(el.text)
                if "</" in el.text:
                    problems.append(f"{rel}: '</' inside JSON-LD")
            elif el.tag == "script" and re.search(r"alert|pwned", (el.text or "") + el.get("src", "")):
                problems.append(f"{rel}: <script>{el.text}</script>")
            if el.tag in ("iframe", "object", "embed") or (el.tag == "img" and el.get("src") == "x"):
                problems.append(f"{rel}: <{el.tag}>")
            if "injected" in (el.get("class") or ""):
                problems.append(f"{rel}: class=injected")
    assert not problems, "\n".join(problems[:30])


def test_arabic_page_shows_the_literal_text(hostile):
    doc = _page(hostile / "site", ARTICLE_PAGES[0])
    assert doc.findtext(".//title") == f"{TITLE} - موجز أخبار العراق"
    assert doc.xpath("string(//meta[@name='description']/@content)") == SUMMARY
    assert _by_class(doc, "md-header__topic")[-1].text_content().strip() == TITLE
    content = _content(doc)
    (h1,) = _tags(content, "h1")
    assert h1.text_content() == TITLE
    assert _by_class(content, "digest-source")[0].text_content() == SOURCE
    assert _by_class(content, "digest-summary")[0].text_content() == SUMMARY
    text = content.text_content()
    for paragraph in BODY:
        assert paragraph in text, paragraph
    for literal in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
                    "&amp;", "&lt;", "&#60;script&#62;", "<!-- COMMENTMARK -->", "{{ x }}", "{% if %}", "|TABA|TABB|"):
        assert literal in text, literal
    (original,) = _tags(_by_class(content, "digest-original")[0], "a")
    assert original.get("href") == URL


def test_english_page_shows_the_literal_text(hostile):
    doc = _page(hostile / "site", ARTICLE_PAGES[1])
    assert doc.findtext(".//title") == f"{TITLE_EN} - Iraq News Digest"
    assert doc.xpath("string(//meta[@name='description']/@content)") == SUMMARY_EN
    assert _by_class(doc, "md-header__topic")[-1].text_content().strip() == TITLE_EN
    content = _content(doc)
    (h1,) = _tags(content, "h1")
    assert h1.text_content() == TITLE_EN
    assert _by_class(content, "digest-source")[0].text_content() == SOURCE_EN
    assert _by_class(content, "digest-summary")[0].text_content() == SUMMARY_EN


@pytest.mark.parametrize("rel", ARTICLE_PAGES)
def test_no_markdown_structure_from_content(hostile, rel):
    """Headings, lists, tables, rules, emphasis, links and comments in the content stay text."""
    content = _content(_page(hostile / "site", rel))
    assert len(_tags(content, "h1")) == 1
    assert not _tags(content, "table", "hr", "em", "b", "code", "pre", "blockquote", "iframe", "img")
    for el in content.iter("h1", "h2", "h3", "h4", "h5", "h6", "li", "a", "strong", "td", "th", "dt", "dd"):
        text = el.text_content()
        marks = [m for m in MARKS if m in text]
        if el.tag == "h2" and marks == ["BOLDMARK"]:  # the cleaner's subheading, shown literally
            assert text == "موقف واشنطن <b>BOLDMARK</b> <script>window.pwned=1</script>"
            continue
        assert not marks, f"<{el.tag}> made from content: {text!r}"
    hrefs = [a.get("href") for a in content.iter("a")]
    assert "y" not in hrefs and "https://example.org/y" not in hrefs
    assert not any("COMMENTMARK" in c.text or " c " in c.text for c in content.xpath(".//comment()"))


@pytest.mark.parametrize("rel, title, summary", [
    ("index.html", TITLE, SUMMARY), ("en/index.html", TITLE_EN, SUMMARY_EN),
    ("timeline/index.html", TITLE, SUMMARY), ("en/timeline/index.html", TITLE_EN, SUMMARY_EN),
    ("digests/2021-07/index.html", TITLE, SUMMARY), ("en/digests/2021-07/index.html", TITLE_EN, SUMMARY_EN),
    ("topics/baghdad/index.html", TITLE, SUMMARY), ("en/topics/baghdad/index.html", TITLE_EN, SUMMARY_EN),
])
def test_list_pages_show_the_literal_text(hostile, rel, title, summary):
    site = hostile / "site"
    if not (site / rel).exists():
        pytest.skip(f"{rel} is not built (no such page kind for this corpus)")
    content = _content(_page(site, rel))
    links = [a for a in content.iter("a") if f"articles/{EVIL_ID}/" in (a.get("href") or "")]
    assert links and any(a.text_content() == title for a in links), [a.text_content() for a in links]
    assert summary in content.text_content()
    assert not _tags(content, "table", "hr", "em", "b", "code", "pre", "iframe", "img")


def _items(feed: lxml.etree._Element) -> dict[str, lxml.etree._Element]:
    return {item.findtext("link"): item for item in feed.iter("item")}


@pytest.mark.parametrize("lang, title, summary, creator", [
    ("ar", TITLE, SUMMARY, SOURCE), ("en", TITLE_EN, SUMMARY_EN, SOURCE_EN)])
def test_feeds_parse_and_keep_the_literal_text(hostile, lang, title, summary, creator):
    docs = hostile / "docs" / lang
    feeds = sorted(docs.rglob("*.xml"))
    assert docs / "feed.xml" in feeds
    for path in feeds:  # every feed and sitemap is well-formed XML
        lxml.etree.parse(str(path))
    root = lxml.etree.parse(str(docs / "feed.xml")).getroot()
    (item,) = [i for link, i in _items(root).items() if f"/articles/{EVIL_ID}/" in link]
    assert item.findtext("title") == title
    assert html.unescape(item.findtext("description")) == summary  # RSS descriptions are HTML
    assert item.findtext("source") == creator and item.find("source").get("url") == "https://example.org/feed.xml"
    data = json.loads((docs / "feed.json").read_text(encoding="utf-8"))
    (entry,) = [e for e in data["items"] if f"/articles/{EVIL_ID}/" in e["url"]]
    assert entry["title"] == title and entry["summary"] == summary
    # the built copy of the feed is the same document
    built = hostile / "site" / ("" if lang == "ar" else "en") / "feed.xml"
    assert built.read_bytes() == (docs / "feed.xml").read_bytes()


# Text shown literally by html_text() and linked_html(): no HTML character survives unescaped, and the
# reader gets the text back (entities decoded) with only whitespace runs collapsed.
@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
@example("00\r\u16800")  # whitespace at the edge of a link, then a non-ASCII space
def test_page_text_round_trips_and_escapes(text):
    out = html_text(text)
    assert not set("<>") & set(out), out
    assert re.fullmatch(r"(?:[^&]|&(?:amp|lt|gt);)*", out), out  # every '&' starts one of these entities
    assert "\n" not in out
    assert html.unescape(out) == re.sub(r"\s+", " ", text).strip()
    if len(text) >= 3:  # linked_html(): the only markup is the one link it was asked to make
        out = linked_html(text, [(0, 3, "../topics/x/")])
        links = 1 if text[:3].strip() else 0  # a span of whitespace only makes no link
        assert out.count('<a href="../topics/x/">') == links and out.count("</a>") == links, out
        inner = out.replace('<a href="../topics/x/">', "", 1).replace("</a>", "", 1)
        assert not set("<>") & set(inner), out
        assert html.unescape(inner).strip() == re.sub(r"\s+", " ", text).strip()  # as a browser shows it


# --- in a browser -------------------------------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def served(hostile):
    handler = functools.partial(_Quiet, directory=str(hostile / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"browser test skipped: {CHROMIUM} is missing (make browser-deps installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser test skipped: playwright not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _visit(browser, url: str, script: str | None = None) -> tuple[list[str], dict]:
    """Open ``url`` (or ``script`` as a page), return the dialogs that opened and what the page's globals say."""
    page = browser.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        if script is None:
            page.goto(url, wait_until="load")
        else:
            page.set_content(script, wait_until="load")
        page.wait_for_timeout(300)  # let onerror/onload handlers of broken images run
        state = page.evaluate("() => ({pwned: typeof window.pwned, h1: (document.querySelector('h1') || {}).innerText})")
    finally:
        page.close()
    return dialogs, state


@pytest.mark.browser
def test_browser_harness_detects_injected_script(browser):
    """The check below can fail: an injected script does open a dialog and set the flag."""
    dialogs, state = _visit(browser, "", "<h1>x</h1><img src=x onerror=\"window.pwned=1;alert(1)\">")
    assert dialogs == ["alert: 1"] and state["pwned"] == "number"


@pytest.mark.browser
@pytest.mark.parametrize("rel, title", [
    (f"articles/{EVIL_ID}/", TITLE), (f"en/articles/{EVIL_ID}/", TITLE_EN), ("", None), ("en/", None),
    ("timeline/", None), ("en/timeline/", None), ("topics/baghdad/", None), ("digests/2021-07/", None),
])
def test_no_script_runs_in_the_browser(browser, served, hostile, rel, title):
    if not (hostile / "site" / rel / "index.html").exists():
        pytest.skip(f"{rel} is not built for this corpus")
    dialogs, state = _visit(browser, served + rel)
    assert dialogs == [], dialogs
    assert state["pwned"] == "undefined"
    if title is not None:
        assert state["h1"] == title  # the reader sees the literal text


@pytest.mark.browser
@pytest.mark.parametrize("rel, title", [("", TITLE), ("en/", TITLE_EN)])
def test_search_results_show_the_literal_text(browser, served, rel, title):
    """Search results (titles and snippets as HTML from the search worker) and the highlighted page they open."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(served + rel, wait_until="networkidle")
        box = page.locator(".md-search__input")
        box.click()
        box.press_sequentially("alert", delay=30)  # a word of the hostile title
        result = page.locator(".md-search-result__item", has_text="alert").first
        result.wait_for(timeout=15000)
        assert result.locator("h1").inner_text() == title
        assert not page.query_selector(".md-search-result img, .md-search-result script, .md-search-result svg")
        result.locator("a").click()
        page.wait_for_url(f"**/articles/{EVIL_ID}/**")
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        assert page.locator(".md-content h1").inner_text() == title  # search.highlight marks, text unchanged
        assert dialogs == [] and page.evaluate("typeof window.pwned") == "undefined"
    finally:
        page.close()
