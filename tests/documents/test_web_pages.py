"""The case file in the browser's pages: upload (the script's JSON answer and the plain form's redirect), the
evidence on the timeline and in the deadline's explanation, the document's page, inline view and download,
a new version, withdrawal — and what must not happen: a plaintext temporary file, a missing CSRF token, a
refused file leaving a row or a blob."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import Client as BrowserClient
from django.urls import reverse

from casework.models import Document, ReadAction, ReadAudit
from casework.services.clients import client_erase
from tests.conftest import DECISION_D1, record
from tests.documents.conftest import JPEG, SENTINEL, pdf, stored_files

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def in_march_2025():
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=False):
        yield


@pytest.fixture
def decided(case, alice, in_march_2025):
    """The case with D1, its copy received on 27.02.2025 (the trigger of its appeal deadline)."""
    decision = record(alice, case, "decision_issued", date(2025, 2, 27), **DECISION_D1)
    return case, decision


@pytest.fixture
def browser(client, alice):
    client.force_login(alice)
    return client


def upload(browser, client, content: bytes, *, name="resolution.pdf", json=True, **fields):
    data = {"file": SimpleUploadedFile(name, content), "kind": "decision_copy", **fields}
    return browser.post(reverse("web:document-upload", args=[client.id]), data, **(JSON if json else {}))


def client_page(browser, client) -> str:
    response = browser.get(reverse("web:client", args=[client.id]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_script_uploads_a_file_and_gets_its_page(browser, decided, in_english):
    client, decision = decided

    response = upload(browser, client, pdf(), event=str(decision.id), description="stamped copy")

    assert response.status_code == 201
    document = Document.objects.get(client=client)
    assert response.json()["url"] == reverse("web:document", args=[client.id, document.id])
    assert (document.kind, document.event_id, document.content_type) == (
        "decision_copy",
        decision.id,
        "application/pdf",
    )


def test_the_plain_form_uploads_and_returns_to_the_case_file(browser, decided, in_english):
    client, _ = decided

    response = upload(browser, client, pdf(), json=False)

    assert response.status_code == 302
    assert response["Location"] == reverse("web:client", args=[client.id]) + "#documents"
    assert Document.objects.filter(client=client).count() == 1


def test_the_client_page_shows_the_case_file_the_paperclip_and_the_evidence(browser, decided, in_english):
    client, decision = decided
    before = client_page(browser, client)
    assert "No evidence on file for the date this deadline counts from." in before

    upload(browser, client, pdf(), name="D1 stamped.pdf", event=str(decision.id))
    html = client_page(browser, client)

    assert "D1 stamped.pdf" in html  # in the case file's table, its name opened for the page
    assert "Evidence in the case file:" in html  # the decision's paperclip on the timeline
    assert "Trigger date evidenced by:" in html and "uploaded 05.03.2025" in html
    assert "No evidence on file" not in html


def test_the_page_records_the_names_read_only_when_it_shows_some(browser, decided, in_english):
    client, _ = decided
    client_page(browser, client)
    assert not ReadAudit.objects.filter(client=client, action=ReadAction.DOCUMENTS_LISTED).exists()

    upload(browser, client, pdf())
    client_page(browser, client)

    assert ReadAudit.objects.filter(client=client, action=ReadAction.DOCUMENTS_LISTED).count() == 1


def test_a_file_of_another_type_is_refused_with_the_reason_and_leaves_nothing(browser, decided, media_root):
    client, _ = decided

    response = upload(browser, client, b"<html><script>alert(1)</script></html>", name="scan.pdf")

    assert response.status_code == 400
    assert response.json()["errors"]
    assert not Document.objects.filter(client=client).exists()
    assert stored_files(media_root) == []


def test_a_file_over_the_limit_answers_413_and_leaves_nothing(
    browser, decided, media_root, settings, in_english
):
    client, _ = decided
    settings.CASEWORK_MAX_UPLOAD_MB = 1

    response = upload(browser, client, pdf(size=1024 * 1024 + 10))

    assert response.status_code == 413
    assert "1 MB" in response.json()["errors"]["file"][0]
    assert not Document.objects.filter(client=client).exists()
    assert stored_files(media_root) == []


def test_no_upload_of_any_size_is_spooled_to_a_plaintext_temporary_file(browser, decided, monkeypatch):
    client, _ = decided
    spooled = []
    monkeypatch.setattr(TemporaryUploadedFile, "__init__", lambda self, *a, **k: spooled.append(a))

    response = upload(browser, client, pdf(size=3 * 1024 * 1024))  # over Django's 2.5 MB in memory

    assert response.status_code == 201
    assert spooled == []


def test_an_upload_without_the_csrf_token_is_refused(alice, decided):
    client, _ = decided
    strict = BrowserClient(enforce_csrf_checks=True)
    strict.force_login(alice)

    response = upload(strict, client, pdf())

    assert response.status_code == 403
    assert not Document.objects.filter(client=client).exists()


def test_the_document_page_views_inline_and_downloads_both_audited(browser, decided, in_english):
    client, decision = decided
    upload(browser, client, pdf(), name="resolution.pdf", event=str(decision.id))
    document = Document.objects.get(client=client)

    page = browser.get(reverse("web:document", args=[client.id, document.id])).content.decode()
    content = reverse("web:document-content", args=[client.id, document.id])
    inline = browser.get(content + "?view=inline")
    download = browser.get(content)

    assert "resolution.pdf" in page and f'src="{content}?view=inline"' in page
    assert inline["Content-Disposition"].startswith("inline")
    assert "frame-ancestors 'self'" in inline["Content-Security-Policy"]
    assert download["Content-Disposition"].startswith("attachment")
    assert "sandbox" in download["Content-Security-Policy"]
    for response in (inline, download):
        assert response["Cache-Control"] == "no-store"
        assert b"".join(response.streaming_content) == pdf()
    actions = ReadAudit.objects.filter(client=client, document=document).values_list("action", flat=True)
    assert {ReadAction.DOCUMENT_VIEWED, ReadAction.DOCUMENT_DOWNLOADED} <= set(actions)


def test_an_image_is_shown_in_a_sandboxed_frame(browser, decided):
    client, _ = decided
    upload(browser, client, JPEG, name="stamp.jpg", kind="delivery_proof")
    document = Document.objects.get(client=client)

    page = browser.get(reverse("web:document", args=[client.id, document.id])).content.decode()
    inline = browser.get(reverse("web:document-content", args=[client.id, document.id]) + "?view=inline")

    assert "<iframe sandbox " in page
    assert inline["Content-Security-Policy"].endswith("sandbox")


def test_a_pdf_with_javascript_is_never_shown_inline(browser, decided, in_english):
    client, _ = decided
    upload(browser, client, pdf(b"<< /S /JavaScript /JS (app.alert(1)) >>"))
    document = Document.objects.get(client=client)
    assert document.pdf_has_javascript

    page = browser.get(reverse("web:document", args=[client.id, document.id])).content.decode()
    asked_inline = browser.get(
        reverse("web:document-content", args=[client.id, document.id]) + "?view=inline"
    )

    assert "<iframe" not in page and "contains JavaScript" in page
    assert asked_inline["Content-Disposition"].startswith("attachment")


def test_a_new_version_replaces_the_document_and_keeps_the_old_one(browser, decided, in_english):
    client, _ = decided
    upload(browser, client, pdf(), name="first.pdf")
    first = Document.objects.get(client=client)

    response = browser.post(
        reverse("web:document-replace", args=[client.id, first.id]),
        {"file": SimpleUploadedFile("second.pdf", pdf(b"(second)")), "description": "rescanned"},
    )

    assert response.status_code == 302
    second = Document.objects.get(client=client, replaces=first)
    old_page = browser.get(reverse("web:document", args=[client.id, first.id])).content.decode()
    assert "A newer version replaces this one." in old_page and "second.pdf" in old_page
    html = client_page(browser, client)
    assert "second.pdf" in html and "first.pdf" not in html  # the case file lists the current version
    assert second.kind == first.kind


def test_withdrawal_needs_a_reason_and_keeps_the_document(browser, decided, in_english):
    client, _ = decided
    upload(browser, client, pdf())
    document = Document.objects.get(client=client)
    url = reverse("web:document-retract", args=[client.id, document.id])

    refused = browser.post(url, {"reason": ""}, follow=True)
    document.refresh_from_db()
    assert document.retracted_at is None
    assert "This field is required." in refused.content.decode()

    browser.post(url, {"reason": "wrong client"})
    document.refresh_from_db()
    page = browser.get(reverse("web:document", args=[client.id, document.id])).content.decode()
    assert document.retracted_at is not None
    assert "Withdrawn on" in page and "wrong client" in page


def test_after_erasure_the_page_says_so_and_the_content_is_gone(browser, decided, dora, media_root):
    client, _ = decided
    upload(browser, client, pdf())
    document = Document.objects.get(client=client)
    client_erase(actor=dora, client=client)

    page = browser.get(reverse("web:document", args=[client.id, document.id]))
    content = browser.get(reverse("web:document-content", args=[client.id, document.id]))

    assert page.status_code == 200 and SENTINEL not in page.content
    assert content.status_code == 410
    assert all(SENTINEL not in path.read_bytes() for path in stored_files(media_root))


@pytest.mark.parametrize("token_in", ["header", "form"])
def test_an_upload_with_the_csrf_token_passes_the_check_without_spooling(
    alice, decided, monkeypatch, token_in
):
    # The CSRF check reads the form first: the encrypting handler must be in place before it does (the page's
    # script sends the token as a header, a plain form as a field; both went through Django's spooling handler
    # once, or failed).
    client, _ = decided
    strict = BrowserClient(enforce_csrf_checks=True)
    strict.force_login(alice)
    strict.get(reverse("web:client", args=[client.id]))
    token = strict.cookies["csrftoken"].value
    spooled = []
    monkeypatch.setattr(TemporaryUploadedFile, "__init__", lambda self, *a, **k: spooled.append(a))
    data = {"file": SimpleUploadedFile("big.pdf", pdf(size=3 * 1024 * 1024)), "kind": "decision_copy"}
    if token_in == "form":
        data["csrfmiddlewaretoken"] = token

    response = strict.post(
        reverse("web:document-upload", args=[client.id]), data,
        **JSON, **({"HTTP_X_CSRFTOKEN": token} if token_in == "header" else {}),
    )  # fmt: skip

    assert response.status_code == 201
    assert spooled == []
    assert Document.objects.filter(client=client).count() == 1


def test_the_admin_home_shows_the_case_files_storage_use_and_the_audit_names_document_reads(
    client, alice, dora, decided, in_english
):
    case, _ = decided
    signed_in_alice = BrowserClient()
    signed_in_alice.force_login(alice)
    upload(signed_in_alice, case, pdf(size=2048), name="a.pdf")
    upload(signed_in_alice, case, pdf(size=3072), name="b.pdf")
    document = Document.objects.filter(client=case).first()
    signed_in_alice.get(reverse("web:document-content", args=[case.id, document.id]))

    client.force_login(dora)
    home = client.get(reverse("web:admin-home")).content.decode()
    audit = client.get(reverse("web:admin-audit")).content.decode()

    assert "2 documents kept, 5 KB in all." in home
    assert "downloaded a document of the client" in audit
    assert "document_downloaded" not in audit
