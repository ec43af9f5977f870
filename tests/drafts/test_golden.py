"""Golden tests: each template rendered from a fixture case built with the real services, read back with
python-docx; every requisite and date in the text is the derived one."""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import ValidationError

from casework.derivation import derive_client
from casework.drafts.templates import TEMPLATES
from casework.models import Event, ReadAudit
from casework.selectors.drafts import drafts_for
from tests.drafts.conftest import SENTINEL_NAME, fields_for, generate, stored_text

pytestmark = pytest.mark.django_db
COMPLAINT = TEMPLATES["koap_expulsion_complaint"]
PETITION = TEMPLATES["restoration_petition"]
CLAIM = TEMPLATES["kas_claim"]
REQUEST = TEMPLATES["mvd_information_request"]
LATE = "2025-03-14T10:00:00+03:00"  # after D1's 10.03.2025


def offers(actor, client, at="2025-03-03T10:00:00+03:00"):
    with time_machine.travel(at, tick=False):
        return {(offer.template.id, offer.deadline.key) for offer in drafts_for(actor=actor, client=client)}


def test_the_complaint_within_the_period(alice, expulsion_case):
    result = generate(alice, expulsion_case, COMPLAINT.id, "appeal:D1", **fields_for(COMPLAINT))
    text = stored_text(alice, result.document)
    assert "Московский городской суд" in text
    assert f"{SENTINEL_NAME}, 01.05.1990 года рождения" in text
    assert "гражданство: Республика Таджикистан" in text
    assert "AB1234567" in text
    assert "Петрова Анна Сергеевна, адвокат" in text
    assert "ЖАЛОБА" in text and "от 27.02.2025 № 5-123/2025" in text
    assert "27.02.2025 судьёй Тверского районного суда г. Москвы вынесено постановление № 5-123/2025" in text
    assert "Копия постановления получена 27.02.2025." in text
    assert "не пропущен: он исчисляется с 27.02.2025, последний день срока — 10.03.2025." in text
    assert "Супруга — гражданка РФ." in text and "ст. 8 Конвенции" in text
    assert "С постановлением не согласен по следующим основаниям." in text  # the case records sex M
    assert "ПРОШУ:" in text and "Приложение:" in text
    assert "ходатайство" not in text.lower().split("приложение:")[1]
    assert "восстановить срок" not in text
    assert "03.03.2025" in text and "_______________ / Петрова Анна Сергеевна /" in text
    assert "Справка для юриста" not in text


def test_a_missed_complaint_points_to_the_petition_and_the_petition_is_offered(alice, expulsion_case):
    assert offers(alice, expulsion_case, LATE) == {(COMPLAINT.id, "appeal:D1"), (PETITION.id, "appeal:D1")}
    complaint = stored_text(
        alice,
        generate(alice, expulsion_case, COMPLAINT.id, "appeal:D1", at=LATE, **fields_for(COMPLAINT)).document,
    )
    assert "исчисляется с 27.02.2025 и истёк 10.03.2025" in complaint
    assert (
        "ходатайство о восстановлении пропущенного срока обжалования (ч. 2 ст. 30.3 КоАП РФ) прилагается"
        in complaint
    )
    assert "— восстановить срок обжалования постановления;" in complaint
    assert "1. Ходатайство о восстановлении пропущенного срока обжалования." in complaint
    assert "не пропущен" not in complaint

    petition = stored_text(
        alice,
        generate(
            alice, expulsion_case, PETITION.id, "appeal:D1", at=LATE, annex="1", **fields_for(PETITION)
        ).document,
    )
    assert "ХОДАТАЙСТВО" in petition and "о восстановлении пропущенного процессуального срока" in petition
    assert (
        "постановление об административном выдворении за пределы Российской Федерации № 5-123/2025"
        in petition
    )
    assert "Он исчисляется с 27.02.2025" in petition and "последним днём срока было 10.03.2025" in petition
    assert "составляет 10 дней по КоАП РФ" in petition and "основание — ст. 30.1, ч. 1 ст. 30.3" in petition
    assert "В соответствии с ч. 2 ст. 30.3 КоАП РФ" in petition
    assert "находился в больнице с 01.03.2025 по 20.03.2025" in petition
    assert "Жалоба на постановление по делу об административном правонарушении." in petition
    assert "Справка для юриста (не подаётся)" in petition  # the annex asked for: the computation's steps
    assert "14.03.2025" in petition


