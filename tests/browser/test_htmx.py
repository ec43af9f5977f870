"""The htmx touch on the clients list: filtering swaps only the results, without reloading the page."""

from __future__ import annotations

import pytest
from django.utils import translation

from casework.models import Membership
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, make_client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for_htmx_to_settle(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def russian(text: str) -> str:
    # The login page is in Russian for a visitor who is not signed in yet.
    with translation.override("ru"):
        return translation.gettext(text)


def test_filtering_the_clients_list_replaces_only_the_results(page, alice):
    Membership.objects.filter(user=alice).update(language="en")
    wanted = make_client(alice, full_name="Wanted Person", document_number="W1")
    make_client(alice, full_name="Other Person", document_number="O1")
    log_in(page, "alice", PASSWORD, label=russian)
    page.goto("/clients/")
    page.evaluate("() => { window.notReloaded = true; }")

    search = page.locator("form[role=search] input[name=q]")
    search.fill("wanted person")
    search.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('#client-results tbody tr').length === 1")

    assert page.url.endswith("/clients/")  # a POST: no search text in the URL or the history
    assert page.locator("#client-results tbody tr").first.get_attribute("data-client") == wanted.code
    assert page.evaluate("() => window.notReloaded === true")  # the same document: htmx swapped the results


def test_search_results_page_in_place_with_the_text_out_of_the_url(page, alice):
    Membership.objects.filter(user=alice).update(language="en")
    for number in range(27):
        make_client(alice, full_name="Same Person", document_number=f"S{number}")
    make_client(alice, full_name="Other Person", document_number="O1")
    log_in(page, "alice", PASSWORD, label=russian)
    page.goto("/clients/")
    page.evaluate("() => { window.notReloaded = true; }")

    search = page.locator("form[role=search] input[name=q]")
    search.fill("same person")
    search.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('#client-results tbody tr').length === 25")
    # The rows are in before htmx has processed the swapped-in page buttons (its settle step): a click in
    # between would not be seen as the form's submitter, and page 1 would come back.
    wait_for_htmx_to_settle(page)
    page.get_by_role("button", name="Next page").click()
    page.wait_for_function("() => document.querySelectorAll('#client-results tbody tr').length === 2")

    assert page.url.endswith("/clients/")
    assert page.evaluate("() => window.notReloaded === true")
    assert page.get_by_role("button", name="Previous page").is_visible()
