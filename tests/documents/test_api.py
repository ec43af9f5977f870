"""The case file through the API: upload and download, bad input, versions, retraction, roles, audit."""

from __future__ import annotations

import hashlib
from datetime import date
from uuid import uuid4

import pytest

from casework.documents import sniffing, uploads
from casework.documents.streams import CHUNK_SIZE, RECORD_OVERHEAD
from casework.models import Document, ReadAction, ReadAudit
from casework.services.events import event_record
from tests.conftest import make_client
from tests.documents.conftest import SENTINEL, docx, odt, pdf, post_document, stored_files

HEADER = 10


def documents_url(client) -> str:
    return f"/api/clients/{client.id}/documents/"


def content_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_it_round_trips_a_document(api, alice, case, media_root):
    content = pdf()

    response = post_document(api(alice), case, content, name="Решение о выдворении.pdf", description="copy")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert {
        k: body[k] for k in ("kind", "event", "content_type", "size", "sha256", "name", "description")
    } == {
        "kind": "decision_copy",
        "event": None,
        "content_type": "application/pdf",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "name": "Решение о выдворении.pdf",
        "description": "copy",
    }
    assert body["uploaded_by"] == "alice" and body["uploaded_at"]
    download = api(alice).get(f"{documents_url(case)}{body['id']}/content/")
    assert download.status_code == 200
    assert content_of(download) == content
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Length"] == str(len(content))
    assert download["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in download["Content-Disposition"].lower()
    assert download["Cache-Control"] == "no-store"
    assert download["X-Content-Type-Options"] == "nosniff"
    (blob,) = stored_files(media_root)
    assert SENTINEL not in blob.read_bytes() and content not in blob.read_bytes()


def test_a_document_of_exactly_one_chunk_is_one_record(api, alice, case, media_root):
    content = pdf(size=CHUNK_SIZE)

    response = post_document(api(alice), case, content)

    assert response.status_code == 201
    (blob,) = stored_files(media_root)
    assert blob.stat().st_size == HEADER + CHUNK_SIZE + RECORD_OVERHEAD
    assert content_of(api(alice).get(f"{documents_url(case)}{response.json()['id']}/content/")) == content


def test_a_25_mb_scan_goes_up_and_comes_back_streamed(api, alice, case, settings):
    size = settings.CASEWORK_MAX_UPLOAD_MB * 1024 * 1024
    content = pdf(size=size)

    response = post_document(api(alice), case, content)

    assert response.status_code == 201, response.json()
    download = api(alice).get(f"{documents_url(case)}{response.json()['id']}/content/")
    assert download.streaming
    digest, largest = hashlib.sha256(), 0
    for piece in download.streaming_content:
        digest.update(piece)
        largest = max(largest, len(piece))
    assert digest.hexdigest() == hashlib.sha256(content).hexdigest() == response.json()["sha256"]
    assert largest <= CHUNK_SIZE


def test_a_large_upload_never_reaches_djangos_temporary_file(api, alice, case, monkeypatch, tmp_path):
    def refused(*args, **kwargs):
        raise AssertionError("Django's upload handlers must not see a document")

    monkeypatch.setattr("django.core.files.uploadhandler.TemporaryFileUploadHandler.new_file", refused)
    monkeypatch.setattr("django.core.files.uploadhandler.MemoryFileUploadHandler.new_file", refused)
    spooled = []

    def visible_temporary_file():
        handle = open(tmp_path / f"spool-{len(spooled)}", "w+b")  # noqa: SIM115
        spooled.append(tmp_path / f"spool-{len(spooled)}")
        return handle

    monkeypatch.setattr(uploads.tempfile, "TemporaryFile", visible_temporary_file)
    content = pdf(SENTINEL * 200_000)  # 3.6 MB: over Django's 2.5 MB memory limit

    response = post_document(api(alice), case, content)

    assert response.status_code == 201
    assert spooled and all(SENTINEL not in path.read_bytes() for path in spooled)


KINDS_OF_FILE = {
    "docx": (docx(), "scan.docx", sniffing.DOCX),
    "odt": (odt(), "letter.odt", sniffing.ODT),
}


@pytest.mark.parametrize(
    ("content", "name", "content_type"), KINDS_OF_FILE.values(), ids=KINDS_OF_FILE.keys()
)
def test_the_type_comes_from_the_content(api, alice, case, content, name, content_type):
    response = post_document(api(alice), case, content, name="whatever.pdf")

    assert response.status_code == 201
    assert response.json()["content_type"] == content_type


REFUSED = {
    "a program renamed .pdf": (b"MZ\x90\x00" + b"\x00" * 200, sniffing.REFUSED_EXECUTABLE),
    "html": (b"<!doctype html><html><body>x</body></html>", sniffing.REFUSED_HTML),
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', sniffing.REFUSED_SVG),
    "empty": (b"", sniffing.REFUSED_EMPTY),
}


@pytest.mark.parametrize(("content", "reason"), REFUSED.values(), ids=REFUSED.keys())
def test_a_file_outside_the_allow_list_is_refused_with_the_reason(
    api, alice, case, media_root, content, reason
):
    response = post_document(api(alice), case, content, name="decision.pdf")

    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "errors": {"file": [reason]}}
    assert not Document.objects.exists() and stored_files(media_root) == []


