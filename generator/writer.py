"""The only writer of docs/: files whose bytes changed are staged beside their targets and renamed into place
together, stale generated files are removed, and nothing is written outside docs/."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from . import publishing
from .build import Project
from .cache import KEEP, TEMPORARY_PREFIX, file_status, write_atomic, write_temporary
from .errors import BuildError, DigestError, ErrorGroup


MANIFEST = ".generated.json"


@dataclass(frozen=True)
class Report:
    """What a generator run wrote."""

    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    warnings: tuple[DigestError, ...] = ()
    articles: int = 0
    drafts: int = 0  # drafts held back
    scheduled: int = 0  # articles dated after the build's time, held back
    due: publishing.Selection | None = None  # what was held back, and when the published set changes


def _check_inside(path: Path, root: Path) -> None:
    resolved = path.resolve()
    if resolved != root.resolve() and root.resolve() not in resolved.parents:
        raise ErrorGroup([BuildError("refusing to write outside the docs folder", path)])


class _Listing:
    """The entries of the folders of docs/, each folder listed once (its entries know whether they are links)
    instead of a system call per file: which files exist, and which are links."""

    def __init__(self, docs_dir: Path) -> None:
        self.docs_dir = docs_dir
        self.folders: dict[str, dict[str, os.DirEntry]] = {}

    def entry(self, rel: str) -> os.DirEntry | None:
        folder, _, name = rel.rpartition("/")
        listing = self.folders.get(folder)
        if listing is None:
            try:
                with os.scandir(self.docs_dir / folder) as found:
                    listing = {e.name: e for e in found}
            except OSError:  # not made yet
                listing = {}
            self.folders[folder] = listing
        return listing.get(name)


def check_outputs(outputs: dict[str, bytes | None], docs_dir: Path) -> _Listing:
    """Refuse, before anything is written, a path that escapes docs/ or a link there pointing outside;
    the listing of docs/ made on the way, for ``write_files``."""
    listing = _Listing(docs_dir)
    root = docs_dir.resolve()
    inside: dict[str, bool] = {}  # parent folder -> resolves inside docs/ (thousands of files share a few folders)
    for rel, data in outputs.items():
        if rel.startswith("/") or ".." in rel.split("/"):
            raise ErrorGroup([BuildError("generated path escapes the docs folder", rel)])
        folder, _, _ = rel.rpartition("/")
        ok = inside.get(folder)
        if ok is None:
            resolved = (docs_dir / folder).resolve()
            ok = inside[folder] = resolved == root or root in resolved.parents
        if not ok:
            raise ErrorGroup([BuildError("refusing to write outside the docs folder", docs_dir / rel)])
        # A link in place of a page it writes: check where it points.
        if data is not KEEP:
            entry = listing.entry(rel)
            if entry is not None and entry.is_symlink():
                _check_inside(docs_dir / rel, docs_dir)
    return listing


# Files written by name in an open folder (Linux, macOS); by full path where the system has no such calls.
_DIR_FDS = {os.open, os.rename, os.unlink} <= os.supports_dir_fd  # os.replace takes os.rename's folder arguments


_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


class Staged:
    """Files written beside their targets in docs/ under temporary names (the staging area, on the same file
    system), renamed over their targets only when every one is written (``commit``); ``discard`` removes
    them and the folders made for them, leaving docs/ as it was. Crosses processes as a list of names."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.files: list[tuple[str, str, str]] = []  # (folder, temporary name, name), folders relative to docs/
        self.made: list[str] = []  # folders made for them, parents first

    def extend(self, files: list[tuple[str, str, str]], made: list[str]) -> None:
        self.files += files
        self.made += made

    def commit(self) -> None:
        folder, dir_fd, done = None, -1, 0
        try:
            for done, (where, tmp, name) in enumerate(self.files):
                if where != folder:
                    if dir_fd >= 0:
                        os.close(dir_fd)
                    dir_fd = -1
                    folder = where
                    if _DIR_FDS:
                        dir_fd = os.open(self.prefix + where, os.O_RDONLY | _O_DIRECTORY | os.O_CLOEXEC)
                if dir_fd >= 0:
                    os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
                else:
                    base = self.prefix + where + ("/" if where else "")
                    os.replace(base + tmp, base + name)
        except BaseException:
            self.files, self.made = self.files[done:], []  # the files already in place stay
            self.discard()
            raise
        finally:
            if dir_fd >= 0:
                os.close(dir_fd)
        self.files, self.made = [], []

    def discard(self) -> None:
        for where, tmp, _ in self.files:
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(self.prefix + where, tmp))
        for folder in reversed(self.made):
            with contextlib.suppress(OSError):
                os.rmdir(self.prefix + folder)
        self.files, self.made = [], []


def _write_error(exc: OSError, path: str) -> ErrorGroup:
    """A failed write as one line naming the file and the cause (no space left, read-only folder...)."""
    cause = (exc.strerror or str(exc)).lower()
    return ErrorGroup([BuildError(f"{cause} while writing this file; nothing in the docs folder was changed",
                                  path)])


