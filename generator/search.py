"""Static search index per language: sharded postings and document chunks that the browser fetches lazily.

Material's own search downloads one ``search_index.json`` holding every page's text before the first
result (about 23 KB an article). Here every language gets a folder ``<lang>/search/`` (published at
``search/`` for Arabic and ``en/search/`` for English) with

* ``manifest.json``: document count, chunk size, the first key of every postings shard, a build id;
* ``s/<n>.json``: postings shards, contiguous ranges of the sorted keys, cut at about ``SHARD_BYTES``;
* ``d/<n>.json``: the document table in chunks of ``DOCS_PER_CHUNK``: ``[url, title, snippet]``.

The worker (``templates/theme/assets/search/worker.js``) normalises the typed query with the JS port of
``arabic.py`` and fetches only the shards holding the query's keys, then the chunks of the best documents,
so a query costs about the same bytes at 100 or 10,000 articles (measured in tests/test_search.py).
Hand-written pages stay in Material's own (now tiny) search_index.json; the worker searches them too.

Keys are the ``arabic.forms`` of every normalised token (see ``index_forms``). A posting is a document
number and a quantised BM25 term weight (fields weighted before saturation, BM25F-style); the worker
multiplies it by the key's idf, which it derives from the postings' length and the document count.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from . import arabic, i18n
from .model import Article
from .render import Corpus, article_doc, digest_doc, doc_url, title_for, topic_doc

INDEX_DIR = "search"
FORMAT = 1
SHARD_BYTES = 16_000  # target shard size: about the bytes one query word costs
PREFIX_GROUP = 3  # keys sharing their first 3 letters stay in one shard when they can
MAX_RANGE_SHARDS = 3  # the worker expands a prefix only when its keys span at most this many shards
DOCS_PER_CHUNK = 8  # a chunk is ~4-8 KB; the worker fetches the chunks of its top results only
BODY_WORDS = 1000  # body words indexed per article (whole news articles; bounds transcripts and dumps)
SNIPPET_CHARS = 400  # summary text kept for results; the worker shows about 180 characters around the first match
FIELD_WEIGHTS = {"title": 6, "heading": 3, "summary": 2, "source": 2, "topic": 1, "body": 1}
# Articles first: a topic page whose short description repeats a common word must not bury the articles.
KIND_BOOST = {"article": 1.0, "topic": 0.8, "page": 0.5}
SECONDARY = 0.5  # weight of a non-canonical reading (و/ف/ب/ك/ل read as a clitic)
K1, B = 1.2, 0.75
QUANT = 28  # stored weight = round(BM25 tf part * QUANT), 1..63 (one character)
_MAX_Q = 63
# 64 URL- and JSON-safe characters: a postings list is a string of base-32 varints (gaps) and weights.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Entry:
    """One searchable page: its URL (relative to the site root), result title and text, and weighted fields."""

    url: str
    title: str
    text: str
    fields: tuple[tuple[str, str], ...]  # (field name, text)
    kind: str = "article"  # article, topic or page (list pages, digests): lengths are normalised per kind
    terms: tuple[dict[str, float], int] | None = None  # weighted_terms(fields), when already known


def index_forms(token: str) -> tuple[str, ...]:
    """Keys a normalised token is indexed (and looked up) under: ``arabic.forms`` minus the unsplit whole token.

    The canonical key comes first; single-letter clitic readings (وقوات -> قوات) follow. The unsplit
    token itself (القوات) is dropped unless it is the canonical key: both sides share the canonical key.
    """
    forms = arabic.forms(token)
    whole = arabic.VARIANTS.get(token, token)
    return tuple(f for i, f in enumerate(forms) if i == 0 or f != whole)


@lru_cache(maxsize=500_000)
def _word_forms(word: str) -> tuple[str, ...]:
    """``index_forms`` of one word as written (cached: a corpus repeats its words)."""
    norm = arabic.normalize(word)
    return index_forms(norm) if norm else ()


def _clip(text: str, limit: int) -> str:
    text = _WS.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ،,.;:") + " …"


def _body_excerpt(article: Article, words: int) -> str:
    out: list[str] = []
    for block in article.clean.body:
        if block.kind == "h":
            continue
        out.extend(block.text.split())
        if len(out) >= words:
            break
    return " ".join(out[:words])


def _topic_name(corpus: Corpus, renderer, topic_id: str, lang: str) -> str:
    if renderer is not None and hasattr(renderer, "topic_name"):
        return renderer.topic_name(topic_id, lang)
    topic = corpus.topics.get(topic_id)
    if topic is None:
        return topic_id
    return topic.name_ar if lang == "ar" else topic.name_en


def article_entry(corpus: Corpus, article: Article, lang: str, renderer=None, body_words: int = BODY_WORDS) -> Entry:
    """What the ``lang`` page of ``article`` shows, as search fields (English pages have no body)."""
    m = article.meta
    topics = " ، ".join(_topic_name(corpus, renderer, t.topic_id, lang) for t in article.tags)
    if lang == "ar":
        title, summary = m.title, m.summary
        source = "" if m.source == "unknown" else m.source
        headings = " ".join(b.text for b in article.clean.body if b.kind == "h")
        body = _body_excerpt(article, body_words)
        fields = [("title", title), ("summary", summary), ("heading", headings), ("topic", topics),
                  ("source", source), ("body", body)]
    else:
        title = title_for(article, "en")
        # Without an English summary the English page shows the Arabic title and summary: index what it shows.
        summary = m.summary_en or m.summary
        source = m.source_en or ("" if m.source == "unknown" else m.source)
        fields = [("title", title), ("summary", summary), ("topic", topics), ("source", source)]
        if not m.title_en:
            fields.append(("heading", m.title))
    return Entry(url=doc_url(article_doc(lang, article.id)), title=title, text=_clip(summary, SNIPPET_CHARS),
                 fields=tuple((f, t) for f, t in fields if t))


def topic_entry(corpus: Corpus, topic_id: str, lang: str, renderer=None) -> Entry:
    topic = corpus.topics[topic_id]
    name = _topic_name(corpus, renderer, topic_id, lang)
    description = (topic.description_ar if lang == "ar" else topic.description_en) or ""
    aliases = " ، ".join(topic.aliases_ar if lang == "ar" else topic.aliases_en)
    count = i18n.t("articles_count", lang, n=len(corpus.by_topic.get(topic_id, ())))
    return Entry(url=doc_url(topic_doc(lang, topic_id)), title=name, text=_clip(description or count, SNIPPET_CHARS),
                 fields=tuple((f, t) for f, t in (("title", name), ("heading", aliases), ("summary", description))
                              if t), kind="topic")


def _page_entry(doc: str, title: str, text: str = "") -> Entry:
    fields = (("title", title),) + ((("summary", text),) if text else ())
    return Entry(url=doc_url(doc), title=title, text=_clip(text, SNIPPET_CHARS), fields=fields, kind="page")


def _cached_article_entry(corpus: Corpus, article: Article, lang: str, renderer, body_words: int, cache) -> Entry:
    """``article_entry`` with its weighted terms, kept in ``cache`` by the article's fingerprint."""
    if cache is None or cache.folder is None or not article.fingerprint:
        return article_entry(corpus, article, lang, renderer, body_words)

    def compute() -> tuple:
        entry = article_entry(corpus, article, lang, renderer, body_words)
        return entry.url, entry.title, entry.text, weighted_terms(entry.fields)

    url, title, text, terms = cache.memo(cache.derived_key("search", article.fingerprint, lang, str(body_words)),
                                         compute)
    return Entry(url=url, title=title, text=text, fields=(), terms=terms)


