from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api import errors
from casework.services.organisations import token_create

BAD_CREDENTIALS = "Wrong username or password."
MFA_REQUIRED = "A second factor is required: enrol one in the web interface, or ask an operator for a token."


def has_second_factor(user) -> bool:
    # Second factors arrive with the security issue; until then nobody has one.
    return False


class TokenObtainApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=256, trim_whitespace=False)
        otp = serializers.CharField(max_length=10, required=False)

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()

    @extend_schema(
        operation_id="auth_token_create",
        request=InputSerializer,
        responses={200: OutputSerializer, 400: errors.INVALID},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if user is None:
            raise serializers.ValidationError({"non_field_errors": [BAD_CREDENTIALS]})
        if settings.CASEWORK_REQUIRE_MFA and not has_second_factor(user):
            raise serializers.ValidationError({"otp": [MFA_REQUIRED]})
        return Response({"token": token_create(user=user)}, status=status.HTTP_200_OK)
