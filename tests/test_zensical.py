"""Smoke test of the road away from MkDocs: Zensical builds the generated docs/ into both language sites.

Zensical and zensical-i18n are pinned in requirements-zensical.lock and installed into their own venv under
.cache/zensical/ (kept between runs, rebuilt when the lock changes); when they cannot be installed the test
is skipped with the reason. Zensical runs no MkDocs hooks and its templates cannot call Python, so the
build uses mkdocs.yml without the hook and without the theme overrides (``custom_dir``), which call the
hook's template functions: what it checks is that docs/ itself, Markdown with front matter and relative
links, needs neither.
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements-zensical.lock"
VENV = ROOT / ".cache" / "zensical"
# mkdocs.yml keys that belong to MkDocs alone: the hook, the theme overrides that call its functions,
# `mkdocs serve`'s watch list and `not_in_nav`, which Zensical does not read.
MKDOCS_ONLY = ("hooks", "watch", "not_in_nav")
LANGS = {"ar": ("", "rtl"), "en": ("en/", "ltr")}  # language: (folder in the site, direction)


def _zensical_i18n() -> Path:
    """The zensical-i18n command of the pinned venv, installed first if needed; skips the test if it cannot be."""
    VENV.parent.mkdir(parents=True, exist_ok=True)
    wanted = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    stamp = VENV / ".installed"
    command = VENV / "bin" / "zensical-i18n"
    with open(VENV.parent / "zensical.lock", "w") as held:  # one installer at a time (parallel test workers)
        fcntl.flock(held, fcntl.LOCK_EX)
        if stamp.is_file() and stamp.read_text() == wanted and command.exists():
            return command
        shutil.rmtree(VENV, ignore_errors=True)
        steps = (
            [sys.executable, "-m", "venv", str(VENV)],
            [
                str(VENV / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                str(LOCK),
            ],
        )
        for step in steps:
            try:
                done = subprocess.run(step, capture_output=True, text=True, timeout=900)
            except (OSError, subprocess.TimeoutExpired) as exc:
                pytest.skip(f"Zensical could not be installed ({' '.join(step[:3])}): {exc}")
            if done.returncode:
                lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
                pytest.skip(
                    f"Zensical could not be installed ({' '.join(step[:3])}): "
                    f"{lines[-1] if lines else 'exit status ' + str(done.returncode)}"
                )
        stamp.write_text(wanted)
    return command


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, leaving MkDocs' own tags (!ENV, !!python/name…) empty."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def zensical_config(mkdocs_yml: Path) -> dict:
    """mkdocs.yml as Zensical reads it: without the keys that only MkDocs and the hook understand."""
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    for key in MKDOCS_ONLY:
        config.pop(key, None)
    config["theme"].pop("custom_dir", None)
    return config


def _lang_and_dir(page: Path) -> tuple[str | None, str | None]:
    root = lxml.html.fromstring(page.read_bytes())
    body = root.find("body")
    direction = root.get("dir") or (body.get("dir") if body is not None else None)
    return root.get("lang"), direction


@pytest.fixture(scope="module")
def zensical_site(built_project, tmp_path_factory) -> Path:
    """The seeds' generated docs/ (conftest's ``built_project``) built by Zensical; returns its site folder."""
    command = _zensical_i18n()
    project = tmp_path_factory.mktemp("zensical") / "project"
    shutil.copytree(built_project / "docs", project / "docs")
    config = zensical_config(built_project / "mkdocs.yml")
    config["site_dir"] = "site"
    (project / "zensical.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = subprocess.run(
        [str(command), "build", "--strict", "-f", "zensical.yml"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, f"zensical-i18n build failed:\n{done.stdout}\n{done.stderr}"
    return project / "site"


def test_zensical_config_keeps_the_languages_and_drops_only_what_mkdocs_alone_reads():
    source = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader)
    config = zensical_config(ROOT / "mkdocs.yml")
    assert not set(MKDOCS_ONLY) & set(config)
    assert "custom_dir" not in config["theme"]
    assert config["plugins"] == source["plugins"]
    assert config["theme"] == {key: value for key, value in source["theme"].items() if key != "custom_dir"}


def test_every_article_page_exists_in_both_languages_with_lang_and_dir(built_project, zensical_site):
    ids = sorted(path.stem for path in (built_project / "seeds").glob("*.txt"))
    assert ids
    for article_id in ids:
        for lang, (prefix, direction) in LANGS.items():
            page = zensical_site / f"{prefix}articles/{article_id}/index.html"
            assert page.is_file(), f"Zensical wrote no {page.relative_to(zensical_site)}"
            assert _lang_and_dir(page) == (lang, direction), page.relative_to(zensical_site)
