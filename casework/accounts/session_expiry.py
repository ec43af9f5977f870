"""Browser sessions end after a period of inactivity and, whatever the activity, some hours after the login.

A laptop left open in an office that is searched, or a session cookie copied off a seized device, should not
open the case files for long. Both limits are enforced here, on the server, from two timestamps kept in the
session; the cookie itself expires when the browser closes (settings.py).
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext

LOGIN_AT = "casework_login_at"
SEEN_AT = "casework_seen_at"
# Writing the session on every request would be a database write per page; a minute's precision is plenty.
SEEN_AT_PRECISION_SECONDS = 60


def idle_expired_message(minutes: int) -> str:
    return ngettext(
        "You were logged out after %(minutes)s minute without activity. Please log in again.",
        "You were logged out after %(minutes)s minutes without activity. Please log in again.",
        minutes,
    ) % {"minutes": minutes}


def lifetime_expired_message(hours: int) -> str:
    return ngettext(
        "You were logged out %(hours)s hour after logging in. Please log in again.",
        "You were logged out %(hours)s hours after logging in. Please log in again.",
        hours,
    ) % {"hours": hours}


@receiver(user_logged_in)
def session_start(sender, request, user: User, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


def session_expiry_reason(session, now: int) -> str | None:
    """The message to show when this session has run out (in the active language), or None while it holds."""
    idle_minutes = settings.CASEWORK_SESSION_IDLE_MINUTES
    lifetime_hours = settings.CASEWORK_SESSION_LIFETIME_HOURS
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        # A session from before these limits (or one forged without them) counts as expired.
        return lifetime_expired_message(lifetime_hours)
    if now - login_at >= lifetime_hours * 3600:
        return lifetime_expired_message(lifetime_hours)
    if now - seen_at >= idle_minutes * 60:
        return idle_expired_message(idle_minutes)
    return None


def _next_url(request: HttpRequest) -> str:
    # An htmx request asks for a fragment; after logging in the person wants the page they were on.
    current = request.headers.get("HX-Current-URL") if request.headers.get("HX-Request") else None
    if current and url_has_allowed_host_and_scheme(
        current, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(current)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()


class SessionExpiryMiddleware:
    """After the authentication and message middleware: an expired session is logged out, and the browser is
    sent to the login page with a message and the page it asked for as `next`. API calls are not redirected:
    they go on as anonymous and get the API's 401/403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            reason = session_expiry_reason(request.session, now)
            if reason is not None:
                return self._expired(request, reason)
            if now - request.session[SEEN_AT] >= SEEN_AT_PRECISION_SECONDS:
                request.session[SEEN_AT] = now
        return self.get_response(request)

    def _expired(self, request: HttpRequest, reason: str) -> HttpResponse:
        next_url = _next_url(request)
        logout(request)
        if request.path.startswith("/api/"):
            return self.get_response(request)
        messages.info(request, reason)
        if request.path in {resolve_url(settings.LOGIN_URL), reverse("logout")}:
            return self.get_response(request)  # the login page itself, or a logout that has just happened
        redirect = redirect_to_login(next_url, settings.LOGIN_URL)
        if request.headers.get("HX-Request"):
            # htmx would swap the login page into a fragment; HX-Redirect makes it load the whole page.
            return HttpResponse(status=204, headers={"HX-Redirect": redirect["Location"]})
        return redirect
