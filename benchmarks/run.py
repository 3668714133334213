"""The benchmark ``make bench`` runs: generator stages, MkDocs, a bare MkDocs and Hugo on synthetic corpora.

For each size N it writes N synthetic articles (``benchmarks.corpus``) into a temporary project, then,
``--runs`` times (medians reported; wall, CPU and peak memory of each child process from ``wait4``):

* a cold generator run (fresh interpreter pinned to one CPU, no ``docs/`` and no ``.cache/``), with
  ``pipeline.Timings`` per stage, then the same full generation with the per-article cache filled, and
  (on a machine with more than one CPU) a cold run free to use them all, as ``make build`` runs it;
* the project's ``mkdocs build --strict`` (DIGEST_SKIP_GENERATE=1) and the same build with ar and en in
  two processes (``generator.sitebuild``; its output is compared with the first byte for byte);
* a bare ``mkdocs build`` of the same Markdown (Material, no i18n, no hooks) and Hugo with the minimal
  layouts in ``benchmarks/hugo/``, so that ratios hold on a noisy machine.

Then, once: site size, bytes per article page, the search payload of typical queries, incremental
runs and, with ``--profile``, a cProfile of one cold generator run summed by module. The incremental
runs, medians of three (``INCREMENTAL_RUNS``): a run with nothing changed; one article of N edited
(generator time, files rewritten), three different articles in turn, each put back after; one article
added as the newest (generator time, files rewritten, and the site build keeping the last site's
unchanged pages), three different texts in turn, each removed after. The first edit is also built with
``mkdocs build --dirty`` and the first addition's site with a full build, both compared byte for byte.

    python -m benchmarks.run --sizes 100 1000 [10000] [--runs 3] [--large-runs 1] [--profile]

Results: a Markdown table on stdout and JSON under ``benchmarks/results/`` (git-ignored).
Nothing is installed: without a ``hugo`` command Hugo is skipped with a note.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import filecmp
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator import progress, sitefolder

from . import zensical
from .corpus import make_corpus

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "benchmarks" / "results"
HUGO_LAYOUTS = ROOT / "benchmarks" / "hugo" / "layouts"
CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
STAGES = ("sources", "clean", "metadata", "topics", "links", "events", "digest", "render", "feeds", "search", "write")
QUERIES = ("القوات الأمريكية", "الكاظمي", "انسحاب القوات من العراق", "الحشد الشعبي")
EDIT_SENTENCE = " وأضاف مسؤول أن المشاورات بين الجانبين ستستأنف الأسبوع المقبل."
NAV_DOCS = ("index.md", "topics/index.md", "digests/index.md", "timeline/index.md", "about.md")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DIGEST_SKIP_GENERATE": "1", "PYTHONPATH": str(ROOT)}


# ── processes ────────────────────────────────────────────────────────────────────────────


def run(cmd: list[str], *, cwd: Path = ROOT, env: dict | None = None, check: bool = True) -> dict:
    """Run a command; its wall time, peak resident memory (MB) and output.

    The page cache's dirty pages are written out first, so that one step's gigabyte of output is not
    charged to the next (Linux throttles a writer while earlier writes are flushed).
    """
    if hasattr(os, "sync"):
        os.sync()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env or ENV, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if check and proc.returncode:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{stdout[-3000:]}\n{stderr[-3000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
            "stdout": stdout, "stderr": stderr, "rc": proc.returncode}


# ── discarded folders ────────────────────────────────────────────────────────────────────

# Folders the benchmark is done with are moved here and deleted only when it ends (``empty_trash``).
# On ext4 without a journal (this kind of virtual machine's disk), creating a file or folder first skips
# every free inode deleted in the last minutes (the kernel's ``recently_deleted``): after a run's
# 35,000 files were deleted, each file the next program created took 0.3-1 ms instead of 0.03-0.1 ms,
# so the generator's writes at 10,000 articles took 12-18 s instead of 3.4 s, and every program
# measured paid for the deletions of the one before. Nothing is deleted while measuring.
TRASH: Path | None = None
_discarded = 0


def discard(path: Path) -> None:
    """Take ``path`` (a folder or file) out of the way: into ``TRASH`` when set, else deleted now."""
    global _discarded
    if not os.path.lexists(path):
        return
    if TRASH is None:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink()
        return
    TRASH.mkdir(parents=True, exist_ok=True)
    _discarded += 1
    os.rename(path, TRASH / f"{_discarded:05d}-{path.name}")


def empty_trash() -> None:
    if TRASH is not None:
        shutil.rmtree(TRASH, ignore_errors=True)


# ── project ──────────────────────────────────────────────────────────────────────────────


def hand_written(docs: Path) -> list[Path]:
    """docs/ files the generator does not own (its manifest lists what it wrote)."""
    try:
        generated = set(json.loads((docs / ".generated.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        generated = set()
    return sorted(p.relative_to(docs) for p in docs.rglob("*")
                  if p.is_file() and p.name != ".generated.json" and not p.name.startswith(".tmp-")
                  and p.relative_to(docs).as_posix() not in generated)


HAND_WRITTEN = hand_written(ROOT / "docs")


def reset_docs(project: Path, *, keep_cache: bool = False) -> None:
    """docs/ with the hand-written pages only, and (unless ``keep_cache``) no cache: the next run starts cold."""
    discard(project / "docs")
    if not keep_cache:
        discard(project / ".cache")
    for rel in HAND_WRITTEN:
        (project / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "docs" / rel, project / "docs" / rel)


def make_project(work: Path, n: int) -> Path:
    """A project folder (config, templates, generator for the hook, hand-written docs) with N articles."""
    project = work / f"project-{n}"
    discard(project)
    project.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "templates", project / "templates")
    shutil.copytree(ROOT / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    make_corpus(project / "seeds", n)
    reset_docs(project)
    return project


def generator(project: Path, profile: Path | None = None, all_cores: bool = False) -> dict:
    cmd = [sys.executable, "-m", "benchmarks._child", str(project)]
    if profile:
        cmd += ["--profile", str(profile)]
    if all_cores:
        cmd += ["--all-cores"]
    result = run(cmd)
    data = json.loads(result["stdout"].strip().splitlines()[-1])
    data.update(wall=result["wall"], cpu=result["cpu"], rss_mb=result["rss_mb"])
    return data


def site_step(project: Path, site: Path) -> dict:
    """`make build`'s site step: the two-process build into a new folder, reusing ``site``'s unchanged pages
    (``generator.sitebuild --reuse``), then swapped in for ``site``."""
    new = site.with_name(site.name + ".new")
    discard(new)
    result = run([sys.executable, "-m", "generator.sitebuild", "--strict", "-f", str(project / "mkdocs.yml"),
                  "--site-dir", str(new), "--reuse", str(site)], cwd=project)
    start = time.perf_counter()
    sitefolder.swap(new, site)  # none when nothing changed: the site stays
    found = re.search(r"site: (\d+) unchanged files kept", result["stdout"])
    return {"wall": result["wall"] + time.perf_counter() - start, "kept": int(found.group(1)) if found else 0,
            "stdout": result["stdout"]}


def mkdocs(project: Path, site: Path, *, config: Path | None = None, strict: bool = True, dirty: bool = False
           ) -> dict:
    if not dirty:
        discard(site)
    cmd = [str(BIN / "mkdocs"), "build", "--quiet", "-f", str(config or project / "mkdocs.yml"), "--site-dir", str(site)]
    cmd += ["--strict"] if strict else []
    cmd += ["--dirty"] if dirty else []
    return run(cmd, cwd=project)


def zensical_build(project: Path, work: Path, n: int, command: Path) -> dict:
    """Zensical's build of the project's generated docs/ (both languages), as tests/test_zensical.py runs it."""
    folder = work / f"zensical-{n}"
    discard(folder)
    folder.mkdir(parents=True)
    zensical.prepare(project / "docs", project / "mkdocs.yml", folder)
    return run(zensical.build_command(command), cwd=folder)


def bare_config(work: Path, project: Path, n: int, theme: str) -> Path:
    """A minimal mkdocs.yml for the same Markdown: one theme, the same Markdown extensions, no i18n, no hooks."""
    folder = work / f"bare-{n}"
    folder.mkdir(parents=True, exist_ok=True)
    nav = "\n".join(f"  - {lang}/{doc}" for lang in ("ar", "en") for doc in NAV_DOCS)
    (folder / "mkdocs.yml").write_text(f"""site_name: bare
