"""Drafts: procedural documents written from the case (issue 17)."""
