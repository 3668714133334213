"""The only reader: finds article pairs in the seeds folder (sorted) and decodes their text."""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from . import htmlpage
from .errors import DigestError, ErrorGroup, SourceError
from .model import Source

TEXT_SUFFIX = ".txt"
HTML_SUFFIXES = htmlpage.HTML_SUFFIXES  # a saved page: its article is extracted (generator/htmlpage.py)
META_SUFFIX = ".yml"
META_SUFFIXES = (META_SUFFIX, ".yaml")
TAXONOMY_NAME = "topics.yml"
MAX_TEXT_BYTES = 5 * 1024 * 1024  # a news article is far smaller; bigger files are mistakes

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,119}$")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x7fELF")


# Names the site gives its own files in a folder of pages (index.md, sitemap.xml, feed.xml, search/, 404.html)
# and the names of a list's further pages (topic-page-2): no article or topic may take them.
RESERVED_IDS = ("index", "sitemap", "feed", "search", "404")
_PAGE_FORM = re.compile(r"(?:^|[-_])page-\d+$", re.IGNORECASE)


def reserved_id(name: str) -> bool:
    """Whether ``name`` is one of the names the site's own pages use."""
    return name.lower() in RESERVED_IDS or bool(_PAGE_FORM.search(name))


RESERVED_MESSAGE = (f"id is reserved for the site's own pages ({', '.join(RESERVED_IDS)} and names ending in "
                    "'page-' and a number); choose another")


def check_id(article_id: str, path: Path) -> None:
    """Reject ids that are unsafe as file and URL names, or that the site's own pages use."""
    if not _ID_RE.match(article_id):
        raise SourceError("article id must be 1-120 ASCII letters, digits, '-' or '_', starting with a letter or digit",
                          path, got=article_id)
    if article_id.lower() in _WINDOWS_RESERVED:
        raise SourceError("article id is a reserved device name on Windows", path, got=article_id)
    if reserved_id(article_id):
        raise SourceError(f"article {RESERVED_MESSAGE}", path, got=article_id)


