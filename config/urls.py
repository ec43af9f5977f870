from __future__ import annotations

from csp.decorators import csp_update
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from casework.accounts.login import PasswordStepView, code_step
from casework.health import healthz

# Django's own admin site (django.contrib.admin) is deliberately not routed: it would be a second way in to
# every table, outside the services' access checks and the second-factor flow. Our admin pages are /admin/.
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
    # Our login (password, then a code for accounts with a second factor), and logout; nothing else of
    # django.contrib.auth. No password reset by e-mail: a mailbox the state can read would hand it the
    # account. Admins set passwords when they create accounts; an operator resets one (docs/operations.md).
    path("accounts/login/", PasswordStepView.as_view(), name="login"),
    path("accounts/login/code/", code_step, name="login-code"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("casework.web.urls")),
]

# Under /api/, an unknown path or a body Django refuses answers in the API's JSON shape (api/errors.py).
handler404 = "casework.api.errors.not_found"
handler400 = "casework.api.errors.bad_request"
