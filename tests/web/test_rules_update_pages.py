"""What a caseworker sees after a rules update (issue 13): a notice on each moved or re-opened deadline, on the
client page and the dashboard, and the dashboard's review list of re-opened deadlines already missed."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client as WebClient
from django.urls import reverse

from casework import projections
from casework.domain import RuleBook
from casework.models import DeadlineChange
from tests.conftest import DECISION_D1, assigner, make_client, record
from tests.rules_update import book_with, release, release_not_counting_appeals
from tests.web.conftest import signed_in

DASHBOARD = reverse("web:dashboard")


def appealed_client(actor, *, assignee: str = "alice", number: int = 1):
    """D1 due Monday 10.03.2025, met by the appeal filed on 04.03.2025."""
    with time_machine.travel("2025-03-04 12:00:00+03:00", tick=False):
        client = make_client(actor, document_number=f"RU{number:07d}")
        record(assigner(client), client, "caseworker_assigned", date(2025, 3, 4), user=assignee)
        record(actor, client, "decision_issued", date(2025, 2, 27), **DECISION_D1)
        record(actor, client, "appeal_filed", date(2025, 3, 4), decision_ref="D1", forum="court")
    return client


def page(web, url) -> str:
    response = web.get(url)
    assert response.status_code == 200
    return response.content.decode()


def client_url(client) -> str:
    return reverse("web:client", kwargs={"client_id": client.id})


def section(html: str, name: str) -> str:
    start = html.index(f'data-section="{name}"')
    return html[start : html.index("</table>", start)]


def test_a_deadline_reopened_by_a_rules_update_says_so(monkeypatch, client, alice, in_english):
    target = appealed_client(alice)
    release_not_counting_appeals(monkeypatch)
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=False):
        projections.rebuild()
        web = signed_in(client, alice)
        card = page(web, client_url(target))
        board = page(web, DASHBOARD)
    notice = "Re-opened by a rules update on 05.03.2025: was met, now open."
    assert notice in card and 'data-rules-notice="reopened"' in card
    assert notice in board and 'data-rules-notice="reopened"' in board
    assert 'data-section="reopened"' not in board  # still open: reminders, not the review list


def test_the_notice_is_russian_first(monkeypatch, client, alice):
    target = appealed_client(alice)
    release_not_counting_appeals(monkeypatch)
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=False):
        projections.rebuild()
        card = page(signed_in(client, alice), client_url(target))
    assert "Снова открыт обновлением правил 05.03.2025: был соблюдён, теперь открыт." in card


def test_a_deadline_moved_by_a_rules_update_says_so(monkeypatch, client, alice, in_english):
    target = appealed_client(alice)
    with time_machine.travel("2025-03-04 13:00:00+03:00", tick=False):  # not met after all
        event = target.events.get(type="appeal_filed")
        record(
            alice, target, "event_retracted", date(2025, 3, 4), retracts=str(event.id), reason="wrong case"
        )
    release(monkeypatch, book_with(amount=8))  # due Friday 07.03.2025
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=False):
        projections.rebuild()
        web = signed_in(client, alice)
        card, board = page(web, client_url(target)), page(web, DASHBOARD)
    for html in (card, board):
        assert "Moved by a rules update on 05.03.2025:" in html
        assert "10.03.2025 → 07.03.2025" in html
    # The re-open by the retraction is logged, but it is no rules update: no notice says it was one.
    assert "Re-opened by a rules update" not in card


def test_an_event_that_moves_the_deadline_again_ends_the_notice(monkeypatch, client, alice, in_english):
    target = appealed_client(alice)
    release_not_counting_appeals(monkeypatch)
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=False):
        projections.rebuild()
        decision = target.events.get(type="decision_issued")
        corrected = {**DECISION_D1, "copy_received_on": "2025-03-03"}
        record(alice, target, "event_corrected", date(2025, 3, 5), corrects=str(decision.id), data=corrected)
        card = page(signed_in(client, alice), client_url(target))
    assert "data-rules-notice" not in card


@pytest.fixture
def reopened_missed(monkeypatch, alice, sam):
    """Two clients whose D1, met by the appeal of 04.03.2025, a rules update makes missed (due 03.03.2025):
    one assigned to alice, one to sam."""
    mine = appealed_client(alice, number=1)
    theirs = appealed_client(alice, assignee="sam", number=2)
    release(monkeypatch, book_with(amount=3))
    with time_machine.travel("2025-04-15 10:00:00+03:00", tick=False):
        projections.rebuild()
        projections.rebuild()  # a second rebuild changes nothing, and lists nothing twice
    return mine, theirs


@pytest.fixture
def mid_april():
    with time_machine.travel("2025-04-15 11:00:00+03:00", tick=False):
        yield


def test_a_reopened_deadline_already_missed_is_listed_once_for_review(
    reopened_missed, client, alice, sam, in_english, mid_april
):
    mine, theirs = reopened_missed
    board = page(signed_in(client, sam), DASHBOARD)
    assert "Re-opened by a rules update, already past — decide on a restoration petition" in board
    listed = section(board, "reopened")
    assert listed.count("<tr data-client=") == 2
    assert mine.code in listed and theirs.code in listed
    assert "03.03.2025" in listed and "Appeal" in listed
    assert "Rustam Karimov" not in listed and "RU0000001" not in listed
    # The missed bucket's rows carry the marker too.
    missed = board[board.index('data-bucket="missed"') :]
    assert missed[: missed.index("</table>")].count("Re-opened by a rules update on 15.04.2025: was met") == 2
    # A caseworker sees her own clients' (and unassigned ones'), as on the rest of the dashboard.
    client.logout()
    own = section(page(signed_in(client, alice), DASHBOARD), "reopened")
    assert mine.code in own and theirs.code not in own


def test_reviewed_records_who_and_when_and_leaves_the_list(
    reopened_missed, client, alice, in_english, mid_april
):
    mine, _theirs = reopened_missed
    change = DeadlineChange.objects.get(client=mine, key="appeal:D1", new_status="missed")
    web = signed_in(client, alice)
    response = web.post(reverse("web:reopened-reviewed", kwargs={"change_id": change.pk}))
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.reviewed_by == alice and change.reviewed_at is not None
    assert 'data-section="reopened"' not in page(web, DASHBOARD)
    with time_machine.travel("2025-04-16 10:00:00+03:00", tick=False):
        projections.rebuild()  # a later rebuild does not bring it back
        client.logout()
        web = signed_in(client, alice)
        assert 'data-section="reopened"' not in page(web, DASHBOARD)
        again = web.post(reverse("web:reopened-reviewed", kwargs={"change_id": change.pk}))
    assert again.status_code == 302  # reviewed twice: nothing more recorded
    assert DeadlineChange.objects.get(pk=change.pk).reviewed_at == change.reviewed_at


def test_only_the_organisations_staff_can_mark_one_reviewed(
    reopened_missed, client, bob, charlie, alice, in_english, mid_april
):
    mine, _theirs = reopened_missed
    change = DeadlineChange.objects.get(client=mine, key="appeal:D1", new_status="missed")
    url = reverse("web:reopened-reviewed", kwargs={"change_id": change.pk})
    assert signed_in(client, charlie).post(url).status_code == 404  # another organisation's
    client.logout()
    assert signed_in(client, bob).post(url).status_code == 403  # an analyst
    client.logout()
    web = signed_in(client, alice)
    assert web.get(url).status_code == 405
    moved_only = DeadlineChange.objects.create(
        organisation_id=mine.organisation_id, client=mine, key="appeal:D1", old_due_on=date(2025, 3, 3),
        new_due_on=date(2025, 3, 4), old_status="missed", new_status="missed", rules_update=True,
        reason="test", changed_at=change.changed_at,
    )  # fmt: skip
    assert web.post(reverse("web:reopened-reviewed", kwargs={"change_id": moved_only.pk})).status_code == 404
    strict = WebClient(enforce_csrf_checks=True)
    strict.force_login(alice)
    assert strict.post(url).status_code == 403  # no CSRF token
    change.refresh_from_db()
    assert change.reviewed_at is None


def test_a_deadline_added_by_a_rules_update_says_so_on_its_card(monkeypatch, client, alice):
    official = RuleBook.official()
    release(
        monkeypatch,
        RuleBook(rule for rule in official.rules if rule.applies_to != "departure_after_expulsion"),
    )
    with time_machine.travel("2025-03-12 10:00:00+03:00", tick=False):
        target = make_client(alice, document_number="RU0000009")
        record(alice, target, "decision_issued", date(2025, 2, 27), **DECISION_D1)  # in force 11.03
        release(monkeypatch, official)
        projections.rebuild()
        card = page(signed_in(client, alice), client_url(target))
    assert 'data-rules-notice="added"' in card
    assert "Добавлен обновлением правил 12.03.2025: теперь правила учитывают этот срок." in card
