from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api import errors
from casework.api.pagination import CheckedPageNumberPagination, paginated
from casework.clock import organisation_today
from casework.domain.events import EVENT_TYPES
from casework.selectors.clients import client_get_for, events_for
from casework.services.events import event_record
from casework.services.reading import OpenedEvent, event_open_for_author, events_open

# Events about the record itself default to today; facts about the world must say when they happened.
DEFAULTS_TO_TODAY = frozenset({"event_corrected", "event_retracted", "note_added"})
OCCURRED_ON_REQUIRED = "When did this happen? occurred_on is required for this event type."
KEY_TOO_LONG = "The Idempotency-Key header is at most 200 characters."


class EventOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    position = serializers.IntegerField()
    version = serializers.IntegerField()
    type = serializers.CharField()
    schema_version = serializers.IntegerField()
    occurred_on = serializers.DateField()
    recorded_at = serializers.DateTimeField()
    recorded_by = serializers.CharField(allow_null=True)
    data = serializers.DictField()  # type: ignore[assignment]  # the API's field, not Serializer.data
    corrects = serializers.UUIDField(allow_null=True)


def event_representation(opened: OpenedEvent) -> dict:
    event = opened.event
    return {
        "id": event.id,
        "position": event.position,
        "version": event.version,
        "type": event.type,
        "schema_version": event.schema_version,
        "occurred_on": event.occurred_on,
        "recorded_at": event.recorded_at,
        "recorded_by": event.recorded_by.username if event.recorded_by else None,
        "data": opened.data_as_stored,
        "corrects": event.corrects_id,
    }


class EventPagination(CheckedPageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class ClientEventsApi(APIView):
    @extend_schema_serializer(component_name="EventCreate")  # unique: nested classes share their names
    class InputSerializer(serializers.Serializer):
        type = serializers.ChoiceField(choices=sorted(EVENT_TYPES), error_messages=errors.CHOICE_ERRORS)
        occurred_on = serializers.DateField(required=False)
        expected_version = serializers.IntegerField(required=False, min_value=0)
        data = serializers.DictField(required=False, default=dict)  # type: ignore[assignment]

    @extend_schema(
        operation_id="client_events_list",
        responses={200: paginated("PaginatedEvents", EventOutputSerializer(many=True)), **errors.WITH_OBJECT},
    )
    def get(self, request, client_id):
        client = client_get_for(actor=request.user, client_id=client_id)
        paginator = EventPagination()
        page = paginator.paginate_queryset(
            events_for(actor=request.user, client=client).select_related("recorded_by"), request, view=self
        )
        opened = events_open(actor=request.user, client=client, events=page or [], channel="api")
        results = [event_representation(event) for event in opened]
        return paginator.get_paginated_response(EventOutputSerializer(results, many=True).data)

    @extend_schema(
        operation_id="client_events_create",
        request=InputSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="Retrying with the same key returns the first response and writes nothing.",
            )
        ],
        examples=[
            OpenApiExample(
                "A decision",
                request_only=True,
                value={
                    "type": "decision_issued",
                    "occurred_on": "2025-02-27",
                    "data": {
                        "decision_ref": "D2",
                        "kind": "administrative_expulsion",
                        "copy_received_on": "2025-02-27",
                    },
                },
            ),
            OpenApiExample("A note", request_only=True, value={"type": "note_added", "data": {"text": "…"}}),
        ],
        responses={
            201: EventOutputSerializer,
            409: errors.CONFLICT,
            422: errors.KEY_REUSED,
            **errors.WITH_OBJECT,
        },
    )
    def post(self, request, client_id):
        client = client_get_for(actor=request.user, client_id=client_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        payload = serializer.validated_data
        idempotency_key = request.headers.get("Idempotency-Key") or None
        if idempotency_key is not None and len(idempotency_key) > 200:
            raise serializers.ValidationError({"Idempotency-Key": [KEY_TOO_LONG]})
        occurred_on = payload.get("occurred_on")
        if occurred_on is None:
            if payload["type"] not in DEFAULTS_TO_TODAY:
                raise serializers.ValidationError({"occurred_on": [OCCURRED_ON_REQUIRED]})
            occurred_on = organisation_today(client.organisation)
        result = event_record(
            actor=request.user,
            client=client,
            type=payload["type"],
            data=payload["data"],
            occurred_on=occurred_on,
            expected_version=payload.get("expected_version"),
            idempotency_key=idempotency_key,
        )
        opened = event_open_for_author(actor=request.user, client=client, event=result.event)
        body = EventOutputSerializer(event_representation(opened)).data
        return Response(body, status=status.HTTP_201_CREATED)
