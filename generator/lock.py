"""The build lock: one generator run or site build at a time in a project folder.

``fcntl.flock`` on ``.cache/build.lock``: the system releases it when its holder ends, however it ends, so
a killed build never leaves a lock behind. A process that holds it records the lock's path in
``DIGEST_BUILD_LOCK`` for the programs it starts (``make build`` runs the generator and the site build
under one lock): they run under their parent's lock instead of waiting for it.

    python -m generator.lock [--no-wait] -- COMMAND [ARG...]

runs COMMAND under the lock (``make build`` does).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import BuildError

LOCK_PATH = Path(".cache") / "build.lock"
HELD = "DIGEST_BUILD_LOCK"


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@contextlib.contextmanager
def build_lock(root: Path, *, wait: bool = True, say: Callable[[str], None] = _say) -> Iterator[Path]:
    """Hold the build lock of the project in ``root`` (waiting for another build, with a message, or
    raising BuildError at once when ``wait`` is false)."""
    path = (root / LOCK_PATH).resolve()
    if os.environ.get(HELD) == str(path):  # the process that started this one holds it
        yield path
        return
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise BuildError(
                    "another build of this project is running; try again when it ends "
                    "(or leave out --no-wait to wait for it)",
                    path,
                ) from None
            say(f"waiting for another build of this project to end (lock: {path})")
            fcntl.flock(fd, fcntl.LOCK_EX)
        before = os.environ.get(HELD)
        os.environ[HELD] = str(path)
        try:
            yield path
        finally:
            if before is None:
                os.environ.pop(HELD, None)
            else:
                os.environ[HELD] = before
    finally:
        os.close(fd)


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(
        prog="python -m generator.lock",
        description="Run a command under the project's build lock. "
        "Example: python -m generator.lock -- make build-unlocked",
    )
    p.add_argument("--root", default=".", help="project folder (default: .)")
    p.add_argument("--no-wait", action="store_true", help="fail at once when another build is running")
    p.add_argument("command", nargs=argparse.REMAINDER, help="the command to run, after --")
    args = p.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        p.error("no command given")
    try:
        with build_lock(Path(args.root), wait=not args.no_wait):
            try:
                return subprocess.call(command)
            except KeyboardInterrupt:
                return 130
    except BuildError as exc:
        print(f"error: {exc.format()}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
