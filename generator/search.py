"""Static search index per language: sharded postings and document chunks that the browser fetches lazily.

Material's own search downloads one ``search_index.json`` holding every page's text before the first
result (about 23 KB an article). Here every language gets a folder ``<lang>/search/`` (published at
``search/`` for Arabic and ``en/search/`` for English) with

* ``manifest.json``: document count and numbering, chunk size, the first key and file name of every
  postings shard, a build id;
* ``s/<name>.json``: postings shards, contiguous ranges of the sorted keys of about ``SHARD_BYTES``;
* ``d/<n>.json``: the document table in chunks of ``DOCS_PER_CHUNK``: ``[url, title, snippet]``.

The worker (``templates/theme/assets/search/worker.js``) normalises the typed query with the JS port of
``arabic.py`` and fetches only the shards holding the query's keys, then the chunks of the best documents,
so a query costs about the same bytes at 100 or 10,000 articles (measured in tests/test_search.py).
Hand-written pages stay in Material's own (now tiny) search_index.json; the worker searches them too.

Keys are the ``arabic.forms`` of every normalised token (see ``index_forms``). A posting is a document
number and a quantised BM25 term weight (fields weighted before saturation, BM25F-style); the worker
multiplies it by the key's idf, which it derives from the postings' length and the document count.

A new article changes few files. Articles are numbered from the oldest, so the newest is appended;
topics, digests and list pages are numbered from ``others_from`` (a power of two above the article
count). The average lengths in BM25 are rounded on a log scale, so one article more seldom moves the
other pages' weights. Shards are cut where the content says (``_cuts``), not at a running byte count,
and named after their first key, so a shard that gained no posting keeps its name and its bytes.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from . import arabic, i18n
from .cache import read_salted, write_salted
from .links import log_rounded
from .model import Article
from .i18n import ARABIC
from .render import (Corpus, article_doc, digest_doc, doc_url, localized, summary_for, title_for, topic_doc,
                     topic_name)

INDEX_DIR = "search"
FORMAT = 2
SHARD_BYTES = 16_000  # mean shard size: about the bytes one query word costs
MIN_SHARD = 0.6  # of SHARD_BYTES: a shard is cut only past this size, where the content says (_cuts) ...
ANCHOR_GAP = 0.35  # ... which is, on average, every this much of SHARD_BYTES further on
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


@dataclass(frozen=True)
class Entry:
    """One searchable page: its URL (relative to the site root), result title and text, and weighted fields."""

    url: str
    title: str
    text: str
    fields: tuple[tuple[str, str], ...]  # (field name, text)
    kind: str = "article"  # article, topic or page (list pages, digests): lengths are normalised per kind
    terms: tuple[dict[str, float], int] | None = None  # weighted_terms(fields), when already known
    key: str = ""  # with ``terms`` from the cache: the cache key they were kept under (all the entry comes from)


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
    text = " ".join(text.split())
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
    return topic_name(topic, lang)


def article_entry(corpus: Corpus, article: Article, lang: str, renderer=None, body_words: int = BODY_WORDS) -> Entry:
    """What the ``lang`` page of ``article`` shows, as search fields (pages in languages other than the article's
    have no body)."""
    m = article.meta
    topics = " ، ".join(_topic_name(corpus, renderer, t.topic_id, lang) for t in article.tags)
    if lang == ARABIC:
        title, summary = m.title, m.summary
        source = "" if m.source == "unknown" else m.source
        headings = " ".join(b.text for b in article.clean.body if b.kind == "h")
        body = _body_excerpt(article, body_words)
        fields = [("title", title), ("summary", summary), ("heading", headings), ("topic", topics),
                  ("source", source), ("body", body)]
    else:
        title = title_for(article, lang)
        # Without a summary in ``lang`` the page shows the Arabic title and summary: index what it shows.
        summary = summary_for(m, lang) or m.summary
        source = localized(m, "source", lang) or ("" if m.source == "unknown" else m.source)
        fields = [("title", title), ("summary", summary), ("topic", topics), ("source", source)]
        if not localized(m, "title", lang):
            fields.append(("heading", m.title))
    return Entry(url=doc_url(article_doc(lang, article.id)), title=title, text=_clip(summary, SNIPPET_CHARS),
                 fields=tuple((f, t) for f, t in fields if t))


def topic_entry(corpus: Corpus, topic_id: str, lang: str, renderer=None) -> Entry:
    topic = corpus.topics[topic_id]
    name = _topic_name(corpus, renderer, topic_id, lang)
    description = localized(topic, "description", lang) or ""
    aliases = " ، ".join(localized(topic, "aliases", lang) or ())
    count = i18n.t("articles_count", lang, n=len(corpus.by_topic.get(topic_id, ())))
    return Entry(url=doc_url(topic_doc(lang, topic_id)), title=name, text=_clip(description or count, SNIPPET_CHARS),
                 fields=tuple((f, t) for f, t in (("title", name), ("heading", aliases), ("summary", description))
                              if t), kind="topic")


def _page_entry(doc: str, title: str, text: str = "") -> Entry:
    fields = (("title", title),) + ((("summary", text),) if text else ())
    return Entry(url=doc_url(doc), title=title, text=_clip(text, SNIPPET_CHARS), fields=fields, kind="page")


def article_entry_key(cache, article: Article, lang: str, body_words: int = BODY_WORDS) -> str:
    """The cache key of ``article``'s search entry in ``lang``: its fingerprint (everything it depends on) for the
    Arabic entry, which indexes the body; for the others, which index only what the article shows elsewhere
    (``Article.shown``: titles, summaries, outlet, tags) and its id, those. A language's index is computed again
    only when one of its entries' keys changed, so an edit of the body leaves the English index alone."""
    basis = article.fingerprint if lang == ARABIC else f"{article.id}\0{article.shown}"
    return cache.derived_key("search", basis, lang, str(body_words))


