"""Shared fixtures: a copy of the project built by the real generator and a real `mkdocs build --strict`."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests without their own settings get no per-example deadline: with the tests in parallel
# processes on a shared machine, an example's time says more about the load than about the code. The
# default run draws the same examples every time (a test run passes or fails on the code alone); the long
# runs (`make fuzz`) explore new ones.
settings.register_profile("digest", deadline=None, derandomize=True)
settings.load_profile("digest")

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HAND_WRITTEN = ("ar/about.md", "en/about.md", "assets")


def copy_project(dest: Path, seeds: Path | None = None) -> Path:
    """Copy what a build needs (config, seeds, templates, generator, hand-written docs) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(seeds or ROOT / "seeds", dest / "seeds")
    shutil.copytree(ROOT / "templates", dest / "templates")
    shutil.copytree(ROOT / "generator", dest / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    for rel in HAND_WRITTEN:
        src = ROOT / "docs" / rel
        if src.is_dir():
            shutil.copytree(src, dest / "docs" / rel)
        else:
            (dest / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, dest / "docs" / rel)
    return dest


def run_build(project: Path, *, generate: bool = True, extra_env: dict[str, str] | None = None
              ) -> subprocess.CompletedProcess:
    """Run the generator, then `mkdocs build --strict`, in ``project``; raise with the output on failure."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DIGEST_SKIP_GENERATE": "1", **(extra_env or {})}
    if generate:
        gen = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(project)],
                             cwd=project, env=env, capture_output=True, text=True)
        if gen.returncode:
            raise AssertionError(f"generator failed:\n{gen.stdout}\n{gen.stderr}")
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-f", str(project / "mkdocs.yml")],
                            cwd=project, env=env, capture_output=True, text=True)
    if result.returncode:
        raise AssertionError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """The seeds' site, built once per test run; returns the project folder (site/ and docs/ inside).

    Parallel workers (pytest-xdist) share it: the first to need it builds it in the run's temporary folder,
    which is common to all workers, under a lock, and the others wait for it and read the same files.
    Tests only read it.
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # each worker's folder lies in the run's
    folder = base / "built-seeds"
    with open(base / "built-seeds.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            project = copy_project(folder / "project")
            result = run_build(project)
            (project / "mkdocs-build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
            (folder / "done").touch()
    return folder / "project"


@pytest.fixture(scope="session")
def built_site(built_project) -> Path:
    """The built ``site/`` folder of the seeds' site."""
    return built_project / "site"


def pytest_terminal_summary(terminalreporter):
    """Print the figures tests record as a 'summary' property (cleaner line scores, search recall…)."""
    for rep in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        for name, value in getattr(rep, "user_properties", ()):
            if name == "summary":
                terminalreporter.write_line(str(value))
