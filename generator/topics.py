"""Taxonomy loading and tagging with evidence (which words matched where).

Matching, in short (the rules readers of ``seeds/topics.yml`` need are repeated there):

* Names and aliases are matched on whole words of the cleaned text (title, subtitle, body
  blocks; never dropped boilerplate, captions or the dateline) after ``arabic.normalize``.
* A word matches an alias word when one of its ``arabic.readings`` (clitic-stripped forms)
  equals the alias word's key *and* agrees on the article: ``الصدر`` (Sadr) does not match
  ``صدر`` ("was issued"), ``حماس`` (Hamas) does not match ``الحماس`` ("the enthusiasm").
* A word whose canonical form is itself a word of some name (person, organisation, place) is
  not split further, so ``لبنان`` never loses its ل to match something else (``arabic.WHOLE_WORDS``
  protects common words the same way).
* Consecutive alias words must be separated by spaces, hyphens or quotation marks only (not a comma
  or a full stop).
* Two layers, each resolved leftmost-longest without overlaps: names (people, organisations,
  places, outlets) and theme phrases (kind ``topic``). A name inside a longer name does not count
  (``عين الأسد`` is not ``الأسد``); names inside a theme phrase do (``مقتل سليماني``).
* Theme phrases read like an editor: each word matches with or without ال (``فصائل موالية لإيران``
  is ``الفصائل الموالية لإيران``), with a pronoun suffix (``حربه``, ``مهمتها`` for ``المهمة``) or the
  indefinite accusative's alif (``هجوما صاروخيا``), words after the first in their agreeing forms
  (``الاستثناء الممنوحة`` is ``الاستثناء الممنوح``), and one word may stand between two of their words
  (``هزيمة تنظيم داعش`` is ``هزيمة داعش``), never a negation (``الطائرات غير المسيرة``) nor a number
  before its counted noun (``سعر 70 دولارا``), or a name (``فرضت الولايات المتحدة عقوبات``), or a
  relative clause of one word (``الهجمات التي تشنها على ...``). An adjective after a name, or after a
  word between whose article it shares and the first word's not, describes that word, not the phrase's.
* Where an article names an organisation's branch (a name that is the organisation's Arabic name and
  more words: ``حزب الله العراقي`` of Kataib Hezbollah), the organisation's bare name is the branch.
* A theme may list a name's alias: the name then tags the theme wherever it is (كتائب حزب الله).
* A theme mention does not count when it is negated or hypothetical (a denial or "ruled out"
  earlier in its clause, "not", "no", "may", "if" just before it), when it lies inside a name
  (``جهاز مكافحة الإرهاب``), or when it is an organisation's remit right after its name
  (``التحالف الدولي لمحاربة داعش``).
* A place inside a person's name is not the place: after a title (``المهاجم الجزائري بغداد``),
  after أبو, أم, ابن, بن, or before بن. A person's one-word name after أبو/بن + a word is another's
  (``أبو علي الخزعلي``).
* Outlets and agencies (kind ``outlet``) are matched, so that their names hide the names inside
  them (``وكالة أنباء قطر`` is not Qatar), but they are sources, not subjects: never tags.

Scoring: each mention adds the weight of where it is (title 3, subtitle 2, subheading 1.5,
paragraph 1); a manual tag adds 5. One mention is enough to tag (``MIN_SCORE``): aliases are
specific, every tag carries its evidence, and the score orders the tags so a passing mention
ranks below what the article is about.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache
from itertools import accumulate, compress
from pathlib import Path

import yaml

from . import arabic, metadata, sources
from .errors import ErrorGroup, SourceError, TaxonomyError
from .model import CleanArticle, Tag, Topic
from .stopwords import STOP_WORDS  # the words that carry no topic, as keys
from .model import _tag as _build_tag  # a Tag and its Mentions from (topic id, score, mention field tuples)

KINDS = ("topic", "person", "organisation", "place", "outlet")
REQUIRED_KEYS = ("id", "kind", "name_ar", "name_en")
OPTIONAL_KEYS = ("aliases_ar", "aliases_en", "description_ar", "description_en")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

WEIGHTS = {"title": 3.0, "subtitle": 2.0, "h": 1.5, "p": 1.0}
MANUAL_WEIGHT = 5.0
MIN_SCORE = 1.0

_THEME, _NAME = 0, 1  # matching layers
_LOOSE = 2  # index entries of theme phrases of two words or more, matched on keys with one word of slack
# Allowed between alias words, besides spaces: hyphens, and quotation marks (كتائب "حزب الله").
_JOINERS = frozenset("-\u2010\u2011\u2012\u2013\u200e\u200f\"'«»“”„‘’")
_ARTICLES = arabic._ARTICLE_PREFIXES
_PRONOUNS = ("هما", "هم", "ها")  # suffixes a theme phrase's word may carry: انسحابها, قواتهم
_CLAUSE_ENDS = frozenset(".،,؛;:!?؟\n()[]")  # a negation's reach ends at these


def _normal_set(words: str) -> frozenset[str]:
    return frozenset(arabic.normalize(w) for w in words.split())


# A denial or a hypothesis anywhere earlier in a theme mention's clause ("نفت ... استهداف"), and
# negations or modal words just before it ("لم يقع هجوم", "قد تستهدف ... فصائل").
_DENIALS = _normal_set("نفى نفت ينفي تنفي ينفيان نفي نفيه نفاه نفته نفيا ونفى نافيا نافية استبعد استبعدت يستبعد "
                       "تستبعد استبعاد مستبعدا فرضية فرضيات شائعات مزاعم تكذيب كذب كذبت")
_NEGATIONS = _normal_set("لم لن لا ليس ليست ليسوا عدم دون بدون غير ولا ولم ولن وليس وعدم احتمال احتمالات محتمل "
                         "محتملة المحتمل المحتملة ربما إذا اذا لو حال حالة")
_MAY = _normal_set("قد وقد")  # "may" before a present-tense verb (قد تستهدف), "has" before a past one (قد أعلن)
_NEGATION_REACH = 4  # words before a mention that a negation or modal word reaches
_DENIAL_REACH = 24  # and a denial, within its clause
_CLAUSE_BREAKS = _normal_set("لكن ولكن بل إلا الا بينما فيما")
_GAP_NEVER = _NEGATIONS | _normal_set("أو او ولا لا")  # never the word between two words of a theme phrase
# Words before a person's name: a place right after them is part of the name.
_PERSON_TITLES = _normal_set("اللاعب المهاجم المدافع الحارس النجم المدرب لاعب مهاجم السيد السيدة الشيخ الحاج "
                             "الدكتور الفنان الفنانة الكاتب الشاعر الإعلامي الصحفي الزميل الكابتن الشهيد الطفل "
                             "الشاب المواطن الأستاذ المطرب")
_NAME_PARTICLES = _normal_set("أبو أبي أبا أم ابن بن بنت آل")
_SON_OF = _normal_set("بن ابن بنت")
# Relative pronouns: a relative clause of one word may stand between two words of a theme phrase.
_REMIT_CLAUSE = 5  # words of a relative clause between an organisation's name and its remit
_RELATIVES = _normal_set("التي الذي الذين اللتين اللذين اللواتي اللاتي")
_RELATIVE_FORMS = _RELATIVES | {"و" + w for w in _RELATIVES}  # as normalised words are written: والتي
# Endings by which an adjective agrees with its noun (ة is ه in keys): الاستثناء الممنوحة is الاستثناء
# الممنوح, غارات أمريكية is غارة أمريكية. Theme words after the first match across them.
_AGREEMENT = ("ات", "ين", "ون", "ه")
# Endings of a nisba adjective's key (امريكي, امريكيه): after a name it describes the name (طائرة مسيرة
# قاعدة عين الأسد الأمريكية: the base is American, not the drone), so a name is no gap before one.
_NISBA_ENDINGS = ("ي", "يه")


def _nisba(key: str) -> bool:
    """True when a key reads as a nisba adjective (امريكي, امريكيه), not a short word (في, التي)."""
    return len(key) >= 4 and key.endswith(_NISBA_ENDINGS)


# ── Taxonomy ──────────────────────────────────────────────────────────────────────────


def load_taxonomy(path: Path | str) -> tuple[Topic, ...]:
    """Read and validate the taxonomy file; raise ``ErrorGroup`` listing every problem."""
    try:
        text = sources.read_bytes(Path(path), expected="a taxonomy").decode("utf-8")
    except SourceError as exc:
        raise ErrorGroup([TaxonomyError(exc.message, path, got=exc.got)]) from None
    except UnicodeDecodeError as exc:
        raise ErrorGroup([TaxonomyError("cannot read the taxonomy file", path, got=str(exc))]) from exc
    return parse_taxonomy(text, path)


def parse_taxonomy(text: str, path: Path | str = "topics.yml") -> tuple[Topic, ...]:
    """Validate taxonomy YAML; return topics sorted by id or raise ``ErrorGroup`` with every error, by line."""
    errors: list[TaxonomyError] = []

    def fail(message: str, where: yaml.Node | int | None, got: object = None) -> None:
        line = where.start_mark.line + 1 if isinstance(where, yaml.Node) else where
        errors.append(TaxonomyError(message, path, line, got))

    metadata.check_shape(text, path, TaxonomyError)
    fast = metadata._fast_root(text)  # libyaml's nodes, where they are the pure reader's; else the pure reader
    try:
        if fast is not None:
            loader, root = fast
            loader.dispose()  # the nodes are complete; free the parser as metadata.parse does
        else:
            root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ErrorGroup([TaxonomyError(f"invalid YAML: {problem}", path, line)]) from exc

    entries = _entries(root, fail)
    topics: list[tuple[Topic, dict[str, int]]] = []
    first_line_of: dict[str, int] = {}
    for entry in entries:
        parsed = _topic(entry, fail)
        if parsed is None:
            continue
        topic, lines = parsed
        if topic.id in first_line_of:
            fail(f"duplicate id, first defined on line {first_line_of[topic.id]}", lines[topic.id], topic.id)
            continue
        first_line_of[topic.id] = lines[topic.id]
        topics.append((topic, lines))

    _check_shared_aliases(topics, fail)
    if errors:
        errors.sort(key=lambda e: (e.line or 0, e.message, str(e.got)))
        raise ErrorGroup(errors)
    return tuple(sorted((t for t, _ in topics), key=lambda t: t.id))


def _entries(root: yaml.Node | None, fail) -> list[yaml.MappingNode]:
    """The entry nodes under ``topics:``, reporting a wrong document shape."""
    if not isinstance(root, yaml.MappingNode):
        fail("expected a mapping with a 'topics' list", root, None if root is None else root.tag)
        return []
    topics_node = None
    for key_node, value_node in root.value:
        if key_node.value == "topics":
            topics_node = value_node
        else:
            fail("unknown top-level key, expected 'topics'", key_node, key_node.value)
    if topics_node is None:
        fail("missing key 'topics'", root)
        return []
    if not isinstance(topics_node, yaml.SequenceNode):
        fail("expected 'topics' to be a list of entries", topics_node)
        return []
    out = []
    for item in topics_node.value:
        if isinstance(item, yaml.MappingNode):
            out.append(item)
        else:
            fail("expected an entry (a mapping with id, kind, name_ar, name_en)", item, _scalar(item))
    return out


def _scalar(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _topic(entry: yaml.MappingNode, fail) -> tuple[Topic, dict[str, int]] | None:
    """An entry as a Topic with the line of its id and of each name, reporting every problem.

    The Topic is returned whenever its required fields are readable, even if other checks
    failed, so that duplicate ids and shared aliases are still found (errors abort the load anyway).
    """
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in entry.value:
        name = _scalar(key_node)
        if name not in REQUIRED_KEYS and name not in OPTIONAL_KEYS:
            fail(f"unknown key, expected one of {', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)}", key_node, name)
        elif name in fields:
            fail(f"duplicate key '{name}' in one entry", key_node, name)
        else:
            fields[name] = value_node
    for name in REQUIRED_KEYS:
        if name not in fields:
            fail(f"missing required key '{name}'", entry, _scalar(fields["id"]) if "id" in fields else None)

    values: dict[str, object] = {}
    for name, node in fields.items():
        values[name] = _text_list(name, node, fail) if name.startswith("aliases_") else _text(name, node, fail)
    topic_id, kind = values.get("id"), values.get("kind")
    if isinstance(topic_id, str) and not _ID_RE.match(topic_id):
        fail("bad id, expected lowercase ASCII letters and digits joined by single hyphens", fields["id"], topic_id)
    elif isinstance(topic_id, str) and sources.reserved_id(topic_id):
        fail(sources.RESERVED_MESSAGE, fields["id"], topic_id)
    if isinstance(kind, str) and kind not in KINDS:
        fail(f"bad kind, expected one of {', '.join(KINDS)}", fields["kind"], kind)
    _check_script(values, fields, fail)
    if any(values.get(name) is None for name in REQUIRED_KEYS):
        return None
    topic = Topic(
        id=values["id"], kind=values["kind"], name_ar=values["name_ar"], name_en=values["name_en"],
        aliases_ar=tuple(values.get("aliases_ar") or ()), aliases_en=tuple(values.get("aliases_en") or ()),
        description_ar=values.get("description_ar"), description_en=values.get("description_en"),
    )
    lines: dict[str, int] = {}
    for name in ("name_ar", "aliases_ar", "name_en", "aliases_en"):
        node = fields.get(name)
        for item in (node.value if isinstance(node, yaml.SequenceNode) else [node] if node else []):
            if isinstance(item, yaml.ScalarNode):
                lines.setdefault(item.value.strip(), item.start_mark.line + 1)
    lines[topic.id] = fields["id"].start_mark.line + 1
    return topic, lines


def _text(name: str, node: yaml.Node, fail) -> str | None:
    value = _scalar(node)
    if value is None:
        fail(f"expected text for '{name}', not a {'list' if isinstance(node, yaml.SequenceNode) else 'mapping'}",
             node)
        return None
    value = value.strip()
    if not value:
        fail(f"expected non-empty text for '{name}'", node, value)
        return None
    return value


def _text_list(name: str, node: yaml.Node, fail) -> tuple[str, ...] | None:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return ()
    if not isinstance(node, yaml.SequenceNode):
        fail(f"expected a list of texts for '{name}'", node, _scalar(node))
        return None
    out = []
    for item in node.value:
        value = _text(name, item, fail)
        if value is None:
            return None
        out.append(value)
    return tuple(out)


def _check_script(values: dict, fields: dict, fail) -> None:
    """Arabic fields hold Arabic, English fields do not; every alias has at least one word."""
    for name in ("name_ar", "name_en", "aliases_ar", "aliases_en"):
        value = values.get(name)
        if value is None:
            continue
        items = (value,) if isinstance(value, str) else value
        nodes = (fields[name],) if isinstance(value, str) else fields[name].value
        want_arabic = name.endswith("_ar")
        for text, node in zip(items, nodes):
            if not arabic.tokenize(text):
                fail(f"'{name}' entry has no words", node, text)
            elif arabic.is_arabic(text) != want_arabic:
                fail(f"expected {'Arabic' if want_arabic else 'Latin-script'} text in '{name}'", node, text)
            elif name.startswith("aliases_") and sum(c.isalpha() for c in text) < MIN_ALIAS_LETTERS:
                fail(f"alias of fewer than {MIN_ALIAS_LETTERS} letters would tag unrelated articles; "
                     "expected a specific name or phrase", node, text)
            elif name.startswith("aliases_") and set(alias_keys(text)) <= STOP_WORDS:
                fail("alias made only of common words (such as في, من, the) would tag unrelated articles; "
                     "expected a specific name or phrase", node, text)


MIN_ALIAS_LETTERS = 3


def alias_keys(text: str) -> tuple[str, ...]:
    """The normalised key sequence of an alias (how aliases are compared and indexed)."""
    return tuple(arabic.key(t) for t, _, _ in arabic.tokenize(text))


def names(topic: Topic) -> tuple[str, ...]:
    """Every string that tags ``topic``: its two names and all aliases, first occurrence kept."""
    return tuple(dict.fromkeys((topic.name_ar, *topic.aliases_ar, topic.name_en, *topic.aliases_en)))


def _check_shared_aliases(topics: list[tuple[Topic, dict[str, int]]], fail) -> None:
    """Report every alias (compared by normalised keys) that two entries share, at the later one. A theme
    may list a name's alias (the name then tags the theme too), so themes and names are compared apart."""
    owner: dict[tuple[str, ...], tuple[str, str, int]] = {}
    for topic, lines in topics:
        for alias in names(topic):
            k = (topic.kind == "topic", *alias_keys(alias))
            if k in owner and owner[k][0] != topic.id:
                other_id, other_alias, other_line = owner[k]
                fail(f"alias of '{topic.id}' is the same as '{other_alias}' of '{other_id}' (line {other_line}) "
                     "after normalisation; expected each alias to belong to one entry", lines[alias], alias)
            else:
                owner.setdefault(k, (topic.id, alias, lines[alias]))


