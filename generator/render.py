"""Jinja2 environment and one function per page kind; each returns Markdown text."""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import jinja2

from . import i18n
from .model import Article, Digest, Mention, Story, Topic

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates" / "pages"
PAGE_SIZE = 50  # list pages never grow without bound

# Characters that Markdown, HTML, attribute lists or templates would read as syntax.
_MD_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()<>#|!~^$=+-:&\"'"}
_MD_TABLE = str.maketrans(_MD_SPECIAL)
_WS = re.compile(r"\s+")


def _escape(text: str) -> str:
    return _WS.sub(" ", text).translate(_MD_TABLE)


_LIST_NUMBER = re.compile(r"^(\d+)\.")


def md(text: str) -> str:
    """Escape text so that Markdown shows it literally, on one line, whatever it contains."""
    return _LIST_NUMBER.sub(r"\1&#46;", _escape(text).strip())


def yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(_WS.sub(" ", text).strip(), ensure_ascii=False)


def doc_url(doc_path: str) -> str:
    """The URL path MkDocs gives a docs-relative Markdown path (directory URLs, folder i18n)."""
    lang, _, rest = doc_path.partition("/")
    prefix = "" if lang == i18n.DEFAULT_LANG else lang + "/"
    if rest.endswith("index.md"):
        rest = rest[: -len("index.md")]
    elif rest.endswith(".md"):
        rest = rest[:-3] + "/"
    return prefix + rest


def rel_md(from_doc: str, to_doc: str) -> str:
    """A relative link between two docs of the same language, checked by ``mkdocs build --strict``."""
    return posixpath.relpath(to_doc, posixpath.dirname(from_doc))


def rel_url(from_doc: str, to_doc: str) -> str:
    """A relative URL between docs of different languages (raw HTML, since MkDocs cannot resolve it)."""
    base = doc_url(from_doc)
    target = doc_url(to_doc)
    rel = posixpath.relpath("/" + target, "/" + base)
    return rel + "/" if target.endswith("/") and not rel.endswith("/") else rel


def article_doc(lang: str, article_id: str) -> str:
    return f"{lang}/articles/{article_id}.md"


def topic_doc(lang: str, topic_id: str, page: int = 1) -> str:
    return f"{lang}/topics/{topic_id}.md" if page == 1 else f"{lang}/topics/{topic_id}-page-{page}.md"


def digest_doc(lang: str, period: str) -> str:
    return f"{lang}/digests/{period}.md"


def linked(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Escape ``text`` and turn each non-overlapping (start, end, href) span into a Markdown link."""
    out, pos = [], 0
    for start, end, href in sorted(spans):
        if start < pos or end <= start:
            continue
        out.append(_escape(text[pos:start]))
        out.append(f"[{md(text[start:end])}]({href})")
        pos = end
    out.append(_escape(text[pos:]))
    return _LIST_NUMBER.sub(r"\1&#46;", "".join(out).strip())


@dataclass(frozen=True)
class Corpus:
    """Everything the pages need: articles newest first, the taxonomy, stories and digests."""

    articles: tuple[Article, ...]
    topics: dict[str, Topic] = field(default_factory=dict)
    stories: tuple[Story, ...] = ()
    digests: tuple[Digest, ...] = ()
    mentions: dict[str, tuple[Mention, ...]] = field(default_factory=dict)

    @cached_property
    def by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @cached_property
    def story_of(self) -> dict[str, Story]:
        return {aid: s for s in self.stories for aid in s.article_ids}

    @cached_property
    def by_topic(self) -> dict[str, tuple[Article, ...]]:
        out: dict[str, list[Article]] = {}
        for a in self.articles:
            for tag in a.tags:
                out.setdefault(tag.topic_id, []).append(a)
        return {k: tuple(v) for k, v in out.items()}


class Renderer:
    """Renders every page kind from the templates in ``templates/pages``."""

    def __init__(self, corpus: Corpus, templates_dir: Path = TEMPLATES_DIR) -> None:
        self.corpus = corpus
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(md=md, yaml=yaml_str, e=html.escape)
        self.env.globals.update(t=i18n.t, format_date=i18n.format_date, format_month=i18n.format_month,
                                rel_md=rel_md, rel_url=rel_url, article_doc=article_doc, topic_doc=topic_doc,
                                digest_doc=digest_doc, dir=i18n.DIRECTION, corpus=corpus)

    def _render(self, template: str, **ctx: object) -> str:
        return self.env.get_template(template).render(**ctx)

    # Article pages -------------------------------------------------------------------------
    def topic_name(self, topic_id: str, lang: str) -> str:
        topic = self.corpus.topics.get(topic_id)
        if topic is None:
            return topic_id
        return topic.name_ar if lang == "ar" else topic.name_en

    def body_markdown(self, article: Article, doc: str) -> str:
        """The cleaned body as Markdown: headings as ``##``, first mentions linked to topic pages."""
        lang = doc.split("/", 1)[0]
        spans: dict[int, list[tuple[int, int, str]]] = {}
        for m in self.corpus.mentions.get(article.id, ()):
            if m.topic_id in self.corpus.topics:
                spans.setdefault(m.block, []).append((m.start, m.end, rel_md(doc, topic_doc(lang, m.topic_id))))
        parts = []
        for i, block in enumerate(article.clean.body):
            if block.kind == "h":
                parts.append("## " + md(block.text))
            else:
                parts.append(linked(block.text, spans.get(i, [])))
        return "\n\n".join(parts)

    def article(self, article: Article, lang: str) -> str:
        doc = article_doc(lang, article.id)
        words = sum(len(b.text.split()) for b in article.clean.body)
        return self._render(f"article.{lang}.md.j2", a=article, m=article.meta, doc=doc, lang=lang,
                            body=self.body_markdown(article, doc) if lang == "ar" else "",
                            reading_time=i18n.reading_time(words, lang), topic_name=self.topic_name)

    def home(self, lang: str) -> str:
        doc = f"{lang}/index.md"
        latest = self.corpus.articles[:PAGE_SIZE]
        return self._render("home.md.j2", doc=doc, lang=lang, articles=latest, topic_name=self.topic_name,
                            total=len(self.corpus.articles))

    def pages(self) -> dict[str, str]:
        """Every generated page, keyed by its docs-relative path."""
        out: dict[str, str] = {}
        for lang in i18n.LANGS:
            out[f"{lang}/index.md"] = self.home(lang)
            for a in self.corpus.articles:
                out[article_doc(lang, a.id)] = self.article(a, lang)
        return out
