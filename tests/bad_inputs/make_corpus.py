"""Write the bad-input corpus: one folder per case under tests/bad_inputs/, holding the files the case adds to seeds/.

The files are tracked; this script documents how the binary and re-encoded ones were made and rewrites them all:

    .venv/bin/python tests/bad_inputs/make_corpus.py

Expected outcomes live in cases.yml. Files too big or too odd to track (the 20 MB article, symlinks, names that
Windows or macOS checkouts refuse) are made by the test itself from the ``make:`` and ``rename:`` entries of
cases.yml.
"""

from __future__ import annotations

import base64
import codecs
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent

TITLE = "العراق يطلب جدولا زمنيا لانسحاب القوات الأجنبية"
ARTICLE = (
    f"{TITLE}\n"
    "\n"
    "بغداد – قال مسؤولون عراقيون يوم الثلاثاء إن الحكومة أرسلت طلبا رسميا إلى واشنطن لبحث جدول زمني "
    "لانسحاب القوات الأجنبية من البلاد.\n"
    "\n"
    "وأضاف المسؤولون أن الحوار بين البلدين سيستمر خلال الأسابيع المقبلة في بغداد، وأن اللجان الفنية "
    "ستجتمع قبل نهاية الشهر.\n"
)
META = "date: 2021-07-20\nsource: وكالات\n"
DATED = ARTICLE.replace("\n\nبغداد", "\n\n20 يوليو 2021\n\nبغداد", 1)  # the text itself shows a date

# A 1x1 transparent PNG.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")

RSS_WITHOUT_LINK = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>وكالة الأنباء التجريبية</title>
    <link>https://news.example.org/</link>
    <description>أخبار</description>
    <item>
      <title>البرلمان العراقي يناقش قانون الموازنة</title>
      <description>قال نواب عراقيون يوم الأحد إن البرلمان بدأ مناقشة قانون الموازنة العامة للعام المقبل.</description>
      <pubDate>Sun, 18 Jul 2021 09:00:00 +0300</pubDate>
    </item>
  </channel>
