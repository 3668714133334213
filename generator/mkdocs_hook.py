"""MkDocs hook: regenerate the pages from seeds/ before each build, so `mkdocs build` and `mkdocs serve` work alone.

It also spares MkDocs the Markdown conversion of generated pages. The generator writes their body as
finished HTML (links already relative URLs, headings with ids) and marks them ``html: true`` in the
front matter; Python-Markdown would pass such HTML through unchanged, but parsing it took most of the
build (about 30 ms a page for a topic page of 50 cards). For those pages the hook hands MkDocs an
empty document and puts the HTML back as the page content, with the table of contents read from its
headings.

The hook uses MkDocs' plugin events only; the patches of MkDocs', Material's and mkdocs-static-i18n's
internals (the shortcuts, which ``DIGEST_MKDOCS_SHORTCUTS=0`` turns off) are in ``mkdocs_internals.py``.
"""

from __future__ import annotations

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


_importable()
from generator import mkdocs_internals as internals  # noqa: E402 - installs the patches


def on_pre_build(config, **kwargs) -> None:
    """Generate docs/ from seeds/ unless nothing changed since the last run in this process."""
    global _last
    if os.environ.get("DIGEST_SKIP_GENERATE") == "1":
        return
    _importable()
    from generator import build, pipeline, state  # imported here so that a skipped generation needs none of it
    from generator.errors import ErrorGroup
    from generator.lock import build_lock
    project = build.Project(root=Path(config["config_file_path"]).resolve().parent)
    refuse_drafts = os.environ.get("DIGEST_REFUSE_DRAFTS") == "1"
    stamp = state.input_stamp(project, refuse_drafts)
    if stamp == _last:
        return
    try:
        with build_lock(project.root):  # `mkdocs serve` regenerates while `make build` may run
            report = pipeline.generate(project, refuse_drafts=refuse_drafts,
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


WORKER_FILES = ("assets/search/worker.js", "assets/search/normalize.js")


def on_files(files, config, **kwargs):
    internals.settled()
    return files


def on_nav(nav, config, files, **kwargs):
    internals.settled()
    return nav


def on_build_error(error, **kwargs) -> None:
    internals.unsettled()


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
    """Give the templates ``digest_once`` (``internals.Once``) and a version of the search worker's scripts, so that a
    browser holding an older worker fetches the new one (and its normaliser) with the index format it reads;
    date the pages (``_dated``)."""
    internals.settled()  # the pages are read: what follows renders them
    _dated(config, files)
    env.globals["digest_not_found"] = _not_found_body(config)
    env.globals["digest_once"] = internals.Once()
    env.globals["digest_toc_item"] = internals.TocItems()
    digest = hashlib.sha256()
    for path in WORKER_FILES:
        file = files.get_file_from_path(path)
        if file is None:
            return env
        digest.update(path.encode() + b"\0" + Path(file.abs_src_path).read_bytes() + b"\0")
    env.globals["digest_worker_version"] = digest.hexdigest()[:12]
    return env


def on_config(config, **kwargs):
    """Name the site in each language (``_names``), then the internals' work (``skip_search_scan``)."""
    _names(config)
    return internals.skip_search_scan(config)


def on_post_build(config, **kwargs) -> None:
    internals.unsettled()
    internals.record_reused()
