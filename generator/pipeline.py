"""The generator's pipeline, in the order it runs.

``generate`` is a whole run: ``gather`` reads the seeds (sources), cleans, describes and tags each article
(``_prepare``, per article, cached, in forked processes when there are many), cross-links the corpus
(links) and makes the monthly digests; then every page is rendered (render), then the feeds and the search
files (feeds, search), all in memory; only then does ``writer`` write into docs/, and nothing at all when
any stage failed. ``state`` decides when a run may stop at once; ``parallel`` holds the forked processes.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import jinja2

from . import clean as clean_mod
from . import digest as digest_mod
from . import links as links_mod
from . import i18n, metadata, outlets, parallel, progress, publishing, sources, topics
from . import config as site_config
from .build import Project, configured
from .config import SiteConfig
from .cache import KEEP, ArticleCache, OutputMemo, fingerprint
from .corpus import Corpus
from .errors import BuildError, CleanError, DigestError, ErrorGroup, MetadataError
from .model import Article, FirstMentions, StoredArticle, Tag, pack_body, stored_article
from .render import Renderer
from .state import LINK_STATE
from .urls import LASTMOD, NOT_FOUND
from .writer import MANIFEST, Report, Staged, check_outputs, clean_staging, remove_stale, staging, write, write_files


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


def _timed(timings: Timings | None, stage: str, fn: Callable, *args, **kwargs):
    start = time.perf_counter()
    try:
        return fn(*args, **kwargs)
    finally:
        if timings is not None:
            timings.add(stage, time.perf_counter() - start)


def generate(
    project: Project = Project(),
    *,
    refuse_drafts: bool = False,
    timings: Timings | None = None,
    allow_mass_removal: bool = False,
) -> Report:
    """Run the whole pipeline; nothing is written unless every article and page succeeded."""
    # The pipeline leaves almost no cyclic garbage (a few hundred objects a run), while the collector's
    # passes over millions of live objects (the corpus, every page) cost seconds at 10,000 articles.
    collecting = gc.isenabled()
    gc.disable()
    try:
        clean_staging(project)  # what a killed run left in docs/
        project, config = configured(project)  # the languages, strings and month names follow it from here on
        cache = open_cache(project, timings, config)
        selections: list[publishing.Selection] = []
        # gather: sources, clean, metadata, tag (each article, cached), then link and digest (the whole corpus)
        corpus, warnings = gather(
            project,
            refuse_drafts=refuse_drafts,
            timings=timings,
            cache=cache,
            policy=publishing.Policy.from_env(config.timezone),
            held=selections.append,
        )
        if not allow_mass_removal:
            _check_removals(project, corpus)
        try:
            memo = OutputMemo(cache.folder, project.docs_dir, cache.salt.decode())
            # render the pages, then the search files, sitemaps and feeds, in memory; then write them all
            if len(corpus.articles) >= parallel.PARALLEL_MIN and parallel.jobs() > 1:
                with staging(project):
                    report = _render_and_write_split(corpus, project, config, timings, memo, cache)
            else:
                outputs = render_all(corpus, project, config, timings, memo, cache)
                with staging(project):
                    report = _timed(timings, "write", write, outputs, project.docs_dir, memo.stats)
            _timed(timings, "cache", memo.save)
        finally:  # the articles' results hold even when a template fails
            _timed(timings, "cache", cache.save)
        selection = selections[0]
        return replace(
            report,
            warnings=tuple(warnings),
            articles=len(corpus.articles),
            drafts=len(selection.drafts),
            scheduled=len(selection.scheduled),
            due=replace(selection, published=(), warnings=()),
        )
    finally:
        if collecting:
            gc.enable()


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
    had_topics = any(
        p.startswith(topic_pages) and p.endswith(".md") and p != f"{topic_pages}index.md" for p in previous
    )
    if had_topics and not corpus.topics:
        problems.append(f"the whole taxonomy would be removed ({sources.TAXONOMY_NAME} is missing or empty)")
    if problems:
        raise ErrorGroup(
            [
                BuildError(
                    f"{'; '.join(problems)}: nothing was changed. If that is meant, build again "
                    "with --allow-mass-removal (make build ALLOW_MASS_REMOVAL=1)",
                    project.seeds_dir,
                )
            ]
        )


def open_cache(project: Project, timings: Timings | None = None, config: SiteConfig | None = None) -> ArticleCache:
    """The per-article cache for this project's taxonomy, configuration and generator (disabled by
    DIGEST_NO_CACHE=1)."""
    taxonomy_path = project.taxonomy_path
    try:  # bounded: the taxonomy may be a pipe or a link to a device (load_taxonomy says so)
        taxonomy_text = sources.read_bytes(taxonomy_path, expected="a taxonomy").decode("utf-8", errors="replace")
    except DigestError:
        taxonomy_text = ""
    if config is None:  # the same salt whoever opens the cache
        try:
            config = site_config.load(project.root)
        except ErrorGroup:
            config = None
    salt = _timed(
        timings,
        "cache",
        fingerprint,
        project.root / "mkdocs.yml",
        project.templates_dir,
        taxonomy_text,
        config.fingerprint if config is not None else "",
    )
    return _timed(timings, "cache", ArticleCache.open, project.cache_dir, salt)


def gather(
    project: Project,
    *,
    refuse_drafts: bool = False,
    timings: Timings | None = None,
    cache: ArticleCache | None = None,
    policy: publishing.Policy | None = None,
    held: Callable[[publishing.Selection], None] | None = None,
) -> tuple[Corpus, list[DigestError]]:
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
            taxonomy = _timed(
                timings,
                "topics",
                cache.memo,
                cache.derived_key("taxonomy", str(taxonomy_path)),
                lambda: topics.load_taxonomy(taxonomy_path),
            )
        except ErrorGroup as group:
            errors.extend(group.errors)
            taxonomy_failed = True
    tagger = topics.Tagger(taxonomy)
    if taxonomy_failed:  # its errors are reported; the articles' tags are not checked against no taxonomy
        tagger.unknown = lambda ids: ()  # type: ignore[method-assign]

    articles: list[Article] = []
    mentions: dict[str, tuple] = {}  # first body mentions by article id (linked on its page), of articles not stored
    keys, found = [], []
    for src in srcs:
        keys.append(cache.key(src.raw + "".join(f"\0{k}" for k in sorted(src.chrome)), src.meta_text, _meta_path(src)))
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
            warnings.append(
                MetadataError(f"draft left out of the site: {len(its_errors)} error(s) to fix first", _meta_path(src))
            )
            warnings.extend(its_errors)
            continue
        errors.extend(its_errors)
        if result is None:
            continue
        cleaned, meta, tags, mentions[src.id] = result
        articles.append(
            Article(
                id=src.id,
                source=src,
                clean=cleaned,
                meta=meta,
                tags=tags,
                fingerprint=key if cache.folder is not None else "",
            )
        )
        if not its_warnings and cache.folder is not None:  # warnings are reported on every run: not cached
            cache.put(key, (meta, tags, _timed(timings, "cache", pack_body, cleaned, mentions[src.id])))
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
    aside = None if owns_cache else parallel.SearchAside.start(articles, taxonomy, cache)
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
                previous = _timed(timings, "cache", cache.state, LINK_STATE)
                corpus = _timed(
                    timings,
                    "links",
                    links_mod.SimilarityIndex,
                    ordered,
                    terms_of,
                    inputs=inputs,
                    keys=tuple(map(terms_key, ordered)),
                    previous=previous,
                    old_terms=cache.get,
                )
                _timed(timings, "cache", cache.keep, LINK_STATE, corpus.state)
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
    corpus = Corpus(
        articles=linked,
        topics={t.id: t for t in taxonomy},
        stories=stories,
        digests=digests,
        zone=policy.zone,
        mentions=FirstMentions(mentions, stored) if stored else mentions,
    )
    if owns_cache:  # rendering and search did not run: keep their entries
        _timed(timings, "cache", cache.save, keep_unused=True)
    return corpus, warnings


def _text_hash(article: Article) -> str:
    return hashlib.sha256(links_mod.text_of(article).encode("utf-8", "surrogatepass")).hexdigest()


def _exact_duplicates(articles: list[Article], text_key: Callable[[Article], str]) -> list[DigestError]:
    """A warning for each article whose clean text is another's, naming both files (the later id is the copy)."""
    first: dict[str, Article] = {}
    out: list[DigestError] = []
    for article in sorted(articles, key=lambda a: a.id):
        other = first.setdefault(text_key(article), article)
        if other is not article:
            out.append(
                MetadataError(
                    f"same text as {other.source.text_path}: the article would be published twice; remove one",
                    article.source.text_path,
                )
            )
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


