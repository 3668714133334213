"""Bad input never breaks the build or loses work: every case of tests/bad_inputs/cases.yml through the real CLI.

Each case copies a minimal valid project (one good article and the taxonomy, built once per session), adds the
case's files to its seeds/ and runs ``python -m generator build`` (or ``ingest`` for feeds) in a subprocess. The
case then either builds a correct page, or fails with exit code 1 and one ``error: path[:line]: message`` line per
expected error, no traceback, and docs/ and seeds/ byte-identical to what they were before the run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project

HERE = Path(__file__).resolve().parent / "bad_inputs"
CASES = yaml.safe_load((HERE / "cases.yml").read_text(encoding="utf-8"))["cases"]
GOOD_ID = "002_f4b2df3151264d84"


def tree_hash(folder: Path) -> str:
    """A hash of every path, file content and symlink target under ``folder``."""
    h = hashlib.sha256()
    if not folder.exists():
        return "missing"
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            h.update(f"L {rel} -> {os.readlink(path)}\n".encode())
        elif path.is_file():
            h.update(f"F {rel} {hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
        else:
            h.update(f"D {rel}\n".encode())
    return h.hexdigest()


def generator(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=300)


@pytest.fixture(scope="session")
def good_project(tmp_path_factory) -> Path:
    """One good article and the taxonomy, generated once; each case starts from a copy of it."""
    seeds = tmp_path_factory.mktemp("good-seeds") / "seeds"
    seeds.mkdir()
    for name in (f"{GOOD_ID}.txt", f"{GOOD_ID}.yml", "topics.yml"):
        shutil.copy(ROOT / "seeds" / name, seeds / name)
    project = copy_project(tmp_path_factory.mktemp("good") / "project", seeds)
    result = generator("build", "--root", str(project), cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "docs" / "ar" / "articles" / f"{GOOD_ID}.md").is_file()
    return project


def _add_case_files(case: dict, target: Path) -> None:
    """Copy the case folder into ``target``, then apply its renames and generated files."""
    folder = HERE / case["case"]
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            dest = target / path.relative_to(folder)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, dest)
    for old, new in (case.get("rename") or {}).items():
        (target / old).rename(target / new)
    for name, how in (case.get("make") or {}).items():
        dest = target / name
        if "size_mb" in how:  # an over-size article: valid text repeated, so only its size is wrong
            line = "قال مسؤولون عراقيون يوم الثلاثاء إن الحكومة أرسلت طلبا رسميا إلى واشنطن.\n".encode()
            size = int(how["size_mb"] * 1024 * 1024)
            with open(dest, "wb") as fh:
                fh.write(line * (size // len(line) + 1))
        elif "symlink" in how:
            outside = target.parent / how["outside"]
            outside.write_text("بغداد – قال مسؤولون عراقيون يوم الثلاثاء إن الحكومة أرسلت طلبا.\n",
                               encoding="utf-8")
            dest.symlink_to(os.path.relpath(outside, dest.parent))
        else:
            raise ValueError(f"unknown make entry {how!r}")


# How each command prints a problem on stderr: build says "error: path:line: ...", ingest "fail path:line: ...".
PREFIX = {("build", "errors"): "error: ", ("build", "warnings"): "warning: ",
          ("ingest", "errors"): "fail ", ("ingest", "warnings"): "warning: "}


def _error_lines(stderr: str, command: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(PREFIX[command, "errors"])]


def _assert_messages(case: dict, stderr: str, base: Path) -> None:
    """Every expected error (and warning) is printed as ``path[:line]: ...`` with its phrase."""
    for kind in ("errors", "warnings"):
        prefix = PREFIX[case.get("command", "build"), kind]
        printed = [line for line in stderr.splitlines() if line.startswith(prefix)]
        for expected in case.get(kind) or ():
            where = str(base / expected["file"]) + (f":{expected['line']}" if expected.get("line") else "") + ": "
            matching = [line for line in printed if line.startswith(prefix + where)]
            assert matching, f"no {kind[:-1]} starting with {prefix + where!r} in:\n{stderr}"
            assert any(expected["says"] in line for line in matching), \
                f"{expected['says']!r} not in {matching!r}"


def _params():
    for case in CASES:
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        yield pytest.param(case, id=case["case"], marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_bad_input(case, good_project, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(good_project, project, symlinks=True)
    seeds, docs = project / "seeds", project / "docs"
    command = case.get("command", "build")
    if command == "ingest":
        incoming = tmp_path / "incoming"
        incoming.mkdir()
        _add_case_files(case, incoming)
        base = incoming
    else:
        _add_case_files(case, seeds)
        base = seeds
    docs_before, seeds_before = tree_hash(docs), tree_hash(seeds)

    if command == "ingest":
        feeds = [str(incoming / name) for name in sorted(os.listdir(incoming))]
        result = generator("ingest", *feeds, "--seeds", str(seeds), cwd=project)
    else:
        result = generator("build", "--root", str(project), cwd=project)
    output = f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"

    assert "Traceback" not in result.stderr, output
    _assert_messages(case, result.stderr, base)
    if case["outcome"] == "error":
        assert result.returncode == 1, output
        assert len(_error_lines(result.stderr, command)) == len(case["errors"]), output
        if command == "build":
            assert f"{len(case['errors'])} error(s); nothing was written." in result.stderr, output
        assert tree_hash(docs) == docs_before, "docs/ changed although the build failed\n" + output
        assert tree_hash(seeds) == seeds_before, "seeds/ changed although the run failed\n" + output
        return

    assert case["outcome"] == "built", case
    assert result.returncode == 0, output
    assert not _error_lines(result.stderr, command), output
    if command == "ingest":
        # The feed's items become draft pairs in seeds/; a preview build (drafts shown) turns them into pages,
        # which a publishing build holds back.
        new = sorted(set(os.listdir(seeds)) - {p.name for p in (good_project / "seeds").iterdir()})
        assert len(new) == 2 * case["items"], new
        drafts = {Path(name).stem for name in new}
        for name in new:
            if name.endswith(".yml"):
                draft = yaml.safe_load((seeds / name).read_text(encoding="utf-8"))
                assert draft["draft"] is True
                assert "url" not in draft or draft["url"].startswith(("http://", "https://"))
        result = generator("build", "--root", str(project), cwd=project)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        assert f"{len(drafts)} draft(s) held back" in result.stdout, result.stdout
        assert not any(list(docs.rglob(f"{article_id}.md")) for article_id in drafts)
        result = generator("build", "--drafts", "--root", str(project), cwd=project)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        page_ids = sorted(drafts)
    else:
        assert tree_hash(seeds) == seeds_before, "the build changed seeds/"
        page_ids = case["pages"]
    for article_id in page_ids:
        for lang in ("ar", "en"):
            page = docs / lang / "articles" / f"{article_id}.md"
            assert page.is_file(), f"{page} missing\n{output}"
            shown = page.read_text(encoding="utf-8")
            assert case["title"] in shown, f"title {case['title']!r} not on {page}"
    for absent in case.get("no_pages") or ():
        assert not list(docs.rglob(f"{absent}.md")), f"a page for {absent} was written"
    # the good article is still there
    assert (docs / "ar" / "articles" / f"{GOOD_ID}.md").is_file()


def test_corpus_is_complete():
    """Every folder under tests/bad_inputs/ is a case of cases.yml, every case has files; at least 30 cases."""
    folders = {p.name for p in HERE.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))}
    named = [c["case"] for c in CASES]
    assert len(named) == len(set(named)) and len(named) >= 30
    assert folders <= set(named), folders - set(named)
    for c in CASES:
        assert c["case"] in folders or c.get("make"), f"{c['case']}: no folder and nothing to make"
        assert c["outcome"] in ("built", "error"), c
        assert c["outcome"] == "built" or c.get("errors"), c
        assert c["outcome"] == "error" or "title" in c or not c.get("pages"), c
