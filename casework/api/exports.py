"""Aggregate exports: the list of tables, and one table after disclosure control (JSON or CSV)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import renderers, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api import errors
from casework.api.throttling import ExportRateThrottle
from casework.clock import organisation_today
from casework.exports import labels, rendering
from casework.exports.definitions import TABLES
from casework.models import ExportScope
from casework.services.exports import (
    export_access,
    exports_generate,
    may_export_network,
    period_parse,
    table_definition,
)

FORMAT_INVALID = "Choose json or csv."


class CsvRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.encode("utf-8") if isinstance(data, str) else data


class ExportListApi(APIView):
    throttle_classes = [ExportRateThrottle]

    @extend_schema(
        operation_id="exports_list",
        parameters=[errors.RETRY_AFTER],
        responses={
            200: inline_serializer(
                "ExportTable",
                {
                    "id": serializers.CharField(),
                    "version": serializers.IntegerField(),
                    "title": serializers.CharField(),
                    "description": serializers.CharField(),
                    "unit": serializers.CharField(),
                    "rows": serializers.CharField(),
                    "columns": serializers.CharField(allow_null=True),
                    "scopes": serializers.ListField(child=serializers.CharField()),
                },
                many=True,
            ),
            **errors.COMMON,
            **errors.THROTTLING,
        },
    )
    def get(self, request):
        export_access(actor=request.user)
        scopes = [ExportScope.ORGANISATION.value]
        if may_export_network(request.user):
            scopes.append(ExportScope.NETWORK.value)
        return Response(
            [
                {
                    "id": definition.id,
                    "version": definition.version,
                    "title": labels.title(definition),
                    "description": labels.description(definition),
                    "unit": definition.unit,
                    "rows": definition.rows,
                    "columns": definition.columns,
                    "scopes": scopes,
                }
                for definition in TABLES.values()
            ]
        )


class ExportCellSerializer(serializers.Serializer):
    value = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()


class ExportDimensionSerializer(serializers.Serializer):
    dimension = serializers.CharField(allow_null=True)
    labels = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


def cell_field():
    # A new instance each time (a DRF field can be bound to one parent only) of one class, so that the
    # schema has one ExportCell component, not several of the same name.
    return ExportCellSerializer()


def dimension_field():
    return ExportDimensionSerializer()


EXPORT_OUTPUT = inline_serializer(
    "ExportTableResult",
    {
        "table": serializers.CharField(),
        "version": serializers.IntegerField(),
        "title": serializers.CharField(),
        "description": serializers.CharField(),
        "unit": serializers.CharField(),
        "period": serializers.CharField(),
        "provisional": serializers.BooleanField(),
        "scope": serializers.CharField(),
        "organisation": serializers.CharField(allow_null=True),
        "disclosure_control": serializers.DictField(child=serializers.IntegerField()),
        "snapshot": serializers.DateTimeField(),
        "generated_at": serializers.DateTimeField(),
        "withheld": serializers.BooleanField(),
        "rows": dimension_field(),
        "columns": dimension_field(),
        "cells": serializers.ListField(child=serializers.ListField(child=cell_field())),
        "row_totals": serializers.ListField(child=cell_field()),
        "column_totals": serializers.ListField(child=cell_field()),
        "total": cell_field(),
        "disclosure_report": serializers.ListField(child=serializers.DictField(), required=False),
    },
)


class ExportTableApi(APIView):
    renderer_classes = [renderers.JSONRenderer, CsvRenderer]
    throttle_classes = [ExportRateThrottle]

    class QuerySerializer(serializers.Serializer):
        period = serializers.CharField(required=False, allow_blank=True, max_length=10)
        scope = serializers.ChoiceField(
            choices=ExportScope.values, default=ExportScope.ORGANISATION, error_messages=errors.CHOICE_ERRORS
        )
        report = serializers.BooleanField(default=False)

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            # DRF answers an unknown ?format= with 404; it is a bad parameter, and the table does exist.
            raise ValidationError({"format": [FORMAT_INVALID]}) from None

    def handle_exception(self, exc):
        self.request.accepted_renderer = renderers.JSONRenderer()  # errors are JSON, even for ?format=csv
        self.request.accepted_media_type = renderers.JSONRenderer.media_type
        return super().handle_exception(exc)

    @extend_schema(
        operation_id="exports_table",
        parameters=[
            OpenApiParameter("period", str, description="Calendar year, e.g. 2025; default this year"),
            OpenApiParameter("format", str, enum=["json", "csv"], description="Default json"),
            OpenApiParameter(
                "scope", str, enum=ExportScope.values, description="network: instance admin only"
            ),
            OpenApiParameter("report", bool, description="Add the internal disclosure report (JSON only)"),
            errors.RETRY_AFTER,
        ],
        responses={
            (200, "application/json"): EXPORT_OUTPUT,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
            **errors.WITH_OBJECT,
            **errors.THROTTLING,
        },
    )
    def get(self, request, table):
        if table not in TABLES:
            raise Http404
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        organisation = export_access(actor=request.user, scope=query.validated_data["scope"])
        period = period_parse(query.validated_data.get("period"), today=organisation_today(organisation))
        fmt = request.accepted_renderer.format
        [export] = exports_generate(
            actor=request.user,
            period=period,
            scope=query.validated_data["scope"],
            table_ids=[table_definition(table).id],
            format=fmt,
            channel="api",
        )
        if fmt == "csv":
            response = Response(rendering.as_csv(export))
            filename = f"{table}-{period.label}-{export.scope}.csv"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return Response(rendering.as_json(export, report=query.validated_data["report"]))
