"""Regional non-working days, per organisation: adding or removing one re-derives at once the organisation's
clients with a decision by an authority in that region (the day is named beside their deadlines, which keep
the federal date: LEGAL-RULES.md §2, §4) and those living there (their reminder schedule)."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q

from casework import access, derivation, eventstore, projections
from casework.clock import organisation_today
from casework.domain.events import PayloadInvalid
from casework.domain.payloads import EARLIEST_PLAUSIBLE_DATE, latest_plausible_date
from casework.domain.reference_data import REGION_CODES
from casework.models import Client, ClientStatus, Event, RegionalDayOff

UNKNOWN_REGION = "Unknown region: use an ISO 3166-2:RU code such as RU-TA."
DECIDING = ("decision_issued", "event_corrected")  # where authority_region is recorded or corrected
ALREADY_THERE = "That day is already a non-working day in that region."
DAY_IMPLAUSIBLE = "Choose a day between 1900 and 10 years from now."


def regional_day_off_add(*, actor: access.Actor, region: str, day: date, note: str = "") -> RegionalDayOff:
    membership = access.require_admin(actor, access.membership_of(actor).organisation_id)
    if region not in REGION_CODES:
        raise PayloadInvalid({"region": [UNKNOWN_REGION]})
    # The same range as event dates: day 0001-01-01 or 9999-12-31 is a typo, and the calendar arithmetic of
    # every deadline in the region would run into it.
    today = organisation_today(membership.organisation)
    if not EARLIEST_PLAUSIBLE_DATE <= day <= latest_plausible_date(today):
        raise PayloadInvalid({"day": [DAY_IMPLAUSIBLE]})
    with transaction.atomic():
        try:
            with transaction.atomic():
                added = RegionalDayOff.objects.create(
                    organisation_id=membership.organisation_id,
                    region=region,
                    day=day,
                    note=note,
                    created_by=actor,
                )
        except IntegrityError as error:
            raise PayloadInvalid({"day": [ALREADY_THERE]}) from error
        _rederive(
            membership.organisation_id, region, reason=f"regional day off {day.isoformat()} added in {region}"
        )
    return added


def regional_day_off_remove(*, actor: access.Actor, day_off: RegionalDayOff) -> None:
    access.require_admin(actor, day_off.organisation_id)
    with transaction.atomic():
        RegionalDayOff.objects.filter(pk=day_off.pk).delete()
        _rederive(
            day_off.organisation_id,
            day_off.region,
            reason=f"regional day off {day_off.day.isoformat()} removed in {day_off.region}",
        )


def _rederive(organisation_id: int, region: str, *, reason: str) -> None:
    """Every client of the organisation with a decision by an authority in that region (as recorded or
    corrected), and those living there (their reminders' working days follow the region)."""
    context = derivation.Context()
    decisions = Event.objects.filter(organisation_id=organisation_id, type__in=DECIDING)
    decided = decisions.filter(Q(data__authority_region=region) | Q(data__data__authority_region=region))
    living = ClientStatus.objects.filter(organisation_id=organisation_id, region=region)
    client_ids = {*decided.values_list("client_id", flat=True), *living.values_list("client_id", flat=True)}
    for client_id in sorted(client_ids):
        eventstore.lock_stream(client_id)
        client = Client.objects.select_related("organisation").get(pk=client_id)
        projections.apply(client, reason=reason, context=context)
