"""API of protected identities (issue 13, point 5), under /api/v1/identities/: the identities a body keeps and
their protection requests (its custodians only: 404 for anyone else), a custodian's reading (POST with a reason:
one audit event, the identity in that response only, `Cache-Control: no-store`), and the custodians a body's
leaders designate. The same rules as the pages (identities.rules, identities.queries)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
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
from phoihop.api.pagination import MAX_LIMIT, read_keyset
from phoihop.identities import queries, rules
from phoihop.identities.domain import actions
from phoihop.identities.models import Custodian, Identity, ProtectionRequest

TAG = "identities"
DEFAULT_LIMIT = 50
NO_STORE = "no-store, no-cache, must-revalidate, private, max-age=0"


class IdentityRowSerializer(serializers.ModelSerializer[Identity]):
    class Meta:
        model = Identity
        fields = ["id", "handle", "metadata_only", "created_at"]


class ProtectionSerializer(serializers.ModelSerializer[ProtectionRequest]):
    handle = serializers.CharField(source="identity.handle", read_only=True)

    class Meta:
        model = ProtectionRequest
        fields = [
            "id",
            "identity",
            "handle",
            "requested_on",
            "measures_requested",
            "measures_taken",
            "follow_up_on",
            "follow_up_note",
            "state",
            "decided_on",
            "ended_on",
            "end_reason",
        ]


class IdentityDetailSerializer(serializers.ModelSerializer[Identity]):
    protection_requests = serializers.SerializerMethodField()

    class Meta:
        model = Identity
        fields = ["id", "handle", "metadata_only", "created_at", "protection_requests"]

    def get_protection_requests(self, obj: Identity) -> list[dict[str, Any]]:
        rows = list(queries.protection_requests_of(obj))
        for r in rows:
            r.identity = obj
        return list(ProtectionSerializer(rows, many=True).data)


class IdentityPageSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = IdentityRowSerializer(many=True)


class ProtectionPageSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ProtectionSerializer(many=True)


class IdentityReadSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(min_length=rules.MIN_REASON, max_length=500)


class IdentityRevealedSerializer(serializers.Serializer[Any]):
    handle = serializers.CharField()
    name = serializers.CharField()
    address = serializers.CharField(allow_blank=True)
    contact = serializers.CharField(allow_blank=True)


class OpenProtectionSerializer(serializers.Serializer[Any]):
    requested_on = serializers.DateField()
    measures_requested = serializers.CharField()
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)


class ProtectionApplySerializer(serializers.Serializer[Any]):
    measures_taken = serializers.CharField()
    follow_up_on = serializers.DateField()


class ProtectionFollowUpSerializer(serializers.Serializer[Any]):
    note = serializers.CharField()
    follow_up_on = serializers.DateField()


class ProtectionEndSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


class CustodianSerializer(serializers.ModelSerializer[Custodian]):
    user_name = serializers.CharField(source="user.__str__", read_only=True)

    class Meta:
        model = Custodian
        fields = ["id", "user", "user_name", "designated_on", "ended_on"]


class CustodianDesignateSerializer(serializers.Serializer[Any]):
    user = serializers.IntegerField(help_text="Mã người dùng của cơ quan")


def _link(request: Request, cursor: str | None) -> str | None:
    return replace_query_param(request.build_absolute_uri(), "cursor", cursor) if cursor else None


def _identity(request: Request, pk: int) -> Identity:
    identity = queries.identity_for(request.user, pk)
    if identity is None:
        raise Http404
    return identity


def _protection(request: Request, pk: int) -> ProtectionRequest:
    row = queries.protection_for(request.user, pk)
    if row is None:
        raise Http404
    return row


PAGING = [
    OpenApiParameter("cursor", str, description="Vị trí trang, lấy từ next của trang trước"),
    OpenApiParameter("limit", int, description=f"Số dòng mỗi trang (1–{MAX_LIMIT})"),
]


class IdentityListView(APIView):
    @extend_schema(
        operation_id="identities_list",
        summary="Danh tính cơ quan lưu giữ (chỉ bí danh; chỉ người quản lý danh tính), mới trước",
        parameters=PAGING,
        responses={200: IdentityPageSerializer, **errors()},
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        page = read_keyset(
            request, lambda cursor, limit: queries.identity_page(request.user, cursor, limit), DEFAULT_LIMIT
        )
        return Response(
            {
                "next": _link(request, page.next),
                "previous": None,
                "results": IdentityRowSerializer(page.rows, many=True).data,
            }
        )


class IdentityDetailView(APIView):
    @extend_schema(
        operation_id="identities_retrieve",
        summary="Một danh tính (bí danh) và các yêu cầu bảo vệ; không có họ tên",
        responses={200: IdentityDetailSerializer, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(IdentityDetailSerializer(_identity(request, pk)).data)


class IdentityReadView(APIView):
    @extend_schema(
        operation_id="identities_read",
        summary="Đọc danh tính (người quản lý danh tính, nêu lý do ≥ 10 ký tự; ghi nhật ký; không lưu đệm)",
        request=IdentityReadSerializer,
        responses={200: IdentityRevealedSerializer, **errors(404)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        identity = _identity(request, pk)
        s = IdentityReadSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        person = actions.read_identity(signed_in(request.user), identity, s.validated_data["reason"])
        response = Response(
            {
                "handle": identity.handle,
                "name": person.name,
                "address": person.address,
                "contact": person.contact,
            }
        )
        response["Cache-Control"] = NO_STORE
        return response


class ProtectionListView(APIView):
    @extend_schema(
        operation_id="identities_protection_list",
        summary="Yêu cầu bảo vệ của cơ quan (chỉ người quản lý danh tính), mới trước",
        parameters=PAGING,
        responses={200: ProtectionPageSerializer, **errors()},
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        page = read_keyset(
            request, lambda cursor, limit: queries.protection_page(request.user, cursor, limit), DEFAULT_LIMIT
        )
        return Response(
            {
                "next": _link(request, page.next),
                "previous": None,
                "results": ProtectionSerializer(page.rows, many=True).data,
            }
        )


class ProtectionOpenView(APIView):
    @extend_schema(
        operation_id="identities_protection_open",
        summary="Ghi nhận yêu cầu bảo vệ người tố cáo",
        request=OpenProtectionSerializer,
        responses={201: ProtectionSerializer, **errors(404)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        identity = _identity(request, pk)
        s = OpenProtectionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        row = actions.open_protection(signed_in(request.user), identity, **s.validated_data)
        return Response(ProtectionSerializer(row).data, status=201)


def _protection_action(serializer: type[serializers.Serializer[Any]], run: Any, op: str, summary: str) -> Any:
    class View(APIView):
        @extend_schema(
            operation_id=op,
            summary=summary,
            request=serializer,
            responses={200: ProtectionSerializer, **errors(404, 409)},
            tags=[TAG],
        )
        def post(self, request: Request, pk: int) -> Response:
            row = _protection(request, pk)
            s = serializer(data=request.data)
            s.is_valid(raise_exception=True)
            run(signed_in(request.user), row, **s.validated_data)
            fresh = _protection(request, pk)
            return Response(ProtectionSerializer(fresh).data)

    View.__name__ = View.__qualname__ = "".join(w.title() for w in op.split("_")) + "View"
    return View


ProtectionApplyView = _protection_action(
    ProtectionApplySerializer,
    actions.apply_protection,
    "identities_protection_apply",
    "Áp dụng biện pháp bảo vệ",
)
ProtectionFollowUpView = _protection_action(
    ProtectionFollowUpSerializer,
    actions.follow_up_protection,
    "identities_protection_follow_up",
    "Ghi kết quả theo dõi việc bảo vệ và hạn theo dõi tiếp",
)
ProtectionEndView = _protection_action(
    ProtectionEndSerializer, actions.end_protection, "identities_protection_end", "Kết thúc việc bảo vệ"
)


class CustodianListView(APIView):
    @extend_schema(
        operation_id="identities_custodians_list",
        summary="Người quản lý danh tính của cơ quan (lãnh đạo, quản trị tổ chức)",
        responses={200: CustodianSerializer(many=True), **errors()},
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        if not rules.manages_custodians(request.user):
            raise PermissionDenied(actions.NOT_MANAGER)
        return Response(CustodianSerializer(queries.custodians_of(request.user), many=True).data)

    @extend_schema(
        operation_id="identities_custodians_designate",
        summary="Giao một người của cơ quan quản lý danh tính",
        request=CustodianDesignateSerializer,
        responses={201: CustodianSerializer, **errors()},
        tags=[TAG],
    )
    def post(self, request: Request) -> Response:
        actor = signed_in(request.user)
        s = CustodianDesignateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        custodian = actions.designate_custodian(actor, queries.member_by_id(actor, s.validated_data["user"]))
        return Response(CustodianSerializer(custodian).data, status=201)


class CustodianEndView(APIView):
    @extend_schema(
        operation_id="identities_custodians_end",
        summary="Thôi giao quản lý danh tính",
        request=None,
        responses={200: CustodianSerializer, **errors(404)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        custodian = queries.custodian_for(request.user, pk)
        if custodian is None:
            raise Http404
        actions.end_custodian(signed_in(request.user), custodian)
        return Response(CustodianSerializer(custodian).data)


urlpatterns = [
    path("", IdentityListView.as_view(), name="api-identity-list"),
    path("<int:pk>/", IdentityDetailView.as_view(), name="api-identity-detail"),
    path("<int:pk>/read/", IdentityReadView.as_view(), name="api-identity-read"),
    path("<int:pk>/protection/", ProtectionOpenView.as_view(), name="api-identity-protection-open"),
    path("protection/", ProtectionListView.as_view(), name="api-identity-protection-list"),
    path("protection/<int:pk>/apply/", ProtectionApplyView.as_view(), name="api-identity-protection-apply"),
    path(
        "protection/<int:pk>/follow-up/",
        ProtectionFollowUpView.as_view(),
        name="api-identity-protection-follow-up",
    ),
    path("protection/<int:pk>/end/", ProtectionEndView.as_view(), name="api-identity-protection-end"),
    path("custodians/", CustodianListView.as_view(), name="api-custodian-list"),
    path("custodians/<int:pk>/end/", CustodianEndView.as_view(), name="api-custodian-end"),
]