# ── Tagging ───────────────────────────────────────────────────────────────────────────


class Tagger:
    """Matches the taxonomy's names and aliases in cleaned articles; built once, used for every article."""

    def __init__(self, topics: Iterable[Topic]) -> None:
        self.topics: dict[str, Topic] = {t.id: t for t in sorted(topics, key=lambda t: t.id)}
        # First (key, definite) of each alias -> [(the alias's other words, topic id, layer)]; the
        # index keeps matching linear in the article's length whatever the taxonomy's size.
        # Theme phrases of two words or more are indexed under their first key with and without
        # the article, as (their other keys, topic id, _LOOSE): they match on keys, with slack.
        # The words of names (لبنان, بايدن, لويد) are never split into clitic + word.
        self._index: dict[tuple[str, bool], list[tuple[tuple, str, int]]] = {}
        self._vocabulary: set[str] = set()
        self._cache: dict[str, tuple[tuple[str, bool], ...]] = {}
        self.outlets = frozenset(t.id for t in self.topics.values() if t.kind == "outlet")
        self._places = frozenset(t.id for t in self.topics.values() if t.kind == "place")
        self._people = frozenset(t.id for t in self.topics.values() if t.kind == "person")
        self._bodies = frozenset(t.id for t in self.topics.values() if t.kind in ("organisation", "outlet"))
        # A theme that lists an alias of a name (iran-backed-militias: كتائب حزب الله) is tagged wherever
        # that name is: name id -> those theme ids.
        patterns = {topic.id: [p for alias in names(topic) if (p := tuple((arabic.key(t), arabic.definite(t))
                                                                         for t, _, _ in arabic.tokenize(alias)))]
                    for topic in self.topics.values()}
        name_of = {tuple(k for k, _ in p): topic_id for topic_id, ps in patterns.items()
                   if self.topics[topic_id].kind != "topic" for p in ps}
        self._implies: dict[str, tuple[str, ...]] = {}
        for topic in self.topics.values():
            layer = _THEME if topic.kind == "topic" else _NAME
            for pattern in patterns[topic.id]:
                if layer == _THEME and (name_id := name_of.get(tuple(k for k, _ in pattern))):
                    self._implies[name_id] = tuple(sorted({*self._implies.get(name_id, ()), topic.id}))
                    continue
                if layer == _THEME and len(pattern) > 1:
                    entry = (tuple(k for k, _ in pattern[1:]), topic.id, _LOOSE)
                    firsts = ((pattern[0][0], True), (pattern[0][0], False))
                else:
                    entry, firsts = (pattern[1:], topic.id, layer), (pattern[0],)
                for first in firsts:
                    bucket = self._index.setdefault(first, [])
                    if entry not in bucket:
                        bucket.append(entry)
                if layer == _NAME:
                    self._vocabulary.update(k for k, _ in pattern)
        # An organisation named by another's Arabic name and a qualifier after it (حزب الله العراقي, جهاز
        # مكافحة الإرهاب في كردستان) is a branch of it: where an article names the branch, the bare name is
        # the branch. (In English the words before a name qualify it, and a name before more words is often
        # the parent's: United Nations Security Council.) Short organisation id -> ((branch ids), word counts
        # of its names that start a branch's name).
        arabic_keys = {t.id: {alias_keys(a) for a in (t.name_ar, *t.aliases_ar)} for t in self.topics.values()
                       if t.kind == "organisation"}
        self._branches: dict[str, tuple[tuple[str, ...], frozenset[int]]] = {}
        for short, heads in arabic_keys.items():
            found = {(branch, len(h)) for branch, longer in arabic_keys.items() if branch != short
                     for p in longer for h in heads if len(p) > len(h) and p[:len(h)] == h}
            if found:
                self._branches[short] = (tuple(sorted({b for b, _ in found})), frozenset(n for _, n in found))
        # The forms an alias's first word has in the index, and the spellings ``arabic.key`` unifies with
        # them: a word none of whose readings can take one of these starts no alias (``_may_start``).
        firsts = {k for k, _ in self._index}
        self._firsts = frozenset(firsts | {v for v, k in arabic.VARIANTS.items() if k in firsts})
        self._first_forms = frozenset(a + f for a in ("", *_ARTICLES) for f in self._firsts)  # with an article
        # Memos per word as written (words repeat a lot): the alias entries that can start at the
        # word, and the readings a following alias word is compared with.
        self._starts = arabic._Cache(self._starting)
        self._follows = arabic._Cache(self._following)
        # The keys a word offers the words of theme phrases after their first: only those that are such words.
        later = frozenset(k for bucket in self._index.values() for rest, _, layer in bucket if layer == _LOOSE
                          for k in rest)
        self._keys = arabic._Cache(lambda word: _agreeing((*(k for k, _ in self._follows[word]),
                                                           *_without_pronoun(arabic._normalized[word])), later))
        self._plain = arabic._Cache(lambda word: frozenset(arabic.forms(arabic._normalized[word])))
        self._cue = arabic._Cache(_cue)  # what a word says to a theme mention after it, and to a place beside it

    def unknown(self, ids: Iterable[str]) -> tuple[str, ...]:
        """The ids (sorted, once each) that cannot tag an article: not in the taxonomy, or an outlet."""
        return tuple(sorted({i for i in ids if i not in self.topics or i in self.outlets}))

    def _readings(self, token: str) -> tuple[tuple[str, bool], ...]:
        """The token's readings, except those that take letters from a word of a name."""
        cached = self._cache.get(token)
        if cached is None:
            cached = readings = arabic.readings(token)
            if readings[0][0] in self._vocabulary:
                cached = readings[:1]  # a known word is not split into clitic + something else
            else:
                # A clitic before a short word of a name (وذي قار: و + ذي), which arabic.readings leaves whole.
                short = [(arabic.key(rest), False) for prefix in arabic._LETTER_PREFIXES if token.startswith(prefix)
                         and (rest := token[len(prefix):]) in self._vocabulary and len(rest) <= arabic._MIN_STEM]
                if short:
                    readings = tuple(dict.fromkeys((*readings, *short)))
                known = [len(form) for form, _ in readings if form in self._vocabulary]
                if known:  # ولويد: و + لويد, so not ول + ويد
                    cached = tuple(r for r in readings if len(r[0]) >= max(known))
            if len(self._cache) > 500_000:  # words repeat; the cache only bounds its memory
                self._cache.clear()
            self._cache[token] = cached
        return cached

    def _following(self, word: str) -> tuple[tuple[str, bool], ...]:
        """The readings of a word as written; none for a word that normalises to nothing."""
        token = arabic._normalized[word]
        return self._readings(token) if token else ()

    def _starting(self, word: str) -> tuple:
        """The aliases whose first word matches a word as written, or () when there are none.

        As (single-word aliases as (layer, topic id), longer aliases by their second (key, definite)
        as {second: ((words after the second, topic id, layer), ...)}, theme phrases by their second
        key as {second: ((their other keys, topic id), ...)}).
        """
        if not self._may_start(arabic._normalized[word]):
            return ()
        singles: list[tuple[int, str]] = []
        longer: dict[tuple[str, bool], list[tuple[tuple[tuple[str, bool], ...], str, int]]] = {}
        loose: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        bare = tuple((k, d) for k in _without_pronoun(arabic._normalized[word]) for d in (True, False))
        for reading in (*self._following(word), *bare):
            for rest, topic_id, layer in self._index.get(reading, ()):
                if reading in bare and layer != _LOOSE:
                    continue
                if layer == _LOOSE:
                    entries = loose.setdefault(rest[0], [])
                    if (rest, topic_id) not in entries:
                        entries.append((rest, topic_id))
                elif rest:
                    longer.setdefault(rest[0], []).append((rest[1:], topic_id, layer))
                else:
                    singles.append((layer, topic_id))
        if not singles and not longer and not loose:
            return ()
        return (tuple(singles), {second: tuple(entries) for second, entries in longer.items()},
                {second: tuple(entries) for second, entries in loose.items()})

    def _may_start(self, token: str) -> bool:
        """False when no reading of a normalised word, nor of it without a pronoun suffix, can be the first
        word of an alias. A reading's form is the word less a clitic, an article or both (``arabic.readings``),
        so only those endings are looked up in ``_first_forms`` (the first words, bare or with an article)."""
        forms = self._first_forms
        for stem in (token, *_pronoun_stems(token)):
            if stem in forms or any(stem.startswith(c) and stem[len(c):] in forms for c in arabic._LETTER_PREFIXES):
                return True
        return False

    def _loose_end(self, words: list[str], parts: list[str], j: int, rest: tuple[str, ...],
                   name_end: dict[int, int]) -> int:
        """Where a theme phrase whose first word is word ``j - 1`` ends (one past its last word), or 0.

        Each further key is that of the next word, or, once per phrase, of the word after a word
        that is no negation, after a relative pronoun and such a word, or after a name (``name_end``:
        where names start, one past their end); words are joined by spaces or hyphens only.
        """
        keys, plain, skipped, n, first = self._keys, self._plain, False, len(words), j - 1
        for want in rest:
            if j >= n or not _joined(parts[2 * j]):
                return 0
            if want in keys[words[j]]:
                j += 1
            elif skipped:
                return 0
            elif (j + 1 < n and _joined(parts[2 * j + 2]) and want in keys[words[j + 1]]
                  and not plain[words[j]] & _GAP_NEVER
                  and not (words[j].isdigit() and arabic._normalized[words[j + 1]].endswith("ا"))
                  and not (_nisba(want) and _disagree(words[first], words[j + 1]))):
                # Not a number and its counted noun (سعر 70 دولارا is no سعر الدولار), nor an adjective that
                # disagrees with the phrase's first word on the article: it describes the word between
                # (هجوما المصالح الأمريكية is no هجوم أمريكي; غارات جوية أمريكية is غارة أمريكية).
                skipped, j = True, j + 2
            elif (j + 2 < n and arabic._normalized[words[j]] in _RELATIVE_FORMS and _joined(parts[2 * j + 2])
                  and _joined(parts[2 * j + 4]) and want in keys[words[j + 2]] and not plain[words[j + 1]] & _GAP_NEVER):
                skipped, j = True, j + 3  # a relative clause of one word: الهجمات التي تشنها على قواعد أمريكية
            elif ((e := name_end.get(j, 0)) and e < n and _joined(parts[2 * e]) and want in keys[words[e]]
                  and not _nisba(want)):
                skipped, j = True, e + 1  # a name, unless an adjective follows it: that one is the name's
            else:
                return 0
        return j

    def _third_keys(self, words: list[str], i: int, name_end: dict[int, int]) -> frozenset[str]:
        """The keys of every word that can be the third of a theme phrase whose first word is word ``i``
        (``_loose_end``): words i + 2 to i + 5, and those after a name at i + 1 or i + 2."""
        keys, n = self._keys, len(words)
        ends = (name_end.get(i + 1, 0), name_end.get(i + 1, -1) + 1, name_end.get(i + 2, 0))
        return frozenset().union(*map(keys.__getitem__, words[i + 2:i + 6]),
                                 *(keys[words[k]] for k in ends if i < k < n))

    def _negated(self, words: list[str], parts: list[str], start: int, spans: list[tuple[int, int, str]]) -> bool:
        """True when a denial earlier in the clause, or a negation or modal word just before, reaches word
        ``start``; words of a mention (``spans``) are no cues (بدون in طائرة بدون طيار)."""
        cue, normalized = self._cue, arabic._normalized
        for back, k in enumerate(range(start - 1, max(start - _DENIAL_REACH, 0) - 1, -1), 1):
            if _ends_clause(parts[2 * k + 2]):
                return False
            if normalized[words[k]] not in _CUE_FORMS:  # most words: no need to read them
                continue
            kind = cue[words[k]]
            if not kind & (_BREAK | _DENIAL | _NEGATION | _MAY_WORD) or any(s <= k < e for s, e, _ in spans):
                continue
            if kind & _BREAK:
                return False
            if kind & _DENIAL:
                return True
            if back <= _NEGATION_REACH and (kind & _NEGATION or (kind & _MAY_WORD and
                                                                 _present(arabic._normalized[words[k + 1]]))):
                return True
        return False

    def _in_a_persons_name(self, words: list[str], start: int, end: int) -> bool:
        """True when the place of words ``start .. end - 1`` is part of a person's name."""
        cue = self._cue
        before = cue[words[start - 1]] if start else 0
        if before & (_PARTICLE | _TITLE) or (end < len(words) and cue[words[end]] & _SON):
            return True
        return bool(before & _NISBA and start >= 2 and cue[words[start - 2]] & _TITLE)  # المهاجم الجزائري بغداد

    def _anothers_surname(self, words: list[str], start: int, end: int) -> bool:
        """True when a person's one-word name at ``start`` ends another's name: after a kunya or a "son of"
        (أبو علي الخزعلي is not قيس الخزعلي)."""
        return end - start == 1 and start >= 2 and bool(self._cue[words[start - 2]] & _PARTICLE)

    def _remit(self, words: list[str], parts: list[str], start: int, names: list[tuple[int, int, str]]) -> bool:
        """True when the theme at word ``start`` is an organisation's remit: ل + phrase (or ل + a word + phrase:
        لضمان هزيمة داعش) right after its name, or after its name and a short relative clause (التحالف الدولي
        الذي تقوده واشنطن لقتال داعش)."""
        if not names:
            return False
        if arabic._normalized[words[start]].startswith("ل"):
            purpose = start
        elif start and arabic._normalized[words[start - 1]].startswith("ل") and _joined(parts[2 * start]):
            purpose = start - 1
        else:
            return False
        for _, end, topic_id in names:
            if topic_id in self._bodies and (end == purpose or (
                    purpose - _REMIT_CLAUSE <= end < purpose and arabic._normalized[words[end]] in _RELATIVE_FORMS
                    and not any(map(_ends_clause, parts[2 * end:2 * purpose + 1:2])))):
                return True
        return False

    def _spans(self, text: str) -> list[tuple[int, int, str]]:
        """Every (start, end, topic id) mention in ``text``, resolved per layer, sorted.

        Words are indexed as ``arabic.split_words`` cuts them, counting words that normalise to
        nothing (they match no alias word, and an alias never spans one since it is no joiner).
        """
        parts = arabic.split_words(text)
        words = parts[1::2]  # word k is parts[2k + 1]; parts[2k] separates it from word k - 1
        starts = list(map(self._starts.__getitem__, words))
        follows, keys = self._follows, self._keys
        found: set[tuple[int, int, int, str]] = set()  # (layer, first word, -(last word + 1), topic id)
        pending = []  # (first word, theme phrases starting there), matched once the names are known
        # A name may stand between two words of a theme phrase as one word does (فرضت الولايات المتحدة
        # عقوبات, قاعدة عين الأسد التي تضم قوات أمريكية): where names start, one past the longest one's end.
        name_end: dict[int, int] = {}
        for i in compress(range(len(words)), starts):
            singles, longer, loose = starts[i]
            for layer, topic_id in singles:
                found.add((layer, i, -i - 1, topic_id))
                if layer == _NAME:
                    name_end.setdefault(i, i + 1)
            if longer and i + 1 < len(words) and _joined(parts[2 * i + 2]):
                for second in follows[words[i + 1]]:
                    for rest, topic_id, layer in longer.get(second, ()):
                        end = i + 2 + len(rest)
                        if end <= len(words) and all(want in follows[words[j]] and _joined(parts[2 * j])
                                                     for j, want in enumerate(rest, i + 2)):
                            found.add((layer, i, -end, topic_id))
                            if layer == _NAME and end > name_end.get(i, 0):
                                name_end[i] = end
            if loose:
                pending.append((i, loose))
        if pending:
            normalized, n = arabic._normalized, len(words)
            for i, loose in pending:  # theme phrases whose second key is that of one of the next words
                if i + 1 == n:
                    continue
                near = words[i + 1:i + 4] if normalized[words[i + 1]] in _RELATIVE_FORMS else words[i + 1:i + 3]
                if i + 1 in name_end and name_end[i + 1] < n:
                    near.append(words[name_end[i + 1]])
                candidates = [entry for word in near for second in keys[word] for entry in loose.get(second, ())]
                # Many phrases may share their first two words (القوات الأمريكية ...): then those whose third
                # word's key is nowhere a third word can be are not walked.
                later = self._third_keys(words, i, name_end) if len(candidates) > 2 else None
                for rest, topic_id in candidates:
                    if later is not None and len(rest) > 1 and rest[1] not in later:
                        continue
                    end = self._loose_end(words, parts, i + 1, rest, name_end)
                    if end:
                        found.add((_THEME, i, -end, topic_id))
        if not found:
            return []
        # Names leftmost then longest first, without overlaps; theme phrases the same way per theme
        # (a drone strike by Turkish aircraft is both a drone attack and a Turkish operation).
        kept: dict[int, list[tuple[int, int, str]]] = {_THEME: [], _NAME: []}
        taken: dict[str, int] = {}
        for layer, start, neg_end, topic_id in sorted(found):
            lane = topic_id if layer == _THEME else ""
            if start >= taken.get(lane, 0):
                kept[layer].append((start, -neg_end, topic_id))
                taken[lane] = -neg_end
        places, people, implies = self._places, self._people, self._implies
        names = [(s, e, t) for s, e, t in kept[_NAME]
                 if not (t in places and self._in_a_persons_name(words, s, e))
                 and not (t in people and self._anothers_surname(words, s, e))]
        themes = kept[_THEME]
        implied = [(s, e, theme) for s, e, t in names if t in implies for theme in implies[t]]
        if themes:
            spans = kept[_NAME] + themes
            name_starts = [ns for ns, _, _ in names]  # names do not overlap: one that holds a theme is the last before it
            themes = [(s, e, t) for s, e, t in themes
                      if not ((k := bisect_right(name_starts, s) - 1) >= 0 and e <= names[k][1])  # inside a name
                      and not self._remit(words, parts, s, names) and not self._negated(words, parts, s, spans)]
        bounds = list(accumulate(map(len, parts)))  # word k spans bounds[2k] .. bounds[2k + 1]
        return sorted([(bounds[2 * s], bounds[2 * e - 1], t) for s, e, t in names + themes + implied])

    def match(self, text: str) -> tuple[tuple[str, int, int], ...]:
        """Every (topic id, start, end) mention in ``text``, resolved per layer, in text order."""
        return tuple((topic_id, start, end) for start, end, topic_id in self._spans(text))

    def tag(self, clean: CleanArticle, manual: tuple[str, ...] = (),
            exclude: tuple[str, ...] = ()) -> tuple[Tag, ...]:
        """Tags of one cleaned article with their evidence, by score (desc) then id."""
        texts: list[tuple[str, int, str, float]] = [("title", -1, clean.title, WEIGHTS["title"])]
        if clean.subtitle:
            texts.append(("subtitle", -1, clean.subtitle, WEIGHTS["subtitle"]))
        for index, block in enumerate(clean.body):
            texts.append(("body", index, block.text, WEIGHTS.get(block.kind, WEIGHTS["p"])))

        outlets = self.outlets  # sources, not subjects: their names are matched but never tag
        scores: dict[str, float] = {}
        mentions: dict[str, list[tuple[str, str, str, int, int, int]]] = {}  # Mention fields, in order
        for field_name, block, text, weight in texts:
            for start, end, topic_id in self._spans(text):
                if topic_id in outlets:
                    continue
                scores[topic_id] = scores.get(topic_id, 0.0) + weight
                mentions.setdefault(topic_id, []).append((topic_id, field_name, text[start:end], block, start, end))
        for short in self._branches.keys() & mentions.keys():
            self._to_branch(short, scores, mentions, {(f, b): w for f, b, _, w in texts})
        for topic_id in dict.fromkeys(manual):
            if topic_id in self.topics and topic_id not in outlets:
                scores[topic_id] = scores.get(topic_id, 0.0) + MANUAL_WEIGHT
                mentions.setdefault(topic_id, []).append((topic_id, "manual", "", -1, 0, 0))
        excluded = set(exclude)
        tags = [_build_tag(topic_id, round(score, 3), tuple(mentions[topic_id]))
                for topic_id, score in scores.items()
                if topic_id not in excluded and score >= MIN_SCORE]
        return tuple(sorted(tags, key=lambda t: (-t.score, t.topic_id)))

    def _to_branch(self, short: str, scores: dict[str, float], mentions: dict[str, list],
                   weights: dict[tuple[str, int], float]) -> None:
        """Give the bare mentions of organisation ``short`` (its name alone, no qualifier) to its branch
        when the article names exactly one of its branches (كتائب حزب الله ... "حزب الله" is the Kataib)."""
        branches, lengths = self._branches[short]
        named = [b for b in branches if b in mentions]
        if len(named) != 1:
            return
        branch = named[0]
        bare = [m for m in mentions[short] if len(arabic.tokenize(m[2])) in lengths]
        for m in bare:
            weight = weights[(m[1], m[3])]
            scores[short] -= weight
            scores[branch] += weight
            mentions[branch].append((branch, *m[1:]))
        mentions[branch].sort(key=lambda m: (m[1] != "title", m[1] != "subtitle", m[3], m[4]))
        mentions[short] = [m for m in mentions[short] if m not in bare]
        if not mentions[short]:
            del scores[short], mentions[short]


