"""Faults: concurrent and killed builds, full disks, read-only folders, leftovers of killed builds.

Each case asserts that docs/ and site/ are either the old ones or the new ones, byte for byte, and that
the next build matches a clean build. Long cases (many kill points) run under ``-m fuzz``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from generator import build, parallel, pipeline, sitefolder, writer
from generator.errors import ErrorGroup
from generator.lock import build_lock
from test_bad_input import tree_hash

VENV = Path(sys.executable).parent.parent
SEEDS = ("002_f4b2df3151264d84", "003_ff6027afb6296c5c", "004_44a3e3d5a904009e")


def _small_project(dest: Path) -> Path:
    seeds = dest.parent / (dest.name + "-seeds")
    seeds.mkdir(parents=True)
    for name in [*(s + ext for s in SEEDS for ext in (".txt", ".yml")), "topics.yml"]:
        shutil.copy(ROOT / "seeds" / name, seeds / name)
    project = copy_project(dest, seeds)
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):
        shutil.copy2(ROOT / name, project / name)
    return project


def _make(project: Path, *args: str, wait: bool = True, **kwargs):
    """`make build` in ``project`` with this checkout's virtualenv (never reinstalled)."""
    cmd = ["make", "--no-print-directory", "build", f"VENV={VENV}", "-o", str(VENV / ".installed"), *args]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("DIGEST_BUILD_LOCK", None)
    if not wait:
        return subprocess.Popen(
            cmd,
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            start_new_session=True,
            **kwargs,
        )
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, timeout=600, env=env, **kwargs)


def _generator(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DIGEST_BUILD_LOCK"}
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(project), *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**env, "PYTHONPATH": str(project)},
    )


