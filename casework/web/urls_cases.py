"""Dashboard and clients list (the client page has its own module)."""

from __future__ import annotations

from django.urls import path

from casework.web import clients, dashboard

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("reopened/<int:change_id>/reviewed/", dashboard.reopened_reviewed, name="reopened-reviewed"),
    path("clients/", clients.client_list, name="clients"),
    path("clients/new/", clients.client_new, name="client-new"),
]
