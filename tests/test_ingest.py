"""Feeds in: RSS/Atom entries and raw text files become seeds/<id>.txt + draft <id>.yml, never overwriting."""

from __future__ import annotations

import io
import shutil
import sys
import types
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import generator
from generator import ingest, metadata, sources
from generator.model import Tag

DATA = Path(__file__).parent / "data" / "feeds"
RSS = DATA / "rss_ar.xml"
ATOM = DATA / "atom_ar.atom"
MALFORMED = DATA / "malformed.xml"
RAW = DATA / "raw_cp1256.txt"
RAW_TEXT = (
    "الأمم المتحدة تدعو إلى حوار وطني شامل في العراق\n\n"
    "بغداد - دعت بعثة الأمم المتحدة لمساعدة العراق اليوم الأحد جميع الأطراف السياسية إلى الانخراط في حوار وطني "
    "شامل.\n\n"
    "وقالت رئيسة البعثة في بيان إن الحوار هو السبيل الوحيد لتجاوز الأزمة الحالية، مؤكدة دعم المنظمة الدولية "
    "للعملية السياسية.\n\n"
    "وأضاف البيان أن البعثة ستواصل العمل مع الحكومة والبرلمان لضمان إجراء الانتخابات في موعدها المحدد.\n"
)


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _pairs(seeds: Path) -> dict[str, tuple[str, dict]]:
    """Every written article: id -> (text, validated metadata fields, raw YAML)."""
    out = {}
    for txt in sorted(seeds.glob("*.txt")):
        yml = txt.with_suffix(".yml")
        assert yml.exists(), f"{txt.name} has no metadata file"
        meta_text = yml.read_text(encoding="utf-8")
        fields, warnings = metadata.parse(meta_text, yml)  # raises on any error
        assert warnings == []
        sources.check_id(txt.stem, txt)
        out[txt.stem] = (txt.read_text(encoding="utf-8"), fields, meta_text)
    assert sorted(p.stem for p in seeds.glob("*.yml") if p.name != "topics.yml") == sorted(out)
    return out


def _by_url(pairs):
    return {fields.get("url"): (aid, text, fields, raw) for aid, (text, fields, raw) in pairs.items()}


def _by_title(pairs):
    return {fields.get("title"): (aid, text, fields, raw) for aid, (text, fields, raw) in pairs.items()}


# --- RSS ----------------------------------------------------------------------------------------------

def test_rss_feed(tmp_path):
    seeds = tmp_path / "seeds"
    lines = []
    report = ingest.ingest([str(RSS)], seeds, lines.append)
    assert len(report.new) == 4
    assert [why for _, why in report.skipped] == [
        f"already in seeds: same link as {_by_url(_pairs(seeds))['https://www.example-news.iq/ar/news/1001'][0]}"]
    assert "item 4" in report.skipped[0][0]
    assert len(report.failed) == 1 and "item 6" in report.failed[0][0] and "no text" in report.failed[0][1]
    assert len(lines) >= 6  # one progress line per item

    pairs = _pairs(seeds)
    assert set(pairs) == set(report.new)
    by_url = _by_url(pairs)

    # Entities decoded; CDATA HTML turned into paragraphs; script and style dropped; &nbsp; a space.
    aid, text, fields, raw = by_url["https://www.example-news.iq/ar/news/1001"]
    title = 'الكاظمي يبحث مع ماكغورك "سحب" القوات الأمريكية & الحوار الاستراتيجي'
    assert fields["title"] == title
    assert text.split("\n")[0] == title and text.split("\n")[1] == ""
    assert text == (
        f"{title}\n\n"
        "بحث رئيس الوزراء مصطفى الكاظمي مع منسق البيت الأبيض بريت ماكغورك آليات سحب القوات القتالية.\n\n"
        "وجاء اللقاء بعد يوم من لقاء وزير المخابرات الإيراني بالرئيس العراقي.\n\n"
        "وأكد الجانبان أهمية الحوار.\n"
    )
    for junk in ("<", "alert", "color", "&nbsp;", "\xa0", "تتبع"):
        assert junk not in text and junk not in fields["summary"]
    assert fields["summary"].startswith("بحث رئيس الوزراء مصطفى الكاظمي")
    # The date and time as the feed wrote them (+0300), not shifted to UTC (which would be the 15th).
    assert fields["date"].isoformat() == "2021-07-16T01:30:00+03:00" and aid.startswith("20210716_")
    assert "\ndate: 2021-07-16T01:30:00+03:00\n" in raw
    assert fields["source"] == "وكالة الأنباء العراقية & الإعلام"
    assert fields["draft"] is True
    assert set(fields) <= set(metadata.FIELDS)

    # A relative link is resolved against the channel's link; escaped HTML and numeric references decoded.
    _, text, fields, _ = by_url["https://www.example-news.iq/ar/news/1002"]
    assert "ناقش مجلس النواب & اللجنة المالية مشروع القانون." in text
    assert fields["date"].isoformat() == "2021-07-14T09:00:00+00:00"

    # No date: no date field, a reminder comment, an 'undated' id.
    aid, text, fields, raw = by_url["https://www.example-news.iq/ar/news/1003"]
    assert "date" not in fields and aid.startswith("undated_")
    assert "# date: YYYY-MM-DD" in raw
    assert "summary" not in fields  # content:encoded only: there is no summary to copy
    assert "زيارة رسمية\n\nوصل وزير الخارجية" in text and "لقاء مع نظيره الإيراني\n\nبحث ملف المياه" in text

    # No link: ingested by its text, without a url.
    aid, text, fields, raw = by_url[None]
    assert fields["title"] == "بيان مقتضب بلا رابط"
    assert "url:" not in raw and aid.startswith("20210713_")