def _trees(project: Path) -> dict[str, str]:
    return {name: tree_hash(project / name) for name in ("docs", "site", "seeds")}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """A small project after one good `make build`."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    project = _small_project(tmp_path_factory.mktemp("faults") / "project")
    first = _make(project)
    assert first.returncode == 0, first.stdout + first.stderr
    return project


@pytest.fixture()
def project(made, tmp_path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(made, copy, symlinks=True, ignore=shutil.ignore_patterns(".cache"))
    shutil.copytree(made / ".cache", copy / ".cache", ignore=shutil.ignore_patterns("build.lock"))
    return copy


@pytest.fixture(scope="module")
def clean_build(made, tmp_path_factory) -> dict[str, str]:
    """docs/ and site/ of a clean `make build` of ``made``'s inputs, after one article's text changed."""
    copy = _small_project(tmp_path_factory.mktemp("clean") / "project")
    _edit(copy)
    result = _make(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    return {**_trees(copy), "docs files": _files(copy / "docs")}


def _trees_of(build_: dict) -> dict[str, str]:
    return {name: build_[name] for name in ("docs", "site", "seeds")}


def _files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


def _edit(project: Path) -> None:
    """Change one article's text and English title: its pages, the pages listing it in both languages, the
    feeds and the search files change."""
    meta = project / "seeds" / (SEEDS[0] + ".yml")
    meta.write_text(meta.read_text(encoding="utf-8").replace("secretly want", "quietly want"), encoding="utf-8")
    text = project / "seeds" / (SEEDS[0] + ".txt")
    lines = text.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "وأضاف المتحدث أن الحكومة ستعلن تفاصيل الخطة الجديدة خلال الأسبوع المقبل.")
    text.write_text("\n".join(lines), encoding="utf-8")


# -- one build at a time ------------------------------------------------------------------------------------


def test_a_second_generator_run_fails_clearly_with_no_wait_or_waits(project):
    before = _trees(project)
    _edit(project)
    with build_lock(project, say=lambda line: None):
        os.environ.pop("DIGEST_BUILD_LOCK")  # as another program would see it: held, but not by its parent
        refused = _generator(project, "--no-wait")
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: ") and refused.stderr.count("\n") == 1, refused.stderr
    assert "another build of this project is running" in refused.stderr and "build.lock" in refused.stderr
    assert _trees(project)["docs"] == before["docs"]

    # The holder keeps the lock until the waiting build has said that it waits (however slow the machine).
    release = project / "release"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator.lock",
            "--root",
            str(project),
            "--",
            "sh",
            "-c",
            f"while [ ! -e '{release}' ]; do sleep 0.05; done",
        ],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "DIGEST_BUILD_LOCK"},
    )
    try:
        deadline = time.monotonic() + 60
        lock = project / ".cache" / "build.lock"
        while not _locked(lock) and time.monotonic() < deadline:
            time.sleep(0.05)
        env = {k: v for k, v in os.environ.items() if k != "DIGEST_BUILD_LOCK"}
        waiting = subprocess.Popen(
            [sys.executable, "-m", "generator", "build", "--root", str(project)],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**env, "PYTHONPATH": str(project)},
        )
        said = ""  # the build is blocked on the lock while it says so
        while "waiting for another build of this project to end" not in said and (line := waiting.stderr.readline()):
            said += line
        assert "waiting for another build of this project to end" in said, said
        assert waiting.poll() is None and holder.poll() is None
        release.touch()
        _, err = waiting.communicate(timeout=600)
        assert waiting.returncode == 0, err
    finally:
        release.touch()
        holder.wait(timeout=30)
    release.unlink()
    assert _trees(project)["docs"] != before["docs"]


def _locked(path: Path) -> bool:
    import fcntl

    if not path.exists():
        return False
    with open(path, "rb") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
    return False


def test_two_make_builds_at_once_leave_the_site_of_a_clean_build(project, clean_build):
    _edit(project)
    first = _make(project, wait=False)
    second = _make(project, wait=False)
    outs = [p.communicate(timeout=600) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outs
    assert any("waiting for another build" in err for _, err in outs), outs
    assert _trees(project) == _trees_of(clean_build)
    assert not [p.name for p in project.iterdir() if p.name.startswith((".site.", ".site-parallel-"))]


def test_make_build_with_no_wait_fails_clearly_while_another_runs(project):
    before = _trees(project)
    _edit(project)
    env = {k: v for k, v in os.environ.items() if k != "DIGEST_BUILD_LOCK"}
    holder = subprocess.Popen(
        [sys.executable, "-m", "generator.lock", "--root", str(project), "--", "sleep", "3"], cwd=ROOT, env=env
    )
    try:
        deadline = time.monotonic() + 10
        while not _locked(project / ".cache" / "build.lock") and time.monotonic() < deadline:
            time.sleep(0.05)
        refused = _make(project, "NO_WAIT=1")
    finally:
        holder.wait(timeout=30)
    assert refused.returncode != 0
    assert "another build of this project is running" in refused.stderr
    assert _trees(project)["site"] == before["site"] and _trees(project)["docs"] == before["docs"]


# -- the generator's transaction: read-only folders and full disks ----------------------------------------


@contextlib.contextmanager
def _read_only(folder: Path):
    """``folder`` refuses new entries, for root too (immutable) where chattr works, else by its mode."""
    if os.geteuid() == 0:
        if (
            shutil.which("chattr") is None
            or subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode
        ):
            pytest.skip("running as root and chattr +i is not available: a read-only folder cannot be made")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        return
    mode = folder.stat().st_mode
    os.chmod(folder, 0o555)
    try:
        yield
    finally:
        os.chmod(folder, mode)


@pytest.mark.parametrize(
    "folder, jobs", [("docs/en/articles", "1"), ("docs/ar/articles", "2"), ("docs/en/topics", "2")]
)
def test_a_read_only_docs_folder_changes_nothing_and_names_the_file(project, clean_build, folder, jobs, monkeypatch):
    """With one process, or two (the default language written by a forked one), a folder that refuses
    writes stops the run before any file in docs/ changes, with one line naming the file and the cause."""
    monkeypatch.setenv("DIGEST_JOBS", jobs)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
    _edit(project)
    before = _trees(project)
    with _read_only(project / folder):
        with pytest.raises(ErrorGroup) as failed:
            pipeline.generate(build.Project(root=project))
    assert _trees(project) == before
    (error,) = failed.value.errors
    assert error.path.startswith(str(project / folder) + "/") and "\n" not in error.format()
    assert "while writing this file; nothing in the docs folder was changed" in error.message
    assert not [p for p in (project / "docs").rglob(".tmp-*")]
    repaired = _make(project)
    assert repaired.returncode == 0, repaired.stderr
    assert _trees(project) == _trees_of(clean_build)


@contextlib.contextmanager
def _tmpfs(path: Path, size: str):
    path.mkdir(parents=True, exist_ok=True)
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True, text=True
        )
        if shutil.which("mount")
        else None
    )
    if mounted is None or mounted.returncode:
        reason = "mount is not installed" if mounted is None else mounted.stderr.strip()
        print(f"full-disk case skipped: a small tmpfs cannot be mounted here ({reason})")
        pytest.skip(f"a small tmpfs cannot be mounted here ({reason})")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_a_full_disk_changes_nothing_and_says_so(made, tmp_path, clean_build):
    with _tmpfs(tmp_path / "disk", "64m") as disk:
        project = disk / "project"
        shutil.copytree(made, project, symlinks=True, ignore=shutil.ignore_patterns(".cache", "site"))
        assert _generator(project).returncode == 0
        _edit(project)
        before = _trees(project)
        used = shutil.disk_usage(disk).used
        # less room than the changed pages need (tmpfs counts whole pages of memory)
        subprocess.run(["mount", "-o", f"remount,size={used + 32 * 1024}", str(disk)], check=True)
        failed = _generator(project, "--no-wait")
        assert failed.returncode == 1, failed.stdout + failed.stderr
        lines = [line for line in failed.stderr.splitlines() if line.startswith("error: ")]
        assert len(lines) == 1 and "no space left on device while writing this file" in lines[0], failed.stderr
        assert f"{project}/docs/" in lines[0]
        assert "Traceback" not in failed.stderr
        assert _trees(project) == before
        assert not [p for p in (project / "docs").rglob(".tmp-*")]
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        assert _generator(project).returncode == 0
        assert tree_hash(project / "docs") == clean_build["docs"]


# -- the site build: the live site whole at every moment -------------------------------------------------


def test_a_damaged_site_is_rebuilt_not_kept(project, clean_build):
    """Files lost from site/ (by hand, or a disk error) are not "nothing changed": the next build repairs."""
    _edit(project)
    assert _make(project).returncode == 0
    assert _trees(project) == _trees_of(clean_build)
    (project / "site" / "404.html").unlink(missing_ok=True)
    shutil.rmtree(project / "site" / "en" / "about")
    (project / "site" / "assets" / "digest.css").unlink(missing_ok=True)
    repaired = _make(project)
    assert repaired.returncode == 0, repaired.stderr
    assert _trees(project) == _trees_of(clean_build)


def test_leftovers_of_killed_builds_are_cleaned_and_a_site_set_aside_comes_back(project, clean_build):
    good = _trees(project)["site"]
    for name in (".site.new", ".site-parallel-abc123"):
        (project / name / "assets").mkdir(parents=True)
        (project / name / "assets" / "half.css").write_text("/* half */", encoding="utf-8")
    (project / "site").rename(project / ".site.old")  # killed between the two renames of a swap
    assert sitefolder.clean(project / "site")
    assert _trees(project)["site"] == good
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []
    _edit(project)
    assert _make(project).returncode == 0
    assert _trees(project) == _trees_of(clean_build)


def _kill_at(project: Path, delay: float) -> subprocess.Popen:
    proc = _make(project, wait=False)
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    return proc


def _kill_cases(project: Path, clean_build: dict, delays: list[float]) -> None:
    """``make build`` killed after each delay: site/ is the old or the new site, every file of docs/ its old
    or its new version (the generator renames its staged files in at the end), seeds/ untouched; the next
    build gives a clean build's docs/ and site/."""
    old_site, old_docs = _trees(project)["site"], _files(project / "docs")
    _edit(project)
    seeds = _trees(project)["seeds"]
    for delay in delays:
        _kill_at(project, delay)
        now = _trees(project)
        assert now["site"] in (old_site, clean_build["site"]), f"site/ neither old nor new after {delay:.2f} s"
        assert now["seeds"] == seeds
        for rel, digest in _files(project / "docs").items():
            if rel.rpartition("/")[2].startswith(".tmp-"):  # staged, not yet renamed in: the next run removes it
                continue
            assert digest in (old_docs.get(rel), clean_build["docs files"].get(rel)), f"{rel} after {delay:.2f} s"
    finished = _make(project)
    assert finished.returncode == 0, finished.stderr
    assert _trees(project) == {**_trees_of(clean_build), "seeds": seeds}
    assert not [p.name for p in project.iterdir() if p.name.startswith((".site.", ".site-parallel-"))]
    assert not list((project / "docs").rglob(".tmp-*"))


