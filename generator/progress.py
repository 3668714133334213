"""Progress bars for long runs: drawn on a terminal, silent in a pipe, a file or CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any, TypeVar

T = TypeVar("T")


def wanted(stream: IO[str] | None = None) -> bool:
    """Whether ``stream`` (standard error by default) is a terminal outside CI (where ``CI`` is set)."""
    stream = stream if stream is not None else sys.stderr
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False
    return terminal and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


class Bar:
    """A tqdm bar, or none (``tqdm_bar`` None): then it counts nothing and ``write`` prints a plain line."""

    def __init__(self, tqdm_bar: Any = None, stream: IO[str] | None = None) -> None:
        self.tqdm_bar = tqdm_bar
        self.stream = stream

    def update(self, n: int = 1) -> None:
        if self.tqdm_bar is not None:
            self.tqdm_bar.update(n)

    def set_description(self, desc: str) -> None:
        if self.tqdm_bar is not None:
            self.tqdm_bar.set_description_str(desc)

    def counting(self, items: Iterable[T]) -> Iterator[T]:
        """``items``, one step of the bar after each."""
        for item in items:
            yield item
            self.update()

    def write(self, line: str) -> None:
        """Print ``line`` to the bar's stream, above the bar."""
        if self.tqdm_bar is not None:
            self.tqdm_bar.write(line, file=self.tqdm_bar.fp)
        else:
            print(line, file=self.stream if self.stream is not None else sys.stderr, flush=True)

    def close(self) -> None:
        if self.tqdm_bar is not None:
            self.tqdm_bar.close()

    def __enter__(self) -> Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def bar(total: int | None, desc: str, unit: str, *, minimum: int = 0, stream: IO[str] | None = None) -> Bar:
    """A bar over ``total`` units (None: a plain counter), drawn if ``wanted`` and ``total`` is at least ``minimum``."""
    if not wanted(stream) or (total is not None and total < minimum):
        return Bar(None, stream)
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: the generator forks its workers only from a one-thread process
    out = stream if stream is not None else sys.stderr
    try:
        sized = os.get_terminal_size(out.fileno()).columns > 0
    except (AttributeError, ValueError, OSError):
        sized = False
    # A terminal without a size (a bare pseudo-terminal) is taken as 80 by 24: in none, tqdm draws nothing.
    return Bar(
        tqdm(
            total=total,
            desc=desc,
            unit=unit,
            file=out,
            leave=False,
            mininterval=0.2,
            dynamic_ncols=sized,
            ncols=None if sized else 80,
            nrows=None if sized else 24,
        )
    )
