"""An admin resets a colleague's second factor (a lost or replaced phone). Recorded: who, whose, when."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.accounts.auth_session import recent_authentication_required
from casework.selectors import admin as admin_selectors
from casework.selectors.second_factors import has_second_factor
from casework.services.second_factors import RESET_SELF, second_factor_reset

RESET_DONE = gettext_lazy(
    "The second factor of %(username)s was removed. They log in with a password and enrol anew."
)


@recent_authentication_required
def admin_user_second_factor_reset(request, user_id: int):
    member = admin_selectors.member_get_for(actor=request.user, user_id=user_id)  # 404 / 403
    if request.method == "POST":
        try:
            second_factor_reset(actor=request.user, user=member.user)
        except ValidationError as error:
            refusal = (
                _("You cannot reset your own second factor; ask another administrator.")
                if RESET_SELF in error.messages
                else _("%(username)s has no second factor.") % {"username": member.user.username}
            )
            messages.error(request, refusal)
        else:
            messages.success(
                request,
                RESET_DONE % {"username": member.user.username},
            )
        return redirect("web:admin-users")
    context = {"nav": "admin", "member": member, "has_factor": has_second_factor(member.user)}
    return render(request, "casework/admin_user_mfa_reset.html", context)
