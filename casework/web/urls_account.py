from __future__ import annotations

from django.urls import path

from casework.web import second_factor_pages

urlpatterns = [
    path("accounts/two-step/", second_factor_pages.second_factor_page, name="mfa"),
    path("accounts/two-step/enrol/", second_factor_pages.enrol_page, name="mfa-enrol"),
    path("accounts/reauthenticate/", second_factor_pages.reauthenticate_page, name="reauthenticate"),
]
