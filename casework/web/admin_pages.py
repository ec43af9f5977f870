"""Admin tasks: members and roles, regional non-working days, erasing a client. Admins only (others 403);
another organisation's members, days and clients do not exist here (404)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from casework import access
from casework.accounts.auth_session import (
    recent_authentication_required,
    recent_authentication_required_to_post,
)
from casework.domain.events import PayloadInvalid
from casework.domain.reference_data import REGION_NAMES
from casework.selectors import admin as admin_selectors
from casework.selectors.clients import client_get_for
from casework.selectors.documents import document_storage_use_for
from casework.selectors.second_factors import members_with_second_factor, second_factor_resets_for
from casework.services.calendar import (
    ALREADY_THERE,
    DAY_IMPLAUSIBLE,
    UNKNOWN_REGION,
    regional_day_off_add,
    regional_day_off_remove,
)
from casework.services.clients import ErasuresTooMany, client_erase
from casework.services.members import (
    DEACTIVATE_SELF,
    LAST_ADMIN,
    member_create,
    member_deactivate,
    member_reactivate,
    member_role_set,
)
from casework.services.organisations import USERNAME_TAKEN
from casework.services.reading import client_name_open
from casework.web.admin_forms import (
    ROLE_LABELS,
    ClientEraseForm,
    ClientFindForm,
    MemberRoleForm,
    RegionalDayOffForm,
    UserCreateForm,
)
from casework.web.documents import size_text

NAV = "admin"
# The services' refusals are English constants (the API returns them as they are); the pages translate them.
SERVICE_MESSAGES = {
    LAST_ADMIN: gettext_lazy("The organisation must keep at least one active administrator."),
    DEACTIVATE_SELF: gettext_lazy("You cannot deactivate your own account; ask another administrator."),
    USERNAME_TAKEN: gettext_lazy("That username cannot be used. Choose another one."),
    ALREADY_THERE: gettext_lazy("That day is already a non-working day in that region."),
    DAY_IMPLAUSIBLE: gettext_lazy("Choose a day between 1900 and 10 years from now."),
    UNKNOWN_REGION: gettext_lazy("Unknown region: use an ISO 3166-2:RU code such as RU-TA."),
}


def _translated(message: str) -> str:
    return str(SERVICE_MESSAGES.get(message, message))


def _require_admin(request) -> None:
    access.require_admin(request.user, access.membership_of(request.user).organisation_id)


def _add_errors(form, error: ValidationError | PayloadInvalid) -> None:
    """Put a service's refusal next to the field it names (or on top of the form)."""
    errors = error.errors if isinstance(error, PayloadInvalid) else getattr(error, "message_dict", None)
    if errors is None:
        form.add_error(None, error)
        return
    for field, field_errors in errors.items():
        form.add_error(field if field in form.fields else None, [_translated(m) for m in field_errors])


@login_required
def admin_home(request):
    _require_admin(request)
    find_form = ClientFindForm(request.GET or None)
    if find_form.is_valid():
        client = admin_selectors.client_by_code_for(actor=request.user, code=find_form.cleaned_data["code"])
        if client is not None:
            return redirect("web:client-erase", client_id=client.id)
        find_form.add_error("code", _("No client of your organisation has that case code."))
    storage = document_storage_use_for(actor=request.user)
    context = {
        "nav": NAV,
        "find_form": find_form,
        "storage": storage,
        "storage_size": size_text(storage.bytes),
    }
    return render(request, "casework/admin_home.html", context)


@login_required
def admin_users(request):
    memberships = list(admin_selectors.members_for(actor=request.user))
    with_factor = members_with_second_factor(actor=request.user)
    rows = [
        {
            "member": member,
            "role_label": ROLE_LABELS.get(member.role, member.role),
            "role_form": MemberRoleForm(initial={"role": member.role}, prefix=f"m{member.user_id}"),
            "has_factor": member.user_id in with_factor,
        }
        for member in memberships
    ]
    context = {"nav": NAV, "rows": rows, "factor_resets": second_factor_resets_for(actor=request.user)}
    return render(request, "casework/admin_users.html", context)


