"""The confirm: one batch, written a row to a transaction, idempotent and resumable; imported history sends
no burst of reminders, and a deadline imported as already missed waits once on the review list."""

from __future__ import annotations

import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from casework.models import (
    Client,
    Deadline,
    DeadlineChange,
    DeadlineStatus,
    Event,
    ImportBatch,
    ImportRow,
    ImportState,
    Reminder,
    ReminderState,
    Role,
)
from casework.reminders import ledger
from casework.selectors.dashboard import dashboard_for
from casework.selectors.imports import import_preview_for
from casework.services import imports
from casework.services.imports import POSSIBLE_DUPLICATE, import_confirm
from casework.services.organisations import user_create
from tests.conftest import make_client
from tests.web.conftest import signed_in

HEADER = (
    "ФИО;Дата рождения;Номер документа;Гражданство;Пол;Регион;Вид решения;Номер решения;Дата решения;"
    "Дата получения копии решения;Заметка"
)
KARIMOV = "Каримов Рустам;01.05.1990;AB1234567;Таджикистан;м;RU-MOW;administrative_expulsion;Д1;27.02.2025;27.02.2025;"
YUSUPOVA = "Юсупова Малика;12.03.1994;CD7654321;Узбекистан;ж;RU-MOW;;;;;"
# Appeal due on Monday 24.03: the steps 5, 3 and 1 working days before it are past when it is imported.
NAZAROV = (
    "Назаров Бахтиёр;03.04.1988;EF1112223;TJK;м;RU-MOW;administrative_expulsion;Д3;13.03.2025;13.03.2025;"
)
REFUSED = "Без даты;01.01.1980;;Таджикистн;м;RU-MOW;;;;;"
NOW = "2025-03-22 10:00:00+03:00"  # Karimov's appeal period ended on 10.03: twelve days ago


def sheet(tmp_path, *rows, name="клиенты.csv"):
    path = tmp_path / name
    path.write_bytes("\r\n".join([HEADER, *rows]).encode("cp1251"))
    return path


def run(org, path, *extra, at=NOW) -> dict:
    out = StringIO()
    with time_machine.travel(at, tick=False):
        call_command("import_cases", "--org", org.slug, "--file", str(path), "--confirm", *extra, stdout=out)
    return json.loads(out.getvalue().splitlines()[-1])


def histories(org) -> dict[str, list[tuple]]:
    """Each imported client's events, by document index (stable across runs), as type, date and data."""
    found = {}
    for client in Client.objects.filter(organisation=org):
        events = Event.objects.filter(client=client).exclude(type="client_registered").order_by("version")
        found[client.document_index] = [(e.type, e.occurred_on, e.data) for e in events]
    return found


@pytest.fixture
def first(tmp_path):
    return sheet(tmp_path, KARIMOV, YUSUPOVA, NAZAROV, REFUSED)


def test_it_writes_exactly_what_the_preview_showed(org_a, sam, first):
    with time_machine.travel(NOW, tick=False):
        preview = import_preview_for(actor=sam, data=first.read_bytes(), filename=first.name)
        result = import_confirm(actor=sam, data=first.read_bytes(), filename=first.name)

    summary = result.summary()
    assert (summary["rows"], summary["clients_created"], summary["clients_matched"]) == (4, 3, 0)
    assert summary["events"] == preview.summary()["events"] == 2
    assert [error["row"] for error in summary["errors"]] == [5]
    written = {
        tuple(sorted((e.type, e.occurred_on, json.dumps(e.data, sort_keys=True)) for e in events))
        for events in [
            Event.objects.filter(client=client).exclude(type="client_registered")
            for client in Client.objects.filter(organisation=org_a)
        ]
    }
    planned = {
        tuple(sorted((e.type, e.occurred_on, json.dumps(e.data, sort_keys=True)) for e in plan.events))
        for plan in preview.plans
        if plan.accepted
    }
    assert written == planned
    karimov = Client.objects.get(events__data__decision_ref="Д1")
    assert karimov.created_by == sam
    assert Event.objects.filter(client=karimov, type="decision_issued").get().recorded_by == sam
    batch = result.batch
    assert (batch.user, batch.state, batch.rows, batch.clients_created, batch.events, batch.errors) == (
        sam,
        ImportState.DONE,
        4,
        3,
        2,
        1,
    )


def test_it_stores_neither_the_file_name_nor_personal_data_in_the_batch(org_a, first):
    run(org_a, first)
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(b)::text FROM casework_importbatch b")
        batch = cursor.fetchone()[0]
        cursor.execute("SELECT string_agg(row_to_json(r)::text, '') FROM casework_importrow r")
        rows = cursor.fetchone()[0]
    for secret in ("клиенты", "Каримов", "AB1234567", "Д1"):
        assert secret not in batch and secret not in rows


