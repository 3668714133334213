"""Metadata loader: every error names the file, the field and the line; all errors of all files in one run."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator import build, metadata, pipeline
from generator.errors import ErrorGroup
from generator.model import Block, CleanArticle

ROOT = Path(__file__).resolve().parent.parent
CLEAN = CleanArticle(title="عنوان المقال", body=(Block("p", "قال المسؤول إن الاجتماع انتهى. وأضاف أن الحوار مستمر."),),
                     published=dt.date(2024, 1, 10), source="وكالات")


def _errors(text: str, path: str = "seeds/x.yml") -> list[str]:
    with pytest.raises(ErrorGroup) as info:
        metadata.parse(text, path)
    return [e.format() for e in info.value.errors]


def test_valid_file_parses_every_field():
    fields, warnings = metadata.parse(
        'title: "عنوان"\ntitle_en: Title\nsummary: ملخص\nsummary_en: Summary\ndate: 2021-07-15\n'
        'source: الخليج الجديد\nsource_en: Al-Khaleej Al-Jadeed\nurl: https://example.org/a\ntags: [iraq]\n'
        'draft: false\n', "x.yml")
    assert fields["date"] == dt.date(2021, 7, 15)
    assert fields["tags"] == ("iraq",)
    assert fields["url"] == "https://example.org/a"
    assert warnings == []


def test_bad_date_names_file_field_and_line():
    (msg,) = _errors("title: t\ndate: 2024-02-30\n")
    assert msg.startswith("seeds/x.yml:2: date:")
    assert "YYYY-MM-DD" in msg and "2024-02-30" in msg


def test_word_date_is_rejected():
    (msg,) = _errors("title: t\n\ndate: yesterday\n")
    assert msg.startswith("seeds/x.yml:3: date:") and "yesterday" in msg


def test_unknown_key_is_a_warning_not_an_error():
    fields, warnings = metadata.parse("title: t\ncolour: red\n", "x.yml")
    assert fields == {"title": "t"}
    assert [w.format() for w in warnings] == [
        "x.yml:2: unknown field 'colour' ignored; known fields: " + ", ".join(metadata.FIELDS)]


def test_missing_required_date_is_an_error_when_text_has_none():
    fields, _ = metadata.parse("title: t\n", "x.yml")
    undated = CleanArticle(title="t", body=(Block("p", "نص."),))
    with pytest.raises(ErrorGroup) as info:
        metadata.merge(fields, undated, "x.yml")
    assert "no date" in info.value.errors[0].format() and "x.yml" in info.value.errors[0].format()


def test_all_errors_of_one_file_reported_together():
    msgs = _errors("title: 5\ndate: 2024-13-01\nurl: ftp://x\ndraft: maybe\ntitle: again\n")
    assert [m.split(":")[1] for m in msgs] == ["1", "2", "3", "4", "5"]
    assert "duplicate field 'title'" in msgs[-1]


def test_syntax_errors_give_the_line():
    (msg,) = _errors("title: t\ndate:\n\t2024-01-01\n")
    assert msg.startswith("seeds/x.yml:3:") and "tabs" in msg
    (msg,) = _errors("- a\n- b\n")
    assert "expected a mapping" in msg


def test_long_title_rejected():
    (msg,) = _errors("title: " + "ا" * 5000 + "\n")
    assert "5000 characters" in msg and "at most 300" in msg


def test_editorial_fields_win_and_extracted_fill_gaps():
    fields, _ = metadata.parse("title: عنوان المحرر\n", "x.yml")
    meta = metadata.merge(fields, CLEAN, "x.yml")
    assert meta.title == "عنوان المحرر"
    assert meta.date == dt.date(2024, 1, 10)
    assert meta.source == "وكالات"
    assert meta.summary == "قال المسؤول إن الاجتماع انتهى."
    fields, _ = metadata.parse("date: 2023-05-01\nsource: unknown\n", "x.yml")
    meta = metadata.merge(fields, CLEAN, "x.yml")
    assert meta.date == dt.date(2023, 5, 1) and meta.source == "unknown" and meta.title == "عنوان المقال"


def test_errors_of_all_files_reported_in_one_run(tmp_path):
    project_root = tmp_path / "p"
    project_root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project_root / "mkdocs.yml")
    seeds = project_root / "seeds"
    seeds.mkdir()
    for i, yml in enumerate(["date: 2024-02-30\n", "title: t\nsummary: [1, 2]\n", "date: 2021-01-01\n"]):
        (seeds / f"a{i}.txt").write_text("عنوان\n\nقال المسؤول إن الاجتماع انتهى بعد ساعات من الحوار.\n",
                                         encoding="utf-8")
        (seeds / f"a{i}.yml").write_text(yml, encoding="utf-8")
    with pytest.raises(ErrorGroup) as info:
        pipeline.gather(build.Project(root=project_root))
    msgs = [e.format() for e in info.value.errors]
    assert any(m.startswith(str(seeds / "a0.yml") + ":1: date:") for m in msgs), msgs
    assert any(m.startswith(str(seeds / "a1.yml") + ":2: summary:") for m in msgs), msgs
    assert len(msgs) == 2