def test_rerun_skips_everything(tmp_path):
    seeds = tmp_path / "seeds"
    first = ingest.ingest([str(RSS), str(ATOM), str(RAW)], seeds)
    before = _snapshot(seeds)
    second = ingest.ingest([str(RSS), str(ATOM), str(RAW)], seeds)
    assert second.new == ()
    assert len(second.skipped) == len(first.new) + len(first.skipped)
    assert all(why.startswith("already in seeds") for _, why in second.skipped)
    assert second.failed == first.failed
    assert _snapshot(seeds) == before  # nothing rewritten, not even touched


def test_duplicate_across_feeds(tmp_path):
    seeds = tmp_path / "seeds"
    report = ingest.ingest([str(RSS), str(ATOM)], seeds)
    reasons = dict(report.skipped)
    atom_dup = next(what for what in reasons if "atom_ar.atom item 3" in what)
    assert reasons[atom_dup].startswith("already in seeds: same link as")
    assert len(_pairs(seeds)) == 4 + 2


def test_same_guid_twice_in_one_feed(tmp_path):
    path = tmp_path / "guid.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://x.example/</link>'
                    '<item><title>خبر أول</title><link>https://x.example/a?utm=1</link>'
                    '<guid isPermaLink="false">x-42</guid></item>'
                    '<item><title>خبر أول معدل</title><link>https://x.example/a?utm=2</link>'
                    '<guid isPermaLink="false">x-42</guid></item>'
                    "</channel></rss>", encoding="utf-8")
    report = ingest.ingest([str(path)], tmp_path / "seeds")
    assert len(report.new) == 1
    assert report.skipped == ((f"{path} item 2 <https://x.example/a?utm=2>",
                               f"already in seeds: same guid as {report.new[0]}"),)


# --- Atom ---------------------------------------------------------------------------------------------

def test_atom_feed(tmp_path):
    seeds = tmp_path / "seeds"
    report = ingest.ingest([str(ATOM)], seeds)
    assert len(report.new) == 3 and report.failed == ()
    by_title = _by_title(_pairs(seeds))
    aid, text, fields, _ = by_title["مجلس الوزراء يقر خطة الكهرباء"]
    assert fields["url"] == "https://atom.example.org/ar/articles/55"  # xml:base applied
    assert fields["date"].isoformat() == "2021-07-16T01:00:00+03:00"  # published, in the feed's time zone
    assert fields["source"] == "صحيفة الصباح"  # HTML in the feed title reduced to text
    assert fields["summary"] == "أقر مجلس الوزراء & وزارة الكهرباء خطة الصيف."
    assert text.endswith("خطة لتحسين تجهيز الكهرباء.\n\nوتتضمن الخطة استيراد الغاز من إيران.\n")
    # An entry whose only id is a tag: URI has no url; its id comes from that guid.
    _, text, fields, _ = by_title["خبر بلا رابط"]
    assert "url" not in fields and "نص الخبر فقط" in text


