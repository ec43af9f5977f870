"""A stored draft is encrypted like every document: nothing on disk is a DOCX (a ZIP whose entry names are in
clear) or carries the client's name; the name and description of the row are ciphertext."""

from __future__ import annotations

import pytest

from casework.drafts.templates import TEMPLATES
from tests.drafts.conftest import SENTINEL_NAME, fields_for, generate, stored_text

pytestmark = pytest.mark.django_db


def test_the_stored_draft_is_encrypted(alice, expulsion_case, media_root):
    template = TEMPLATES["koap_expulsion_complaint"]
    result = generate(alice, expulsion_case, template.id, "appeal:D1", **fields_for(template))
    files = [path for path in media_root.rglob("*") if path.is_file()]
    assert len(files) == 1
    stored = files[0].read_bytes()
    assert not stored.startswith(b"PK")
    for sentinel in (b"word/document.xml", SENTINEL_NAME.encode(), "Тверского".encode(), b"[Content_Types]"):
        assert sentinel not in stored
    document = result.document
    assert SENTINEL_NAME.encode() not in bytes(document.name_enc)
    assert b"koap_expulsion_complaint" not in bytes(document.description_enc)
    assert SENTINEL_NAME in stored_text(alice, document)  # and it opens through the reading door


def test_a_generated_draft_queues_its_pdf_once_committed(
    alice, expulsion_case, django_capture_on_commit_callbacks
):
    from casework.drafts import tasks

    template = TEMPLATES["koap_expulsion_complaint"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = generate(alice, expulsion_case, template.id, "appeal:D1", **fields_for(template))
    enqueues = [callback for callback in callbacks if getattr(callback, "func", None) is tasks.enqueue_pdf]
    assert len(enqueues) == 1
    assert enqueues[0].args == (alice.pk, result.document.id)  # ids only in the task's arguments
