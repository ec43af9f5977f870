"""Decorators shared by the UI views: signed in, and a role that works with cases."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from casework.models import CASE_ROLES


def case_work_required(view):
    """Signed in with a case role (caseworker, supervisor, admin). Analysts see aggregates only."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        membership = getattr(request.user, "membership", None)
        if membership is None or membership.role not in CASE_ROLES:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