def test_builds_killed_at_several_points_leave_the_old_or_the_new_site(project, clean_build):
    _kill_cases(project, clean_build, [0.3, 1.2, 2.5, 4.0])


@pytest.mark.fuzz
def test_builds_killed_at_random_points_leave_the_old_or_the_new_site(project, clean_build):
    rng = random.Random(31)
    _kill_cases(project, clean_build, [rng.uniform(0.1, 8.0) for _ in range(40)])


def test_the_swap_keeps_the_live_site_whole(tmp_path):
    live, new = tmp_path / "site", tmp_path / ".site.new"
    (live / "a").mkdir(parents=True)
    (live / "a" / "old.html").write_text("old", encoding="utf-8")
    (new / "b").mkdir(parents=True)
    (new / "b" / "new.html").write_text("new", encoding="utf-8")
    inode = (new / "b" / "new.html").stat().st_ino
    assert sitefolder.swap(new, live)
    assert [p.relative_to(live).as_posix() for p in sorted(live.rglob("*"))] == ["b", "b/new.html"]
    assert (live / "b" / "new.html").stat().st_ino == inode and not new.exists()
    assert not sitefolder.swap(new, live)  # nothing built: the live site stays
    assert (live / "b" / "new.html").read_text(encoding="utf-8") == "new"


# -- hostile and unusual inputs: one clear line each, every error of the run printed ------------------------

HOSTILE_YAML = {
    "nested 500 levels": "title: " + "[" * 500 + "]" * 500 + "\n",
    "nested 50,000 levels": "title: " + "[" * 50000 + "]" * 50000 + "\n",
    "nested by indentation": "title:\n" + "".join(" " * (2 * i) + f"k{i}:\n" for i in range(1, 400)),
    "alias bomb": "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else 'lol'}]\n" for i in range(12))
    + "title: *l11\n",
    "python tag": "title: !!python/object/apply:os.system ['true']\n",
}
HOSTILE_MESSAGES = {
    "nested 500 levels": ":1: YAML nested more than 20 levels deep",
    "nested 50,000 levels": ":1: YAML nested more than 20 levels deep",
    "nested by indentation": ":21: YAML nested more than 20 levels deep",
    "alias bomb": ":2: YAML alias '*l0' not accepted",
    "python tag": ":1: YAML tag not accepted",
}


