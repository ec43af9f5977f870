"""GET and POST /api/clients/{id}/drafts/ (API.md "Drafts")."""

from __future__ import annotations

import pytest
import time_machine

from casework.drafts.templates import TEMPLATES
from tests.drafts.conftest import fields_for

pytestmark = pytest.mark.django_db
COMPLAINT = TEMPLATES["koap_expulsion_complaint"]
NOW = "2025-03-03T10:00:00+03:00"


def test_the_list_names_the_fitting_templates_and_what_is_missing(api, alice, expulsion_case):
    with time_machine.travel(NOW, tick=False):
        response = api(alice).get(f"/api/clients/{expulsion_case.id}/drafts/")
    assert response.status_code == 200
    assert response.json() == [
        {
            "template": "koap_expulsion_complaint",
            "title": COMPLAINT.title,
            "deadline_key": "appeal:D1",
            "missing": ["addressee", "authority", "facts", "arguments"],
        }
    ]


def test_posting_writes_the_draft_and_answers_the_document_and_the_event(api, alice, expulsion_case):
    body = {"template": COMPLAINT.id, "deadline_key": "appeal:D1", "fields": fields_for(COMPLAINT)}
    with time_machine.travel(NOW, tick=False):
        response = api(alice).post(f"/api/clients/{expulsion_case.id}/drafts/", body, format="json")
    assert response.status_code == 201, response.content
    document, event = response.json()["document"], response.json()["event"]
    assert document["kind"] == "draft" and document["name"].endswith(".docx")
    assert (
        document["content_type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert event["type"] == "document_generated" and event["data"]["document"] == document["id"]
    content = api(alice).get(f"/api/clients/{expulsion_case.id}/documents/{document['id']}/content/")
    assert content.status_code == 200 and b"".join(content.streaming_content).startswith(b"PK")


def test_a_400_lists_what_is_missing(api, alice, expulsion_case):
    body = {"template": COMPLAINT.id, "deadline_key": "appeal:D1", "fields": {"addressee": "Суд"}}
    with time_machine.travel(NOW, tick=False):
        response = api(alice).post(f"/api/clients/{expulsion_case.id}/drafts/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "errors": {"missing": ["authority", "facts", "arguments"]}}


def test_a_template_that_does_not_fit_is_a_400(api, alice, expulsion_case):
    body = {"template": "kas_claim", "deadline_key": "appeal:D1", "fields": {}}
    with time_machine.travel(NOW, tick=False):
        response = api(alice).post(f"/api/clients/{expulsion_case.id}/drafts/", body, format="json")
    assert response.status_code == 400 and "template" in str(response.json())


def test_analysts_are_refused_and_other_organisations_do_not_find_the_client(
    api, bob, charlie, expulsion_case
):
    url = f"/api/clients/{expulsion_case.id}/drafts/"
    assert api(bob).get(url).status_code == 403
    assert api(charlie).get(url).status_code == 404
    body = {"template": COMPLAINT.id, "deadline_key": "appeal:D1", "fields": fields_for(COMPLAINT)}
    assert api(charlie).post(url, body, format="json").status_code == 404
