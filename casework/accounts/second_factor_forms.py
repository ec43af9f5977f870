"""Forms of logging in and of second factors: they only take what was typed; the services check it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

CODE_WRONG = _("That code is not right, or it was already used. Type the newest code from the app.")
PASSWORD_WRONG = _("Wrong password or code.")


def _code_field(label, help_text=None) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off"}
        ),
    )


class LoginCodeForm(forms.Form):
    code = _code_field(
        _("Code"),
        _("The six digits your authenticator app shows now, or one of your recovery codes."),
    )


class EnrolConfirmForm(forms.Form):
    # The password too: a session left open must not be enough to bind someone else's phone to the account.
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = _code_field(_("Code from the app"), _("Six digits; a new one appears every 30 seconds."))


def _password_field() -> forms.CharField:
    return forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class RecoveryCodesForm(forms.Form):
    password = _password_field()
    code = _code_field(
        _("Current code from the app"), _("Six digits from the app; recovery codes do not work here.")
    )


class ReauthenticateForm(forms.Form):
    password = _password_field()

    def __init__(self, *args, with_code: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if with_code:
            self.fields["code"] = _code_field(
                _("Code"), _("The six digits your authenticator app shows now, or a recovery code.")
            )
