"""Command line: turns domain errors into messages and exit codes."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import build, pipeline, state, writer
from . import config as site_config
from .errors import DigestError, ErrorGroup

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
EXIT_PIPE = 128 + 13  # what a shell reports for a command stopped by SIGPIPE
INGEST_ITEM_LINES = ("new ", "skip ", "fail ")  # the lines of `ingest` that end one item (the others: fetch, warning)


def _print_errors(group: ErrorGroup) -> None:
    for warning in group.warnings:
        print(f"warning: {warning.format()}", file=sys.stderr)
    for error in group.errors:
        print(f"error: {error.format()}", file=sys.stderr)
    print(f"{len(group.errors)} error(s); nothing was written.", file=sys.stderr)


def _held_back(report: writer.Report) -> str:
    """What a build held back, for its summary line."""
    parts = []
    if report.drafts:
        parts.append(f"{report.drafts} draft(s) held back")
    if report.scheduled:
        parts.append(f"{report.scheduled} scheduled for later")
    return "; " + ", ".join(parts) if parts else ""


def _cmd_build(args: argparse.Namespace) -> int:
    from .lock import build_lock

    if args.drafts:
        os.environ["DIGEST_DRAFTS"] = "1"  # read by the build and by the MkDocs hook
    project = build.Project(root=Path(args.root).resolve())
    with build_lock(project.root, wait=not args.no_wait):
        writer.clean_staging(project)  # what a killed run left, even when nothing else changed since
        stamp = state.input_stamp(project, refuse_drafts=args.strict)  # before reading: an edit meanwhile counts
        report = state.unchanged_since_last_build(project, stamp)
        skipped = report is not None
        if report is None:
            report = pipeline.generate(project, refuse_drafts=args.strict, allow_mass_removal=args.allow_mass_removal)
            state.remember_build(project, stamp, report)
    for warning in report.warnings:
        print(f"warning: {warning.format()}", file=sys.stderr)
    print(f"{report.articles} articles: {len(report.written)} files written, {report.unchanged} unchanged, "
          f"{len(report.removed)} removed" + _held_back(report)
          + (" (nothing changed since the last build)" if skipped else ""))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    project, _ = build.configured(build.Project(root=Path(args.root).resolve()))
    corpus, warnings = pipeline.gather(project, refuse_drafts=args.strict)
    for warning in warnings:
        print(f"warning: {warning.format()}", file=sys.stderr)
    print(f"{len(corpus.articles)} articles valid")
    return EXIT_OK


def _cmd_clean(args: argparse.Namespace) -> int:
    from . import clean, sources

    path = Path(args.file)
    text = sources.read_text(path)
    try:
        article = clean.clean(text)
    except DigestError as exc:
        raise ErrorGroup([type(exc)(exc.message, path, exc.line, exc.got)]) from None
    print(clean.explain(article, text) if args.explain else clean.to_markdown(article))
    return EXIT_OK


def _cmd_desk(args: argparse.Namespace) -> int:
    from . import desk

    root = Path(args.root).resolve()
    report = desk.gather(root, Path(args.seeds).resolve() if args.seeds else None)
    print(desk.to_json(report, args.sort) if args.json else desk.to_text(report, args.sort))
    if args.html:
        out = Path(args.html)
        out = out if out.is_absolute() else root / out
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(desk.to_html(report), encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
    return EXIT_INPUT if report.errors else EXIT_OK


def _cmd_ingest(args: argparse.Namespace) -> int:
    from . import ingest, progress

    root = Path(args.root).resolve()
    seeds = Path(args.seeds) if args.seeds else root / "seeds"
    taxonomy = site_config.taxonomy_path(root, seeds)  # before anything is written: an invalid mkdocs.yml stops it
    with progress.bar(None, "ingest", "item") as shown:  # on a terminal: a count of the items, lines above it

        def said(line: str) -> None:
            if line.startswith(INGEST_ITEM_LINES):
                shown.update()
            shown.write(line)  # (which draws the bar again, below the line, with its count)

        report = ingest.ingest(args.sources, seeds, said, deadline=args.deadline,
                               max_bytes=int(args.max_mb * 1024 * 1024), taxonomy=taxonomy)
    print(ingest.format_report(report))
    return EXIT_INPUT if report.failed else EXIT_OK


def _cmd_suggest(args: argparse.Namespace) -> int:
    from . import suggest, topics

    root = Path(args.root).resolve()
    taxonomy = Path(args.taxonomy) if args.taxonomy else site_config.taxonomy_path(root)
    tagger = topics.Tagger(topics.load_taxonomy(taxonomy))
    paths = [Path(p) for p in args.paths] or [root / "seeds"]
    print(suggest.report(suggest.suggest(paths, tagger, args.min_count)), end="")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m generator``."""
    p = argparse.ArgumentParser(prog="python -m generator",
                                description="Bilingual Arabic/English news digest generator.")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="generate docs/ from seeds/ (example: python -m generator build)",
                       description="Generate every page and feed into docs/. Example: python -m generator build")
    b.add_argument("--root", default=".", help="project folder holding mkdocs.yml, seeds/ and docs/ (default: .)")
    b.add_argument("--strict", action="store_true",
                   help="fail while any article is a draft (draft: true), instead of holding drafts back")
    b.add_argument("--drafts", action="store_true",
                   help="publish drafts too, each marked as a draft (a preview or staging site)")
    b.add_argument("--allow-mass-removal", action="store_true",
                   help="let the run remove more than half of the published articles, or every topic")
    b.add_argument("--no-wait", action="store_true", help="fail at once when another build of the project is running "
                   "(default: wait for it)")
    b.set_defaults(func=_cmd_build)

    c = sub.add_parser("check", help="validate seeds/ without writing (example: python -m generator check)",
                       description="Validate every article and metadata file; write nothing. "
                                   "Example: python -m generator check --strict")
    c.add_argument("--root", default=".", help="project folder (default: .)")
    c.add_argument("--strict", action="store_true", help="refuse draft articles")
    c.set_defaults(func=_cmd_check)

    cl = sub.add_parser("clean", help="clean one raw article (example: python -m generator clean seeds/x.txt "
                                      "--explain)",
                        description="Print the clean article. Example: python -m generator clean seeds/x.txt --explain")
    cl.add_argument("file", help="raw article text file")
    cl.add_argument("--explain", action="store_true", help="also list every dropped line and the rule that dropped it")
    cl.set_defaults(func=_cmd_clean)

    d = sub.add_parser("desk", help="what needs an editor, each at its file and line (example: python -m generator "
                                    "desk --html desk/index.html)",
                       description="List drafts, scheduled articles, missing English, unknown outlets, date "
                                   "mismatches, chrome-like titles, near-duplicates and every tag with its evidence "
                                   "(flagging weak, negated or hypothetical mentions and names only inside longer "
                                   "names). Writes nothing in seeds/ or docs/. "
                                   "Example: python -m generator desk --sort date --html desk/index.html")
    d.add_argument("--root", default=".", help="project folder (default: .)")
    d.add_argument("--seeds", default=None, help="seeds folder to read (default: ROOT/seeds)")
    d.add_argument("--sort", choices=("date", "file", "kind"), default="date",
                   help="order: article date, newest first (default), file and line, or kind")
    d.add_argument("--json", action="store_true", help="print the report as JSON for scripts")
    d.add_argument("--html", metavar="PATH", help="also write the report as an HTML page (e.g. desk/index.html, "
                                                  "relative to ROOT; keep it out of docs/ and site/)")
    d.set_defaults(func=_cmd_desk)

    i = sub.add_parser("ingest", help="add articles from feeds or text files (example: python -m generator ingest "
                                      "feed.xml)",
                       description="Write new seeds/<id>.txt and draft seeds/<id>.yml files from RSS/Atom feeds "
                                   "(files or URLs), raw text files or folders of them; never overwrites. "
                                   "Example: python -m generator ingest https://example.org/feed.xml articles/")
    i.add_argument("sources", nargs="+", help="feed file or URL, text file, or folder")
    i.add_argument("--root", default=".", help="project folder: its mkdocs.yml names the taxonomy that suggests "
                   "tags (default: .)")
    i.add_argument("--seeds", default=None, help="seeds folder to write into (default: ROOT/seeds)")
    i.add_argument("--deadline", type=float, default=60.0, metavar="SECONDS",
                   help="give up a URL not downloaded within this many seconds in all (default: 60)")
    i.add_argument("--max-mb", type=float, default=20.0, metavar="MB",
                   help="refuse a URL whose download exceeds this size (default: 20)")
    i.set_defaults(func=_cmd_ingest)

    su = sub.add_parser("suggest", help="names that recur in articles but are in no taxonomy entry (example: "
                                        "python -m generator suggest seeds/)",
                        description="List people, organisations and places that recur in the articles but that "
                                    "the taxonomy does not name, with counts, example sentences and a draft "
                                    "YAML entry each. Example: python -m generator suggest seeds/ more-articles/")
    su.add_argument("paths", nargs="*", help="article text files or folders (default: ROOT/seeds)")
    su.add_argument("--root", default=".", help="project folder (default: .)")
    su.add_argument("--taxonomy", default=None, help="taxonomy file (default: the one mkdocs.yml of ROOT configures, "
                    "extra.digest.taxonomy)")
    su.add_argument("--min-count", type=int, default=2, help="fewest mentions of a name to list it (default: 2)")
    su.set_defaults(func=_cmd_suggest)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run a command; print errors as 'path:line: message' and return an exit code (never a traceback)."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ErrorGroup as group:
        _print_errors(group)
        return EXIT_INPUT
    except DigestError as exc:
        print(f"error: {exc.format()}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader stopped early (`python -m generator clean x.txt | head`): the rest has nowhere to go.
        # Standard output goes to /dev/null so that the interpreter's last flush stays quiet too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE
