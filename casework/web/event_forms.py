"""Forms for recording events, built per event type from the domain catalogue (casework.domain.catalogue).

The catalogue is the single description of every event: its fields, kinds, required flags, labels and help.
These forms only translate browser input into the payload `services.event_record` expects; the domain still
validates everything, and its errors (PayloadInvalid) are put back next to the fields here.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.utils.translation import gettext, gettext_lazy

from casework.domain.catalogue import (
    EVENT_TYPES,
    META_TYPES,
    WRITTEN_BY_THE_APPLICATION,
    EventType,
    FieldSpec,
)
from casework.domain.events import NON_FIELD_ERRORS, PayloadInvalid
from casework.wording.labels import choice_label

_ = gettext_lazy

# What a caseworker records by hand; registration, corrections and retractions have flows of their own.
RECORDABLE_TYPES = tuple(
    name for name in EVENT_TYPES if name not in META_TYPES and name not in WRITTEN_BY_THE_APPLICATION
)
# Events about the record itself default to today; facts about the world must say when they happened.
DEFAULTS_TO_TODAY = frozenset({"note_added"})
HIDDEN_FIELDS = ("expected_version", "idempotency_key")
LONG_TEXT = 2000  # text fields this long or longer get a textarea

INSTANT_INVALID = _("Enter a date and a time.")
ALREADY_SUBMITTED = _(
    "This form was already submitted with different values. Open the form again to record something new."
)

# Russia's IANA zones (tzdata zone1970.tab, RU), west to east. An authority's zone is stored by name, never
# as an offset, because the offsets of Russian regions have changed more than once.
RUSSIAN_ZONES = (
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Simferopol",
    "Europe/Kirov",
    "Europe/Volgograd",
    "Europe/Astrakhan",
    "Europe/Saratov",
    "Europe/Ulyanovsk",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Novosibirsk",
    "Asia/Barnaul",
    "Asia/Tomsk",
    "Asia/Novokuznetsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Chita",
    "Asia/Yakutsk",
    "Asia/Khandyga",
    "Asia/Vladivostok",
    "Asia/Ust-Nera",
    "Asia/Magadan",
    "Asia/Sakhalin",
    "Asia/Srednekolymsk",
    "Asia/Kamchatka",
    "Asia/Anadyr",
)


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


def zone_choices(*extra: str | None) -> list[tuple[str, str]]:
    zones = list(RUSSIAN_ZONES)
    zones.extend(zone for zone in extra if zone and zone not in zones and _is_zone(zone))
    now = datetime.now(ZoneInfo("UTC"))

    def label(zone: str) -> str:
        offset = now.astimezone(ZoneInfo(zone)).strftime("%z")
        return f"{zone} (UTC{offset[:3]}:{offset[3:]})"

    return [(zone, label(zone)) for zone in zones]


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


class LocalDateTimeField(forms.Field):
    """A wall-clock date and time from <input type="datetime-local">; the zone is a separate field."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    default_error_messages = {"invalid": INSTANT_INVALID}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        try:
            return datetime.fromisoformat(str(value).strip()).replace(tzinfo=None)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class InstantWidget(forms.MultiWidget):
    def __init__(self, zones: list[tuple[str, str]], attrs=None) -> None:
        widgets = (
            forms.DateTimeInput(
                attrs={"type": "datetime-local", "aria-label": _("Date and time")}, format="%Y-%m-%dT%H:%M"
            ),
            forms.Select(choices=zones, attrs={"aria-label": _("Time zone")}),
        )
        super().__init__(widgets, attrs)

    def decompress(self, value):
        return [None, None] if value is None else [value.replace(tzinfo=None), str(value.tzinfo)]


class InstantField(forms.MultiValueField):
    """An instant as a wall-clock time plus the IANA zone it was written in, as an order gives it."""

    def __init__(self, *, zones: list[tuple[str, str]], **kwargs) -> None:
        fields = (LocalDateTimeField(), forms.ChoiceField(choices=zones))
        super().__init__(fields, widget=InstantWidget(zones), require_all_fields=True, **kwargs)

    def compress(self, data_list):
        if not data_list or data_list[0] is None or not data_list[1]:
            return None
        return data_list[0].replace(tzinfo=ZoneInfo(data_list[1]))


