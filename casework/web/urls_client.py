from __future__ import annotations

from django.urls import path

from casework.web import client_page

urlpatterns = [
    path("clients/<uuid:client_id>/", client_page.client_page, name="client"),
    path("clients/<uuid:client_id>/record/", client_page.event_record_page, name="event-record"),
    path(
        "clients/<uuid:client_id>/events/<uuid:event_id>/correct/",
        client_page.event_correct_page,
        name="event-correct",
    ),
    path(
        "clients/<uuid:client_id>/events/<uuid:event_id>/retract/",
        client_page.event_retract_page,
        name="event-retract",
    ),
]
