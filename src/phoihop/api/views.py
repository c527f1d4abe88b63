from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phoihop.api.error_responses import errors


class MeSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    full_name = serializers.CharField()
    role = serializers.CharField()
    organization = serializers.CharField(allow_null=True)


class MeView(APIView):
    """The signed-in user: who they are, their organisation and role."""

    @extend_schema(responses={200: MeSerializer, **errors()})
    def get(self, request: Request) -> Response:
        user = request.user
        org = getattr(user, "organization", None)
        data = {
            "username": user.get_username(),
            "full_name": getattr(user, "full_name", ""),
            "role": getattr(user, "role", ""),
            "organization": org.name if org else None,
        }
        return Response(MeSerializer(data).data)