_BREAK, _DENIAL, _NEGATION, _MAY_WORD, _TITLE, _PARTICLE, _SON, _NISBA = (1 << n for n in range(8))
# Every normalised word that may read as a clause break, denial, negation or "may" (a clitic or an article
# before one of those words); any other word has none of these classes.
_CUE_FORMS = frozenset(prefix + word for word in _CLAUSE_BREAKS | _DENIALS | _NEGATIONS | _MAY
                       for prefix in ("", *arabic._LETTER_PREFIXES, *arabic._ARTICLE_PREFIXES))


def _cue(word: str) -> int:
    """The classes of a word as written (bits): clause break, denial, negation, "may"; person title,
    name particle, "son of", nisba adjective (الجزائري)."""
    forms = frozenset(arabic.forms(arabic._normalized[word]))
    kind = 0
    for bit, words in ((_BREAK, _CLAUSE_BREAKS), (_DENIAL, _DENIALS), (_NEGATION, _NEGATIONS), (_MAY_WORD, _MAY),
                       (_TITLE, _PERSON_TITLES), (_PARTICLE, _NAME_PARTICLES), (_SON, _SON_OF)):
        if forms & words:
            kind |= bit
    if any(f.startswith("ال") and f.endswith("ي") and len(f) >= 5 for f in forms):  # not الي (إلى), الذي
        kind |= _NISBA
    return kind


