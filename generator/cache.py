"""Per-article cache of the clean, metadata and tagging results, keyed by content hashes; safe to delete.

An entry's key is the sha256 of everything its result depends on: the article's raw text, its YAML
and the YAML's path (error messages carry it), and the cache's salt: the ``fingerprint`` (Python, the
pinned packages, the generator's source, the page templates, mkdocs.yml) with the taxonomy. Change any
of them and the key changes, so a stale entry is never read. Every other store under ``.cache/`` is
salted or stamped with the same ``fingerprint``: one function decides when anything kept is stale.
An article's entry holds its metadata and tags, and its clean text and first mentions pickled apart, so
that reading the cache does not rebuild the text of articles whose pages are not rendered again
(``model.StoredArticle``).

Layout under ``.cache/`` (git-ignored): ``articles.pack``, one pickle holding every entry of the last
full save, and ``articles/<key>.pickle``, one file per entry added since. A run reads the pack once;
it writes only the entries it had to compute, as small files, until they (or the pack's entries no run
used any more) exceed a tenth of the corpus, and then rewrites the pack and removes the small files.
One pack instead of thousands of files matters: creating a file costs more than cleaning an article.

More files hold state for incremental runs: ``outputs.pickle`` (``OutputMemo`` below),
``links.pickle``, the last cross-linking pass (``links.LinkState``), which the next one updates, and
``search-<lang>.pickle``, each language's search postings as last encoded (``search.language_files``).
``links.pickle`` and ``search-<lang>.pickle`` are read and written through ``ArticleCache.state`` and ``keep``.
``last-build.pickle`` records what the last successful ``python -m generator build`` read and wrote, so that
the next one stops at once when nothing changed (``state.unchanged_since_last_build``). The site build
writes ``site.json``: what the last site was built from (``sitebuild.py``). The page
templates, compiled, are kept in ``templates/`` (Jinja's bytecode cache, which checks each against its
source and Python version).

Every write is atomic (a temporary file renamed into place; Jinja does the same for its files).
Deleting ``.cache/`` or setting ``DIGEST_NO_CACHE=1`` only costs time. Pickle is read back only from this
folder, which the generator alone writes; an unreadable or corrupt entry or pack counts as a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import secrets
import sys
from pathlib import Path

FORMAT = 4  # bump when the cached value's shape changes
PACK = "articles.pack"
LOOSE = "articles"
SUFFIX = ".pickle"
REPACK_SHARE = 0.1  # rewrite the pack when loose or unused entries exceed this share of the used ones
REPACK_MIN = 16
_GENERATOR = Path(__file__).resolve().parent
LOCK_FILE = _GENERATOR.parent / "requirements.lock"  # every package the generator runs with, pinned


def disabled() -> bool:
    """Whether ``DIGEST_NO_CACHE=1`` turns every cache and record under ``.cache/`` off."""
    return os.environ.get("DIGEST_NO_CACHE") == "1"


def file_status(st: os.stat_result) -> tuple[int, int, int]:
    """What tells a file written by a run from any later version of it: size, modification time, inode."""
    return st.st_size, st.st_mtime_ns, st.st_ino


def fingerprint(config_file: Path, templates_dir: Path, *extra: str | bytes) -> str:
    """sha256 of what every result kept under ``.cache/`` depends on besides its own inputs; the one test of
    staleness for every cache and record.

    Its parts: the cache format, the Python version, the pinned packages (``requirements.lock`` beside the
    generator), the generator's source, the page templates under ``templates_dir``, the site's configuration
    (``config_file``), then ``extra``: what a store depends on besides these (the taxonomy, the theme and the
    hand-written pages). A part that is missing hashes as missing.
    """
    h = hashlib.sha256(f"{FORMAT}\0{sys.version}\0".encode())

    def add(name: str, data: bytes | None) -> None:
        h.update(name.encode("utf-8", "surrogatepass") + (b"\1" + data if data is not None else b"\0") + b"\0")

    for label, path in (("lock", LOCK_FILE), ("config", config_file)):
        try:
            add(label, path.read_bytes())
        except OSError:
            add(label, None)
    for label, folder in (("generator", _GENERATOR), ("templates", templates_dir)):
        files = ([*sorted(folder.glob("*.py")), *sorted(folder.glob("strings/*.yml"))] if folder == _GENERATOR
                 else sorted(folder.rglob("*")))
        for path in files:
            if path.is_file():
                add(f"{label}/{path.relative_to(folder).as_posix()}", path.read_bytes())
    for part in extra:
        add("extra", part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def write_atomic(target: Path | str, data: bytes, dir_fd: int | None = None) -> os.stat_result:
    """Write ``data`` to a temporary file beside ``target`` (mode 0644), then rename it over ``target``.

    Returns the file's status as written (the rename keeps its size, modification time and inode).
    With ``dir_fd`` (an open folder), ``target`` is a name in that folder: a cold run writes some 35,000
    pages at 10,000 articles, and resolving each full path twice cost a third of the time it took.
    """
    tmp, status = write_temporary(target, data, dir_fd)
    try:
        os.replace(tmp, target, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp, dir_fd=dir_fd)
        raise
    return status


TEMPORARY_PREFIX = ".tmp-"


def write_temporary(target: Path | str, data: bytes, dir_fd: int | None = None) -> tuple[str, os.stat_result]:
    """Write ``data`` to a new temporary file beside ``target`` (mode 0644): its path (a name in ``dir_fd``
    when given) and its status. Nothing is left behind when the write fails."""
    target = os.fspath(target)
    folder, name = os.path.split(target)
    tmp = os.path.join(folder, f"{TEMPORARY_PREFIX}{os.getpid()}-{name}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644, dir_fd=dir_fd)
    except FileExistsError:  # left over from a crashed run of a process with the same id
        tmp = os.path.join(folder, f"{TEMPORARY_PREFIX}{os.getpid()}-{secrets.token_hex(8)}-{name}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644, dir_fd=dir_fd)
    try:
        try:
            os.fchmod(fd, 0o644)  # whatever the umask
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            status = os.fstat(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp, dir_fd=dir_fd)
        raise
    return tmp, status


def read_salted(path: Path, salt: bytes):
    """The value ``write_salted`` saved at ``path`` with the same ``salt``; None when missing, truncated,
    written by another version or with another salt."""
    try:
        with open(path, "rb") as fh:
            saved = pickle.load(fh)
    except Exception:
        return None
    return saved.get("value") if isinstance(saved, dict) and saved.get("salt") == salt else None


def write_salted(path: Path, salt: bytes, value) -> None:
    """Save ``value`` with ``salt`` at ``path`` (atomically); a read-only or full disk only loses it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, pickle.dumps({"salt": salt, "value": value}, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass


class ArticleCache:
    """Cached (clean article, metadata, tags) per article; a no-op when ``folder`` is None."""

    def __init__(self, folder: Path | None, salt: str) -> None:
        self.folder = folder
        self.salt = salt.encode()
        self.used: dict[str, object] = {}  # key -> value of every entry this run read or computed
        self.new: dict[str, object] = {}  # entries computed this run
        self.hits = 0
        self.misses = 0
        self._pack: dict[str, object] | None = None
        self._loose: set[str] = set()

    @classmethod
    def open(cls, folder: Path | None, salt: str) -> ArticleCache:
        """The cache under ``folder`` with entries made under ``salt`` (a ``fingerprint``); disabled by
        DIGEST_NO_CACHE=1."""
        if disabled():
            folder = None
        return cls(folder, salt if folder else "")

    def key(self, raw: str, meta_text: str | None, meta_path: Path | str) -> str:
        h = hashlib.sha256(self.salt)
        for part in (raw, "\0" if meta_text is None else "\1" + meta_text, str(meta_path)):
            data = part.encode("utf-8", "surrogatepass")
            h.update(len(data).to_bytes(8, "little") + data)
        return h.hexdigest()

    def derived_key(self, kind: str, *parts: str) -> str:
        """The key of a value computed from ``parts`` (texts already hashed or short) by the step ``kind``."""
        h = hashlib.sha256(self.salt + b"\0" + kind.encode())
        for part in parts:
            data = part.encode("utf-8", "surrogatepass")
            h.update(len(data).to_bytes(8, "little") + data)
        return h.hexdigest()

    def memo(self, key: str, compute):
        """The cached value under ``key``, or ``compute()`` stored under it (just ``compute()`` when disabled)."""
        if self.folder is None:
            return compute()
        value = self.get(key)
        if value is None:
            value = compute()
            self.put(key, value)
        return value

    def state(self, name: str):
        """The value ``keep`` saved as ``name`` under the same salt; None when missing, damaged or stale (and
        when the cache is disabled)."""
        return read_salted(self.folder / name, self.salt) if self.folder is not None else None

    def keep(self, name: str, value) -> None:
        """Save ``value`` as ``name`` in the cache folder, for ``state`` in a later run (a no-op when disabled)."""
        if self.folder is not None:
            write_salted(self.folder / name, self.salt, value)

    def load(self) -> None:
        """Read the pack now (it is read on the first lookup otherwise)."""
        if self.folder is not None:
            self._load()

    def _load(self) -> dict[str, object]:
        if self._pack is None:
            self._pack = {}
            try:
                with open(self.folder / PACK, "rb") as fh:
                    pack = pickle.load(fh)
                if isinstance(pack, dict):
                    self._pack = pack
            except Exception:  # missing, truncated or written by an incompatible version
                pass
            try:
                self._loose = {n[: -len(SUFFIX)] for n in os.listdir(self.folder / LOOSE) if n.endswith(SUFFIX)}
            except OSError:
                self._loose = set()
        return self._pack

    def get(self, key: str):
        """The cached value, or None (also for a disabled cache or an unreadable entry)."""
        if self.folder is None:
            return None
        value = self.used.get(key)  # read or computed earlier in this run
        if value is None:
            value = self._load().get(key)
        if value is None and key in self._loose:
            try:
                with open(self.folder / LOOSE / (key + SUFFIX), "rb") as fh:
                    value = pickle.load(fh)
            except Exception:
                value = None
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self.used[key] = value
        return value

    def has(self, key: str) -> bool:
        """Whether an entry is held under ``key`` (without reading it)."""
        return self.folder is not None and (key in self.used or key in self._load() or key in self._loose)

    def put(self, key: str, value) -> None:
        if self.folder is None:
            return
        self.used[key] = value
        self.new[key] = value

    def save(self, keep_unused: bool = False) -> None:
        """Write what this run computed: as loose files, or a new pack holding exactly the entries used.

        ``keep_unused`` (a run that used part of the pipeline, such as ``check``) writes loose files
        only, so that the entries of the stages it skipped stay cached.
        """
        if self.folder is None or not self.used:
            return
        pack = self._load()
        unused = len(pack.keys() - self.used.keys())
        loose = len(self._loose | self.new.keys())
        try:
            crowded = unused + loose > max(REPACK_MIN, REPACK_SHARE * len(self.used))
            if not pack or (crowded and not keep_unused):
                self.folder.mkdir(parents=True, exist_ok=True)
                write_atomic(self.folder / PACK, pickle.dumps(self.used, protocol=pickle.HIGHEST_PROTOCOL))
                for name in self._loose:
                    (self.folder / LOOSE / (name + SUFFIX)).unlink(missing_ok=True)
                self._pack, self._loose = dict(self.used), set()
            elif self.new:
                (self.folder / LOOSE).mkdir(parents=True, exist_ok=True)
                for key, value in self.new.items():
                    write_atomic(self.folder / LOOSE / (key + SUFFIX),
                                  pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
                self._loose |= self.new.keys()
        except OSError:  # a read-only or full disk makes the cache useless, not the build
            pass
        self.new = {}


KEEP = None  # an output value meaning "the file in docs/ already holds these bytes"
OUTPUTS = "outputs.pickle"


class OutputMemo:
    """Which generated files still hold what their inputs would render, so a run need not render them again.

    For every generated file the memo keeps the key of its inputs (a hash the renderer computes from
    what the page shows: the article's content hash, its related articles', the templates...) and the
    size, mtime and inode the file had right after it was written. A file whose key is unchanged and
    whose stat is the recorded one is kept as it is; any other file is rendered and compared as usual.
    A file edited, replaced or removed by hand changes its stat, so it is rendered again. Stored in
    ``.cache/outputs.pickle``; a no-op when the cache is disabled.
    """

    def __init__(self, folder: Path | None, docs_dir: Path, salt: str) -> None:
        self.folder = folder
        self.docs_dir = docs_dir
        self._prefix = str(docs_dir) + os.sep  # string paths: stat is called for thousands of files
        self.salt = salt.encode()
        self.keys: dict[str, str] = {}  # path -> key, for every file keyed this run
        self.kept: set[str] = set()
        self.stats: dict[str, tuple[int, int, int]] = {}  # path -> (size, mtime, inode) as this run left it
        # Missing, damaged or from another version: render everything.
        self._previous: dict[str, tuple[str, int, int, int]] = (
            (read_salted(folder / OUTPUTS, self.salt) or {}) if folder is not None else {})

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def key(self, *parts: object) -> str:
        """A key over ``parts`` (strings, numbers, tuples of them: their repr is stable)."""
        return hashlib.sha256(self.salt + repr(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def previous(self, folder: str) -> list[str]:
        """The files under ``folder`` (ending in "/") that the last run keyed."""
        return [path for path in self._previous if path.startswith(folder)]

    def fresh(self, path: str, key: str) -> bool:
        """True when ``path`` in docs/ was written from inputs with this ``key`` and is untouched since."""
        if self.folder is None:
            return False
        self.keys[path] = key
        previous = self._previous.get(path)
        if previous is None or previous[0] != key:
            return False
        try:
            st = os.stat(self._prefix + path)
        except OSError:
            return False
        if file_status(st) != previous[1:]:
            return False
        self.kept.add(path)
        return True

    def merge(self, keys: dict[str, str], kept: set[str], stats: dict[str, tuple[int, int, int]]) -> None:
        """Take in the keys, kept files and file stats of a forked copy (which keyed and wrote other files)."""
        self.keys.update(keys)
        self.kept |= kept
        self.stats.update(stats)

    def save(self) -> None:
        """Record the stat of every keyed file as this run left it: as written or compared (``stats``), else
        as it is now."""
        if self.folder is None:
            return
        files = {}
        for path, key in self.keys.items():
            if path in self.kept:
                files[path] = self._previous[path]
                continue
            stat = self.stats.get(path)
            if stat is None:
                try:
                    st = os.stat(self._prefix + path)
                except OSError:
                    continue
                stat = file_status(st)
            files[path] = (key, *stat)
        write_salted(self.folder / OUTPUTS, self.salt, files)
