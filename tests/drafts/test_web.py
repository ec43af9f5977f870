"""From a deadline card to the draft's document page."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client as Browser

from casework.drafts.templates import TEMPLATES
from tests.conftest import PASSWORD
from tests.drafts.conftest import drafts_of, fields_for

pytestmark = pytest.mark.django_db
COMPLAINT = TEMPLATES["koap_expulsion_complaint"]
NOW = "2025-03-03T10:00:00+03:00"


def browser(user) -> Browser:
    client = Browser()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_deadline_card_links_the_form_and_the_form_writes_the_draft(alice, expulsion_case, in_english):
    web = browser(alice)
    url = f"/clients/{expulsion_case.id}/drafts/{COMPLAINT.id}/?deadline=appeal%3AD1"
    with time_machine.travel(NOW, tick=True):
        page = web.get(f"/clients/{expulsion_case.id}/")
        assert url in page.content.decode()
        form = web.get(url)
        assert form.status_code == 200
        text = form.content.decode()
        assert 'name="facts"' in text and 'name="addressee"' in text and "The case does not know" in text
        response = web.post(url, {**fields_for(COMPLAINT), "deadline": "appeal:D1"})
    (draft,) = drafts_of(alice, expulsion_case)
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{expulsion_case.id}/documents/{draft.id}/"


def test_the_form_shows_what_is_missing(alice, expulsion_case, in_english):
    web = browser(alice)
    url = f"/clients/{expulsion_case.id}/drafts/{COMPLAINT.id}/?deadline=appeal%3AD1"
    with time_machine.travel(NOW, tick=True):
        response = web.post(url, {"addressee": "Суд", "deadline": "appeal:D1"})
    assert response.status_code == 400
    assert response.content.decode().count("The case does not know this; write it here.") == 3
    assert drafts_of(alice, expulsion_case) == []


def test_a_template_that_does_not_fit_is_not_found(alice, expulsion_case, in_english):
    web = browser(alice)
    with time_machine.travel(NOW, tick=True):
        assert (
            web.get(f"/clients/{expulsion_case.id}/drafts/kas_claim/?deadline=appeal%3AD1").status_code == 404
        )
        assert web.get(f"/clients/{expulsion_case.id}/drafts/nope/?deadline=appeal%3AD1").status_code == 404
        assert web.get(f"/clients/{expulsion_case.id}/drafts/{COMPLAINT.id}/").status_code == 404


def test_analysts_403_and_other_organisations_404(bob, charlie, expulsion_case, in_english):
    url = f"/clients/{expulsion_case.id}/drafts/{COMPLAINT.id}/?deadline=appeal%3AD1"
    assert browser(bob).get(url).status_code == 403
    assert browser(charlie).get(url).status_code == 404
