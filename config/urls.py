from __future__ import annotations

from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from casework.health import healthz

urlpatterns = [
    path("api/", include("casework.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("healthz", healthz, name="healthz"),
    # The caseworker UI takes over "/" when it lands; until then the front door is the API documentation.
    path("", RedirectView.as_view(pattern_name="api-docs", permanent=False)),
]