def _line_of(text: str | None, key: str) -> int | None:
    for i, line in enumerate((text or "").splitlines(), 1):
        if line.startswith(key + ":"):
            return i
    return None


Prepared = tuple  # (clean article, metadata, tags, first mentions) or None, errors, warnings


def _prepare(src: sources.Source, tagger: topics.Tagger, refuse_drafts: bool, timings: Timings | None) -> Prepared:
    """Clean, describe and tag one article that the cache does not hold."""
    errors: list[DigestError] = []
    try:
        cleaned = _timed(timings, "clean", clean_mod.clean, src.raw, None, src.chrome)
    except DigestError as exc:
        return None, [type(exc)(exc.message, src.text_path, exc.line, exc.got)], []
    meta_path = _meta_path(src)
    warns: list = []
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
        errors.append(
            MetadataError(
                f"tags not in the taxonomy ({sources.TAXONOMY_NAME}): {', '.join(unknown)}",
                meta_path,
                _line_of(src.meta_text, "tags") or _line_of(src.meta_text, "exclude_tags"),
            )
        )
        return None, errors, list(warns)
    tags = _timed(timings, "topics", tagger.tag, cleaned, meta.tags, meta.exclude_tags)
    # Of each tag's mentions the pages show the first in the body (linked); the others are let go,
    # which keeps the corpus and the cache small (about a hundred mentions an article).
    first = _timed(
        timings, "links", links_mod.first_mentions, Article(id=src.id, source=src, clean=cleaned, meta=meta, tags=tags)
    )
    return (cleaned, meta, tuple(Tag(t.topic_id, t.score) for t in tags), first), errors, list(warns)