# --- malformed and non-feeds ------------------------------------------------------------------------

def test_malformed_feed_writes_nothing(tmp_path):
    seeds = tmp_path / "seeds"
    report = ingest.ingest([str(MALFORMED)], seeds)
    assert report.new == () and report.skipped == ()
    (what, why), = report.failed
    assert what == f"{MALFORMED}:5"
    assert "not a well-formed" in why and "mismatched tag" in why
    assert list(seeds.iterdir()) == []
    assert f"failed: {MALFORMED}:5: not a well-formed" in ingest.format_report(report)


@pytest.mark.parametrize("name,content,expected", [
    ("page.xml", b"<html><body><p>not a feed</p></body></html>", "not an RSS or Atom feed"),
    ("data.xml", b"<?xml version='1.0'?><root><a>1</a></root>", "not an RSS or Atom feed"),
    ("plain.xml", "هذا نص عادي وليس خلاصة".encode(), "not a well-formed"),
    ("cut.rss", b"<?xml version='1.0'?>\n<rss version='2.0'><channel><title>t</title>\n"
                b"<item><title>x</title><link>https://x.example/1</link>", "not a well-formed"),
])
def test_not_a_feed(tmp_path, name, content, expected):
    path = tmp_path / "in" / name
    path.parent.mkdir()
    path.write_bytes(content)
    report = ingest.ingest([str(path)], tmp_path / "seeds")
    assert report.new == ()
    assert len(report.failed) == 1 and expected in report.failed[0][1]
    assert report.failed[0][0].startswith(str(path))
    assert list((tmp_path / "seeds").iterdir()) == []


def test_html_entities_in_feed_are_read(tmp_path):
    path = tmp_path / "entities.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>t&nbsp;x</title>'
                    '<item><title>عنوان&nbsp;الخبر &hellip;</title><link>https://x.example/1</link></item>'
                    "</channel></rss>", encoding="utf-8")
    report = ingest.ingest([str(path)], tmp_path / "seeds")
    assert len(report.new) == 1 and report.failed == ()
    (_, fields, _), = _pairs(tmp_path / "seeds").values()
    assert fields["title"] == "عنوان الخبر …"


def test_missing_source(tmp_path):
    report = ingest.ingest([str(tmp_path / "nope.xml")], tmp_path / "seeds")
    assert report.failed == ((str(tmp_path / "nope.xml"), "no such file or folder"),)


# --- raw text -----------------------------------------------------------------------------------------

def test_raw_cp1256_text(tmp_path):
    seeds = tmp_path / "seeds"
    report = ingest.ingest([str(RAW)], seeds)
    (aid,) = report.new
    assert aid.startswith("text_")
    pairs = _pairs(seeds)
    text, fields, raw = pairs[aid]
    assert text == RAW_TEXT  # decoded from windows-1256, written as UTF-8 with \n line ends
    assert (seeds / f"{aid}.txt").read_bytes() == RAW_TEXT.encode("utf-8")
    assert fields == {"title": "الأمم المتحدة تدعو إلى حوار وطني شامل في العراق", "draft": True}
    # The same text again, in UTF-8 under another name: a duplicate.
    again = tmp_path / "copy.txt"
    again.write_text(RAW_TEXT.replace("\n\n", "\n\n\n"), encoding="utf-8")
    report = ingest.ingest([str(again)], seeds)
    assert report.new == () and report.skipped == ((str(again), f"already in seeds: same text as {aid}.txt"),)


