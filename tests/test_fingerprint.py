"""The one fingerprint (``cache.fingerprint``) decides when everything kept in .cache/ is stale: changing any of
its parts (the Python version, requirements.lock, the generator's source, the page templates, mkdocs.yml)
makes the next real build compute again what every store kept, while an edit of one article does not."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project

SKIPPED = "(nothing changed since the last build)"
# Run by the copied generator (the project folder comes first on sys.path); ``sys.version`` is what the
# fingerprint reads of the interpreter, so another interpreter is one with another version string.
RUN = """
import sys
if sys.argv[1] == "other-python":
    sys.version += " (another build)"
from generator.cli import main
from generator.sitebuild import site_stamp, _folders, _generated
from pathlib import Path
code = main(["build", "--root", "."])
config = Path("mkdocs.yml").resolve()
print("site stamp:", site_stamp(config, _generated(_folders(config)[0])))
sys.exit(code)
"""
SALTED = ("outputs.pickle", "links.pickle", "search-ar.pickle", "search-en.pickle", "last-build.pickle")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _build(project: Path, python: str = "same-python") -> tuple[str, dict]:
    """Build with the copied generator; (its output, what each store under .cache/ was kept under)."""
    result = subprocess.run([sys.executable, "-c", RUN, python], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    cache = project / ".cache"
    kept = {name: pickle.loads((cache / name).read_bytes())["salt"] for name in SALTED}
    kept["site.json"] = result.stdout.split("site stamp: ")[1].strip()
    entries = dict(pickle.loads((cache / "articles.pack").read_bytes()))
    for path in (cache / "articles").glob("*.pickle"):
        entries[path.stem] = pickle.loads(path.read_bytes())
    # an article's entry: (metadata, tags, clean text and first mentions)
    kept["articles"] = frozenset(
        key
        for key, value in entries.items()
        if isinstance(value, tuple) and len(value) == 3 and hasattr(value[0], "draft")
    )
    return result.stdout, kept


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("fingerprint") / "project")
    shutil.copy(ROOT / "requirements.lock", project / "requirements.lock")
    return project


PARTS = {
    "requirements.lock": lambda project: _append(project / "requirements.lock", "# another pin\n"),
    "the generator's source": lambda project: _append(project / "generator" / "digest.py", "# another version\n"),
    "a page template": lambda project: _append(project / "templates" / "pages" / "timeline.md.j2", "{# x #}"),
    "mkdocs.yml": lambda project: _append(project / "mkdocs.yml", "# another setting\n"),
    "the Python version": lambda project: "other-python",  # last: the builds after it would change it back
}


def test_a_change_of_any_part_of_the_fingerprint_makes_every_store_stale(project):
    _, kept = _build(project)
    cached = len(kept["articles"])
    assert cached >= 3
    output, again = _build(project)
    assert SKIPPED in output and again == kept  # nothing changed: everything kept is used as it is

    article = sorted((project / "seeds").glob("*.txt"))[0]
    _append(article, "\nوأضاف المصدر أن المحادثات ستستمر.\n")
    output, after_edit = _build(project)
    assert SKIPPED not in output
    for store in SALTED[:-1] + ("site.json",):  # an article's edit is no part of the fingerprint
        assert after_edit[store] == kept[store], store
    assert len(after_edit["articles"] - kept["articles"]) == 1  # the edited article alone was prepared again
    kept = after_edit

    for part, change in PARTS.items():
        python = change(project) or "same-python"
        output, now = _build(project, python)
        assert SKIPPED not in output, part
        for store in SALTED + ("site.json",):
            assert now[store] != kept[store], f"{part} changed, yet {store} was kept under the same fingerprint"
        assert len(now["articles"] - kept["articles"]) == cached, f"{part} changed, yet articles were reused"
        kept = now