def _prepare_chunk(
    srcs: list[sources.Source], tagger: topics.Tagger, refuse_drafts: bool
) -> tuple[list[Prepared], dict[str, float]]:
    """``_prepare`` of some sources in a forked process, with the stage times it took."""
    timings = Timings()
    return [_prepare(src, tagger, refuse_drafts, timings) for src in srcs], timings.stages


def _prepare_all(
    srcs: list[sources.Source], tagger: topics.Tagger, refuse_drafts: bool, timings: Timings | None
) -> list[Prepared]:
    """``_prepare`` of each source, in order; in ``parallel.jobs()`` forked processes when there are many.

    Each article's result depends on its own files only, so the processes return what one would.
    Stage times then add up the processes' times.
    """
    count = parallel.jobs() if len(srcs) >= parallel.PARALLEL_MIN else 1
    shown = progress.bar(len(srcs), "articles", "article", minimum=parallel.PARALLEL_MIN)  # on a terminal only
    if count < 2:
        with shown:
            return [_prepare(src, tagger, refuse_drafts, timings) for src in shown.counting(srcs)]
    out: list[Prepared] = []
    chunks = parallel.fork_map(partial(_prepare_chunk, tagger=tagger, refuse_drafts=refuse_drafts), srcs, count)
    try:
        with contextlib.closing(chunks):  # the processes end with the loop, or with its error
            for results, stages in chunks:  # each chunk read back while the processes prepare the next ones
                out.extend(results)
                shown.update(len(results))
                if timings is not None:
                    timings.merge(stages)
    finally:
        shown.close()
    return out


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


def _pages(
    renderer: Renderer, project: Project, langs: tuple[str, ...], timings: Timings | None, memo: OutputMemo | None
) -> dict[str, bytes | None]:
    """The pages of ``langs`` (all but the sitemaps)."""
    try:
        return _encoded(_timed(timings, "render", renderer.pages, memo, langs))
    except jinja2.TemplateError as exc:
        raise _template_error(exc, project) from None


def _search(
    renderer: Renderer,
    pages: list[str],
    langs: tuple[str, ...],
    timings: Timings | None,
    memo: OutputMemo | None,
    cache: ArticleCache | None,
) -> dict[str, bytes | None]:
    """The search files of ``langs``, listing the pages among ``pages`` (docs-relative paths)."""
    from . import search  # the per-language search index (lists only pages that were rendered)

    return _timed(
        timings, "search", search.search_files, renderer.corpus, renderer, pages, cache=cache, memo=memo, langs=langs
    )


def _feeds(
    renderer: Renderer, config: SiteConfig, timings: Timings | None, memo: OutputMemo | None
) -> dict[str, bytes | None]:
    from . import feeds  # feeds need the rendered corpus only

    return _timed(timings, "feeds", feeds.all_feeds, renderer.corpus, config, memo)


