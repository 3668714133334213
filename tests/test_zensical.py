"""Smoke test of the road away from MkDocs: Zensical builds the generated docs/ into both language sites.

Zensical is pinned and installed in its own venv under .cache/ (benchmarks/zensical.py); when it cannot be
installed the test is skipped with the reason. It builds docs/ without the MkDocs hook and theme overrides:
what this checks is that docs/ itself, Markdown with front matter and relative links, needs neither.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import lxml.html
import pytest

from benchmarks import zensical
from generator import config as site_config

ROOT = Path(__file__).resolve().parent.parent
LANGS = {"ar": ("", "rtl"), "en": ("en/", "ltr")}  # language: (folder in the site, direction)


def _lang_and_dir(page: Path) -> tuple[str | None, str | None]:
    root = lxml.html.fromstring(page.read_bytes())
    body = root.find("body")
    direction = root.get("dir") or (body.get("dir") if body is not None else None)
    return root.get("lang"), direction


@pytest.fixture(scope="module")
def zensical_site(built_project, tmp_path_factory) -> Path:
    """The seeds' generated docs/ (conftest's ``built_project``) built by Zensical; returns its site folder."""
    try:
        command = zensical.install()
    except zensical.Unavailable as exc:
        pytest.skip(str(exc))
    project = zensical.prepare(
        built_project / "docs", built_project / "mkdocs.yml", tmp_path_factory.mktemp("zensical")
    )
    done = subprocess.run(zensical.build_command(command), cwd=project, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"zensical-i18n build failed:\n{done.stdout}\n{done.stderr}"
    return project / "site"


def test_zensical_config_keeps_the_languages_and_drops_only_what_mkdocs_alone_reads():
    source = zensical.read_mkdocs_yml(ROOT / "mkdocs.yml")
    config = zensical.config(ROOT / "mkdocs.yml")
    assert not set(zensical.MKDOCS_ONLY) & set(config)
    # the site's names, which the MkDocs hook sets, come from the digest's configuration
    site = site_config.load(ROOT)
    source.update(site_name=site.default.site_name, site_description=site.default.site_description)
    i18n = next(p["i18n"] for p in source["plugins"] if isinstance(p, dict) and "i18n" in p)
    for entry, lang in zip(i18n["languages"], site.languages, strict=True):
        entry.update(site_name=lang.site_name, site_description=lang.site_description)
    assert config["plugins"] == source["plugins"]
    assert config["theme"] == {key: value for key, value in source["theme"].items() if key != "custom_dir"}
    assert {key: value for key, value in source.items() if key not in (*zensical.MKDOCS_ONLY, "theme")} == {
        key: value for key, value in config.items() if key != "theme"
    }


def test_an_uninstallable_zensical_is_reported_not_raised(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("zensical==0.0.0.dev0+not.on.the.index\n")
    with pytest.raises(zensical.Unavailable, match="Zensical could not be installed"):
        zensical.install(lock, tmp_path / "venv")


def test_every_article_page_exists_in_both_languages_with_lang_and_dir(built_project, zensical_site):
    ids = sorted(path.stem for path in (built_project / "seeds").glob("*.txt"))
    assert ids
    for article_id in ids:
        for lang, (prefix, direction) in LANGS.items():
            page = zensical_site / f"{prefix}articles/{article_id}/index.html"
            assert page.is_file(), f"Zensical wrote no {page.relative_to(zensical_site)}"
            assert _lang_and_dir(page) == (lang, direction), page.relative_to(zensical_site)
