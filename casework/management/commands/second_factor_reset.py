from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from casework.management.operator import OperatorCommand
from casework.services.second_factors import second_factor_reset_by_operator


class Command(OperatorCommand):
    help = (
        "Remove a user's second factor (authenticator and recovery codes), recorded as an operator's reset. "
        "For an organisation whose only administrator lost their phone; admins reset colleagues in the UI."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError("No such user.")
        try:
            second_factor_reset_by_operator(user=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"The second factor of {username} was removed; they enrol again at their next login."
        )
