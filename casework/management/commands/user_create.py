from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from casework.models import Language, Organisation, Role
from casework.services.organisations import user_create


class Command(BaseCommand):
    help = "Create a user in an organisation with a role."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--email", default="")
        parser.add_argument("--language", default=Language.RUSSIAN, choices=Language.values)
        parser.add_argument(
            "--instance-admin",
            action="store_true",
            help="administrator of the whole installation: may export network tables (role admin only)",
        )

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with slug {options['org']!r}.")
        try:
            user = user_create(
                organisation=organisation,
                username=options["username"],
                password=options["password"],
                role=options["role"],
                email=options["email"],
                language=options["language"],
                instance_admin=options["instance_admin"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Created {user.username} ({options['role']}) in {organisation.slug}.")
