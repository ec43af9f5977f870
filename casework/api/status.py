from __future__ import annotations

from datetime import UTC

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api import errors
from casework.api.pagination import BoundedCountPagination, paginated
from casework.models import DeadlineStatus
from casework.selectors.clients import client_get_for
from casework.selectors.status import deadlines_for
from casework.services.reading import status_open

NAIVE_INSTANT = "Give the time zone, e.g. 2025-03-05T12:00:00+03:00 or …Z."


class AwareDateTimeField(serializers.DateTimeField):
    """An instant that names its zone. DRF would read a naive one in the server's zone, silently; across
    Russia's eleven zones that guess can be hours off, so it is refused instead."""

    def enforce_timezone(self, value):
        if timezone.is_naive(value):
            raise serializers.ValidationError(NAIVE_INSTANT)
        return super().enforce_timezone(value)


class StatusQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False)
    known_at = AwareDateTimeField(required=False)


class StatusOutputSerializer(serializers.Serializer):
    """Documents the binding fields; the body also carries the derivation's extra fields."""

    client = serializers.UUIDField()
    as_of = serializers.DateField()
    known_at = serializers.DateTimeField()
    version = serializers.IntegerField()
    register = serializers.DictField()
    restrictions = serializers.ListField(child=serializers.DictField())
    bank_account_frozen = serializers.BooleanField()
    detention = serializers.DictField()
    deadlines = serializers.ListField(child=serializers.DictField())
    warnings = serializers.ListField(child=serializers.DictField())


class ClientStatusApi(APIView):
    @extend_schema(
        operation_id="client_status",
        parameters=[
            OpenApiParameter("as_of", str, description="Date (YYYY-MM-DD); default today"),
            OpenApiParameter("known_at", str, description="Instant with zone; default now"),
        ],
        responses={200: StatusOutputSerializer, **errors.WITH_OBJECT},
    )
    def get(self, request, client_id):
        client = client_get_for(actor=request.user, client_id=client_id)
        query = StatusQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        state = status_open(
            actor=request.user,
            client=client,
            channel="api",
            as_of=query.validated_data.get("as_of"),
            known_at=query.validated_data.get("known_at"),
        )
        return Response({"client": str(client.id), **state.to_dict()})


class DeadlinePagination(BoundedCountPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class DeadlineListApi(APIView):
    class QuerySerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=DeadlineStatus.values, required=False)
        due_before = serializers.DateField(required=False)
        assigned_to = serializers.CharField(required=False, max_length=150)

    @extend_schema_serializer(component_name="Deadline")  # unique: nested classes share their names
    class OutputSerializer(serializers.Serializer):
        client = serializers.UUIDField(source="client_id")
        client_code = serializers.CharField(source="client.code")
        key = serializers.CharField()
        kind = serializers.CharField()
        rule = serializers.CharField()
        rule_version = serializers.IntegerField()
        decision_ref = serializers.CharField()
        due_on = serializers.DateField()
        due_at = serializers.DateTimeField(default_timezone=UTC)  # "…Z", like the status endpoint
        status = serializers.CharField(source="effective_status")
        estimated = serializers.BooleanField()
        confidence = serializers.CharField()
        assigned_to = serializers.SerializerMethodField()

        def get_assigned_to(self, deadline) -> str | None:
            status = getattr(deadline.client, "status", None)
            return status.assigned_to.username if status is not None and status.assigned_to else None

    @extend_schema(
        operation_id="deadlines_list",
        parameters=[QuerySerializer],
        responses={
            200: paginated("PaginatedDeadlines", OutputSerializer(many=True), bounded=True),
            **errors.COMMON,
        },
    )
    def get(self, request):
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        deadlines = deadlines_for(actor=request.user, **query.validated_data)
        paginator = DeadlinePagination()
        page = paginator.paginate_queryset(deadlines, request, view=self)
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)
