from __future__ import annotations

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import pre_save

        from casework.accounts.auth_session import on_user_logged_in
        from casework.services.api_tokens import on_user_pre_save

        # A changed password (or an account saved inactive) ends the user's API tokens.
        pre_save.connect(on_user_pre_save, sender=get_user_model(), dispatch_uid="casework-token-revocation")

        # Every login records when it happened: re-authentication before erasure and exports counts from it.
        user_logged_in.connect(on_user_logged_in, dispatch_uid="casework-auth-at")

        # Registers the deployment checks (row-level security binds the application's role); connects the
        # login signal that starts a session's idle and lifetime clocks.
        from casework import checks  # noqa: F401
        from casework.accounts import session_expiry  # noqa: F401
