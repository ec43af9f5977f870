from __future__ import annotations

from django.core.paginator import EmptyPage, Paginator
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api import errors
from casework.api.pagination import MAX_PAGE, CheckedPageNumberPagination, paginated
from casework.domain.choices import SEXES
from casework.domain.reference_data import CITIZENSHIP_CODES, REGION_CODES
from casework.models import Client
from casework.personal import PersonalData
from casework.selectors.clients import client_get_for, client_list_for
from casework.services.clients import ErasuresTooMany, client_erase, client_register
from casework.services.reading import client_open, client_open_for_author, clients_open


class ClientOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    version = serializers.IntegerField()
    full_name = serializers.CharField(allow_null=True)
    date_of_birth = serializers.DateField(allow_null=True)
    document_number = serializers.CharField(allow_null=True)
    phone = serializers.CharField(allow_null=True)
    citizenship = serializers.CharField()
    sex = serializers.CharField()
    region = serializers.CharField()
    erased = serializers.BooleanField()


def client_representation(client: Client, personal: PersonalData | None) -> dict:
    """`personal` as services.reading opened it (None once erased)."""
    first_events = getattr(client, "first_events", None)
    facts = first_events[0].data if first_events else client.events.get(version=1).data
    return {
        "id": client.id,
        "code": client.code,
        "version": client.version,
        "full_name": personal.full_name if personal else None,
        "date_of_birth": personal.date_of_birth if personal else None,
        "document_number": personal.document_number if personal else None,
        "phone": personal.phone if personal else None,
        "citizenship": facts["citizenship"],
        "sex": facts["sex"],
        "region": facts["region"],
        "erased": client.erased,
    }


# The codes are checked by the domain (with its messages); these fields only let the schema list them.
@extend_schema_field({"type": "string", "enum": sorted(CITIZENSHIP_CODES)})
class CitizenshipField(serializers.CharField):
    pass


@extend_schema_field({"type": "string", "enum": list(SEXES)})
class SexField(serializers.CharField):
    pass


@extend_schema_field({"type": "string", "enum": sorted(REGION_CODES)})
class RegionField(serializers.CharField):
    pass


SEARCH_BY_POST = 'Search with POST /api/clients/search/ {"q": …}: search text must not travel in a URL.'
PAGE_OUT_OF_RANGE = "There is no such page."


class ClientPagination(CheckedPageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ClientCollectionApi(APIView):
    @extend_schema_serializer(component_name="ClientCreate")  # unique: nested classes share their names
    class InputSerializer(serializers.Serializer):
        full_name = serializers.CharField(max_length=200)
        date_of_birth = serializers.DateField()
        document_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
        phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
        citizenship = CitizenshipField(max_length=3)
        sex = SexField(max_length=1)
        region = RegionField(max_length=10)

    @extend_schema(
        operation_id="clients_list",
        parameters=[
            OpenApiParameter(
                "search", str, description="Refused (400): search with POST /api/clients/search/ instead"
            )
        ],
        responses={200: paginated("PaginatedClients", ClientOutputSerializer(many=True)), **errors.COMMON},
    )
    def get(self, request):
        if "search" in request.query_params:
            # Names and document numbers in a URL reach access logs, Referer headers and browser history.
            raise serializers.ValidationError({"search": [SEARCH_BY_POST]})
        clients = client_list_for(actor=request.user)
        paginator = ClientPagination()
        page = paginator.paginate_queryset(clients, request, view=self) or []
        personal = clients_open(actor=request.user, clients=page, searched=False, channel="api")
        data = ClientOutputSerializer(
            [client_representation(c, p) for c, p in zip(page, personal, strict=True)], many=True
        ).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        operation_id="clients_create",
        request=InputSerializer,
        responses={201: ClientOutputSerializer, **errors.COMMON},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        client = client_register(
            actor=request.user,
            personal=PersonalData.from_submitted(data),
            citizenship=data["citizenship"],
            sex=data["sex"],
            region=data["region"],
        )
        client = client_get_for(actor=request.user, client_id=client.id)
        personal = client_open_for_author(actor=request.user, client=client)
        body = ClientOutputSerializer(client_representation(client, personal)).data
        return Response(body, status=status.HTTP_201_CREATED)


class ClientSearchApi(APIView):
    """Search in the body, never in the URL: exact normalised name or document number (blind indexes)."""

    @extend_schema_serializer(component_name="ClientSearch")
    class InputSerializer(serializers.Serializer):
        q = serializers.CharField(max_length=200, help_text="Full name or document number")
        page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, default=1)
        page_size = serializers.IntegerField(
            min_value=1, max_value=ClientPagination.max_page_size, default=ClientPagination.page_size
        )

    @extend_schema_serializer(component_name="ClientSearchResults")
    class OutputSerializer(serializers.Serializer):
        count = serializers.IntegerField()
        next = serializers.IntegerField(allow_null=True, help_text="the next page's number, for `page`")
        previous = serializers.IntegerField(allow_null=True, help_text="the previous page's number")
        results = ClientOutputSerializer(many=True)

    @extend_schema(
        operation_id="clients_search",
        request=InputSerializer,
        responses={200: OutputSerializer, **errors.WITH_OBJECT},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        clients = client_list_for(actor=request.user, search=data["q"])
        try:
            page = Paginator(clients, data["page_size"]).page(data["page"])
        except EmptyPage:
            raise NotFound(PAGE_OUT_OF_RANGE) from None
        shown = list(page.object_list)
        personal = clients_open(actor=request.user, clients=shown, searched=True, channel="api")
        return Response(
            self.OutputSerializer(
                {
                    "count": page.paginator.count,
                    "next": page.next_page_number() if page.has_next() else None,
                    "previous": page.previous_page_number() if page.has_previous() else None,
                    "results": [client_representation(c, p) for c, p in zip(shown, personal, strict=True)],
                }
            ).data
        )


class ClientDetailApi(APIView):
    @extend_schema(
        operation_id="clients_retrieve", responses={200: ClientOutputSerializer, **errors.WITH_OBJECT}
    )
    def get(self, request, client_id):
        client = client_get_for(actor=request.user, client_id=client_id)
        personal = client_open(actor=request.user, client=client, channel="api")
        return Response(ClientOutputSerializer(client_representation(client, personal)).data)


class ClientEraseApi(APIView):
    # 429: the admin reached CASEWORK_ERASURES_PER_HOUR (web and API together); see Retry-After.
    @extend_schema(
        operation_id="clients_erase",
        request=None,
        parameters=[errors.RETRY_AFTER],
        responses={204: None, **errors.WITH_OBJECT, 429: errors.THROTTLED},
    )
    def post(self, request, client_id):
        client = client_get_for(actor=request.user, client_id=client_id)
        try:
            client_erase(actor=request.user, client=client)
        except ErasuresTooMany as refused:
            raise exceptions.Throttled(wait=refused.retry_after, detail=str(refused)) from refused
        return Response(status=status.HTTP_204_NO_CONTENT)
