"""The UI's URLs, the whole tree in one file: one list per area, each included under its prefix.

Every page here is in tests/authz/test_matrix.py, generated from this conf: a new URL fails there until it
says who may reach it. The password step and logout are in config/urls.py, with the API.
"""

from __future__ import annotations

from django.urls import include, path

from casework.accounts import second_factor_pages
from casework.accounts.language import language_switch
from casework.web import (
    admin_audit,
    admin_pages,
    admin_second_factors,
    admin_tokens,
    client_page,
    clients,
    dashboard,
    documents,
    drafts,
    event_pages,
    exports,
)

app_name = "web"

# accounts/: the second factor and re-authentication (the session's own pages).
accounts = [
    path("two-step/", second_factor_pages.second_factor_page, name="mfa"),
    path("two-step/enrol/", second_factor_pages.enrol_page, name="mfa-enrol"),
    path("reauthenticate/", second_factor_pages.reauthenticate_page, name="reauthenticate"),
]

# clients/: the list, a new client, one client's page and the forms that record, correct or retract its
# events; erasure (admins only) beside them.
client_events = [
    path("record/", event_pages.event_record_page, name="event-record"),
    path("events/<uuid:event_id>/correct/", event_pages.event_correct_page, name="event-correct"),
    path("events/<uuid:event_id>/retract/", event_pages.event_retract_page, name="event-retract"),
    path("erase/", admin_pages.client_erase_page, name="client-erase"),
]
# clients/<id>/documents/: the case file — upload, a document's page, its content, a new version, retraction.
client_documents = [
    path("", documents.document_upload_page, name="document-upload"),
    path("<uuid:document_id>/", documents.document_page, name="document"),
    path("<uuid:document_id>/content/", documents.document_content, name="document-content"),
    path("<uuid:document_id>/replace/", documents.document_replace_page, name="document-replace"),
    path("<uuid:document_id>/retract/", documents.document_retract_page, name="document-retract"),
]
cases = [
    path("", clients.client_list, name="clients"),
    path("new/", clients.client_new, name="client-new"),
    path("<uuid:client_id>/", client_page.client_page, name="client"),
    path("<uuid:client_id>/", include(client_events)),
    path("<uuid:client_id>/documents/", include(client_documents)),
    path("<uuid:client_id>/drafts/<str:template>/", drafts.draft_page, name="draft"),
]

# exports/: anonymised aggregate tables.
export_tables = [
    path("", exports.exports_page, name="exports"),
    path("<str:table_id>/download/", exports.export_download, name="export-download"),
]

# admin/: the organisation's members, tokens, regional days off and the audit.
member = [
    path("role/", admin_pages.admin_user_role, name="admin-user-role"),
    path("deactivate/", admin_pages.admin_user_deactivate, name="admin-user-deactivate"),
    path("reactivate/", admin_pages.admin_user_reactivate, name="admin-user-reactivate"),
    path(
        "second-factor/reset/",
        admin_second_factors.admin_user_second_factor_reset,
        name="admin-user-mfa-reset",
    ),
]
admin = [
    path("", admin_pages.admin_home, name="admin-home"),
    path("users/", admin_pages.admin_users, name="admin-users"),
    path("users/new/", admin_pages.admin_user_new, name="admin-user-new"),
    path("users/<int:user_id>/", include(member)),
    path("tokens/", admin_tokens.admin_tokens, name="admin-tokens"),
    path("tokens/<int:token_id>/revoke/", admin_tokens.admin_token_revoke, name="admin-token-revoke"),
    path("days-off/", admin_pages.admin_days_off, name="admin-days-off"),
    path("days-off/<int:day_off_id>/remove/", admin_pages.admin_day_off_remove, name="admin-day-off-remove"),
    path("audit/", admin_audit.admin_audit, name="admin-audit"),
]

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("reopened/<int:change_id>/reviewed/", dashboard.reopened_reviewed, name="reopened-reviewed"),
    path("language/", language_switch, name="language"),
    path("accounts/", include(accounts)),
    path("clients/", include(cases)),
    path("exports/", include(export_tables)),
    path("admin/", include(admin)),
]
