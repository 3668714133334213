"""Progress bars: drawn on a terminal for long runs, never in a pipe or in CI, never in the output files."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import make_corpus
from conftest import ROOT, copy_project
from generator import progress

ARTICLES = 210  # above the generator's threshold for a bar (parallel.PARALLEL_MIN)


def run_on_terminal(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, str]:
    """Run ``command`` with its standard error on a pseudo-terminal: (status, stdout, what the terminal showed)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower
    )
    os.close(follower)
    shown = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # every writer closed the terminal
            break
        if not chunk:
            break
        shown.append(chunk)
    os.close(leader)
    out = proc.stdout.read() if proc.stdout else b""
    return proc.wait(), out.decode("utf-8"), b"".join(shown).decode("utf-8", "replace")


def terminal_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return {**env, "TERM": "xterm", "NO_MKDOCS_2_WARNING": "1", **extra}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("progress") / "seeds", ARTICLES)


def generate(project: Path, env: dict[str, str], terminal: bool) -> tuple[int, str, str]:
    """Run the generator on ``project`` with its standard error on a terminal or a pipe: (status, stdout, stderr)."""
    command = [sys.executable, "-m", "generator", "build", "--root", str(project)]
    if terminal:
        return run_on_terminal(command, project, env)
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    return done.returncode, done.stdout, done.stderr


def docs_of(project: Path) -> dict[str, bytes]:
    docs = project / "docs"
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def test_generator_draws_a_bar_on_a_terminal_only_and_writes_the_same_pages(seeds, tmp_path):
    runs = {"terminal": (terminal_env(), True), "pipe": (terminal_env(), False)}  # CI: test_wanted_only_…
    docs = {}
    for name, (env, terminal) in runs.items():
        project = copy_project(tmp_path / name.replace(" ", "-"), seeds)
        status, out, shown = generate(project, env, terminal)
        assert status == 0, shown
        assert f"{ARTICLES} articles:" in out  # the summary stays on standard output, unchanged
        drawn = "articles:" in shown and f"/{ARTICLES} [" in shown and "%|" in shown and "\r" in shown
        assert drawn == (name == "terminal"), (name, shown)
        docs[name] = docs_of(project)
    assert docs["terminal"] == docs["pipe"]
    assert len(docs["terminal"]) > 4 * ARTICLES


def test_ingest_counts_items_on_a_terminal_and_prints_plain_lines_in_a_pipe(tmp_path):
    feed = ROOT / "tests" / "data" / "feeds" / "rss_ar.xml"  # 4 new items, 1 duplicate, 1 without text or link
    command = [sys.executable, "-m", "generator", "ingest", str(feed), "--seeds", str(tmp_path / "a")]
    status, out, shown = run_on_terminal(command, ROOT, terminal_env())
    assert (status, out.splitlines()[0]) == (1, "4 new, 1 skipped as duplicates, 1 failed")
    assert "ingest: 6item" in shown and "\r" in shown  # the count of items, redrawn
    assert sum(line.startswith("new ") for line in shown.replace("\r", "\n").splitlines()) == 4  # lines above it

    command[-1] = str(tmp_path / "b")
    piped = subprocess.run(command, cwd=ROOT, env=terminal_env(), capture_output=True, text=True)
    assert piped.returncode == 1
    assert "\r" not in piped.stderr and "ingest:" not in piped.stderr
    assert [line.split(" ")[0] for line in piped.stderr.splitlines()] == ["new", "new", "new", "skip", "new", "fail"]


def test_wanted_only_on_a_terminal_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    leader, follower = pty.openpty()
    read_end, write_end = os.pipe()
    with open(follower, "w") as terminal, open(write_end, "w") as pipe:
        assert progress.wanted(terminal)
        assert not progress.wanted(pipe)
        monkeypatch.setenv("CI", "true")
        assert not progress.wanted(terminal)
        monkeypatch.delenv("CI")
        monkeypatch.setenv("TERM", "dumb")
        assert not progress.wanted(terminal)
    os.close(leader)
    os.close(read_end)


def test_a_short_run_draws_no_bar(monkeypatch):
    leader, follower = pty.openpty()
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    with open(follower, "w") as terminal:
        short = progress.bar(ARTICLES - 20, "articles", "article", minimum=200, stream=terminal)
        long = progress.bar(ARTICLES, "articles", "article", minimum=200, stream=terminal)
        assert short.tqdm_bar is None and long.tqdm_bar is not None
        assert list(long.counting(range(ARTICLES))) == list(range(ARTICLES))
        assert long.tqdm_bar.n == ARTICLES
        long.close()
    os.close(leader)
