"""The command line as a shell uses it: output piped into a reader that stops early."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

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


DECOY = """topics:
  - id: decoy-iraq
    kind: place
    name_ar: العراق
    name_en: Iraq
"""


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True)


def test_every_command_reads_the_taxonomy_the_configuration_names(tmp_path):
    """The taxonomy is the configuration's ``extra.digest.taxonomy``, here outside seeds/, while seeds/ holds a decoy
    ``topics.yml`` whose one entry matches every article: desk, ingest and suggest all tag with the configured one."""
    project = tmp_path / "project"
    (project / "newsroom").mkdir(parents=True)
    shutil.copytree(ROOT / "seeds", project / "seeds", ignore=shutil.ignore_patterns("topics.yml"))
    (project / "seeds" / "topics.yml").write_text(DECOY, encoding="utf-8")
    shutil.copy(ROOT / "seeds" / "topics.yml", project / "newsroom" / "entities.yml")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.count("taxonomy: seeds/topics.yml") == 1
    (project / "mkdocs.yml").write_text(
        config.replace("taxonomy: seeds/topics.yml", "taxonomy: newsroom/entities.yml"), encoding="utf-8"
    )

    desk = _run("desk", "--root", str(project), "--json")
    assert desk.returncode == 0, desk.stderr
    tagged = {f["message"].split(" ", 1)[0] for f in json.loads(desk.stdout)["findings"] if f["kind"] == "tag"}
    assert "us-forces" in tagged and "decoy-iraq" not in tagged

    ingest = _run("ingest", "--root", str(project), str(ROOT / "tests" / "data" / "feeds" / "rss_ar.xml"))
    assert ingest.returncode == 1 and "new " in ingest.stderr + ingest.stdout  # one item of the feed has no text
    drafts = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (project / "seeds").glob("2021*.yml")]
    tags = {tag for draft in drafts for tag in draft.get("tags", ())}
    assert len(drafts) >= 3 and "us-forces" in tags and "decoy-iraq" not in tags

    configured = _run("suggest", "--root", str(project), str(ROOT / "tests" / "tag_labels"))
    named = _run(
        "suggest", str(ROOT / "tests" / "tag_labels"), "--taxonomy", str(project / "newsroom" / "entities.yml")
    )
    decoy = _run("suggest", str(ROOT / "tests" / "tag_labels"), "--taxonomy", str(project / "seeds" / "topics.yml"))
    assert configured.returncode == named.returncode == decoy.returncode == 0
    assert configured.stdout == named.stdout != decoy.stdout


def test_an_invalid_configuration_stops_ingest_before_it_writes(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("page_size: 50", "page_size: none")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    line = next(n for n, text in enumerate(config.splitlines(), 1) if "page_size: none" in text)
    run = _run("ingest", "--root", str(project), str(ROOT / "tests" / "data" / "feeds" / "rss_ar.xml"))
    assert run.returncode == 1
    assert run.stderr.splitlines()[0].startswith(f"error: {project / 'mkdocs.yml'}:{line}: extra.digest.page_size: ")
    assert not (project / "seeds").exists()
