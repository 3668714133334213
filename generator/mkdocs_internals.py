"""Every patch of MkDocs, Material and mkdocs-static-i18n internals, in one place (pinned: MkDocs 1.6.1,
Material 9.8.1, mkdocs-static-i18n 1.3.1 in requirements.lock). Importing the module installs the patches;
``DIGEST_MKDOCS_SHORTCUTS=0`` turns the shortcuts off, which give the same bytes (``tests/test_scale.py``
builds with and without them), so an upgrade can be checked against MkDocs' own work:

* MkDocs still makes a Markdown converter for each page to convert the empty document the hook hands it
  for a generated page (``_render_without_markdown``);
* Material's search plugin, for a page left out of its index, still scans the HTML for ``data-search-*``
  attributes to remove (``skip_search_scan``);
* mkdocs-static-i18n builds each file of each language anew with ``pathlib`` objects (``_i18n_files_without_paths``);
* the theme renders the tabs, the navigation sidebar, the ``__config`` script, the logo, palette and
  search parts of the header, the links to its styles, fonts and scripts, and the footer of every
  generated page, which are the same for all the generated pages of a folder (``Once``, called
  ``digest_once`` in the theme's copies of Material's templates, which ``tests/test_theme_copies.py``
  compares with the installed Material);
* the theme renders each entry of a table of contents, the same wherever a link and title appear: the card
  headings of an article on the pages of all its topics (``TocItems``);
* Python's garbage collector walks, in its passes during the page rendering, every object the build has
  gathered: files, pages, navigation (``settled``).

Two more reach into MkDocs without being shortcuts: a build that keeps the previous site's unchanged pages
(``--reuse``, below) and the two-process site build of ``sitebuild.py`` (``build_default``, ``build_others``).
"""

from __future__ import annotations

import gc
import json
import logging
import os
import time
from pathlib import Path

from mkdocs.structure.toc import get_toc

POLL = 0.05  # seconds between two looks for the default language's search entries


_SHORTCUTS = os.environ.get("DIGEST_MKDOCS_SHORTCUTS", "1") != "0"  # read once: the test runs per file


def shortcuts() -> bool:
    return _SHORTCUTS


def skip_search_scan(config):
    """Skip Material's search work for pages it leaves out of its index and that carry no search attributes."""
    if not shortcuts():
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
        if getattr(self, "digest_html", None) is None or not shortcuts():
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
    return bool(uri) and not (
        uri.startswith("/")
        or uri.endswith("/")
        or "//" in uri
        or "\\" in uri
        or f"/{uri}/".count("/./")
        or "/../" in f"/{uri}/"
        or "README" in uri
    )


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
        if os.sep == "/" and type(src_path) is str and type(dest_path) is str and shortcuts():
            normal = normal_roots.get(dest_path)
            if normal is None:
                normal = normal_roots[dest_path] = (
                    dest_path.startswith("/") and dest_path != "/" and os.path.normpath(dest_path) == dest_path
                )
            if normal and (src_path == dest_path or src_path.startswith(dest_path + "/")):
                return True
        return relative_original(src_path, dest_path)

    def create_i18n_file(file, current_language, default_language, all_languages, config):
        src, dest = file.src_uri, file.dest_uri
        if (
            os.sep != "/"
            or not shortcuts()
            or folder.log.isEnabledFor(logging.DEBUG)
            or not _plain(src)
            or not _plain(dest)
        ):
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
                new.dest_uri = current_language + dest[len(locale) :]
            elif dest == locale:
                return create_original(file, current_language, default_language, all_languages, config)
            elif current_language != default_language:
                new.dest_uri = f"{current_language}/{dest}"
        elif locale == default_language:
            if dest.startswith(locale + "/"):
                new.dest_uri = dest[len(locale) + 1 :]
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
        new.norm_src_uri = src[len(localization) + 1 :] if localization else src
        return new

    create_i18n_file.digest_shortcut, create_i18n_file.original = True, create_original
    is_relative_to.original = relative_original
    folder.create_i18n_file, reconfigure.is_relative_to = create_i18n_file, is_relative_to


_i18n_files_without_paths()


class Once:
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
        if not shortcuts() or page is None or not page.meta or page.meta.get("html") is not True:
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


class TocItems:
    """``{% call digest_toc_item(toc_item) %}{% include "partials/toc-item.html" %}{% endcall %}`` in the theme's
    ``partials/toc.html``: an entry of a page's table of contents, rendered once per link and title.

    Material's ``toc-item.html`` shows only the item: its link, its title and its sub-items. An item with no
    sub-items and no typeset title gives the same text wherever it appears, and the card of an article, with
    its heading, is on the page of each of its topics. One instance per build pass (``on_env``).
    """

    def __init__(self) -> None:
        self.done: dict[tuple[str, str], str] = {}

    def __call__(self, item, caller):
        if not shortcuts() or item.children or getattr(item, "typeset", None) is not None:
            return caller()
        key = (item.url, item.title)
        text = self.done.get(key)
        if text is None:
            text = self.done[key] = caller()
        return text


def settled() -> None:
    """Leave every object the build holds so far out of the garbage collector's passes (``gc.freeze``).

    MkDocs gathers the files, the navigation and every page before rendering one; at 10,000 articles that
    is millions of objects, which each of the collector's passes over the old generation walked again
    while the pages were rendered: 5-10% of the default language's build. They live until the build ends,
    when ``unsettled`` hands them back to the collector (``mkdocs serve`` builds again in one process).
    """
    if shortcuts():
        gc.freeze()


def unsettled() -> None:
    gc.unfreeze()


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
            recorded is not None
            and stat is not None
            and [stat.st_size, stat.st_mtime_ns] == recorded
            and os.path.isfile(os.path.join(_reuse_site, file.dest_uri))
        )
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


def record_reused() -> None:
    """Add the paths of the files kept from the previous site to DIGEST_REUSE_LIST (after a build)."""
    if _reuse is not None:
        with open(os.environ["DIGEST_REUSE_LIST"], "a", encoding="utf-8") as fh:
            fh.write("".join(path + "\n" for path in _reused))
        _reused.clear()


_install_reuse()


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
    real = {
        name: getattr(mkbuild, name)
        for name in ("_populate_page", "_build_page", "_build_theme_template", "_build_extra_template")
    }
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
