"""The case file through the API: upload (multipart, encrypted as it arrives), list, one document, its
content (streamed, as an attachment, never cached), a new version, and retraction."""

from __future__ import annotations

import logging

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api import errors
from casework.crypto import DecryptionFailed
from casework.documents import uploads
from casework.documents.responses import content_response
from casework.models import Client, Document, DocumentKind
from casework.selectors.clients import client_get_for
from casework.selectors.documents import document_get_for, documents_for, evidence_event_for
from casework.services.documents import (
    MAX_DESCRIPTION,
    MAX_REASON,
    document_replace,
    document_retract,
    document_upload,
    upload_handler_for,
)
from casework.services.reading import ATTACHMENT, DocumentView, document_content_open, documents_read

logger = logging.getLogger(__name__)
DAMAGED = "The stored document failed its integrity check; it was not served. Tell the administrator."
FILE_MISSING = "Attach the document as the multipart field `file`."
EVENT_NOT_FOUND = "The client has no such event."


class DocumentOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    event = serializers.UUIDField(allow_null=True, source="event_id")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField(allow_null=True, help_text="of the plaintext; null once erased")
    name = serializers.CharField(allow_null=True, help_text="null once the client is erased")
    description = serializers.CharField(allow_null=True)
    uploaded_at = serializers.DateTimeField()
    uploaded_by = serializers.CharField(allow_null=True)
    replaces = serializers.UUIDField(allow_null=True, source="replaces_id", help_text="the previous version")
    replaced_by = serializers.UUIDField(
        allow_null=True, source="replaced_by_id", help_text="the next version"
    )
    retracted_at = serializers.DateTimeField(allow_null=True)
    retracted_by = serializers.CharField(allow_null=True)
    retraction_reason = serializers.CharField(allow_null=True)
    pdf_has_javascript = serializers.BooleanField()
    pdf_encrypted = serializers.BooleanField()
    erased = serializers.BooleanField()


def _representation(view: DocumentView) -> dict:
    return DocumentOutputSerializer(view).data


def _install_encrypting_handler(request, client: Client) -> None:
    """Before anything reads the body: refuse a declared size over the limit, and replace Django's upload
    handlers (which would spool a large file to a plaintext temporary file) with the encrypting one."""
    uploads.refuse_too_large_body(request.META.get("CONTENT_LENGTH"))
    request._request.upload_handlers = [upload_handler_for(request._request, client)]


def _uploaded_file(request):
    file = request.FILES.get(uploads.FIELD)
    if not isinstance(file, uploads.EncryptedUpload):
        raise serializers.ValidationError({"file": [FILE_MISSING]})
    return file


def _shown(request, client: Client, document: Document) -> dict:
    (view,) = documents_read(actor=request.user, client=client, documents=[document], channel="api", one=True)
    return _representation(view)


class DocumentCollectionApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema_serializer(component_name="DocumentUpload")
    class InputSerializer(serializers.Serializer):
        # An empty file is refused by the sniffer, with its reason.
        file = serializers.FileField(
            allow_empty_file=True,
            help_text="PDF, JPEG, PNG, HEIC, DOCX or ODT; the type is read from the content",
        )
        kind = serializers.ChoiceField(choices=DocumentKind.choices, error_messages=errors.CHOICE_ERRORS)
        event = serializers.UUIDField(required=False, allow_null=True, help_text="the event it evidences")
        description = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=MAX_DESCRIPTION
        )

    @extend_schema(
        operation_id="client_documents_list",
        responses={200: DocumentOutputSerializer(many=True), **errors.WITH_OBJECT},
    )
    def get(self, request, client_id):
        client = client_get_for(actor=request.user, client_id=client_id)
        documents = list(documents_for(actor=request.user, client=client))
        views = documents_read(actor=request.user, client=client, documents=documents, channel="api")
        return Response([_representation(view) for view in views])

    @extend_schema(
        operation_id="client_documents_create",
        request={"multipart/form-data": InputSerializer},
        responses={201: DocumentOutputSerializer, **errors.WITH_OBJECT, **errors.DOCUMENT_UPLOAD},
    )
    def post(self, request, client_id):
        client = client_get_for(actor=request.user, client_id=client_id)
        _install_encrypting_handler(request, client)
        file = _uploaded_file(request)
        serializer = self.InputSerializer(data={**request.data.dict(), "file": file})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        event = None
        if data.get("event") is not None:
            event = evidence_event_for(actor=request.user, client=client, event_id=data["event"])
            if event is None:
                raise serializers.ValidationError({"event": [EVENT_NOT_FOUND]})
        document = document_upload(
            actor=request.user,
            client=client,
            file=file,
            kind=data["kind"],
            event=event,
            description=data["description"],
        )
        document = document_get_for(actor=request.user, client=client, document_id=document.id)
        return Response(_shown(request, client, document), status=status.HTTP_201_CREATED)


