"""Forms of the admin pages: they only check what the user typed; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from casework.domain.reference_data import REGION_NAMES
from casework.models import Language, Role

StrOrPromise = str | Promise

ROLE_LABELS: dict[str, StrOrPromise] = {
    Role.CASEWORKER: _("Caseworker"),
    Role.SUPERVISOR: _("Supervisor"),
    Role.ANALYST: _("Analyst"),
    Role.ADMIN: _("Administrator"),
}
ROLE_CHOICES = [(role.value, ROLE_LABELS[role]) for role in Role]
REGION_CHOICES = [
    (code, f"{name} ({code})") for code, name in sorted(REGION_NAMES.items(), key=lambda item: item[1])
]
PASSWORDS_DIFFER = _("The two passwords differ.")
CODE_MISMATCH = _("That is not this client's case code. Type it exactly as shown.")


class UserCreateForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_(
            "Unique on the whole installation, shared with other organisations: prefer one that does not "
            "spell out the person's name, e.g. with your organisation's short name in it."
        ),
    )
    email = forms.EmailField(label=_("E-mail"), help_text=_("Reminders about deadlines are sent here."))
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=Role.CASEWORKER)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.RUSSIAN)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not a common password. Hand it over in person."),
    )
    password_again = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", PASSWORDS_DIFFER)
        return cleaned


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)


class RegionalDayOffForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), choices=REGION_CHOICES)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=200,
        help_text=_("Why the day is off, e.g. the regional decree. No personal data."),
    )


class ClientEraseForm(forms.Form):
    code = forms.CharField(
        label=_("Type the client's case code to confirm"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, expected_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_code = expected_code

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if code != self.expected_code:
            raise forms.ValidationError(CODE_MISMATCH)
        return code


class ClientFindForm(forms.Form):
    code = forms.CharField(label=_("Case code"), max_length=16, help_text=_("For example C-ABC234."))


class AuditFilterForm(forms.Form):
    """The audit page's filters: one member of the organisation, one case code."""

    user = forms.TypedChoiceField(label=_("Who"), required=False, coerce=int, empty_value=None)
    code = forms.CharField(label=_("Case code"), max_length=16, required=False)

    def __init__(self, *args, members: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        user: forms.TypedChoiceField = self.fields["user"]  # type: ignore[assignment]
        user.choices = [("", _("Everyone"))] + [(member.user_id, member.user.username) for member in members]
