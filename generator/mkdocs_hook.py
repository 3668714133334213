"""MkDocs hook: regenerate the pages from seeds/ before each build, so `mkdocs build` and `mkdocs serve` work alone.

It also spares MkDocs the Markdown conversion of generated pages. The generator writes their body as
finished HTML (links already relative URLs, headings with ids) and marks them ``html: true`` in the
front matter; Python-Markdown would pass such HTML through unchanged, but parsing it took most of the
build (about 30 ms a page for a topic page of 50 cards). For those pages the hook hands MkDocs an
empty document and puts the HTML back as the page content, with the table of contents read from its
headings.

More shortcuts skip work whose result is known, with the same bytes (``tests/test_scale.py`` builds
with and without them; ``DIGEST_MKDOCS_SHORTCUTS=0`` turns them off):

* MkDocs still makes a Markdown converter for each page to convert that empty document;
* Material's search plugin, for a page left out of its index, still scans the HTML for ``data-search-*``
  attributes to remove;
* mkdocs-static-i18n builds each file of each language anew with ``pathlib`` objects (``_i18n_files_without_paths``);
* the theme renders the tabs, the navigation sidebar, the ``__config`` script, the logo, palette and
  search parts of the header, the links to its styles, fonts and scripts, and the footer of every
  generated page, which are the same for all the generated pages of a folder (``_Once``);
* the theme renders each entry of a table of contents, the same wherever a link and title appear: the card
  headings of an article on the pages of all its topics (``_TocItems``);
* Jinja looks up some 50 partials a page in its locked cache (``_templates_once``);
* Python's garbage collector walks, in its passes during the page rendering, every object the build has
  gathered: files, pages, navigation (``_settled``).
"""

from __future__ import annotations

import gc
import hashlib
import html
import json
import logging
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

_ROOT = Path(__file__).resolve().parent.parent

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.toc import get_toc  # noqa: E402


log = logging.getLogger("generator")
_last: str | None = None


def _importable() -> None:
    """Make the ``generator`` package importable: MkDocs restores sys.path after loading hooks."""
    if str(_ROOT) not in sys.path:
        sys.path.insert(0, str(_ROOT))


def on_pre_build(config, **kwargs) -> None:
    """Generate docs/ from seeds/ unless nothing changed since the last run in this process."""
    global _last
    if os.environ.get("DIGEST_SKIP_GENERATE") == "1":
        return
    _importable()
    from generator import build  # imported here so that a skipped generation needs none of it
    from generator.errors import ErrorGroup
    from generator.lock import build_lock
    project = build.Project(root=Path(config["config_file_path"]).resolve().parent)
    refuse_drafts = os.environ.get("DIGEST_REFUSE_DRAFTS") == "1"
    stamp = build.input_stamp(project, refuse_drafts)
    if stamp == _last:
        return
    try:
        with build_lock(project.root):  # `mkdocs serve` regenerates while `make build` may run
            report = build.generate(project, refuse_drafts=refuse_drafts,
                                    allow_mass_removal=os.environ.get("DIGEST_ALLOW_MASS_REMOVAL") == "1")
    except ErrorGroup as group:
        for warning in group.warnings:
            print(f"warning: {warning.format()}", file=sys.stderr)
        raise PluginError("the generator found errors; nothing was written:\n"
                          + "\n".join(e.format() for e in group.errors)) from None
    for warning in report.warnings:
        print(f"warning: {warning.format()}", file=sys.stderr)
    log.info("generator: %d articles, %d files written, %d unchanged, %d removed; %d draft(s) held back, "
             "%d scheduled for later", report.articles, len(report.written), report.unchanged, len(report.removed),
             report.drafts, report.scheduled)
    _last = stamp


_HEADING = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


def _toc_tokens(content: str) -> list[dict]:
    """MkDocs' table-of-contents tokens for the headings of ``content``, nested by level."""
    root: list[dict] = []
    stack: list[dict] = []
    for level, anchor, inner in _HEADING.findall(content):
        token = {"level": int(level), "id": html.unescape(anchor), "name": _TAG.sub("", inner).strip(),
                 "children": []}
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


@event_priority(100)  # before the plugins' Markdown passes (mkdocs-static-i18n scans every line)
def on_page_markdown(markdown, page, config, files, **kwargs):
    """Keep a generated page's HTML aside and give Python-Markdown (and the plugins) nothing to convert."""
    if page.meta.get("html") is True:
        page.digest_html = markdown[:-1] if markdown.endswith("\n") else markdown  # the final line break
        return ""
    return markdown


