"""An admin sees the organisation's members' API tokens that still work and revokes them (a phished
password, a lost laptop with a script on it). Never the secret: only its hash is stored."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework.selectors.api_tokens import member_tokens_for
from casework.services.api_tokens import token_revoke_by_admin


@login_required
def admin_tokens(request):
    tokens = list(member_tokens_for(actor=request.user))  # 403 for anyone but an admin
    return render(request, "casework/admin_tokens.html", {"nav": "admin", "tokens": tokens})


@require_POST
@login_required
def admin_token_revoke(request, token_id: int):
    token = token_revoke_by_admin(actor=request.user, token_id=token_id)  # 404 for another organisation's
    messages.success(
        request,
        _("A token of %(username)s was revoked. Scripts using it stop working.")
        % {"username": token.user.username},
    )
    return redirect("web:admin-tokens")
