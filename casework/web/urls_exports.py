from __future__ import annotations

from django.urls import path

from casework.web import exports

urlpatterns = [
    path("exports/", exports.exports_page, name="exports"),
    path("exports/<str:table_id>/download/", exports.export_download, name="export-download"),
]