def test_feed_detected_by_content(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(RSS, folder / "b_feed.txt")  # a feed, whatever its name says
    shutil.copy(RAW, folder / "a_article.txt")
    (folder / "c_notes.md").write_text("ignored: not a known suffix", encoding="utf-8")
    report = ingest.ingest([str(folder)], tmp_path / "seeds")
    assert len(report.new) == 5
    assert report.new[0].startswith("text_")  # files in name order
    assert all(not what.endswith("c_notes.md") for what, _ in report.failed + report.skipped)


def test_folder_of_fixtures(tmp_path):
    before = _snapshot(DATA)
    report = ingest.ingest([str(DATA)], tmp_path / "seeds")
    assert len(report.new) == 3 + 1 + 3  # atom, raw text, rss (its 1002 item is the atom's third entry)
    assert [what for what, _ in report.failed] == [f"{MALFORMED}:5", f"{RSS} item 6"]
    assert _snapshot(DATA) == before
    # Nothing written anywhere but the seeds folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds"]
    assert all(p.parent == tmp_path / "seeds" for p in tmp_path.rglob("*") if p.is_file())


# --- never overwrite, never half an item -------------------------------------------------------------

def test_existing_files_never_overwritten(tmp_path):
    probe = ingest.ingest([str(RAW)], tmp_path / "probe")
    (aid,) = probe.new
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / f"{aid}.txt").write_text("نص آخر مختلف تماما", encoding="utf-8")
    report = ingest.ingest([str(RAW)], seeds)
    assert report.new == () and report.skipped == ((str(RAW), f"already in seeds: {aid} exists"),)
    assert (seeds / f"{aid}.txt").read_text(encoding="utf-8") == "نص آخر مختلف تماما"
    assert not (seeds / f"{aid}.yml").exists()


def test_write_pair_refuses_existing_metadata(tmp_path):
    draft = ingest.text_draft(RAW.read_bytes(), str(RAW))
    (tmp_path / f"{draft.id}.yml").write_text("draft: false\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        ingest.write_pair(tmp_path, draft)
    assert not (tmp_path / f"{draft.id}.txt").exists()
    assert (tmp_path / f"{draft.id}.yml").read_text(encoding="utf-8") == "draft: false\n"


def test_failed_metadata_write_removes_text(tmp_path, monkeypatch):
    real = ingest._write_new

    def failing(path, content):
        if path.suffix == ".yml":
            raise OSError(28, "No space left on device")
        real(path, content)

    monkeypatch.setattr(ingest, "_write_new", failing)
    report = ingest.ingest([str(RAW)], tmp_path / "seeds")
    assert report.new == () and len(report.failed) == 1 and "No space left" in report.failed[0][1]
    assert list((tmp_path / "seeds").iterdir()) == []


# --- URLs (no network: urlopen is replaced) ----------------------------------------------------------

class _Response(io.BytesIO):
    headers = {"Content-Type": "application/rss+xml; charset=utf-8"}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_url_source(tmp_path, monkeypatch):
    seen = {}

    def fake_urlopen(request, timeout):
        seen["url"], seen["timeout"], seen["agent"] = request.full_url, timeout, request.get_header("User-agent")
        return _Response(RSS.read_bytes())

    monkeypatch.setattr(ingest.urllib.request, "urlopen", fake_urlopen)
    url = "https://www.example-news.iq/ar/rss.xml"
    report = ingest.ingest([url], tmp_path / "seeds")
    assert seen == {"url": url, "timeout": 20, "agent": ingest.USER_AGENT}
    assert len(report.new) == 4
    assert "https://www.example-news.iq/ar/news/1002" in _by_url(_pairs(tmp_path / "seeds"))


def test_url_error_is_reported(tmp_path, monkeypatch):
    def refuse(request, timeout):
        raise ingest.urllib.error.URLError("connection refused")

    monkeypatch.setattr(ingest.urllib.request, "urlopen", refuse)
    report = ingest.ingest(["https://down.example.org/feed.xml"], tmp_path / "seeds")
    assert report.failed == (("https://down.example.org/feed.xml", "cannot fetch: connection refused"),)


# --- tag suggestions -----------------------------------------------------------------------------------

def test_tag_suggestions_written(tmp_path, monkeypatch):
    class Tagger:
        def __init__(self, taxonomy):
            self.taxonomy = taxonomy

        def tag(self, clean, manual, exclude):
            text = clean.title + " " + " ".join(b.text for b in clean.body)
            hits = [Tag(topic_id=tid, score=1.0) for tid, word in self.taxonomy if word in text]
            return tuple(hits) + (Tag(topic_id="Not Valid!", score=0.1),)

    fake = types.ModuleType("generator.topics")
    fake.Tagger = Tagger
    fake.load_taxonomy = lambda path: (("iran", "طهران"), ("iraq", "العراق"))
    monkeypatch.setitem(sys.modules, "generator.topics", fake)
    monkeypatch.setattr(generator, "topics", fake, raising=False)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "topics.yml").write_text("# taxonomy\n", encoding="utf-8")
    ingest.ingest([str(RSS)], seeds)
    by_url = _by_url(_pairs(seeds))
    assert by_url["https://www.example-news.iq/ar/news/1003"][2]["tags"] == ("iran", "iraq")
    assert by_url["https://www.example-news.iq/ar/news/1001"][2]["tags"] == ("iraq",)