def _check(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", "--root", str(project), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture()
def seeds_project(tmp_path) -> Path:
    """A small project, not built (the validation cases only read it)."""
    return _small_project(tmp_path / "project")


@pytest.mark.parametrize("case", sorted(HOSTILE_YAML))
@pytest.mark.parametrize("where", ["article", "taxonomy"])
def test_hostile_yaml_is_one_line_naming_the_file_beside_every_other_error(seeds_project, case, where):
    seeds = seeds_project / "seeds"
    target = seeds / (f"{SEEDS[1]}.yml" if where == "article" else "topics.yml")
    target.write_text(HOSTILE_YAML[case], encoding="utf-8")
    other = seeds / f"{SEEDS[2]}.yml"  # another error of the same run
    other.write_text(other.read_text(encoding="utf-8") + "date: 2024-02-30\n", encoding="utf-8")
    before = tree_hash(seeds)
    start = time.monotonic()
    result = _check(seeds_project)
    assert time.monotonic() - start < 30
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Fatal" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert f"error: {target}{HOSTILE_MESSAGES[case]}" in [
        line[: len(f"error: {target}") + len(HOSTILE_MESSAGES[case])] for line in errors
    ], result.stderr
    assert any(line.startswith(f"error: {other}:") for line in errors), result.stderr
    assert all(len(line) < 300 for line in result.stderr.splitlines())
    assert tree_hash(seeds) == before


def test_hostile_yaml_in_the_two_process_path_reports_every_error(seeds_project, monkeypatch):
    """Articles prepared in two processes: a document nested 50,000 levels deep in one of them is an error
    like any other, and the other process's errors are reported with it."""
    import threading

    monkeypatch.setenv("DIGEST_JOBS", "2")
    monkeypatch.setenv("DIGEST_NO_CACHE", "1")
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 2)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    seeds = seeds_project / "seeds"
    (seeds / f"{SEEDS[0]}.yml").write_text(HOSTILE_YAML["nested 50,000 levels"], encoding="utf-8")
    (seeds / f"{SEEDS[2]}.yml").write_text(HOSTILE_YAML["alias bomb"], encoding="utf-8")
    with pytest.raises(ErrorGroup) as failed:
        pipeline.gather(build.Project(root=seeds_project))
    found = sorted((Path(e.path).name, e.line) for e in failed.value.errors)
    assert found == [(f"{SEEDS[0]}.yml", 1), (f"{SEEDS[2]}.yml", 2)]


