"""A 404 page per language, read in Chromium from a static server that answers a missing page the way GitHub
Pages (the root 404.html) and Netlify (the site's _redirects rules, else the root 404.html) do."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from browser_fixtures import launched_chromium, require_chromium

require_chromium()


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; a missing one answered with status 404 and the first ``_redirects`` rule's page whose
    ``/prefix/*`` matches (Netlify), else the root ``404.html`` (GitHub Pages, and Netlify without a rule)."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.exists(path) and (os.path.isfile(path) or os.path.isfile(os.path.join(path, "index.html"))):
            return super().send_head()
        root = Path(self.directory)
        page = root / "404.html"
        rules = root / "_redirects"
        for line in rules.read_text(encoding="utf-8").splitlines() if rules.exists() else ():
            pattern, target, status = line.split()
            if status == "404" and urlsplit(self.path).path.startswith(pattern.rstrip("*")):
                page = root / target.lstrip("/")
                break
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@contextmanager
def _serve(directory: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_PagesHandler, directory=os.fspath(directory))
    )
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser_page(built_site):
    with _serve(built_site) as base, launched_chromium() as chromium:
        context = chromium.new_context()
        page = context.new_page()
        yield base, page
        context.close()


@pytest.mark.parametrize(
    ("missing", "lang", "direction", "home"),
    [
        ("no/such/page/", "ar", "rtl", ""),
        ("articles/no-such-article/", "ar", "rtl", ""),
        ("en/no/such/page/", "en", "ltr", "en/"),
        ("en/articles/no-such-article/", "en", "ltr", "en/"),
    ],
)
def test_a_missing_page_gets_its_languages_404_page(browser_page, missing, lang, direction, home):
    base, page = browser_page
    response = page.goto(base + missing)
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("body").get_attribute("dir") == direction
    assert (
        page.locator("h1").first.inner_text() == {"ar": "الصفحة غير موجودة (404)", "en": "Page not found (404)"}[lang]
    )
    url = page.url
    # a link home, the search box, and the newest articles, whose links lead to pages that exist
    home_links = [
        urljoin(url, h)
        for h in page.locator("article .digest-home a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    ]
    assert home_links == [base + home]
    assert page.locator("input.md-search__input").count() == 1
    latest = page.locator("article li a").evaluate_all("els => els.map(e => e.href)")
    assert len(latest) >= 3 and all(link.startswith(base + home + "articles/") for link in latest)
    page.locator("input.md-search__input").fill("العراق" if lang == "ar" else "Iraq")
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert page.locator(".md-search-result__item").count() > 0
    page.keyboard.press("Escape")
    # the language switcher leads to each language's home page; the feed links are this language's
    switcher = dict(
        page.locator("a.md-select__link").evaluate_all("els => els.map(e => [e.getAttribute('hreflang'), e.href])")
    )
    assert switcher == {"ar": base, "en": base + "en/"}
    feeds = page.locator('link[type="application/rss+xml"]').evaluate_all("els => els.map(e => e.href)")
    assert feeds == [base + home + "feed.xml"]
    response = page.goto(latest[0])
    assert response.status == 200