def test_a_second_run_of_the_same_file_writes_nothing(org_a, first):
    run(org_a, first)
    before = (Client.objects.count(), Event.objects.count(), histories(org_a))

    again = run(org_a, first, at="2025-03-23 10:00:00+03:00")

    assert (again["clients_created"], again["clients_matched"], again["events"]) == (0, 0, 0)
    assert again["already_imported"] == 3
    assert (Client.objects.count(), Event.objects.count(), histories(org_a)) == before


def test_a_corrected_file_adds_only_what_is_new(org_a, tmp_path, first):
    run(org_a, first)
    before = histories(org_a)
    corrected = sheet(
        tmp_path,
        KARIMOV,
        YUSUPOVA.removesuffix(";") + ";Позвонить в понедельник",  # one row changed: a note
        NAZAROV,
        "Рахимов Фарход;07.07.1985;GH4445556;TJK;м;RU-MOW;;;;;",  # one row added
        name="клиенты-исправленные.csv",
    )

    summary = run(org_a, corrected, at="2025-03-24 10:00:00+03:00")

    assert (summary["clients_created"], summary["clients_matched"], summary["events"]) == (1, 3, 1)
    after = histories(org_a)
    assert len(after) == len(before) + 1
    changed = [key for key in before if after[key] != before[key]]
    assert len(changed) == 1 and [e[0] for e in after[changed[0]]] == ["note_added"]
    assert Event.objects.filter(type="decision_issued").count() == 2
    # And once more, another day: the undated note is found again, not recorded twice.
    assert run(org_a, corrected, at="2025-03-25 10:00:00+03:00")["events"] == 0


def test_a_row_matched_by_the_name_only_is_a_possible_duplicate(org_a, alice, tmp_path):
    with time_machine.travel("2025-03-01 10:00:00+03:00", tick=False):
        registered = make_client(alice, full_name="Юсупова Малика", document_number="")
    path = sheet(tmp_path, YUSUPOVA.removesuffix(";") + ";Звонила")

    refused = run(org_a, path)
    assert refused["errors"] == [{"row": 2, "column": "", "message": POSSIBLE_DUPLICATE}]
    assert refused["clients_created"] == 0 and not ImportRow.objects.exists()

    accepted = run(org_a, path, "--accept-name-matches")
    assert (accepted["clients_matched"], accepted["events"]) == (1, 1)
    assert Event.objects.filter(client=registered, type="note_added").count() == 1


