"""Where each generated file goes in docs/ and at which URL the site serves it: the rules every stage that
links or lists pages follows (render, feeds, search, the sitemaps)."""

from __future__ import annotations

from functools import lru_cache

from . import i18n

NOT_FOUND = ".404.{lang}.html"  # in docs/ (MkDocs skips dot files): the body of a language's 404 page
LASTMOD = ".lastmod.json"  # in docs/ (MkDocs skips dot files): each generated page's date of last change


def doc_url(doc_path: str) -> str:
    """The URL path MkDocs gives a docs-relative Markdown path (directory URLs, folder i18n)."""
    lang, _, rest = doc_path.partition("/")
    prefix = "" if lang == i18n.DEFAULT_LANG else lang + "/"
    if rest.endswith("index.md"):
        rest = rest[: -len("index.md")]
    elif rest.endswith(".md"):
        rest = rest[:-3] + "/"
    return prefix + rest


def href(from_doc: str, to_doc: str) -> str:
    """The relative URL of ``to_doc``'s page (or file) from ``from_doc``'s page (directory URLs).

    It climbs out of the page's own URL folder first, so every page of one docs folder writes the same
    link to a target (a card is rendered once per folder). Pages are HTML (see ``mkdocs_hook.py``):
    their links are final URLs, checked on the built site by the tests.
    """
    folder, _, name = from_doc.rpartition("/")
    return ("" if name == "index.md" else "../") + _href_to(folder, to_doc) or "./"


@lru_cache(maxsize=1 << 18)  # a few docs folders times every page: the cache holds them all
def _href_to(folder: str, to_doc: str) -> str:
    """The URL of ``to_doc`` relative to the URL folder of the docs folder ``folder``."""
    start = doc_url(folder + "/index.md").split("/")[:-1]
    parts = doc_url(to_doc).split("/")
    common = 0
    while common < len(start) and common < len(parts) - 1 and start[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:])


i18n._on_configure.append(_href_to.cache_clear)  # its URLs depend on the default language


def article_doc(lang: str, article_id: str) -> str:
    return f"{lang}/articles/{article_id}.md"


def topic_doc(lang: str, topic_id: str, archive: int = 0) -> str:
    """A topic's page (its newest articles), or with ``archive`` its older page of that number (1 = oldest)."""
    return f"{lang}/topics/{topic_id}.md" if not archive else f"{lang}/topics/{topic_id}-page-{archive}.md"


def topic_feed_doc(lang: str, topic_id: str) -> str:
    """A topic's RSS feed: in topics/, beside topics/sitemap.xml, which Material's script fetches for it."""
    return f"{lang}/topics/{topic_id}.xml"


def digest_doc(lang: str, period: str) -> str:
    return f"{lang}/digests/{period}.md"


def story_doc(lang: str, story_id: str) -> str:
    """A story's page (``stories.py`` says how its id is chosen)."""
    return f"{lang}/stories/{story_id}.md"


def story_feed_doc(lang: str, story_id: str) -> str:
    """A story's RSS feed, beside its page (its JSON Feed beside it, ``.json``) and stories/sitemap.xml."""
    return f"{lang}/stories/{story_id}.xml"


def address(doc: str) -> str:
    """Where the site serves a generated file: MkDocs serves ``x.md`` and ``x/index.md`` both at ``x/``."""
    if not doc.endswith(".md"):
        return doc
    doc = doc[:-3]
    if doc == "index" or doc.endswith("/index"):
        doc = doc[:-5]
    return doc if not doc or doc.endswith("/") else doc + "/"
