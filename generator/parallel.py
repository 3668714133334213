"""Forked processes on Linux: how many (``jobs``), a pool over chunks of a list (``fork_map``), one process
talking through a pipe (``forked``, ``received``), and the search entries computed aside while the main
process cross-links (``SearchAside``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Generator

from . import i18n
from .cache import ArticleCache
from .corpus import Corpus
from .model import Article


PARALLEL_MIN = 200  # articles to prepare before a second process pays for itself


def jobs() -> int:
    """Processes for preparing articles: ``DIGEST_JOBS``, or the CPUs this process may use.

    Always 1 where processes are not forked (off Linux) and in a process running other threads
    (``mkdocs serve`` runs the hook beside its server's), which a fork would leave half copied.
    """
    import multiprocessing
    import threading

    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    wanted = os.environ.get("DIGEST_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return max(1, len(os.sched_getaffinity(0)))


_WORK: tuple = ()  # (function, items) for the forked processes of fork_map


def _run_chunk(bounds: tuple[int, int]):
    function, items = _WORK
    return function(items[bounds[0] : bounds[1]])


def fork_map(function: Callable, items: list, count: int) -> Generator:
    """``function`` of each chunk of ``items`` (a list), in ``count`` forked processes, yielded in order.

    The processes inherit ``function`` and ``items`` (nothing is pickled on the way there); chunks are small
    to even out the processes' loads, and each result is read back while the processes compute the next.
    """
    import multiprocessing

    global _WORK
    step = -(-len(items) // (count * 8))  # small chunks even out the processes' loads
    _WORK = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            yield from pool.imap(_run_chunk, [(i, i + step) for i in range(0, len(items), step)])
    finally:
        _WORK = ()


def forked(target: Callable, *args):
    """(process, connection): ``target(connection's other end, *args)`` running in a forked process, which
    inherits its arguments (nothing is pickled) and talks through the connection."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    conn, child_end = context.Pipe()
    worker = context.Process(target=target, args=(child_end, *args), daemon=True)
    for stream in (sys.stdout, sys.stderr):  # or the fork would print what they hold a second time
        stream.flush()
    worker.start()
    child_end.close()
    return worker, conn


def received(conn, expected: str) -> tuple:
    try:
        message = conn.recv()
    except EOFError:
        raise RuntimeError("the process rendering the default language ended without a word") from None
    if message[0] == "failed":
        raise message[1]
    if message[0] == "crashed":
        raise message[1] or RuntimeError(message[2])
    assert message[0] == expected, message[0]
    return message[1:]


class SearchAside:
    """The articles' search entries that the cache lacks, computed in a forked process (``start``) while this
    one cross-links; ``finish`` waits for them and puts them in the cache, where the search stage finds them.

    An entry depends on its article and the taxonomy alone, so it is the one the search stage would
    compute, and the search stage computes any that did not arrive. In a cold run at 10,000 articles
    these are most of the search stage.
    """

    def __init__(self, worker, conn, keys: list[str], cache: ArticleCache) -> None:
        self.worker, self.conn, self.keys, self.cache = worker, conn, keys, cache

    @classmethod
    def start(cls, articles: list[Article], taxonomy: tuple, cache: ArticleCache) -> SearchAside | None:
        """None unless many entries are missing, the cache is on and a second CPU is free."""
        if cache.folder is None or len(articles) < PARALLEL_MIN or jobs() < 2:
            return None
        from . import search

        wanted, keys = [], []
        for article in articles:
            for lang in i18n.LANGS if article.fingerprint else ():
                key = search.article_entry_key(cache, article, lang)
                if not cache.has(key):
                    wanted.append((article, lang))
                    keys.append(key)
        if len(wanted) < PARALLEL_MIN:
            return None
        topics_only = Corpus(articles=(), topics={t.id: t for t in taxonomy})
        worker, conn = forked(_search_entries, topics_only, wanted)
        return cls(worker, conn, keys, cache)

    def finish(self) -> None:
        try:
            values = self.conn.recv()
        except EOFError:  # the process died: the search stage computes the entries
            values = []
        finally:
            self.cancel()
        for key, value in zip(self.keys, values):
            self.cache.put(key, value)

    def cancel(self) -> None:
        self.worker.terminate()
        self.worker.join()
        self.conn.close()


def _search_entries(conn, corpus: Corpus, wanted: list[tuple[Article, str]]) -> None:
    from . import search

    try:
        conn.send([search.article_entry_value(corpus, article, lang) for article, lang in wanted])
    finally:
        conn.close()
