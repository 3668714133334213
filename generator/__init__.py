"""Bilingual Arabic/English news digest generator: seeds/ -> docs/ -> MkDocs Material site."""

__version__ = "0.1.0"
