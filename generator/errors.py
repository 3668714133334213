"""The project's error types: each says where (path:line), what was given and what was expected."""

from __future__ import annotations

from pathlib import Path


class DigestError(Exception):
    """Base error; prints as ``path:line: message (got 'value')``."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None,
                 got: object = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.got = got
        super().__init__(self.format())

    def __reduce__(self):  # errors cross processes (the forked workers of parallel.py) whole
        return type(self), (self.message, self.path, self.line, self.got)

    def format(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        got = ""
        if self.got is not None:
            shown = str(self.got)
            if len(shown) > 80:
                shown = shown[:77] + "..."
            got = f" (got {shown!r})"
        return f"{where}{self.message}{got}"


class SourceError(DigestError):
    """An input file cannot be read or decoded."""


class CleanError(DigestError):
    """The cleaner found no article in the text."""


class MetadataError(DigestError):
    """A YAML metadata file is invalid."""


class TaxonomyError(DigestError):
    """The taxonomy file is invalid."""


class FeedError(DigestError):
    """A feed cannot be read."""


class BuildError(DigestError):
    """The site cannot be generated."""


class ErrorGroup(Exception):
    """Several errors collected in one run, reported together."""

    def __init__(self, errors: list[DigestError], warnings: list[DigestError] | None = None) -> None:
        self.errors = list(errors)
        self.warnings = list(warnings or [])
        super().__init__("\n".join(e.format() for e in self.errors))

    def __reduce__(self):
        return type(self), (self.errors, self.warnings)
