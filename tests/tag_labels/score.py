"""Tagger precision and recall on real labelled excerpts (tests/tag_labels/).

    python -m tests.tag_labels.score [-v] [--outlets]

``-v`` lists each excerpt's wrong and missed tags; ``--outlets`` adds the scores of each outlet.

Each ``<name>.txt`` is an excerpt of a real article (its first line the headline or first
paragraph, one paragraph a line); ``<name>.yml`` holds its source and the tags a careful editor
assigns: ``topics`` and ``entities`` (ids of seeds/topics.yml) and ``missing`` (entries the
taxonomy lacked when the excerpt was labelled, as ``id``, ``kind``, ``name``). A missing entry
counts once the taxonomy has its id, and as a miss until then. Outlets and agencies named as
sources are never labelled: they are not topics of the article.

Scores are micro-averaged over excerpts, themes (``topic``) and names (people, organisations,
places) apart, for the development and the test part apart (split by outlet).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from generator.model import Block, CleanArticle
from generator.topics import Tagger, load_taxonomy
from tests.clean_labels.real_set import split_of

LABELS = Path(__file__).resolve().parent
TAXONOMY = LABELS.parent.parent / "seeds" / "topics.yml"
KEYS = {"url", "outlet", "domain", "split", "topics", "entities", "missing"}


@dataclass(frozen=True)
class Item:
    name: str
    domain: str
    split: str
    text: str
    topics: frozenset[str]  # gold themes, missing ones included
    entities: frozenset[str]  # gold names, missing ones included


def load() -> list[Item]:
    """Every labelled excerpt, checked: known keys, the split its outlet's domain gives."""
    items = []
    for meta_path in sorted(LABELS.glob("*.yml")):
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        if set(meta) - KEYS or meta["split"] != split_of(meta["domain"]):
            raise ValueError(f"{meta_path}: unknown keys or a split its domain does not give")
        missing = meta.get("missing") or []
        topics = set(meta.get("topics") or ()) | {m["id"] for m in missing if m["kind"] == "topic"}
        entities = set(meta.get("entities") or ()) | {m["id"] for m in missing if m["kind"] != "topic"}
        text = meta_path.with_suffix(".txt").read_text(encoding="utf-8")
        items.append(Item(meta_path.stem, meta["domain"], meta["split"], text, frozenset(topics), frozenset(entities)))
    return items


def article(text: str) -> CleanArticle:
    """The excerpt as the tagger sees a cleaned article: the first line the title, each other line a paragraph."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return CleanArticle(title=lines[0], body=tuple(Block("p", line) for line in lines[1:]))


@lru_cache(maxsize=1)
def tagger() -> Tagger:
    return Tagger(load_taxonomy(TAXONOMY))


def predict(item: Item) -> tuple[set[str], set[str]]:
    """The tagger's (themes, names) for one excerpt."""
    t = tagger()
    ids = {tag.topic_id for tag in t.tag(article(item.text))}
    return {i for i in ids if t.topics[i].kind == "topic"}, {i for i in ids if t.topics[i].kind != "topic"}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: frozenset[str], found: set[str]) -> None:
        self.tp += len(gold & found)
        self.fp += len(found - gold)
        self.fn += len(gold - found)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(items: list[Item] | None = None) -> dict[tuple[str, str], Counts]:
    """Counts by (split, "topics" | "entities"), and by ("all", ...)."""
    out: dict[tuple[str, str], Counts] = {}
    for item in load() if items is None else items:
        themes, names = predict(item)
        for part in (item.split, "all"):
            out.setdefault((part, "topics"), Counts()).add(item.topics, themes)
            out.setdefault((part, "entities"), Counts()).add(item.entities, names)
    return out


def main(argv: list[str]) -> int:
    items = load()
    verbose = "-v" in argv
    if verbose:
        for item in items:
            themes, names = predict(item)
            wrong = sorted((themes | names) - item.topics - item.entities)
            lost = sorted((item.topics | item.entities) - themes - names)
            if wrong or lost:
                print(f"{item.name} [{item.split}]  extra: {', '.join(wrong) or '-'}  missed: {', '.join(lost) or '-'}")
    if "--outlets" in argv:
        print(f"{'outlet':32} {'part':5} {'topics':>9} {'entities':>9}   (found right / found / labelled)")
        for domain in sorted({i.domain for i in items}):
            mine = [i for i in items if i.domain == domain]
            c = score(mine)
            t, e = c[("all", "topics")], c[("all", "entities")]
            print(
                f"{domain:32} {mine[0].split:5} {t.tp:3}/{t.tp + t.fp:2}/{t.tp + t.fn:2} {e.tp:3}/{e.tp + e.fp:2}/{e.tp + e.fn:2}"
            )
    counts = score(items)
    outlets = {part: len({i.domain for i in items if i.split == part}) for part in ("dev", "test")}
    print(f"{'part':5} {'excerpts':>8} {'outlets':>7}  {'topics P':>8} {'R':>5}  {'entities P':>10} {'R':>5}")
    for part in ("dev", "test", "all"):
        n = sum(1 for i in items if part in (i.split, "all"))
        t, e = counts[(part, "topics")], counts[(part, "entities")]
        print(
            f"{part:5} {n:8} {outlets.get(part, sum(outlets.values())):7}  {t.precision:8.3f} {t.recall:5.3f}  "
            f"{e.precision:10.3f} {e.recall:5.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
