"""An admin in the browser: the administration pages render without console errors or CSP violations, pass
axe-core, and a client is erased by typing the case code."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from casework.models import Client
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.conftest import PASSWORD, make_client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ru(text: str) -> str:
    """The Russian the server renders for an English msgid (the catalogue as compiled; English if absent)."""
    with translation.override("ru"):
        return translation.gettext(text)


def test_an_admin_manages_the_organisation_and_erases_a_client(page, dora, alice):
    client = make_client(alice, full_name="Rustam Karimov")
    log_in(page, "dora", PASSWORD, label=ru)

    page.get_by_role("navigation", name=ru("Main")).get_by_role("link", name=ru("Administration")).click()
    page.get_by_role("heading", level=1, name=ru("Administration")).wait_for()
    assert_accessible(page)
    screenshot(page, "admin")

    page.get_by_role("link", name=ru("Users and roles")).click()
    page.get_by_role("heading", level=1, name=ru("Users and roles")).wait_for()
    assert page.get_by_role("row", name=re.compile(r"\balice\b")).count() == 1
    assert_accessible(page)

    page.get_by_role("link", name=ru("New user")).click()
    page.get_by_label(ru("Username")).fill("fatima")
    page.get_by_label(ru("E-mail")).fill("fatima@example.org")
    page.get_by_label(ru("Role"), exact=True).select_option("supervisor")
    page.get_by_label(ru("Password"), exact=True).fill("a long enough passphrase")
    page.get_by_label(ru("Password again")).fill("a long enough passphrase")
    assert_accessible(page)
    page.get_by_role("button", name=ru("Create the account")).click()
    page.get_by_role("row", name=re.compile(r"\bfatima\b")).wait_for()

    page.goto("/admin/days-off/")
    page.get_by_label(ru("Region")).select_option("RU-TA")
    page.get_by_label(ru("Day"), exact=True).fill("2025-03-10")
    page.get_by_label(ru("Note")).fill("Republic Day")
    page.get_by_role("button", name=ru("Add the day off")).click()
    page.get_by_role("cell", name="Republic Day").wait_for()
    assert_accessible(page)

    page.goto("/admin/")
    page.get_by_label(ru("Case code")).fill(client.code)
    page.get_by_role("button", name=ru("Open the erasure page")).click()
    page.get_by_text("Rustam Karimov").wait_for()
    assert_accessible(page)
    page.get_by_label(ru("Type the client's case code to confirm")).fill(client.code)
    page.get_by_role("button", name=ru("Erase for good")).click()
    page.get_by_role("status").wait_for()

    client.refresh_from_db()
    assert client.erased
    assert not Client.objects.filter(pk=client.pk, full_name_enc__isnull=False).exists()
