"""What a run keeps in .cache/ for the next one besides the caches, and the stamp that tells when nothing
changed: the last build's record (``input_stamp``, ``unchanged_since_last_build``, ``remember_build``) and the
name of the cross-linking state. Every store is stale once ``cache.fingerprint`` changes."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from . import config as site_config
from . import publishing, sources
from .errors import DigestError, ErrorGroup
from .build import Project
from .cache import file_status, fingerprint, read_salted, write_salted
from .cache import disabled as cache_disabled
from .writer import MANIFEST, Report

LINK_STATE = "links.pickle"  # in .cache/: the last cross-linking pass, which the next one updates
LAST_BUILD = "last-build.pickle"  # in .cache/: what the last successful `generator build` read and wrote


def input_stamp(project: Project, refuse_drafts: bool = False) -> str:
    """A hash of everything a run's output depends on: every file under seeds/ (path, size, mtime, ctime,
    inode), the ``fingerprint`` (Python, the lock file, the generator, the page templates, mkdocs.yml), the
    paths and options. Editing, adding, removing or touching a seed changes it; ctime changes on any write."""
    named: list[str | bytes] = []  # the configuration's strings tables and a taxonomy outside seeds/ are inputs too
    try:
        config = site_config.load(project.root)
        named.append(config.fingerprint)
        if config.taxonomy:
            named.append(sources.read_bytes(config.taxonomy, expected="a taxonomy"))
    except (ErrorGroup, DigestError):
        pass
    h = hashlib.sha256(fingerprint(project.root / "mkdocs.yml", project.templates_dir, *named).encode() + b"\0")
    folder = project.seeds_dir
    h.update(f"{folder}\0".encode("utf-8", "surrogatepass"))
    for path, st in _files_under(folder):
        h.update(
            f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\n".encode("utf-8", "surrogatepass")
        )
    h.update(
        f"{refuse_drafts}\0{os.environ.get('DIGEST_DRAFTS') == '1'}\0{project.docs_dir}\0{project.cache_dir}".encode(
            "utf-8", "surrogatepass"
        )
    )
    return h.hexdigest()


def _files_under(folder: Path) -> list[tuple[str, os.stat_result]]:
    """Every file under ``folder`` (links followed, each folder once), sorted by path, with its status."""
    out: list[tuple[str, os.stat_result]] = []
    seen: set[tuple[int, int]] = set()
    pending = [str(folder)]
    while pending:
        current = pending.pop()
        try:
            st = os.stat(current)
            with os.scandir(current) as found:
                entries = list(found)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen:
            continue
        seen.add((st.st_dev, st.st_ino))
        for entry in entries:
            if entry.name == "__pycache__":
                continue
            try:
                if entry.is_dir():
                    pending.append(entry.path)
                else:
                    out.append((entry.path, entry.stat()))
            except OSError:  # a broken link: its name still counts
                out.append((entry.path, os.lstat(entry.path)))
    out.sort(key=lambda item: item[0])
    return out


def unchanged_since_last_build(project: Project, stamp: str) -> Report | None:
    """The last build's report when nothing it read changed (same ``input_stamp``) and every file it wrote in
    docs/ is as it left it (size, mtime, inode); otherwise None: the caller generates. Never with the cache off."""
    if cache_disabled():
        return None
    record = read_salted(project.cache_dir / LAST_BUILD, stamp.encode())
    if not isinstance(record, dict):
        return None
    due = record.get("due")
    if due is not None and not due.holds_at(publishing.build_time().timestamp()):
        return None  # a scheduled article's time has come, or the build's time is before a published article's time
    prefix = str(project.docs_dir) + os.sep
    for rel, recorded in record["files"].items():
        try:
            st = os.stat(prefix + rel)
        except OSError:
            return None
        if file_status(st) != recorded:
            return None
    return Report(
        written=(),
        unchanged=len(record["files"]) - 1,
        removed=(),
        warnings=record["warnings"],
        articles=record["articles"],
        drafts=record.get("drafts", 0),
        scheduled=record.get("scheduled", 0),
        due=due,
    )


def remember_build(project: Project, stamp: str, report: Report) -> None:
    """Record, for ``unchanged_since_last_build``, what a successful build read (``stamp``) and the files it
    left in docs/ (every generated file, from the manifest, and the manifest)."""
    if cache_disabled():
        return
    prefix = str(project.docs_dir) + os.sep
    try:
        paths = json.loads((project.docs_dir / MANIFEST).read_text(encoding="utf-8"))
        files = {}
        for rel in [*paths, MANIFEST]:
            files[rel] = file_status(os.stat(prefix + rel))
    except (OSError, ValueError):
        return
    write_salted(
        project.cache_dir / LAST_BUILD,
        stamp.encode(),
        {
            "files": files,
            "warnings": report.warnings,
            "articles": report.articles,
            "drafts": report.drafts,
            "scheduled": report.scheduled,
            "due": report.due,
        },
    )
