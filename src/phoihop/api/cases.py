"""API of cases (issue 12, point 5): the list (filters, keyset pages), a case, opening one, moving its stage,
asking the locality for progress and answering. The same rules as the pages (cases.rules, cases.queries): a
case the user does not see is a 404; an action the user may not take a 403 with its message."""

from __future__ import annotations

from typing import Any

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
from phoihop.cases import queries, rules
from phoihop.cases.domain import actions
from phoihop.cases.models import Case, ProgressRequest
from phoihop.cases.schema import cases_data

TAG = "cases"
DEFAULT_LIMIT = 50


class CaseRowSerializer(serializers.ModelSerializer[Case]):
    locality_name = serializers.CharField(source="locality.name", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "title",
            "category",
            "level",
            "stage",
            "locality",
            "locality_name",
            "opened_on",
            "last_moved_on",
            "stale",
            "closed",
        ]


class ProgressSerializer(serializers.ModelSerializer[ProgressRequest]):
    class Meta:
        model = ProgressRequest
        fields = ["id", "asked_on", "working_days", "due_on", "question", "state", "answer", "answered_on"]


class CaseDetailSerializer(serializers.ModelSerializer[Case]):
    officials = serializers.SerializerMethodField()
    organizations = serializers.SerializerMethodField()
    progress_requests = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "title",
            "summary",
            "category",
            "level",
            "stage",
            "locality",
            "lead",
            "monitor",
            "regulation_code",
            "opened_on",
            "last_moved_on",
            "stale",
            "stale_since",
            "stale_on",
            "closed",
            "closed_on",
            "officials",
            "organizations",
            "progress_requests",
            "events",
            "permissions",
        ]

    def get_officials(self, obj: Case) -> list[dict[str, Any]]:
        return [
            {"official": o.official_id, "full_name": o.official.full_name, "role": o.role, "note": o.note}
            for o in queries.officials_of(obj)
        ]

    def get_organizations(self, obj: Case) -> list[dict[str, Any]]:
        return [
            {"organization": o.organization_id, "name": o.organization.name, "role": o.role}
            for o in queries.organizations_of(obj)
        ]

    def get_progress_requests(self, obj: Case) -> list[dict[str, Any]]:
        return list(ProgressSerializer(queries.progress_requests_of(obj), many=True).data)

    def get_events(self, obj: Case) -> list[dict[str, Any]]:
        return [
            {
                "kind": e.kind,
                "at": e.at.isoformat(),
                "from_stage": e.from_stage,
                "to_stage": e.to_stage,
                "text": e.text,
            }
            for e in queries.events_of(obj)
        ]

    def get_permissions(self, obj: Case) -> dict[str, bool]:
        return rules.case_permissions(self.context["request"].user, obj)


class CasePageSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CaseRowSerializer(many=True)


class OpenSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=300)
    category = serializers.CharField(help_text="Mã loại (data/cases/cases.yaml)")
    level = serializers.CharField(help_text="Mã diện theo dõi (data/cases/cases.yaml)")
    locality = serializers.IntegerField(help_text="Mã cơ quan: cấp ủy xã, phường hoặc huyện")
    monitor = serializers.IntegerField(required=False, allow_null=True, help_text="Ban Chỉ đạo (mã cơ quan)")
    summary = serializers.CharField(required=False, allow_blank=True, default="")


class MoveSerializer(serializers.Serializer[Any]):
    stage = serializers.CharField(help_text="Mã giai đoạn (data/cases/cases.yaml)")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RequestProgressSerializer(serializers.Serializer[Any]):
    question = serializers.CharField()
    working_days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=60)


class AnswerSerializer(serializers.Serializer[Any]):
    answer = serializers.CharField()


def _link(request: Request, cursor: str | None) -> str | None:
    return replace_query_param(request.build_absolute_uri(), "cursor", cursor) if cursor else None


def _case(request: Request, pk: int) -> Case:
    case = queries.case_for(request.user, pk)
    if case is None:
        raise Http404
    return case


def _detail(request: Request, case: Case, status: int = 200) -> Response:
    return Response(CaseDetailSerializer(case, context={"request": request}).data, status=status)


def _filters(request: Request) -> dict[str, Any]:
    data = cases_data()
    q = request.query_params
    f: dict[str, Any] = {}
    for name, known in (("level", data.levels), ("category", data.categories), ("stage", data.stages)):
        if q.get(name) in known:
            f[name] = q[name]
    if (q.get("locality") or "").isdigit():
        f["locality"] = int(q["locality"])
    if q.get("stale") in ("1", "true"):
        f["stale"] = True
    if q.get("closed") in ("0", "1", "true", "false"):
        f["closed"] = q["closed"] in ("1", "true")
    return f


