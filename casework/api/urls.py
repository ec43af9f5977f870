from __future__ import annotations

from django.urls import path

from casework.api.auth import TokenDetailApi, TokenListApi, TokenObtainApi
from casework.api.clients import ClientCollectionApi, ClientDetailApi, ClientEraseApi, ClientSearchApi
from casework.api.documents import (
    DocumentCollectionApi,
    DocumentContentApi,
    DocumentDetailApi,
    DocumentRetractApi,
    DocumentVersionsApi,
)
from casework.api.drafts import ClientDraftsApi
from casework.api.events import ClientEventsApi
from casework.api.exports import ExportListApi, ExportTableApi
from casework.api.reminders import ClientRemindersApi, DeliveryFailuresApi
from casework.api.status import ClientStatusApi, DeadlineListApi

urlpatterns = [
    path("auth/token/", TokenObtainApi.as_view(), name="api-token"),
    path("auth/tokens/", TokenListApi.as_view(), name="api-tokens"),
    # str, not int: a malformed id answers the API's JSON 404, not the HTML page of an unmatched URL.
    path("auth/tokens/<str:token_id>/", TokenDetailApi.as_view(), name="api-token-detail"),
    path("clients/", ClientCollectionApi.as_view(), name="api-clients"),
    path("clients/search/", ClientSearchApi.as_view(), name="api-clients-search"),
    path("clients/<uuid:client_id>/", ClientDetailApi.as_view(), name="api-client"),
    path("clients/<uuid:client_id>/erase/", ClientEraseApi.as_view(), name="api-client-erase"),
    path("clients/<uuid:client_id>/events/", ClientEventsApi.as_view(), name="api-client-events"),
    path("clients/<uuid:client_id>/status/", ClientStatusApi.as_view(), name="api-client-status"),
    path("clients/<uuid:client_id>/reminders/", ClientRemindersApi.as_view(), name="api-client-reminders"),
    path("clients/<uuid:client_id>/documents/", DocumentCollectionApi.as_view(), name="api-client-documents"),
    path("clients/<uuid:client_id>/drafts/", ClientDraftsApi.as_view(), name="api-client-drafts"),
    path(
        "clients/<uuid:client_id>/documents/<uuid:document_id>/",
        DocumentDetailApi.as_view(),
        name="api-client-document",
    ),
    path(
        "clients/<uuid:client_id>/documents/<uuid:document_id>/content/",
        DocumentContentApi.as_view(),
        name="api-client-document-content",
    ),
    path(
        "clients/<uuid:client_id>/documents/<uuid:document_id>/versions/",
        DocumentVersionsApi.as_view(),
        name="api-client-document-versions",
    ),
    path(
        "clients/<uuid:client_id>/documents/<uuid:document_id>/retract/",
        DocumentRetractApi.as_view(),
        name="api-client-document-retract",
    ),
    path("deadlines/", DeadlineListApi.as_view(), name="api-deadlines"),
    path("reminders/failures/", DeliveryFailuresApi.as_view(), name="api-reminder-failures"),
    path("exports/", ExportListApi.as_view(), name="api-exports"),
    path("exports/<str:table>/", ExportTableApi.as_view(), name="api-export"),
]
