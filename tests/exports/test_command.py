"""manage.py export_aggregates: an operator's way to a table, recorded in the audit without a user."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casework.models import ExportGeneration

pytestmark = pytest.mark.usefixtures("exported_in_2026")


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("export_aggregates", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_an_organisation_table_as_csv(org_a, listed_in_2025):
    out, err = run("--table", "inclusions_by_ground", "--period", "2025", "--org", org_a.slug)

    assert out.startswith("# table: inclusions_by_ground\n# version: 1\n")
    assert "\nQuarter," in out and "\nQ1 2025," in out and "suppressed" in out
    assert err == ""
    audit = ExportGeneration.objects.get()
    assert (audit.user, audit.organisation, audit.channel, audit.format, audit.scope) == (
        None,
        org_a,
        "command",
        "csv",
        "organisation",
    )


def test_it_prints_json_and_the_internal_report_on_request(org_a, listed_in_2025):
    out, err = run(
        "--table", "inclusions_by_ground", "--period", "2025", "--org", org_a.slug, "--format", "json",
        "--report",
    )  # fmt: skip

    body = json.loads(out)
    assert (body["table"], body["total"]) == ("inclusions_by_ground", {"value": 25, "suppressed": False})
    assert "2025-Q1\tillegal_entry\tprimary" in err.splitlines()


def test_it_prints_a_network_table(org_a, listed_in_2025):
    out, _ = run("--table", "detentions", "--period", "2025", "--network", "--format", "json")

    assert json.loads(out)["scope"] == "network"
    assert ExportGeneration.objects.get().organisation is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--table", "detentions"), "Give --org SLUG"),
        (("--table", "detentions", "--org", "nope"), "No organisation with slug 'nope'"),
        (("--table", "detentions", "--network", "--period", "2025-Q1"), "A period is a calendar year"),
    ],
)
def test_it_refuses_bad_arguments_with_a_clear_message(db, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not ExportGeneration.objects.exists()
