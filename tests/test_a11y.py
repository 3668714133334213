"""Accessibility of the built seeds' site: axe-core in Chromium, and the theme's text contrast (WCAG 2).

axe-core comes bundled in the axe-playwright-python package (requirements.lock); the whole module is skipped,
with a printed reason, when /usr/bin/chromium or that package is missing. axe's colour-contrast rule may leave
Arabic text "incomplete" (it cannot always tell text from background behind complex shaping), so the theme's
body text and link colours are also measured from computed styles with the WCAG formula.
"""

from __future__ import annotations

import pytest

from browser_fixtures import require_chromium

require_chromium()

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # pragma: no cover - axe-playwright-python is in requirements.lock
    print("accessibility tests skipped: the axe-playwright-python package is not installed")
    pytest.skip("axe-playwright-python is not installed", allow_module_level=True)

from browser_fixtures import LANG_PREFIX, LANGS, browser, representative_pages, site_url  # noqa: E402

pytestmark = pytest.mark.browser
__all__ = ["browser", "site_url"]  # module-scoped fixtures used by the tests below

AXE_KINDS = ("home", "article", "topic", "entity", "digest", "story")
BLOCKING = ("serious", "critical")
AXE_OPTIONS = {"resultTypes": ["violations", "incomplete"]}
AA_NORMAL_TEXT = 4.5

# Violations in markup Material for MkDocs 9.8.1 writes itself, in templates this project does not override:
# (rule id, the exact element markup axe reports, up to its first ">"). Nothing else is filtered.
MATERIAL_VIOLATIONS = [
    # partials/search.html: the search overlay <div class="md-search" role="dialog"> has no aria-label.
    # Whoever overrides partials/search.html for the custom search can name it (then this entry matches nothing).
    ("aria-dialog-name", '<div class="md-search" data-md-component="search" role="dialog">'),
]


def _material_node(rule_id: str, node: dict) -> bool:
    return any(rule_id == rule and node.get("html", "").startswith(html) for rule, html in MATERIAL_VIOLATIONS)


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, str]:
    return representative_pages(built_site)


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _describe(violation: dict) -> list[str]:
    lines = [f"{violation['impact']}: {violation['id']} - {violation['help']}"]
    for node in violation["nodes"][:8]:
        summary = (node.get("failureSummary") or "").replace("\n", " ")
        lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:300]}")
    if len(violation["nodes"]) > 8:
        lines.append(f"    … and {len(violation['nodes']) - 8} more")
    return lines


@pytest.mark.parametrize("kind", AXE_KINDS)
@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_serious_or_critical_violation(browser, site_url, pages, axe, lang, kind):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + LANG_PREFIX[lang] + pages[kind], wait_until="networkidle")
        results = axe.run(page, options=AXE_OPTIONS).response
    finally:
        context.close()
    violations = results["violations"]
    incomplete_contrast = [n for r in results.get("incomplete", []) if r["id"] == "color-contrast"
                           for n in r["nodes"]]
    print(f"\n  axe {results['testEngine']['version']} on {lang}/{pages[kind] or 'home'}: "
          f"{len(violations)} violation(s), {len(incomplete_contrast)} contrast check(s) left incomplete")
    for violation in violations:
        print("\n".join("    " + line for line in _describe(violation)))
    blocking = []
    for violation in violations:
        nodes = [n for n in violation["nodes"] if not _material_node(violation["id"], n)]
        if violation["impact"] in BLOCKING and nodes:
            blocking.append({**violation, "nodes": nodes})
        elif len(nodes) < len(violation["nodes"]):
            print(f"    (filtered: {violation['id']} on Material's own markup, see MATERIAL_VIOLATIONS)")
    assert blocking == [], "\n".join(line for v in blocking for line in _describe(v))


# ── Theme colours: contrast measured from computed styles ─────────────────────────────────

# Effective colours of the first element matching each selector: the foreground composited over the
# background of the nearest ancestors (themselves composited down to an opaque colour, white at the root).
_COLOURS_JS = """(selectors) => {
  const parse = s => { const m = s.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, below) => { const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + below[i] * (1 - a)).concat([1]); };
  const background = el => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour; };
  // Opacity of the element and its ancestors up to the first one with a background fades the text itself.
  const opacity = el => { let o = 1;
    for (let e = el; e; e = e.parentElement) { const style = getComputedStyle(e);
      o *= Number(style.opacity); const c = parse(style.backgroundColor); if (c && c[3] > 0) break; }
    return o; };
  const out = {};
  for (const [name, selector] of Object.entries(selectors)) {
    const el = document.querySelector(selector);
    if (!el) { out[name] = null; continue; }
    const bg = background(el);
    const fg = parse(getComputedStyle(el).color); fg[3] *= opacity(el);
    out[name] = {fg: over(fg, bg), bg: bg, selector: selector,
                 text: el.textContent.trim().slice(0, 40)};
  }
  return out;
}"""

CONTRAST_SELECTORS = {
    "body text": ".md-content article > p:not(.digest-byline):not(.digest-notice)",
    "link": ".md-content article > p:not(.digest-byline) a:not(.digest-chip)",
    "topic chip": ".md-content article a.digest-chip",
    "byline": ".md-content article .digest-byline time",
    "navigation tab": ".md-tabs__item:not(.md-tabs__item--active) .md-tabs__link",
    "header title": ".md-header__topic .md-ellipsis",
}


def _luminance(rgb) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(fg, bg) -> float:
    """WCAG 2 contrast ratio of two opaque sRGB colours."""
    lighter, darker = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_formula():
    assert round(contrast_ratio((0, 0, 0), (255, 255, 255)), 2) == 21.0
    assert round(contrast_ratio((0x76, 0x76, 0x76), (255, 255, 255)), 2) == 4.54


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
def test_theme_text_and_link_colours_meet_wcag_aa(browser, site_url, pages, lang, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(site_url + LANG_PREFIX[lang] + pages["article"], wait_until="networkidle")
        palette = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        colours = page.evaluate(_COLOURS_JS, CONTRAST_SELECTORS)
    finally:
        context.close()
    print(f"\n  {lang} article, prefers-color-scheme {scheme} (Material scheme {palette}):")
    failures = []
    for name, found in colours.items():
        assert found is not None, f"nothing matches {CONTRAST_SELECTORS[name]!r} for the {name}"
        ratio = contrast_ratio(found["fg"], found["bg"])
        fg = "#%02x%02x%02x" % tuple(round(v) for v in found["fg"][:3])
        bg = "#%02x%02x%02x" % tuple(round(v) for v in found["bg"][:3])
        print(f"    {name:15} {fg} on {bg}: {ratio:5.2f}  ({found['text']!r})")
        if ratio < AA_NORMAL_TEXT:
            failures.append(f"{name} {fg} on {bg}: {ratio:.2f} < {AA_NORMAL_TEXT}")
    assert failures == []
