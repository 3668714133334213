"""The stories on entity pages: each person's, organisation's and place's page lists the stories (of two or more
reports) whose reports name it, newest first, with their titles, dates and number of reports, linked to the story
pages. Checked on the seeds' site built by the real generator and `mkdocs build --strict`, and on a corpus with
more stories than a page lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
import yaml

from generator import i18n, stories
from generator.corpus import Corpus
from generator.model import Story, Tag, Topic
from generator.render import ENTITY_STORIES, Renderer
from conftest import ROOT
from test_stories import PREFIX, _content, _local, _page, _report, _story_pages


def _topic_pages(site: Path, lang: str) -> list[Path]:
    return sorted((site / PREFIX[lang] / "topics").glob("*/index.html"))


def _reports(site: Path, story_page: Path) -> set[Path]:
    content = _content(_page(story_page))
    return {
        _local(site, story_page, li.cssselect("a")[0].get("href")) for li in content.cssselect("ol.digest-reports > li")
    }


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_entity_pages_list_the_stories_whose_reports_name_them(built_site, lang):
    stories = {page: _reports(built_site, page) for page in _story_pages(built_site, lang)}
    assert stories
    listing = 0
    for path in _topic_pages(built_site, lang):
        content = _content(_page(path))
        entity = bool(content.cssselect("dl.digest-profile"))  # people, organisations and places are profiled
        # the entity's articles, as its own page lists them
        articles = {_local(built_site, path, a.get("href")) for a in content.cssselect(".digest-card h2 > a")}
        listed = content.cssselect("ol.digest-stories > li")
        if not entity:
            assert not listed and not content.cssselect("h2#stories"), path
            continue
        expected = {page for page, reports in stories.items() if reports & articles}
        shown = [_local(built_site, path, li.cssselect("a")[0].get("href")) for li in listed]
        assert set(shown) == expected and len(shown) == len(expected), path
        for li, story_page in zip(listed, shown):
            story = _content(_page(story_page))
            # the story's title, its number of reports and its dates, as its own page gives them
            assert li.cssselect("a")[0].text_content() == story.cssselect("h1")[0].text_content()
            byline = story.cssselect(".digest-byline span")[1].text_content()
            assert byline in li.text_content()
            assert str(len(stories[story_page])) in byline
        if expected:
            listing += 1
            heading = content.cssselect("h2#stories")[0].text_content()
            assert heading == i18n.t("entity_stories", lang)
    assert listing >= 3  # the seeds' story names a dozen people, organisations and places


def _corpus(count: int) -> tuple[Corpus, dict[str, Topic]]:
    """``count`` two-report stories naming one person, a day apart, the newest story in the middle of the ids;
    a theme named by all; one single report naming the person (no story)."""
    topics = {
        "sudani": Topic(id="sudani", kind="person", name_ar="محمد شياع السوداني", name_en="Mohammed Shia al-Sudani"),
        "war": Topic(id="war", kind="topic", name_ar="الحرب", name_en="War"),
    }
    start = dt.date(2024, 1, 1)
    order = list(range(count))
    order.insert(count // 2, order.pop())  # the ids' order is not the dates' order
    articles, stories = [], []
    for k, day in enumerate(order):
        first = _report(f"s{k:02d}-a", start + dt.timedelta(days=2 * day))
        second = _report(f"s{k:02d}-b", start + dt.timedelta(days=2 * day + 1))
        tags = (Tag("war", 2.0), Tag("sudani", 1.0))
        articles += [replace(first, tags=tags), replace(second, tags=tags[:1] if k % 2 else tags)]
        stories.append(Story(first.id, (first.id, second.id)))
    alone = replace(_report("z-alone", start + dt.timedelta(days=3 * count)), tags=(Tag("sudani", 1.0),))
    articles.append(alone)
    stories.append(Story(alone.id, (alone.id,)))
    articles.sort(key=lambda a: (a.meta.date, a.id), reverse=True)
    return Corpus(articles=tuple(articles), topics=topics, stories=tuple(stories)), topics


def test_stories_naming_an_entity_are_newest_first_and_only_stories_of_two_or_more():
    corpus, _ = _corpus(5)
    naming = corpus.stories_naming
    assert set(naming) == {"sudani"}  # themes have no such list
    ids = naming["sudani"]
    lasts = [corpus.outlines[i].last for i in ids]
    assert lasts == sorted(lasts, reverse=True) and len(ids) == 5 and "z-alone" not in ids


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_an_entity_page_lists_its_newest_stories_and_says_how_many_there_are(lang):
    corpus, topics = _corpus(ENTITY_STORIES + 3)
    pages = Renderer(corpus).topic_pages(topics["sudani"], lang)
    front = pages[f"{lang}/topics/sudani.md"]
    body = lxml.html.fromstring(front.split("---\n", 2)[2])
    items = body.cssselect("ol.digest-stories > li")
    newest = corpus.stories_naming["sudani"][:ENTITY_STORIES]
    assert [li.cssselect("a")[0].get("href") for li in items] == [f"../../stories/{i}/" for i in newest]
    note = body.cssselect("ol.digest-stories")[0].getprevious().text_content()
    name = topics["sudani"].name_ar if lang == "ar" else topics["sudani"].name_en
    assert note == i18n.t("entity_stories_newest", lang, n=ENTITY_STORIES + 3, name=name)
    # each with its number of reports and its dates
    for li, story_id in zip(items, newest):
        assert li.text_content().endswith(" · " + stories.description(corpus.outlines[story_id], lang))
    # a theme's page has no such list
    theme = Renderer(corpus).topic_pages(topics["war"], lang)[f"{lang}/topics/war.md"]
    assert "digest-stories" not in theme


def _cards(site: Path, path: Path) -> set[Path]:
    return {_local(site, path, a.get("href")) for a in _content(_page(path)).cssselect(".digest-card h2 > a")}


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_entity_profiles_give_spellings_first_and_last_mention_and_companions(built_site, lang):
    """Every person's, organisation's and place's page, against the taxonomy and the articles the pages list."""
    taxonomy = {t["id"]: t for t in yaml.safe_load((ROOT / "seeds" / "topics.yml").read_text("utf-8"))["topics"]}
    checked = 0
    for path in _topic_pages(built_site, lang):
        entry = taxonomy[path.parent.name]
        content = _content(_page(path))
        profiles = content.cssselect("dl.digest-profile")
        assert bool(profiles) == (entry["kind"] != "topic"), path
        if not profiles:
            continue
        terms = {dt_.text_content(): dt_.getnext() for dt_ in profiles[0].cssselect("dt")}
        spellings = [s for s in dict.fromkeys(entry.get("aliases_ar", [])) if s != entry["name_ar"]]
        written = terms.get(i18n.t("also_written_as", lang))
        assert (written is not None) == bool(spellings), path
        if spellings:
            assert written.get("lang") == "ar" and written.text_content() == i18n.t("list_sep", "ar").join(spellings)
        dates = sorted(t.get("datetime")[:10] for t in content.cssselect(".digest-card .digest-byline time[datetime]"))
        first = terms[i18n.t("first_mention", lang)].cssselect("time")[0].get("datetime")
        last = terms[i18n.t("last_mention", lang)].cssselect("time")[0].get("datetime")
        assert (first, last) == (dates[0], dates[-1]), path
        mine = _cards(built_site, path)
        companions = terms.get(i18n.t("appears_with", lang))
        if companions is not None:
            counts = []
            for chip in companions.cssselect("a.digest-chip"):
                other = _local(built_site, path, chip.get("href"))
                assert taxonomy[other.parent.name]["kind"] != "topic" and other != path
                count = int(chip.getnext().text_content().strip("()"))
                assert count == len(mine & _cards(built_site, other)), (path, other)
                counts.append(count)
            assert counts == sorted(counts, reverse=True)
        assert content.cssselect(f"svg[role=img] title#coverage-{entry['id']}-t")
        checked += 1
    assert checked >= 20