def test_an_interrupted_import_resumes_without_duplicates(org_a, first, monkeypatch):
    write_row, calls = imports.write_row, []

    def crash_on_the_second_row(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the machine went down")
        return write_row(*args, **kwargs)

    monkeypatch.setattr(imports, "write_row", crash_on_the_second_row)
    with pytest.raises(RuntimeError):
        run(org_a, first)
    batch = ImportBatch.objects.get()
    assert batch.state == ImportState.FAILED and batch.clients_created == 1
    assert Client.objects.count() == 1  # row 2 rolled back whole: no client without its events

    monkeypatch.setattr(imports, "write_row", write_row)
    resumed = run(org_a, first)

    assert (resumed["already_imported"], resumed["clients_created"]) == (1, 2)
    batch = ImportBatch.objects.get()  # the same batch, resumed
    assert (batch.state, batch.clients_created, batch.events) == (ImportState.DONE, 3, 2)
    assert Client.objects.filter(organisation=org_a).count() == 3
    assert Event.objects.filter(type="decision_issued").count() == 2


def test_the_app_role_sees_only_its_organisations_batches(org_a, org_b, first):
    run(org_a, first)
    run(org_b, first)
    with connection.cursor() as cursor:
        cursor.execute("SAVEPOINT rls")
        cursor.execute("SET LOCAL ROLE casework_app")
        cursor.execute("SELECT set_config('casework.organisation_id', %s, true)", [str(org_b.id)])
        cursor.execute("SELECT DISTINCT organisation_id FROM casework_importbatch")
        batches = cursor.fetchall()
        cursor.execute("SELECT DISTINCT organisation_id FROM casework_importrow")
        rows = cursor.fetchall()
        cursor.execute("ROLLBACK TO SAVEPOINT rls")
    assert batches == [(org_b.id,)] and rows == [(org_b.id,)]


def test_imported_history_sends_no_burst_of_reminders(org_a, sam, first):
    run(org_a, first)
    karimov = Client.objects.get(events__data__decision_ref="Д1")
    appeal = Deadline.objects.get(client=karimov, rule="koap_expulsion_appeal")
    assert appeal.status == DeadlineStatus.MISSED

    with time_machine.travel(NOW, tick=False):
        ledger.insert_due()  # beat's scan
        ledger.insert_due(client_id=karimov.id)  # the check after an append
    with time_machine.travel("2025-03-23 10:00:00+03:00", tick=False):
        ledger.insert_due()

    past = Reminder.objects.filter(client=karimov)
    assert past.exists() and set(past.values_list("state", flat=True)) == {ReminderState.SKIPPED}
    assert (
        not Reminder.objects.filter(state__in=[ReminderState.PENDING, ReminderState.SENT])
        .exclude(client=karimov)
        .filter(send_at__lt="2025-03-22T07:00:00Z")
    )

    with time_machine.travel(NOW, tick=False):
        board = dashboard_for(actor=sam)
    # Once per deadline: the appeal and the departure after expulsion, both missed before the import.
    listed = sorted((row.change.client_id, row.change.key) for row in board.reopened)
    assert listed == [(karimov.id, "appeal:Д1"), (karimov.id, "departure:Д1")]
    run(org_a, first, at="2025-03-23 10:00:00+03:00")
    with time_machine.travel("2025-03-23 10:00:00+03:00", tick=False):
        assert len(dashboard_for(actor=sam).reopened) == 2


def test_an_open_deadline_skips_its_past_steps_and_gets_the_next(org_a, sam, first):
    run(org_a, first)
    nazarov = Client.objects.get(events__data__decision_ref="Д3")
    appeal = Deadline.objects.get(client=nazarov, rule="koap_expulsion_appeal")
    assert (appeal.status, str(appeal.due_on)) == (DeadlineStatus.OPEN, "2025-03-24")
    assert list(Reminder.objects.filter(client=nazarov).values_list("step", "state")) == [
        ("1", ReminderState.SKIPPED)  # due on 21.03, before the import: history
    ]

    with time_machine.travel("2025-03-24 10:00:00+03:00", tick=False):
        ledger.insert_due()

    pending = Reminder.objects.filter(client=nazarov, state=ReminderState.PENDING)
    assert list(pending.values_list("step", flat=True)) == ["0"]


def test_the_dashboard_lists_an_imported_missed_deadline_until_reviewed(
    org_a, sam, first, client, in_english
):
    run(org_a, first)
    with time_machine.travel(NOW, tick=False):
        web = signed_in(client, sam)
        board = web.get(reverse("web:dashboard")).content.decode()
        listed = board[
            board.index('data-section="reopened"') : board.index(
                "</table>", board.index('data-section="reopened"')
            )
        ]
        assert listed.count("data-imported") == 2 and "imported on 22.03.2025 as already missed" in listed
        change = DeadlineChange.objects.get(imported=True, key="appeal:Д1")
        assert web.post(reverse("web:reopened-reviewed", kwargs={"change_id": change.pk})).status_code == 302
        board = web.get(reverse("web:dashboard")).content.decode()
    assert board.count("data-imported") == 1


def test_each_row_keeps_the_events_it_added(org_a, first):
    run(org_a, first)
    karimov = Client.objects.get(events__data__decision_ref="Д1")
    row = ImportRow.objects.get(client=karimov)
    decision = Event.objects.get(client=karimov, type="decision_issued")
    assert row.event_ids == [decision.id] and decision.idempotency_key.startswith("import:")


def test_a_person_on_two_rows_of_the_file_is_one_client(org_a, tmp_path):
    path = sheet(tmp_path, YUSUPOVA, YUSUPOVA.removesuffix(";") + ";Позвонить")

    summary = run(org_a, path)

    assert (summary["clients_created"], summary["clients_matched"], summary["events"]) == (1, 1, 1)
    assert Client.objects.filter(organisation=org_a).count() == 1


def test_nothing_personal_reaches_the_logs_or_the_summary(org_a, sam, tmp_path, caplog):
    path = sheet(
        tmp_path, KARIMOV.replace("Каримов Рустам", "ZZSENTINEL Каримов").replace("AB1234567", "ZZ777")
    )
    caplog.set_level("DEBUG")

    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("import_cases", "--org", org_a.slug, "--file", str(path), "--confirm", stdout=out)

    assert json.loads(out.getvalue().splitlines()[-1])["clients_created"] == 1
    for text in (out.getvalue(), caplog.text):
        assert "ZZSENTINEL" not in text and "ZZ777" not in text


def test_a_deadline_imported_missed_is_not_escalated_to_someone_who_joins_later(org_a, first):
    run(org_a, first)  # nobody to remind yet: no ledger rows at all
    assert not Reminder.objects.exists()
    user_create(
        organisation=org_a, username="vera", password=None, role=Role.SUPERVISOR, email="vera@example.org",
        check_password=False,
    )  # fmt: skip

    with time_machine.travel("2025-03-23 10:00:00+03:00", tick=False):
        ledger.insert_due()

    karimov = Client.objects.get(events__data__decision_ref="Д1")
    assert not Reminder.objects.filter(client=karimov, step=Reminder.STEP_MISSED).exists()


def test_a_row_written_meanwhile_by_another_run_is_not_doubled(org_a, tmp_path, monkeypatch):
    write_row = imports.write_row

    def another_run_got_there_first(*args, **kwargs):
        write_row(*args, **kwargs)  # the other run's transaction, committed
        return write_row(*args, **kwargs)

    monkeypatch.setattr(imports, "write_row", another_run_got_there_first)
    summary = run(org_a, sheet(tmp_path, YUSUPOVA))

    assert (summary["already_imported"], summary["clients_created"]) == (1, 0)
    assert Client.objects.filter(organisation=org_a).count() == 1
