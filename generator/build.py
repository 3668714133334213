"""The project's folders, and its configuration as the generator reads it (``configured``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from . import config as site_config
from . import i18n, sources
from .config import SiteConfig

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Project:
    """Where the inputs are and where generated pages go."""

    root: Path = ROOT
    seeds: Path | None = None
    docs: Path | None = None
    templates: Path | None = None
    cache: Path | None = None
    taxonomy: Path | None = None

    @property
    def seeds_dir(self) -> Path:
        return self.seeds or self.root / "seeds"

    @property
    def taxonomy_path(self) -> Path:
        """The taxonomy (the configuration's ``taxonomy``; by default ``topics.yml`` in the seeds folder)."""
        return self.taxonomy or self.seeds_dir / sources.TAXONOMY_NAME

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


def configured(project: Project) -> tuple[Project, SiteConfig]:
    """The project with its configured taxonomy, and its configuration (``config.load``), which the pages' languages
    and strings follow from here on (``i18n.configure``)."""
    config = site_config.load(project.root)
    i18n.configure(config)
    return (replace(project, taxonomy=config.taxonomy) if project.taxonomy is None else project), config
