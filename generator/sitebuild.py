"""Build the MkDocs site in two processes, the default language in one and the others in the second; same bytes as
``mkdocs build``.

mkdocs-static-i18n builds the default language (ar, at the site root) and then, in the same process,
every other language (en, under ``en/``), and finally merges the search index. Its ``build_only_locale``
option does not give the same site: the chosen language becomes the default (built at the root), the
language switcher loses the other language and the search index and sitemap hold one language only.

Here, instead:

* this process builds ``ar`` exactly as the first pass of ``mkdocs build`` does (the i18n plugin is told
  its other languages are already being built), and saves the search entries it collected;
* a child process replays the ``ar`` pass *without rendering or writing anything* (configuration, files
  and navigation only, plus the language-switcher state the pages leave behind, which the next pass's
  404 page shows), then builds ``en`` as the second pass would, and merges the search index with the
  ``ar`` entries from this process, as the plugin does after its last pass;
* the child's output (``en/`` and the root files its pass rewrites: 404.html, sitemap.xml, search index)
  is moved over this process's output, as the second pass overwrites the first.

It reaches into MkDocs 1.6.1 and mkdocs-static-i18n 1.3.1 internals (pinned in requirements.lock);
``tests/test_scale.py`` compares its output with ``mkdocs build`` byte for byte, so an upgrade that
breaks it fails there.

    python -m generator build && python -m generator.sitebuild -f mkdocs.yml --site-dir .site.new --strict

The generator's MkDocs hook is skipped (DIGEST_SKIP_GENERATE=1): run the generator first.

With ``--reuse SITE`` (``make build`` passes its ``site/``), pages and files that a full build would
write with the same bytes as SITE's are not rendered again but kept from SITE: those of generated
files whose size and modification time are those SITE was built from (the generator leaves unchanged
files untouched), when SITE was the last site built here and with the same *stamp*: configuration,
theme, hand-written pages, MkDocs hook, Python and installed packages (``site_stamp``), and SITE's files
as that build left them (a site damaged since is not reused); otherwise it builds everything. SITE is
never changed: once both builds have succeeded, the files they kept from it are hard-linked into the new
site, which ``generator.sitefolder`` then swaps in whole. When nothing changed at all (the same stamp, and
every generated file as SITE was built from), no page is built and no new site made: SITE stays.
The record of the last build is ``.cache/site.json``; ``tests/test_scale.py`` compares a reusing build with
a full one byte for byte. The build holds the project's build lock (``generator.lock``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

POLL = 0.05
RECORD = Path(".cache") / "site.json"  # beside mkdocs.yml: the last site built with --reuse


def _load(config_file: str, site_dir: str, strict: bool):
    from mkdocs.config import load_config

    return load_config(config_file, site_dir=site_dir, strict=strict)


def build_default(config_file: str, site_dir: str, strict: bool, entries: Path) -> None:
    """The first pass of ``mkdocs build`` (default language), saving its search entries for the merge."""
    import mkdocs.commands.build as mkbuild

    config = _load(config_file, site_dir, strict)
    i18n = config.plugins["i18n"]
    i18n.building = True  # on_post_build: collect this language's search entries, build no other language
    mkbuild.build(config)
    tmp = entries.with_suffix(".tmp")
    tmp.write_text(json.dumps(i18n.search_entries, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, entries)


def build_others(config_file: str, site_dir: str, strict: bool, entries: Path, failed: Path) -> None:
    """The default pass replayed without output, then the other languages' passes and the search merge."""
    import mkdocs.commands.build as mkbuild
    import mkdocs_static_i18n.plugin as i18n_plugin
    from mkdocs.structure.files import Files

    config = _load(config_file, site_dir, strict)
    i18n = config.plugins["i18n"]
    real = {name: getattr(mkbuild, name) for name in ("_populate_page", "_build_page", "_build_theme_template",
                                                      "_build_extra_template")}
    real_copy = Files.copy_static_files

    def nothing(*args, **kwargs) -> None:
        return None

    def page_state(page, config, doc_files, nav, env, dirty=False, excluded=False):
        # Rendering a page updates the language switcher (config.extra.alternate); keep that side effect only.
        i18n.on_page_context({}, page=page, config=config, nav=nav)

    for name in real:
        setattr(mkbuild, name, nothing)
    mkbuild._build_page = page_state
    Files.copy_static_files = nothing
    real_build = i18n_plugin.build

    def next_pass(config, dirty=False):  # the plugin's own call for each further language
        for name, fn in real.items():
            setattr(mkbuild, name, fn)
        Files.copy_static_files = real_copy
        return real_build(config, dirty=dirty)

    i18n_plugin.build = next_pass
    real_merge = i18n.reconfigure_search_index

    def merge(config):
        while not entries.exists():
            if failed.exists():
                raise SystemExit(1)
            time.sleep(POLL)
        i18n.search_entries[:0] = json.loads(entries.read_text(encoding="utf-8"))  # default language first
        return real_merge(config)

    i18n.reconfigure_search_index = merge
    mkbuild.build(config)


