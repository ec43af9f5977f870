"""Shared by the page tests."""

from __future__ import annotations


def signed_in(client, user):
    client.force_login(user)
    return client
