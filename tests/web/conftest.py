"""Shared by the page tests."""

from __future__ import annotations

import pytest

from casework.services.organisations import user_language_set


@pytest.fixture
def in_english(alice, sam, dora, bob, charlie):
    # The assertions read English text; the default interface language is Russian.
    for user in (alice, sam, dora, bob, charlie):
        user_language_set(actor=user, language="en")


def signed_in(client, user):
    client.force_login(user)
    return client