class CaseListView(APIView):
    @extend_schema(
        operation_id="cases_list",
        summary="Vụ án, vụ việc người dùng được xem, mới mở trước (phân trang theo khóa)",
        parameters=[
            OpenApiParameter("level", str, description="Diện theo dõi"),
            OpenApiParameter("locality", int, description="Địa phương (mã cơ quan)"),
            OpenApiParameter("category", str, description="Loại"),
            OpenApiParameter("stage", str, description="Giai đoạn"),
            OpenApiParameter("stale", bool, description="Chỉ vụ chậm tiến độ"),
            OpenApiParameter("closed", bool, description="Đã kết thúc hay chưa"),
            OpenApiParameter("cursor", str, description="Vị trí trang, lấy từ next của trang trước"),
            OpenApiParameter("limit", int, description=f"Số dòng mỗi trang (1–{MAX_LIMIT})"),
        ],
        responses={200: CasePageSerializer, **errors()},
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        filters = _filters(request)
        page = read_keyset(
            request,
            lambda cursor, limit: queries.case_page(request.user, filters, cursor, limit),
            DEFAULT_LIMIT,
        )
        return Response(
            {
                "next": _link(request, page.next),
                "previous": _link(request, page.previous),
                "results": CaseRowSerializer(page.rows, many=True).data,
            }
        )

    @extend_schema(
        operation_id="cases_open",
        summary="Mở theo dõi một vụ án, vụ việc (Ban Nội chính Tỉnh ủy)",
        request=OpenSerializer,
        responses={201: CaseDetailSerializer, **errors()},
        tags=[TAG],
    )
    def post(self, request: Request) -> Response:
        s = OpenSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        case = actions.open_case(
            signed_in(request.user),
            title=v["title"],
            category=v["category"],
            level=v["level"],
            locality=queries.organization_by_id(v["locality"]),
            monitor=queries.organization_by_id(v.get("monitor")),
            summary=v["summary"],
        )
        return _detail(request, case, 201)


class CaseDetailView(APIView):
    @extend_schema(
        operation_id="cases_retrieve",
        summary="Một vụ án, vụ việc: giai đoạn, cán bộ, cơ quan liên quan, yêu cầu báo cáo tiến độ, quá trình",
        responses={200: CaseDetailSerializer, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return _detail(request, _case(request, pk))


class CaseMoveView(APIView):
    @extend_schema(
        operation_id="cases_move",
        summary="Chuyển giai đoạn (chỉ các bước dữ liệu cho phép)",
        request=MoveSerializer,
        responses={200: CaseDetailSerializer, **errors(404, 409)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        case = _case(request, pk)
        s = MoveSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        actions.move_stage(signed_in(request.user), case, s.validated_data["stage"], s.validated_data["note"])
        return _detail(request, case)


class CaseProgressView(APIView):
    @extend_schema(
        operation_id="cases_request_progress",
        summary="Yêu cầu địa phương báo cáo tiến độ (thời hạn tính theo ngày làm việc)",
        request=RequestProgressSerializer,
        responses={201: ProgressSerializer, **errors(404)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        case = _case(request, pk)
        s = RequestProgressSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        progress = actions.request_progress(
            signed_in(request.user), case, s.validated_data["question"], s.validated_data.get("working_days")
        )
        return Response(ProgressSerializer(progress).data, status=201)


class ProgressAnswerView(APIView):
    @extend_schema(
        operation_id="cases_answer_progress",
        summary="Địa phương báo cáo tiến độ theo yêu cầu",
        request=AnswerSerializer,
        responses={200: ProgressSerializer, **errors(404, 409)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        progress = queries.progress_request_for(request.user, pk)
        if progress is None:
            raise Http404
        s = AnswerSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        actions.answer_progress(signed_in(request.user), progress, s.validated_data["answer"])
        return Response(ProgressSerializer(progress).data)


urlpatterns = [
    path("", CaseListView.as_view(), name="api-case-list"),
    path("<int:pk>/", CaseDetailView.as_view(), name="api-case-detail"),
    path("<int:pk>/move/", CaseMoveView.as_view(), name="api-case-move"),
    path("<int:pk>/progress/", CaseProgressView.as_view(), name="api-case-progress"),
    path("progress/<int:pk>/answer/", ProgressAnswerView.as_view(), name="api-case-answer"),
]
