"""Counting failed logins, per account and per IP address, in the shared cache (Redis), so that every web
process and the API see the same counts. Used by the web login (password and code steps), re-authentication
and the token endpoint.

A failure counts against the account and against the address. The account is the user the typed name finds,
after the NFKC normalisation Django's login form applies (so "ａlice" and "alice", which log in as the same
user, share one count), and otherwise the normalised name itself: whether or not such an account exists, the
answer must not tell. When either count reaches its limit within the window, that account or
address is refused for the lockout period. Only a complete login (password and second factor) clears the
account's count: a right password alone must not buy more guesses at the code.
"""

from __future__ import annotations

import ipaddress
import math
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac

KEY_PREFIX = "login-failures"
THROTTLE_SALT = "casework.login_throttle"


@dataclass(frozen=True)
class Scope:
    name: str
    limit_setting: str


ACCOUNT = Scope("account", "CASEWORK_LOGIN_FAILURES_PER_ACCOUNT")
ADDRESS = Scope("ip", "CASEWORK_LOGIN_FAILURES_PER_IP")


def client_address(request) -> str:
    """The caller's address; behind a reverse proxy, the last hop it appended to the configured header.
    IPv6 addresses count by their /64 network, which one machine usually holds whole."""
    header = getattr(settings, "CASEWORK_CLIENT_IP_HEADER", "")
    raw = request.META.get(header, "") if header else ""
    raw = raw.split(",")[-1].strip() or request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def account_of(username: str) -> str:
    """The account a typed username counts against: the user it logs in as (Django's UsernameField strips
    and applies NFKC before authenticate(), which then matches exactly), else one user whose name differs
    only in case, else the casefolded name. Every spelling that reaches one user shares its count."""
    name = unicodedata.normalize("NFKC", username.strip())
    users = get_user_model()._default_manager
    user_id = users.filter(username=name).values_list("pk", flat=True).first()
    if user_id is None:
        alike = list(users.filter(username__iexact=name).values_list("pk", flat=True)[:2])
        user_id = alike[0] if len(alike) == 1 else None
    return f"user:{user_id}" if user_id is not None else f"name:{name.casefold()}"


def _identity(scope: Scope, value: str) -> str:
    # A keyed hash (HMAC under a key derived from SECRET_KEY), so that the cache holds neither usernames nor
    # addresses: an unkeyed one would give them back to a dictionary, and every IPv4 address to 2^32 tries.
    normalised = account_of(value) if scope is ACCOUNT else value
    return salted_hmac(THROTTLE_SALT, f"{scope.name}\x00{normalised}", algorithm="sha256").hexdigest()


def _count_key(scope: Scope, value: str) -> str:
    return f"{KEY_PREFIX}:{scope.name}:{_identity(scope, value)}"


def _lock_key(scope: Scope, value: str) -> str:
    return f"{KEY_PREFIX}:{scope.name}:locked:{_identity(scope, value)}"


def _scopes(username: str | None, address: str) -> list[tuple[Scope, str]]:
    scopes = [(ADDRESS, address)]
    if username:
        scopes.append((ACCOUNT, username))
    return scopes


def retry_after(*, username: str | None, address: str) -> int | None:
    """Seconds until the account or address may try again, or None when neither is locked."""
    now = timezone.now().timestamp()
    waits = [
        math.ceil(until - now)
        for scope, value in _scopes(username, address)
        if (until := cache.get(_lock_key(scope, value))) is not None and until > now
    ]
    return max(waits) if waits else None


def failure_record(*, username: str | None, address: str) -> None:
    window = settings.CASEWORK_LOGIN_FAILURE_WINDOW_MINUTES * 60
    lockout = settings.CASEWORK_LOGIN_LOCKOUT_MINUTES * 60
    for scope, value in _scopes(username, address):
        key = _count_key(scope, value)
        cache.add(key, 0, timeout=window)  # the window starts at the first failure
        try:
            failures = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            failures = 1
        if failures >= getattr(settings, scope.limit_setting):
            cache.set(_lock_key(scope, value), timezone.now().timestamp() + lockout, timeout=lockout)
            cache.delete(key)  # counting starts afresh once the lockout is over


def account_clear(*, username: str) -> None:
    cache.delete_many([_count_key(ACCOUNT, username), _lock_key(ACCOUNT, username)])
