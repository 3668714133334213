"""The reader: pairs, sorting, decoding and unsafe names."""

from __future__ import annotations

import codecs
import os

import pytest

from generator import sources
from generator.errors import ErrorGroup, SourceError

ARABIC = "بغداد – قال مسؤولون عراقيون يوم الثلاثاء إن العراق أرسل طلبا رسميا\n"


def test_decodes_utf8_bom_utf16_and_cp1256():
    assert sources.decode(codecs.BOM_UTF8 + ARABIC.encode(), "x") == ARABIC
    assert sources.decode(ARABIC.encode("utf-16"), "x") == ARABIC
    assert sources.decode((ARABIC * 3).encode("cp1256"), "x") == ARABIC * 3


def test_binary_and_undecodable_are_clear_errors():
    with pytest.raises(SourceError, match="not a text file"):
        sources.decode(b"\x89PNG\r\n\x1a\n\x00\x00", "a.txt")
    with pytest.raises(SourceError) as info:
        sources.decode(b"ok line\n\xff\xfe\xfd\xfc\x00", "b.txt")
    assert info.value.format().startswith("b.txt")


def test_discover_pairs_sorted_and_reports_orphans(tmp_path):
    for name in ["b.txt", "b.yml", "a.txt", "c.yml"]:
        (tmp_path / name).write_text("title: x\n" if name.endswith("yml") else ARABIC, encoding="utf-8")
    with pytest.raises(ErrorGroup) as info:
        sources.discover(tmp_path)
    assert [e.format() for e in info.value.errors] == [
        f"{tmp_path / 'c.yml'}: metadata without its article text: expected c.txt beside it"]
    (tmp_path / "c.yml").unlink()
    found = sources.discover(tmp_path)
    assert [s.id for s in found] == ["a", "b"]
    assert found[0].meta_text is None and found[1].meta_text == "title: x\n"


@pytest.mark.parametrize("bad", ["con", "LPT1", "a b", "-x", "ا"])
def test_unsafe_ids_rejected(bad):
    with pytest.raises(SourceError):
        sources.check_id(bad, "seeds/x.txt")


def test_symlink_out_of_seeds_is_refused(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(ARABIC, encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    os.symlink(outside, seeds / "leak.txt")
    with pytest.raises(ErrorGroup, match="outside the seeds folder"):
        sources.discover(seeds)