def test_a_pdf_with_javascript_or_encryption_is_accepted_and_flagged(api, alice, case):
    scripted = post_document(api(alice), case, pdf(b"<< /S /JavaScript /JS (app.alert(1)) >>")).json()
    encrypted = post_document(api(alice), case, pdf(b"trailer << /Encrypt 3 0 R >>")).json()
    plain = post_document(api(alice), case, pdf()).json()

    assert (scripted["pdf_has_javascript"], scripted["pdf_encrypted"]) == (True, False)
    assert (encrypted["pdf_has_javascript"], encrypted["pdf_encrypted"]) == (False, True)
    assert (plain["pdf_has_javascript"], plain["pdf_encrypted"]) == (False, False)


def test_an_oversized_upload_is_refused_before_it_is_read(
    api, alice, case, settings, media_root, monkeypatch
):
    settings.CASEWORK_MAX_UPLOAD_MB = 1
    monkeypatch.setattr(uploads.EncryptingUploadHandler, "receive_data_chunk", lambda *a: pytest.fail("read"))

    response = post_document(api(alice), case, pdf(size=2 * 1024 * 1024))

    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert not Document.objects.exists() and stored_files(media_root) == []


def test_an_upload_over_the_limit_is_stopped_while_it_streams(api, alice, case, settings, media_root):
    settings.CASEWORK_MAX_UPLOAD_MB = 1
    content = pdf(size=1024 * 1024 + 100)  # under the Content-Length allowance, over the limit

    response = post_document(api(alice), case, content)

    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert not Document.objects.exists() and stored_files(media_root) == []


def test_a_document_at_the_limit_is_accepted(api, alice, case, settings):
    settings.CASEWORK_MAX_UPLOAD_MB = 1

    assert post_document(api(alice), case, pdf(size=1024 * 1024)).status_code == 201


def test_it_refuses_bad_fields(api, alice, case, charlie):
    theirs = make_client(charlie)
    their_event = theirs.events.get(version=1)

    bad_kind = post_document(api(alice), case, pdf(), kind="passport_scan")
    foreign_event = post_document(api(alice), case, pdf(), event=str(their_event.id))
    unknown_event = post_document(api(alice), case, pdf(), event=str(uuid4()))
    no_file = api(alice).post(documents_url(case), {"kind": "other"}, format="multipart")

    assert bad_kind.status_code == 400 and list(bad_kind.json()["errors"]) == ["kind"]
    assert foreign_event.status_code == 400 and list(foreign_event.json()["errors"]) == ["event"]
    assert unknown_event.status_code == 400 and list(unknown_event.json()["errors"]) == ["event"]
    assert no_file.status_code == 400 and list(no_file.json()["errors"]) == ["file"]
    assert "passport_scan" not in bad_kind.text
    assert not Document.objects.exists()


def test_a_document_evidences_an_event_of_the_client(api, alice, case):
    decision = event_record(
        actor=alice,
        client=case,
        type="decision_issued",
        data={"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-02-27"},
        occurred_on=date(2025, 2, 27),
    ).event

    response = post_document(api(alice), case, pdf(), event=str(decision.id))

    assert response.status_code == 201 and response.json()["event"] == str(decision.id)