def _disagree(noun: str, adjective: str) -> bool:
    """True when an adjective cannot describe a noun, both as written: the noun has the article and the
    adjective not, or the noun is marked indefinite (هجوما) and the adjective has it. A noun without
    either may head a construct (رد الجيش الأمريكي), which the article of the word after makes definite."""
    normalized = arabic._normalized
    if arabic.definite(normalized[noun]):
        return not arabic.definite(normalized[adjective])
    return normalized[noun].endswith("ا") and arabic.definite(normalized[adjective])


@lru_cache(maxsize=4096)
def _ends_clause(separator: str) -> bool:
    """True when the text between two words holds clause punctuation (a negation does not reach past it)."""
    return not _CLAUSE_ENDS.isdisjoint(separator)


def _without_pronoun(token: str) -> tuple[str, ...]:
    """The keys of a normalised word without a pronoun suffix (انسحابها: انسحاب; مهمتها: مهمة), or () when
    it has none."""
    return tuple(map(arabic.key, _pronoun_stems(token)))


def _pronoun_stems(token: str) -> tuple[str, ...]:
    """A normalised word without its pronoun suffix, and with ة back where the suffix made it ت (مهمتها:
    مهمت, مهمه); or without the alif of the indefinite accusative (هجوما صاروخيا: هجوم صاروخي, انتهاكا:
    انتهاك); or () when it has neither."""
    stem = _pronoun_stem(token)
    if not stem:
        return (token[:-1],) if token.endswith("ا") and len(token) >= 4 and token[-2] != "ا" else ()
    return (stem, stem[:-1] + "ه") if stem.endswith("ت") and not stem.endswith("ات") and len(stem) >= 4 else (stem,)


