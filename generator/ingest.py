"""Feeds in: new seeds/<id>.txt and draft seeds/<id>.yml pairs from RSS/Atom feeds and raw text files.

Nothing is ever overwritten: every file is opened with mode 'x', and an item already in the seeds
folder (same link, same id or same text) is skipped with the reason. A feed that cannot be read
writes nothing. Drafts carry ``draft: true`` until an editor reviews them.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import http.client
import io
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from html.entities import name2codepoint
from pathlib import Path
from urllib.parse import urljoin, urlparse
from xml.sax import SAXParseException

import feedparser
import lxml.etree
import lxml.html
import yaml

from . import arabic, htmlpage, metadata
from . import sources as seedfiles
from .errors import DigestError, ErrorGroup, FeedError, SourceError
from .model import Block, CleanArticle

FEED_SUFFIXES = (".xml", ".rss", ".atom")
FOLDER_SUFFIXES = FEED_SUFFIXES + (".txt",) + htmlpage.HTML_SUFFIXES
FETCH_TIMEOUT = 20  # seconds
USER_AGENT = "news-digest-ingest/1.0 (Python urllib)"
MAX_FEED_BYTES = 20 * 1024 * 1024
FETCH_DEADLINE = 60.0  # seconds for a whole download
SUMMARY_MAX = 1000  # metadata.FIELDS["summary"]
TITLE_MAX = 300
SOURCE_MAX = 120
DRAFT_HEADER = "# Draft written by `python -m generator ingest`: review it, then delete 'draft: true'.\n"
NO_DATE_COMMENT = "# date: YYYY-MM-DD  <- the feed gives no date: fill it in before publishing\n"

# Characters YAML refuses or folds, and that XML forbids; never meaningful in news text.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
_TAG_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # metadata's topic id rule
_FEED_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF)[\s>/]")
_URL_LINE = re.compile(r"^url:\s*(.+?)\s*$", re.MULTILINE)

# Elements whose content readers never see as text.
_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "canvas",
         "button", "select", "textarea", "input", "head")
# Elements that start a new paragraph.
_BLOCKS = frozenset({"address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog", "div",
                     "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
                     "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
                     "summary", "table", "tbody", "thead", "tfoot", "tr", "ul", "body"})
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class IngestReport:
    """What an ingest run did: ids written, items skipped and items failed, each with its reason."""

    new: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...]
    failed: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    """One item ready to be written: its id, clean text, metadata fields and dedup keys."""

    id: str
    label: str
    text: str
    fields: dict
    url: str | None = None
    guid: str | None = None
    text_key: str = ""
    undated: bool = False


@dataclass
class _Index:
    """What the seeds folder already holds: links, text hashes and ids (updated as items are written)."""

    urls: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)


# --- text ------------------------------------------------------------------------------------------

def one_line(text: str) -> str:
    """Text on one line, without characters YAML or XML refuse."""
    return " ".join(_UNPRINTABLE.sub("", text).split())


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary so that it has at most ``limit`` characters (with an ellipsis)."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ،,.;:؛")
    return (cut or text[: limit - 1]) + "…"


def html_paragraphs(markup: str) -> list[str]:
    """The readable text of an HTML fragment as paragraphs: blocks and <br> break, scripts and styles dropped."""
    if not markup or not markup.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(_UNPRINTABLE.sub("", markup), create_parent="div")
    except (lxml.etree.LxmlError, ValueError):
        return plain_paragraphs(markup)
    for el in root.xpath("//comment() | //processing-instruction()"):
        el.drop_tree()
    for el in list(root.iter(*_DROP)):
        el.drop_tree()
    for el in root.iter():
        # Source newlines are only spaces in HTML; the breaks below are the real ones.
        if el.text:
            el.text = _WS.sub(" ", el.text)
        if el.tail:
            el.tail = _WS.sub(" ", el.tail)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = el.tag.lower().rpartition("}")[2]
        if name == "br":
            el.tail = "\n" + (el.tail or "")
        elif name in _BLOCKS:
            el.text = "\n" + (el.text or "")
            el.tail = "\n" + (el.tail or "")
        elif name in ("td", "th"):
            el.tail = " " + (el.tail or "")
    return plain_paragraphs(root.text_content())


def plain_paragraphs(text: str) -> list[str]:
    """Non-empty lines of plain text, each on one line."""
    return [p for p in (one_line(line) for line in text.splitlines()) if p]


def _detail_paragraphs(value: str, content_type: str | None) -> list[str]:
    if content_type and ("html" in content_type or "xml" in content_type):
        return html_paragraphs(value)
    return plain_paragraphs(value)


def text_key(text: str) -> str:
    """A hash of the words of ``text`` (normalised): the same article in other spacing or punctuation matches."""
    words = " ".join(token for token, _, _ in arabic.tokenize(text))
    return hashlib.sha256(words.encode("utf-8")).hexdigest() if words else ""


def _hash16(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


# --- YAML ------------------------------------------------------------------------------------------

def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return json.dumps(one_line(str(value)), ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def draft_yaml(fields: dict, *, undated: bool = False) -> str:
    """A draft metadata file: known fields only, strings double-quoted, a reminder when the date is missing."""
    unknown = set(fields) - set(metadata.FIELDS)
    if unknown:
        raise ValueError(f"not metadata fields: {sorted(unknown)}")
    lines = [DRAFT_HEADER]
    for key in ("title", "title_en", "summary", "summary_en", "date", "source", "source_en", "url", "source_feed",
                "tags", "exclude_tags", "draft"):
        if key == "date" and undated:
            lines.append(NO_DATE_COMMENT)
        if key in fields and fields[key] not in (None, "", (), []):
            lines.append(f"{key}: {_scalar(fields[key])}\n")
    return "".join(lines)


# --- reading sources ---------------------------------------------------------------------------------

def _fetch(url: str, deadline: float = FETCH_DEADLINE, max_bytes: int = MAX_FEED_BYTES) -> tuple[bytes, str | None]:
    """The body of ``url`` and its content type, read within ``deadline`` seconds in all (a server that
    sends a byte now and then is cut off) and refused beyond ``max_bytes``."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/rss+xml, "
                                                   "application/atom+xml, application/xml;q=0.9, */*;q=0.5"})
    end = time.monotonic() + deadline
    chunks: list[bytes] = []
    size = 0
    try:
        with urllib.request.urlopen(request, timeout=min(FETCH_TIMEOUT, deadline)) as response:  # noqa: S310
            content_type = response.headers.get("Content-Type")
            sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
            while size <= max_bytes:
                left = end - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                if sock is not None:  # each wait for data ends by the deadline
                    sock.settimeout(min(FETCH_TIMEOUT, left))
                chunk = response.read1(min(65536, max_bytes + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except urllib.error.HTTPError as exc:
        raise FeedError(f"cannot fetch: HTTP {exc.code} {exc.reason}", url) from None
    except TimeoutError:
        raise FeedError(f"cannot fetch: not received within {deadline:g} seconds (--deadline)", url) from None
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            raise FeedError(f"cannot fetch: not received within {deadline:g} seconds (--deadline)", url) from None
        raise FeedError(f"cannot fetch: {reason}", url) from None
    if size > max_bytes:
        raise FeedError(f"larger than {max_bytes / (1024 * 1024):g} MB (--max-mb); expected a feed", url)
    return b"".join(chunks), content_type


def _expand(source: str) -> Iterator[tuple[str, Path | None]]:
    """(label, path) for each input named by ``source``; path None for URLs. Folders: sorted, known suffixes."""
    if urlparse(source).scheme in ("http", "https"):
        yield source, None
        return
    path = Path(source)
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.is_file() and not child.name.startswith(".") and child.suffix.lower() in FOLDER_SUFFIXES:
                yield str(child), child
        return
    yield source, path


def _head_text(data: bytes) -> bytes:
    """The first bytes of a document as ASCII-compatible bytes (UTF-16 decoded), without BOM or leading space."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data[:2048].decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data[:2048].lstrip()


def looks_like_feed(data: bytes, name: str) -> bool:
    """A feed by name (.xml, .rss, .atom) or by content: markup, or for .txt files an rss/feed/RDF root element."""
    suffix = Path(urlparse(name).path).suffix.lower()
    if suffix in FEED_SUFFIXES:
        return True
    head = _head_text(data)
    if suffix == ".txt":
        return head.startswith(b"<") and bool(_FEED_ROOT.search(head))
    return head.startswith(b"<")


_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})
_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")


def html_entities_to_numeric(data: bytes) -> bytes:
    """HTML named entities (``&nbsp;``), which XML does not define, as numeric references to the same characters.

    Feeds often use them; expat stops at the first one and would hide any later real error, so they
    are respelled before parsing. Only ASCII-compatible encodings are touched (not UTF-16/32).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:64]:
        return data

    def numeric(match: re.Match[bytes]) -> bytes:
        name = match.group(1)
        if name in _XML_ENTITIES:
            return match.group(0)
        codepoint = name2codepoint.get(name.decode("ascii"))
        return b"&#%d;" % codepoint if codepoint else match.group(0)

    return _NAMED_ENTITY.sub(numeric, data)


RSS11_NAMESPACE = b"http://purl.org/net/rss1.1#"
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
_EXTERNAL_ENTITY = re.compile(rb"<!ENTITY\s+%?\s*[^\s>]+\s+(?:SYSTEM|PUBLIC)\b")


def _plain_xml(data: bytes, label: str) -> bytes:
    """The feed as feedparser reads it well, or a FeedError saying what is not read.

    * RSS 1.1 is refused by name (feedparser does not read it).
    * Internal DTD entities (``<!ENTITY agency "...">``) are expanded by libxml2, whose limits refuse
      expansion bombs; external entities (``SYSTEM``, ``PUBLIC``) are never fetched or read: such a feed
      is refused. The feed is handed on without its DOCTYPE.
    * An Atom entry's ``<source>`` describes the feed the entry came from; an ``<entry>`` inside it is
      dropped, as feedparser would otherwise start a new entry there and lose the rest of the real one.
    Other feeds are handed on untouched (no second parse).
    """
    head = data[:4096]
    if RSS11_NAMESPACE in head:
        raise FeedError("RSS 1.1 feeds are not supported; expected RSS 2.0, RSS 1.0 or Atom", label)
    doctype = b"<!DOCTYPE" in head or b"<!doctype" in head
    if not doctype and (b"<source" not in data or ATOM_NAMESPACE.encode() not in head):
        return data
    if _EXTERNAL_ENTITY.search(data[:1024 * 1024]):
        raise FeedError("the feed declares an external entity (<!ENTITY ... SYSTEM or PUBLIC>), which is never "
                        "read; nothing was read from it", label)
    parser = lxml.etree.XMLParser(resolve_entities="internal", no_network=True, load_dtd=False, huge_tree=False,
                                  remove_comments=False)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as exc:
        detail = ("its entities expand beyond the parser's limits (an expansion bomb)" if "amplification" in exc.msg
                  else exc.msg.split(", line ")[0])
        raise FeedError(f"not a well-formed RSS or Atom feed: {detail}; nothing was read from it", label,
                        exc.lineno or None) from None
    for source in root.iter(f"{{{ATOM_NAMESPACE}}}source"):
        for inner in source.findall(f".//{{{ATOM_NAMESPACE}}}entry"):
            inner.getparent().remove(inner)
    return lxml.etree.tostring(root, xml_declaration=True, encoding="utf-8")


def parse_feed(data: bytes, label: str, base: str | None = None, content_type: str | None = None
               ) -> tuple[feedparser.FeedParserDict, str | None]:
    """Parse feed bytes; raise FeedError (with the line) unless they are a well-formed RSS or Atom feed.

    A document that is not well-formed XML is refused even when feedparser's lenient parser finds
    entries in it: a cut-off download or a broken tag can silently lose or merge text. Returns the
    parsed feed and a warning for lesser problems (a wrong declared encoding, say).
    """
    headers = {}
    if base:
        headers["content-location"] = base
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(_plain_xml(html_entities_to_numeric(data), label)),
                              response_headers=headers or None, resolve_relative_uris=True, sanitize_html=True)
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    line = exc.getLineNumber() if isinstance(exc, SAXParseException) else None
    detail = exc.getMessage() if isinstance(exc, SAXParseException) else str(exc or "")
    if isinstance(exc, SAXParseException) or (exc is not None and not parsed.entries):
        raise FeedError(f"not a well-formed RSS or Atom feed: {detail}; nothing was read from it", label, line)
    if not parsed.get("version"):
        raise FeedError("not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root element)", label)
    warning = f"{label}: {type(exc).__name__}: {detail}" if exc is not None else None
    return parsed, warning