def article_entry_value(corpus: Corpus, article: Article, lang: str, renderer=None, body_words: int = BODY_WORDS
                        ) -> tuple:
    """What the cache keeps of an article's entry: (url, title, text, weighted terms)."""
    entry = article_entry(corpus, article, lang, renderer, body_words)
    return entry.url, entry.title, entry.text, weighted_terms(entry.fields)


def _cached_article_entry(corpus: Corpus, article: Article, lang: str, renderer, body_words: int, cache) -> Entry:
    """``article_entry`` with its weighted terms, kept in ``cache`` by the article's fingerprint."""
    if cache is None or cache.folder is None or not article.fingerprint:
        return article_entry(corpus, article, lang, renderer, body_words)
    key = article_entry_key(cache, article, lang, body_words)
    url, title, text, terms = cache.memo(key, lambda: article_entry_value(corpus, article, lang, renderer, body_words))
    return Entry(url=url, title=title, text=text, fields=(), terms=terms, key=key)


def entries(corpus: Corpus, lang: str, renderer=None, pages: Iterable[str] | None = None,
            body_words: int = BODY_WORDS, cache=None) -> list[Entry]:
    """Every searchable page of ``lang`` in a stable order: articles (oldest first), topics, digests, list pages.

    With ``pages`` (the docs-relative paths that were rendered), only pages that exist are listed. With
    ``cache`` (an ``ArticleCache``), article entries come with their weighted terms and no fields.
    """
    page_set = None if pages is None else set(pages)

    def exists(doc: str) -> bool:
        return page_set is None or doc in page_set

    oldest_first = sorted(corpus.articles, key=lambda a: (a.meta.date, a.id))  # a new article is appended
    out = [_cached_article_entry(corpus, a, lang, renderer, body_words, cache) for a in oldest_first
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


def others_from(articles: int, docs_per_chunk: int = DOCS_PER_CHUNK) -> int:
    """The first document number of the pages that are not articles: the power of two (64 or more) above
    the article count, a whole number of chunks. It moves only when the articles outgrow it."""
    first = 1 << max(6, (articles - 1).bit_length())
    return -(-first // docs_per_chunk) * docs_per_chunk


def numbers(docs: list[Entry], docs_per_chunk: int = DOCS_PER_CHUNK) -> list[int]:
    """Document numbers of ``docs`` (articles first): 0, 1, ... for articles, ``others_from`` on for the rest."""
    articles = sum(1 for d in docs if d.kind == "article")
    if any(d.kind != "article" for d in docs[:articles]):
        raise ValueError("articles must come first in the search entries")
    first = others_from(articles, docs_per_chunk)
    return list(range(articles)) + list(range(first, first + len(docs) - articles))


LENGTH_STEPS_PER_DOUBLING = 16  # average page lengths are rounded to 2^(k/16), steps of about 4%


def _rounded_mean(values: list[int]) -> float:
    """The mean of ``values`` rounded on a log scale: one page more or less seldom changes it, and with it
    every other page's weights."""
    mean = sum(values) / len(values) if values else 0.0
    if mean <= 0:
        return 1.0
    return log_rounded(mean, LENGTH_STEPS_PER_DOUBLING)


def postings(docs: list[Entry], doc_numbers: list[int] | None = None) -> dict[str, list[tuple[int, int]]]:
    """Every key with its (doc number, quantised weight) postings, doc numbers ascending.

    The weight is BM25's term-frequency part over field-weighted counts (BM25F), with lengths
    normalised against the (rounded) average of the page's kind, times the kind's boost. Documents
    are numbered 0, 1, ... unless ``doc_numbers`` (ascending) says otherwise.
    """
    weighted = [entry.terms or weighted_terms(entry.fields) for entry in docs]
    lengths: dict[str, list[int]] = {}
    for entry, (_, length) in zip(docs, weighted):
        lengths.setdefault(entry.kind, []).append(length)
    avg = {kind: _rounded_mean(v) for kind, v in lengths.items()}
    out: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for doc, entry, (tf, length) in zip(doc_numbers or range(len(docs)), docs, weighted):
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


def _is_anchor(group: str, size: int, shard_bytes: int) -> bool:
    """Whether a shard may start at prefix group ``group`` of ``size`` bytes: a fixed draw from the group's
    letters, more likely for a bigger group, so that past the minimum (``MIN_SHARD``) a cut falls every
    ``ANCHOR_GAP * shard_bytes`` bytes on average."""
    draw = zlib.crc32(group.encode("utf-8")) / 2 ** 32
    return draw * ANCHOR_GAP * shard_bytes < size


def _cuts(items: list[tuple[str, str, int]], shard_bytes: int) -> list[list[tuple[str, str, int]]]:
    """The (key, postings, bytes) items, sorted, cut into shards.

    Keys that share their first ``PREFIX_GROUP`` letters (a group) stay together, so that a word being
    typed usually lies in one shard. A shard ends, once past ``MIN_SHARD``, before a group that is an
    anchor (``_is_anchor``): a property of the group itself, so an edit moves a cut only where it changes
    a group's anchor draw or a shard's size across the minimum, and the other shards keep their keys. A
    shard that would pass twice the mean ends before the next group regardless; a group too big for one
    shard is cut at its fourth letter, and anywhere past three times the mean.
    """
    groups: list[list[tuple[str, str, int]]] = []
    for item in items:
        if groups and groups[-1][0][0][:PREFIX_GROUP] == item[0][:PREFIX_GROUP]:
            groups[-1].append(item)
        else:
            groups.append([item])
    shards: list[list[tuple[str, str, int]]] = []
    shard: list[tuple[str, str, int]] = []
    size, least = 0, MIN_SHARD * shard_bytes
    for group in groups:
        group_size = sum(item[2] for item in group)
        if shard and size >= least and (_is_anchor(group[0][0][:PREFIX_GROUP], group_size, shard_bytes)
                                            or size + group_size > 2 * shard_bytes):
            shards.append(shard)
            shard, size = [], 0
        previous = ""
        for item in group:
            over = (size + item[2]) / shard_bytes
            fourth_letter_differs = previous[:PREFIX_GROUP + 1] != item[0][:PREFIX_GROUP + 1]
            if shard and previous and (over > 3 or (over > 2 and fourth_letter_differs)):
                shards.append(shard)
                shard, size = [], 0
            shard.append(item)
            size += item[2]
            previous = item[0]
    if shard:
        shards.append(shard)
    return shards


def _shard_names(firsts: list[str]) -> list[str]:
    """A file name per shard from its first key (a shard keeps its name while its first key stays)."""
    names: list[str] = []
    taken: set[str] = set()
    for first in firsts:
        digest = hashlib.sha256(first.encode("utf-8")).hexdigest()
        size = 8
        while digest[:size] in taken:
            size += 1
        names.append(digest[:size])
        taken.add(digest[:size])
    return names


def _signature(postings_: list[tuple[int, int]]) -> tuple[int, int]:
    """A key's postings, summed up: their count and the hash of their (doc number, weight) pairs, both
    integers, which Python hashes the same in every process (unlike strings). Two different postings of
    one key with the same count collide in the 64-bit hash about once in 10^19: the old encoding would
    then be kept (deleting ``.cache/`` encodes every key again)."""
    return len(postings_), hash(tuple(postings_))


NAMES_FILE = "names.json"


def other_names(corpus: Corpus, lang: str) -> list[list[str]]:
    """The taxonomy's names in the other language, for queries typed in it: [their keys, space-separated; the
    entry's name in ``lang``], of the entries that tag an article, sorted. The worker fetches this file only
    for a query written in the other script ("Sudani" on the Arabic site, "السوداني" on the English one)."""
    out = set()
    for topic_id in corpus.by_topic:
        topic = corpus.topics.get(topic_id)
        if topic is None:
            continue
        own = topic_name(topic, lang)
        for name in ((topic.name_en, *topic.aliases_en) if lang == ARABIC else (topic.name_ar, *topic.aliases_ar)):
            keys = " ".join(arabic.keys(name))
            if keys:
                out.add((keys, own))
    return [list(item) for item in sorted(out)]


def language_files(docs: list[Entry], lang: str, *, prefix: str, others: Iterable[str],
                   shard_bytes: int = SHARD_BYTES, docs_per_chunk: int = DOCS_PER_CHUNK,
                   encoded: dict[str, tuple[tuple[int, int], str]] | None = None,
                   cross: list[list[str]] | None = None) -> dict[str, bytes]:
    """The index files of one language, keyed by path relative to the language's ``search/`` folder.

    ``docs`` lists the articles first (oldest first), then the other pages (see ``numbers``).

    ``encoded`` (optional) holds the postings an earlier call encoded, as {key: (``_signature`` of the
    postings, their encoding)}: a key whose postings have the same signature takes that encoding instead
    of encoding them again (an edit changes the postings of a few hundred keys of 100,000 at 10,000
    articles). The dictionary is left holding this call's keys.
    """
    doc_numbers = numbers(docs, docs_per_chunk)
    index = postings(docs, doc_numbers)
    known = encoded if encoded is not None else {}
    done: dict[str, tuple[tuple[int, int], str]] = {}
    items = []
    for key_ in sorted(index, key=_utf16):
        keyed = index[key_]
        signature = _signature(keyed)
        last = known.get(key_)
        text = last[1] if last is not None and last[0] == signature else encode_postings(keyed)
        done[key_] = (signature, text)
        items.append((key_, text, len(key_.encode("utf-8")) + len(text) + 6))
    if encoded is not None:
        encoded.clear()
        encoded.update(done)
    shards = _cuts(items, shard_bytes)
    firsts = [shard[0][0] for shard in shards]
    names = _shard_names(firsts)
    files: dict[str, bytes] = {}
    for name, shard in zip(names, shards):
        flat = [part for key_, encoded, _ in shard for part in (key_, encoded)]
        files[f"s/{name}.json"] = json.dumps(flat, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    chunks: dict[int, list] = {}
    for number, d in zip(doc_numbers, docs):
        chunks.setdefault(number // docs_per_chunk, []).append([d.url, d.title, d.text])
    for c, chunk in chunks.items():
        files[f"d/{c}.json"] = _dumps(chunk)
    if cross:  # (``other_names``)
        files[NAMES_FILE] = _dumps(cross)
    build = hashlib.sha256()
    for path in sorted(files):
        build.update(path.encode() + b"\0" + files[path] + b"\0")
    first_other = others_from(sum(1 for d in docs if d.kind == "article"), docs_per_chunk)
    manifest = {"format": FORMAT, "lang": lang, "prefix": prefix, "others": sorted(others), "docs": len(docs),
                "first_other": first_other, "end": doc_numbers[-1] + 1 if doc_numbers else 0,
                "chunk": docs_per_chunk, "shards": firsts, "names": names, "max_range": MAX_RANGE_SHARDS,
                "build": build.hexdigest()[:12], **({"names_file": NAMES_FILE} if cross else {})}
    files["manifest.json"] = _dumps(manifest)
    return files


def search_files(corpus: Corpus, renderer=None, pages: Mapping[str, object] | Iterable[str] | None = None,
                 *, body_words: int = BODY_WORDS, cache=None, memo=None,
                 langs: tuple[str, ...] | None = None) -> dict[str, bytes | None]:
    """The search index of each of ``langs`` as bytes keyed by docs-relative path (``ar/search/...``, ...).

    ``renderer`` (optional) supplies topic names as pages show them; ``pages`` (optional, the rendered
    docs-relative paths) restricts topic, digest and list pages to those that exist; ``cache`` (an
    ``ArticleCache``) keeps the articles' weighted terms between runs. With an enabled ``memo``
    (``cache.OutputMemo``), a language whose entries are those its files were written from, all of them
    untouched since, maps its files to None (``cache.KEEP``): its postings are not computed again.
    """
    prefixes = {lang: "" if lang == i18n.DEFAULT_LANG else lang + "/" for lang in i18n.LANGS}
    out: dict[str, bytes | None] = {}
    for lang in langs or i18n.LANGS:
        docs = entries(corpus, lang, renderer, pages, body_words, cache)
        others = [p for other, p in prefixes.items() if other != lang and p]
        folder = f"{lang}/{INDEX_DIR}/"
        key = None
        if memo is not None and memo.enabled:
            key = memo.key("search", lang, prefixes[lang], others, other_names(corpus, lang),
                           [d.key or (d.kind, d.url, d.title, d.text, d.fields, d.terms) for d in docs])
            last = memo.previous(folder)
            if last and all([memo.fresh(path, key) for path in last]):  # a list: every path gets its key
                out.update(dict.fromkeys(sorted(last)))
                continue
        encoded = _encoded_postings(cache, lang)
        for rel, data in language_files(docs, lang, prefix=prefixes[lang], others=others, encoded=encoded,
                                        cross=other_names(corpus, lang)).items():
            out[folder + rel] = data
            if key is not None:
                memo.fresh(folder + rel, key)
        if encoded is not None:
            write_salted(_encoded_path(cache, lang), cache.salt, encoded)
    return out


def _encoded_path(cache, lang: str):
    return cache.folder / f"search-{lang}.pickle"


def _encoded_postings(cache, lang: str) -> dict | None:
    """The postings of ``lang`` that the last run encoded (``language_files``), kept in ``.cache/``; None without
    a cache, and an empty dictionary when there are none (yet)."""
    if cache is None or cache.folder is None:
        return None
    saved = read_salted(_encoded_path(cache, lang), cache.salt)
    return saved if isinstance(saved, dict) else {}
