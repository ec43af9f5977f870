from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api import errors
from casework.api.pagination import paginated
from casework.domain.choices import SEXES
from casework.domain.reference_data import CITIZENSHIP_CODES, REGION_CODES
from casework.models import Client, ReadAction
from casework.personal import PersonalData, open_personal
from casework.selectors.clients import client_get_for, client_list_for
from casework.services.audit import list_read_record, read_record
from casework.services.clients import ErasuresTooMany, client_erase, client_register


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


def client_representation(client: Client) -> dict:
    personal = open_personal(client)
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


class ClientPagination(PageNumberPagination):
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
        parameters=[OpenApiParameter("search", str, description="Exact full name or document number")],
        responses={200: paginated("PaginatedClients", ClientOutputSerializer(many=True)), **errors.COMMON},
    )
    def get(self, request):
        search = request.query_params.get("search")
        clients = client_list_for(actor=request.user, search=search)
        paginator = ClientPagination()
        page = paginator.paginate_queryset(clients, request, view=self) or []
        list_read_record(
            actor=request.user, shown=page, searched=bool(search and search.strip()), channel="api"
        )
        data = ClientOutputSerializer([client_representation(c) for c in page], many=True).data
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
        return Response(
            ClientOutputSerializer(client_representation(client)).data, status=status.HTTP_201_CREATED
        )


class ClientDetailApi(APIView):
    @extend_schema(
        operation_id="clients_retrieve", responses={200: ClientOutputSerializer, **errors.WITH_OBJECT}
    )
    def get(self, request, client_id):
        client = client_get_for(actor=request.user, client_id=client_id)
        read_record(actor=request.user, client=client, action=ReadAction.CLIENT_VIEWED, channel="api")
        return Response(ClientOutputSerializer(client_representation(client)).data)


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
