"""Filling a DOCX template with docxtpl in a sandboxed Jinja environment.

An unsandboxed docxtpl template can run code on the server (``{{ cycler.__init__.__globals__.os... }}``):
the environment here is Jinja's SandboxedEnvironment, which refuses access to underscored attributes and
other unsafe calls, with StrictUndefined (a variable the context lacks stops the rendering instead of leaving
a blank in a court document) and autoescape (the free fields go into XML). tests/drafts/test_sandbox.py pins
this.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from docxtpl import DocxTemplate  # type: ignore[import-untyped]
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment


class RenderRefused(Exception):
    """The template cannot be rendered: it uses something unsafe or a variable the case does not fill."""


def sandboxed_environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def render_docx(template: str | Path | IO[bytes], context: Mapping[str, Any]) -> bytes:
    """The DOCX `template` filled with `context`, as bytes. Raises RenderRefused (never the template's own
    text in the message: it may quote the context)."""
    document = DocxTemplate(template)
    try:
        document.render(dict(context), jinja_env=sandboxed_environment(), autoescape=True)
    except TemplateError as exc:  # SecurityError and UndefinedError are TemplateErrors
        raise RenderRefused(type(exc).__name__) from None
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
