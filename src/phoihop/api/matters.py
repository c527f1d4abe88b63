"""API of one matter across bodies (issue 13, point 4): a matter with each body's part, the duplicate proposals of
a petition, linking and unlinking. The same rules as the pages (petitions.domain.matters): a matter the user's body
holds no petition of, or a petition of another body, is a 404; of another body's petitions only the body, the
register code, the date received and the state are given, never a title or a content."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phoihop.accounts.types import Viewer, signed_in
from phoihop.api.error_responses import errors
from phoihop.api.fields import id_field
from phoihop.common.errors import NotAllowed
from phoihop.petitions import matching
from phoihop.petitions.domain import matters
from phoihop.petitions.models import Matter, Petition

TAG = "matters"


class MatterPetitionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    register_code = serializers.CharField()
    received_on = serializers.DateField()
    state = serializers.CharField()
    kind = serializers.CharField(required=False, help_text="Chỉ với đơn của cơ quan mình")
    title = serializers.CharField(required=False, help_text="Chỉ với đơn của cơ quan mình")


class MatterPartSerializer(serializers.Serializer[Any]):
    organization = serializers.IntegerField()
    organization_name = serializers.CharField()
    own = serializers.BooleanField(help_text="Phần của cơ quan người dùng")
    petitions = MatterPetitionSerializer(many=True)


class MatterSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    parts = MatterPartSerializer(many=True)


class MatterCandidateSerializer(serializers.Serializer[Any]):
    petition = serializers.IntegerField()
    organization = serializers.IntegerField()
    organization_name = serializers.CharField()
    register_code = serializers.CharField()
    received_on = serializers.DateField()
    state = serializers.CharField()


class MatterProposalSerializer(serializers.Serializer[Any]):
    matter = serializers.IntegerField(
        allow_null=True, help_text="Vụ việc chung (trống: đơn chưa thuộc vụ việc nào)"
    )
    score = serializers.FloatField(help_text="Mức giống nhau, 0–1")
    petitions = MatterCandidateSerializer(many=True)


class MatterProposalsSerializer(serializers.Serializer[Any]):
    matter = serializers.IntegerField(allow_null=True, help_text="Vụ việc chung của đơn (nếu có)")
    proposals = MatterProposalSerializer(many=True)


class MatterLinkSerializer(serializers.Serializer[Any]):
    matter = id_field(required=False, allow_null=True, help_text="Gắn vào vụ việc chung này")
    petition = id_field(
        required=False, allow_null=True, help_text="hoặc gắn với đơn này (lập vụ việc chung nếu đơn chưa có)"
    )


def matter_data(user: Viewer, matter: Matter) -> dict[str, Any]:
    org = user.organization_id if user.is_authenticated else None
    by_body: dict[int, dict[str, Any]] = {}
    for p in matters.parts_of(matter):
        own = p.organization_id == org
        part = by_body.setdefault(
            p.organization_id,
            {
                "organization": p.organization_id,
                "organization_name": p.organization.name,
                "own": own,
                "petitions": [],
            },
        )
        row: dict[str, Any] = {
            "id": p.pk,
            "register_code": p.register_code,
            "received_on": p.received_on,
            "state": p.state,
        }
        if own:
            row |= {"kind": p.kind, "title": p.title}
        part["petitions"].append(row)
    parts = sorted(by_body.values(), key=lambda part: not part["own"])
    return {"id": matter.pk, "parts": parts}


def _matter(request: Request, pk: int) -> Matter:
    matter = matters.matter_for(request.user, pk)
    if matter is None:
        raise Http404
    return matter


def _petition(request: Request, pk: int) -> Petition:
    petition = matters.own_petition(request.user, pk)
    if petition is None:
        raise Http404
    return petition


def _matter_response(request: Request, matter: Matter) -> Response:
    return Response(MatterSerializer(matter_data(request.user, matter)).data)


class MatterDetailView(APIView):
    @extend_schema(
        operation_id="matters_retrieve",
        summary="Một vụ việc chung: phần của từng cơ quan (của cơ quan khác chỉ số vào sổ, ngày nhận, trạng thái)",
        responses={200: MatterSerializer, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return _matter_response(request, _matter(request, pk))


class CandidatesView(APIView):
    @extend_schema(
        operation_id="matters_candidates",
        summary="Các vụ việc mà đơn của cơ quan mình có thể trùng (đề xuất gắn vào vụ việc chung)",
        responses={200: MatterProposalsSerializer, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        petition = _petition(request, pk)
        if not matters.may_link(request.user, petition):
            raise NotAllowed(matters.NOT_ALLOWED)
        proposals = [
            {
                "matter": p.matter_id,
                "score": p.score,
                "petitions": [
                    {
                        "petition": c.petition_id,
                        "organization": c.organization_id,
                        "organization_name": c.organization_name,
                        "register_code": c.register_code,
                        "received_on": c.received_on,
                        "state": c.state,
                    }
                    for c in p.petitions
                ],
            }
            for p in matching.candidates(petition)
        ]
        return Response(
            MatterProposalsSerializer({"matter": petition.matter_id, "proposals": proposals}).data
        )


class LinkView(APIView):
    @extend_schema(
        operation_id="matters_link",
        summary="Gắn đơn của cơ quan mình vào vụ việc chung (hoặc với một đơn được đề xuất là trùng)",
        request=MatterLinkSerializer,
        responses={200: MatterSerializer, **errors(404, 409)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        petition = _petition(request, pk)
        s = MatterLinkSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        matter = matters.link_by_id(
            petition,
            actor=signed_in(request.user),
            matter_id=s.validated_data.get("matter"),
            petition_id=s.validated_data.get("petition"),
        )
        return _matter_response(request, matter)


class UnlinkView(APIView):
    @extend_schema(
        operation_id="matters_unlink",
        summary="Gỡ đơn của cơ quan mình khỏi vụ việc chung",
        request=None,
        responses={204: None, **errors(404, 409)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        petition = _petition(request, pk)
        matters.unlink(petition, actor=signed_in(request.user))
        return Response(status=204)


urlpatterns = [
    path("<int:pk>/", MatterDetailView.as_view(), name="api-matter-detail"),
    path("petitions/<int:pk>/candidates/", CandidatesView.as_view(), name="api-matter-candidates"),
    path("petitions/<int:pk>/link/", LinkView.as_view(), name="api-matter-link"),
    path("petitions/<int:pk>/unlink/", UnlinkView.as_view(), name="api-matter-unlink"),
]
