"""The theme's copies of Material's templates (templates/theme/) against the installed Material: an upgrade that
changes what they copied, or removes a block or partial they rely on, fails here instead of changing the site
silently. Copy the changed part again, and record Material's new text under tests/golden/material/."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from conftest import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
THEME = ROOT / "templates" / "theme"
RECORDED = ROOT / "tests" / "golden" / "material"  # Material's text of the blocks main.html copies with changes
BLOCK = re.compile(r"\{% block (\w+) %\}(.*?)\{% endblock %\}", re.S)
ONCE = re.compile(r'\{% call (?:digest_once\("[\w-]+", page, nav\)|digest_toc_item\(toc_item\)) %\}|\{% endcall %\}')


def _without_once(text: str) -> str:
    """The template without the calls that render a part once (``mkdocs_internals.Once`` and ``TocItems``)."""
    return ONCE.sub("", text)


def _blocks(text: str) -> dict[str, str]:
    return {name: body for name, body in BLOCK.findall(text)}


def _dedented(text: str) -> str:
    return "\n".join(line.strip() for line in text.strip().splitlines())


def test_partials_are_materials_rendered_once():
    """header.html and toc.html are Material's partials with the calls that render parts once, and nothing else."""
    for partial in ("header.html", "toc.html"):
        ours = (THEME / "partials" / partial).read_text(encoding="utf-8")
        assert "{% call digest_" in ours, partial
        theirs = (MATERIAL / "partials" / partial).read_text(encoding="utf-8")
        assert _without_once(ours).split("-#}\n", 1)[1] == theirs.split("-#}\n", 1)[1], partial


def test_every_block_of_main_html_matches_the_installed_material():
    """Each block main.html overrides exists in Material's base.html (an override of a renamed block would
    change nothing), and each copied block is Material's: word for word apart from the calls that render it
    once, or, for a block copied with changes (``config``, ``site_meta``), Material's is still the text the copy
    was made from."""
    ours = _blocks((THEME / "main.html").read_text(encoding="utf-8"))
    theirs = _blocks((MATERIAL / "base.html").read_text(encoding="utf-8"))
    assert {"config", "site_meta", "tabs", "site_nav", "scripts"} <= ours.keys()
    changed = []
    for name, body in ours.items():
        assert name in theirs, f"main.html overrides block {name!r}, which Material's base.html no longer has"
        if "super()" in body:  # extends Material's block: nothing copied
            continue
        if _without_once(body) == theirs[name]:
            continue
        changed.append(name)
        recorded = RECORDED / f"{name}.html"
        assert recorded.exists(), f"main.html changes Material's block {name!r}: record Material's text in {recorded}"
        assert _dedented(theirs[name]) == _dedented(recorded.read_text(encoding="utf-8")), (
            f"Material's block {name!r} is not the one main.html copied: copy it again and record it in {recorded}"
        )
    assert sorted(changed) == sorted(p.stem for p in RECORDED.glob("*.html")), "a recorded block is copied no more"


@pytest.mark.parametrize("path", sorted(p.relative_to(THEME).as_posix() for p in THEME.rglob("*.html")))
def test_the_templates_and_blocks_the_theme_names_exist(path):
    """Every template a theme file extends, includes or imports is the theme's own or Material's, and every
    block a page template overrides is one of Material's page templates (base.html, or its own file)."""
    text = (THEME / path).read_text(encoding="utf-8")
    for name in re.findall(r'\{%-? (?:extends|include|import|from) "([^"]+)"', text):
        assert (THEME / name).exists() or (MATERIAL / name).exists(), f"{path}: {name} is neither ours nor Material's"
    if "{% extends " in text:
        materials = "".join(
            (MATERIAL / name).read_text(encoding="utf-8") for name in {"base.html", path} if (MATERIAL / name).exists()
        )
        for name in _blocks(text):
            assert f"{{% block {name} %}}" in materials, f"{path}: Material has no block {name!r}"