def on_page_content(html_content, page, config, files, **kwargs):
    """Put a generated page's HTML back, with its table of contents and anchors."""
    content = getattr(page, "digest_html", None)
    if content is None:
        return html_content
    del page.digest_html
    tokens = _toc_tokens(content)
    page.toc = get_toc(tokens)
    anchors: set[str] = set()
    pending = list(tokens)
    while pending:
        token = pending.pop()
        anchors.add(token["id"])
        pending.extend(token["children"])
    page.present_anchor_ids = anchors
    return content


_SHORTCUTS = os.environ.get("DIGEST_MKDOCS_SHORTCUTS", "1") != "0"  # read once: the test runs per file


def _shortcuts() -> bool:
    return _SHORTCUTS


def _site_config(config):
    """The digest's configuration (``generator.config``) of the project MkDocs builds."""
    _importable()
    from generator import config as site_config
    from generator.errors import ErrorGroup

    path = Path(config["config_file_path"]).resolve()
    try:
        return site_config.load(path.parent, path.name)
    except ErrorGroup as group:
        raise PluginError("invalid configuration:\n" + "\n".join(e.format() for e in group.errors)) from None


def _names(config) -> None:
    """Each language's site name and description from the configuration, for MkDocs and mkdocs-static-i18n."""
    site = _site_config(config)
    config["site_name"], config["site_description"] = site.default.site_name, site.default.site_description
    i18n = config.plugins.get("i18n")
    for entry in i18n.config.languages if i18n is not None else ():
        for lang in site.languages:
            if lang.code == entry["locale"]:
                entry["site_name"], entry["site_description"] = lang.site_name, lang.site_description


def on_config(config, **kwargs):
    """Name the site in each language (``_names``); skip Material's search work for pages it leaves out of its
    index and that carry no search attributes."""
    _names(config)
    if not _shortcuts():
        return config
    events = config.plugins.events["page_context"]
    for i, method in enumerate(events):
        owner = getattr(method, "__self__", None)
        if type(owner).__module__ != "material.plugins.search.plugin" or getattr(method, "digest_shortcut", False):
            continue

        # Material indexes nothing of an excluded page and then removes its data-search-* attributes.
        def on_page_context(context, *, page, config, nav, _search=method):
            if (page.meta.get("search") or {}).get("exclude") and "data-search-" not in page.content:
                return None
            return _search(context, page=page, config=config, nav=nav)

        on_page_context.digest_shortcut = True
        events[i] = on_page_context
    return config


def _render_without_markdown() -> None:
    """MkDocs' ``Page.render`` for a generated page (``digest_html`` set aside): what converting the empty
    document it was handed gives, without building a Markdown converter for it."""
    from mkdocs.structure import pages

    if getattr(pages.Page.render, "digest_shortcut", False):
        return
    original = pages.Page.render

    def render(self, config, files):
        if getattr(self, "digest_html", None) is None or not _shortcuts():
            return original(self, config, files)
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        if pages.log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = {}

    render.digest_shortcut = True
    pages.Page.render = render


_render_without_markdown()


def _plain(uri: str) -> bool:
    """A relative '/'-separated path that ``os.path.normpath`` and ``PurePath`` leave as it is."""
    return bool(uri) and not (uri.startswith("/") or uri.endswith("/") or "//" in uri or "\\" in uri
                              or f"/{uri}/".count("/./") or "/../" in f"/{uri}/" or "README" in uri)