def _folders(config_file: Path) -> tuple[Path, Path | None]:
    """The docs folder and the theme's custom folder (None without one) that ``config_file`` names."""
    from . import config

    site = config.load(config_file.parent, config_file.name)
    return site.docs_dir or config_file.parent / "docs", site.theme_dir


def site_stamp(config_file: Path, generated: set[str]) -> str:
    """A hash of everything a generated page's HTML depends on besides its own Markdown file."""
    import hashlib
    from importlib.metadata import distributions

    root = config_file.parent
    h = hashlib.sha256(f"{sys.version}\0".encode())
    for name, version in sorted((d.metadata["Name"] or "", d.version) for d in distributions()):
        h.update(f"{name}={version}\0".encode())
    docs_dir, theme_dir = _folders(config_file)
    here = Path(__file__).resolve().parent
    files = [config_file, here / "mkdocs_hook.py", here / "config.py", Path(__file__).resolve()]
    files += [theme_dir / rel for rel in sorted(_files(theme_dir))] if theme_dir else []
    # the hand-written files of docs/: every file but those the generator lists (tens of thousands)
    files += [docs_dir / rel for rel in sorted(_files(docs_dir) - generated) if rel != GENERATED]
    files = [path for path in files if path.is_file()]
    for path in files:
        h.update(str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


GENERATED = ".generated.json"  # the generator's list of the files it wrote into docs/ (build.MANIFEST)


def _generated(docs_dir: Path) -> set[str]:
    try:
        return set(json.loads((docs_dir / GENERATED).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return set()


def _sources(docs_dir: Path, generated: set[str]) -> dict[str, list[int]]:
    out = {}
    for rel in sorted(generated):
        stat = (docs_dir / rel).stat()
        out[rel] = [stat.st_size, stat.st_mtime_ns]
    return out


def _marker(site: Path) -> list[int] | None:
    """Which build wrote ``site``: its 404 page, written anew by each (same inode after a move)."""
    try:
        stat = (site / "404.html").stat()
    except OSError:
        return None
    return [stat.st_ino, stat.st_mtime_ns, stat.st_size]


def reusable(config_file: Path, previous: Path, strict: bool) -> tuple[dict | None, str, set[str]]:
    """The recorded sources of ``previous`` when a build may reuse it (else None), the stamp, the
    generated files. A build in strict mode reuses only a site built in strict mode."""
    root = config_file.parent
    generated = _generated(_folders(config_file)[0])
    stamp = site_stamp(config_file, generated)
    try:
        record = json.loads((root / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, stamp, generated
    if (not isinstance(record, dict) or record.get("stamp") != stamp or record.get("site") != str(previous)
            or record.get("marker") != _marker(previous) or not isinstance(record.get("sources"), dict)
            or (strict and record.get("strict") is not True) or record.get("files") != site_files(previous)):
        return None, stamp, generated  # another configuration, another site than the last one built here, or
        # the site's files changed since it was built
    return record["sources"], stamp, generated


def _files(folder: Path) -> set[str]:
    """The '/'-separated paths under ``folder`` of what is not a folder (as ``os.walk`` tells them apart)."""
    top = len(str(folder)) + 1
    return {(d[top:].replace(os.sep, "/") + "/" if len(d) >= top else "") + name
            for d, _, names in os.walk(folder) for name in names}


def _empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def link_reused(previous: Path, built: Path, listing: Path) -> int:
    """Put into ``built`` the files the builds reused from ``previous`` (``listing``), as hard links (copies
    where the file system has none): ``previous``, the live site, is not changed. Returns how many."""
    reused = set(listing.read_text(encoding="utf-8").splitlines()) if listing.exists() else set()
    reused.discard("")
    made = set()
    count = 0
    for rel in sorted(reused):
        target = built / rel
        if os.path.lexists(target):  # written by the build after all
            continue
        folder = rel.rpartition("/")[0]
        if folder not in made:
            (built / folder).mkdir(parents=True, exist_ok=True)
            made.add(folder)
        try:
            os.link(previous / rel, target)
        except OSError:
            shutil.copy2(previous / rel, target)
        count += 1
    return count


def site_files(site: Path) -> dict[str, list[int]]:
    """Every file of ``site`` with its size and modification time: what the record of a site build keeps,
    so that a site changed or damaged since (files lost, replaced) is not reused."""
    out = {}
    top = len(str(site)) + 1
    for folder, _, names in os.walk(site):
        rel = folder[top:].replace(os.sep, "/")
        for name in names:
            st = os.lstat(os.path.join(folder, name))
            out[f"{rel}/{name}" if rel else name] = [st.st_size, st.st_mtime_ns]
    return out


def overlay(src: Path, dest: Path) -> None:
    """Move every file of ``src`` into ``dest``, replacing what is there (the later pass wins)."""
    for folder, dirs, files in os.walk(src):
        rel = Path(folder).relative_to(src)
        target = dest / rel
        if rel != Path(".") and not target.exists():  # a folder only the later pass writes: move it whole
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(folder, target)
            dirs[:] = []
            continue
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.replace(Path(folder) / name, target / name)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m generator.sitebuild",
                                description="mkdocs build with the default language and the others in two processes (same output). "
                                            "Example: python -m generator.sitebuild --strict --site-dir .site.new")
    p.add_argument("-f", "--config-file", default="mkdocs.yml")
    p.add_argument("-d", "--site-dir", required=True)
    p.add_argument("-s", "--strict", action="store_true")
    p.add_argument("--reuse", metavar="SITE", help="keep unchanged pages from SITE, the last site built here "
                   "(see the module's documentation); a full build when that is not safe")
    p.add_argument("--role", choices=("others",), help=argparse.SUPPRESS)
    p.add_argument("--entries", help=argparse.SUPPRESS)
    p.add_argument("--failed", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)-7s -  %(message)s")
    # Two processes must not both regenerate docs/ through the hook: run the generator first (make build does).
    os.environ["DIGEST_SKIP_GENERATE"] = "1"
    from mkdocs.exceptions import Abort

    if args.role == "others":
        try:
            build_others(args.config_file, args.site_dir, args.strict, Path(args.entries), Path(args.failed))
        except Abort as exc:
            print(exc, file=sys.stderr)
            return 1
        return 0

    site = Path(args.site_dir).resolve()
    if args.reuse and Path(args.reuse).resolve() == site:
        p.error("--reuse names the last site, which must not be the --site-dir being built")
    from .errors import BuildError, ErrorGroup
    from .lock import build_lock

    try:
        with build_lock(Path(args.config_file).resolve().parent):
            return _build(args, site)
    except BuildError as exc:
        print(f"error: {exc.format()}", file=sys.stderr)
        return 1
    except ErrorGroup as group:
        for error in group.errors:
            print(f"error: {error.format()}", file=sys.stderr)
        return 1


def _build(args: argparse.Namespace, site: Path) -> int:
    """The two builds into ``site`` (main's work, under the build lock)."""
    from mkdocs.exceptions import Abort

    config_file = Path(args.config_file).resolve()
    previous = Path(args.reuse).resolve() if args.reuse else None
    sources, stamp, built_from = None, "", {}
    if previous is not None:
        sources, stamp, generated = reusable(config_file, previous, args.strict)
        # What the pages are built from, taken before MkDocs reads a file: one changed meanwhile differs.
        built_from = _sources(_folders(config_file)[0], generated)
        if sources is not None and sources == built_from and not site.exists():
            # Nothing a page depends on changed since ``previous`` was built (the stamp holds the rest):
            # a full build would write it again byte for byte. It stays as it is; no new site is made.
            print(f"site: {len(sources)} unchanged files kept from {args.reuse} (nothing changed since the last "
                  "build)")
            return 0
    work = Path(tempfile.mkdtemp(prefix=".site-parallel-", dir=site.parent))
    entries, failed, other_site = work / "entries.json", work / "failed", work / "site"
    if previous is not None:
        if sources is not None:
            (work / "sources.json").write_text(json.dumps(sources), encoding="utf-8")
            os.environ.update(DIGEST_REUSE_SITE=str(previous), DIGEST_REUSE_SOURCES=str(work / "sources.json"),
                              DIGEST_REUSE_LIST=str(work / "reused.txt"))
    child = subprocess.Popen([sys.executable, "-m", "generator.sitebuild", "-f", args.config_file,
                              "-d", str(other_site), *(["--strict"] if args.strict else []), "--role", "others",
                              "--entries", str(entries), "--failed", str(failed)],
                             env={**os.environ, "PYTHONPATH": os.pathsep.join(
                                 filter(None, [str(Path(__file__).resolve().parent.parent),
                                               os.environ.get("PYTHONPATH")]))})
    try:
        try:
            build_default(args.config_file, str(site), args.strict, entries)
        except (Abort, Exception) as exc:
            failed.touch()
            child.kill()  # the site build failed: the other language's pages are not needed
            child.wait()
            print(exc if isinstance(exc, Abort) else f"Aborted: {exc!r}", file=sys.stderr)
            return 1
        if child.wait():
            return 1
        overlay(other_site, site)
        if previous is not None:
            reused = 0
            if sources is not None:  # the builds succeeded: the pages kept from the previous site join them
                reused = link_reused(previous, site, work / "reused.txt")
            record = {"stamp": stamp, "site": str(previous), "marker": _marker(site), "sources": built_from,
                      "strict": args.strict, "files": site_files(site)}
            path = config_file.parent / RECORD
            path.parent.mkdir(parents=True, exist_ok=True)
            path.with_suffix(".tmp").write_text(json.dumps(record), encoding="utf-8")
            os.replace(path.with_suffix(".tmp"), path)
            print(f"site: {reused} unchanged files kept from {args.reuse}" if sources is not None else
                  f"site: full build ({args.reuse} was not built here with this configuration and these files)")
        return 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
