"""Tests of the drafts (issue 17)."""
