"""The browser setup itself: Chromium starts, the live server answers, the CSP watch and axe-core work."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_renders_the_login_page_without_console_errors_or_csp_violations(page):
    response = page.goto("/accounts/login/")

    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    with translation.override("ru"):
        username = translation.gettext("Username")
    page.get_by_label(username).fill("nobody")
    assert_accessible(page)


def test_it_notices_a_csp_violation(page, page_problems):
    page.goto("/accounts/login/")

    # An inline script, as a careless template would add: the CSP blocks it and the watch records it.
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }"
    )
    page.wait_for_function("() => true")

    # Seen twice: in the console, and by the securitypolicyviolation listener the fixture installs.
    assert any("Content Security Policy" in text for text in page_problems.csp_violations)
    assert any(
        text.startswith("script-src") and "blocked inline" in text for text in page_problems.csp_violations
    )
    page_problems.csp_violations.clear()  # expected here; any other would fail the test
