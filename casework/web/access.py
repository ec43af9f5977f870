"""Decorators shared by the UI views: signed in, and a role that works with cases."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from casework.models import CASE_ROLES
from casework.selectors.clients import client_get_for


def case_work_required(view):
    """Signed in with a case role (caseworker, supervisor, admin). Analysts see aggregates only.

    A page about one client looks the client up first: another organisation's client answers 404 to every
    role, analysts included, and only the organisation's own clients are refused with 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        membership = getattr(request.user, "membership", None)
        if membership is None or membership.role not in CASE_ROLES:
            if "client_id" in kwargs:
                client_get_for(actor=request.user, client_id=kwargs["client_id"])  # 404, or 403 below
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
