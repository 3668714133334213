"""Server and browser helpers for the browser, accessibility and layout tests (test_browser.py, test_a11y.py).

The built seeds' site (the session-scoped ``built_site`` fixture of conftest.py) is served by a
``http.server`` thread on 127.0.0.1 at a free port; one headless Debian Chromium is launched per test
module through Playwright's sync API. Import the fixtures into a test module with
``from browser_fixtures import browser, site_url  # noqa: F401`` and call ``require_chromium(__name__)``
at the top of the module so the whole module is skipped, with a printed reason, when Chromium is missing.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

# One page of each kind, by its path under the language root ("" for Arabic, "en/" for English).
LANG_PREFIX = {"ar": "", "en": "en/"}


def require_chromium() -> None:
    """Skip the calling test module, saying why, when Chromium or Playwright is not available."""
    if not CHROMIUM.exists():
        reason = f"browser tests skipped: {CHROMIUM} is missing (run `make browser-deps` to install chromium)"
        print(reason)
        pytest.skip(reason, allow_module_level=True)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:  # pragma: no cover - playwright is in requirements.lock
        reason = "browser tests skipped: the playwright package is not installed"
        print(reason)
        pytest.skip(reason, allow_module_level=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # The browser closing a connection early (navigation, cancelled fetch) is not a failure of the site.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 at a free port; yields the base URL (ending with "/")."""
    handler = functools.partial(_QuietHandler, directory=os.fspath(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def site_url(built_site) -> Iterator[str]:
    """Base URL of the built seeds' site, served for the duration of the test module."""
    with serve(built_site) as url:
        yield url


@contextmanager
def launched_chromium():
    """Debian's headless Chromium driven by Playwright, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=os.fspath(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the test module."""
    with launched_chromium() as chromium:
        yield chromium


class PageProblems:
    """Console errors, failed requests and HTTP error responses seen by one Playwright page."""

    def __init__(self, page) -> None:
        self.console: list[str] = []
        self.failed: list[str] = []
        self.bad_status: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.console.append(f"pageerror: {exc}"))
        page.on("requestfailed", lambda req: self.failed.append(f"{req.method} {req.url}: {req.failure}"))
        page.on("response", self._on_response)

    def _on_console(self, msg) -> None:
        if msg.type == "error":
            self.console.append(f"console.error: {msg.text} ({msg.location.get('url', '')})")

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.bad_status.append(f"HTTP {response.status} {response.url}")

    def all(self) -> list[str]:
        return self.console + self.failed + self.bad_status


KINDS = ("home", "article", "topics", "topic", "entity", "digests", "digest", "timeline", "story", "about")
LANGS = ("ar", "en")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


def representative_pages(site: Path) -> dict[str, str]:
    """One page of each kind, as a path under a language root ("" for Arabic, "en/" for English).

    Kinds: home, article, topics (index), topic, entity, digests (index), digest (a month), timeline, story, about.
    The article, topic (a theme's page), digest and story are the first ones by name that exist in both languages;
    the entity is the first person's, organisation's or place's page that lists stories (profile, chart, stories).
    """
    def first(folder: str, accept=lambda name: True) -> str:
        names = sorted(p.name for p in (site / folder).iterdir()
                       if p.is_dir() and accept(p.name) and (p / "index.html").is_file()
                       and (site / "en" / folder / p.name / "index.html").is_file())
        assert names, f"no {folder}/<name>/index.html in both languages under {site}"
        return f"{folder}/{names[0]}/"

    def shows(marker: bytes, wanted: bool):
        def accept(name: str) -> bool:
            page = site / "topics" / name / "index.html"
            return page.is_file() and (marker in page.read_bytes()) == wanted
        return accept

    pages = {"home": "", "article": first("articles"), "topics": "topics/",
             "topic": first("topics", shows(b'class="digest-profile"', False)),
             "entity": first("topics", shows(b'class="digest-stories"', True)),
             "digests": "digests/", "digest": first("digests", _MONTH.match), "timeline": "timeline/",
             "story": first("stories"), "about": "about/"}
    for lang in LANGS:
        for rel in pages.values():
            path = site / LANG_PREFIX[lang] / rel / "index.html"
            assert path.is_file(), path
    return pages
