from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.accounts import login_throttle
from casework.api import errors
from casework.selectors.api_tokens import tokens_of
from casework.selectors.second_factors import has_second_factor
from casework.services.api_tokens import VIA_API, token_create, token_revoke_own
from casework.services.second_factors import second_factor_verify

BAD_CREDENTIALS = "Wrong username or password."
MFA_REQUIRED = "A second factor is required: enrol one in the web interface, or ask an operator for a token."
OTP_REQUIRED = "This account has a second factor: send the current code from the authenticator app as otp."
OTP_WRONG = "That code is wrong or was already used; send the newest one."
THROTTLED = "Too many failed attempts for this account or address; try again later."


class TokenObtainApi(APIView):
    """Password and, for an account with a second factor, the current TOTP code (`otp`) → a new token.
    Failures count against the account and the address (casework.login_throttle), as on the web login."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=256, trim_whitespace=False)
        otp = serializers.CharField(max_length=10, required=False)
        # What the token is for, to tell it apart in GET /api/auth/tokens/ (no personal data, please). A
        # declared field, popped by the serializer's metaclass: it does not shadow Field.label at run time.
        label = serializers.CharField(  # type: ignore[assignment]
            max_length=100, required=False, allow_blank=True, default=""
        )

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()

    @extend_schema(
        operation_id="auth_token_create",
        request=InputSerializer,
        # 429: too many failed logins for the account or the address; see the Retry-After header.
        parameters=[errors.RETRY_AFTER],
        responses={200: OutputSerializer, 400: errors.INVALID, 429: errors.THROTTLED},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        address = login_throttle.client_address(request)
        wait = login_throttle.retry_after(username=data["username"], address=address)
        if wait is not None:
            raise exceptions.Throttled(wait=wait, detail=THROTTLED)
        user = authenticate(request, username=data["username"], password=data["password"])
        if user is None:
            login_throttle.failure_record(username=data["username"], address=address)
            raise serializers.ValidationError({"non_field_errors": [BAD_CREDENTIALS]})
        if has_second_factor(user):
            if not data.get("otp"):
                raise serializers.ValidationError({"otp": [OTP_REQUIRED]})
            # Recovery codes are for the web login only: a script must not spend them.
            if second_factor_verify(user=user, code=data["otp"], allow_recovery=False) is None:
                login_throttle.failure_record(username=data["username"], address=address)
                raise serializers.ValidationError({"otp": [OTP_WRONG]})
        elif settings.CASEWORK_REQUIRE_MFA:
            raise serializers.ValidationError({"otp": [MFA_REQUIRED]})
        login_throttle.account_clear(username=user.get_username())
        token = token_create(user=user, label=data["label"], via=VIA_API, address=address)
        return Response({"token": token}, status=status.HTTP_200_OK)


class TokenOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField()
    current = serializers.BooleanField()  # the token this request came with


class TokenListApi(APIView):
    """The caller's own tokens that still work (never their secret)."""

    @extend_schema(
        operation_id="auth_tokens_list", responses={200: TokenOutputSerializer(many=True), **errors.COMMON}
    )
    def get(self, request):
        current = getattr(request.auth, "pk", None)
        rows = [
            {
                "id": token.pk,
                "label": token.label,
                "created_at": token.created_at,
                "last_used_at": token.last_used_at,
                "expires_at": token.expires_at,
                "current": token.pk == current,
            }
            for token in tokens_of(actor=request.user)
        ]
        return Response(TokenOutputSerializer(rows, many=True).data)


class TokenDetailApi(APIView):
    @extend_schema(
        operation_id="auth_tokens_revoke",
        parameters=[OpenApiParameter("token_id", int, OpenApiParameter.PATH)],
        responses={204: None, **errors.WITH_OBJECT},
    )
    def delete(self, request, token_id: str):
        if not (token_id.isascii() and token_id.isdigit()) or len(token_id) > 18:
            raise exceptions.NotFound()
        token_revoke_own(actor=request.user, token_id=int(token_id))  # another user's token: 404
        return Response(status=status.HTTP_204_NO_CONTENT)
