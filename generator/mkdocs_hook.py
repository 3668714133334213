"""MkDocs hook: regenerate the pages from seeds/ before each build, so `mkdocs build` and `mkdocs serve` work alone."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent

from mkdocs.exceptions import PluginError  # noqa: E402


log = logging.getLogger("generator")
_last: str | None = None


def on_pre_build(config, **kwargs) -> None:
    """Generate docs/ from seeds/ unless nothing changed since the last run in this process."""
    global _last
    if os.environ.get("DIGEST_SKIP_GENERATE") == "1":
        return
    if str(_ROOT) not in sys.path:  # MkDocs restores sys.path after loading hooks, so add the project here
        sys.path.insert(0, str(_ROOT))
    from generator import build  # imported here so that a skipped generation needs none of it
    from generator.errors import ErrorGroup
    project = build.Project(root=Path(config["config_file_path"]).resolve().parent)
    stamp = build.fingerprint(project)
    if stamp == _last:
        return
    try:
        report = build.generate(project, refuse_drafts=os.environ.get("DIGEST_REFUSE_DRAFTS") == "1")
    except ErrorGroup as group:
        for warning in group.warnings:
            print(f"warning: {warning.format()}", file=sys.stderr)
        raise PluginError("the generator found errors; nothing was written:\n"
                          + "\n".join(e.format() for e in group.errors)) from None
    for warning in report.warnings:
        print(f"warning: {warning.format()}", file=sys.stderr)
    log.info("generator: %d articles, %d files written, %d unchanged, %d removed",
             report.articles, len(report.written), report.unchanged, len(report.removed))
    _last = stamp