def _entry_date(entry: dict) -> dt.date | None:
    """The entry's date and time as the feed wrote them (its own time zone), not shifted to UTC; its date alone
    when the feed gives no zone (or no time)."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        value = None
        try:
            value = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            try:
                value = dt.datetime.fromisoformat(raw.strip())
            except ValueError:
                parsed = entry.get(key + "_parsed")
                if parsed:
                    value = dt.datetime(*parsed[:6])
        if value is not None and 1990 <= value.year <= 2100:
            return value if value.tzinfo is not None else value.date()
    return None


def _absolute_http(href: str, *roots: str | None) -> str | None:
    """``href`` as an absolute http(s) URL, resolved against the first absolute root; None if impossible."""
    href = href.strip()
    if urlparse(href).scheme not in ("http", "https"):
        root = next((r for r in roots if r and urlparse(r).scheme in ("http", "https")), None)
        if root is None:
            return None
        href = urljoin(root, href)
    parsed = urlparse(href)
    if parsed.scheme in ("http", "https") and parsed.netloc and not any(c.isspace() for c in href):
        return href
    return None


def _entry_url(entry: dict, feed_link: str | None, base: str | None) -> str | None:
    """The entry's absolute link: its alternate link (xml:base already applied) resolved against the feed's
    link or URL; else a permalink guid that is already an absolute http(s) URL."""
    for link in entry.get("links") or ():
        href = link.get("href")
        if href and link.get("rel", "alternate") == "alternate":
            url = _absolute_http(href, feed_link, base)
            if url:
                return url
    if entry.get("guidislink") and entry.get("id"):
        return _absolute_http(entry["id"])  # never resolved: a guid is no relative link
    return None


def _tagger(taxonomy_path: Path, warnings: list[str]):
    """A tagger from generator.topics and the taxonomy, or None when either is not available."""
    if not taxonomy_path.exists():
        return None
    try:
        from . import topics  # written separately; suggestions are optional
        return topics.Tagger(topics.load_taxonomy(taxonomy_path))
    except ImportError:
        return None
    except (AttributeError, TypeError) as exc:
        warnings.append(f"no tag suggestions: generator.topics has no usable Tagger ({exc})")
    except (DigestError, ErrorGroup) as exc:
        warnings.append(f"no tag suggestions: {taxonomy_path} is invalid ({exc})")
    return None


def _suggest_tags(tagger, title: str, paragraphs: list[str], warnings: list[str]) -> list[str]:
    if tagger is None:
        return []
    clean = CleanArticle(title=title, body=tuple(Block("p", p) for p in paragraphs))
    try:
        tags = tagger.tag(clean, (), ())
    except Exception as exc:  # noqa: BLE001 - a tagger bug must not stop ingestion; it is reported
        warnings.append(f"tag suggestions failed: {type(exc).__name__}: {exc}")
        return []
    ids = [getattr(tag, "topic_id", tag) for tag in tags]
    return sorted({t for t in ids if isinstance(t, str) and _TAG_ID.match(t)})


def feed_drafts(parsed: feedparser.FeedParserDict, label: str, base: str | None, tagger,
                warnings: list[str]) -> Iterator[Draft | tuple[str, str]]:
    """Each entry of a parsed feed as a Draft, or as (label, reason) when it cannot be ingested."""
    feed = parsed.get("feed", {})
    feed_title = feed.get("title_detail") or {}
    source = shorten(" ".join(_detail_paragraphs(feed.get("title", ""), feed_title.get("type"))), SOURCE_MAX)
    feed_link = feed.get("link")
    for n, entry in enumerate(parsed.entries, 1):
        title_detail = entry.get("title_detail") or {}
        title = one_line(" ".join(_detail_paragraphs(entry.get("title", ""), title_detail.get("type"))))
        contents = [c for c in entry.get("content") or () if c.get("value")]
        body: list[str] = []
        for content in sorted(contents, key=lambda c: -len(c.get("value", ""))):
            body = _detail_paragraphs(content["value"], content.get("type"))
            if body:
                break
        summary_detail = entry.get("summary_detail")
        summary_paras = _detail_paragraphs(entry.get("summary", ""), summary_detail.get("type")) \
            if summary_detail else []
        if not body:
            body = summary_paras
        url = _entry_url(entry, feed_link, base)
        guid = (entry.get("id") or "").strip()
        item_label = f"{label} item {n}" + (f" <{url}>" if url else (f" ({shorten(title, 60)})" if title else ""))
        paragraphs = [p for p in body if p != title] if title else body
        if not title and not paragraphs:
            reason = "entry has no text (no title, summary or content)"
            yield item_label, reason + ("" if url or guid else " and no link")
            continue
        text = "\n\n".join(([title] if title else []) + paragraphs) + "\n"
        key = text_key(text)
        date = _entry_date(entry)
        identity = url or guid or key or text
        article_id = f"{date.strftime('%Y%m%d') if date else 'undated'}_{_hash16(identity)}"
        fields: dict = {}
        if title:
            fields["title"] = shorten(title, TITLE_MAX)
        if summary_paras:
            fields["summary"] = shorten(" ".join(summary_paras), SUMMARY_MAX)
        if date:
            fields["date"] = date
        if source:
            fields["source"] = source
        if url:
            fields["url"] = url
        if source and label.startswith(("http://", "https://")):
            fields["source_feed"] = label  # the outlet's feed: the site's feeds name it as the item's <source>
        tags = _suggest_tags(tagger, title, paragraphs, warnings)
        if tags:
            fields["tags"] = tags
        fields["draft"] = True
        yield Draft(id=article_id, label=item_label, text=text, fields=fields, url=url, guid=guid or None,
                    text_key=key, undated=date is None)


def text_draft(data: bytes, label: str) -> Draft:
    """A raw text file as a Draft: the text copied as UTF-8, an id from its content, its first line as title."""
    if len(data) > seedfiles.MAX_TEXT_BYTES:
        raise SourceError(f"file is larger than {seedfiles.MAX_TEXT_BYTES // (1024 * 1024)} MB; expected one "
                          "news article", label)
    text = seedfiles.decode(data, label).lstrip("\ufeff")
    text = _UNPRINTABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip("\n")
    key = text_key(text)
    if not key:
        raise SourceError("file has no words; expected the text of one news article", label)
    fields: dict = {}
    first = next((line for line in text.splitlines() if line.strip()), "")
    if len(one_line(first)) <= TITLE_MAX:
        fields["title"] = one_line(first)
    fields["draft"] = True
    return Draft(id=f"text_{key[:16]}", label=label, text=text + "\n", fields=fields, text_key=key)


def html_draft(data: bytes, label: str) -> Draft:
    """A saved HTML page as a Draft: its article extracted (generator/htmlpage.py), with headline, date and URL."""
    if len(data) > MAX_FEED_BYTES:
        raise SourceError(f"file is larger than {MAX_FEED_BYTES // (1024 * 1024)} MB; expected one news page", label)
    page = htmlpage.extract(seedfiles.decode(data, label), label)
    draft = text_draft(page.text.encode("utf-8"), label)
    fields: dict[str, object] = {"title": shorten(page.title, TITLE_MAX)} if page.title else {}
    published = _iso_date(page.date)
    if published:
        fields["date"] = published  # a date, written bare: a quoted one would be a string, not a date
    url = _absolute_http(page.url, None) if page.url else None
    if url:
        fields["url"] = url
    fields["draft"] = True
    return replace(draft, fields=fields, url=url, undated=published is None)


def _iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


# --- writing -------------------------------------------------------------------------------------------

def _load_index(seeds_dir: Path) -> _Index:
    index = _Index()
    if not seeds_dir.is_dir():
        return index
    for path in sorted(seeds_dir.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        suffix = path.suffix.lower()  # as the build reads them: x.TXT, x.yaml
        if suffix in (seedfiles.TEXT_SUFFIX, *seedfiles.META_SUFFIXES):
            index.ids.add(path.stem)
        if suffix in seedfiles.META_SUFFIXES and path.name != seedfiles.TAXONOMY_NAME:
            try:
                meta_text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            url = None
            try:
                metadata.check_shape(meta_text, path)  # nothing deeper, no alias or tag the build would refuse
                data = yaml.safe_load(meta_text)
                if isinstance(data, dict) and isinstance(data.get("url"), str):
                    url = data["url"]
            except (yaml.YAMLError, ErrorGroup):
                match = _URL_LINE.search(meta_text)
                url = match.group(1).split(" #")[0].strip("'\"") if match else None
            if url:
                index.urls.setdefault(url.strip(), path.stem)
        elif suffix == seedfiles.TEXT_SUFFIX:
            try:
                key = text_key(seedfiles.decode(path.read_bytes(), path))
            except (OSError, SourceError):
                continue
            if key:
                index.texts.setdefault(key, path.stem)
    return index


def _duplicate(draft: Draft, index: _Index) -> str | None:
    if draft.url and draft.url in index.urls:
        return f"already in seeds: same link as {index.urls[draft.url]}"
    if draft.guid and draft.guid in index.urls:
        return f"already in seeds: same guid as {index.urls[draft.guid]}"
    if draft.text_key and draft.text_key in index.texts:
        return f"already in seeds: same text as {index.texts[draft.text_key]}{seedfiles.TEXT_SUFFIX}"
    if draft.id in index.ids:
        return f"already in seeds: {draft.id} exists"
    return None


def _write_new(path: Path, content: str) -> None:
    """Create ``path`` with ``content``; never overwrite, never leave a partial file."""
    with open(path, "x", encoding="utf-8", newline="\n") as fh:
        try:
            fh.write(content)
        except BaseException:
            fh.close()
            path.unlink(missing_ok=True)
            raise


def write_pair(seeds_dir: Path, draft: Draft) -> None:
    """Write ``<id>.txt`` then ``<id>.yml``; if the second fails, the first is removed (never half an item)."""
    seedfiles.check_id(draft.id, seeds_dir / draft.id)
    yml = draft_yaml(draft.fields, undated=draft.undated)
    meta_path = seeds_dir / f"{draft.id}{seedfiles.META_SUFFIX}"
    metadata.parse(yml, meta_path)  # raises ErrorGroup if the draft would not load at build time
    text_path = seeds_dir / f"{draft.id}{seedfiles.TEXT_SUFFIX}"
    if meta_path.exists():
        raise FileExistsError(meta_path)
    _write_new(text_path, draft.text)
    try:
        _write_new(meta_path, yml)
    except BaseException:
        text_path.unlink(missing_ok=True)
        raise


def ingest(sources: Sequence[str], seeds_dir: Path, progress: Callable[[str], None] | None = None,
           deadline: float = FETCH_DEADLINE, max_bytes: int = MAX_FEED_BYTES,
           taxonomy: Path | None = None) -> IngestReport:
    """Add every new item of the given feeds (files or URLs), text files and folders to ``seeds_dir``; each
    URL is read within ``deadline`` seconds and ``max_bytes`` bytes. Drafts suggest the tags of ``taxonomy``
    (the project's, ``config.taxonomy_path``; by default ``topics.yml`` in ``seeds_dir``)."""
    say = progress or (lambda line: None)
    seeds_dir = Path(seeds_dir)
    seeds_dir.mkdir(parents=True, exist_ok=True)
    index = _load_index(seeds_dir)
    warnings: list[str] = []
    tagger = _tagger(taxonomy or seeds_dir / seedfiles.TAXONOMY_NAME, warnings)
    new: list[str] = []
    skipped: list[tuple[str, str]] = []
    failed: list[tuple[str, str]] = []

    def take(draft: Draft) -> None:
        reason = _duplicate(draft, index)
        if reason:
            skipped.append((draft.label, reason))
            say(f"skip {draft.label}: {reason}")
            return
        try:
            write_pair(seeds_dir, draft)
        except FileExistsError:
            reason = f"already in seeds: {draft.id} exists"
            skipped.append((draft.label, reason))
            say(f"skip {draft.label}: {reason}")
            return
        except ErrorGroup as group:
            failed.append((draft.label, "; ".join(e.format() for e in group.errors)))
            say(f"fail {draft.label}")
            return
        except (DigestError, OSError) as exc:
            failed.append((draft.label, exc.format() if isinstance(exc, DigestError) else str(exc)))
            say(f"fail {draft.label}")
            return
        new.append(draft.id)
        index.ids.add(draft.id)
        for seen in (draft.url, draft.guid):
            if seen:
                index.urls.setdefault(seen, draft.id)
        if draft.text_key:
            index.texts[draft.text_key] = draft.id
        say(f"new  {draft.id}  {draft.fields.get('title', '')[:60]}")

    for source in sources:
        for label, path in _expand(str(source)):
            try:
                if path is None:
                    say(f"fetch {label}")
                    data, content_type = _fetch(label, deadline, max_bytes)
                    base = label
                else:
                    if not path.is_file():
                        raise SourceError("no such file or folder", label)
                    data, content_type, base = path.read_bytes(), None, None
                name = Path(urlparse(label).path).name
                if not name.lower().endswith(FEED_SUFFIXES) and htmlpage.looks_like_html(data, name):
                    take(html_draft(data, label))
                elif looks_like_feed(data, label):
                    parsed, warning = parse_feed(data, label, base, content_type)
                    if warning:
                        warnings.append(warning)
                        say(f"warning: {warning}")
                    if not parsed.entries:
                        warnings.append(f"{label}: the feed has no entries")
                    for item in feed_drafts(parsed, label, base, tagger, warnings):
                        if isinstance(item, Draft):
                            take(item)
                        else:
                            failed.append(item)
                            say(f"fail {item[0]}: {item[1]}")
                else:
                    take(text_draft(data, label))
            except DigestError as exc:
                where = exc.path + (f":{exc.line}" if exc.line else "") if exc.path else label
                failed.append((where, exc.message + (f" (got {exc.got!r})" if exc.got is not None else "")))
                say(f"fail {where}: {exc.message}")
            except OSError as exc:
                failed.append((label, f"cannot read: {exc.strerror or exc}"))
                say(f"fail {label}")
    return IngestReport(new=tuple(new), skipped=tuple(skipped), failed=tuple(failed),
                        warnings=tuple(dict.fromkeys(warnings)))


def format_report(report: IngestReport) -> str:
    """A summary line with the counts, then one line per new, skipped and failed item."""
    lines = [f"{len(report.new)} new, {len(report.skipped)} skipped as duplicates, {len(report.failed)} failed"]
    lines += [f"new: {aid}{seedfiles.TEXT_SUFFIX} + {aid}{seedfiles.META_SUFFIX} (draft)" for aid in report.new]
    lines += [f"skipped: {what}: {why}" for what, why in report.skipped]
    lines += [f"failed: {what}: {why}" for what, why in report.failed]
    lines += [f"warning: {w}" for w in report.warnings]
    return "\n".join(lines)