def entries(corpus: Corpus, lang: str, renderer=None, pages: Iterable[str] | None = None,
            body_words: int = BODY_WORDS, cache=None) -> list[Entry]:
    """Every searchable page of ``lang`` in a stable order: articles (newest first), topics, digests, list pages.

    With ``pages`` (the docs-relative paths that were rendered), only pages that exist are listed. With
    ``cache`` (an ``ArticleCache``), article entries come with their weighted terms and no fields.
    """
    page_set = None if pages is None else set(pages)

    def exists(doc: str) -> bool:
        return page_set is None or doc in page_set

    out = [_cached_article_entry(corpus, a, lang, renderer, body_words, cache) for a in corpus.articles
           if exists(article_doc(lang, a.id))]
    for topic_id in sorted(corpus.topics):
        if topic_id in corpus.by_topic and exists(topic_doc(lang, topic_id)):
            out.append(topic_entry(corpus, topic_id, lang, renderer))
    for d in sorted(corpus.digests, key=lambda d: d.period, reverse=True):
        if exists(digest_doc(lang, d.period)):
            out.append(_page_entry(digest_doc(lang, d.period),
                                   i18n.t("digest_of", lang, period=i18n.format_month(d.period, lang)),
                                   i18n.t("articles_count", lang, n=len(d.article_ids))))
    out.append(_page_entry(f"{lang}/index.md", i18n.t("site_name", lang), i18n.t("site_description", lang)))
    if page_set is not None:  # list pages only when we know they were rendered
        for doc, label in ((f"{lang}/topics/index.md", "topics"), (f"{lang}/digests/index.md", "digests"),
                           (f"{lang}/timeline/index.md", "timeline")):
            if doc in page_set:
                out.append(_page_entry(doc, i18n.t(label, lang)))
    return out


