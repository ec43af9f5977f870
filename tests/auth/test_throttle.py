"""Counting failed logins per account and per address, in the real Redis cache."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from casework.accounts import login_throttle


@pytest.fixture
def small_limits(settings, db):  # the account a name counts against is looked up
    settings.CASEWORK_LOGIN_FAILURES_PER_ACCOUNT = 3
    settings.CASEWORK_LOGIN_FAILURES_PER_IP = 5
    settings.CASEWORK_LOGIN_LOCKOUT_MINUTES = 15


def fail(times: int, *, username: str | None = "alice", address: str = "192.0.2.1") -> None:
    for _ in range(times):
        login_throttle.failure_record(username=username, address=address)


def test_it_locks_an_account_after_its_limit_from_any_address(small_limits):
    fail(2, address="192.0.2.1")
    assert login_throttle.retry_after(username="alice", address="192.0.2.9") is None

    fail(1, address="192.0.2.2")

    wait = login_throttle.retry_after(username="alice", address="192.0.2.9")
    assert wait is not None and 14 * 60 < wait <= 15 * 60
    assert login_throttle.retry_after(username="bob", address="192.0.2.9") is None


def test_it_counts_a_username_whatever_its_case_and_spacing(small_limits):
    fail(1, username="Alice")
    fail(1, username=" alice ")
    fail(1, username="ALICE")

    assert login_throttle.retry_after(username="alice", address="198.51.100.1") is not None


def test_it_counts_unicode_variants_of_a_username_as_one(small_limits):
    fail(1, username="\uff41lice")  # fullwidth a
    fail(1, username="\U0001d41alice")  # mathematical bold a
    fail(1, username="\u24d0lice")  # circled a

    assert login_throttle.retry_after(username="alice", address="198.51.100.1") is not None


def test_it_keys_an_existing_account_by_its_id(small_limits, alice):
    from django_redis import get_redis_connection

    alice.username = "alice-renamed"
    alice.save(update_fields=["username"])
    fail(3, username="alice-renamed")

    # The same account under its name and its id: one count whatever the spelling that found it.
    assert login_throttle.retry_after(username="ALICE-renamed", address="198.51.100.1") is not None
    assert b"alice" not in b" ".join(get_redis_connection("default").keys("*login-failures*"))


def test_it_locks_an_address_trying_many_accounts(small_limits):
    for number in range(5):
        fail(1, username=f"user{number}", address="203.0.113.7")

    assert login_throttle.retry_after(username="someone-else", address="203.0.113.7") is not None
    assert login_throttle.retry_after(username="someone-else", address="203.0.113.8") is None


def test_a_complete_login_clears_the_accounts_count(small_limits):
    fail(2)
    login_throttle.account_clear(username="alice")
    fail(2)

    assert login_throttle.retry_after(username="alice", address="198.51.100.1") is None


def test_the_lockout_ends(small_limits, settings):
    settings.CASEWORK_LOGIN_LOCKOUT_MINUTES = 0  # expires at once: the key is set with a zero timeout
    fail(3)

    assert login_throttle.retry_after(username="alice", address="198.51.100.1") is None


def test_the_cache_holds_neither_usernames_nor_addresses(small_limits):
    from django_redis import get_redis_connection

    fail(3, username="zzsentinel-user", address="192.0.2.77")

    keys = b" ".join(get_redis_connection("default").keys("*login-failures*"))
    assert b"zzsentinel" not in keys and b"192.0.2.77" not in keys
    assert keys  # the counts are in Redis itself, where every web process sees them


def test_the_cache_keys_are_keyed_hashes(small_limits, settings):
    # Issue 14: an unkeyed SHA-256 of "account\x00<username>" or "ip\x00<address>" falls to a dictionary (and
    # every IPv4 address to 2^32 guesses) in a Redis dump. Keyed with the SECRET_KEY, it does not.
    import hashlib

    from django_redis import get_redis_connection

    fail(1, username="zzsentinel-user", address="192.0.2.77")

    keys = b" ".join(get_redis_connection("default").keys(f"*{login_throttle.KEY_PREFIX}:*"))  # this test's
    assert keys
    for plain in ("account\x00zzsentinel-user", "ip\x00192.0.2.77"):
        assert hashlib.sha256(plain.encode()).hexdigest().encode() not in keys
    before = login_throttle._identity(login_throttle.ACCOUNT, "zzsentinel-user")
    settings.SECRET_KEY = "another secret key for this test only, long enough to be one"
    assert login_throttle._identity(login_throttle.ACCOUNT, "zzsentinel-user") != before


@pytest.mark.parametrize(
    ("meta", "header", "expected"),
    [
        ({"REMOTE_ADDR": "192.0.2.5"}, "", "192.0.2.5"),
        (
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 192.0.2.5"},
            "HTTP_X_FORWARDED_FOR",
            "192.0.2.5",
        ),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.5"}, "", "10.0.0.1"),
        ({"REMOTE_ADDR": "2001:db8:1:2:3:4:5:6"}, "", "2001:db8:1:2::/64"),
        ({"REMOTE_ADDR": "not an address"}, "", "unknown"),
    ],
)
def test_it_finds_the_callers_address(settings, meta, header, expected):
    settings.CASEWORK_CLIENT_IP_HEADER = header
    request = RequestFactory().get("/", **meta)

    assert login_throttle.client_address(request) == expected