def _fifo(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.mkfifo(path)


NOT_FILES = {
    "a FIFO as the taxonomy": ("topics.yml", _fifo, "a named pipe (FIFO), not a regular file"),
    "the taxonomy linked to /dev/zero": (
        "topics.yml",
        lambda p: (p.unlink(), p.symlink_to("/dev/zero")),
        "a device, not a regular file",
    ),
    "a FIFO as an article's metadata": (f"{SEEDS[1]}.yml", _fifo, "a named pipe (FIFO), not a regular file"),
    "a FIFO as an article's text": (f"{SEEDS[1]}.txt", _fifo, "a named pipe (FIFO), not a regular file"),
    "a folder as an article's text": (
        f"{SEEDS[1]}.txt",
        lambda p: (p.unlink(), p.mkdir()),
        "a folder, not a regular file",
    ),
    "a dangling link as metadata": (
        f"{SEEDS[1]}.yml",
        lambda p: (p.unlink(), p.symlink_to(p.parent / "gone.yml")),
        "a link to a file that does not exist",
    ),
}


@pytest.mark.parametrize("case", sorted(NOT_FILES))
def test_files_that_are_not_regular_files_are_named_for_what_they_are(seeds_project, case):
    name, make, message = NOT_FILES[case]
    make(seeds_project / "seeds" / name)
    start = time.monotonic()
    result = _check(seeds_project)
    assert time.monotonic() - start < 30, "the run hung or read without end"
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert f"error: {seeds_project / 'seeds' / name}: {message}" in [line.split("; expected")[0] for line in errors]
    assert not [line for line in errors if "beside it" in line], errors
    assert "Traceback" not in result.stderr


def test_a_large_taxonomy_is_refused_like_a_large_article(seeds_project):
    topics = seeds_project / "seeds" / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8") + "#" * (6 * 1024 * 1024) + "\n", encoding="utf-8")
    result = _check(seeds_project)
    assert result.returncode == 1
    assert f"error: {topics}: file is larger than 5 MB; expected a taxonomy" in result.stderr


@pytest.mark.parametrize("name", [f"{SEEDS[1]}.yaml", f"{SEEDS[1]}.YML", f"{SEEDS[1]}.Yaml"])
def test_metadata_saved_as_yaml_or_in_capitals_is_read(seeds_project, name):
    seeds = seeds_project / "seeds"
    meta = seeds / f"{SEEDS[1]}.yml"
    text = meta.read_text(encoding="utf-8")
    meta.rename(seeds / name)
    title_en = next(line for line in text.splitlines() if line.startswith("title_en:"))
    pipeline.generate(build.Project(root=seeds_project))
    page = (seeds_project / "docs" / "en" / "articles" / f"{SEEDS[1]}.md").read_text(encoding="utf-8")
    assert title_en.split(":", 1)[1].strip().strip('"') in page


def test_an_article_text_in_capitals_is_read(seeds_project):
    seeds = seeds_project / "seeds"
    (seeds / f"{SEEDS[1]}.txt").rename(seeds / f"{SEEDS[1]}.TXT")
    pipeline.generate(build.Project(root=seeds_project))
    assert (seeds_project / "docs" / "ar" / "articles" / f"{SEEDS[1]}.md").is_file()


def test_two_metadata_files_for_one_article_are_an_error(seeds_project):
    seeds = seeds_project / "seeds"
    shutil.copy(seeds / f"{SEEDS[1]}.yml", seeds / f"{SEEDS[1]}.yaml")
    result = _check(seeds_project)
    assert result.returncode == 1
    assert (
        f"error: {seeds / (SEEDS[1] + '.yml')}: two files for one article ({SEEDS[1]}.yaml); keep one" in result.stderr
    )


# -- generated paths: reserved names and collisions ------------------------------------------------------


@pytest.mark.parametrize("topic_id", ["index", "sitemap", "feed", "search", "iraq-page-2"])
def test_topic_ids_of_the_sites_own_pages_are_refused(seeds_project, topic_id):
    topics = seeds_project / "seeds" / "topics.yml"
    text = topics.read_text(encoding="utf-8")
    topics.write_text(text.replace("  - id: us-withdrawal-iraq\n", f"  - id: {topic_id}\n", 1), encoding="utf-8")
    line = text.splitlines().index("  - id: us-withdrawal-iraq") + 1
    result = _check(seeds_project)
    assert result.returncode == 1
    errors = [e for e in result.stderr.splitlines() if e.startswith("error: ")]
    assert errors == [
        f"error: {topics}:{line}: id is reserved for the site's own pages (index, sitemap, feed, "
        f"search, 404 and names ending in 'page-' and a number); choose another (got '{topic_id}')"
    ], result.stderr  # and no article reported for tags "not in the taxonomy"


@pytest.mark.parametrize("article_id", ["index", "feed", "page-3"])
def test_article_ids_of_the_sites_own_pages_are_refused(seeds_project, article_id):
    seeds = seeds_project / "seeds"
    for ext in (".txt", ".yml"):
        (seeds / f"{SEEDS[1]}{ext}").rename(seeds / f"{article_id}{ext}")
    result = _check(seeds_project)
    assert result.returncode == 1
    assert f"error: {seeds / (article_id + '.txt')}: article id is reserved for the site's own pages" in result.stderr


def test_two_outputs_at_one_address_are_an_error_naming_both(seeds_project, monkeypatch):
    """The check is on every generated file, whatever made it: a topic page in the place of the topics
    index is found even when the id check is out of the way."""
    from generator import sources

    monkeypatch.setattr(sources, "reserved_id", lambda name: False)
    topics = seeds_project / "seeds" / "topics.yml"
    text = topics.read_text(encoding="utf-8")
    topics.write_text(text.replace("  - id: us-withdrawal-iraq\n", "  - id: index\n", 1), encoding="utf-8")
    tagged = seeds_project / "seeds" / f"{SEEDS[0]}.yml"
    tagged.write_text(tagged.read_text(encoding="utf-8") + "tags: [index]\n", encoding="utf-8")
    before = tree_hash(seeds_project / "docs")
    with pytest.raises(ErrorGroup) as failed:
        pipeline.generate(build.Project(root=seeds_project))
    (error,) = failed.value.errors
    assert error.format() == (
        "ar/topics/index.md: two generated files at one address: the topics index and the "
        "pages of topic 'index'; rename one"
    )
    assert tree_hash(seeds_project / "docs") == before


def test_taxonomy_errors_do_not_make_every_tag_unknown(seeds_project):
    topics = seeds_project / "seeds" / "topics.yml"
    text = topics.read_text(encoding="utf-8")
    topics.write_text(text.replace("    kind: topic\n", "    kind: nonsense\n", 1), encoding="utf-8")
    tagged = seeds_project / "seeds" / f"{SEEDS[0]}.yml"
    tagged.write_text(tagged.read_text(encoding="utf-8") + "tags: [iraq]\n", encoding="utf-8")
    result = _check(seeds_project)
    errors = [e for e in result.stderr.splitlines() if e.startswith("error: ")]
    assert len(errors) == 1 and "bad kind" in errors[0], result.stderr


# -- validation that reads like an editor's checklist ------------------------------------------------------


def _set_field(path: Path, line: str) -> None:
    """Replace the field of ``line`` in the YAML file ``path`` (or add it)."""
    key = line.split(":", 1)[0] + ":"
    kept = [old for old in path.read_text(encoding="utf-8").splitlines() if not old.startswith(key)]
    path.write_text("\n".join([*kept, line]) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    "line, message",
    [
        ("date: 0999-05-01", "date: year 999 is before 1900; expected the article's publication date"),
        ('title: "\u200b\u200c\u200d\u200f"', "title: expected visible text; this holds only invisible characters"),
        ('title_en: "\ufeff \u2060"', "title_en: expected visible text; this holds only invisible characters"),
    ],
)
def test_metadata_an_editor_would_reject_is_refused(seeds_project, line, message):
    meta = seeds_project / "seeds" / f"{SEEDS[1]}.yml"
    _set_field(meta, line)
    number = meta.read_text(encoding="utf-8").count("\n")
    result = _check(seeds_project)
    assert result.returncode == 1
    assert f"error: {meta}:{number}: {message}" in result.stderr, result.stderr


@pytest.mark.parametrize(
    "alias, message",
    [
        ("في", "alias of fewer than 3 letters would tag unrelated articles"),
        ("US", "alias of fewer than 3 letters would tag unrelated articles"),
        ("من هذا", "alias made only of common words"),
        ("the", "alias made only of common words"),
    ],
)
def test_aliases_that_would_tag_every_article_are_refused(seeds_project, alias, message):
    topics = seeds_project / "seeds" / "topics.yml"
    text = topics.read_text(encoding="utf-8")
    key = "aliases_ar" if any("\u0600" <= c <= "\u06ff" for c in alias) else "aliases_en"
    anchor = f"    {key}:\n"
    at = text.index(anchor)
    line = text[:at].count("\n") + 2
    topics.write_text(text[:at] + anchor + f"      - {alias}\n" + text[at + len(anchor) :], encoding="utf-8")
    result = _check(seeds_project)
    assert result.returncode == 1
    assert f"error: {topics}:{line}: {message}" in result.stderr, result.stderr


def test_an_exact_duplicate_article_is_reported_naming_both_files(seeds_project):
    seeds = seeds_project / "seeds"
    for ext in (".txt", ".yml"):
        shutil.copy(seeds / f"{SEEDS[1]}{ext}", seeds / f"zz-copy{ext}")
    result = _check(seeds_project)
    assert result.returncode == 0, result.stderr
    assert (
        f"warning: {seeds / 'zz-copy.txt'}: same text as {seeds / (SEEDS[1] + '.txt')}: the article would be "
        "published twice; remove one"
    ) in result.stderr


def test_a_draft_that_cannot_build_is_left_out_with_its_errors_as_warnings(seeds_project):
    seeds = seeds_project / "seeds"
    (seeds / "draft-no-date.txt").write_text(
        "عنوان بلا تاريخ\nنص قصير عن البرلمان العراقي والموازنة العامة للعام المقبل كما قال نواب يوم الأحد.\n",
        encoding="utf-8",
    )
    (seeds / "draft-no-date.yml").write_text("draft: true\n", encoding="utf-8")
    (seeds / "draft-bad-yaml.txt").write_text(
        (seeds / f"{SEEDS[1]}.txt").read_text(encoding="utf-8") + "\nx\n", encoding="utf-8"
    )
    (seeds / "draft-bad-yaml.yml").write_text("draft: true\ntitle: [unclosed\n", encoding="utf-8")
    report = pipeline.generate(build.Project(root=seeds_project))
    warned = [w.format() for w in report.warnings]
    for name in ("draft-no-date", "draft-bad-yaml"):
        assert f"{seeds / name}.yml: draft left out of the site: 1 error(s) to fix first" in warned, warned
        assert not (seeds_project / "docs" / "ar" / "articles" / f"{name}.md").exists()
    assert any(w.startswith(f"{seeds / 'draft-no-date.yml'}: no date") for w in warned), warned
    assert report.articles == 3
    (seeds / "draft-no-date.yml").write_text("title: منشور\n", encoding="utf-8")  # published: an error again
    with pytest.raises(ErrorGroup) as failed:
        pipeline.generate(build.Project(root=seeds_project))
    assert [Path(e.path).name for e in failed.value.errors] == ["draft-no-date.yml"]


# -- removals ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "removal, message",
    [
        ("most articles", "2 of the 3 published articles would be removed"),
        ("the taxonomy", "the whole taxonomy would be removed (topics.yml is missing or empty)"),
    ],
)
def test_a_mass_removal_stops_until_allowed(seeds_project, removal, message):
    project = build.Project(root=seeds_project)
    pipeline.generate(project)
    before = tree_hash(seeds_project / "docs")
    seeds = seeds_project / "seeds"
    if removal == "the taxonomy":
        (seeds / "topics.yml").unlink()
    else:
        for name in SEEDS[1:]:
            for ext in (".txt", ".yml"):
                (seeds / f"{name}{ext}").unlink()
    refused = _generator(seeds_project)
    assert refused.returncode == 1
    assert (
        f"error: {seeds}: {message}: nothing was changed. If that is meant, build again with --allow-mass-removal"
    ) in refused.stderr, refused.stderr
    assert tree_hash(seeds_project / "docs") == before
    allowed = _generator(seeds_project, "--allow-mass-removal")
    assert allowed.returncode == 0, allowed.stderr
    assert tree_hash(seeds_project / "docs") != before