site_url: https://digest.example.org/
docs_dir: {project / 'docs'}
theme:
  name: {theme}
markdown_extensions: [attr_list, md_in_html, admonition, toc]
nav:
{nav}
not_in_nav: |
  /*/articles/
  /*/topics/
  /*/digests/
  /*/timeline/
""", encoding="utf-8")
    return folder / "mkdocs.yml"


def hugo_content(project: Path, dest: Path) -> int:
    """Copy the Markdown pages for Hugo (``index.md`` becomes ``_index.md``); return the page count."""
    discard(dest)
    count = 0
    for path in (project / "docs").rglob("*.md"):
        rel = path.relative_to(project / "docs")
        if rel.name == "index.md":
            rel = rel.with_name("_index.md")
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest / rel)
        count += 1
    return count


def hugo(work: Path, content: Path, out: Path) -> dict:
    source = work / "hugo-site"
    source.mkdir(exist_ok=True)
    (source / "config.yaml").write_text(
        "baseURL: https://digest.example.org/\ntitle: bare\ndisableKinds: [taxonomy, term, RSS, sitemap, robotsTXT]\n"
        "markup:\n  goldmark:\n    renderer:\n      unsafe: true\n    parser:\n      attribute:\n        block: true\n",
        encoding="utf-8")
    discard(out)
    return run(["hugo", "--quiet", "--source", str(source), "--contentDir", str(content),
                "--layoutDir", str(HUGO_LAYOUTS), "--destination", str(out)], cwd=source)


# ── measuring outputs ────────────────────────────────────────────────────────────────────


def tree_bytes(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def page_sizes(site: Path) -> dict:
    ar = [p.stat().st_size for p in (site / "articles").glob("*/index.html")]
    en = [p.stat().st_size for p in (site / "en" / "articles").glob("*/index.html")]
    html = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")]
    largest = max(html)
    lists = [(s, rel) for s, rel in html if "/articles/" not in "/" + rel]
    return {"html_pages": len(html), "article_page_bytes": statistics.mean(ar + en) if ar + en else 0,
            "article_page_bytes_ar": statistics.mean(ar) if ar else 0,
            "article_page_bytes_en": statistics.mean(en) if en else 0,
            "largest_page_bytes": largest[0], "largest_page": largest[1],
            "largest_list_page_bytes": max(lists)[0] if lists else 0, "largest_list_page": max(lists)[1] if lists else ""}


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-be")


def search_payload(site: Path) -> dict:
    """Bytes a reader downloads before the first result of a typical Arabic query."""
    material = site / "search" / "search_index.json"
    material_bytes = material.stat().st_size if material.exists() else 0
    manifest_path = site / "search" / "manifest.json"
    out = {"material_index_bytes": material_bytes}
    if not manifest_path.exists():
        out["payload_bytes"] = material_bytes
        out["payload_note"] = "Material search_index.json"
        return out
    from generator import arabic, search

    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    firsts = [_utf16(k) for k in manifest["shards"]]

    def shard_of(key: str) -> int:
        return bisect.bisect_right(firsts, _utf16(key)) - 1

    per_query = {}
    for query in QUERIES:
        shards: set[int] = set()
        for token, _, _ in arabic.tokenize(query):
            for form in search.index_forms(token):
                lo, hi = max(0, shard_of(form)), shard_of(form + "\uffff")
                if hi < 0:
                    continue
                prefix = len(form) >= 3
                # as the worker does (templates/theme/assets/search/worker.js)
                shards.update(range(lo, hi + 1) if prefix and hi - lo < manifest["max_range"] else [shard_of(form)])
        shard_bytes = sum((site / "search" / "s" / f"{manifest['names'][n]}.json").stat().st_size
                          for n in shards if n >= 0)
        per_query[query] = {"shards": len(shards), "shard_bytes": shard_bytes}
    chunk = (site / "search" / "d" / "0.json").stat().st_size
    shard_median = statistics.median(q["shard_bytes"] for q in per_query.values())
    all_ar, files_ar = tree_bytes(site / "search")
    out.update(manifest_bytes=manifest_path.stat().st_size, chunk_bytes=chunk, shard_bytes=shard_median,
               queries=per_query, index_bytes_ar=all_ar - material_bytes, index_files_ar=files_ar,
               payload_bytes=material_bytes + manifest_path.stat().st_size + shard_median + chunk,
               payload_note="Material index of hand-written pages + manifest + shards of the query + one docs chunk")
    return out


def compare_trees(a: Path, b: Path) -> list[str]:
    """Relative paths that differ between two folders (missing on one side or different bytes)."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    diff = sorted(files_a ^ files_b)
    for rel in sorted(files_a & files_b):
        if not filecmp.cmp(a / rel, b / rel, shallow=False):
            diff.append(rel)
    return diff


