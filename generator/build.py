"""The only writer: gather and validate everything, render every page, then write into docs/."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import pickle
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from . import clean as clean_mod
from . import digest as digest_mod
from . import links as links_mod
from . import config as site_config
from . import i18n, metadata, outlets, progress, publishing, sources, topics
from .cache import (KEEP, TEMPORARY_PREFIX, ArticleCache, OutputMemo, file_status, package_versions, read_salted,
                    write_atomic, write_salted, write_temporary)
from .cache import disabled as cache_disabled
from .config import SiteConfig
from .errors import BuildError, CleanError, DigestError, ErrorGroup, MetadataError
from .model import Article, FirstMentions, StoredArticle, Tag, pack_body, stored_article
from .render import LASTMOD, NOT_FOUND, Corpus, Renderer

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ".generated.json"


@dataclass(frozen=True)
class Project:
    """Where the inputs are and where generated pages go."""

    root: Path = ROOT
    seeds: Path | None = None
    docs: Path | None = None
    templates: Path | None = None
    cache: Path | None = None
    taxonomy: Path | None = None

    @property
    def seeds_dir(self) -> Path:
        return self.seeds or self.root / "seeds"

    @property
    def taxonomy_path(self) -> Path:
        """The taxonomy (the configuration's ``taxonomy``; by default ``topics.yml`` in the seeds folder)."""
        return self.taxonomy or self.seeds_dir / sources.TAXONOMY_NAME

    @property
    def docs_dir(self) -> Path:
        return self.docs or self.root / "docs"

    @property
    def templates_dir(self) -> Path:
        return self.templates or self.root / "templates" / "pages"

    @property
    def cache_dir(self) -> Path:
        """Where per-article results are cached (git-ignored, safe to delete; see cache.py)."""
        return self.cache or self.root / ".cache"


@dataclass
class Timings:
    """Seconds spent per pipeline stage (for the benchmark)."""

    stages: dict[str, float] = field(default_factory=dict)

    def add(self, stage: str, seconds: float) -> None:
        self.stages[stage] = self.stages.get(stage, 0.0) + seconds

    def merge(self, stages: dict[str, float]) -> None:
        """Add another process's stage times."""
        for stage, seconds in stages.items():
            self.add(stage, seconds)


@dataclass(frozen=True)
class Report:
    """What a generator run wrote."""

    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    warnings: tuple[DigestError, ...] = ()
    articles: int = 0
    drafts: int = 0  # drafts held back
    scheduled: int = 0  # articles dated after the build's time, held back
    due: publishing.Selection | None = None  # what was held back, and when the published set changes


def configured(project: Project) -> tuple[Project, SiteConfig]:
    """The project with its configured taxonomy, and its configuration (``config.load``), which the pages' languages
    and strings follow from here on (``i18n.configure``)."""
    config = site_config.load(project.root)
    i18n.configure(config)
    return (replace(project, taxonomy=config.taxonomy) if project.taxonomy is None else project), config


def _timed(timings: Timings | None, stage: str, fn: Callable, *args, **kwargs):
    start = time.perf_counter()
    try:
        return fn(*args, **kwargs)
    finally:
        if timings is not None:
            timings.add(stage, time.perf_counter() - start)


def open_cache(project: Project, timings: Timings | None = None) -> ArticleCache:
    """The per-article cache for this project's taxonomy and generator (disabled by DIGEST_NO_CACHE=1)."""
    taxonomy_path = project.taxonomy_path
    try:  # bounded: the taxonomy may be a pipe or a link to a device (load_taxonomy says so)
        taxonomy_text = sources.read_bytes(taxonomy_path, expected="a taxonomy").decode("utf-8", errors="replace")
    except DigestError:
        taxonomy_text = ""
    return _timed(timings, "cache", ArticleCache.open, project.cache_dir, taxonomy_text)


def gather(project: Project, *, refuse_drafts: bool = False, timings: Timings | None = None,
           cache: ArticleCache | None = None, policy: publishing.Policy | None = None,
           held: Callable[[publishing.Selection], None] | None = None) -> tuple[Corpus, list[DigestError]]:
    """Read, clean, describe, tag and cross-link every article; raise ErrorGroup with every error found.

    Only the articles ``policy`` publishes (by default: no drafts, nothing dated after the build's time) are linked and
    kept; ``held`` receives the selection. With ``cache`` the caller saves it (after its own use); without,
    one is opened and saved here.
    """
    owns_cache = cache is None
    errors: list[DigestError] = []
    warnings: list[DigestError] = []
    srcs, source_errors, source_warnings = _timed(timings, "sources", sources.discover_all, project.seeds_dir)
    recurring = _timed(timings, "clean", outlets.recurring_chrome, ((s.id, s.raw, s.meta_text) for s in srcs))
    srcs = tuple(replace(s, chrome=recurring[s.id]) if s.id in recurring else s for s in srcs)
    errors.extend(source_errors)
    warnings.extend(source_warnings)
    if cache is None:
        cache = open_cache(project, timings)
    _timed(timings, "cache", cache.load)  # read the pack here, not on the first lookup of a later stage
    taxonomy_path = project.taxonomy_path
    taxonomy: tuple = ()
    taxonomy_failed = False
    if os.path.lexists(taxonomy_path):
        try:  # the cache's salt holds the taxonomy's text and path-independent code: key by the path only
            taxonomy = _timed(timings, "topics", cache.memo, cache.derived_key("taxonomy", str(taxonomy_path)),
                              lambda: topics.load_taxonomy(taxonomy_path))
        except ErrorGroup as group:
            errors.extend(group.errors)
            taxonomy_failed = True
    tagger = topics.Tagger(taxonomy)
    if taxonomy_failed:  # its errors are reported; the articles' tags are not checked against no taxonomy
        tagger.unknown = lambda ids: ()

    articles: list[Article] = []
    mentions: dict[str, tuple] = {}  # first body mentions by article id (linked on its page), of articles not stored
    keys, found = [], []
    for src in srcs:
        keys.append(cache.key(src.raw + "".join(f"\0{k}" for k in sorted(src.chrome)), src.meta_text,
                              _meta_path(src)))
        found.append(_timed(timings, "cache", cache.get, keys[-1]))
    missing = [i for i, cached in enumerate(found) if cached is None]
    prepared = dict(zip(missing, _prepare_all([srcs[i] for i in missing], tagger, refuse_drafts, timings)))
    for i, src in enumerate(srcs):
        key, cached = keys[i], found[i]
        if cached is not None:  # same text, YAML, taxonomy and generator: same clean article, metadata and tags
            meta, tags, body = cached
            if refuse_drafts and meta.draft:
                errors.append(_draft_error(src))
            articles.append(stored_article(src.id, src, meta, tags, key, body))
            continue
        result, its_errors, its_warnings = prepared[i]
        warnings.extend(its_warnings)
        if its_errors and not refuse_drafts and _marked_draft(src.meta_text):
            # a draft (ingest's, say) that cannot build yet: left out, its errors shown, the site still built
            warnings.append(MetadataError(f"draft left out of the site: {len(its_errors)} error(s) to fix first",
                                          _meta_path(src)))
            warnings.extend(its_errors)
            continue
        errors.extend(its_errors)
        if result is None:
            continue
        cleaned, meta, tags, mentions[src.id], body = result
        articles.append(Article(id=src.id, source=src, clean=cleaned, meta=meta, tags=tags,
                                fingerprint=key if cache.folder is not None else ""))
        if not its_warnings and cache.folder is not None:  # warnings are reported on every run: not cached
            if body is None:
                body = _timed(timings, "cache", pack_body, cleaned, mentions[src.id])
            cache.put(key, (meta, tags, body))
    if errors:
        _timed(timings, "cache", cache.save, keep_unused=True)  # fixing one file should not recompute the others
        raise ErrorGroup(errors, warnings)

    policy = policy or publishing.Policy.from_env()
    selection = publishing.select(articles, policy, lambda a: _meta_path(a.source))
    warnings.extend(selection.warnings)
    if held is not None:
        held(selection)
    articles = list(selection.published)
    articles.sort(key=publishing.newest_first)

    def terms_key(article: Article) -> str:
        return cache.derived_key("terms", article.fingerprint)

    def terms_of(article: Article):
        if not article.fingerprint:
            return links_mod.article_terms(article)
        return cache.memo(terms_key(article), lambda: links_mod.article_terms(article))

    def text_key(article: Article) -> str:
        if not article.fingerprint:
            return _text_hash(article)
        return cache.memo(cache.derived_key("text", article.fingerprint), lambda: _text_hash(article))

    warnings.extend(_timed(timings, "links", _exact_duplicates, articles, text_key))

    # On two CPUs, a cold run's search entries are computed in a forked process while this one cross-links
    # (for the caller's search stage: a run that only gathers needs none).
    aside = None if owns_cache else _SearchAside.start(articles, taxonomy, cache)
    try:
        if cache.folder is not None and all(a.fingerprint for a in articles):
            # Links depend on every article. A run where no article's text, date, tags or outlet changed
            # (an English title edited) reuses them; one where articles were added, removed or changed
            # updates the last run's similarity structures (links.LinkState, in .cache/) where they reach.
            ordered = tuple(sorted(articles, key=lambda a: a.id))
            inputs = tuple(links_mod.link_inputs(a, text_key(a)) for a in ordered)
            links_key = cache.derived_key("links", repr(inputs))
            found = _timed(timings, "links", cache.get, links_key)
            if found is None:
                previous = _timed(timings, "cache", read_salted, cache.folder / LINK_STATE, cache.salt)
                corpus = _timed(timings, "links", links_mod.Corpus, ordered, terms_of, inputs=inputs,
                                keys=tuple(map(terms_key, ordered)), previous=previous, old_terms=cache.get)
                _timed(timings, "cache", write_salted, cache.folder / LINK_STATE, cache.salt, corpus.state)
                also = _timed(timings, "events", corpus.duplicates)  # (reported apart: the cost of clustering)
                found = _timed(timings, "links", links_mod.found_in, corpus, duplicates=also)
                del corpus, previous
                cache.put(links_key, found)
            else:  # keep the terms cached for the next run that needs them
                _timed(timings, "cache", lambda: [cache.get(terms_key(a)) for a in articles])
        else:
            found = _timed(timings, "links", links_mod.find_links, tuple(articles), terms_of=terms_of)
    except BaseException:
        if aside is not None:
            aside.cancel()
        raise
    if aside is not None:
        _timed(timings, "search", aside.finish)
    linked, stories = links_mod.with_found(tuple(articles), found), found.stories

    digests = _timed(timings, "digest", digest_mod.monthly, linked, taxonomy)
    stored = {a.id: a for a in linked if isinstance(a, StoredArticle)}
    corpus = Corpus(articles=linked, topics={t.id: t for t in taxonomy}, stories=stories, digests=digests,
                    zone=policy.zone,
                    mentions=FirstMentions(mentions, stored) if stored else mentions)
    if owns_cache:  # rendering and search did not run: keep their entries
        _timed(timings, "cache", cache.save, keep_unused=True)
    return corpus, warnings


def _text_hash(article: Article) -> str:
    return hashlib.sha256(links_mod.text_of(article).encode("utf-8", "surrogatepass")).hexdigest()


def _exact_duplicates(articles: list[Article], text_key: Callable[[Article], str]) -> list[DigestError]:
    """A warning for each article whose clean text is another's, naming both files (the later id is the copy)."""
    first: dict[str, Article] = {}
    out = []
    for article in sorted(articles, key=lambda a: a.id):
        other = first.setdefault(text_key(article), article)
        if other is not article:
            out.append(MetadataError(f"same text as {other.source.text_path}: the article would be published "
                                     "twice; remove one", article.source.text_path))
    return out


def _meta_path(src: sources.Source) -> Path:
    """The article's YAML file, or where it would be (errors about missing fields name it)."""
    return src.meta_path or src.text_path.with_suffix(sources.META_SUFFIX)


_DRAFT_LINE = re.compile(r"^draft:[ \t]*(?:true|True|TRUE|yes|Yes|YES|on|On|ON)[ \t]*(?:#.*)?$", re.MULTILINE)


def _marked_draft(meta_text: str | None) -> bool:
    """Whether the metadata says ``draft: true``, read line by line: its YAML may be what fails."""
    return meta_text is not None and _DRAFT_LINE.search(meta_text) is not None


def _draft_error(src: sources.Source) -> MetadataError:
    return MetadataError("article is a draft; an editor must review it and remove 'draft: true'", _meta_path(src))


Prepared = tuple  # (clean article, metadata, tags, first mentions, body) or None, errors, warnings


def _prepare(src: sources.Source, tagger: topics.Tagger, refuse_drafts: bool, timings: Timings | None) -> Prepared:
    """Clean, describe and tag one article that the cache does not hold."""
    errors: list[DigestError] = []
    try:
        cleaned = _timed(timings, "clean", clean_mod.clean, src.raw, None, src.chrome)
    except DigestError as exc:
        return None, [type(exc)(exc.message, src.text_path, exc.line, exc.got)], []
    meta_path = _meta_path(src)
    warns: list[DigestError] = []
    try:
        start = time.perf_counter()
        fields, warns = metadata.parse(src.meta_text or "", meta_path) if src.meta_text is not None else ({}, [])
        meta = metadata.merge(fields, cleaned, meta_path)
        no_headline = metadata.headline_warning(fields, cleaned, meta_path)
        if no_headline is not None:
            warns = [*warns, no_headline]
        if cleaned.notes and "date" not in fields:
            warns = [*warns, *(CleanError(note, src.text_path) for note in cleaned.notes)]
        if timings is not None:
            timings.add("metadata", time.perf_counter() - start)
    except ErrorGroup as group:
        return None, group.errors, [*warns, *group.warnings]
    if refuse_drafts and meta.draft:
        errors.append(_draft_error(src))
    unknown = tagger.unknown(meta.tags + meta.exclude_tags)
    if unknown:
        errors.append(MetadataError(f"tags not in the taxonomy ({sources.TAXONOMY_NAME}): {', '.join(unknown)}",
                                    meta_path, _line_of(src.meta_text, "tags") or _line_of(src.meta_text,
                                                                                           "exclude_tags")))
        return None, errors, list(warns)
    tags = _timed(timings, "topics", tagger.tag, cleaned, meta.tags, meta.exclude_tags)
    # Of each tag's mentions the pages show the first in the body (linked); the others are let go,
    # which keeps the corpus and the cache small (about a hundred mentions an article).
    first = _timed(timings, "links", links_mod.first_mentions,
                   Article(id=src.id, source=src, clean=cleaned, meta=meta, tags=tags))
    return (cleaned, meta, tuple(Tag(t.topic_id, t.score) for t in tags), first, None), errors, list(warns)


PARALLEL_MIN = 200  # articles to prepare before a second process pays for itself


def jobs() -> int:
    """Processes for preparing articles: ``DIGEST_JOBS``, or the CPUs this process may use.

    Always 1 where processes are not forked (off Linux) and in a process running other threads
    (``mkdocs serve`` runs the hook beside its server's), which a fork would leave half copied.
    """
    import multiprocessing
    import threading

    if (sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods()
            or threading.active_count() > 1):
        return 1
    wanted = os.environ.get("DIGEST_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return max(1, len(os.sched_getaffinity(0)))


_WORK: tuple = ()  # (sources, tagger, refuse_drafts) for the forked processes of _prepare_all


def _prepare_chunk(bounds: tuple[int, int]) -> tuple[list[Prepared], dict[str, float]]:
    """``_prepare`` of some sources in a forked process. Each article's clean text and first mentions travel
    back as the bytes its cache entry keeps (``pack_body``): the pickling that sends them is the one the
    cache needs, done here rather than in the process that waits for every article."""
    srcs, tagger, refuse_drafts = _WORK
    timings = Timings()
    out = []
    for src in srcs[bounds[0]:bounds[1]]:
        result, errors, warnings = _prepare(src, tagger, refuse_drafts, timings)
        if result is not None:
            cleaned, meta, tags, first, _ = result
            result = None, meta, tags, None, _timed(timings, "cache", pack_body, cleaned, first)
        out.append((result, errors, warnings))
    return out, timings.stages


def _unpacked(prepared: Prepared) -> Prepared:
    """A result of ``_prepare_chunk`` with the clean text and first mentions read back from its body."""
    result, errors, warnings = prepared
    if result is not None:
        _, meta, tags, _, body = result
        cleaned, first = pickle.loads(body)
        result = cleaned, meta, tags, first, body
    return result, errors, warnings


def _prepare_all(srcs: list[sources.Source], tagger: topics.Tagger, refuse_drafts: bool,
                 timings: Timings | None) -> list[Prepared]:
    """``_prepare`` of each source, in order; in ``jobs()`` forked processes when there are many.

    Each article's result depends on its own files only, so the processes return what one would.
    Stage times then add up the processes' times.
    """
    count = jobs() if len(srcs) >= PARALLEL_MIN else 1
    shown = progress.bar(len(srcs), "articles", "article", minimum=PARALLEL_MIN)  # on a terminal only
    if count < 2:
        with shown:
            return [_prepare(src, tagger, refuse_drafts, timings) for src in shown.counting(srcs)]
    import multiprocessing

    global _WORK
    step = -(-len(srcs) // (count * 8))  # small chunks even out the processes' loads
    _WORK = (srcs, tagger, refuse_drafts)
    out: list[Prepared] = []
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            # Read each chunk back while the processes prepare the next ones.
            for results, stages in pool.imap(_prepare_chunk, [(i, i + step) for i in range(0, len(srcs), step)]):
                out.extend(map(_unpacked, results))
                shown.update(len(results))
                if timings is not None:
                    timings.merge(stages)
    finally:
        _WORK = ()
        shown.close()
    return out


def _forked(target: Callable, *args):
    """(process, connection): ``target(connection's other end, *args)`` running in a forked process, which
    inherits its arguments (nothing is pickled) and talks through the connection."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    conn, child_end = context.Pipe()
    worker = context.Process(target=target, args=(child_end, *args), daemon=True)
    for stream in (sys.stdout, sys.stderr):  # or the fork would print what they hold a second time
        stream.flush()
    worker.start()
    child_end.close()
    return worker, conn


class _SearchAside:
    """The articles' search entries that the cache lacks, computed in a forked process (``start``) while this
    one cross-links; ``finish`` waits for them and puts them in the cache, where the search stage finds them.

    An entry depends on its article and the taxonomy alone, so it is the one the search stage would
    compute, and the search stage computes any that did not arrive. In a cold run at 10,000 articles
    these are most of the search stage.
    """

    def __init__(self, worker, conn, keys: list[str], cache: ArticleCache) -> None:
        self.worker, self.conn, self.keys, self.cache = worker, conn, keys, cache

    @classmethod
    def start(cls, articles: list[Article], taxonomy: tuple, cache: ArticleCache) -> _SearchAside | None:
        """None unless many entries are missing, the cache is on and a second CPU is free."""
        if cache.folder is None or len(articles) < PARALLEL_MIN or jobs() < 2:
            return None
        from . import search

        wanted, keys = [], []
        for article in articles:
            for lang in i18n.LANGS if article.fingerprint else ():
                key = search.article_entry_key(cache, article, lang)
                if not cache.has(key):
                    wanted.append((article, lang))
                    keys.append(key)
        if len(wanted) < PARALLEL_MIN:
            return None
        topics_only = Corpus(articles=(), topics={t.id: t for t in taxonomy})
        return cls(*_forked(_search_entries, topics_only, wanted), keys, cache)

    def finish(self) -> None:
        try:
            values = self.conn.recv()
        except EOFError:  # the process died: the search stage computes the entries
            values = []
        finally:
            self.cancel()
        for key, value in zip(self.keys, values):
            self.cache.put(key, value)

    def cancel(self) -> None:
        self.worker.terminate()
        self.worker.join()
        self.conn.close()


def _search_entries(conn, corpus: Corpus, wanted: list[tuple[Article, str]]) -> None:
    from . import search

    try:
        conn.send([search.article_entry_value(corpus, article, lang) for article, lang in wanted])
    finally:
        conn.close()


LINK_STATE = "links.pickle"  # in .cache/: the last cross-linking pass, which the next one updates


def _line_of(text: str | None, key: str) -> int | None:
    for i, line in enumerate((text or "").splitlines(), 1):
        if line.startswith(key + ":"):
            return i
    return None


def _renderer(corpus: Corpus, project: Project, cache: ArticleCache | None) -> Renderer:
    compiled = None  # the compiled templates, kept in .cache/templates/ when there is a cache
    if cache is not None and cache.folder is not None:
        try:
            (cache.folder / "templates").mkdir(parents=True, exist_ok=True)
            compiled = cache.folder / "templates"
        except OSError:
            pass
    return Renderer(corpus, project.templates_dir, compiled)


def _template_error(exc: jinja2.TemplateError, project: Project) -> ErrorGroup:
    """The error, naming the template and line: a syntax error carries them, an error while rendering
    (an undefined name) is located by the innermost template frame of its traceback."""
    path, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not path:
        folder = str(project.templates_dir) + os.sep  # as the loader joins it
        tb = exc.__traceback__
        while tb is not None:  # Jinja maps its frames to the template's file and line
            if tb.tb_frame.f_code.co_filename.startswith(folder):
                path, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    return ErrorGroup([BuildError(f"template error: {exc.message}", path or project.templates_dir, line)])


def _encoded(pages: dict[str, str | None]) -> dict[str, bytes | None]:
    # Drop each page's text once encoded: at 10,000 articles the pages are about a gigabyte either way.
    out: dict[str, bytes | None] = {}
    for path in list(pages):
        text = pages.pop(path)
        out[path] = KEEP if text is None else text.encode("utf-8")
    return out


def _pages(renderer: Renderer, project: Project, langs: tuple[str, ...], timings: Timings | None,
           memo: OutputMemo | None) -> dict[str, bytes | None]:
    """The pages of ``langs`` (all but the sitemaps)."""
    try:
        return _encoded(_timed(timings, "render", renderer.pages, memo, langs))
    except jinja2.TemplateError as exc:
        raise _template_error(exc, project) from None


def _search(renderer: Renderer, pages: list[str], langs: tuple[str, ...], timings: Timings | None,
            memo: OutputMemo | None, cache: ArticleCache | None) -> dict[str, bytes | None]:
    """The search files of ``langs``, listing the pages among ``pages`` (docs-relative paths)."""
    from . import search  # the per-language search index (lists only pages that were rendered)

    return _timed(timings, "search", search.search_files, renderer.corpus, renderer, pages, cache=cache,
                  memo=memo, langs=langs)


def _feeds(renderer: Renderer, config: SiteConfig, timings: Timings | None,
           memo: OutputMemo | None) -> dict[str, bytes | None]:
    from . import feeds  # feeds need the rendered corpus only

    return _timed(timings, "feeds", feeds.all_feeds, renderer.corpus, config, memo)


def _sitemaps(renderer: Renderer, project: Project, config: SiteConfig, paths: list[str],
              timings: Timings | None, memo: OutputMemo | None) -> dict[str, bytes | None]:
    """The sitemaps, over the pages among ``paths`` (every language's)."""
    pages = dict.fromkeys(p for p in paths if p.endswith(".md"))
    try:
        out = _encoded(_timed(timings, "render", renderer.sitemaps, pages, config.site_url, memo))
        out[LASTMOD] = _timed(timings, "render", renderer.lastmods, pages).encode("utf-8")
        out[f"{i18n.DEFAULT_LANG}/robots.txt"] = (f"User-agent: *\nAllow: /\n\nSitemap: {config.site_url}sitemap.xml\n"
                                                  ).encode("utf-8")
        # Netlify's rules for a missing page (GitHub Pages serves the root 404.html for every one)
        out[f"{i18n.DEFAULT_LANG}/_redirects"] = "".join(
            f"/{lang}/*  /{lang}/404.html  404\n" for lang in i18n.LANGS if lang != i18n.DEFAULT_LANG).encode()
        for lang in i18n.LANGS:
            out[NOT_FOUND.format(lang=lang)] = _timed(timings, "render", renderer.not_found, lang).encode("utf-8")
        return out
    except jinja2.TemplateError as exc:
        raise _template_error(exc, project) from None


def render_all(corpus: Corpus, project: Project, config: SiteConfig, timings: Timings | None = None,
               memo: OutputMemo | None = None, cache: ArticleCache | None = None) -> dict[str, bytes | None]:
    """Every generated file (pages, search files and feeds) as bytes, keyed by docs-relative path.

    With ``memo``, files it finds up to date map to ``KEEP`` (None); ``cache`` keeps search terms per page.
    """
    renderer = _renderer(replace(corpus, site_url=config.site_url, page_size=config.page_size), project, cache)
    out = _pages(renderer, project, i18n.LANGS, timings, memo)
    claim = renderer.claims.add
    claim(out, _search(renderer, list(out), i18n.LANGS, timings, memo, cache), "the search files")
    claim(out, _sitemaps(renderer, project, config, list(out), timings, memo), "the sitemaps")
    claim(out, _feeds(renderer, config, timings, memo), "the feeds")
    return out


def _check_inside(path: Path, root: Path) -> None:
    resolved = path.resolve()
    if resolved != root.resolve() and root.resolve() not in resolved.parents:
        raise ErrorGroup([BuildError("refusing to write outside the docs folder", path)])


class _Listing:
    """The entries of the folders of docs/, each folder listed once (its entries know whether they are links)
    instead of a system call per file: which files exist, and which are links."""

    def __init__(self, docs_dir: Path) -> None:
        self.docs_dir = docs_dir
        self.folders: dict[str, dict[str, os.DirEntry]] = {}

    def entry(self, rel: str) -> os.DirEntry | None:
        folder, _, name = rel.rpartition("/")
        listing = self.folders.get(folder)
        if listing is None:
            try:
                with os.scandir(self.docs_dir / folder) as found:
                    listing = {e.name: e for e in found}
            except OSError:  # not made yet
                listing = {}
            self.folders[folder] = listing
        return listing.get(name)


def _check_outputs(outputs: dict[str, bytes | None], docs_dir: Path) -> _Listing:
    """Refuse, before anything is written, a path that escapes docs/ or a link there pointing outside;
    the listing of docs/ made on the way, for ``_write_files``."""
    listing = _Listing(docs_dir)
    root = docs_dir.resolve()
    inside: dict[str, bool] = {}  # parent folder -> resolves inside docs/ (thousands of files share a few folders)
    for rel, data in outputs.items():
        if rel.startswith("/") or ".." in rel.split("/"):
            raise ErrorGroup([BuildError("generated path escapes the docs folder", rel)])
        folder, _, _ = rel.rpartition("/")
        ok = inside.get(folder)
        if ok is None:
            resolved = (docs_dir / folder).resolve()
            ok = inside[folder] = resolved == root or root in resolved.parents
        if not ok:
            raise ErrorGroup([BuildError("refusing to write outside the docs folder", docs_dir / rel)])
        # A link in place of a page it writes: check where it points.
        if data is not KEEP:
            entry = listing.entry(rel)
            if entry is not None and entry.is_symlink():
                _check_inside(docs_dir / rel, docs_dir)
    return listing


# Files written by name in an open folder (Linux, macOS); by full path where the system has no such calls.
_DIR_FDS = {os.open, os.rename, os.unlink} <= os.supports_dir_fd  # os.replace takes os.rename's folder arguments
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


class _Staged:
    """Files written beside their targets in docs/ under temporary names (the staging area, on the same file
    system), renamed over their targets only when every one is written (``commit``); ``discard`` removes
    them and the folders made for them, leaving docs/ as it was. Crosses processes as a list of names."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.files: list[tuple[str, str, str]] = []  # (folder, temporary name, name), folders relative to docs/
        self.made: list[str] = []  # folders made for them, parents first

    def extend(self, files: list[tuple[str, str, str]], made: list[str]) -> None:
        self.files += files
        self.made += made

    def commit(self) -> None:
        folder, dir_fd, done = None, -1, 0
        try:
            for done, (where, tmp, name) in enumerate(self.files):
                if where != folder:
                    if dir_fd >= 0:
                        os.close(dir_fd)
                    dir_fd = -1
                    folder = where
                    if _DIR_FDS:
                        dir_fd = os.open(self.prefix + where, os.O_RDONLY | _O_DIRECTORY | os.O_CLOEXEC)
                if dir_fd >= 0:
                    os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
                else:
                    base = self.prefix + where + ("/" if where else "")
                    os.replace(base + tmp, base + name)
        except BaseException:
            self.files, self.made = self.files[done:], []  # the files already in place stay
            self.discard()
            raise
        finally:
            if dir_fd >= 0:
                os.close(dir_fd)
        self.files, self.made = [], []

    def discard(self) -> None:
        for where, tmp, _ in self.files:
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(self.prefix + where, tmp))
        for folder in reversed(self.made):
            with contextlib.suppress(OSError):
                os.rmdir(self.prefix + folder)
        self.files, self.made = [], []


def _write_error(exc: OSError, path: str) -> ErrorGroup:
    """A failed write as one line naming the file and the cause (no space left, read-only folder...)."""
    cause = (exc.strerror or str(exc)).lower()
    return ErrorGroup([BuildError(f"{cause} while writing this file; nothing in the docs folder was changed",
                                  path)])


def _write_files(outputs: dict[str, bytes | None], docs_dir: Path, listing: _Listing,
                 stats: dict[str, tuple[int, int, int]] | None = None, staged: _Staged | None = None
                 ) -> tuple[list[str], int]:
    """Stage the files whose bytes changed; (their paths, sorted, and how many were left as they were).

    Without ``staged`` they are then renamed into place; with it, the caller commits (or discards) them
    with the other process's. On an error (a full disk, a read-only folder) nothing in docs/ changed and
    the ErrorGroup names the file. ``listing`` (of ``_check_outputs``) tells which files exist: only those
    are read and compared. ``stats`` receives each file's (size, mtime, inode) as written or found.
    """
    written, unchanged = [], 0
    folders: dict[str, int] = {}  # folder -> open descriptor: each file is then written by name in it
    prefix = os.path.join(docs_dir, "")
    own = staged is None
    stage = _Staged(prefix) if own else staged
    files: list[tuple[str, str, str]] = []
    made: list[str] = []
    rel = ""
    try:
        for rel in sorted(outputs):
            data = outputs[rel]
            if data is KEEP:
                unchanged += 1
                continue
            if listing.entry(rel) is not None:
                try:
                    with open(prefix + rel, "rb") as fh:
                        if fh.read() == data:
                            unchanged += 1
                            if stats is not None:
                                stats[rel] = file_status(os.fstat(fh.fileno()))
                            continue
                except OSError:
                    pass
            folder, _, name = rel.rpartition("/")
            dir_fd = folders.get(folder)
            if dir_fd is None:
                made += _make_folders(prefix, folder)
                dir_fd = folders[folder] = (os.open(prefix + folder, os.O_RDONLY | _O_DIRECTORY | os.O_CLOEXEC)
                                            if _DIR_FDS else -1)
            tmp, status = write_temporary(name, data, dir_fd=dir_fd) if dir_fd >= 0 else \
                write_temporary(prefix + rel, data)
            files.append((folder, os.path.basename(tmp), name))
            if stats is not None:
                stats[rel] = file_status(status)
            written.append(rel)
    except OSError as exc:
        stage.extend(files, made)
        stage.discard()
        raise _write_error(exc, prefix + rel) from None
    finally:
        for dir_fd in folders.values():
            if dir_fd >= 0:
                os.close(dir_fd)
    stage.extend(files, made)
    if own:
        stage.commit()
    return written, unchanged


def _make_folders(prefix: str, folder: str) -> list[str]:
    """Make ``folder`` (relative to docs/, ``prefix``) and its missing parents; those made, parents first."""
    missing = []
    while folder and not os.path.isdir(prefix + folder):
        missing.append(folder)
        folder = folder.rpartition("/")[0]
    for path in reversed(missing):
        os.makedirs(prefix + path, exist_ok=True)
    return missing[::-1]


def _remove_stale(paths: set[str], docs_dir: Path) -> list[str]:
    """Remove the generated files of the last run that are not among ``paths``; record ``paths`` as generated."""
    manifest_path = docs_dir / MANIFEST
    try:
        previous = set(json.loads(manifest_path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        previous = set()
    removed = []
    for rel in sorted(previous - paths):
        target = docs_dir / rel
        if target.is_file() and not target.is_symlink():
            _check_inside(target, docs_dir)
            try:
                target.unlink()
                parent = target.parent
                while parent != docs_dir and parent.is_dir() and not any(parent.iterdir()):
                    parent.rmdir()
                    parent = parent.parent
            except OSError as exc:  # the pages are in place; the stale file is removed by the next run
                raise ErrorGroup([BuildError(f"cannot remove a page no longer generated: "
                                             f"{(exc.strerror or str(exc)).lower()}", target)]) from None
            removed.append(rel)
    if previous != paths or not manifest_path.exists():
        try:
            write_atomic(manifest_path, json.dumps(sorted(paths), indent=0).encode("utf-8"))
        except OSError as exc:
            raise _write_error(exc, str(manifest_path)) from None
    return removed


def write(outputs: dict[str, bytes | None], docs_dir: Path, stats: dict[str, tuple[int, int, int]] | None = None
          ) -> Report:
    """Write files whose bytes changed (atomically, each via a temporary file) and remove stale generated ones.

    A ``KEEP`` value (None) marks a file already known to hold its bytes: it is left alone. ``stats`` receives
    the (size, mtime, inode) of each file written or found with its bytes.
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    listing = _check_outputs(outputs, docs_dir)
    written, unchanged = _write_files(outputs, docs_dir, listing, stats)
    removed = _remove_stale(set(outputs), docs_dir)
    return Report(written=tuple(written), unchanged=unchanged, removed=tuple(removed))


def _language_worker(conn, renderer: Renderer, project: Project, langs: tuple[str, ...], memo: OutputMemo) -> None:
    """The forked half of ``_render_and_write_split``: render the pages of ``langs``, report, then write them
    when told to."""
    timings = Timings()
    try:
        try:
            outputs = _pages(renderer, project, langs, timings, memo)
            listing = _check_outputs(outputs, project.docs_dir)
        except ErrorGroup as group:
            conn.send(("failed", group))
            return
        conn.send(("rendered", list(outputs)))
        if conn.recv() != "write":
            return
        staged = _Staged(os.path.join(project.docs_dir, ""))  # committed by the parent, with its own files
        written, unchanged = _timed(timings, "write", _write_files, outputs, project.docs_dir, listing, memo.stats,
                                    staged)
        conn.send(("written", written, unchanged, memo.keys, memo.kept, memo.stats, timings.stages, staged.files,
                   staged.made))
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        import traceback

        try:
            conn.send(("crashed", exc, traceback.format_exc()))
        except Exception:  # noqa: BLE001 - not picklable, or the parent is gone
            try:
                conn.send(("crashed", None, traceback.format_exc()))
            except Exception:  # noqa: BLE001
                pass
    finally:
        conn.close()


def _received(conn, expected: str) -> tuple:
    try:
        message = conn.recv()
    except EOFError:
        raise RuntimeError("the process rendering the default language ended without a word") from None
    if message[0] == "failed":
        raise message[1]
    if message[0] == "crashed":
        raise message[1] or RuntimeError(message[2])
    assert message[0] == expected, message[0]
    return message[1:]


def _render_and_write_split(corpus: Corpus, project: Project, config: SiteConfig, timings: Timings | None,
                            memo: OutputMemo, cache: ArticleCache) -> Report:
    """``render_all`` then ``write``, with the default language's pages rendered and written by a forked
    process while this one renders the other language's pages and search files, the feeds, the default
    language's search files, then the sitemaps.

    Every language has the same pages (the same articles, topics, digests and timeline), so the default
    language's search files are made from the other language's page paths; the forked process's report
    is checked against them. The files are those one process writes. Nothing is written until both
    processes rendered without error; the forked one then hands back the keys it recorded in the memo.
    Stage times add up both processes' times.
    """
    renderer = _renderer(replace(corpus, site_url=config.site_url, page_size=config.page_size), project, cache)
    theirs = (i18n.DEFAULT_LANG,)
    ours = tuple(lang for lang in i18n.LANGS if lang not in theirs)
    worker, conn = _forked(_language_worker, renderer, project, theirs, memo)
    writing = False
    try:
        outputs = _pages(renderer, project, ours, timings, memo)
        lang, other = theirs[0], ours[0]
        mirrored = [lang + p[len(other):] for p in outputs if p.startswith(other + "/")]
        claim = renderer.claims.add  # the pages of ``theirs`` are claimed in their process
        claim(outputs, _search(renderer, list(outputs), ours, timings, memo, cache), "the search files")
        claim(outputs, _feeds(renderer, config, timings, memo), "the feeds")
        claim(outputs, _search(renderer, mirrored, theirs, timings, memo, cache), "the search files")
        (their_paths,) = _received(conn, "rendered")
        if sorted(their_paths) != sorted(mirrored):
            raise RuntimeError(f"the {lang} pages are not those of the {other} pages")
        claim(outputs, _sitemaps(renderer, project, config, list(outputs) + their_paths, timings, memo),
              "the sitemaps")
        project.docs_dir.mkdir(parents=True, exist_ok=True)
        listing = _check_outputs(outputs, project.docs_dir)
        conn.send("write")
        writing = True
        staged = _Staged(os.path.join(project.docs_dir, ""))
        # Both processes' files go in together, or neither's: each process discards its own on a failed write.
        try:
            written, unchanged = _timed(timings, "write", _write_files, outputs, project.docs_dir, listing,
                                        memo.stats, staged)
        except BaseException:
            with contextlib.suppress(Exception):
                staged.extend(*_received(conn, "written")[-2:])
            staged.discard()
            raise
        try:
            their_written, their_unchanged, keys, kept, stats, stages, files, made = _received(conn, "written")
        except BaseException:
            staged.discard()
            raise
        staged.extend(files, made)
        _timed(timings, "write", staged.commit)
        memo.merge(keys, kept, stats)
        if timings is not None:
            timings.merge(stages)
        removed = _timed(timings, "write", _remove_stale, set(outputs) | set(their_paths), project.docs_dir)
        return Report(written=tuple(sorted(written + their_written)), unchanged=unchanged + their_unchanged,
                      removed=tuple(removed))
    finally:
        if not writing:  # it wrote nothing yet: stop it now
            worker.terminate()
        worker.join()
        conn.close()


STAGING = "staging"  # in .cache/: present while a run stages and renames files in docs/


@contextlib.contextmanager
def _staging(project: Project):
    """Mark the project while files are staged in docs/: a run killed meanwhile leaves the mark, and the next
    run removes the temporary files it left (``clean_staging``)."""
    mark = project.cache_dir / STAGING
    try:
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.write_bytes(b"")
    except OSError:
        mark = None
    yield
    if mark is not None:
        mark.unlink(missing_ok=True)


def clean_staging(project: Project) -> int:
    """Remove the temporary files a killed run left in docs/ (only after one was killed: see ``_staging``);
    how many."""
    mark = project.cache_dir / STAGING
    if not mark.exists():
        return 0
    removed = 0
    for folder, _, names in os.walk(project.docs_dir):
        for name in names:
            if name.startswith(TEMPORARY_PREFIX):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))
                    removed += 1
    mark.unlink(missing_ok=True)
    return removed


def _check_removals(project: Project, corpus: Corpus) -> None:
    """Refuse a run that would unpublish more than half of the published articles, or every topic (seeds
    moved away, topics.yml deleted): the pages would go with exit 0. ``--allow-mass-removal`` lets it."""
    try:
        previous = json.loads((project.docs_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    articles = f"{i18n.DEFAULT_LANG}/articles/"
    topic_pages = f"{i18n.DEFAULT_LANG}/topics/"
    published = {p for p in previous if p.startswith(articles) and p.endswith(".md")}
    kept = {f"{articles}{a.id}.md" for a in corpus.articles}
    gone = len(published - kept)
    problems = []
    if published and gone * 2 > len(published):
        problems.append(f"{gone} of the {len(published)} published articles would be removed")
    had_topics = any(p.startswith(topic_pages) and p.endswith(".md") and p != f"{topic_pages}index.md"
                     for p in previous)
    if had_topics and not corpus.topics:
        problems.append(f"the whole taxonomy would be removed ({sources.TAXONOMY_NAME} is missing or empty)")
    if problems:
        raise ErrorGroup([BuildError(f"{'; '.join(problems)}: nothing was changed. If that is meant, build again "
                                     "with --allow-mass-removal (make build ALLOW_MASS_REMOVAL=1)",
                                     project.seeds_dir)])


def generate(project: Project = Project(), *, refuse_drafts: bool = False, timings: Timings | None = None,
             allow_mass_removal: bool = False) -> Report:
    """Run the whole pipeline; nothing is written unless every article and page succeeded."""
    # The pipeline leaves almost no cyclic garbage (a few hundred objects a run), while the collector's
    # passes over millions of live objects (the corpus, every page) cost seconds at 10,000 articles.
    collecting = gc.isenabled()
    gc.disable()
    try:
        clean_staging(project)
        project, config = configured(project)
        cache = open_cache(project, timings)
        selections: list[publishing.Selection] = []
        corpus, warnings = gather(project, refuse_drafts=refuse_drafts, timings=timings, cache=cache,
                                  policy=publishing.Policy.from_env(config.timezone), held=selections.append)
        if not allow_mass_removal:
            _check_removals(project, corpus)
        try:
            memo = OutputMemo(cache.folder, project.docs_dir, _outputs_salt(cache, project, config))
            if len(corpus.articles) >= PARALLEL_MIN and jobs() > 1:
                with _staging(project):
                    report = _render_and_write_split(corpus, project, config, timings, memo, cache)
            else:
                outputs = render_all(corpus, project, config, timings, memo, cache)
                with _staging(project):
                    report = _timed(timings, "write", write, outputs, project.docs_dir, memo.stats)
            _timed(timings, "cache", memo.save)
        finally:  # the articles' results hold even when a template fails
            _timed(timings, "cache", cache.save)
        selection = selections[0]
        return replace(report, warnings=tuple(warnings), articles=len(corpus.articles),
                       drafts=len(selection.drafts), scheduled=len(selection.scheduled),
                       due=replace(selection, published=(), warnings=()))
    finally:
        if collecting:
            gc.enable()


def _outputs_salt(cache: ArticleCache, project: Project, config: SiteConfig | None = None) -> str:
    """What every generated file depends on besides its own inputs: generator, taxonomy, templates, libraries,
    the configuration."""
    if cache.folder is None:
        return ""
    h = hashlib.sha256(cache.salt + f"\0{package_versions(('Jinja2', 'Babel', 'lxml'))}\0".encode()
                       + (config.fingerprint.encode("utf-8", "surrogatepass") if config else b""))
    folder = project.templates_dir
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


LAST_BUILD = "last-build.pickle"  # in .cache/: what the last successful `generator build` read and wrote


def input_stamp(project: Project, refuse_drafts: bool = False) -> str:
    """A hash of everything a run's output depends on: every file under seeds/, the page templates and the
    generator (path, size, mtime, ctime, inode), mkdocs.yml, the interpreter and library versions, the paths
    and options. Editing, adding, removing or touching any of them changes it; ctime changes on any write."""
    h = hashlib.sha256()
    for folder in (project.seeds_dir, project.templates_dir, Path(__file__).parent):
        h.update(f"{folder}\0".encode("utf-8", "surrogatepass"))
        for path, st in _files_under(folder):
            h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\n".encode(
                "utf-8", "surrogatepass"))
    try:
        h.update(b"\1" + (project.root / "mkdocs.yml").read_bytes())
        config = site_config.load(project.root)
        for path in (config.taxonomy, *config.strings_files):  # files the configuration names outside seeds/
            h.update(b"\1" + path.read_bytes())
    except (OSError, ErrorGroup):
        h.update(b"\0")
    h.update(package_versions(("Jinja2", "Babel", "lxml", "PyYAML", "dateparser", "charset-normalizer", "feedparser",
                               "Markdown", "trafilatura", "htmldate")).encode() + b"\0")
    h.update(f"{sys.version}\0{refuse_drafts}\0{os.environ.get('DIGEST_DRAFTS') == '1'}\0{project.docs_dir}\0"
             f"{project.cache_dir}".encode(
        "utf-8", "surrogatepass"))
    return h.hexdigest()


def _files_under(folder: Path) -> list[tuple[str, os.stat_result]]:
    """Every file under ``folder`` (links followed, each folder once), sorted by path, with its status."""
    out: list[tuple[str, os.stat_result]] = []
    seen: set[tuple[int, int]] = set()
    pending = [str(folder)]
    while pending:
        current = pending.pop()
        try:
            st = os.stat(current)
            with os.scandir(current) as found:
                entries = list(found)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen:
            continue
        seen.add((st.st_dev, st.st_ino))
        for entry in entries:
            if entry.name == "__pycache__":
                continue
            try:
                if entry.is_dir():
                    pending.append(entry.path)
                else:
                    out.append((entry.path, entry.stat()))
            except OSError:  # a broken link: its name still counts
                out.append((entry.path, os.lstat(entry.path)))
    out.sort(key=lambda item: item[0])
    return out


def unchanged_since_last_build(project: Project, stamp: str) -> Report | None:
    """The last build's report when nothing it read changed (same ``input_stamp``) and every file it wrote in
    docs/ is as it left it (size, mtime, inode); otherwise None: the caller generates. Never with the cache off."""
    if cache_disabled():
        return None
    record = read_salted(project.cache_dir / LAST_BUILD, stamp.encode())
    if not isinstance(record, dict):
        return None
    due = record.get("due")
    if due is not None and not due.holds_at(publishing.build_time().timestamp()):
        return None  # a scheduled article's time has come, or the build's time is before a published article's time
    prefix = str(project.docs_dir) + os.sep
    for rel, recorded in record["files"].items():
        try:
            st = os.stat(prefix + rel)
        except OSError:
            return None
        if file_status(st) != recorded:
            return None
    return Report(written=(), unchanged=len(record["files"]) - 1, removed=(), warnings=record["warnings"],
                  articles=record["articles"], drafts=record.get("drafts", 0),
                  scheduled=record.get("scheduled", 0), due=due)


def remember_build(project: Project, stamp: str, report: Report) -> None:
    """Record, for ``unchanged_since_last_build``, what a successful build read (``stamp``) and the files it
    left in docs/ (every generated file, from the manifest, and the manifest)."""
    if cache_disabled():
        return
    prefix = str(project.docs_dir) + os.sep
    try:
        paths = json.loads((project.docs_dir / MANIFEST).read_text(encoding="utf-8"))
        files = {}
        for rel in [*paths, MANIFEST]:
            files[rel] = file_status(os.stat(prefix + rel))
    except (OSError, ValueError):
        return
    write_salted(project.cache_dir / LAST_BUILD, stamp.encode(),
                 {"files": files, "warnings": report.warnings, "articles": report.articles, "drafts": report.drafts,
                  "scheduled": report.scheduled, "due": report.due})