def test_no_suggestions_without_taxonomy(tmp_path):
    ingest.ingest([str(RSS)], tmp_path / "seeds")
    assert all("tags" not in fields for _, fields, _ in _pairs(tmp_path / "seeds").values())


# --- pieces ---------------------------------------------------------------------------------------------

def test_html_paragraphs():
    markup = ("<div>أول<br>ثان<p>ثالث <b>غامق</b>\n  متصل</p><script>x()</script><style>b{}</style>"
              "<!-- تعليق --><ul><li>بند</li></ul><table><tr><td>خلية</td><td>أخرى</td></tr></table></div>")
    assert ingest.html_paragraphs(markup) == ["أول", "ثان", "ثالث غامق متصل", "بند", "خلية أخرى"]
    assert ingest.html_paragraphs("") == [] and ingest.html_paragraphs("   ") == []
    assert ingest.html_paragraphs("نص &amp; نص &lt;b&gt;") == ["نص & نص <b>"]


def test_format_report():
    report = ingest.IngestReport(new=("a_1",), skipped=(("feed.xml item 2", "already in seeds: same link as a_0"),),
                                 failed=(("bad.xml:3", "not a well-formed RSS or Atom feed"),))
    text = ingest.format_report(report)
    assert text.splitlines()[0] == "1 new, 1 skipped as duplicates, 1 failed"
    assert "skipped: feed.xml item 2: already in seeds: same link as a_0" in text
    assert "failed: bad.xml:3: not a well-formed RSS or Atom feed" in text


def test_summary_is_cut_to_the_metadata_limit(tmp_path):
    long = " ".join(["كلمة"] * 400)
    path = tmp_path / "long.xml"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>عنوان</title>'
                    f"<link>https://x.example/long</link><description>{long}</description></item></channel></rss>",
                    encoding="utf-8")
    report = ingest.ingest([str(path)], tmp_path / "seeds")
    (_, fields, _), = _pairs(tmp_path / "seeds").values()
    assert len(fields["summary"]) <= 1000
    assert fields["summary"].endswith("…") and report.failed == ()


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_draft_yaml_round_trips(value):
    """Whatever a feed puts in a title, the draft YAML loads back to the same one-line text."""
    expected = ingest.shorten(value, 300)
    if not expected:
        return
    yml = ingest.draft_yaml({"title": expected, "source": expected[:120].strip() or "x", "draft": True})
    fields, warnings = metadata.parse(yml, "draft.yml")
    assert fields["title"] == expected and fields["draft"] is True and warnings == []


def test_an_html_page_with_a_published_date_in_its_markup_ingests_with_that_date(tmp_path) -> None:
    page = tmp_path / "in" / "story.html"
    page.parent.mkdir()
    body = "".join(f"<p>{s}</p>" for s in (
        "زار وفد من وكالة الأنباء ضريح مؤسس الجمهورية في الذكرى التاسعة والتسعين لتأسيس الوكالة يوم السبت.",
        "وضم الوفد الذي زار الضريح في العاصمة مساعدي المدير العام ومديري النشر في الوكالة.",
        "ووضع المدير العام إكليلا من الزهور على الضريح فيما وقف الجميع دقيقة صمت."))
    page.write_text('<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>الوكالة</title>'
                    '<meta property="article:published_time" content="2019-04-06T08:00:00+03:00"></head><body>'
                    f"<article><h1>وفد الوكالة يزور الضريح في ذكرى تأسيسها</h1>{body}</article></body></html>",
                    encoding="utf-8")
    report = ingest.ingest([str(page)], tmp_path / "seeds")
    assert len(report.new) == 1 and not report.failed, report
    assert "date: 2019-04-06\n" in (tmp_path / "seeds" / f"{report.new[0]}.yml").read_text(encoding="utf-8")
