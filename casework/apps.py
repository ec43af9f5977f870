from __future__ import annotations

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connects the login signal that starts a session's idle and lifetime clocks.
        from casework.web import session_expiry  # noqa: F401
