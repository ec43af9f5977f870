"""Forms of the dashboard and clients pages: they only translate input; services validate and write."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.domain.events import NON_FIELD_ERRORS, PayloadInvalid
from casework.domain.reference_data import COUNTRY_NAMES, REGION_NAMES, STATELESS
from casework.selectors.dashboard import UNASSIGNED

StrOrPromise = str | Promise
SEX_CHOICES = [("M", _("Male")), ("F", _("Female")), ("X", _("Other or not stated"))]
# The catalogue speaks of the year of birth; the form asks for the date, so errors land there.
PAYLOAD_FIELDS = {"birth_year": "date_of_birth"}
NO_FORM_HISTORY = {"autocomplete": "off"}


def citizenship_choices() -> list[tuple[str, StrOrPromise]]:
    countries = sorted(COUNTRY_NAMES.items(), key=lambda item: item[1])
    return [
        ("", _("Choose a country…")),
        (STATELESS, _("Stateless (no citizenship) — %(code)s") % {"code": STATELESS}),
        *((code, f"{name} — {code}") for code, name in countries),
    ]


def region_choices() -> list[tuple[str, StrOrPromise]]:
    regions = sorted(REGION_NAMES.items(), key=lambda item: item[1])
    return [("", _("Choose a region…")), *((code, f"{name} — {code}") for code, name in regions)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class ClientForm(forms.Form):
    # autocomplete="off" on every personal input: no browser keeps them in its form history.
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        help_text=_("As written in the passport. Used for search: type it the same way to find the client."),
        widget=forms.TextInput(attrs=NO_FORM_HISTORY),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=DateInput(attrs=NO_FORM_HISTORY),
        help_text=_("Only the year is kept outside the encrypted record, for anonymous statistics."),
    )
    document_number = forms.CharField(
        label=_("Passport or other document number (optional)"),
        max_length=60,
        required=False,
        help_text=_("Spaces and dashes do not matter when you search for it later."),
        widget=forms.TextInput(attrs=NO_FORM_HISTORY),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", **NO_FORM_HISTORY}),
    )
    citizenship = forms.ChoiceField(
        label=_("Citizenship"),
        choices=citizenship_choices,
        help_text=_("Choose “Stateless” if the person has no citizenship."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=SEX_CHOICES, widget=forms.RadioSelect)
    region = forms.ChoiceField(
        label=_("Region where the client lives"),
        choices=region_choices,
        help_text=_("The region's own days off can move deadlines."),
    )

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        # Screen readers announce the messages with the field: its help text and errors describe it.
        for name in self.errors:
            if name in self.fields and name != "sex":  # the radio group's fieldset carries it instead
                bound = self[name]
                described = [f"{bound.auto_id}_errors"]
                if self.fields[name].help_text:
                    described.insert(0, f"{bound.auto_id}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)

    def add_service_errors(self, error: PayloadInvalid | ValidationError) -> None:
        """Put the service's refusal next to the fields it is about (or above the form)."""
        if isinstance(error, PayloadInvalid):
            errors = error.errors
        elif hasattr(error, "error_dict"):
            errors = {name: [m for e in errs for m in e.messages] for name, errs in error.error_dict.items()}
        else:
            errors = {NON_FIELD_ERRORS: error.messages}
        for name, messages in errors.items():
            name = PAYLOAD_FIELDS.get(name, name)
            target = name if name in self.fields else None
            for message in messages:
                # Service messages are English constants; the lead's catalogue may carry their translation.
                self.add_error(target, gettext(message))


YES_NO_ANY = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]


def yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class ClientFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Full name or document number"),
        required=False,
        max_length=200,
        help_text=_("Exact match: the whole name as registered, or the whole document number."),
        widget=forms.TextInput(attrs={"type": "search", **NO_FORM_HISTORY}),
    )
    listed = forms.ChoiceField(label=_("In the register"), choices=YES_NO_ANY, required=False)
    detained = forms.ChoiceField(label=_("Detained"), choices=YES_NO_ANY, required=False)
    deadline = forms.ChoiceField(label=_("Has an open deadline"), choices=YES_NO_ANY, required=False)
    caseworker = forms.ChoiceField(label=_("Caseworker"), required=False)

    def __init__(self, *args, staff: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        caseworker: forms.ChoiceField = self.fields["caseworker"]  # type: ignore[assignment]
        caseworker.choices = caseworker_choices(staff)


class CaseworkerFilterForm(forms.Form):
    caseworker = forms.ChoiceField(label=_("Caseworker"), required=False)

    def __init__(self, *args, staff: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        caseworker: forms.ChoiceField = self.fields["caseworker"]  # type: ignore[assignment]
        caseworker.choices = caseworker_choices(staff, everyone=_("Whole organisation"))


def caseworker_choices(staff: list, *, everyone=None) -> list[tuple[str, StrOrPromise]]:
    return [
        ("", everyone or _("Anyone")),
        (UNASSIGNED, _("Unassigned")),
        *((str(user.pk), user.get_full_name() or user.username) for user in staff),
    ]


class ExportFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Year"), required=False)
    scope = forms.ChoiceField(
        label=_("Tables of"),
        required=False,
        choices=[("organisation", _("Our organisation")), ("network", _("The whole network"))],
    )

    def __init__(self, *args, years: list[str], network: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        period: forms.ChoiceField = self.fields["period"]  # type: ignore[assignment]
        period.choices = [(year, year) for year in years]
        if not network:
            del self.fields["scope"]  # pooled tables are for the instance administrator only