def decode(data: bytes, path: Path | str) -> str:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 with BOM, or a legacy Arabic code page."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SourceError("file starts with a UTF-16 byte order mark but is not valid UTF-16", path) from exc
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:4096]:
        raise SourceError("not a text file (binary content); expected UTF-8 or windows-1256 text", path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    from charset_normalizer import from_bytes  # imported lazily: only legacy files need it

    best = from_bytes(data, cp_isolation=["cp1256", "iso8859_6", "cp720", "utf_8"]).best()
    if best is None or best.encoding not in {"cp1256", "iso8859_6", "cp720"} or best.chaos > 0.3:
        line = data[:utf8_error.start].count(b"\n") + 1
        raise SourceError("cannot decode text: not UTF-8 and not a recognisable Arabic code page (windows-1256)",
                          path, line, got=data[utf8_error.start:utf8_error.start + 8])
    return str(best)


def read_text(path: Path) -> str:
    """Read and decode one article text file."""
    return decode(read_bytes(path), path)


def not_a_file(st: os.stat_result) -> str | None:
    """What a file system entry is when it is not a regular file ("a folder", "a named pipe (FIFO)"...)."""
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_bytes(path: Path, limit: int = MAX_TEXT_BYTES, expected: str = "one news article") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. A folder, pipe, device or socket, a link to
    nothing, an unreadable or too large file is a SourceError saying which: reading never blocks or
    runs without end (a pipe with no writer, a link to /dev/zero)."""
    try:
        kind = not_a_file(os.stat(path))
    except FileNotFoundError:
        raise SourceError("a link to a file that does not exist" if os.path.islink(path) else "file not found",
                          path) from None
    except OSError as exc:
        raise SourceError(f"cannot read file: {exc.strerror}", path) from None
    if kind is not None:
        raise SourceError(f"{kind}, not a regular file; expected a text file", path)
    try:  # without blocking: the entry may have been replaced by a pipe meanwhile
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with open(fd, "rb") as fh:
            st = os.fstat(fd)
            kind = not_a_file(st)
            if kind is not None:
                raise SourceError(f"{kind}, not a regular file; expected a text file", path)
            data = fh.read(limit + 1)
    except OSError as exc:
        raise SourceError(f"cannot read file: {exc.strerror}", path) from None
    if len(data) > limit:
        raise SourceError(f"file is larger than {limit // (1024 * 1024)} MB; expected {expected}", path,
                          got=f"{max(len(data), st.st_size)} bytes")
    return data


def _inside(path: Path, root: Path, entry: os.DirEntry) -> bool:
    if not entry.is_symlink():  # a plain entry of the folder: no need to resolve
        return True
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def discover(seeds_dir: Path) -> tuple[Source, ...]:
    """Every article in ``seeds_dir`` as a Source, sorted by id; raise ErrorGroup with every problem found."""
    found, errors, warnings = discover_all(seeds_dir)
    if errors:
        raise ErrorGroup(errors, warnings)
    return found


def _skipped(path: Path, entry: os.DirEntry) -> SourceError | None:
    """A warning for an entry that looks like an article but is not read, so no work goes missing unseen."""
    if entry.is_dir() and not path.name.startswith(".") and any(path.rglob("*" + TEXT_SUFFIX)):
        return SourceError("folder ignored: articles are read only from the seeds folder itself; "
                           "move them up to publish them", path)
    if path.name.startswith(".") and path.suffix.lower() in (TEXT_SUFFIX, *META_SUFFIXES):
        return SourceError("hidden file ignored: article names must start with a letter or digit", path)
    return None


def discover_all(seeds_dir: Path) -> tuple[tuple[Source, ...], list[DigestError], list[DigestError]]:
    """Readable articles in ``seeds_dir`` (sorted by id), every error and every warning, so callers can go on."""
    errors: list[DigestError] = []
    warnings: list[DigestError] = []
    if not seeds_dir.is_dir():
        return (), [SourceError("seeds folder not found", seeds_dir)], []
    texts: dict[str, Path] = {}
    metas: dict[str, Path] = {}
    broken: set[str] = set()
    with os.scandir(seeds_dir) as listing:  # directory entries know their type: no stat() per file
        entries = sorted(listing, key=lambda e: e.name)
    for entry in entries:
        if entry.name == TAXONOMY_NAME:
            continue
        path = seeds_dir / entry.name
        skipped = _skipped(path, entry)
        suffix = path.suffix.lower()  # seeds/x.TXT and seeds/x.yaml are read as x.txt and x.yml are
        if skipped or path.name.startswith(".") or suffix not in (TEXT_SUFFIX, *META_SUFFIXES, *HTML_SUFFIXES):
            if skipped:
                warnings.append(skipped)
            continue
        if not _inside(path, seeds_dir, entry):
            errors.append(SourceError("link points outside the seeds folder; copy the file in instead", path))
            continue
        if not entry.is_file():
            try:
                kind = f"{not_a_file(os.stat(path))}, not a regular file"
            except OSError:
                kind = "a link to a file that does not exist"
            errors.append(SourceError(f"{kind}; expected a text file", path))
            broken.add(path.stem)  # its other file is not reported as alone, nor read without it
            continue
        try:
            check_id(path.stem, path)
        except SourceError as exc:
            errors.append(exc)
            continue
        found = metas if suffix in META_SUFFIXES else texts  # a text: .txt or a saved page (.html)
        if path.stem in found:
            errors.append(SourceError(f"two files for one article ({found[path.stem].name}); keep one", path))
            continue
        found[path.stem] = path
    sources = []
    for article_id in sorted((set(texts) | set(metas)) - broken):
        text_path, meta_path = texts.get(article_id), metas.get(article_id)
        if text_path is None:
            errors.append(SourceError(f"metadata without its article text: expected {article_id}{TEXT_SUFFIX} beside it",
                                      meta_path))
            continue
        if meta_path is None:
            warnings.append(SourceError(f"article text without its metadata: expected {article_id}{META_SUFFIX} "
                                        "beside it; the title, date and summary are taken from the text", text_path))
        try:
            raw = read_text(text_path)
            if text_path.suffix.lower() in HTML_SUFFIXES:
                raw = htmlpage.extract(raw, text_path).text
            meta_text = read_text(meta_path) if meta_path else None
        except SourceError as exc:
            errors.append(exc)
            continue
        sources.append(Source(id=article_id, text_path=text_path, raw=raw, meta_path=meta_path, meta_text=meta_text))
    lowered: dict[str, str] = {}
    for src in sources:
        other = lowered.setdefault(src.id.lower(), src.id)
        if other != src.id:
            errors.append(SourceError(f"two articles differ only in letter case ({other}); their pages would collide "
                                      "on case-insensitive disks", src.text_path, got=src.id))
    return tuple(sources), errors, warnings
