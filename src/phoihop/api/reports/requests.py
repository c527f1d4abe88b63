"""Ad hoc and thematic report requests: the ones the user's body made, and a new one to one or many bodies (due
on a date or within N working days)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from phoihop.accounts.types import signed_in
from phoihop.api.error_responses import errors
from phoihop.api.fields import DATE_ERRORS, DATE_FORMATS, PARSERS, EnumField, enum, id_field
from phoihop.common.errors import DomainError
from phoihop.organizations.models import Organization
from phoihop.regulations import queries as regulation_queries
from phoihop.reports import queries
from phoihop.reports.domain import actions
from phoihop.reports.enums import SlotOrigin, SlotState
from phoihop.reports.models import ReportRequest, ReportSlot

from .common import TAG, serializer_context, today, valid
from .serializers import PunctualityMixin, ReportOrganizationSerializer

# --- output ------------------------------------------------------------------------------------------


class ReportRequestSlotSerializer(PunctualityMixin, serializers.ModelSerializer[ReportSlot]):
    reporter = ReportOrganizationSerializer()
    state = enum(SlotState, "ReportSlotStateEnum")
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = ReportSlot
        fields = [
            "id",
            "reporter",
            "state",
            "state_label",
            "punctuality",
            "punctuality_label",
            "late",
            "first_sent_at",
        ]


class ReportRequestSerializer(serializers.ModelSerializer[ReportRequest]):
    origin = enum(SlotOrigin, "ReportOriginEnum")
    origin_label = serializers.CharField(source="get_origin_display")
    regulation = serializers.CharField(source="regulation.code", allow_null=True, default=None)
    obligation = serializers.CharField(source="obligation.code", allow_null=True, default=None)
    obligation_id = serializers.IntegerField(allow_null=True)
    receiver = ReportOrganizationSerializer()
    created_by = serializers.CharField(source="created_by.full_name")
    slots = ReportRequestSlotSerializer(many=True)

    class Meta:
        model = ReportRequest
        fields = [
            "id",
            "origin",
            "origin_label",
            "subject",
            "body",
            "regulation",
            "obligation",
            "obligation_id",
            "receiver",
            "due_on",
            "due_working_days",
            "due_rule",
            "created_by",
            "created_at",
            "slots",
        ]


# --- input -------------------------------------------------------------------------------------------


class ReportRequestCreateSerializer(serializers.Serializer[Any]):
    origin = EnumField(
        [
            (SlotOrigin.AD_HOC.value, SlotOrigin.AD_HOC.label),
            (SlotOrigin.THEMATIC.value, SlotOrigin.THEMATIC.label),
        ],
        "ReportRequestOriginEnum",
    )
    subject = serializers.CharField(max_length=500)
    body = serializers.CharField(required=False, allow_blank=True, default="")
    reporters = serializers.ListField(
        child=serializers.CharField(max_length=80),
        allow_empty=False,
        help_text="Các cơ quan phải báo cáo: mã tổ chức hoặc mã số (id)",
    )
    due_on = serializers.DateField(
        required=False, allow_null=True, input_formats=DATE_FORMATS, error_messages=DATE_ERRORS
    )
    working_days = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=365,
        help_text="Hạn gửi: số ngày làm việc kể từ ngày yêu cầu (không tính ngày yêu cầu)",
    )
    regulation = serializers.CharField(required=False, allow_blank=True, default="", help_text="Mã quy chế")
    obligation = id_field(required=False, allow_null=True, help_text="Mẫu chỉ tiêu: mã số nghĩa vụ báo cáo")


# --- views -------------------------------------------------------------------------------------------


def _reporters(items: list[str]) -> list[Organization]:
    """Organisations by code, or by id for a number that is no organisation's code (order kept)."""
    found = queries.organizations_named(items)
    by_code = {o.code: o for o in found}
    by_id = {str(o.pk): o for o in found}
    out: list[Organization] = []
    missing: list[str] = []
    for item in items:
        o = by_code.get(item) or by_id.get(item)
        if o is None:
            missing.append(item)
        else:
            out.append(o)
    if missing:
        raise DomainError(f"Không có tổ chức: {', '.join(missing)}.", field="reporters")
    return out


class RequestListView(ListAPIView[ReportRequest]):
    """Ad hoc and thematic report requests made by the user's organisation, newest first."""

    serializer_class = ReportRequestSerializer
    parser_classes = PARSERS

    def get_queryset(self) -> Any:
        return queries.requests_with_slots(self.request.user).order_by("-created_at", "-pk")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": today()}

    @extend_schema(
        operation_id="reports_requests_list",
        summary="Yêu cầu báo cáo đột xuất, chuyên đề cơ quan tôi đã gửi",
        responses={200: ReportRequestSerializer(many=True), **errors()},
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="reports_requests_create",
        summary="Yêu cầu một hoặc nhiều cơ quan báo cáo đột xuất, chuyên đề (hạn: ngày hoặc số ngày làm việc)",
        request=ReportRequestCreateSerializer,
        responses={201: ReportRequestSerializer, **errors(413, 415, 422)},
        tags=[TAG],
    )
    def post(self, request: Request) -> Response:
        v = valid(ReportRequestCreateSerializer, request.data)
        regulation = None
        if v["regulation"]:
            regulation = regulation_queries.current_version(v["regulation"])
            if regulation is None:
                raise DomainError(f"Không có quy chế mã {v['regulation']}.", field="regulation")
        obligation = None
        if v.get("obligation") is not None:
            obligation = queries.obligation(v["obligation"])
            if obligation is None:
                raise DomainError("Không có nghĩa vụ báo cáo này.", field="obligation")
            if regulation is not None and obligation.regulation_id != regulation.pk:
                raise DomainError("Mẫu chỉ tiêu không thuộc quy chế đã chọn.", field="obligation")
        created = actions.create_request(
            signed_in(request.user),
            origin=SlotOrigin(v["origin"]),
            subject=v["subject"],
            body=v["body"],
            reporters=_reporters(v["reporters"]),
            due_on=v.get("due_on"),
            working_days=v.get("working_days"),
            regulation=regulation,
            obligation=obligation,
        )
        obj = queries.requests_with_slots(request.user).get(pk=created.pk)
        data = ReportRequestSerializer(obj, context=serializer_context(request)).data
        return Response(data, status=status.HTTP_201_CREATED)