def _pronoun_stem(token: str) -> str:
    """A normalised word without its pronoun suffix, or "": هما هم ها, and ه (مبيعاته, حربه). A final ه is
    mostly ة, so the stem is only another reading: it matters where it is the word of a theme phrase
    (حربه ضد داعش is الحرب ضد داعش, انسحابه is انسحاب)."""
    for suffix in _PRONOUNS:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[:-len(suffix)]
    return token[:-1] if token.endswith("ه") and len(token) >= 4 else ""


_NONE: frozenset[str] = frozenset()


def _agreeing(keys: tuple[str, ...], wanted: frozenset[str]) -> frozenset[str]:
    """The keys of a word, and their agreement forms (without a feminine or plural ending, with ة, with ات),
    that are in ``wanted``."""
    out = []
    for k in keys:
        stem = k
        for ending in _AGREEMENT:
            if k.endswith(ending) and len(k) - len(ending) >= 3:
                stem = k[:-len(ending)]
                break
        for form in (k, stem, stem + "ه", stem + "ات"):
            if form in wanted:
                out.append(form)
    return frozenset(out) if out else _NONE


def _present(token: str) -> bool:
    """True when a normalised word reads as a present-tense verb (after قد: "may")."""
    return token[:1] in ("ي", "ن") or (token[:1] == "ت" and token[-1:] != "ت" and token != "تم")


@lru_cache(maxsize=4096)
def _joined(separator: str) -> bool:
    """True when the text between two words is only spaces, hyphens or quotes (an alias does not span punctuation)."""
    return all(ch.isspace() or ch in _JOINERS for ch in separator)
