"""The committed DOCX files are the builder's: each reads the same text as a fresh build, carries its legal
basis in its metadata, and uses only variables the context fills (rendered in the golden tests)."""

from __future__ import annotations

import pytest
from docx import Document

from casework.drafts.build import build
from casework.drafts.templates import TEMPLATES


def _paragraphs(path):
    return [paragraph.text for paragraph in Document(str(path)).paragraphs]


@pytest.mark.parametrize("template", list(TEMPLATES.values()), ids=lambda template: template.id)
def test_the_committed_docx_is_the_builders(template, tmp_path):
    assert template.path.exists(), "run `make drafts` and commit casework/drafts/docx/"
    fresh = build(template, tmp_path / template.path.name)
    assert _paragraphs(template.path) == _paragraphs(fresh), "run `make drafts`: the DOCX is stale"
    properties = Document(str(template.path)).core_properties
    assert properties.title == template.title and properties.subject == template.legal_basis
    assert f"{template.id} v{template.version}" in properties.keywords


@pytest.mark.parametrize("template", list(TEMPLATES.values()), ids=lambda template: template.id)
def test_the_layout_is_the_procedural_one(template):
    document = Document(str(template.path))
    style = document.styles["Normal"]
    assert style.font.name == "Times New Roman" and style.font.size.pt == 14
    text = "\n".join(_paragraphs(template.path))
    assert "ПРОШУ:" in text and "Приложение:" in text and "{{ today }}" in text and "{{ signer }}" in text
