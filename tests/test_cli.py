"""The command line as a shell uses it: output piped into a reader that stops early."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIPE_BUFFER = 64 * 1024  # Linux's default pipe capacity: a longer output blocks until the reader reads


def long_article(path: Path) -> Path:
    """A raw article of a few hundred paragraphs, made from a seed's sentences (each paragraph distinct)."""
    lines = (ROOT / "seeds" / "002_f4b2df3151264d84.txt").read_text(encoding="utf-8").splitlines()
    head, body = lines[:2], [line for line in lines if len(line) > 80]
    paragraphs = [f"{line} ({k})" for k in range(1, 61) for line in body]
    path.write_text("\n".join(head + paragraphs) + "\n", encoding="utf-8")
    return path


def test_clean_piped_into_head_ends_without_a_traceback(tmp_path):
    article = long_article(tmp_path / "long.txt")
    command = [sys.executable, "-m", "generator", "clean", "--explain", str(article)]
    full = subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
    assert len(full.stdout) > 4 * PIPE_BUFFER  # more than the pipe holds: the writer meets the closed pipe
    first_line = full.stdout.split(b"\n", 1)[0].decode("utf-8")

    shell = f'{shlex.join(command)} | head -n 1; echo "status ${{PIPESTATUS[0]}}" >&2'
    piped = subprocess.run(["bash", "-c", shell], cwd=ROOT, capture_output=True, text=True)
    assert piped.stdout == first_line + "\n"
    assert "Traceback" not in piped.stderr
    assert "Exception ignored" not in piped.stderr
    assert "BrokenPipeError" not in piped.stderr
    assert piped.stderr.strip().splitlines()[-1] == "status 141"  # as a command stopped by SIGPIPE
