"""What a session knows about how it was authenticated, kept in the session itself:

- when the last complete authentication happened (password, plus a code when the user has a factor): set at
  every login() by the user_logged_in signal, and again by re-authentication;
- which second factor it passed, if any (checked against the account on every request by
  SecondFactorMiddleware, so a login that skipped the code step, or a factor reset since, ends the session);
- a pending login: the password was right, the code step is still to come. Not logged in yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme

from casework.accounts import login_throttle

AUTH_AT = "casework_auth_at"
AUTH_FACTOR = "casework_auth_factor"
PENDING = "casework_pending_login"
REAUTH_FAILURES = "casework_reauth_failures"


def _now() -> float:
    return timezone.now().timestamp()


def on_user_logged_in(sender, request, user: User, **kwargs) -> None:
    # Every login() is a fresh authentication; our login views call it only once every step has passed.
    if request is not None and hasattr(request, "session"):
        request.session[AUTH_AT] = _now()


def login_complete(request, user: User, *, backend: str, factor_id: int | None) -> None:
    request.session.pop(PENDING, None)
    auth_login(request, user, backend=backend)  # a new session key; the signal records the time
    if factor_id is not None:
        request.session[AUTH_FACTOR] = factor_id
    login_throttle.account_clear(username=user.get_username())
    membership = getattr(user, "membership", None)
    if membership is not None:  # messages added from here on are in the language of the pages to come
        translation.activate(membership.language)


def reauthenticated(request) -> None:
    request.session[AUTH_AT] = _now()
    request.session.pop(REAUTH_FAILURES, None)


def authenticated_recently(request) -> bool:
    at = request.session.get(AUTH_AT)
    return at is not None and _now() - at <= settings.CASEWORK_REAUTH_MINUTES * 60


def safe_next(request, candidate: str | None, default: str = "/") -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def recent_authentication_required(view):
    """Signed in, and authenticated completely within CASEWORK_REAUTH_MINUTES; otherwise ask again (password,
    and code when the user has a factor), then come back here."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not authenticated_recently(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('web:reauthenticate')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper


def recent_authentication_required_to_post(back: str):
    """The same for a POST-only action (a button on a list): after re-authenticating, the user comes back
    to the page named `back` and presses the button again, rather than to a URL that takes no GET."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not authenticated_recently(request):
                query = urlencode({"next": reverse(back)})
                return redirect(f"{reverse('web:reauthenticate')}?{query}")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


@dataclass(frozen=True)
class PendingLogin:
    user: Any  # the user model
    backend: str
    next_url: str
    attempts: int


def pending_start(request, user: User, *, next_url: str) -> None:
    request.session.cycle_key()  # whoever knew the session key before the password does not share the login
    request.session[PENDING] = {
        "user": user.pk,
        "backend": user.backend,  # set by authenticate()
        "since": _now(),
        "next": next_url,
        "attempts": 0,
    }


def pending_get(request) -> PendingLogin | None:
    """The login waiting for its code, or None (none, expired, or the account was deactivated meanwhile)."""
    pending = request.session.get(PENDING)
    if not pending:
        return None
    if _now() - pending["since"] > settings.CASEWORK_MFA_PENDING_MINUTES * 60:
        request.session.pop(PENDING, None)
        return None
    user = get_user_model()._default_manager.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING, None)
        return None
    return PendingLogin(user, pending["backend"], pending["next"], pending["attempts"])


def pending_failed(request) -> int:
    """Count a wrong code against the pending login; at the limit the login is dropped. Attempts so far."""
    pending = request.session[PENDING]
    pending["attempts"] += 1
    if pending["attempts"] >= settings.CASEWORK_MFA_CODE_ATTEMPTS:
        request.session.pop(PENDING)
    else:
        request.session[PENDING] = pending  # a changed dict inside the session must be set again to be saved
    return pending["attempts"]


def reauth_failed(request) -> int:
    failures = request.session.get(REAUTH_FAILURES, 0) + 1
    request.session[REAUTH_FAILURES] = failures
    return failures
