"""API of the officials registry (issue 12, 1 and 4): the list (search `?q=` without diacritics, keyset pages in
Vietnamese order), one official with its history, registering (POST) and editing (PATCH) one, and the supervision
list. The same rules as the pages (officials.queries / rules / domain): an official the user's body may not see
is a 404."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from phoihop.accounts.types import signed_in
from phoihop.api.error_responses import errors
from phoihop.api.fields import DATE_ERRORS, DATE_FORMATS, PARSERS, id_field
from phoihop.api.pagination import MAX_LIMIT, read_keyset
from phoihop.common.errors import DomainError, NotAllowed
from phoihop.officials import queries, rules
from phoihop.officials.domain import OfficialData, create_official, set_managing_body, update_official
from phoihop.officials.models import Official, OfficialPosition, SupervisionAssignment
from phoihop.organizations.models import Organization

TAG = "officials"
DEFAULT_LIMIT = 50
PAGING = [
    OpenApiParameter("cursor", str, description="Vị trí trang, lấy từ next hoặc previous của trang trước"),
    OpenApiParameter(
        "limit", int, description=f"Số dòng mỗi trang (1–{MAX_LIMIT}, mặc định {DEFAULT_LIMIT})"
    ),
    OpenApiParameter("q", str, description="Tìm theo họ tên, không cần dấu (ví dụ: nguyen van)"),
]


class OrganizationRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


def _org(org: Organization | None) -> dict[str, Any] | None:
    return {"id": org.pk, "name": org.name} if org is not None else None


class OfficialSerializer(serializers.ModelSerializer[Official]):
    workplace = serializers.SerializerMethodField()
    managing_body = serializers.SerializerMethodField()

    class Meta:
        model = Official
        fields = [
            "id",
            "full_name",
            "birth_year",
            "position",
            "is_party_member",
            "workplace",
            "managing_body",
        ]

    @extend_schema(responses=OrganizationRefSerializer(allow_null=True))
    def get_workplace(self, obj: Official) -> dict[str, Any] | None:
        return _org(obj.workplace)

    @extend_schema(responses=OrganizationRefSerializer(allow_null=True))
    def get_managing_body(self, obj: Official) -> dict[str, Any] | None:
        return _org(obj.managing_body)


class PositionSerializer(serializers.ModelSerializer[OfficialPosition]):
    organization = serializers.CharField(source="organization.name")

    class Meta:
        model = OfficialPosition
        fields = ["title", "organization", "started_on", "ended_on"]


class OfficialDetailSerializer(OfficialSerializer):
    party_organization = serializers.SerializerMethodField()
    positions = serializers.SerializerMethodField()
    memberships = serializers.SerializerMethodField()
    supervisors = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()

    class Meta(OfficialSerializer.Meta):
        fields = [
            *OfficialSerializer.Meta.fields,
            "party_organization",
            "managing_basis",
            "positions",
            "memberships",
            "supervisors",
            "can_edit",
        ]

    @extend_schema(responses=OrganizationRefSerializer(allow_null=True))
    def get_party_organization(self, obj: Official) -> dict[str, Any] | None:
        return _org(obj.party_organization)

    @extend_schema(responses=PositionSerializer(many=True))
    def get_positions(self, obj: Official) -> list[dict[str, Any]]:
        return list(PositionSerializer(queries.history_of(obj), many=True).data)

    @extend_schema(responses=serializers.ListField(child=serializers.CharField()))
    def get_memberships(self, obj: Official) -> list[str]:
        return [m.organization.name for m in queries.memberships_of(obj)]

    @extend_schema(responses=serializers.ListField(child=serializers.CharField()))
    def get_supervisors(self, obj: Official) -> list[str]:
        return [s.supervisor.name for s in queries.supervisors_of(obj)]

    def get_can_edit(self, obj: Official) -> bool:
        return rules.can_edit(self.context["request"].user, obj)


class OfficialPageSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = OfficialSerializer(many=True)


class OfficialWriteSerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField(max_length=200)
    birth_year = serializers.IntegerField(required=False, allow_null=True, min_value=1900, max_value=2100)
    position = serializers.CharField(max_length=255, required=False, allow_blank=True)
    workplace_id = id_field(required=False, allow_null=True)
    started_on = serializers.DateField(
        required=False, allow_null=True, input_formats=DATE_FORMATS, error_messages=DATE_ERRORS
    )
    is_party_member = serializers.BooleanField(required=False)
    party_organization_id = id_field(required=False, allow_null=True)
    managing_basis = serializers.CharField(max_length=300, required=False, allow_blank=True)
    managing_body_id = id_field(
        required=False, help_text="PATCH: chuyển sang diện cơ quan khác quản lý (kèm căn cứ managing_basis)"
    )


class SupervisionSerializer(serializers.ModelSerializer[SupervisionAssignment]):
    official = OfficialSerializer()
    supervisor = serializers.CharField(source="supervisor.name")
    listed_with = serializers.CharField(source="listed_with.name", allow_null=True, default=None)

    class Meta:
        model = SupervisionAssignment
        fields = ["id", "official", "supervisor", "listed_with", "basis", "started_on", "ended_on"]


class SupervisionPageSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SupervisionSerializer(many=True)


def _link(request: Request, cursor: str | None) -> str | None:
    return replace_query_param(request.build_absolute_uri(), "cursor", cursor) if cursor else None


def _organization(value: Any, field: str) -> Organization | None:
    if value is None:
        return None
    organization = queries.organization_by_id(value)
    if organization is None:
        raise DomainError(
            "Không có cơ quan, tổ chức này (hoặc đã giải thể).", code="unknown_organization", field=field
        )
    return organization


def _data(values: dict[str, Any], base: Official | None = None) -> OfficialData:
    """The write's values over the official's current ones (PATCH) or the defaults (POST)."""

    def pick(name: str, current: Any) -> Any:
        return values[name] if name in values else current

    workplace = (
        _organization(values["workplace_id"], "workplace_id")
        if "workplace_id" in values
        else (base.workplace if base else None)
    )
    party = (
        _organization(values["party_organization_id"], "party_organization_id")
        if "party_organization_id" in values
        else (base.party_organization if base else None)
    )
    return OfficialData(
        full_name=pick("full_name", base.full_name if base else ""),
        birth_year=pick("birth_year", base.birth_year if base else None),
        position=pick("position", base.position if base else "") or "",
        workplace=workplace,
        is_party_member=pick("is_party_member", base.is_party_member if base else False),
        party_organization=party,
        managing_basis=pick("managing_basis", base.managing_basis if base else "") or "",
        started_on=values.get("started_on"),
    )


class OfficialListView(APIView):
    parser_classes = PARSERS

    @extend_schema(
        operation_id="officials_list",
        summary="Cán bộ, đảng viên cơ quan mình được xem, theo thứ tự chữ cái tiếng Việt (phân trang theo khóa)",
        parameters=PAGING,
        responses={200: OfficialPageSerializer, **errors()},
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        q = request.query_params.get("q", "").strip()[:100]
        page = read_keyset(
            request,
            lambda cursor, limit: queries.official_page(request.user, q, cursor, limit),
            DEFAULT_LIMIT,
        )
        return Response(
            {
                "next": _link(request, page.next),
                "previous": _link(request, page.previous),
                "results": OfficialSerializer(page.rows, many=True).data,
            }
        )

    @extend_schema(
        operation_id="officials_create",
        summary="Thêm cán bộ thuộc diện cơ quan mình quản lý",
        request=OfficialWriteSerializer,
        responses={201: OfficialDetailSerializer, **errors()},
        tags=[TAG],
    )
    def post(self, request: Request) -> Response:
        if not rules.can_register(request.user):
            raise NotAllowed("Chỉ lãnh đạo, chuyên viên hoặc quản trị của cơ quan quản lý được thêm cán bộ.")
        body = OfficialWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        official = create_official(signed_in(request.user), _data(dict(body.validated_data)))
        shown = queries.official_for(request.user, official.pk)
        return Response(OfficialDetailSerializer(shown, context={"request": request}).data, status=201)


class OfficialDetailView(APIView):
    parser_classes = PARSERS

    def _visible(self, request: Request, pk: int) -> Official:
        official = queries.official_for(request.user, pk)
        if official is None:
            raise Http404
        return official

    @extend_schema(
        operation_id="officials_retrieve",
        summary="Hồ sơ một cán bộ: chức vụ, quá trình công tác, diện quản lý, tổ chức tham gia, tổ chức giám sát",
        responses={200: OfficialDetailSerializer, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(
            OfficialDetailSerializer(self._visible(request, pk), context={"request": request}).data
        )

    @extend_schema(
        operation_id="officials_partial_update",
        summary="Sửa hồ sơ cán bộ (cơ quan quản lý); đổi chức vụ hoặc nơi công tác ghi thêm quá trình công tác",
        request=OfficialWriteSerializer(partial=True),
        responses={200: OfficialDetailSerializer, **errors(404)},
        tags=[TAG],
    )
    def patch(self, request: Request, pk: int) -> Response:
        official = self._visible(request, pk)
        body = OfficialWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        actor = signed_in(request.user)
        with transaction.atomic():  # the record and its hand-over together, or neither
            saved = update_official(actor, official, _data(values, official))
            if "managing_body_id" in values and values["managing_body_id"] != saved.managing_body_id:
                target = _organization(values["managing_body_id"], "managing_body_id")
                assert target is not None
                saved = set_managing_body(
                    actor, saved, target, values.get("managing_basis", saved.managing_basis)
                )
        # after a hand-over the body may no longer see the record: the answer is the record as saved
        shown = queries.official_for(request.user, pk) or saved
        return Response(OfficialDetailSerializer(shown, context={"request": request}).data)


class SupervisionListView(APIView):
    @extend_schema(
        operation_id="officials_supervision_list",
        summary="Danh sách cán bộ được giám sát (002 III.1–2, IV.3) cơ quan mình được xem",
        parameters=PAGING,
        responses={200: SupervisionPageSerializer, **errors()},
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        q = request.query_params.get("q", "").strip()[:100]
        page = read_keyset(
            request,
            lambda cursor, limit: queries.supervision_page(request.user, q, cursor, limit),
            DEFAULT_LIMIT,
        )
        return Response(
            {
                "next": _link(request, page.next),
                "previous": _link(request, page.previous),
                "results": SupervisionSerializer(page.rows, many=True).data,
            }
        )


urlpatterns = [
    path("", OfficialListView.as_view(), name="api-official-list"),
    path("supervision/", SupervisionListView.as_view(), name="api-official-supervision"),
    path("<int:pk>/", OfficialDetailView.as_view(), name="api-official-detail"),
]