def _i18n_files_without_paths() -> None:
    """mkdocs-static-i18n's ``create_i18n_file`` (folder layout) and its ``is_relative_to`` test, which it runs
    for every file of each language, with string operations in place of ``pathlib`` objects.

    At 10,000 articles (35,000 files in docs/) the plugin spent about 5 s of a build there, building path
    objects and formatting debug messages nobody reads. The results are those of the plugin's functions,
    which still run for any path these do not handle (``tests/test_scale.py`` compares them file by file);
    with debug logging on, the plugin's own functions run.
    """
    from mkdocs.structure.files import File
    from mkdocs_static_i18n import folder, reconfigure
    from mkdocs_static_i18n.config import RE_LOCALE

    if getattr(folder.create_i18n_file, "digest_shortcut", False):
        return
    create_original, relative_original = folder.create_i18n_file, reconfigure.is_relative_to
    normal_roots: dict[str, bool] = {}

    def is_relative_to(src_path, dest_path):
        if os.sep == "/" and type(src_path) is str and type(dest_path) is str and _shortcuts():
            normal = normal_roots.get(dest_path)
            if normal is None:
                normal = normal_roots[dest_path] = (dest_path.startswith("/") and dest_path != "/"
                                                    and os.path.normpath(dest_path) == dest_path)
            if normal and (src_path == dest_path or src_path.startswith(dest_path + "/")):
                return True
        return relative_original(src_path, dest_path)

    def create_i18n_file(file, current_language, default_language, all_languages, config):
        src, dest = file.src_uri, file.dest_uri
        if (os.sep != "/" or not _shortcuts() or folder.log.isEnabledFor(logging.DEBUG)
                or not _plain(src) or not _plain(dest)):
            return create_original(file, current_language, default_language, all_languages, config)
        locale, localization = default_language, None
        first = src.partition("/")[0]
        for language in all_languages:
            if src == language or src.startswith(language + "/"):
                locale = localization = language
                break
            if RE_LOCALE.match(first):
                locale = localization = first
                break
        if localization and src == localization:  # a file named like its language folder
            return create_original(file, current_language, default_language, all_languages, config)
        # File(src, docs_dir, dest, use_directory_urls, dest_uri=dest, inclusion=...) as the plugin calls it, where
        # its path setter would parse ``src`` with PurePath to give back the same string
        new = object.__new__(File)
        directory_urls = config["use_directory_urls"]
        new.src_uri, new.src_dir, new.dest_dir = src, config["docs_dir"], dest
        new.use_directory_urls, new.dest_uri, new.inclusion = directory_urls, dest, file.inclusion
        if locale != current_language:
            if dest.startswith(locale + "/"):
                new.dest_uri = current_language + dest[len(locale):]
            elif dest == locale:
                return create_original(file, current_language, default_language, all_languages, config)
            elif current_language != default_language:
                new.dest_uri = f"{current_language}/{dest}"
        elif locale == default_language:
            if dest.startswith(locale + "/"):
                new.dest_uri = dest[len(locale) + 1:]
            elif dest == locale:
                return create_original(file, current_language, default_language, all_languages, config)
            elif current_language != default_language:
                new.dest_uri = f"{current_language}/{dest}"
        new.abs_dest_path = os.path.normpath(os.path.join(config["site_dir"], new.dest_uri))
        new.name  # noqa: B018 - the plugin reads it (a cached property) before setting the URL
        new.url = new._get_url(directory_urls)
        new.alternates = {current_language: new}
        new.locale = locale
        new.locale_alternate_of = current_language
        new.localization = localization
        new.norm_src_uri = src[len(localization) + 1:] if localization else src
        return new

    create_i18n_file.digest_shortcut, create_i18n_file.original = True, create_original
    is_relative_to.original = relative_original
    folder.create_i18n_file, reconfigure.is_relative_to = create_i18n_file, is_relative_to


_i18n_files_without_paths()


WORKER_FILES = ("assets/search/worker.js", "assets/search/normalize.js")


class _Once:
    """``{% call digest_once("nav", page, nav) %}{% include "partials/nav.html" %}{% endcall %}`` in the theme:
    a part of the page template that shows nothing of the page but links, rendered once per folder of
    generated pages and name ("nav", "tabs", "config", "header-start"...).

    A generated page is never in the navigation, so no item of it is active on that page, and the links
    are relative to the page's URL folder, whose parent is the same for every page of a docs folder
    (``articles/<id>/``, ``topics/<id>/``): the partial gives the same text for all of them. Other pages
    (the navigation's own, hand-written ones, the 404 page) render it each time. One instance per build
    pass (``on_env``), so the other language's pass starts empty.
    """

    def __init__(self) -> None:
        self.done: dict[tuple, str] = {}
        self.in_nav: dict[int, frozenset] = {}

    def __call__(self, name, page, nav, caller):
        if not _shortcuts() or page is None or not page.meta or page.meta.get("html") is not True:
            return caller()
        in_nav = self.in_nav.get(id(nav))
        if in_nav is None:
            in_nav = self.in_nav[id(nav)] = frozenset(p.file.src_uri for p in nav.pages)
        if page.file.src_uri in in_nav or not page.url.endswith("/") or page.url.count("/") < 2:
            return caller()
        key = (name, page.url[:-1].rpartition("/")[0])
        text = self.done.get(key)
        if text is None:
            text = self.done[key] = caller()
        return text