def _encode_int(value: int) -> str:
    out = []
    while value >= 32:
        out.append(ALPHABET[32 + (value & 31)])
        value >>= 5
    out.append(ALPHABET[value])
    return "".join(out)


_SMALL_INTS = [_encode_int(v) for v in range(4096)]


def encode_postings(postings: Iterable[tuple[int, int]]) -> str:
    """(doc number, weight) pairs sorted by doc number as one string: gap-1 varint, then one weight character."""
    out, prev = [], -1
    small, alphabet = _SMALL_INTS, ALPHABET
    for doc, weight in postings:
        gap = doc - prev - 1
        out.append(small[gap] if gap < 4096 else _encode_int(gap))
        out.append(alphabet[weight])
        prev = doc
    return "".join(out)


def decode_postings(text: str) -> list[tuple[int, int]]:
    """The inverse of ``encode_postings`` (the worker has the same loop)."""
    out, i, prev = [], 0, -1
    while i < len(text):
        value, shift = 0, 0
        while True:
            c = ALPHABET.index(text[i])
            i += 1
            value |= (c & 31) << shift
            if c < 32:
                break
            shift += 5
        prev = prev + value + 1
        out.append((prev, ALPHABET.index(text[i])))
        i += 1
    return out


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-be")  # JavaScript compares strings by UTF-16 code units


def weighted_terms(fields: tuple[tuple[str, str], ...]) -> tuple[dict[str, float], int]:
    """A page's field-weighted count of every key, and its length in words."""
    words = arabic._WORD_RE.findall  # the words of arabic.tokenize, normalised once per distinct word below
    tf: dict[str, float] = {}
    length = 0
    for field, text in fields:
        weight = FIELD_WEIGHTS[field]
        secondary = weight * SECONDARY
        for word, count in Counter(words(text)).items():
            forms = _word_forms(word)
            if not forms:
                continue
            length += count
            tf[forms[0]] = tf.get(forms[0], 0) + weight * count
            for form in forms[1:]:
                tf[form] = tf.get(form, 0) + secondary * count
    return tf, length