def _sitemaps(
    renderer: Renderer,
    project: Project,
    config: SiteConfig,
    paths: list[str],
    timings: Timings | None,
    memo: OutputMemo | None,
) -> dict[str, bytes | None]:
    """The sitemaps, over the pages among ``paths`` (every language's)."""
    pages = dict.fromkeys(p for p in paths if p.endswith(".md"))
    try:
        out = _encoded(_timed(timings, "render", renderer.sitemaps, pages, config.site_url, memo))
        out[LASTMOD] = _timed(timings, "render", renderer.lastmods, pages).encode("utf-8")
        out[f"{i18n.DEFAULT_LANG}/robots.txt"] = (
            f"User-agent: *\nAllow: /\n\nSitemap: {config.site_url}sitemap.xml\n"
        ).encode("utf-8")
        # Netlify's rules for a missing page (GitHub Pages serves the root 404.html for every one)
        out[f"{i18n.DEFAULT_LANG}/_redirects"] = "".join(
            f"/{lang}/*  /{lang}/404.html  404\n" for lang in i18n.LANGS if lang != i18n.DEFAULT_LANG
        ).encode()
        for lang in i18n.LANGS:
            out[NOT_FOUND.format(lang=lang)] = _timed(timings, "render", renderer.not_found, lang).encode("utf-8")
        return out
    except jinja2.TemplateError as exc:
        raise _template_error(exc, project) from None


def render_all(
    corpus: Corpus,
    project: Project,
    config: SiteConfig,
    timings: Timings | None = None,
    memo: OutputMemo | None = None,
    cache: ArticleCache | None = None,
) -> dict[str, bytes | None]:
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


def _render_and_write_split(
    corpus: Corpus, project: Project, config: SiteConfig, timings: Timings | None, memo: OutputMemo, cache: ArticleCache
) -> Report:
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
    worker, conn = parallel.forked(_language_worker, renderer, project, theirs, memo)
    writing = False
    try:
        outputs = _pages(renderer, project, ours, timings, memo)
        lang, other = theirs[0], ours[0]
        mirrored = [lang + p[len(other) :] for p in outputs if p.startswith(other + "/")]
        claim = renderer.claims.add  # the pages of ``theirs`` are claimed in their process
        claim(outputs, _search(renderer, list(outputs), ours, timings, memo, cache), "the search files")
        claim(outputs, _feeds(renderer, config, timings, memo), "the feeds")
        claim(outputs, _search(renderer, mirrored, theirs, timings, memo, cache), "the search files")
        (their_paths,) = parallel.received(conn, "rendered")
        if sorted(their_paths) != sorted(mirrored):
            raise RuntimeError(f"the {lang} pages are not those of the {other} pages")
        claim(outputs, _sitemaps(renderer, project, config, list(outputs) + their_paths, timings, memo), "the sitemaps")
        project.docs_dir.mkdir(parents=True, exist_ok=True)
        listing = check_outputs(outputs, project.docs_dir)
        conn.send("write")
        writing = True
        staged = Staged(os.path.join(project.docs_dir, ""))
        # Both processes' files go in together, or neither's: each process discards its own on a failed write.
        try:
            written, unchanged = _timed(
                timings, "write", write_files, outputs, project.docs_dir, listing, memo.stats, staged
            )
        except BaseException:
            with contextlib.suppress(Exception):
                staged.extend(*parallel.received(conn, "written")[-2:])
            staged.discard()
            raise
        try:
            their_written, their_unchanged, keys, kept, stats, stages, files, made = parallel.received(conn, "written")
        except BaseException:
            staged.discard()
            raise
        staged.extend(files, made)
        _timed(timings, "write", staged.commit)
        memo.merge(keys, kept, stats)
        if timings is not None:
            timings.merge(stages)
        removed = _timed(timings, "write", remove_stale, set(outputs) | set(their_paths), project.docs_dir)
        return Report(
            written=tuple(sorted(written + their_written)),
            unchanged=unchanged + their_unchanged,
            removed=tuple(removed),
        )
    finally:
        if not writing:  # it wrote nothing yet: stop it now
            worker.terminate()
        worker.join()
        conn.close()


def _language_worker(conn, renderer: Renderer, project: Project, langs: tuple[str, ...], memo: OutputMemo) -> None:
    """The forked half of ``_render_and_write_split``: render the pages of ``langs``, report, then write them
    when told to."""
    timings = Timings()
    try:
        try:
            outputs = _pages(renderer, project, langs, timings, memo)
            listing = check_outputs(outputs, project.docs_dir)
        except ErrorGroup as group:
            conn.send(("failed", group))
            return
        conn.send(("rendered", list(outputs)))
        if conn.recv() != "write":
            return
        staged = Staged(os.path.join(project.docs_dir, ""))  # committed by the parent, with its own files
        written, unchanged = _timed(
            timings, "write", write_files, outputs, project.docs_dir, listing, memo.stats, staged
        )
        conn.send(
            ("written", written, unchanged, memo.keys, memo.kept, memo.stats, timings.stages, staged.files, staged.made)
        )
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
