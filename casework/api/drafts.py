"""Drafts through the API (API.md "Drafts"): the templates that fit the client's deadlines now, and writing
one — a DOCX of kind `draft` in the case file and its `document_generated` event."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api import errors
from casework.api.documents import DocumentOutputSerializer, _shown
from casework.api.events import EventOutputSerializer, event_representation
from casework.drafts.templates import MAX_FIELD, TEMPLATES
from casework.models import ReadChannel
from casework.selectors.clients import client_get_for
from casework.selectors.documents import document_get_for
from casework.selectors.drafts import drafts_for
from casework.services.drafts import draft_generate
from casework.services.reading import event_open_for_author


class DraftOfferSerializer(serializers.Serializer):
    template = serializers.CharField()
    title = serializers.CharField()
    deadline_key = serializers.CharField()
    missing = serializers.ListField(child=serializers.CharField(), help_text="required free fields")


class DraftInputSerializer(serializers.Serializer):
    template = serializers.ChoiceField(choices=sorted(TEMPLATES), error_messages=errors.CHOICE_ERRORS)
    deadline_key = serializers.CharField(max_length=200)
    fields = serializers.DictField(  # type: ignore[assignment]  # the API's field, not Serializer.fields
        child=serializers.CharField(allow_blank=True, max_length=MAX_FIELD),
        required=False,
        default=dict,
        help_text="the template's free fields by name; `annex`: \"1\" appends the deadline's computation",
    )


class ClientDraftsApi(APIView):
    @extend_schema(
        operation_id="client_drafts_list",
        responses={200: DraftOfferSerializer(many=True), **errors.WITH_OBJECT},
    )
    def get(self, request, client_id):
        client = client_get_for(actor=request.user, client_id=client_id)
        offers = drafts_for(actor=request.user, client=client)
        body = [
            {
                "template": offer.template.id,
                "title": offer.template.title,
                "deadline_key": offer.deadline.key,
                "missing": list(offer.missing),
            }
            for offer in offers
        ]
        return Response(DraftOfferSerializer(body, many=True).data)

    @extend_schema(
        operation_id="client_drafts_create",
        request=DraftInputSerializer,
        responses={
            201: inline_serializer(
                "DraftCreated", {"document": DocumentOutputSerializer(), "event": EventOutputSerializer()}
            ),
            **errors.WITH_OBJECT,
            410: errors.GONE,
        },
    )
    def post(self, request, client_id):
        client = client_get_for(actor=request.user, client_id=client_id)
        serializer = DraftInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = draft_generate(
            actor=request.user,
            client=client,
            template=data["template"],
            deadline_key=data["deadline_key"],
            fields=data["fields"],
            channel=ReadChannel.API,
        )
        document = document_get_for(actor=request.user, client=client, document_id=result.document.id)
        opened = event_open_for_author(actor=request.user, client=client, event=result.event)
        body = {
            "document": _shown(request, client, document),
            "event": EventOutputSerializer(event_representation(opened)).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)
