"""Reproducible: the same inputs give the same bytes, whatever the folder, the order on disk, the hash seed or the day.

Two copies of the project are generated and built with `mkdocs build --strict`. The second copy's seeds are
written in reverse order with other modification times, and it runs under another PYTHONHASHSEED. MkDocs
itself writes the build date into ``sitemap.xml`` (``<lastmod>``) and the gzip header of ``sitemap.xml.gz``
(its mtime) unless pages carry their own dates: the MkDocs hook dates each page by its content, so builds on
different days (another ``SOURCE_DATE_EPOCH``, after every article's date) are byte-identical, file for file.
"""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, run_build
from generator import build, pipeline

DAY_A = "1733000000"  # 2024-11-30, after every seed's date
DAY_B = "1765000000"  # 2025-12-06: "another day"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("repro")
    first = copy_project(base / "first" / "project")
    # the second copy: seeds created in reverse order, each with its own old modification time
    seeds = base / "second-seeds"
    seeds.mkdir()
    for i, src in enumerate(sorted((ROOT / "seeds").iterdir(), reverse=True)):
        shutil.copyfile(src, seeds / src.name)
        os.utime(seeds / src.name, (1_000_000_000 + 7919 * i, 1_000_000_000 + 7919 * i))
    second = copy_project(base / "elsewhere" / "deeper" / "project", seeds)
    run_build(first, extra_env={"PYTHONHASHSEED": "1", "SOURCE_DATE_EPOCH": DAY_A})
    run_build(second, extra_env={"PYTHONHASHSEED": "2", "SOURCE_DATE_EPOCH": DAY_B})
    (second / "site").rename(second / "site-another-day")
    run_build(second, generate=False, extra_env={"PYTHONHASHSEED": "3", "SOURCE_DATE_EPOCH": DAY_A})
    return first, second


def test_generated_markdown_and_feeds_are_identical(builds):
    first, second = builds
    a, b = _files(first / "docs"), _files(second / "docs")
    assert sorted(a) == sorted(b)
    assert any(name.endswith("feed.xml") for name in a) and any("/articles/" in name for name in a)
    assert [name for name in a if a[name] != b[name]] == []


def test_site_built_the_same_day_is_identical(builds):
    first, second = builds
    a, b = _files(first / "site"), _files(second / "site")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_site_built_another_day_is_identical(builds):
    first, second = builds
    a, b = _files(first / "site"), _files(second / "site-another-day")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    assert b"<lastmod>2024-01-10</lastmod>" in a["sitemap.xml"]  # the newest article's date, not the build day
    for files in (a, b):
        assert gzip.decompress(files["sitemap.xml.gz"]) == files["sitemap.xml"]


def test_directory_order_does_not_change_the_output(tmp_path, monkeypatch):
    """The reader sorts what it finds: listing the seeds folder backwards gives the same bytes."""
    first = copy_project(tmp_path / "first")
    second = copy_project(tmp_path / "second")
    pipeline.generate(build.Project(root=first))
    listed = []
    real_iterdir, real_scandir = Path.iterdir, os.scandir

    def backwards(self):
        entries = sorted(real_iterdir(self), reverse=True)
        listed.append(self)
        return iter(entries)

    class Backwards:
        """``os.scandir`` listing backwards (a context manager and an iterator, as the real one)."""

        def __init__(self, path):
            with real_scandir(path) as found:
                self.entries = sorted(found, key=lambda e: e.name, reverse=True)
            listed.append(Path(path))

        def __enter__(self):
            return iter(self.entries)

        def __exit__(self, *exc):
            return False

        def __iter__(self):
            return iter(self.entries)

    monkeypatch.setattr(Path, "iterdir", backwards)
    monkeypatch.setattr(os, "scandir", Backwards)
    pipeline.generate(build.Project(root=second))
    monkeypatch.undo()
    assert second / "seeds" in listed
    assert _files(first / "docs") == _files(second / "docs")


def test_second_run_writes_nothing(tmp_path):
    project = copy_project(tmp_path / "project")
    first = pipeline.generate(build.Project(root=project))
    assert first.written
    stamps = {p: p.stat().st_mtime_ns for p in (project / "docs").rglob("*") if p.is_file()}
    again = pipeline.generate(build.Project(root=project))
    assert again.written == () and again.removed == ()
    assert {p: p.stat().st_mtime_ns for p in (project / "docs").rglob("*") if p.is_file()} == stamps
