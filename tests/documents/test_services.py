"""The services: an upload that fails anywhere leaves nothing behind; the sweep removes orphans only."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadhandler import StopUpload
from django.http import Http404
from django.http.multipartparser import MultiPartParser

from casework.documents import storage, sweep
from casework.models import Document
from casework.selectors.documents import document_storage_use_for
from casework.services.documents import blob_write, document_retract, document_upload, upload_handler_for
from tests.documents.conftest import SENTINEL, pdf, stored_files


class Interrupted(Exception):
    pass


def interrupted_after(content: bytes, pieces: int):
    for index in range(pieces):
        yield content[index * 1000 : (index + 1) * 1000]
    raise Interrupted


def test_an_upload_interrupted_halfway_leaves_nothing(alice, case, media_root):
    with pytest.raises(Interrupted):
        document_upload(actor=alice, client=case, file=interrupted_after(pdf(size=200_000), 50), kind="other")

    assert not Document.objects.exists() and stored_files(media_root) == []


def test_a_row_that_fails_after_its_blob_was_written_takes_the_blob_with_it(
    alice, case, media_root, monkeypatch
):
    def broken(**kwargs):
        assert len(stored_files(media_root)) == 1  # the blob is written before the row
        raise Interrupted

    monkeypatch.setattr(Document.objects, "create", broken)

    with pytest.raises(Interrupted):
        document_upload(actor=alice, client=case, file=[pdf()], kind="other", name="a.pdf")

    assert stored_files(media_root) == []


def test_a_body_cut_off_in_the_handler_leaves_nothing(alice, case, media_root):
    boundary = "BoUnDaRy"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode() + pdf(size=300_000)

    class CutOff(BytesIO):
        def read(self, size=-1):
            if self.tell() > 150_000:
                raise StopUpload(connection_reset=True)
            return super().read(size)

    meta = {
        "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        "CONTENT_LENGTH": str(len(body) + 100),
    }
    handler = upload_handler_for(None, case)
    _data, files = MultiPartParser(meta, CutOff(body), [handler]).parse()

    assert "file" not in files
    assert not Document.objects.exists() and stored_files(media_root) == []


def test_the_service_checks_roles_and_organisations(bob, charlie, case):
    with pytest.raises(PermissionDenied):
        document_upload(actor=bob, client=case, file=[pdf()], kind="other")
    with pytest.raises(Http404):
        document_upload(actor=charlie, client=case, file=[pdf()], kind="other")


def test_the_service_refuses_a_kind_it_does_not_know(alice, case):
    with pytest.raises(ValidationError) as refused:
        document_upload(actor=alice, client=case, file=[pdf()], kind="selfie")

    assert list(refused.value.message_dict) == ["kind"]


def test_the_app_role_cannot_change_what_a_document_says(alice, case):
    from tests.test_row_level_security import as_app

    document = document_upload(actor=alice, client=case, file=[pdf()], kind="other", name="a.pdf")
    from django.db import DatabaseError

    for statement in (
        "UPDATE casework_document SET kind = 'draft' WHERE id = %s",
        "UPDATE casework_document SET size = 1 WHERE id = %s",
        "DELETE FROM casework_document WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="permission denied"):
            as_app(statement, [document.id], organisation_id=case.organisation_id)
    retracted = as_app(
        "UPDATE casework_document SET retracted_at = now() WHERE id = %s",
        [document.id],
        organisation_id=case.organisation_id,
    )
    assert retracted == 1


def test_the_app_role_sees_only_its_organisations_documents(alice, charlie, case):
    from tests.conftest import make_client
    from tests.test_row_level_security import as_app

    ours = document_upload(actor=alice, client=case, file=[pdf()], kind="other", name="a.pdf")
    theirs_client = make_client(charlie)
    theirs = document_upload(actor=charlie, client=theirs_client, file=[pdf()], kind="other", name="b.pdf")

    seen = as_app("SELECT id FROM casework_document", organisation_id=case.organisation_id)
    targeted = as_app(
        "SELECT count(*) FROM casework_document WHERE id = %s",
        [theirs.id],
        organisation_id=case.organisation_id,
    )

    assert seen == [(ours.id,)] and targeted == [(0,)]
    assert as_app("SELECT count(*) FROM casework_document") == [(0,)]


def _age(path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_the_sweep_removes_old_orphan_blobs_only(alice, case, media_root):
    kept = document_upload(actor=alice, client=case, file=[pdf()], kind="other", name="a.pdf")
    old_orphan, young_orphan = storage.new_storage_key(), storage.new_storage_key()
    for key in (old_orphan, young_orphan):
        blob_write(key, BytesIO(b"ciphertext of a rolled-back upload"))
    assert kept.storage_key is not None
    for key in (old_orphan, kept.storage_key):
        _age(media_root / key, 2 * 3600)

    assert sweep.sweep_orphans() == 1

    assert sorted(p.relative_to(media_root).as_posix() for p in stored_files(media_root)) == sorted(
        [kept.storage_key, young_orphan]
    )
    assert sweep.sweep_orphans(older_than=timedelta(0)) == 1
    assert [p.relative_to(media_root).as_posix() for p in stored_files(media_root)] == [kept.storage_key]


def test_the_sweep_task_runs_without_arguments(db, media_root):
    from casework.documents.tasks import sweep_orphan_documents

    orphan = storage.new_storage_key()
    blob_write(orphan, BytesIO(b"ciphertext"))
    _age(media_root / orphan, 2 * 3600)

    assert sweep_orphan_documents.apply().get() == 1  # as the application's role, in the system scope
    assert stored_files(media_root) == []


def test_admins_see_their_organisations_storage_use(alice, dora, charlie, case):
    from tests.conftest import make_client

    document_upload(actor=alice, client=case, file=[pdf()], kind="other", name="a.pdf")
    document_upload(actor=alice, client=case, file=[pdf(size=5000)], kind="other", name="b.pdf")
    document_upload(actor=charlie, client=make_client(charlie), file=[pdf()], kind="other", name="c.pdf")

    use = document_storage_use_for(actor=dora)

    assert (use.documents, use.bytes) == (2, len(pdf()) + 5000)
    with pytest.raises(PermissionDenied):
        document_storage_use_for(actor=alice)


def test_a_retraction_reason_is_encrypted(alice, case):
    document = document_upload(actor=alice, client=case, file=[pdf()], kind="other", name="a.pdf")

    document_retract(actor=alice, document=document, reason="ZZSENTINEL reason")

    document.refresh_from_db()
    assert document.retraction_reason_enc is not None and b"ZZSENTINEL" not in bytes(
        document.retraction_reason_enc
    )
    assert SENTINEL not in bytes(document.name_enc)


def test_an_inline_view_is_recorded_as_viewed(alice, case):
    from casework.models import ReadAction, ReadAudit
    from casework.services.reading import INLINE, document_content_open

    document = document_upload(actor=alice, client=case, file=pdf(), kind="other", name="a.pdf")

    opened = document_content_open(actor=alice, document=document, channel="web", disposition=INLINE)

    assert b"".join(opened.chunks) == pdf() and opened.name == "a.pdf"
    row = ReadAudit.objects.get()
    assert (row.action, row.document_id, row.channel) == (ReadAction.DOCUMENT_VIEWED, document.id, "web")


def test_the_timeline_gets_the_current_evidence_of_each_event(alice, case):
    from casework.selectors.documents import documents_of_events
    from casework.services.documents import document_replace

    registered = case.events.get(version=1)
    first = document_upload(
        actor=alice, client=case, file=pdf(), kind="other", event=registered, name="a.pdf"
    )
    second = document_replace(actor=alice, document=first, file=pdf(b"v2"), name="b.pdf")
    withdrawn = document_upload(
        actor=alice, client=case, file=pdf(), kind="other", event=registered, name="c.pdf"
    )
    document_retract(actor=alice, document=withdrawn, reason="wrong paper")
    document_upload(actor=alice, client=case, file=pdf(), kind="other", name="no event.pdf")

    assert {
        event: [d.id for d in documents]
        for event, documents in documents_of_events(actor=alice, client=case).items()
    } == {registered.id: [second.id]}
