from __future__ import annotations

from django.urls import path

from casework.web import admin_audit, admin_pages, admin_second_factors, admin_tokens

urlpatterns = [
    path("admin/", admin_pages.admin_home, name="admin-home"),
    path("admin/users/", admin_pages.admin_users, name="admin-users"),
    path("admin/users/new/", admin_pages.admin_user_new, name="admin-user-new"),
    path("admin/users/<int:user_id>/role/", admin_pages.admin_user_role, name="admin-user-role"),
    path(
        "admin/users/<int:user_id>/deactivate/",
        admin_pages.admin_user_deactivate,
        name="admin-user-deactivate",
    ),
    path(
        "admin/users/<int:user_id>/reactivate/",
        admin_pages.admin_user_reactivate,
        name="admin-user-reactivate",
    ),
    path(
        "admin/users/<int:user_id>/second-factor/reset/",
        admin_second_factors.admin_user_second_factor_reset,
        name="admin-user-mfa-reset",
    ),
    path("admin/tokens/", admin_tokens.admin_tokens, name="admin-tokens"),
    path("admin/tokens/<int:token_id>/revoke/", admin_tokens.admin_token_revoke, name="admin-token-revoke"),
    path("admin/days-off/", admin_pages.admin_days_off, name="admin-days-off"),
    path(
        "admin/days-off/<int:day_off_id>/remove/",
        admin_pages.admin_day_off_remove,
        name="admin-day-off-remove",
    ),
    path("admin/audit/", admin_audit.admin_audit, name="admin-audit"),
    path("clients/<uuid:client_id>/erase/", admin_pages.client_erase_page, name="client-erase"),
]