def test_it_lists_and_shows_documents_and_audits_the_names(api, alice, case):
    first = post_document(api(alice), case, pdf(), name="one.pdf").json()
    post_document(api(alice), case, docx(), name="two.docx", kind="correspondence")
    ReadAudit.objects.all().delete()

    listed = api(alice).get(documents_url(case))
    shown = api(alice).get(f"{documents_url(case)}{first['id']}/")

    assert [d["name"] for d in listed.json()] == ["one.pdf", "two.docx"]
    assert shown.json() == first
    audits = list(
        ReadAudit.objects.order_by("id").values_list("action", "client_id", "document_id", "channel")
    )
    assert audits == [
        (ReadAction.DOCUMENTS_LISTED, case.id, None, "api"),
        (
            ReadAction.DOCUMENTS_LISTED,
            case.id,
            first["id"] and Document.objects.get(id=first["id"]).id,
            "api",
        ),
    ]


def test_every_download_is_in_the_read_audit(api, alice, sam, case):
    document = post_document(api(alice), case, pdf()).json()
    ReadAudit.objects.all().delete()

    api(alice).get(f"{documents_url(case)}{document['id']}/content/")
    api(sam).get(f"{documents_url(case)}{document['id']}/content/")

    rows = ReadAudit.objects.order_by("id").values_list("user__username", "action", "document_id")
    assert [(u, a, str(d)) for u, a, d in rows] == [
        ("alice", ReadAction.DOCUMENT_DOWNLOADED, document["id"]),
        ("sam", ReadAction.DOCUMENT_DOWNLOADED, document["id"]),
    ]


def test_roles_and_organisations(api, alice, bob, sam, dora, charlie, case):
    document = post_document(api(alice), case, pdf()).json()
    content = f"{documents_url(case)}{document['id']}/content/"
    ReadAudit.objects.all().delete()

    assert post_document(api(sam), case, pdf()).status_code == 201
    assert post_document(api(dora), case, pdf()).status_code == 201
    assert api(dora).get(content).status_code == 200
    assert post_document(api(bob), case, pdf()).status_code == 403
    assert api(bob).get(documents_url(case)).status_code == 403
    assert api(bob).get(content).status_code == 403
    assert post_document(api(charlie), case, pdf()).status_code == 404
    assert api(charlie).get(content).status_code == 404
    assert api(charlie).get(documents_url(case)).status_code == 404
    assert api(alice).get(f"{documents_url(case)}{uuid4()}/content/").status_code == 404
    assert api(None).get(content).status_code == 401
    downloads = ReadAudit.objects.filter(action=ReadAction.DOCUMENT_DOWNLOADED)
    assert list(downloads.values_list("user__username", flat=True)) == ["dora"]


def test_a_document_of_another_client_is_not_found_through_this_one(api, alice, case):
    other = make_client(alice, full_name="Other Person", document_number="XY0000001")
    document = post_document(api(alice), other, pdf()).json()

    assert api(alice).get(f"{documents_url(case)}{document['id']}/").status_code == 404
    assert api(alice).get(f"{documents_url(case)}{document['id']}/content/").status_code == 404


def test_a_new_version_keeps_the_old_one_in_the_history(api, alice, case):
    first = post_document(api(alice), case, pdf(b"first"), kind="delivery_proof").json()
    versions = f"{documents_url(case)}{first['id']}/versions/"

    second = api(alice).post(
        versions, {"file": _file(pdf(b"second")), "description": "clearer scan"}, format="multipart"
    )

    assert second.status_code == 201, second.json()
    new = second.json()
    assert (new["replaces"], new["kind"], new["description"]) == (
        first["id"],
        "delivery_proof",
        "clearer scan",
    )
    listed = {d["id"]: d for d in api(alice).get(documents_url(case)).json()}
    assert listed[first["id"]]["replaced_by"] == new["id"]
    old_content = content_of(api(alice).get(f"{documents_url(case)}{first['id']}/content/"))
    assert b"first" in old_content
    again = api(alice).post(versions, {"file": _file(pdf(b"third"))}, format="multipart")
    assert again.status_code == 400
    refused = api(alice).post(
        f"{documents_url(case)}{new['id']}/versions/", {"file": _file(b"<html></html>")}, format="multipart"
    )
    assert refused.status_code == 400 and refused.json()["errors"] == {"file": [sniffing.REFUSED_HTML]}


def _file(content: bytes):
    from tests.documents.conftest import upload_file

    return upload_file(content)