class DocumentDetailApi(APIView):
    @extend_schema(
        operation_id="client_documents_retrieve",
        responses={200: DocumentOutputSerializer, **errors.WITH_OBJECT},
    )
    def get(self, request, client_id, document_id):
        client = client_get_for(actor=request.user, client_id=client_id)
        document = document_get_for(actor=request.user, client=client, document_id=document_id)
        return Response(_shown(request, client, document))


class DocumentContentApi(APIView):
    @extend_schema(
        operation_id="client_documents_content",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The document's bytes, as an attachment (its own Content-Type); recorded in the "
                "read audit",
            ),
            **errors.WITH_OBJECT,
            410: errors.GONE,
            500: errors.DAMAGED,
        },
    )
    def get(self, request, client_id, document_id):
        client = client_get_for(actor=request.user, client_id=client_id)
        document = document_get_for(actor=request.user, client=client, document_id=document_id)
        try:
            opened = document_content_open(
                actor=request.user, document=document, channel="api", disposition=ATTACHMENT
            )
        except DecryptionFailed:
            # Damaged or replaced in the storage: nothing was served, nothing recorded (ids only in the log).
            logger.error("document %s failed its integrity check on reading", document.id)
            return Response(
                {"code": "damaged", "detail": DAMAGED}, status=status.HTTP_500_INTERNAL_SERVER_ERROR
            )
        return content_response(opened)


class DocumentVersionsApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema_serializer(component_name="DocumentVersion")
    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(
            allow_empty_file=True, help_text="the new version; kind and event are the previous version's"
        )
        description = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=MAX_DESCRIPTION
        )

    @extend_schema(
        operation_id="client_documents_replace",
        request={"multipart/form-data": InputSerializer},
        responses={201: DocumentOutputSerializer, **errors.WITH_OBJECT, **errors.DOCUMENT_UPLOAD},
    )
    def post(self, request, client_id, document_id):
        client = client_get_for(actor=request.user, client_id=client_id)
        document = document_get_for(actor=request.user, client=client, document_id=document_id)
        _install_encrypting_handler(request, client)
        file = _uploaded_file(request)
        serializer = self.InputSerializer(data={**request.data.dict(), "file": file})
        serializer.is_valid(raise_exception=True)
        new = document_replace(
            actor=request.user,
            document=document,
            file=file,
            description=serializer.validated_data["description"],
        )
        new = document_get_for(actor=request.user, client=client, document_id=new.id)
        return Response(_shown(request, client, new), status=status.HTTP_201_CREATED)


class DocumentRetractApi(APIView):
    @extend_schema_serializer(component_name="DocumentRetract")
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=MAX_REASON)

    @extend_schema(
        operation_id="client_documents_retract",
        request=InputSerializer,
        responses={200: DocumentOutputSerializer, **errors.WITH_OBJECT, 410: errors.GONE},
    )
    def post(self, request, client_id, document_id):
        client = client_get_for(actor=request.user, client_id=client_id)
        document = document_get_for(actor=request.user, client=client, document_id=document_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document_retract(actor=request.user, document=document, reason=serializer.validated_data["reason"])
        document = document_get_for(actor=request.user, client=client, document_id=document_id)
        return Response(_shown(request, client, document))
