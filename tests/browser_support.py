"""Fixtures for the search tests (test_search.py): served sites, a Chromium that skips politely, a stock build.

tests/conftest.py (built_project / built_site) and tests/browser_fixtures.py (serve, Chromium launch
arguments) already exist and are reused. What is added here:

* ``search_browser``: one headless Chromium for the session, or a skip with a printed reason, per test
  (test_search.py also holds tests that need no browser, so a module-level skip would not do);
* ``search_site_url``: the seeds' site built with our search, served over HTTP;
* ``stock_site`` / ``stock_site_url``: the same seeds built with Material's stock search (generated pages
  indexed by Material, Material's lunr worker), for the side-by-side recall figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser_fixtures import CHROMIUM, launched_chromium, serve
from conftest import copy_project, run_build


def chromium_missing_reason() -> str | None:
    """Why the browser cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (run `make browser-deps` to install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:  # pragma: no cover - playwright is in requirements.lock
        return "the playwright package is not installed"
    return None


@pytest.fixture(scope="module")
def search_browser():
    """A headless Debian Chromium through Playwright, shared by a module's search tests.

    Module scope: Playwright's sync API allows one running instance, and other modules start their own."""
    reason = chromium_missing_reason()
    if reason:
        print(f"\nsearch browser tests skipped: {reason}")
        pytest.skip(reason)
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def search_site_url(built_site) -> Iterator[str]:
    """The seeds' site (conftest's ``built_site``) served over HTTP for the whole session."""
    with serve(built_site) as url:
        yield url


def make_stock(project: Path) -> Path:
    """Turn a copy of the project into Material's stock search: generated pages indexed, Material's worker."""
    for template in (project / "templates" / "pages").glob("*.md.j2"):
        text = template.read_text(encoding="utf-8")
        template.write_text(re.sub(r"^search:\n  exclude: true\n", "", text, count=1, flags=re.M), encoding="utf-8")
    main = project / "templates" / "theme" / "main.html"
    text = main.read_text(encoding="utf-8")
    main.write_text(re.sub(r"\{% block config %\}.*?\{% endblock %\}", "", text, flags=re.S), encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def stock_site(tmp_path_factory) -> Path:
    """The seeds' site built with Material's stock search."""
    project = make_stock(copy_project(tmp_path_factory.mktemp("stock") / "project"))
    run_build(project)
    return project / "site"


@pytest.fixture(scope="session")
def stock_site_url(stock_site) -> Iterator[str]:
    with serve(stock_site) as url:
        yield url
