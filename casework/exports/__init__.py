"""Anonymised aggregate exports. disclosure.py is the pure core: it imports nothing from Django."""

from __future__ import annotations

from casework.exports.disclosure import Cell, CountTable, Note, PublishedTable, Rules, protect

__all__ = ["Cell", "CountTable", "Note", "PublishedTable", "Rules", "protect"]