def test_retracting_needs_a_reason_and_keeps_the_document(api, alice, case):
    document = post_document(api(alice), case, pdf()).json()
    retract = f"{documents_url(case)}{document['id']}/retract/"

    assert api(alice).post(retract, {}, format="json").status_code == 400
    assert api(alice).post(retract, {"reason": "   "}, format="json").status_code == 400
    response = api(alice).post(retract, {"reason": "wrong client's paper"}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["retraction_reason"] == "wrong client's paper" and body["retracted_by"] == "alice"
    assert body["retracted_at"] is not None
    assert api(alice).post(retract, {"reason": "again"}, format="json").status_code == 400
    assert api(alice).get(f"{documents_url(case)}{document['id']}/content/").status_code == 200


def test_after_erasure_content_and_name_are_gone_and_the_metadata_stays(
    api, alice, dora, case, media_root, django_capture_on_commit_callbacks
):
    document = post_document(api(alice), case, pdf(), name="ZZSENTINEL.pdf", description="ZZSENTINEL").json()
    api(alice).post(
        f"{documents_url(case)}{document['id']}/retract/", {"reason": "ZZSENTINEL"}, format="json"
    )
    assert len(stored_files(media_root)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert api(dora).post(f"/api/clients/{case.id}/erase/").status_code == 204

    assert stored_files(media_root) == []
    gone = api(alice).get(f"{documents_url(case)}{document['id']}/content/")
    assert gone.status_code == 410 and gone.json()["code"] == "gone"
    shown = api(alice).get(f"{documents_url(case)}{document['id']}/").json()
    assert {k: shown[k] for k in ("name", "description", "sha256", "retraction_reason", "erased")} == {
        "name": None,
        "description": None,
        "sha256": None,
        "retraction_reason": None,
        "erased": True,
    }
    assert {k: shown[k] for k in ("kind", "size", "content_type", "uploaded_at")} == {
        k: document[k] for k in ("kind", "size", "content_type", "uploaded_at")
    }
    row = Document.objects.get(id=document["id"])
    assert (row.storage_key, row.name_enc, row.description_enc, row.sha256_enc) == (None, None, None, None)
    assert post_document(api(alice), case, pdf()).status_code == 410
    retract = api(alice).post(
        f"{documents_url(case)}{document['id']}/retract/", {"reason": "x"}, format="json"
    )
    assert retract.status_code == 410


def _blob_of(media_root):
    (blob,) = stored_files(media_root)
    return blob


def test_a_damaged_blob_is_neither_served_nor_recorded(api, alice, case, media_root):
    document = post_document(api(alice), case, pdf(size=3 * CHUNK_SIZE)).json()
    blob = _blob_of(media_root)
    data = bytearray(blob.read_bytes())
    data[HEADER + 50] ^= 0x01  # in the first chunk
    blob.write_bytes(bytes(data))
    ReadAudit.objects.all().delete()

    response = api(alice).get(f"{documents_url(case)}{document['id']}/content/")

    assert response.status_code == 500 and response.json()["code"] == "damaged"
    assert not ReadAudit.objects.exists()


def test_a_chunk_that_fails_later_cuts_the_download_short(api, alice, case, media_root):
    from casework.crypto import DecryptionFailed

    document = post_document(api(alice), case, pdf(size=3 * CHUNK_SIZE)).json()
    blob = _blob_of(media_root)
    data = bytearray(blob.read_bytes())
    data[-5] ^= 0x01  # in the last chunk's tag
    blob.write_bytes(bytes(data))

    response = api(alice).get(f"{documents_url(case)}{document['id']}/content/")

    assert response.status_code == 200
    received = []
    with pytest.raises(DecryptionFailed):
        for piece in response.streaming_content:
            received.append(piece)
    assert sum(map(len, received)) < int(response["Content-Length"])


def test_a_name_with_control_characters_or_a_path_is_cleaned(alice, case):
    from casework.services.documents import document_upload
    from casework.services.reading import documents_read

    document = document_upload(
        actor=alice, client=case, file=[pdf()], kind="other", name="C:\\scans\\evil\r\nX-Header: 1.pdf"
    )

    (view,) = documents_read(actor=alice, client=case, documents=[document], channel="api")
    assert view.name == "evil__X-Header: 1.pdf"
