"""The live site folder: a complete new site takes its place in one rename, and what killed builds left
beside it is removed before the next one.

    python -m generator.sitefolder clean site         # before a site build (make build)
    python -m generator.sitefolder swap .site.new site  # after it succeeded: .site.new becomes site

On Linux the swap exchanges the two folders in one system call (``renameat2`` with ``RENAME_EXCHANGE``):
at every moment ``site`` is the old site or the new one, whole. Where the system or the file system
cannot exchange, the old site is renamed aside first (``.site.old``); a kill between the two renames
leaves it there, and the next ``clean`` puts it back.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
from pathlib import Path

STAGING = (".new", ".old")  # suffixes of the live folder's name: the site being built, the site set aside
PARALLEL_PREFIX = ".site-parallel-"  # sitebuild.py's working folders
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap the folders ``a`` and ``b`` atomically; False where the system cannot."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not on this file system
        return False
    raise OSError(errno, os.strerror(errno), str(a), None, str(b))


def swap(new: Path, live: Path) -> bool:
    """Make the complete site ``new`` the ``live`` one and delete the old one; False when there is no ``new``
    (a site build that found nothing changed leaves the live site as it is)."""
    if not new.is_dir():
        return False
    if not live.exists():
        os.rename(new, live)
        return True
    if _exchange(new, live):  # ``new`` now holds the old site; what cannot be deleted now goes at the next clean
        shutil.rmtree(new, ignore_errors=True)
        return True
    old = live.with_name(f".{live.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    os.rename(live, old)
    os.rename(new, live)
    shutil.rmtree(old, ignore_errors=True)
    return True


def clean(live: Path) -> list[Path]:
    """Remove what killed builds left beside ``live`` (the site being built, a site set aside, sitebuild's
    working folders); a site set aside comes back when ``live`` is missing. Returns what was removed."""
    parent = live.parent
    removed = []
    old = live.with_name(f".{live.name}.old")
    if old.is_dir() and not live.exists():
        os.rename(old, live)  # killed between the two renames of a swap: the old site, whole
    candidates = [live.with_name(f".{live.name}{suffix}") for suffix in STAGING]
    try:
        candidates += sorted(p for p in parent.iterdir() if p.name.startswith(PARALLEL_PREFIX))
    except OSError:
        pass
    for path in candidates:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            if path.exists():  # a build must not start in a folder holding another site's files
                raise OSError(13, "it cannot be deleted (a read-only or immutable folder in it?)", str(path))
            removed.append(path)
    return removed


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(
        prog="python -m generator.sitefolder",
        description="Swap a complete site in, or remove what killed builds left. "
        "Example: python -m generator.sitefolder swap .site.new site",
    )
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser(
        "clean", help="remove leftovers beside SITE (example: python -m generator.sitefolder clean site)"
    )
    c.add_argument("site")
    s = sub.add_parser(
        "swap", help="make NEW the site SITE (example: python -m generator.sitefolder swap .site.new site)"
    )
    s.add_argument("new")
    s.add_argument("site")
    args = p.parse_args(argv)
    try:
        if args.command == "clean":
            for path in clean(Path(args.site)):
                print(f"removed {path.name}, left by a build that did not finish", file=sys.stderr)
        else:
            swap(Path(args.new), Path(args.site))
    except OSError as exc:
        print(f"error: {exc.filename}: cannot {args.command} the site folder: {exc.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
