"""The editor's desk (`python -m generator desk`) on a copy of the seeds with planted problems."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import arabic, desk

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TODAY = dt.date(2026, 12, 7)
NEGATED_LINE = "ولم يزر السوداني واشنطن في تلك الزيارة."
BREADCRUMB = "الرئيسية » أخبار العراق » سياسة"


def _edit_yaml(path: Path, drop: tuple[str, ...] = (), add: str = "", replace: dict[str, str] | None = None) -> None:
    lines = [
        line
        for line in path.read_text(encoding="utf-8").split("\n")
        if not any(line.startswith(f"{key}:") for key in drop)
    ]
    text = "\n".join(lines)
    for key, value in (replace or {}).items():
        text = re.sub(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.M)
    path.write_text(text.rstrip("\n") + "\n" + add, encoding="utf-8")


def _line_of(path: Path, prefix: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if line.startswith(prefix))


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    """A project whose seeds are the real ones with one problem of each kind planted."""
    root = tmp_path_factory.mktemp("desk")
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    _edit_yaml(
        seeds / "002_f4b2df3151264d84.yml", add="draft: true\n", replace={"date": "2024-01-12"}
    )  # the text prints 10 January 2024
    _edit_yaml(seeds / "003_ff6027afb6296c5c.yml", drop=("summary_en",))
    _edit_yaml(seeds / "004_44a3e3d5a904009e.yml", drop=("source", "source_en"))
    text = (seeds / "001_fa2a66c985b7476f.txt").read_text(encoding="utf-8").split("\n")
    text[10:10] = [NEGATED_LINE, ""]  # line 11
    (seeds / "001_fa2a66c985b7476f.txt").write_text("\n".join(text), encoding="utf-8")
    # Another outlet's copy of 003 two days later, under a breadcrumb for a title; and one for next year.
    shutil.copy(seeds / "003_ff6027afb6296c5c.txt", seeds / "copy-003.txt")
    (seeds / "copy-003.yml").write_text(
        f'title: "{BREADCRUMB}"\ndate: 2021-03-25\nsource: "وكالة أخرى"\ntitle_en: "x"\nsummary_en: "y"\n',
        encoding="utf-8",
    )
    shutil.copy(seeds / "004_44a3e3d5a904009e.txt", seeds / "later.txt")
    (seeds / "later.yml").write_text(
        'date: 2027-03-01\nsource: "AvaToday"\ntitle_en: "x"\nsummary_en: "y"\n', encoding="utf-8"
    )
    return root


@pytest.fixture(scope="module")
def report(planted) -> desk.Desk:
    return desk.gather(planted, today=TODAY)


def _found(report: desk.Desk, kind: str, path: str) -> list[desk.Finding]:
    return [f for f in report.findings if f.kind == kind and f.path == path]


def test_each_planted_problem_is_listed_at_its_file_and_line(report, planted):
    seeds = planted / "seeds"
    draft = _found(report, "draft", "seeds/002_f4b2df3151264d84.yml")
    assert [f.line for f in draft] == [_line_of(seeds / "002_f4b2df3151264d84.yml", "draft:")]
    mismatch = _found(report, "date-mismatch", "seeds/002_f4b2df3151264d84.yml")
    assert [f.line for f in mismatch] == [_line_of(seeds / "002_f4b2df3151264d84.yml", "date:")]
    assert "2024-01-10" in mismatch[0].message and "seeds/002_f4b2df3151264d84.txt:2" in mismatch[0].message
    untranslated = _found(report, "untranslated", "seeds/003_ff6027afb6296c5c.yml")
    assert len(untranslated) == 1 and "summary" in untranslated[0].message and "title" not in untranslated[0].message
    outlet = _found(report, "unknown-outlet", "seeds/004_44a3e3d5a904009e.yml")
    assert len(outlet) == 1 and "names no outlet" in outlet[0].message
    title = _found(report, "title", "seeds/copy-003.yml")
    assert [f.line for f in title] == [1] and "breadcrumb" in title[0].message
    negated = _found(report, "negated-tag", "seeds/001_fa2a66c985b7476f.txt")
    assert [(f.line, f.evidence) for f in negated if "mohammed-shia-al-sudani" in f.message] == [(11, NEGATED_LINE)]
    scheduled = _found(report, "scheduled", "seeds/later.yml")
    assert [f.line for f in scheduled] == [1] and "2027-03-01" in scheduled[0].message
    dupes = {(f.path, f.message.split(" (")[0]) for f in report.findings if f.kind == "near-duplicate"}
    assert dupes == {
        ("seeds/003_ff6027afb6296c5c.txt", "nearly the same text as seeds/copy-003.txt"),
        ("seeds/copy-003.txt", "nearly the same text as seeds/003_ff6027afb6296c5c.txt"),
    }


def test_nothing_planted_is_not_reported(report):
    """The untouched seeds raise none of the planted kinds: no false draft, title, date or English finding."""
    untouched = {"seeds/000_a85b438a6a7a1b81.yml", "seeds/001_fa2a66c985b7476f.yml"}
    kinds = {"draft", "scheduled", "untranslated", "date-mismatch", "title"}
    assert [f for f in report.findings if f.path in untouched and f.kind in kinds] == []


def test_every_tag_shows_its_evidence_in_its_sentence(report):
    tags = [f for f in report.findings if f.kind == "tag"]
    assert {f.article for f in tags} >= {"000_a85b438a6a7a1b81", "002_f4b2df3151264d84"}
    for finding in tags:
        assert finding.mentions
        for mention in finding.mentions:
            if mention["field"] != "manual":
                assert mention["text"] and mention["text"] in mention["sentence"]
                assert mention["line"] >= 1


def test_a_name_inside_a_longer_name_is_flagged(report):
    """Seed 002 writes حزب الله only inside كتائب حزب الله: Hezbollah is not tagged, and the desk says why."""
    inside = [f for f in report.findings if f.kind == "inside-name" and f.article == "002_f4b2df3151264d84"]
    assert any("hezbollah ('حزب الله')" in f.message and "kataib-hezbollah" in f.message for f in inside)


def test_a_still_is_no_negation():
    assert desk.mention_flag("عين اميركا لا تزال على العراق", len("عين اميركا لا تزال على ")) is None
    assert desk.mention_flag("لم يلتق السوداني بأحد", len("لم يلتق ")) == "negated"
    assert desk.mention_flag("إذا زار السوداني واشنطن", len("إذا زار ")) == "hypothetical"
    assert desk.mention_flag("زار السوداني واشنطن", len("زار ")) is None


def test_sorted_by_date_newest_first(report):
    dates = [f.date for f in report.sorted("date")]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2027-03-01"
    places = [(f.path, f.line) for f in report.sorted("file")]
    assert places == sorted(places)


def test_command_prints_text_json_and_html_and_touches_no_seed(planted):
    before = {p.name: p.read_bytes() for p in (planted / "seeds").iterdir()}
    run = subprocess.run(
        [sys.executable, "-m", "generator", "desk", "--root", str(planted), "--json", "--html", "desk/index.html"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["articles"] == 7
    assert {
        "draft",
        "scheduled",
        "untranslated",
        "unknown-outlet",
        "date-mismatch",
        "title",
        "near-duplicate",
        "negated-tag",
        "inside-name",
        "weak-tag",
        "tag",
    } <= {f["kind"] for f in data["findings"]}
    assert all(set(f) >= {"kind", "path", "line", "date", "message"} for f in data["findings"])
    page = (planted / "desk" / "index.html").read_text(encoding="utf-8")
    assert "seeds/002_f4b2df3151264d84.yml:" in page and 'data-sort="date"' in page
    assert not (planted / "docs").exists() and not (planted / "site").exists()
    text = subprocess.run(
        [sys.executable, "-m", "generator", "desk", "--root", str(planted), "--sort", "file"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert text.returncode == 0
    lines = text.stdout.splitlines()
    assert any(re.match(r"^seeds/001_fa2a66c985b7476f\.txt:11: negated-tag: mohammed-shia-al-sudani", x) for x in lines)
    assert {p.name: p.read_bytes() for p in (planted / "seeds").iterdir()} == before


def test_an_unreadable_seed_is_one_line_and_the_rest_is_reported(planted, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(planted / "seeds", root / "seeds")
    (root / "seeds" / "broken.txt").write_text("عنوان\n\nنص قصير بلا تاريخ.\n", encoding="utf-8")
    (root / "seeds" / "broken.yml").write_text("date: [\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "generator", "desk", "--root", str(root)], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 1
    errors = [x for x in run.stdout.splitlines() if x.startswith("error: ")]
    assert len(errors) == 1 and "seeds/broken.yml:" in errors[0]
    assert "7 articles;" in run.stdout


def test_taxonomy_suggestions_point_at_the_taxonomy(tmp_path):
    """With the ``suggest`` command in the generator, a name that recurs in two articles and matches no entry is
    listed at the end of topics.yml, with the article and line where it was seen."""
    pytest.importorskip("generator.suggest")
    shutil.copytree(SEEDS, tmp_path / "seeds")
    for name, at, line in (
        ("001_fa2a66c985b7476f.txt", 10, "وقال وزير الموارد المائية سامي الحسناوي إن الخطة ستنفذ قريبا."),
        ("003_ff6027afb6296c5c.txt", 6, "وأكد وزير الموارد المائية سامي الحسناوي أن المشروع ماض."),
    ):
        path = tmp_path / "seeds" / name
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[at:at] = [line, ""]
        path.write_text("\n".join(lines), encoding="utf-8")
    found = [f for f in desk.gather(tmp_path, today=TODAY).findings if f.kind == "suggestion"]
    taxonomy_lines = (tmp_path / "seeds" / "topics.yml").read_text(encoding="utf-8").count("\n") + 1
    assert [(f.path, f.line) for f in found if "سامي الحسناوي" in f.message] == [("seeds/topics.yml", taxonomy_lines)]
    assert any("seeds/001_fa2a66c985b7476f.txt:11" in f.message for f in found)


def test_outlets_the_yaml_calls_unknown_are_listed_at_their_source_line(report, planted):
    """The seeds whose YAML says ``source: unknown`` are each listed at that line, saying so."""
    seeds = planted / "seeds"
    unknown = sorted(
        p.name for p in seeds.glob("*.yml") if re.search(r"^source: unknown\b", p.read_text("utf-8"), re.M)
    )
    assert len(unknown) >= 3
    for name in unknown:
        found = _found(report, "unknown-outlet", f"seeds/{name}")
        assert [f.line for f in found] == [_line_of(seeds / name, "source:")], name
        assert "source: unknown" in found[0].message


def test_an_article_without_an_english_title_or_summary_is_listed_once_at_its_yaml(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    meta = tmp_path / "seeds" / "000_a85b438a6a7a1b81.yml"
    _edit_yaml(meta, drop=("title_en", "summary_en"))
    found = _found(desk.gather(tmp_path, today=TODAY), "untranslated", "seeds/000_a85b438a6a7a1b81.yml")
    assert len(found) == 1 and "no English title or summary" in found[0].message
    assert "'title_en:'" in found[0].message and "'summary_en:'" in found[0].message


@pytest.mark.parametrize(
    "title, source, why",
    [
        ("الأحد 10 كانون الثاني 2024", "وكالة أخرى", "date line"),
        ("السبت، 13 يناير 2024", "وكالة أخرى", "date line"),
        ("10/01/2024 - 12:30", "وكالة أخرى", "date line"),
        ("الرئيسية » أخبار العراق", "وكالة أخرى", "breadcrumb"),
        ("الخليج الجديد", "الخليج الجديد", "outlet's name"),
        ("https://example.com/news/1", "وكالة أخرى", "web address"),
        ("بغداد تستضيف القمة العربية في أيار", "الخليج الجديد", None),
        ("الخليج الجديد: بغداد تستضيف القمة", "الخليج الجديد", None),
    ],
)
def test_titles_that_look_like_a_date_line_breadcrumb_or_site_name(title, source, why):
    problem = desk._title_problem(title, source)
    assert (problem is None) if why is None else (problem is not None and why in problem)


def test_a_tag_resting_on_one_body_mention_is_flagged_at_its_line(report, planted):
    """A weak tag is one whose evidence is a single mention in the body; the desk flags each such tag, and no
    other, at the line of the text holding the mention, quoting its sentence."""
    tags = [f for f in report.findings if f.kind == "tag"]
    single = {
        (f.article, f.message.split(" ")[0]) for f in tags if len(f.mentions) == 1 and f.mentions[0]["field"] == "body"
    }
    weak = {(f.article, f.message.split(" ")[0]): f for f in report.findings if f.kind == "weak-tag"}
    assert len(weak) >= 10 and set(weak) == single
    for finding in weak.values():
        said = re.search(r"\('(.+?)'\)", finding.message)[1]
        line = (planted / finding.path).read_text(encoding="utf-8").split("\n")[finding.line - 1]
        assert said in line and said in finding.evidence, finding
    # and every mention of every tag is on the line its evidence names (the cleaner may re-space punctuation)
    for mention in (m for f in tags for m in f.mentions if m["field"] != "manual"):
        line = (planted / mention["path"]).read_text(encoding="utf-8").split("\n")[mention["line"] - 1]
        assert " ".join(w for w, _, _ in arabic.tokenize(mention["text"])) in " ".join(
            w for w, _, _ in arabic.tokenize(line)
        ), mention
