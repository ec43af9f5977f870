"""The UI's URLs. Each area has its own module so that pages can grow without stepping on each other."""

from __future__ import annotations

from django.urls import include, path

from casework.web.language import language_switch

app_name = "web"

urlpatterns = [
    path("language/", language_switch, name="language"),
    path("", include("casework.web.urls_cases")),
    path("", include("casework.web.urls_client")),
    path("", include("casework.web.urls_admin")),
    path("", include("casework.web.urls_exports")),
    path("", include("casework.web.urls_account")),
]
