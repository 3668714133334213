"""Per-article cache of the clean, metadata and tagging results, keyed by content hashes; safe to delete.

An entry's key is the sha256 of everything its result depends on: the article's raw text, its YAML
and the YAML's path (error messages carry it), the taxonomy, the generator's own source code and the
versions of Python and of the libraries the cleaner calls. Change any of them and the key changes,
so a stale entry is never read; entries no run used any more are deleted at the end of a run.

Layout: ``.cache/articles/<key>.pickle``, one small file per article, written atomically. Deleting
``.cache/`` (or setting ``DIGEST_NO_CACHE=1``) only costs time. Pickle is read back only from this
folder, which the generator alone writes; an unreadable or corrupt entry counts as a miss.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

FORMAT = 1  # bump when the cached value's shape changes
FOLDER = "articles"
SUFFIX = ".pickle"
_GENERATOR = Path(__file__).resolve().parent


def code_hash() -> str:
    """sha256 of the generator's source files and of the interpreter and library versions it relies on."""
    import dateparser
    import yaml

    h = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{yaml.__version__}\0{dateparser.__version__}\0".encode())
    for path in sorted(_GENERATOR.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


class ArticleCache:
    """Cached (clean article, metadata, tags) per article; a no-op when ``folder`` is None."""

    def __init__(self, folder: Path | None, salt: str) -> None:
        self.folder = folder / FOLDER if folder is not None else None
        self.salt = salt.encode()
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, folder: Path | None, taxonomy_text: str) -> ArticleCache:
        """The cache under ``folder`` for this taxonomy and generator; disabled by DIGEST_NO_CACHE=1."""
        if os.environ.get("DIGEST_NO_CACHE") == "1":
            folder = None
        salt = hashlib.sha256(f"{code_hash()}\0{taxonomy_text}".encode()).hexdigest() if folder else ""
        return cls(folder, salt)

    def key(self, raw: str, meta_text: str | None, meta_path: Path | str) -> str:
        h = hashlib.sha256(self.salt)
        for part in (raw, "\0" if meta_text is None else "\1" + meta_text, str(meta_path)):
            data = part.encode("utf-8", "surrogatepass")
            h.update(len(data).to_bytes(8, "little") + data)
        return h.hexdigest()

    def get(self, key: str):
        """The cached value, or None (also for a disabled cache or an unreadable entry)."""
        if self.folder is None:
            return None
        self.used.add(key)
        try:
            with open(self.folder / (key + SUFFIX), "rb") as fh:
                value = pickle.load(fh)
        except Exception:  # missing, truncated or from an incompatible version: recompute
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value) -> None:
        if self.folder is None:
            return
        self.used.add(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            target = self.folder / (key + SUFFIX)
            tmp = self.folder / f".tmp-{os.getpid()}-{key}"
            with open(tmp, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except OSError:  # a read-only or full disk makes the cache useless, not the build
            pass

    def prune(self) -> int:
        """Delete the entries this run did not use; return how many."""
        if self.folder is None or not self.used:
            return 0
        removed = 0
        try:
            names = os.listdir(self.folder)
        except OSError:
            return 0
        for name in names:
            if name.endswith(SUFFIX) and name[: -len(SUFFIX)] not in self.used:
                try:
                    os.unlink(self.folder / name)
                    removed += 1
                except OSError:
                    pass
        return removed
