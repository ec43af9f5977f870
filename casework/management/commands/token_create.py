from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from casework.services.api_tokens import VIA_COMMAND, token_create


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print it (it is shown only this once). It expires after "
        "CASEWORK_TOKEN_TTL_DAYS, or CASEWORK_TOKEN_IDLE_DAYS unused."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--label", default="", help="what the token is for (no personal data)")

    def handle(self, *args, username: str, label: str, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        # Recorded as made on the command line (no address); it expires like any other token.
        self.stdout.write(token_create(user=user, label=label, via=VIA_COMMAND))
