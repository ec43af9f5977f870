"""Authorisation bugs the matrix found, one test each."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from casework.services.events import event_record
from tests.conftest import make_client
from tests.web.conftest import signed_in


def client_pages(case) -> list[str]:
    note = event_record(
        actor=case.created_by,
        client=case,
        type="note_added",
        data={"text": "x"},
        occurred_on=date(2025, 3, 1),
    ).event
    return [
        reverse("web:client", args=[case.id]),
        reverse("web:event-record", args=[case.id]) + "?type=note_added",
        reverse("web:event-correct", args=[case.id, note.id]),
        reverse("web:event-retract", args=[case.id, note.id]),
    ]


def test_it_answers_404_to_an_analyst_for_another_organisations_client(client, bob, charlie):
    # The UI's role check ran before the lookup, so an analyst got 403 for B's client where every other
    # role got 404: "another organisation's objects answer 404, never 403".
    theirs = make_client(charlie)
    signed_in(client, bob)

    for url in client_pages(theirs):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_it_still_refuses_an_analyst_their_own_organisations_client(client, bob, alice):
    ours = make_client(alice)
    signed_in(client, bob)

    for url in client_pages(ours):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize(
    "path", ["/accounts/password_reset/", "/accounts/password_change/", "/accounts/reset/MQ/set-password/"]
)
def test_it_offers_no_password_reset_or_change_pages(client, alice, path):
    # They came with django.contrib.auth.urls, had no templates of ours (every one was a 500), and a reset
    # by e-mail would let whoever reads the mailbox take the account.
    assert client.get(path).status_code == 404
    assert signed_in(client, alice).get(path).status_code == 404
