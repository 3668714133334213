"""Tests of the taxonomy suggestions (generator/suggest.py, python -m generator suggest) on real articles:
the seeds and the labelled excerpts of real outlets (tests/tag_labels/)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator import arabic
from generator.cli import main
from generator.suggest import report, suggest
from generator.topics import Tagger, load_taxonomy, parse_taxonomy

ROOT = Path(__file__).resolve().parent.parent
TAXONOMY = ROOT / "seeds" / "topics.yml"
ARTICLES = [ROOT / "seeds", ROOT / "tests" / "tag_labels"]
# Entries taken out of the taxonomy, and the name and kind under which suggest should bring each back.
TAKEN_OUT = {
    "centcom": ("organisation", "القيادة المركزية الأمريكية"),
    "krg-ministry-of-natural-resources": ("organisation", "وزارة الثروات الطبيعية"),
    "security-media-cell": ("organisation", "خلية الإعلام الأمني"),
    "michael-kurilla": ("person", "مايكل إريك كوريلا"),
    "ceyhan": ("place", "جيهان"),
    "iraqi-news-agency": ("outlet", "وكالة الأنباء العراقية"),
}


def _key(name: str) -> tuple[str, ...]:
    return tuple(arabic.keys(name))


@pytest.fixture(scope="module")
def smaller_taxonomy(tmp_path_factory) -> Path:
    """seeds/topics.yml without the entries of TAKEN_OUT."""
    data = yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))
    data["topics"] = [t for t in data["topics"] if t["id"] not in TAKEN_OUT]
    for entry in data["topics"]:
        if entry["id"] == "pkk":  # the Kurdish spelling of its name taken out
            entry["aliases_ar"] = [a for a in entry["aliases_ar"] if "الكوردستاني" not in a]
    path = tmp_path_factory.mktemp("taxonomy") / "topics.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def suggested(smaller_taxonomy):
    """The suggestions on the seeds and the excerpts with the smaller taxonomy (computed once)."""
    return suggest(ARTICLES, Tagger(load_taxonomy(smaller_taxonomy)))


def test_names_missing_from_the_taxonomy_are_suggested_with_their_kind(suggested):
    found = suggested
    by_key = {(s.kind, _key(s.name)): s for s in found}
    for kind, name in TAKEN_OUT.values():
        suggestion = by_key.get((kind, _key(name)))
        assert suggestion is not None, (kind, name)
        assert suggestion.count >= 2 and suggestion.examples
        for path, sentence in suggestion.examples:
            assert any(w in sentence for w in name.split()[:1]) and Path(path).exists()


def test_another_spelling_of_an_entry_is_offered_as_its_alias(suggested, smaller_taxonomy):
    (pkk,) = [s for s in suggested if _key(s.name) == _key("حزب العمال الكوردستاني")]
    assert pkk.near == ("pkk", "حزب العمال الكردستاني") and pkk.count >= 5
    text = report(suggested)
    assert "another spelling of pkk (حزب العمال الكردستاني): add it to that entry's aliases_ar" in text
    assert all(s.near is None for s in suggested if _key(s.name) in {_key(n) for _, n in TAKEN_OUT.values()})


def test_names_the_taxonomy_matches_are_not_suggested():
    found = suggest(ARTICLES, Tagger(load_taxonomy(TAXONOMY)))
    names = {_key(s.name) for s in found}
    assert not names & {_key(name) for _, name in TAKEN_OUT.values()}
    assert all(s.count >= 2 for s in found)


def test_draft_entries_are_valid_taxonomy_entries(suggested):
    found = suggested
    assert found
    entries = "topics:\n" + "\n".join(s.entry() for s in found) + "\n"
    ids = [t.id for t in parse_taxonomy(entries)]  # raises on any problem, with its line
    assert len(ids) == len(set(ids)) == len(found)


def test_the_report_is_the_same_every_run(smaller_taxonomy, suggested):
    first = report(suggested)
    assert first == report(suggest(list(reversed(ARTICLES)), Tagger(load_taxonomy(smaller_taxonomy))))
    assert "# organisation:" in first and "name_ar: وزارة الثروات الطبيعية" in first


def test_the_command(smaller_taxonomy, capsys):
    assert main(["suggest", str(ROOT / "tests" / "tag_labels"), "--taxonomy", str(smaller_taxonomy)]) == 0
    out = capsys.readouterr().out
    assert "القيادة المركزية الأمريكية" in out and "kind: organisation" in out
    assert main(["suggest", str(ROOT / "tests" / "tag_labels"), "--taxonomy", str(TAXONOMY), "--min-count", "50"]) == 0
    assert capsys.readouterr().out.startswith("no suggestions")
    assert main(["suggest", str(ROOT / "no-such-folder" / "a.txt")]) == 1  # a one-line error naming the file
    assert "no-such-folder/a.txt: file not found" in capsys.readouterr().err