def test_removing_half_of_the_articles_or_fewer_needs_no_permission(seeds_project):
    pipeline.generate(build.Project(root=seeds_project))
    for ext in (".txt", ".yml"):
        (seeds_project / "seeds" / f"{SEEDS[2]}{ext}").unlink()
    assert pipeline.generate(build.Project(root=seeds_project)).removed


# -- feeds from the network: bounded in time and size -----------------------------------------------------


@contextlib.contextmanager
def _server(body: bytes, drip: float):
    """A local HTTP server sending ``body`` one byte every ``drip`` seconds (all at once when 0)."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                if not drip:
                    self.wfile.write(body)
                    return
                for i in range(len(body)):
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
                    time.sleep(drip)
            except OSError:
                pass

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    finally:
        server.shutdown()
        server.server_close()


RSS_BODY = (
    "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>t</title>"
    "<item><title>البرلمان العراقي يناقش الموازنة</title><link>https://example.org/a</link>"
    "<description>قال نواب إن البرلمان بدأ مناقشة قانون الموازنة.</description></item>"
    "</channel></rss>"
).encode("utf-8")


def test_a_url_that_drips_bytes_is_given_up_at_the_deadline(tmp_path):
    with _server(RSS_BODY, drip=0.5) as url:
        start = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "generator", "ingest", url, "--seeds", str(tmp_path / "s"), "--deadline", "2"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        took = time.monotonic() - start
    assert result.returncode == 1
    assert f"{url}: cannot fetch: not received within 2 seconds (--deadline)" in result.stdout + result.stderr
    assert took < 10
    assert not list((tmp_path / "s").glob("*.txt"))


def test_a_url_larger_than_the_cap_is_refused(tmp_path):
    with _server(RSS_BODY + b" " * 300_000, drip=0) as url:
        result = subprocess.run(
            [sys.executable, "-m", "generator", "ingest", url, "--seeds", str(tmp_path / "s"), "--max-mb", "0.25"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"{url}: larger than 0.25 MB (--max-mb); expected a feed" in result.stdout + result.stderr
    with _server(RSS_BODY, drip=0) as url:
        ok = subprocess.run(
            [sys.executable, "-m", "generator", "ingest", url, "--seeds", str(tmp_path / "s"), "--max-mb", "0.25"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert len(list((tmp_path / "s").glob("*.txt"))) == 1


# -- feeds in ---------------------------------------------------------------------------------------------


def _feed_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feed.xml"
    path.write_text(text, encoding="utf-8")
    return path


def _ingest(tmp_path: Path, feed: Path) -> tuple[subprocess.CompletedProcess, list[Path]]:
    seeds = tmp_path / "seeds"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "ingest", str(feed), "--seeds", str(seeds)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result, sorted(seeds.glob("*.yml"))


ITEM = (
    "<item><title>البرلمان العراقي يناقش قانون الموازنة &agency;</title><link>https://news.example.org/a</link>"
    "<description>قال نواب عراقيون يوم الأحد إن البرلمان بدأ مناقشة قانون الموازنة العامة.</description>"
    "<pubDate>Sun, 18 Jul 2021 09:00:00 +0300</pubDate></item>"
)


def test_internal_dtd_entities_are_expanded(tmp_path):
    feed = _feed_file(
        tmp_path,
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        "<!DOCTYPE rss [<!ENTITY agency \"(واع)\">]>\n<rss version='2.0'><channel>"
        "<title>وكالة</title><link>https://news.example.org/</link><description>أخبار"
        f"</description>{ITEM}</channel></rss>",
    )
    result, metas = _ingest(tmp_path, feed)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(metas) == 1 and "قانون الموازنة (واع)" in metas[0].read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "doctype, message",
    [
        (
            '<!DOCTYPE rss [<!ENTITY agency SYSTEM "file:///etc/hostname">]>',
            "the feed declares an external entity (<!ENTITY ... SYSTEM or PUBLIC>), which is never read",
        ),
        (
            "<!DOCTYPE rss ["
            + "".join(f'<!ENTITY e{i} "{(f"&e{i - 1};" if i else "ha") * 10}">' for i in range(9))
            + '<!ENTITY agency "&e8;">]>',
            "its entities expand beyond the parser's limits (an expansion bomb)",
        ),
    ],
)
def test_external_entities_and_expansion_bombs_are_refused(tmp_path, doctype, message):
    feed = _feed_file(
        tmp_path,
        f"<?xml version='1.0' encoding='UTF-8'?>\n{doctype}\n<rss version='2.0'><channel>"
        "<title>t</title><link>https://news.example.org/</link><description>d"
        f"</description>{ITEM}</channel></rss>",
    )
    start = time.monotonic()
    result, metas = _ingest(tmp_path, feed)
    assert time.monotonic() - start < 30
    assert result.returncode == 1 and not metas
    assert message in result.stdout + result.stderr


def test_rss_1_1_is_refused_by_name(tmp_path):
    feed = _feed_file(
        tmp_path,
        "<?xml version='1.0'?>\n<Channel xmlns='http://purl.org/net/rss1.1#' "
        "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' rdf:about='https://e.org/'>"
        "<title>t</title><link>https://e.org/</link><description>d</description>"
        "<items rdf:parseType='Collection'><item rdf:about='https://e.org/1'><title>واحد"
        "</title><link>https://e.org/1</link></item></items></Channel>",
    )
    result, _ = _ingest(tmp_path, feed)
    assert result.returncode == 1
    assert "RSS 1.1 feeds are not supported; expected RSS 2.0, RSS 1.0 or Atom" in result.stdout + result.stderr


def test_an_atom_entrys_source_does_not_hide_the_entry(tmp_path):
    entry = (
        "<entry><title>البرلمان العراقي يناقش قانون الموازنة {n}</title><id>urn:e{n}</id>"
        "<link href='https://news.example.org/{n}'/><updated>2021-07-1{n}T09:00:00Z</updated>{source}"
        "<summary>قال نواب عراقيون يوم الأحد إن البرلمان بدأ مناقشة قانون الموازنة العامة رقم {n}.</summary>"
        "</entry>"
    )
    source = "<source><id>urn:origin</id><title>المصدر</title><entry/></source>"
    feed = _feed_file(
        tmp_path,
        "<?xml version='1.0' encoding='utf-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>"
        "<title>t</title><id>urn:f</id><updated>2021-07-19T00:00:00Z</updated>"
        + entry.format(n=1, source=source)
        + entry.format(n=2, source="")
        + "</feed>",
    )
    result, metas = _ingest(tmp_path, feed)
    assert result.returncode == 0, result.stdout + result.stderr
    texts = [m.with_suffix(".txt").read_text(encoding="utf-8") for m in metas]
    assert len(metas) == 2 and any("رقم 1" in t for t in texts) and any("رقم 2" in t for t in texts)


def test_a_one_megabyte_field_name_is_named_for_what_it_is(seeds_project):
    meta = seeds_project / "seeds" / f"{SEEDS[1]}.yml"
    meta.write_text("k" * (1024 * 1024) + ": v\n" + meta.read_text(encoding="utf-8"), encoding="utf-8")
    result = _check(seeds_project)
    assert result.returncode == 1
    assert (
        f"error: {meta}:1: line of {1024 * 1024 + 3} characters: a field name is at most 1,024 characters "
        "(expected 'field: value')"
    ) in result.stderr


def test_files_staged_by_a_killed_run_are_removed_by_the_next(project):
    """Killed while staging: the temporary files go at the next run, even when nothing else changed."""
    assert _generator(project).returncode == 0
    leftover = project / "docs" / "ar" / "articles" / ".tmp-99999-leftover.md"
    leftover.write_text("half", encoding="utf-8")
    (project / ".cache" / writer.STAGING).write_bytes(b"")
    result = _generator(project)
    assert result.returncode == 0 and "nothing changed" in result.stdout, result.stdout + result.stderr
    assert not leftover.exists() and not (project / ".cache" / writer.STAGING).exists()


def test_an_article_text_without_its_metadata_is_warned_about(seeds_project):
    seeds = seeds_project / "seeds"
    (seeds / f"{SEEDS[1]}.yml").rename(seeds / f"{SEEDS[1]}.yml.bak")
    result = _check(seeds_project)
    assert (
        f"warning: {seeds / (SEEDS[1] + '.txt')}: article text without its metadata: expected {SEEDS[1]}.yml "
        "beside it; the title, date and summary are taken from the text"
    ) in result.stderr, result.stderr


def test_a_read_only_folder_in_the_site_does_not_stop_the_swap(project, clean_build):
    """The builds never write into site/: a folder there that refuses changes only delays deleting the old
    copy (swapped out to .site.new), which the next build's clean-up retries."""
    _edit(project)
    folder = project / "site" / "en" / "about"
    moved = project / ".site.new" / "en" / "about"  # where the old site's folder goes at the swap
    with _read_only(folder):
        try:
            result = _make(project)
        finally:
            if moved.exists():
                _writable(moved)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _trees(project) == _trees_of(clean_build)
    assert _make(project).returncode == 0
    assert not [p.name for p in project.iterdir() if p.name.startswith((".site.", ".site-parallel-"))]


def _writable(folder: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        os.chmod(folder, 0o755)
