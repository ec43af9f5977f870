"""The renderer runs templates in Jinja's sandbox with StrictUndefined: a malicious template is refused and
runs no code; a missing variable stops the rendering; the free fields are escaped into the XML."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from casework.drafts.render import RenderRefused, render_docx
from tests.drafts.conftest import text_of


def template_with(*paragraphs: str) -> io.BytesIO:
    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.system('touch {marker}') }}",
        "{{ joiner.__init__.__globals__['__builtins__']['__import__']('os').system('touch {marker}') }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ lipsum.__globals__['os'].popen('touch {marker}').read() }}",
        "{{ request.__class__ }}",
    ],
)
def test_a_malicious_template_is_refused_and_runs_nothing(payload, tmp_path: Path):
    marker = tmp_path / "pwned"
    with pytest.raises(RenderRefused):
        render_docx(template_with("Жалоба", payload.replace("{marker}", str(marker))), {"request": object()})
    assert not marker.exists()


def test_a_variable_the_context_lacks_stops_the_rendering():
    with pytest.raises(RenderRefused):
        render_docx(template_with("{{ applicant.full_name }}"), {"applicant": {}})
    with pytest.raises(RenderRefused):
        render_docx(template_with("{{ nothing }}"), {})


def test_free_text_is_escaped_into_the_xml():
    hostile = 'A & B <w:p/></w:t></w:r><w:r><w:t>"x"'
    content = render_docx(template_with("Факты: {{ facts }}"), {"facts": hostile})
    assert text_of(content) == "Факты: " + hostile