</rss>
"""


def text(s: str) -> bytes:
    return s.encode("utf-8")


CASES: dict[str, dict[str, bytes]] = {
    "empty-file": {"empty.txt": b"", "empty.yml": text(META)},
    "whitespace-only": {"blank.txt": b"  \n\t\n\r\n \xc2\xa0 \n", "blank.yml": text(META)},
    "boilerplate-only": {
        "chrome.txt": text("شارك الخبر\n\nاقرأ أيضا\n\nتابعونا على فيسبوك\n\nكلمات دلالية: العراق، واشنطن\n\n"
                           "أضف تعليقك\n\nجميع الحقوق محفوظة © 2021\n"),
        "chrome.yml": text(META)},
    "binary-png": {"image.txt": PNG, "image.yml": text(META)},
    "invalid-utf8": {
        # valid UTF-8 Arabic with one byte of a character cut out on line 3
        "broken.txt": text(ARTICLE)[:text(ARTICLE).index(text("قال")) + 1]
        + text(ARTICLE)[text(ARTICLE).index(text("قال")) + 2:],
        "broken.yml": text(META)},
    "windows-1256": {"legacy.txt": ARTICLE.replace("–", "-").encode("cp1256"), "legacy.yml": text(META)},
    "utf16-bom": {"wide.txt": ARTICLE.encode("utf-16"), "wide.yml": text(META)},
    "one-line-no-punctuation": {"oneline.txt": text("العراق يطلب جدولا زمنيا لانسحاب القوات الأجنبية من البلاد"),
                                "oneline.yml": text(META)},
    "mixed-line-ends": {
        "crlf.txt": text(TITLE + "\r\n\r\n" + ARTICLE.split("\n\n", 1)[1].replace("\n\n", "\r\r").rstrip("\n")
                         + "\r"),
        "crlf.yml": text(META.replace("\n", "\r\n"))},
    "yaml-not-mapping": {"listed.txt": text(ARTICLE), "listed.yml": text("- date: 2021-07-20\n- source: وكالات\n")},
    "yaml-tab-indent": {"tabbed.txt": text(ARTICLE),
                        "tabbed.yml": text("date: 2021-07-20\ntags:\n\t- iraq\nsource: وكالات\n")},
    "yaml-duplicate-key": {"twice.txt": text(ARTICLE),
                           "twice.yml": text("title: عنوان أول\ndate: 2021-07-20\ntitle: عنوان ثان\n")},
    "yaml-unknown-key": {"extra.txt": text(ARTICLE), "extra.yml": text(META + "colour: red\n")},
    "date-yesterday": {"vague.txt": text(ARTICLE), "vague.yml": text("source: وكالات\ndate: yesterday\n")},
    "date-feb-30": {"feb.txt": text(ARTICLE), "feb.yml": text("source: وكالات\ndate: 2024-02-30\n")},
    "title-5000-chars": {"long.txt": text(ARTICLE), "long.yml": text(META + "title: " + "ع" * 5000 + "\n")},
    "tag-not-in-taxonomy": {"tagged.txt": text(ARTICLE),
                            "tagged.yml": text(META + "tags: [iraq, no-such-topic]\n")},
    "yaml-without-text": {"orphan.yml": text(META)},
    "text-without-yaml-dated": {"bare.txt": text(DATED)},
    "text-without-yaml-undated": {"undated.txt": text(ARTICLE)},
    # Names a Windows or macOS checkout cannot hold are tracked under safe names; cases.yml renames them.
    "ids-differ-in-case": {"upper.txt": text(ARTICLE), "upper.yml": text(META),
                           "story.txt": text(ARTICLE.replace("الثلاثاء", "الأربعاء")), "story.yml": text(META)},
    "id-with-dotdot-backslash": {"evil.txt": text(ARTICLE), "evil.yml": text(META)},
    "id-in-subfolder": {"nested/inner.txt": text(ARTICLE), "nested/inner.yml": text(META)},
    "id-hidden-dotdot": {"..evil.txt": text(ARTICLE), "..evil.yml": text(META)},
    "id-windows-reserved": {"device.txt": text(ARTICLE), "device.yml": text(META)},
    "id-with-spaces": {"my article.txt": text(ARTICLE), "my article.yml": text(META)},
    "url-not-http": {"linked.txt": text(ARTICLE), "linked.yml": text(META + "url: javascript:alert(1)\n")},
    "tags-not-a-list": {"tagmap.txt": text(ARTICLE), "tagmap.yml": text(META + "tags: {iraq: yes}\n")},
    "draft-not-bool": {"drafty.txt": text(ARTICLE), "drafty.yml": text(META + "draft: maybe\n")},
    "yaml-syntax-error": {"quote.txt": text(ARTICLE), "quote.yml": text('date: 2021-07-20\ntitle: "unclosed\n')},
    "yaml-control-character": {"bell.txt": text(ARTICLE), "bell.yml": text(META + "title: جرس\x07\n")},
    "yaml-bad-timestamp": {"clock.txt": text(ARTICLE),
                           "clock.yml": text("source: وكالات\ndate: !!timestamp 2021-07-20T99:00\n")},
    "yaml-utf8-bom": {"bom.txt": text(ARTICLE), "bom.yml": codecs.BOM_UTF8 + text(META)},
    "yaml-empty": {"nometa.txt": text(DATED), "nometa.yml": b""},
    "title-empty": {"notitle.txt": text(ARTICLE), "notitle.yml": text(META + 'title: ""\n')},
    "several-bad-files": {  # problems found while cleaning and validating: all reported in one run
        "a0.txt": text(ARTICLE), "a0.yml": text("source: وكالات\ndate: 2024-02-30\n"),
        "a1.txt": b"", "a1.yml": text(META),
        "a2.txt": text(ARTICLE), "a2.yml": text(META + "tags: [no-such-topic]\n"),
        "a3.txt": text(ARTICLE), "a3.yml": text(META + "url: ftp://example.org/x\ndraft: maybe\n"),
        "a4.txt": text(ARTICLE), "a4.yml": text("date: 2021-07-20\ntags:\n\t- iraq\n"),
    },
    "several-bad-files-mixed": {  # problems of the reader and of the metadata together
        "b0.txt": text(ARTICLE), "b0.yml": text("source: وكالات\ndate: 2024-02-30\n"),
        "b1.yml": text(META),
        "b 2.txt": text(ARTICLE),
        "b3.txt": PNG,
    },
    "feed-not-xml": {"feed.xml": text("this is not a feed\n<rss version='2.0'><channel><title>x</title>\n"
                                      "<item><title>a & b</title></item>\n")},
    "rss-item-without-link": {"feed.xml": text(RSS_WITHOUT_LINK)},
}


def main() -> None:
    for old in HERE.iterdir():
        if old.is_dir() and not old.name.startswith(("_", ".")):
            shutil.rmtree(old)
    for case, files in CASES.items():
        for name, data in files.items():
            path = HERE / case / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    print(f"{len(CASES)} cases written under {HERE}")


if __name__ == "__main__":
    main()