# Creating, promoting and shutting out accounts is how a stolen admin session would take the organisation
# over: each asks for the password (and code) again, like erasure and factor resets.
@recent_authentication_required
def admin_user_new(request):
    _require_admin(request)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = member_create(
                actor=request.user,
                username=data["username"],
                password=data["password"],
                role=data["role"],
                email=data["email"],
                language=data["language"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                error = ValidationError({"password": error.messages})  # the password validators' list
            _add_errors(form, error)
        else:
            messages.success(request, _("Account %(username)s created.") % {"username": user.username})
            return redirect("web:admin-users")
    return render(request, "casework/admin_user_new.html", {"nav": NAV, "form": form})


@require_POST
@recent_authentication_required_to_post("web:admin-users")
def admin_user_role(request, user_id: int):
    member = admin_selectors.member_get_for(actor=request.user, user_id=user_id)
    form = MemberRoleForm(request.POST, prefix=f"m{member.user_id}")
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect("web:admin-users")
    try:
        member_role_set(actor=request.user, member=member, role=form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(
            request,
            _("%(username)s is now: %(role)s.")
            % {"username": member.user.username, "role": ROLE_LABELS[member.role]},
        )
    return redirect("web:admin-users")


@require_POST
@recent_authentication_required_to_post("web:admin-users")
def admin_user_deactivate(request, user_id: int):
    member = admin_selectors.member_get_for(actor=request.user, user_id=user_id)
    try:
        member_deactivate(actor=request.user, member=member)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(
            request,
            _("%(username)s can no longer log in. Their history stays.") % {"username": member.user.username},
        )
    return redirect("web:admin-users")


@require_POST
@recent_authentication_required_to_post("web:admin-users")
def admin_user_reactivate(request, user_id: int):
    member = admin_selectors.member_get_for(actor=request.user, user_id=user_id)
    member_reactivate(actor=request.user, member=member)
    messages.success(
        request,
        _("%(username)s can log in again (with their password; old API tokens stay revoked).")
        % {"username": member.user.username},
    )
    return redirect("web:admin-users")


def _refusal(error: ValidationError) -> str:
    return " ".join(_translated(message) for message in error.messages)


@login_required
def admin_days_off(request):
    days_off = list(admin_selectors.regional_days_off_for(actor=request.user))
    form = RegionalDayOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = regional_day_off_add(
                actor=request.user, region=data["region"], day=data["day"], note=data["note"]
            )
        except PayloadInvalid as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(day)s is now a non-working day in %(region)s; deadlines there were recalculated.")
                % {"day": added.day.strftime("%d.%m.%Y"), "region": REGION_NAMES[added.region]},
            )
            return redirect("web:admin-days-off")
    named = admin_selectors.deadlines_naming_regional_days_for(actor=request.user)
    context = {
        "nav": NAV,
        "form": form,
        "days_off": [{"day_off": d, "region_name": REGION_NAMES.get(d.region, d.region)} for d in days_off],
        "named": named,
    }
    return render(request, "casework/admin_days_off.html", context)


@require_POST
@login_required
def admin_day_off_remove(request, day_off_id: int):
    day_off = admin_selectors.regional_day_off_get_for(actor=request.user, day_off_id=day_off_id)
    regional_day_off_remove(actor=request.user, day_off=day_off)
    messages.success(
        request,
        _("%(day)s is a working day again in %(region)s; deadlines there were recalculated.")
        % {
            "day": day_off.day.strftime("%d.%m.%Y"),
            "region": REGION_NAMES.get(day_off.region, day_off.region),
        },
    )
    return redirect("web:admin-days-off")


@recent_authentication_required
def client_erase_page(request, client_id: UUID):
    client = client_get_for(actor=request.user, client_id=client_id)  # 404 for another organisation
    access.require_admin(request.user, client.organisation_id)
    form = ClientEraseForm(request.POST or None, expected_code=client.code)
    status = 200
    if request.method == "POST" and not client.erased and form.is_valid():
        try:
            client_erase(actor=request.user, client=client)
        except ErasuresTooMany:
            form.add_error(None, _("Too many erasures in the last hour. Wait, or ask another administrator."))
            status = 429
        else:
            messages.success(
                request, _("The personal data of %(code)s was erased for good.") % {"code": client.code}
            )
            return redirect(reverse("web:client-erase", kwargs={"client_id": client.id}))
    full_name = client_name_open(actor=request.user, client=client, channel="web")
    context = {
        "nav": NAV,
        "client": client,
        "full_name": full_name or "",
        "form": form,
    }
    return render(request, "casework/admin_client_erase.html", context, status=status)
