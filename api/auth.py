"""API tokens: machines exchange a username and password for a token, behind django-axes."""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from .schema import error_responses
from .serializers import TokenRequestSerializer, TokenSerializer
from .throttling import TokenThrottle


class TokenView(GenericAPIView):
    """Get your API token (created on first use). Failed attempts count towards a lockout."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenThrottle]
    serializer_class = TokenRequestSerializer

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **error_responses(400, 429, 503)},
    )
    def post(self, request: Request) -> Response:
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        # axes reads and marks the Django request; its middleware answers a lockout with 429.
        user = authenticate(request._request, **data.validated_data)
        if user is None or not user.is_active:
            raise ValidationError("Unable to log in with these credentials.")
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @extend_schema(request=None, responses={204: None, **error_responses(401)})
    def delete(self, request: Request) -> Response:
        """Revoke the token you are using; the next POST gives a new one."""
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    def get_authenticators(self):
        # DELETE needs to know who asks; POST must not depend on a session or token.
        if self.request is not None and self.request.method == "DELETE":
            return [TokenAuthentication(), SessionAuthentication()]
        return []

    def get_permissions(self):
        if self.request is not None and self.request.method == "DELETE":
            return [IsAuthenticated()]
        return [AllowAny()]
