"""API of citizen reception by party secretaries (issue 13, point 6): the sessions (keyset pages) and recording
one, a session with its matters, visitors' handles and follow-ups, the written answer, follow-ups, the schedule of
a month with the minimum check and adding or cancelling a day, and the figures of a period for the reports. The
same rules as the pages (reception.rules, reception.queries): what the user does not see is a 404; an action
the user may not take a 403 with its message."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from phoihop.accounts.types import signed_in
from phoihop.api.error_responses import errors
from phoihop.api.pagination import MAX_LIMIT, read_keyset
from phoihop.common.clock import local_date
from phoihop.identities.domain.protect import Person
from phoihop.reception import queries, rules
from phoihop.reception.domain import actions
from phoihop.reception.models import FollowUp, PlannedDay, ReceptionSession

TAG = "reception"
DEFAULT_LIMIT = 50


class SessionRowSerializer(serializers.ModelSerializer[ReceptionSession]):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    secretary = serializers.CharField(source="secretary_name", read_only=True)

    class Meta:
        model = ReceptionSession
        fields = [
            "id",
            "organization",
            "organization_name",
            "kind",
            "held_on",
            "secretary",
            "people_count",
            "matters_count",
            "answer_state",
            "answer_due_on",
            "answer_sent_on",
        ]


class FollowUpSerializer(serializers.ModelSerializer[FollowUp]):
    class Meta:
        model = FollowUp
        fields = ["id", "task", "responsible", "due_on", "state", "done_on", "result"]


class SessionDetailSerializer(SessionRowSerializer):
    visitors = serializers.SerializerMethodField(help_text="Bí danh của danh tính được bảo vệ")
    matters = serializers.SerializerMethodField()
    followups = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()

    class Meta(SessionRowSerializer.Meta):
        fields = [
            *SessionRowSerializer.Meta.fields,
            "place",
            "conclusions",
            "answer_rule",
            "answer_number",
            "answer_summary",
            "visitors",
            "matters",
            "followups",
            "permissions",
        ]

    def get_visitors(self, obj: ReceptionSession) -> list[str]:
        return [v.identity.handle for v in queries.visitors_of(obj)]

    def get_matters(self, obj: ReceptionSession) -> list[str]:
        return [m.text for m in queries.matters_of(obj)]

    def get_followups(self, obj: ReceptionSession) -> list[dict[str, Any]]:
        return list(FollowUpSerializer(queries.followups_of(obj), many=True).data)

    def get_permissions(self, obj: ReceptionSession) -> dict[str, bool]:
        return rules.session_permissions(self.context["request"].user, obj)


class SessionPageSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SessionRowSerializer(many=True)


class VisitorSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=300)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    contact = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RecordSerializer(serializers.Serializer[Any]):
    held_on = serializers.DateField()
    people_count = serializers.IntegerField(min_value=1, max_value=10_000)
    visitors = VisitorSerializer(many=True, required=False, default=list)
    matters = serializers.ListField(child=serializers.CharField(), min_length=1)
    conclusions = serializers.CharField(required=False, allow_blank=True, default="")
    answered_on_spot = serializers.BooleanField(required=False, default=False)
    secretary_user = serializers.IntegerField(required=False, allow_null=True, default=None)
    secretary_official = serializers.IntegerField(required=False, allow_null=True, default=None)
    place = serializers.CharField(required=False, allow_blank=True, default="")


class ReceptionAnswerSerializer(serializers.Serializer[Any]):
    sent_on = serializers.DateField()
    number = serializers.CharField(max_length=60)
    summary = serializers.CharField()


class AddFollowUpSerializer(serializers.Serializer[Any]):
    task = serializers.CharField()
    responsible = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    due_on = serializers.DateField()


class CloseFollowUpSerializer(serializers.Serializer[Any]):
    result = serializers.CharField()


class DaySerializer(serializers.ModelSerializer[PlannedDay]):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    secretary = serializers.CharField(source="secretary_name", read_only=True)

    class Meta:
        model = PlannedDay
        fields = ["id", "organization", "organization_name", "day", "secretary", "place", "state"]


class MonthCheckSerializer(serializers.Serializer[Any]):
    month = serializers.CharField()
    planned = serializers.IntegerField()
    minimum = serializers.IntegerField(allow_null=True)
    below = serializers.BooleanField()
    article = serializers.CharField(allow_blank=True)


class DayPageSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    check = MonthCheckSerializer(allow_null=True)
    results = DaySerializer(many=True)


class PlanSerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    secretary_user = serializers.IntegerField(required=False, allow_null=True, default=None)
    secretary_official = serializers.IntegerField(required=False, allow_null=True, default=None)
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class CancelSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=1000)


class FiguresSerializer(serializers.Serializer[Any]):
    sessions = serializers.IntegerField()
    periodic = serializers.IntegerField()
    people = serializers.IntegerField()
    matters = serializers.IntegerField()
    answers_due = serializers.IntegerField()
    answered_on_spot = serializers.IntegerField()
    answers_on_time = serializers.IntegerField()
    answers_late = serializers.IntegerField()
    answers_waiting = serializers.IntegerField()


def _link(request: Request, cursor: str | None) -> str | None:
    return replace_query_param(request.build_absolute_uri(), "cursor", cursor) if cursor else None


def _session(request: Request, pk: int) -> ReceptionSession:
    session = queries.session_for(request.user, pk)
    if session is None:
        raise Http404
    return session


def _detail(request: Request, session: ReceptionSession, status: int = 200) -> Response:
    return Response(SessionDetailSerializer(session, context={"request": request}).data, status=status)


def _month(request: Request) -> dt.date:
    text = request.query_params.get("month", "")
    if not text:
        return local_date(timezone.now()).replace(day=1)
    try:
        return dt.date.fromisoformat(f"{text}-01")
    except ValueError as exc:
        raise ValidationError({"month": ["Tháng không hợp lệ: hãy ghi theo dạng YYYY-MM."]}) from exc


class SessionListView(APIView):
    @extend_schema(
        operation_id="reception_sessions_list",
        summary="Các buổi tiếp dân người dùng được xem, mới nhất trước (phân trang theo khóa)",
        parameters=[
            OpenApiParameter("cursor", str, description="Vị trí trang, lấy từ next của trang trước"),
            OpenApiParameter("limit", int, description=f"Số dòng mỗi trang (1–{MAX_LIMIT})"),
        ],
        responses={200: SessionPageSerializer, **errors()},
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        page = read_keyset(
            request, lambda cursor, limit: queries.session_page(request.user, cursor, limit), DEFAULT_LIMIT
        )
        return Response(
            {
                "next": _link(request, page.next),
                "previous": _link(request, page.previous),
                "results": SessionRowSerializer(page.rows, many=True).data,
            }
        )

    @extend_schema(
        operation_id="reception_sessions_record",
        summary="Ghi nhận một buổi tiếp dân (danh tính người đến được bảo vệ, chỉ trả về bí danh)",
        request=RecordSerializer,
        responses={201: SessionDetailSerializer, **errors()},
        tags=[TAG],
    )
    def post(self, request: Request) -> Response:
        actor = signed_in(request.user)
        s = RecordSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        session = actions.record_session(
            actor,
            held_on=v["held_on"],
            people_count=v["people_count"],
            visitors=[Person(p["name"], p["address"], p["contact"]) for p in v["visitors"]],
            matters=v["matters"],
            conclusions=v["conclusions"],
            answered_on_spot=v["answered_on_spot"],
            secretary_user=queries.user_by_id(actor, v["secretary_user"]),
            secretary_official=queries.official_by_id(actor, v["secretary_official"]),
            place=v["place"],
        )
        return _detail(request, session, 201)


class SessionDetailView(APIView):
    @extend_schema(
        operation_id="reception_sessions_retrieve",
        summary="Một buổi tiếp dân: nội dung, kết luận, trả lời bằng văn bản, việc sau buổi tiếp",
        responses={200: SessionDetailSerializer, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return _detail(request, _session(request, pk))


class AnswerView(APIView):
    @extend_schema(
        operation_id="reception_sessions_answer",
        summary="Ghi nhận văn bản trả lời người được tiếp",
        request=ReceptionAnswerSerializer,
        responses={200: SessionDetailSerializer, **errors(404, 409)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        session = _session(request, pk)
        s = ReceptionAnswerSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        actions.send_answer(
            signed_in(request.user), session, sent_on=v["sent_on"], number=v["number"], summary=v["summary"]
        )
        return _detail(request, _session(request, pk))


class FollowUpView(APIView):
    @extend_schema(
        operation_id="reception_followups_add",
        summary="Giao việc sau buổi tiếp dân, có hạn",
        request=AddFollowUpSerializer,
        responses={201: FollowUpSerializer, **errors(404)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        session = _session(request, pk)
        s = AddFollowUpSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        followup = actions.add_followup(
            signed_in(request.user), session, task=v["task"], due_on=v["due_on"], responsible=v["responsible"]
        )
        return Response(FollowUpSerializer(followup).data, status=201)


class FollowUpCloseView(APIView):
    @extend_schema(
        operation_id="reception_followups_close",
        summary="Ghi nhận kết quả việc sau buổi tiếp dân",
        request=CloseFollowUpSerializer,
        responses={200: FollowUpSerializer, **errors(404, 409)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        followup = queries.followup_for(request.user, pk)
        if followup is None:
            raise Http404
        s = CloseFollowUpSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        actions.close_followup(signed_in(request.user), followup, s.validated_data["result"])
        followup.refresh_from_db()
        return Response(FollowUpSerializer(followup).data)


class DayListView(APIView):
    @extend_schema(
        operation_id="reception_days_list",
        summary="Lịch tiếp dân của một tháng (các cấp ủy người dùng được xem) và kiểm tra mức tối thiểu của "
        "cấp ủy mình",
        parameters=[
            OpenApiParameter("month", str, description="Tháng, dạng YYYY-MM (mặc định: tháng này)"),
            OpenApiParameter("cursor", str, description="Vị trí trang, lấy từ next của trang trước"),
            OpenApiParameter("limit", int, description=f"Số dòng mỗi trang (1–{MAX_LIMIT})"),
        ],
        responses={200: DayPageSerializer, **errors()},
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        month = _month(request)
        page = read_keyset(
            request, lambda cursor, limit: queries.day_page(request.user, month, cursor, limit), DEFAULT_LIMIT
        )
        actor = signed_in(request.user)
        check = None
        if rules.keeps_reception(actor.organization) and actor.organization is not None:
            c = queries.month_check(actor.organization, month)
            check = {
                "month": f"{month:%Y-%m}",
                "planned": c.planned,
                "minimum": c.minimum.days_per_month if c.minimum else None,
                "below": c.below,
                "article": c.minimum.article if c.minimum else "",
            }
        return Response(
            {
                "next": _link(request, page.next),
                "previous": _link(request, page.previous),
                "check": check,
                "results": DaySerializer(page.rows, many=True).data,
            }
        )

    @extend_schema(
        operation_id="reception_days_plan",
        summary="Thêm một ngày vào lịch tiếp dân của cấp ủy mình",
        request=PlanSerializer,
        responses={201: DaySerializer, **errors()},
        tags=[TAG],
    )
    def post(self, request: Request) -> Response:
        actor = signed_in(request.user)
        s = PlanSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        planned = actions.plan_day(
            actor,
            v["day"],
            secretary_user=queries.user_by_id(actor, v["secretary_user"]),
            secretary_official=queries.official_by_id(actor, v["secretary_official"]),
            place=v["place"],
        )
        return Response(DaySerializer(planned).data, status=201)


class DayCancelView(APIView):
    @extend_schema(
        operation_id="reception_days_cancel",
        summary="Hủy một ngày của lịch tiếp dân (nêu lý do)",
        request=CancelSerializer,
        responses={200: DaySerializer, **errors(404, 409)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        planned = queries.day_for(request.user, pk)
        if planned is None:
            raise Http404
        s = CancelSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        actions.cancel_day(signed_in(request.user), planned, s.validated_data["reason"])
        planned.refresh_from_db()
        return Response(DaySerializer(planned).data)


class FiguresView(APIView):
    @extend_schema(
        operation_id="reception_figures",
        summary="Số liệu tiếp dân của cấp ủy mình trong một kỳ (cho báo cáo định kỳ)",
        parameters=[
            OpenApiParameter("from", dt.date, required=True, description="Ngày đầu kỳ (YYYY-MM-DD)"),
            OpenApiParameter("to", dt.date, required=True, description="Ngày cuối kỳ (YYYY-MM-DD)"),
        ],
        responses={200: FiguresSerializer, **errors()},
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        actor = signed_in(request.user)
        if actor.organization_id is None or not rules.keeps_reception(actor.organization):
            raise PermissionDenied("Chỉ cấp ủy tổ chức tiếp dân có số liệu tiếp dân.")
        try:
            first = dt.date.fromisoformat(request.query_params.get("from", ""))
            last = dt.date.fromisoformat(request.query_params.get("to", ""))
        except ValueError as exc:
            raise ValidationError({"from": ["Hãy ghi kỳ theo dạng YYYY-MM-DD (from, to)."]}) from exc
        if last < first:
            raise ValidationError({"to": ["Ngày cuối kỳ phải từ ngày đầu kỳ trở đi."]})
        return Response(queries.figures(actor.organization_id, (first, last)))


urlpatterns = [
    path("", SessionListView.as_view(), name="api-reception-list"),
    path("<int:pk>/", SessionDetailView.as_view(), name="api-reception-session"),
    path("<int:pk>/answer/", AnswerView.as_view(), name="api-reception-answer"),
    path("<int:pk>/followups/", FollowUpView.as_view(), name="api-reception-followup"),
    path("followups/<int:pk>/close/", FollowUpCloseView.as_view(), name="api-reception-followup-close"),
    path("days/", DayListView.as_view(), name="api-reception-days"),
    path("days/<int:pk>/cancel/", DayCancelView.as_view(), name="api-reception-cancel-day"),
    path("figures/", FiguresView.as_view(), name="api-reception-figures"),
]