class _TocItems:
    """``{% call digest_toc_item(toc_item) %}{% include "partials/toc-item.html" %}{% endcall %}`` in the theme's
    ``partials/toc.html``: an entry of a page's table of contents, rendered once per link and title.

    Material's ``toc-item.html`` shows only the item: its link, its title and its sub-items. An item with no
    sub-items and no typeset title gives the same text wherever it appears, and the card of an article, with
    its heading, is on the page of each of its topics. One instance per build pass (``on_env``).
    """

    def __init__(self) -> None:
        self.done: dict[tuple[str, str], str] = {}

    def __call__(self, item, caller):
        if not _shortcuts() or item.children or getattr(item, "typeset", None) is not None:
            return caller()
        key = (item.url, item.title)
        text = self.done.get(key)
        if text is None:
            text = self.done[key] = caller()
        return text


def _compiled_templates(env, config) -> None:
    """Keep the theme's templates compiled in ``.cache/theme/`` (Jinja's bytecode cache, which checks each
    against its source): compiling the theme's templates, some 44 in each language pass, took about a tenth of
    a second per pass.
    The file names carry the versions of Python and of the packages that make the environment, so an upgrade
    never reads what an older version compiled. Off with ``DIGEST_NO_CACHE=1``, like every cache."""
    if env.bytecode_cache is not None:
        return
    _importable()
    from generator import cache

    if cache.disabled():
        return
    import jinja2

    folder = Path(config["config_file_path"]).resolve().parent / ".cache" / "theme"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only project: compile as before
        return
    versions = cache.package_versions(("Jinja2", "MarkupSafe", "mkdocs", "mkdocs-material", "mkdocs-static-i18n"))
    tag = hashlib.sha256(f"{sys.version}\0{versions}".encode()).hexdigest()[:16]
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder), f"{tag}-%s.cache")


def _templates_once(env) -> None:
    """Jinja's ``get_template`` behind a dictionary: Material's pages include and import about 50 partials
    each, and every lookup goes through Jinja's locked LRU cache. MkDocs turns ``auto_reload`` off (a
    template never changes during a build), so a lookup without extra globals always gives the same
    template; any other call goes to Jinja."""
    if not _shortcuts() or env.auto_reload or getattr(env.get_template, "digest_shortcut", False):
        return
    original, found = env.get_template, {}

    def get_template(name, parent=None, globals=None):
        if globals is not None or type(name) is not str:
            return original(name, parent, globals)
        template = found.get((name, parent))
        if template is None:
            template = found[name, parent] = original(name, parent, globals)
        return template

    get_template.digest_shortcut = True
    env.get_template = get_template


def _settled() -> None:
    """Leave every object the build holds so far out of the garbage collector's passes (``gc.freeze``).

    MkDocs gathers the files, the navigation and every page before rendering one; at 10,000 articles that
    is millions of objects, which each of the collector's passes over the old generation walked again
    while the pages were rendered: 5-10% of the default language's build. They live until the build ends,
    when ``_unsettled`` hands them back to the collector (``mkdocs serve`` builds again in one process).
    """
    if _shortcuts():
        gc.freeze()


def _unsettled() -> None:
    gc.unfreeze()


def on_files(files, config, **kwargs):
    _settled()
    return files


def on_nav(nav, config, files, **kwargs):
    _settled()
    return nav


def on_build_error(error, **kwargs) -> None:
    _unsettled()


def _dated(config, files) -> None:
    """Date each page by its last change (the generator's ``.lastmod.json``), not by the build day: the sitemap's
    ``<lastmod>`` and the mtime in its gzip header are then the same whatever day the site is built."""
    try:
        with open(os.path.join(config["docs_dir"], ".lastmod.json"), encoding="utf-8") as fh:
            dates = json.load(fh)
    except (OSError, ValueError):
        return
    latest = dates.get("*")
    for file in files.documentation_pages():
        if file.page is not None and latest:
            file.page.update_date = dates.get(file.src_uri, latest)


def _not_found_body(config) -> str:
    """The generator's body of this language's 404 page ("" without one)."""
    try:
        with open(os.path.join(config["docs_dir"], f".404.{config.theme['language']}.html"), encoding="utf-8") as fh:
            return fh.read()
    except OSError:
        return ""


_SWITCHER = re.compile(r'<a href="[^"]*" hreflang="([^"]+)" class="md-select__link">')


def on_post_template(output_content, template_name, config, **kwargs):
    """A 404 page per language: the default language's at the root, the others' at <lang>/404.html (MkDocs
    would write every pass's 404 page at the root, the last one winning); its language switcher leads to
    each language's home page (it would show the last page rendered's counterparts)."""
    if template_name != "404.html":
        return output_content
    root = (urlsplit(config.site_url or "/").path or "/").rstrip("/") + "/"
    default = _site_config(config).default.code
    lang = config.theme["language"]
    output_content = _SWITCHER.sub(lambda m: f'<a href="{root}{"" if m[1] == default else m[1] + "/"}" '
                                             f'hreflang="{m[1]}" class="md-select__link">', output_content)
    if lang == default:
        return output_content
    path = os.path.join(config.site_dir, lang, "404.html")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(output_content)
    return ""  # MkDocs writes no root 404.html for this language