def postings(docs: list[Entry]) -> dict[str, list[tuple[int, int]]]:
    """Every key with its (doc number, quantised weight) postings, doc numbers ascending.

    The weight is BM25's term-frequency part over field-weighted counts (BM25F), with lengths
    normalised against the average of the page's kind, times the kind's boost.
    """
    weighted = [entry.terms or weighted_terms(entry.fields) for entry in docs]
    lengths: dict[str, list[int]] = {}
    for entry, (_, length) in zip(docs, weighted):
        lengths.setdefault(entry.kind, []).append(length)
    avg = {kind: (sum(v) / len(v)) or 1.0 for kind, v in lengths.items()}
    out: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for doc, (entry, (tf, length)) in enumerate(zip(docs, weighted)):
        norm = K1 * (1 - B + B * length / avg[entry.kind])
        boost = KIND_BOOST[entry.kind] * QUANT
        # A page's counts take a handful of values (field weight x count): one posting tuple per value.
        posting = {}
        for f in set(tf.values()):
            q = round(f * (K1 + 1) / (f + norm) * boost)
            posting[f] = (doc, 1 if q < 1 else _MAX_Q if q > _MAX_Q else q)
        for key_, f in tf.items():
            out[key_].append(posting[f])
    return dict(out)


def _dumps(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def language_files(docs: list[Entry], lang: str, *, prefix: str, others: Iterable[str],
                   shard_bytes: int = SHARD_BYTES, docs_per_chunk: int = DOCS_PER_CHUNK) -> dict[str, bytes]:
    """The index files of one language, keyed by path relative to the language's ``search/`` folder."""
    index = postings(docs)
    files: dict[str, bytes] = {}
    firsts: list[str] = []
    shard: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal shard, size
        if shard:
            files[f"s/{len(firsts) - 1}.json"] = json.dumps(shard, ensure_ascii=False, separators=(",", ":")
                                                            ).encode("utf-8")
            shard, size = [], 0

    previous = ""
    for key_ in sorted(index, key=_utf16):
        encoded = encode_postings(index[key_])
        item = len(key_.encode("utf-8")) + len(encoded) + 6
        if shard and size + item > shard_bytes:
            # Cut between keys that differ in their first PREFIX_GROUP letters, so that a word being typed
            # (a prefix of three letters or more) usually lies in one shard; a group too big for that is
            # cut at its fourth letter, and anywhere past three times the target.
            common = len(os.path.commonprefix([previous, key_]))
            over = (size + item) / shard_bytes
            if common < PREFIX_GROUP or (over > 2 and common < PREFIX_GROUP + 1) or over > 3:
                flush()
        previous = key_
        if not shard:
            firsts.append(key_)
        shard.extend((key_, encoded))
        size += item
    flush()
    for start in range(0, len(docs), docs_per_chunk):
        chunk = [[d.url, d.title, d.text] for d in docs[start:start + docs_per_chunk]]
        files[f"d/{start // docs_per_chunk}.json"] = _dumps(chunk)
    build = hashlib.sha256()
    for path in sorted(files):
        build.update(path.encode() + b"\0" + files[path] + b"\0")
    manifest = {"format": FORMAT, "lang": lang, "prefix": prefix, "others": sorted(others), "docs": len(docs),
                "chunk": docs_per_chunk, "shards": firsts, "max_range": MAX_RANGE_SHARDS,
                "build": build.hexdigest()[:12]}
    files["manifest.json"] = _dumps(manifest)
    return files


def search_files(corpus: Corpus, renderer=None, pages: Mapping[str, object] | Iterable[str] | None = None,
                 *, body_words: int = BODY_WORDS, cache=None) -> dict[str, bytes]:
    """Every language's search index as bytes keyed by docs-relative path (``ar/search/...``, ``en/search/...``).

    ``renderer`` (optional) supplies topic names as pages show them; ``pages`` (optional, the rendered
    docs-relative paths) restricts topic, digest and list pages to those that exist; ``cache`` (an
    ``ArticleCache``) keeps the articles' weighted terms between runs.
    """
    prefixes = {lang: "" if lang == i18n.DEFAULT_LANG else lang + "/" for lang in i18n.LANGS}
    out: dict[str, bytes] = {}
    for lang in i18n.LANGS:
        docs = entries(corpus, lang, renderer, pages, body_words, cache)
        others = [p for other, p in prefixes.items() if other != lang and p]
        for rel, data in language_files(docs, lang, prefix=prefixes[lang], others=others).items():
            out[f"{lang}/{INDEX_DIR}/{rel}"] = data
    return out
