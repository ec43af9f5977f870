"""Drafts' tests: fixture cases built with the real services, the storage in a temporary root, and reading a
DOCX back with python-docx."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from docx import Document as read_docx

from casework.selectors.documents import documents_for
from casework.services.drafts import draft_generate
from casework.services.reading import document_content_open
from tests.conftest import make_client, record, record_decision

SENTINEL_NAME = "Зузуленко Сентинел Тестович"
FIELDS = {
    "addressee": "Московский городской суд\n107076, г. Москва, ул. Богородский вал, д. 8",
    "authority": "судьёй Тверского районного суда г. Москвы",
    "representative": "Петрова Анна Сергеевна, адвокат, ордер № 17",
    "applicant_address": "г. Москва, ул. Примерная, д. 1",
    "facts": "Заявитель проживает в Москве с 2015 года.\nСупруга — гражданка РФ.",
    "arguments": "Выдворение несоразмерно (ст. 8 Конвенции).",
    "delay_reasons": "Заявитель находился в больнице с 01.03.2025 по 20.03.2025.",
    "defendant": "ГУ МВД России по г. Москве\n115419, г. Москва, ул. Петровка, д. 38",
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    documents = {
        **django_settings.STORAGES["documents"],
        "OPTIONS": {**django_settings.STORAGES["documents"]["OPTIONS"], "location": root},
    }
    settings.STORAGES = {**django_settings.STORAGES, "documents": documents}
    return root


def fields_for(template, **changes):
    names = {field.name for field in template.fields}
    return {name: value for name, value in {**FIELDS, **changes}.items() if name in names}


def text_of(content: bytes) -> str:
    document = read_docx(io.BytesIO(content))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def stored_text(actor, document) -> str:
    opened = document_content_open(actor=actor, document=document, channel="web")
    return text_of(b"".join(opened.chunks))


@pytest.fixture
def expulsion_case(alice):
    """D1: administrative expulsion issued 27.02.2025, copy received 27.02.2025 → due 10.03.2025."""
    with time_machine.travel("2025-03-03T10:00:00+03:00", tick=False):
        client = make_client(alice, full_name=SENTINEL_NAME)
        record_decision(alice, client, official_number="5-123/2025")
    return client


@pytest.fixture
def deportation_case(alice):
    with time_machine.travel("2025-03-03T10:00:00+03:00", tick=False):
        client = make_client(alice)
        record(alice, client, "decision_issued", "2025-02-20", decision_ref="DP1", kind="deportation",
               copy_received_on="2025-02-25")  # fmt: skip
    return client


@pytest.fixture
def register_case(alice):
    """Listed since a register check on 10.02.2025, the posting date unknown: the deadline is estimated."""
    with time_machine.travel("2025-03-03T10:00:00+03:00", tick=False):
        client = make_client(alice)
        record(alice, client, "register_inclusion", "2025-02-10", ground="stay_expired")
    return client


def generate(actor, client, template, deadline_key, *, at="2025-03-03T10:00:00+03:00", **fields):
    with time_machine.travel(at, tick=False):
        return draft_generate(
            actor=actor, client=client, template=template, deadline_key=deadline_key, fields=fields
        )


def drafts_of(actor, client):
    return [document for document in documents_for(actor=actor, client=client) if document.kind == "draft"]