def test_the_kas_claim_against_a_deportation(alice, deportation_case):
    assert offers(alice, deportation_case) == {(CLAIM.id, "appeal:DP1")}
    with time_machine.travel("2025-03-03T10:00:00+03:00", tick=False):
        due = next(d for d in derive_client(deportation_case).deadlines if d.key == "appeal:DP1").due_on
    assert due.isoformat() == "2025-05-26"  # 25.05.2025 is a Sunday
    text = stored_text(
        alice, generate(alice, deportation_case, CLAIM.id, "appeal:DP1", **fields_for(CLAIM)).document
    )
    assert "АДМИНИСТРАТИВНОЕ ИСКОВОЕ ЗАЯВЛЕНИЕ" in text
    assert "Административный истец:" in text and "Административный ответчик:" in text
    assert "ГУ МВД России по г. Москве" in text
    assert "20.02.2025 административным ответчиком принято решение о депортации" in text
    assert "стало известно 25.02.2025" in text
    assert "исчисляется с 25.02.2025, последний день срока — 26.05.2025." in text
    assert "жалоба в вышестоящий в порядке подчинённости орган не подавалась" in text
    assert "— признать незаконным решение о депортации от 20.02.2025;" in text
    assert "Документ об уплате государственной пошлины." in text


def test_the_register_offers_the_claim_and_the_mvd_request(alice, register_case):
    keys = offers(alice, register_case)
    assert {template for template, _key in keys} == {CLAIM.id, REQUEST.id}
    key = next(key for template, key in keys if template == REQUEST.id)
    text = stored_text(
        alice,
        generate(alice, register_case, REQUEST.id, key, addressee="ГУ МВД России по г. Москве").document,
    )
    assert "ЗАПРОС" in text and "включён в реестр контролируемых лиц" in text
    assert "не позднее чем с 10.02.2025" in text
    assert "Сообщить дату размещения сведений" in text
    claim = stored_text(alice, generate(alice, register_case, CLAIM.id, key, **fields_for(CLAIM)).document)
    assert "решение о включении в реестр контролируемых лиц" in claim
    assert "точная дата подлежит проверке" in claim  # the trigger is estimated


def test_the_attachments_come_from_the_case_file(alice, expulsion_case):
    from casework.services.documents import document_upload
    from tests.documents.conftest import pdf

    document_upload(
        actor=alice, client=expulsion_case, file=pdf(), kind="decision_copy", name="postanovlenie.pdf"
    )
    text = stored_text(
        alice, generate(alice, expulsion_case, COMPLAINT.id, "appeal:D1", **fields_for(COMPLAINT)).document
    )
    assert "3. Копия решения (postanovlenie.pdf)." in text


def test_the_draft_is_a_document_with_an_event_and_a_read_audit(alice, expulsion_case):
    with time_machine.travel("2025-03-03T10:00:00+03:00", tick=False):
        before = derive_client(expulsion_case).deadlines
    result = generate(alice, expulsion_case, COMPLAINT.id, "appeal:D1", **fields_for(COMPLAINT))
    decision = Event.objects.get(client=expulsion_case, type="decision_issued")
    assert result.document.kind == "draft" and result.document.event_id == decision.id
    assert result.document.content_type.endswith("wordprocessingml.document")
    event = result.event
    assert event.type == "document_generated" and event.occurred_on.isoformat() == "2025-03-03"
    assert event.data["template"] == COMPLAINT.id and event.data["template_version"] == 1
    assert event.data["deadline_key"] == "appeal:D1" and event.data["as_of"] == "2025-03-03"
    assert event.data["document"] == str(result.document.id) and len(event.data["inputs_sha256"]) == 64
    assert SENTINEL_NAME not in str(event.data)
    assert ReadAudit.objects.filter(client_id=expulsion_case.id, action="draft_generated").count() == 1
    with time_machine.travel("2025-03-03T10:00:00+03:00", tick=False):
        assert derive_client(expulsion_case).deadlines == before  # derivation ignores the event


def test_missing_fields_are_listed_and_nothing_is_stored(alice, expulsion_case):
    with pytest.raises(ValidationError) as refused:
        generate(alice, expulsion_case, COMPLAINT.id, "appeal:D1", addressee="Суд")
    assert refused.value.message_dict["missing"] == ["authority", "facts", "arguments"]
    assert not ReadAudit.objects.filter(action="draft_generated").exists()
    assert not Event.objects.filter(type="document_generated").exists()


def test_a_template_that_does_not_fit_the_deadline_is_refused(alice, expulsion_case, deportation_case):
    with pytest.raises(ValidationError) as refused:
        generate(alice, expulsion_case, PETITION.id, "appeal:D1", **fields_for(PETITION))  # D1 is still open
    assert "template" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        generate(alice, deportation_case, COMPLAINT.id, "appeal:DP1", **fields_for(COMPLAINT))
    assert "template" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        generate(alice, expulsion_case, COMPLAINT.id, "appeal:NOPE", **fields_for(COMPLAINT))
    assert "deadline_key" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        generate(alice, expulsion_case, "nope", "appeal:D1")
    assert "template" in refused.value.message_dict


def test_the_event_cannot_be_recorded_by_hand(alice, expulsion_case):
    from casework.domain.events import PayloadInvalid
    from tests.conftest import record

    with pytest.raises(PayloadInvalid):
        record(alice, expulsion_case, "document_generated", "2025-03-03", template="x")