def on_env(env, config, files, **kwargs):
    """Give the templates ``digest_once`` (``_Once``) and a version of the search worker's scripts, so that a
    browser holding an older worker fetches the new one (and its normaliser) with the index format it reads;
    date the pages (``_dated``)."""
    _settled()  # the pages are read: what follows renders them
    _dated(config, files)
    env.globals["digest_not_found"] = _not_found_body(config)
    env.globals["digest_once"] = _Once()
    env.globals["digest_toc_item"] = _TocItems()
    _templates_once(env)
    _compiled_templates(env, config)
    digest = hashlib.sha256()
    for path in WORKER_FILES:
        file = files.get_file_from_path(path)
        if file is None:
            return env
        digest.update(path.encode() + b"\0" + Path(file.abs_src_path).read_bytes() + b"\0")
    env.globals["digest_worker_version"] = digest.hexdigest()[:12]
    return env


# ── reusing the previous site's pages (python -m generator.sitebuild --reuse) ─────────────────────────
#
# A generated page's HTML depends only on its Markdown file and on what the site stamp of sitebuild.py
# covers (configuration, theme, hand-written pages, this hook, the installed packages): generated pages
# are not in the navigation and their links are final. When sitebuild finds the previous site built
# with the same stamp, it names it in DIGEST_REUSE_SITE, with the size and modification time of every
# generated file it was built from (DIGEST_REUSE_SOURCES). A page or file whose source is unchanged is
# then not read, rendered or copied (MkDocs still lists it, so the sitemap holds it); sitebuild keeps
# the previous output in its place (DIGEST_REUSE_LIST gathers their paths). Hand-written pages are
# always built, so that the navigation and Material's search index are those of a full build. The
# language switcher state a rendered page leaves behind, which the next language's 404 page shows, is
# set in sitebuild's replay of the default language, which renders nothing either way.

_reuse: dict | None = None  # src_uri -> (size, mtime_ns) of the sources of the previous site
_reuse_site = ""  # DIGEST_REUSE_SITE
_reused: list[str] = []
_verdicts: dict[str, bool] = {}


def _reusable(file) -> bool:
    if _reuse is None:
        return False
    verdict = _verdicts.get(file.src_uri)
    if verdict is None:
        recorded = _reuse.get(file.src_uri)
        try:
            stat = os.stat(file.abs_src_path)
        except OSError:
            stat = None
        verdict = _verdicts[file.src_uri] = (
            recorded is not None and stat is not None and [stat.st_size, stat.st_mtime_ns] == recorded
            and os.path.isfile(os.path.join(_reuse_site, file.dest_uri)))
    return verdict


def _install_reuse() -> None:
    import json

    import mkdocs.commands.build as mkbuild
    from mkdocs.structure.files import File

    global _reuse, _reuse_site
    if not os.environ.get("DIGEST_REUSE_SITE") or getattr(mkbuild._build_page, "digest_reuse", False):
        return
    with open(os.environ["DIGEST_REUSE_SOURCES"], encoding="utf-8") as fh:
        _reuse = json.load(fh)
    _reuse_site = os.environ["DIGEST_REUSE_SITE"]
    populate_page, build_page, copy_file = mkbuild._populate_page, mkbuild._build_page, File.copy_file

    def _populate_page(page, config, files, dirty=False):
        if not _reusable(page.file):
            populate_page(page, config, files, dirty)

    def _build_page(page, config, doc_files, nav, env, dirty=False, excluded=False):
        if not _reusable(page.file):
            return build_page(page, config, doc_files, nav, env, dirty, excluded)
        _reused.append(page.file.dest_uri)

    def copy(self, dirty=False):
        if not _reusable(self):
            return copy_file(self, dirty)
        _reused.append(self.dest_uri)

    _build_page.digest_reuse = True
    mkbuild._populate_page, mkbuild._build_page = _populate_page, _build_page
    File.copy_file = copy


def on_post_build(config, **kwargs) -> None:
    _unsettled()
    if _reuse is not None:
        with open(os.environ["DIGEST_REUSE_LIST"], "a", encoding="utf-8") as fh:
            fh.write("".join(path + "\n" for path in _reused))
        _reused.clear()


_install_reuse()