def instant_initial(value: str | None, default_zone: str) -> list[Any] | None:
    """An ISO instant (stored with an offset only) as [wall-clock time, zone]: the organisation's zone if it
    has that offset at that moment, else the first Russian zone that does."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    for zone in (default_zone, *RUSSIAN_ZONES):
        local = moment.astimezone(ZoneInfo(zone))
        if local.utcoffset() == moment.utcoffset():
            return [local.replace(tzinfo=None), zone]
    return [moment.replace(tzinfo=None), default_zone]


def _date_field(label, help_text, required: bool) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )


def form_field(spec: FieldSpec, *, organisation_timezone: str, current: Any = None) -> forms.Field | None:
    """The Django field for one catalogue field; None for kinds that have no form of their own."""
    label = gettext(spec.label)
    help_text = gettext(spec.help) if spec.help else ""
    # A checkbox cannot be "required" to mean "answered": unchecked is the answer "no".
    required = spec.required and spec.kind != "bool"
    common: dict[str, Any] = {"label": label, "help_text": help_text, "required": required}
    if spec.kind == "text":
        long_text = (spec.max_length or 0) >= LONG_TEXT
        # No form history: official numbers, purposes and facilities are about the person.
        widget = (
            forms.Textarea(attrs={"rows": 4, "autocomplete": "off"})
            if long_text
            else forms.TextInput(attrs={"autocomplete": "off"})
        )
        return forms.CharField(max_length=spec.max_length, widget=widget, **common)
    if spec.kind == "date":
        return _date_field(label, help_text, required)
    if spec.kind == "bool":
        return forms.BooleanField(**common)
    if spec.kind == "choice":
        options = [(value, choice_label(spec, value)) for value in spec.choices]
        return forms.ChoiceField(choices=[("", "—"), *options], **common)
    if spec.kind == "instant":
        # A new order is most often written in the organisation's own zone.
        return InstantField(
            zones=zone_choices(organisation_timezone), initial=[None, organisation_timezone], **common
        )
    if spec.kind == "timezone":
        return forms.ChoiceField(choices=[("", "—"), *zone_choices(organisation_timezone, current)], **common)
    if spec.kind == "int":
        return forms.IntegerField(min_value=spec.min_value, **common)
    if spec.kind in ("region", "citizenship"):
        return forms.CharField(max_length=10, **common)
    return None  # event_id, object: only the correction and retraction flows use them


class EventForm(forms.Form):
    """Base of the per-type forms: the stream version it was rendered with and a one-time key."""

    event_type: EventType
    correcting = False

    expected_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    idempotency_key = forms.CharField(max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text and name not in HIDDEN_FIELDS:
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"

    @property
    def spec_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in HIDDEN_FIELDS]

    def payload(self) -> dict[str, Any]:
        """The event's data as event_record expects it: JSON values, empty optional fields left out."""
        data: dict[str, Any] = {}
        for name, spec in self.event_type.fields.items():
            if name not in self.fields:
                continue
            value = self.cleaned_data.get(name)
            if spec.kind == "bool":
                data[name] = bool(value)
                continue
            if value is None or value == "":
                continue
            data[name] = value.isoformat() if isinstance(value, date) else value
        return data

    def apply_errors(self, invalid: PayloadInvalid) -> None:
        """Put the domain's errors next to the fields they name ("x", "data.x"); the rest on top."""
        for key, messages in invalid.errors.items():
            name = key.removeprefix("data.")
            target = name if name in self.fields and name not in HIDDEN_FIELDS else None
            for message in messages:
                self.add_error(target if key != NON_FIELD_ERRORS else None, gettext(message))

    def mark_invalid(self) -> None:
        """Point screen readers at the messages of fields that have them."""
        for name in self.errors:
            if name in self.fields and name not in HIDDEN_FIELDS:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                described = attrs.get("aria-describedby", "")
                attrs["aria-describedby"] = f"{described} id_{name}_errors".strip()


def event_form_class(
    event_type: EventType,
    *,
    organisation_timezone: str,
    correcting: bool = False,
    current: dict | None = None,
) -> type[EventForm]:
    """A form class for one event type. `correcting`: the date becomes an optional "corrected date"."""
    if correcting:
        occurred_on = _date_field(
            gettext("Corrected date of the event"),
            gettext("Only if the date of the event was wrong; leave empty to keep it."),
            False,
        )
    else:
        occurred_on = _date_field(gettext("Date of the event"), gettext(event_type.help), True)
    attributes: dict[str, Any] = {
        "event_type": event_type,
        "correcting": correcting,
        "occurred_on": occurred_on,
    }
    for name, spec in event_type.fields.items():
        field = form_field(
            spec, organisation_timezone=organisation_timezone, current=(current or {}).get(name)
        )
        if field is not None:
            attributes[name] = field
    return type(f"{event_type.name.title().replace('_', '')}Form", (EventForm,), attributes)


def initial_from_data(event_type: EventType, data: dict[str, Any], *, organisation_timezone: str) -> dict:
    """Form initial values from an event's (decrypted, corrected) data."""
    initial: dict[str, Any] = {}
    for name, spec in event_type.fields.items():
        value = data.get(name)
        if value is None:
            continue
        if spec.kind == "instant":
            initial[name] = instant_initial(value, organisation_timezone)
        elif spec.kind == "date":
            try:
                initial[name] = date.fromisoformat(value)
            except (TypeError, ValueError):
                initial[name] = value
        else:
            initial[name] = value
    return initial


class RetractForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Why this event no longer counts, e.g. it was recorded by mistake. Stored encrypted."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": "id_reason_help", "autocomplete": "off"}),
    )
    expected_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    idempotency_key = forms.CharField(max_length=200, widget=forms.HiddenInput)

    @property
    def spec_fields(self) -> list[forms.BoundField]:
        return [self["reason"]]

    def apply_errors(self, invalid: PayloadInvalid) -> None:
        for key, messages in invalid.errors.items():
            for message in messages:
                self.add_error("reason" if key == "reason" else None, gettext(message))

    def mark_invalid(self) -> None:
        if "reason" in self.errors:
            attrs = self.fields["reason"].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = "id_reason_help id_reason_errors"
