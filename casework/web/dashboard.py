"""The dashboard: what needs doing today, most urgent first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from casework.models import Role
from casework.selectors.dashboard import (
    LATER,
    MISSED,
    SOON,
    SOON_WORKING_DAYS,
    TODAY,
    case_staff_for,
    caseworker_from,
    dashboard_for,
)
from casework.services.deadline_reviews import reopened_deadline_reviewed
from casework.web.access import case_work_required
from casework.web.forms import CaseworkerFilterForm

LATER_SHOWN = 50  # the later bucket can be long in a big organisation; the clients list has the rest


@login_required
def dashboard(request):
    """Analysts have a dashboard too, but it only says where their work is: aggregate exports."""
    membership = getattr(request.user, "membership", None)
    if membership is not None and membership.role == Role.ANALYST:
        return render(request, "casework/dashboard.html", {"nav": "dashboard", "analyst": True})
    return _case_dashboard(request)


@case_work_required
def _case_dashboard(request):
    actor = request.user
    organisation_wide = actor.membership.role != Role.CASEWORKER
    form, caseworker = None, None
    if organisation_wide:
        staff = case_staff_for(actor=actor)
        caseworker = caseworker_from(actor=actor, value=request.GET.get("caseworker"), staff=staff)
        form = CaseworkerFilterForm(request.GET or None, staff=staff)
    board = dashboard_for(actor=actor, caseworker=caseworker)
    later = board.buckets[LATER]
    buckets = [
        (MISSED, board.buckets[MISSED]),
        (TODAY, board.buckets[TODAY]),
        (SOON, board.buckets[SOON]),
        (LATER, later[:LATER_SHOWN]),
    ]
    return render(
        request,
        "casework/dashboard.html",
        {
            "nav": "dashboard",
            "board": board,
            "buckets": buckets,
            "later_hidden": max(0, len(later) - LATER_SHOWN),
            "filter_form": form,
            "soon_working_days": SOON_WORKING_DAYS,
        },
    )


@require_POST
@login_required
def reopened_reviewed(request, change_id: int):
    """The review list's button: this re-opened deadline was looked at (who and when are recorded). The
    service looks the change up first: another organisation's is a 404 to every role, and only then does a
    role without case work get its 403."""
    if reopened_deadline_reviewed(actor=request.user, change_id=change_id):
        messages.success(request, gettext("Marked as reviewed."))
    return redirect(reverse("web:dashboard") + "#reopened-heading")
