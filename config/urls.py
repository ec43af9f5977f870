from __future__ import annotations

from csp.decorators import csp_update
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from casework.health import healthz

urlpatterns = [
    path("api/", include("casework.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI initialises itself with an inline script: the docs page alone may run it (no data there).
    path(
        "api/docs/",
        csp_update({"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    path("healthz", healthz, name="healthz"),
    # Logging in and out only. No password reset by e-mail: a mailbox the state can read would hand it the
    # account. Admins set passwords when they create accounts; an operator resets one (docs/operations.md).
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("casework.web.urls")),
]
