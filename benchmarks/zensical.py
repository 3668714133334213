"""Zensical (Material's successor) beside MkDocs: its pinned venv and a build of the generated docs/.

Zensical and zensical-i18n are pinned in requirements-zensical.lock and installed into their own venv under
.cache/zensical/ (kept between runs, made again when the lock changes). Zensical runs no MkDocs hooks and
its templates cannot call Python, so it builds with mkdocs.yml less the hook and the theme overrides
(``custom_dir``), which call the hook's template functions. Used by tests/test_zensical.py and by
``python -m benchmarks.run --zensical``.
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from generator import config as site_config

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements-zensical.lock"
VENV = ROOT / ".cache" / "zensical"
# mkdocs.yml keys that belong to MkDocs alone: the hook, `mkdocs serve`'s watch list and `not_in_nav`,
# which Zensical does not read.
MKDOCS_ONLY = ("hooks", "watch", "not_in_nav")
CONFIG_NAME = "zensical.yml"


class Unavailable(Exception):
    """Zensical could not be installed; the message says why."""


def install(lock: Path = LOCK, venv: Path = VENV) -> Path:
    """The zensical-i18n command of the pinned venv, installed first if needed; raise Unavailable if it cannot be."""
    venv.parent.mkdir(parents=True, exist_ok=True)
    wanted = hashlib.sha256(lock.read_bytes()).hexdigest()
    stamp = venv / ".installed"
    command = venv / "bin" / "zensical-i18n"
    with open(venv.parent / f"{venv.name}.lock", "w") as held:  # one installer at a time (parallel tests)
        fcntl.flock(held, fcntl.LOCK_EX)
        if stamp.is_file() and stamp.read_text() == wanted and command.exists():
            return command
        shutil.rmtree(venv, ignore_errors=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        for step in ([sys.executable, "-m", "venv", str(venv)], [*pip, "-r", str(lock)]):
            what = " ".join(step[:3])
            try:
                done = subprocess.run(step, capture_output=True, text=True, timeout=900)
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise Unavailable(f"Zensical could not be installed ({what}): {exc}") from None
            if done.returncode:
                lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
                last = lines[-1] if lines else f"exit status {done.returncode}"
                raise Unavailable(f"Zensical could not be installed ({what}): {last}")
        stamp.write_text(wanted)
    return command


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, leaving MkDocs' own tags (!ENV, !!python/name…) empty."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_mkdocs_yml(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)


def config(mkdocs_yml: Path) -> dict:
    """mkdocs.yml as Zensical reads it: without the keys that only MkDocs and the hook understand."""
    data = read_mkdocs_yml(mkdocs_yml)
    for key in MKDOCS_ONLY:
        data.pop(key, None)
    data["theme"].pop("custom_dir", None)
    # The site's names, which the MkDocs hook gives MkDocs from the digest's configuration.
    site = site_config.load(mkdocs_yml.parent, mkdocs_yml.name)
    data["site_name"], data["site_description"] = site.default.site_name, site.default.site_description
    names = {
        lang.code: {"site_name": lang.site_name, "site_description": lang.site_description} for lang in site.languages
    }
    i18n = next((p["i18n"] for p in data.get("plugins") or () if isinstance(p, dict) and "i18n" in p), {})
    for entry in i18n.get("languages") or ():
        entry.update(names.get(entry.get("locale"), {}))
    return data


def prepare(docs: Path, mkdocs_yml: Path, project: Path) -> Path:
    """A folder for Zensical: a copy of ``docs`` and the derived configuration, building into ``site/``."""
    shutil.copytree(docs, project / "docs")
    data = {**config(mkdocs_yml), "docs_dir": "docs", "site_dir": "site"}
    (project / CONFIG_NAME).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


def build_command(command: Path) -> list[str]:
    """The build of a folder made by ``prepare`` (run in it): strict, both languages."""
    return [str(command), "build", "--strict", "-f", CONFIG_NAME]
