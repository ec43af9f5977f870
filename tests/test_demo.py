from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from casework.models import Client, ClientStatus, Deadline, Membership


def seed(*args, **options) -> str:
    out = StringIO()
    call_command("seed_demo", "--clients", "10", "--statistics-clients", "0", *args, stdout=out, **options)
    return out.getvalue()


@override_settings(DEBUG=True)
def test_it_seeds_users_per_role_and_clients_with_varied_histories(db):
    output = seed()
    assert "demo-caseworker" in output and "demo-analyst" in output
    assert sorted(Membership.objects.values_list("role", flat=True).distinct()) == [
        "admin", "analyst", "caseworker", "supervisor",
    ]  # fmt: skip
    assert Client.objects.count() == 10
    statuses = set(Deadline.objects.values_list("status", flat=True))
    assert {"open", "met", "missed"} <= statuses
    assert ClientStatus.objects.filter(detained=True).exists()
    assert ClientStatus.objects.filter(bank_account_frozen=True).exists()
    assert ClientStatus.objects.exclude(assigned_to=None).count() == 10
    verify = StringIO()
    call_command("rebuild_projections", "--verify", stdout=verify)
    assert "equal a fresh derivation" in verify.getvalue()


def test_a_second_run_changes_nothing(db):
    seed("--password", "a chosen password")
    output = seed("--if-empty", "--password", "a chosen password")
    assert Client.objects.count() == 10
    assert "Created" not in output


@override_settings(DEBUG=False)
def test_outside_debug_it_needs_an_explicit_password(db):
    with pytest.raises(CommandError, match="--password"):
        seed()


@override_settings(DEBUG=True)
def test_it_adds_a_synthetic_organisation_whose_analyst_has_statistics_to_read(db):
    out = StringIO()
    call_command("seed_demo", "--clients", "3", "--statistics-clients", "120", stdout=out)

    assert "demo-statistics" in out.getvalue()
    analyst = Membership.objects.get(user__username="demo-statistics")
    assert analyst.role == "analyst"
    assert Client.objects.filter(organisation=analyst.organisation).count() == 120
    assert Membership.objects.get(user__username="demo-admin").user.is_superuser
    assert not Membership.objects.get(user__username="demo-analyst").user.is_superuser