def write_files(outputs: dict[str, bytes | None], docs_dir: Path, listing: _Listing,
                 stats: dict[str, tuple[int, int, int]] | None = None, staged: Staged | None = None
                 ) -> tuple[list[str], int]:
    """Stage the files whose bytes changed; (their paths, sorted, and how many were left as they were).

    Without ``staged`` they are then renamed into place; with it, the caller commits (or discards) them
    with the other process's. On an error (a full disk, a read-only folder) nothing in docs/ changed and
    the ErrorGroup names the file. ``listing`` (of ``check_outputs``) tells which files exist: only those
    are read and compared. ``stats`` receives each file's (size, mtime, inode) as written or found.
    """
    written, unchanged = [], 0
    folders: dict[str, int] = {}  # folder -> open descriptor: each file is then written by name in it
    prefix = os.path.join(docs_dir, "")
    own = staged is None
    stage = Staged(prefix) if own else staged
    files: list[tuple[str, str, str]] = []
    made: list[str] = []
    rel = ""
    try:
        for rel in sorted(outputs):
            data = outputs[rel]
            if data is KEEP:
                unchanged += 1
                continue
            if listing.entry(rel) is not None:
                try:
                    with open(prefix + rel, "rb") as fh:
                        if fh.read() == data:
                            unchanged += 1
                            if stats is not None:
                                stats[rel] = file_status(os.fstat(fh.fileno()))
                            continue
                except OSError:
                    pass
            folder, _, name = rel.rpartition("/")
            dir_fd = folders.get(folder)
            if dir_fd is None:
                made += _make_folders(prefix, folder)
                dir_fd = folders[folder] = (os.open(prefix + folder, os.O_RDONLY | _O_DIRECTORY | os.O_CLOEXEC)
                                            if _DIR_FDS else -1)
            tmp, status = write_temporary(name, data, dir_fd=dir_fd) if dir_fd >= 0 else \
                write_temporary(prefix + rel, data)
            files.append((folder, os.path.basename(tmp), name))
            if stats is not None:
                stats[rel] = file_status(status)
            written.append(rel)
    except OSError as exc:
        stage.extend(files, made)
        stage.discard()
        raise _write_error(exc, prefix + rel) from None
    finally:
        for dir_fd in folders.values():
            if dir_fd >= 0:
                os.close(dir_fd)
    stage.extend(files, made)
    if own:
        stage.commit()
    return written, unchanged


def _make_folders(prefix: str, folder: str) -> list[str]:
    """Make ``folder`` (relative to docs/, ``prefix``) and its missing parents; those made, parents first."""
    missing = []
    while folder and not os.path.isdir(prefix + folder):
        missing.append(folder)
        folder = folder.rpartition("/")[0]
    for path in reversed(missing):
        os.makedirs(prefix + path, exist_ok=True)
    return missing[::-1]


def remove_stale(paths: set[str], docs_dir: Path) -> list[str]:
    """Remove the generated files of the last run that are not among ``paths``; record ``paths`` as generated."""
    manifest_path = docs_dir / MANIFEST
    try:
        previous = set(json.loads(manifest_path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        previous = set()
    removed = []
    for rel in sorted(previous - paths):
        target = docs_dir / rel
        if target.is_file() and not target.is_symlink():
            _check_inside(target, docs_dir)
            try:
                target.unlink()
                parent = target.parent
                while parent != docs_dir and parent.is_dir() and not any(parent.iterdir()):
                    parent.rmdir()
                    parent = parent.parent
            except OSError as exc:  # the pages are in place; the stale file is removed by the next run
                raise ErrorGroup([BuildError(f"cannot remove a page no longer generated: "
                                             f"{(exc.strerror or str(exc)).lower()}", target)]) from None
            removed.append(rel)
    if previous != paths or not manifest_path.exists():
        try:
            write_atomic(manifest_path, json.dumps(sorted(paths), indent=0).encode("utf-8"))
        except OSError as exc:
            raise _write_error(exc, str(manifest_path)) from None
    return removed


def write(outputs: dict[str, bytes | None], docs_dir: Path, stats: dict[str, tuple[int, int, int]] | None = None
          ) -> Report:
    """Write files whose bytes changed (atomically, each via a temporary file) and remove stale generated ones.

    A ``KEEP`` value (None) marks a file already known to hold its bytes: it is left alone. ``stats`` receives
    the (size, mtime, inode) of each file written or found with its bytes.
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    listing = check_outputs(outputs, docs_dir)
    written, unchanged = write_files(outputs, docs_dir, listing, stats)
    removed = remove_stale(set(outputs), docs_dir)
    return Report(written=tuple(written), unchanged=unchanged, removed=tuple(removed))


STAGING = "staging"  # in .cache/: present while a run stages and renames files in docs/


@contextlib.contextmanager
def staging(project: Project):
    """Mark the project while files are staged in docs/: a run killed meanwhile leaves the mark, and the next
    run removes the temporary files it left (``clean_staging``)."""
    mark = project.cache_dir / STAGING
    try:
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.write_bytes(b"")
    except OSError:
        mark = None
    yield
    if mark is not None:
        mark.unlink(missing_ok=True)


def clean_staging(project: Project) -> int:
    """Remove the temporary files a killed run left in docs/ (only after one was killed: see ``staging``);
    how many."""
    mark = project.cache_dir / STAGING
    if not mark.exists():
        return 0
    removed = 0
    for folder, _, names in os.walk(project.docs_dir):
        for name in names:
            if name.startswith(TEMPORARY_PREFIX):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))
                    removed += 1
    mark.unlink(missing_ok=True)
    return removed
