"""Entity profiles and coverage charts (generator/coverage.py): the values from the seeds, and in Chromium the
charts render, read right to left on Arabic pages, and carry their text alternative (the figures, listed)."""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest

from generator import build, coverage, pipeline

from browser_fixtures import CHROMIUM, browser, site_url  # noqa: F401 - fixtures

__all__ = ["browser", "site_url"]


@pytest.fixture(scope="module")
def corpus(built_project):
    found, _ = pipeline.gather(build.Project(root=built_project))
    return found


def test_a_person_s_profile_from_the_seeds(corpus):
    biden = corpus.topics["joe-biden"]
    articles = corpus.by_topic["joe-biden"]
    profile = coverage.profile(biden, articles, corpus.topics)
    assert profile.first == min(a.meta.date for a in articles) and profile.last == max(a.meta.date for a in articles)
    assert profile.spellings == tuple(s for s in biden.aliases_ar if s != biden.name_ar)
    assert sum(n for _, n in profile.months) == sum(
        1 for a in articles if profile.months[0][0] <= coverage.month_of(a.meta.date) <= profile.months[-1][0]
    )
    months = [m for m, _ in profile.months]
    assert months == sorted(months) and months[-1] == coverage.month_of(profile.last)
    assert all(corpus.topics[t].kind != "topic" and t != "joe-biden" for t, _ in profile.companions)
    counts = [n for _, n in profile.companions]
    assert counts == sorted(counts, reverse=True) and counts[0] <= len(articles)


def test_themes_of_the_last_twelve_months_are_themes(corpus):
    themes = coverage.themes_by_month(corpus.articles, corpus.topics)
    assert themes and len(themes) <= coverage.HOME_THEMES
    newest = max(a.meta.date for a in corpus.articles)
    for topic_id, months in themes:
        assert corpus.topics[topic_id].kind == "topic"
        assert len(months) == coverage.HOME_MONTHS and months[-1][0] == coverage.month_of(newest)


def test_the_chart_is_an_image_with_a_title_a_description_and_its_figures():
    months = (("2024-01", 2), ("2024-02", 0), ("2024-03", 5))
    for lang in ("ar", "en"):
        html = lxml.html.fromstring(coverage.chart(months, "Joe Biden", lang, "c-x"))
        svg = html.find(".//svg")
        assert svg.get("role") == "img" and svg.get("aria-labelledby") == "c-x-t c-x-d"
        assert svg.find("title").text and "5" in svg.find("desc").text
        heights = [float(r.get("height")) for r in svg.findall("rect")]
        assert heights == ([48.0, 0.0, 19.2] if lang == "ar" else [19.2, 0.0, 48.0])  # right to left in Arabic
        figures = [d.text for d in html.findall(".//details//li/data")]
        assert figures == ["2", "0", "5"]  # the list keeps the calendar order


@pytest.mark.browser
@pytest.mark.parametrize(
    "lang, path, chart_id",
    [
        ("ar", "topics/joe-biden/", "coverage-joe-biden"),
        ("en", "en/topics/joe-biden/", "coverage-joe-biden"),
        ("ar", "", None),
        ("en", "en/", None),
    ],
)
def test_charts_render_with_their_text_alternative(browser, site_url, lang, path, chart_id):  # noqa: F811
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(site_url + path)
        charts = page.locator(".digest-coverage figure svg[role=img]")
        assert charts.count() >= 1
        svg = page.locator(f"#{chart_id}-t").locator("xpath=..") if chart_id else charts.first
        box = svg.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 20  # drawn, not collapsed
        facts = svg.evaluate("""svg => {
            const ids = svg.getAttribute('aria-labelledby').split(' ');
            const bars = [...svg.querySelectorAll('rect')].map(r => r.getBoundingClientRect().height);
            const list = svg.closest('.digest-coverage').querySelector('details ol');
            return {label: ids.map(id => document.getElementById(id).textContent).join(' '),
                    bars: bars.length, drawn: bars.filter(h => h > 0).length,
                    rows: list.querySelectorAll('li').length,
                    caption: svg.closest('figure').querySelector('figcaption').textContent}
        }""")
        assert facts["label"].strip() and facts["caption"].strip()
        assert facts["bars"] == facts["rows"] and facts["drawn"] >= 1
        # The text alternative opens for any reader, without JavaScript's help.
        page.locator(".digest-coverage details summary").first.click()
        assert page.locator(".digest-coverage details ol").first.is_visible()
    finally:
        page.close()


def test_first_and_last_mention_are_dated(corpus):
    profile = coverage.profile(corpus.topics["iraq"], corpus.by_topic["iraq"], corpus.topics)
    assert isinstance(profile.first, dt.date) and profile.first <= profile.last
