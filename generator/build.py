"""The project's folders and what the generator reads from mkdocs.yml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from . import i18n, publishing
from .errors import BuildError, ErrorGroup

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FEED_ITEMS = 50


@dataclass(frozen=True)
class SiteConfig:
    """What the generator needs from mkdocs.yml."""

    site_url: str
    feed_items: int = DEFAULT_FEED_ITEMS
    timezone: str = publishing.DEFAULT_ZONE
    arabic_months: str = i18n.DEFAULT_MONTHS  # a key of i18n.MONTH_STYLES
    feed_full_text: bool = True  # the language-wide feeds carry the whole article


@dataclass(frozen=True)
class Project:
    """Where the inputs are and where generated pages go."""

    root: Path = ROOT
    seeds: Path | None = None
    docs: Path | None = None
    templates: Path | None = None
    cache: Path | None = None

    @property
    def seeds_dir(self) -> Path:
        return self.seeds or self.root / "seeds"

    @property
    def docs_dir(self) -> Path:
        return self.docs or self.root / "docs"

    @property
    def templates_dir(self) -> Path:
        return self.templates or self.root / "templates" / "pages"

    @property
    def cache_dir(self) -> Path:
        """Where per-article results are cached (git-ignored, safe to delete; see cache.py)."""
        return self.cache or self.root / ".cache"


class _MkdocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring MkDocs' own tags (!ENV, !!python/name…)."""


_MkdocsLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_MkdocsLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load_site_config(root: Path) -> SiteConfig:
    """Read site_url and the feed size from mkdocs.yml."""
    path = root / "mkdocs.yml"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_MkdocsLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ErrorGroup([BuildError(f"cannot read site configuration: {exc}", path)]) from None
    site_url = data.get("site_url") or ""
    if not site_url.startswith(("http://", "https://")):
        raise ErrorGroup([BuildError("site_url must be an absolute http(s) address (feeds need it)", path,
                                     got=site_url)])
    extra = (data.get("extra") or {}).get("digest") or {}
    items = extra.get("feed_items", DEFAULT_FEED_ITEMS)
    if not isinstance(items, int) or items < 1:
        raise ErrorGroup([BuildError("extra.digest.feed_items must be a positive whole number", path, got=items)])
    zone = extra.get("timezone", publishing.DEFAULT_ZONE)
    try:
        publishing.ZoneInfo(zone)
    except (TypeError, ValueError, OSError, KeyError):
        raise ErrorGroup([BuildError("extra.digest.timezone must name a time zone, such as Asia/Baghdad", path,
                                     got=zone)]) from None
    months = extra.get("arabic_months", i18n.DEFAULT_MONTHS)
    if months not in i18n.MONTH_STYLES:
        raise ErrorGroup([BuildError(f"extra.digest.arabic_months must be one of {', '.join(i18n.MONTH_STYLES)}",
                                     path, got=months)])
    full_text = extra.get("feed_full_text", True)
    if not isinstance(full_text, bool):
        raise ErrorGroup([BuildError("extra.digest.feed_full_text must be true or false", path, got=full_text)])
    return SiteConfig(site_url=site_url.rstrip("/") + "/", feed_items=items, timezone=zone, arabic_months=months,
                      feed_full_text=full_text)
