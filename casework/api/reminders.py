from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api import errors
from casework.selectors.clients import client_get_for
from casework.selectors.reminders import delivery_failures_for, reminders_for_client


class ReminderOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    client = serializers.UUIDField(source="client_id")
    deadline_key = serializers.CharField()
    due_on = serializers.DateField()
    step = serializers.CharField()
    recipient = serializers.CharField(source="recipient.username")
    escalation = serializers.BooleanField()
    state = serializers.CharField()
    attempts = serializers.IntegerField()
    last_error = serializers.CharField()
    send_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField(allow_null=True)


class ClientRemindersApi(APIView):
    @extend_schema(operation_id="client_reminders_list",
                   responses={200: ReminderOutputSerializer(many=True), **errors.WITH_OBJECT})  # fmt: skip
    def get(self, request, client_id):
        client = client_get_for(actor=request.user, client_id=client_id)
        reminders = reminders_for_client(actor=request.user, client=client)[:500]
        return Response(ReminderOutputSerializer(reminders, many=True).data)


class DeliveryFailuresApi(APIView):
    @extend_schema(
        operation_id="reminder_failures",
        responses={
            200: inline_serializer(
                "DeliveryFailures",
                {"count": serializers.IntegerField(), "results": ReminderOutputSerializer(many=True)},
            ),
            **errors.COMMON,
        },
    )
    def get(self, request):
        failures = delivery_failures_for(actor=request.user)
        return Response(
            {"count": failures.count(), "results": ReminderOutputSerializer(failures[:200], many=True).data}
        )
