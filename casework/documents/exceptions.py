from __future__ import annotations

CLIENT_ERASED = "The client was erased: their case file is gone."


class DocumentGone(Exception):
    """The client was erased: the document's content, name and description no longer exist (410)."""

    def __init__(self) -> None:
        super().__init__(CLIENT_ERASED)