def categorize(paths: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for rel in paths:
        parts = rel.split("/")
        kind = parts[1] if len(parts) > 2 else parts[-1]
        if kind.endswith(".md"):
            kind = "home" if kind == "index.md" else kind
        out[kind] = out.get(kind, 0) + 1
    return dict(sorted(out.items()))


# ── profile ──────────────────────────────────────────────────────────────────────────────


def _module(filename: str) -> str:
    path = Path(filename)
    if filename.endswith(".j2"):
        return "templates"
    if filename.startswith("<frozen "):
        return "stdlib." + filename[len("<frozen "):-1].rsplit(".", 1)[-1]
    if "generator" in path.parts and path.suffix == ".py":
        return "generator." + path.stem
    if "site-packages" in path.parts:
        return path.parts[path.parts.index("site-packages") + 1].removesuffix(".py")
    if filename.startswith("<") or filename == "~":
        return "builtins"
    return "stdlib." + path.stem


def profile_summary(prof: Path, top: int = 25) -> dict:
    stats = pstats.Stats(str(prof))
    by_module: dict[str, float] = {}
    funcs = []
    for (filename, line, name), (_cc, _nc, tottime, cumtime, _callers) in stats.stats.items():
        module = _module(filename)
        by_module[module] = by_module.get(module, 0.0) + tottime
        funcs.append((tottime, cumtime, f"{module}:{name}:{line}"))
    funcs.sort(reverse=True)
    return {"total": stats.total_tt,
            "modules": dict(sorted(by_module.items(), key=lambda kv: -kv[1])),
            "functions": [{"self": s, "cumulative": c, "function": f} for s, c, f in funcs[:top]]}


# ── one size ─────────────────────────────────────────────────────────────────────────────


def median_of(runs: list[dict], key: str) -> float | None:
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def bench_size(n: int, args, work: Path, log) -> dict:
    log(f"\n== {n} articles: making the corpus")
    project = make_project(work, n)
    has_hugo = shutil.which("hugo") is not None and not args.no_hugo
    bare_cfg = bare_config(work, project, n, args.bare_theme)
    runs: list[dict] = []
    for r in range(args.runs):
        reset_docs(project)
        gen = generator(project)
        row = {"gen_" + s: gen["stages"].get(s, 0.0) for s in set(STAGES) | set(gen["stages"])}
        row.update(gen_generate=gen["generate"], gen_import=gen["import"], gen_wall=gen["wall"],
                   gen_cpu=gen["generate_cpu"], gen_process_cpu=gen["cpu"],
                   gen_rss_mb=gen["rss_mb"], articles=gen["articles"], files_written=len(gen["written"]))
        row["gen_other"] = gen["generate"] - sum(gen["stages"].values())
        if CPUS > 1:  # the same cold run free to use every CPU, as in `make build`
            reset_docs(project)
            every = generator(project, all_cores=True)
            row.update(allcpu_generate=every["generate"], allcpu_wall=every["wall"])
        # The same full generation with the per-article cache filled (docs/ emptied again): a rebuild after
        # a template or taxonomy-free change, or on a CI runner that keeps .cache/.
        reset_docs(project, keep_cache=True)
        warm = generator(project)
        row.update({"warm_" + s: warm["stages"].get(s, 0.0) for s in set(STAGES) | set(warm["stages"])})
        row.update(warm_generate=warm["generate"], warm_wall=warm["wall"], warm_rss_mb=warm["rss_mb"],
                   warm_cpu=warm["generate_cpu"])
        if args.generator_only:
            runs.append(row)
            log(f"   run {r + 1}/{args.runs}: generator {gen['generate']:.2f} s (wall {gen['wall']:.2f} s), "
                f"with cache {warm['generate']:.2f} s")
            continue
        site = work / f"site-{n}"
        mk = mkdocs(project, site)
        row.update(mkdocs=mk["wall"], mkdocs_cpu=mk["cpu"], mkdocs_rss_mb=mk["rss_mb"])
        if not args.no_parallel:
            discard(work / f"parallel-site-{n}")  # (MkDocs would delete the last run's files before building)
            par = run([sys.executable, "-m", "generator.sitebuild", "--strict", "-f", str(project / "mkdocs.yml"),
                       "--site-dir", str(work / f"parallel-site-{n}")], cwd=project)
            row.update(parallel=par["wall"], parallel_cpu=par["cpu"])
        if args.zensical_command:
            zen = zensical_build(project, work, n, args.zensical_command)
            row.update(zensical=zen["wall"], zensical_cpu=zen["cpu"], zensical_rss_mb=zen["rss_mb"])
        if not args.no_bare:
            bare = mkdocs(project, work / f"bare-site-{n}", config=bare_cfg, strict=False)
            row.update(bare=bare["wall"], bare_cpu=bare["cpu"], bare_rss_mb=bare["rss_mb"])
        if has_hugo:
            pages = hugo_content(project, work / f"hugo-content-{n}")
            h = hugo(work, work / f"hugo-content-{n}", work / f"hugo-site-{n}")
            row.update(hugo=h["wall"], hugo_cpu=h["cpu"], hugo_rss_mb=h["rss_mb"], hugo_pages=pages)
        runs.append(row)
        log(f"   run {r + 1}/{args.runs}: generator {gen['generate']:.2f} s (wall {gen['wall']:.2f} s), "
            f"with cache {warm['generate']:.2f} s, mkdocs {mk['wall']:.1f} s" + (f", bare {row['bare']:.1f} s" if "bare" in row else "")
            + (f", hugo {row['hugo']:.2f} s" if "hugo" in row else "")
            + (f", zensical {row['zensical']:.1f} s" if "zensical" in row else ""))
    result: dict = {"n": n, "runs": len(runs), "raw": runs}
    keys = sorted({k for r in runs for k in r})
    result["median"] = {k: median_of(runs, k) for k in keys}
    md_pages = sum(1 for _ in (project / "docs").rglob("*.md"))
    result["md_pages"] = md_pages
    if args.generator_only:
        if args.profile:
            reset_docs(project)
            prof = work / f"profile-{n}.prof"
            generator(project, profile=prof)
            result["profile"] = profile_summary(prof)
        return result
    site = work / f"site-{n}"
    result["site_bytes"], result["site_files"] = tree_bytes(site)
    result.update(page_sizes(site))
    result["search"] = search_payload(site)
    if not args.no_parallel:
        differing = compare_trees(site, work / f"parallel-site-{n}")
        result["parallel_identical"] = not differing
        result["parallel_differs_sample"] = differing[:20]
        discard(work / f"parallel-site-{n}")
    result["hugo"] = "present" if has_hugo else ("skipped: --no-hugo" if args.no_hugo else
                                                 "skipped: no hugo command (apt-get install -y hugo)")
    if not args.no_incremental:
        result["incremental"] = incremental(project, site, work, n, log)
    if args.profile:
        reset_docs(project)
        prof = work / f"profile-{n}.prof"
        generator(project, profile=prof)
        result["profile"] = profile_summary(prof)
    return result


INCREMENTAL_RUNS = 3  # edits (and additions) of different articles: each does new work; medians are reported


def _median_run(runs: list[dict]) -> dict:
    """The run of median generator time (the lower middle one of an even count)."""
    return sorted(runs, key=lambda r: r["generate"])[(len(runs) - 1) // 2]


def incremental(project: Path, site: Path, work: Path, n: int, log, runs: int = INCREMENTAL_RUNS) -> dict:
    """Generator and MkDocs after editing one article of a built project (docs/, .cache/ and site/ warm), and
    after adding one; each the median of ``runs`` edits of different articles and additions of different texts
    (an edit repeated would find its results cached)."""
    out: dict = {}
    noops = [generator(project) for _ in range(runs)]
    noop = _median_run(noops)
    out.update(noop_generate=noop["generate"], noop_wall=statistics.median(r["wall"] for r in noops),
               noop_written=max(len(r["written"]) for r in noops))
    texts = sorted((project / "seeds").glob("*.txt"))
    edits = []
    for k in range(runs):
        victim = texts[len(texts) // 2 + k]
        original = victim.read_text(encoding="utf-8")
        lines = original.splitlines(keepends=True)
        longest = max(range(len(lines)), key=lambda i: len(lines[i]))
        lines[longest] = lines[longest].rstrip("\n") + EDIT_SENTENCE + "\n"
        victim.write_text("".join(lines), encoding="utf-8")
        try:
            edit = generator(project)
            edits.append(dict(edit, article=victim.stem))
            if k == 0:
                dirty = mkdocs(project, site, dirty=True)
                out["mkdocs_dirty"] = dirty["wall"]
                fresh = work / f"site-{n}-after-edit"
                full = mkdocs(project, fresh)
                out["mkdocs_full_after_edit"] = full["wall"]
                differing = compare_trees(site, fresh)
                out["dirty_differs_from_full"] = len(differing)
                out["dirty_differs_sample"] = differing[:20]
                discard(fresh)
        finally:
            victim.write_text(original, encoding="utf-8")
        generator(project)  # back to the built state
    edit = _median_run(edits)
    out.update(article=edit["article"], edit_generate=edit["generate"],
               edit_wall=statistics.median(r["wall"] for r in edits), edit_stages=edit["stages"],
               edit_written=len(edit["written"]), edit_written_by_kind=categorize(edit["written"]),
               edit_written_files=edit["written"], edit_runs=[round(r["generate"], 3) for r in edits],
               edit_written_runs=[len(r["written"]) for r in edits])
    kept = work / f"kept-site-{n}"  # `make build`'s site step, reusing the last site's unchanged pages
    site_step(project, kept)
    # A new article, the newest, as editors add them every day: another article's text under a new id
    # (dated ids sort after the others) dated a day after the newest.
    metas = sorted((project / "seeds").glob("*.yml"))
    dates = [line[6:16] for p in metas for line in p.read_text(encoding="utf-8").splitlines()
             if line.startswith("date: ")]
    day = dt.date.fromisoformat(max(dates)) + dt.timedelta(days=1)
    adds = []
    for k in range(runs):
        model = texts[len(texts) // 3 + k]
        added = project / "seeds" / f"{day:%Y%m%d}_added"
        shutil.copy(model, added.with_suffix(".txt"))
        meta = "".join(f"date: {day.isoformat()}\n" if line.startswith("date: ") else line for line in
                       model.with_suffix(".yml").read_text(encoding="utf-8").splitlines(keepends=True))
        added.with_suffix(".yml").write_text(meta, encoding="utf-8")
        try:
            add = generator(project)
            step = site_step(project, kept)
            adds.append(dict(add, site=step["wall"], kept=step["kept"]))
            if k == 0:
                fresh = work / f"site-{n}-after-add"
                run([sys.executable, "-m", "generator.sitebuild", "--strict", "-f", str(project / "mkdocs.yml"),
                     "--site-dir", str(fresh)], cwd=project)
                differing = compare_trees(kept, fresh)
                out.update(add_site_differs_from_full=len(differing), add_site_differs_sample=differing[:20])
                discard(fresh)
        finally:
            added.with_suffix(".txt").unlink()
            added.with_suffix(".yml").unlink()
            generator(project)
            if k + 1 < runs:
                site_step(project, kept)  # the kept site back to the built state for the next addition
    add = _median_run(adds)
    out.update(add_generate=add["generate"], add_wall=statistics.median(r["wall"] for r in adds),
               add_stages=add["stages"], add_written=len(add["written"]), add_written_by_kind=categorize(add["written"]),
               add_site=statistics.median(r["site"] for r in adds), add_site_kept=add["kept"],
               add_runs=[round(r["generate"], 3) for r in adds], add_site_runs=[round(r["site"], 3) for r in adds])
    log(f"   incremental (medians of {runs}): no-op {out['noop_generate']:.2f} s ({out['noop_written']} written); "
        f"one article edited {out['edit_generate']:.2f} s ({', '.join(f'{t:.2f}' for t in out['edit_runs'])}), "
        f"{out['edit_written']} files rewritten {out['edit_written_by_kind']}; "
        f"mkdocs --dirty {out['mkdocs_dirty']:.1f} s vs full {out['mkdocs_full_after_edit']:.1f} s "
        f"({out['dirty_differs_from_full']} files differ); one article added {out['add_generate']:.2f} s "
        f"({', '.join(f'{t:.2f}' for t in out['add_runs'])}), {out['add_written']} files rewritten "
        f"{out['add_written_by_kind']}; site step keeping unchanged pages {out['add_site']:.1f} s "
        f"({out['add_site_kept']} kept, {out['add_site_differs_from_full']} files differ from a full build)")
    return out


# ── report ───────────────────────────────────────────────────────────────────────────────


def _fmt(value, unit: str = "") -> str:
    if value is None:
        return "–"
    if unit == "B":
        for factor, name in ((1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")):
            if value >= factor:
                return f"{value / factor:.1f} {name}"
        return f"{value:.0f} B"
    if unit == "s":
        return f"{value:.3f}" if value < 10 else f"{value:.1f}"
    if unit == "ms":
        return f"{value * 1000:.2f}"
    if unit == "x":
        return f"{value:.2f}×"
    if isinstance(value, float):
        return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"
    return str(value)


def table(results: list[dict]) -> str:
    cols = [f"N = {r['n']:,}" for r in results]
    lines = ["| figure | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]

    def row(label: str, values, unit: str = "") -> None:
        lines.append(f"| {label} | " + " | ".join(_fmt(v, unit) for v in values) + " |")

    med = [r["median"] for r in results]
    row("runs (medians of)", [r["runs"] for r in results])
    row("Markdown pages (docs/)", [r["md_pages"] for r in results])
    stages = [s for s in STAGES if any(m.get("gen_" + s) for m in med)]
    stages += sorted({k[4:] for m in med for k in m if k.startswith("gen_")}
                     - set(STAGES) - {"generate", "import", "wall", "rss_mb", "other", "cpu", "process_cpu"})
    stages = [s for s in stages if any(m.get("gen_" + s) for m in med)]
    for stage in stages:
        row(f"generator: {stage} (s)", [m.get("gen_" + stage) for m in med], "s")
    row("generator: other (s)", [m.get("gen_other") for m in med], "s")
    row("**generator total, in process (s)**", [m.get("gen_generate") for m in med], "s")
    row("generator CPU time, in process (s)", [m.get("gen_cpu") for m in med], "s")
    row("generator process wall, incl. start-up and imports (s)", [m.get("gen_wall") for m in med], "s")
    row("**articles/s (in process)**", [r["n"] / m["gen_generate"] for r, m in zip(results, med)])
    row("articles/s (process wall)", [r["n"] / m["gen_wall"] for r, m in zip(results, med)])
    row("generator peak memory (MB)", [m.get("gen_rss_mb") for m in med])
    for stage in ("cache", "links", "render", "feeds", "search", "write"):
        row(f"cache filled: {stage} (s)", [m.get("warm_" + stage) for m in med], "s")
    row("**cache filled: generator total, in process (s)**", [m.get("warm_generate") for m in med], "s")
    row("cache filled: generator CPU time, in process (s)", [m.get("warm_cpu") for m in med], "s")
    row("**cache filled: articles/s (in process)**", [r["n"] / m["warm_generate"] if m.get("warm_generate") else None
                                                     for r, m in zip(results, med)])
    row("cache filled: articles/s (process wall)", [r["n"] / m["warm_wall"] if m.get("warm_wall") else None
                                                   for r, m in zip(results, med)])
    if any(m.get("mkdocs") is None for m in med):  # --generator-only
        return "\n".join(lines)
    row("**MkDocs build --strict (s)**", [m.get("mkdocs") for m in med], "s")
    row("MkDocs CPU time (s)", [m.get("mkdocs_cpu") for m in med], "s")
    row("MkDocs ms per page", [m["mkdocs"] / r["md_pages"] for r, m in zip(results, med)], "ms")
    row("MkDocs peak memory (MB)", [m.get("mkdocs_rss_mb") for m in med])
    row("MkDocs, ar and en in two processes (s)", [m.get("parallel") for m in med], "s")
    row("  same bytes as the one-process build", [("yes" if r.get("parallel_identical") else "NO")
                                                 if "parallel_identical" in r else None for r in results])
    row("**total: generator wall + MkDocs (s)**", [m["gen_wall"] + m["mkdocs"] for m in med], "s")
    row("generator, all CPUs, cold: in process / process wall (s)",
        [f"{m['allcpu_generate']:.2f} / {m['allcpu_wall']:.2f}" if m.get("allcpu_wall") else "–" for m in med])
    row("**`make build`, cold: generator (all CPUs) + two-process MkDocs (s)**",
        [m["allcpu_wall"] + m["parallel"] if m.get("allcpu_wall") and m.get("parallel") else None for m in med], "s")
    row("bare MkDocs, same Markdown (s)", [m.get("bare") for m in med], "s")
    row("bare MkDocs peak memory (MB)", [m.get("bare_rss_mb") for m in med])
    row("Hugo, same Markdown (s)", [m.get("hugo") for m in med], "s")
    row("Hugo peak memory (MB)", [m.get("hugo_rss_mb") for m in med])
    row("site size", [r["site_bytes"] for r in results], "B")
    row("site files", [r["site_files"] for r in results])
    row("**bytes per article page (ar+en mean)**", [r["article_page_bytes"] for r in results], "B")
    row("bytes per article page, ar / en", [f"{r['article_page_bytes_ar'] / 1024:.1f} / "
                                            f"{r['article_page_bytes_en'] / 1024:.1f} KB" for r in results])
    row("largest list page", [f"{r['largest_list_page_bytes'] / 1024:.0f} KB ({r['largest_list_page']})"
                              for r in results])
    row("**search payload before first result**", [r["search"]["payload_bytes"] for r in results], "B")
    row("  Material search_index.json", [r["search"]["material_index_bytes"] for r in results], "B")
    row("  manifest + query shards + one docs chunk",
        [r["search"].get("manifest_bytes", 0) + r["search"].get("shard_bytes", 0) + r["search"].get("chunk_bytes", 0)
         for r in results], "B")
    row("  whole Arabic search index (not downloaded)", [r["search"].get("index_bytes_ar") for r in results], "B")
    inc = [r.get("incremental") or {} for r in results]
    row("no-change rerun: generator (s) / files written",
        [f"{i['noop_generate']:.2f} / {i['noop_written']}" if i else "–" for i in inc])
    row("**one article edited: generator (s)**", [i.get("edit_generate") for i in inc], "s")
    row("one article edited: files rewritten", [i.get("edit_written") for i in inc])
    row("one article edited: mkdocs --dirty / full (s)",
        [f"{i['mkdocs_dirty']:.1f} / {i['mkdocs_full_after_edit']:.1f}" if i else "–" for i in inc])
    row("--dirty site files differing from a full build", [i.get("dirty_differs_from_full") for i in inc])
    row("**one article added (the newest): generator (s)**", [i.get("add_generate") for i in inc], "s")
    row("one article added: files rewritten", [i.get("add_written") for i in inc])
    row("**one article added: site build keeping unchanged pages (s)**", [i.get("add_site") for i in inc], "s")
    row("  pages and files kept / differing from a full build",
        [f"{i['add_site_kept']:,} / {i['add_site_differs_from_full']}" if i.get("add_site") else "–" for i in inc])
    row("**one article added: `make build` (generator wall + site) / Hugo**",
        [(i["add_wall"] + i["add_site"]) / m["hugo"] if i.get("add_site") and m.get("hugo") else None
         for i, m in zip(inc, med)], "x")
    return "\n".join(lines)


def ratios(results: list[dict]) -> str:
    lines = ["| ratio (same Markdown, same run) | " + " | ".join(f"N = {r['n']:,}" for r in results) + " |",
             "|---|" + "---:|" * len(results)]
    med = [r["median"] for r in results]

    def row(label: str, num: str, den: str, extra: str | None = None) -> None:
        vals = []
        for m in med:
            a = m.get(num, 0) + (m.get(extra, 0) if extra else 0)
            b = m.get(den)
            vals.append(_fmt(a / b, "x") if b and m.get(num) is not None else "–")
        lines.append(f"| {label} | " + " | ".join(vals) + " |")

    row("our MkDocs build / bare MkDocs", "mkdocs", "bare")
    row("our MkDocs build / Hugo", "mkdocs", "hugo")
    row("bare MkDocs / Hugo", "bare", "hugo")
    row("our generator (process wall) / Hugo", "gen_wall", "hugo")
    row("our total (generator + MkDocs) / Hugo", "gen_wall", "hugo", extra="mkdocs")
    row("`make build` (generator on all CPUs + two-process MkDocs) / Hugo", "allcpu_wall", "hugo", extra="parallel")
    row("our generator (process wall) / our MkDocs build", "gen_wall", "mkdocs")
    row("two-process MkDocs build / one-process build (wall)", "parallel", "mkdocs")
    row("two-process MkDocs build / one-process build (CPU)", "parallel_cpu", "mkdocs_cpu")
    return "\n".join(lines)


def checks(results: list[dict]) -> list[str]:
    out = []
    by_n = {r["n"]: r for r in results}
    big = max(by_n)
    m = by_n[big]["median"]
    rate = big / m["gen_generate"]
    out.append(f"throughput at {big:,}, cold (no cache): {rate:,.0f} articles/s in process, "
               f"{big / m['gen_wall']:,.0f} articles/s with start-up (goal ≥ 1,000 at 10,000): "
               f"{'OK' if rate >= 1000 else 'BELOW GOAL'}")
    if m.get("warm_generate"):
        rate = big / m["warm_generate"]
        out.append(f"throughput at {big:,}, cache filled: {rate:,.0f} articles/s in process, "
                   f"{big / m['warm_wall']:,.0f} articles/s with start-up: {'OK' if rate >= 1000 else 'BELOW GOAL'}")
    if 1000 in by_n and 10000 in by_n:
        ratio = by_n[10000]["median"]["gen_links"] / by_n[1000]["median"]["gen_links"]
        out.append(f"links time 10,000 / 1,000 = {ratio:.1f} (goal ≤ 12, n·log n): {'OK' if ratio <= 12 else 'TOO SLOW'}")
        if by_n[1000]["median"].get("gen_events"):
            ratio = by_n[10000]["median"]["gen_events"] / by_n[1000]["median"]["gen_events"]
            out.append(f"event clustering time 10,000 / 1,000 = {ratio:.1f} (goal ≤ 12, n·log n): "
                       f"{'OK' if ratio <= 12 else 'TOO SLOW'}")
    sizes = [by_n[n].get("article_page_bytes") for n in sorted(by_n)]
    if len(sizes) > 1 and all(sizes):
        spread = max(sizes) / min(sizes) - 1
        out.append(f"bytes per article page from {min(by_n):,} to {big:,}: "
                   + " → ".join(f"{s / 1024:.1f} KB" for s in sizes) + f" (spread {spread:.1%})")
    for r in results:
        inc = r.get("incremental")
        if inc:
            out.append(f"one article of {r['n']:,} edited: generator {inc['edit_generate']:.2f} s in process "
                       f"({inc['edit_wall']:.2f} s with start-up), {inc['edit_written']} files rewritten "
                       f"(goal ≤ 1 s): {'OK' if inc['edit_generate'] <= 1 else 'ABOVE GOAL'}")
            out.append(f"one article added to {r['n']:,}: generator {inc['add_generate']:.2f} s in process, "
                       f"{inc['add_written']} files rewritten; site build keeping unchanged pages "
                       f"{inc['add_site']:.1f} s, same bytes as a full build: "
                       f"{'yes' if not inc['add_site_differs_from_full'] else 'NO'}")
    return out


def profile_report(results: list[dict]) -> str:
    out = []
    for r in results:
        prof = r.get("profile")
        if not prof:
            continue
        out.append(f"\nProfile of one cold generator run, N = {r['n']:,} (cProfile, {prof['total']:.2f} s with "
                   "profiling overhead), self time by module:\n")
        out.append("| module | self time (s) | share |\n|---|---:|---:|")
        for module, seconds in list(prof["modules"].items())[:15]:
            out.append(f"| {module} | {seconds:.2f} | {seconds / prof['total']:.0%} |")
        out.append("\nTop functions by self time:\n\n| function | self (s) | cumulative (s) |\n|---|---:|---:|")
        for f in prof["functions"][:20]:
            out.append(f"| `{f['function']}` | {f['self']:.2f} | {f['cumulative']:.2f} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0] +
                                " Example: python -m benchmarks.run --sizes 100 1000 --runs 3")
    p.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="corpus sizes (default: 100 1000)")
    p.add_argument("--runs", type=int, default=3, help="runs per size; medians are reported (default: 3)")
    p.add_argument("--large-runs", type=int, default=None,
                   help="runs for sizes of 10,000 and more (default: --runs); the report says so")
    p.add_argument("--profile", action="store_true", help="add a cProfile of one cold generator run per size")
    p.add_argument("--generator-only", action="store_true",
                   help="time the generator only (no MkDocs, Hugo, sizes or incremental run); for development")
    p.add_argument("--no-parallel", action="store_true",
                   help="skip the two-process MkDocs build (generator.sitebuild)")
    p.add_argument("--no-hugo", action="store_true", help="skip Hugo")
    p.add_argument("--zensical", action="store_true",
                   help="also build the generated docs/ with Zensical (pinned, installed under .cache/zensical/)")
    p.add_argument("--no-bare", action="store_true", help="skip the bare MkDocs build")
    p.add_argument("--no-incremental", action="store_true", help="skip the one-article edit")
    p.add_argument("--bare-theme", default="material", choices=("material", "mkdocs"),
                   help="theme of the bare MkDocs build (default: material)")
    p.add_argument("--work", help="work folder (default: a temporary folder, removed afterwards)")
    p.add_argument("--keep", action="store_true", help="keep the work folder")
    args = p.parse_args(argv)

    # On a terminal, a bar over the sizes (elapsed time included) below the log; the programs measured
    # write to files, so it costs them nothing.
    shown = progress.bar(len(args.sizes), "bench", "size")
    log = shown.write

    if shutil.which("hugo") is None and not args.no_hugo:
        print("note: no `hugo` command; Hugo is skipped (install it with `apt-get install -y hugo`).")
    args.zensical_command = None
    if args.zensical:
        try:
            args.zensical_command = zensical.install()
        except zensical.Unavailable as exc:
            print(f"note: {exc}; Zensical is skipped.")
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="digest-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    global TRASH
    TRASH = work / f".trash-{os.getpid()}"
    results = []
    started = time.time()
    try:
        for n in args.sizes:
            size_args = argparse.Namespace(**vars(args))
            if n >= 10000 and args.large_runs:
                size_args.runs = args.large_runs
            shown.set_description(f"bench {n:,} articles")
            results.append(bench_size(n, size_args, work, log))
            shown.update()
            for key in ("site-", "bare-site-", "hugo-site-", "hugo-content-", "zensical-"):
                discard(work / f"{key}{n}")
    finally:
        shown.close()
        empty_trash()
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    env = {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
           "hugo": (run(["hugo", "version"], check=False)["stdout"].strip() if shutil.which("hugo") else None),
           "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "seconds": time.time() - started,
           "bare_theme": args.bare_theme}
    print(f"\nBenchmark ({env['cpus']} CPUs, Python {env['python']}; generator pinned to one CPU; "
          f"Hugo uses every CPU; medians of the runs shown):\n")
    print(table(results))
    print()
    if all(r["median"].get("mkdocs") for r in results):
        print(ratios(results))
    for r in results:
        zen, two = r["median"].get("zensical"), r["median"].get("parallel")
        if zen:
            print(f"Zensical {zen:.1f} s at {r['n']:,} articles (both languages, without the hook and the theme "
                  f"overrides)" + (f"; MkDocs in two processes {two:.1f} s: {zen / two:.1f}x" if two else ""))
    print()
    for line in checks(results):
        print("- " + line)
    print(profile_report(results))
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"bench-{'-'.join(map(str, args.sizes))}-{stamp}.json"
    path.write_text(json.dumps({"env": env, "results": results}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nJSON: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
