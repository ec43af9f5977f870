from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from casework.services.organisations import organisation_create


class Command(BaseCommand):
    help = "Create an organisation and print its slug."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--timezone", default=None, help="IANA zone, default TIME_ZONE (Europe/Moscow)")

    def handle(self, *args, name: str, timezone: str | None, **options):
        try:
            organisation = organisation_create(name=name, timezone=timezone)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(organisation.slug)
