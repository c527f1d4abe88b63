"""The receiving body's period table: one period of an obligation, or one ad hoc request, with every reporter's
punctuality and figures and the totals; its .xlsx, the archive of every sent document, and reminders. All of it
belongs to the receiving body (queries.received_slots): 404 for anyone else."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phoihop.accounts.types import signed_in
from phoihop.api.error_responses import errors
from phoihop.api.fields import PARSERS, enum, id_field
from phoihop.organizations.models import Organization
from phoihop.reports import queries
from phoihop.reports.domain import actions
from phoihop.reports.domain.consolidation import PeriodTable, build_table, upward_slot, with_sent_versions
from phoihop.reports.domain.xlsx import XLSX_TYPE, documents_zip, file_stem, table_xlsx
from phoihop.reports.enums import Punctuality, SlotState

from .common import NOT_FOUND, TAG, ZIP_TYPE, download, today, valid
from .serializers import QuerySerializer, ReportIndicatorRefSerializer, ReportOrganizationSerializer

# --- output ------------------------------------------------------------------------------------------


class ReportPeriodCountsSerializer(serializers.Serializer[Any]):
    on_time = serializers.IntegerField(help_text="Đúng hạn")
    late = serializers.IntegerField(help_text="Trễ hạn")
    missing = serializers.IntegerField(help_text="Chưa gửi, đã quá hạn")
    pending = serializers.IntegerField(help_text="Chưa đến hạn")


class ReportPeriodRowSerializer(serializers.Serializer[Any]):
    slot = serializers.IntegerField()
    reporter = ReportOrganizationSerializer()
    state = enum(SlotState, "ReportSlotStateEnum")
    state_label = serializers.CharField()
    punctuality = enum(Punctuality, "ReportPunctualityEnum")
    punctuality_label = serializers.CharField()
    late = serializers.BooleanField()
    first_sent_at = serializers.DateTimeField(allow_null=True)
    submission = serializers.IntegerField(allow_null=True, help_text="Bản đã gửi gần nhất")
    version = serializers.IntegerField(allow_null=True)
    sent_at = serializers.DateTimeField(allow_null=True)
    values = serializers.ListField(child=serializers.IntegerField(allow_null=True))


class ReportUpwardSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    receiver = ReportOrganizationSerializer()
    period_label = serializers.CharField()
    due_on = serializers.DateField()
    state = enum(SlotState, "ReportSlotStateEnum")
    state_label = serializers.CharField(source="get_state_display")


class ReportPeriodTableSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    period_key = serializers.CharField(allow_blank=True)
    period_label = serializers.CharField()
    obligation = serializers.IntegerField(allow_null=True)
    request = serializers.IntegerField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    due_rule = serializers.CharField(allow_blank=True)
    indicators = ReportIndicatorRefSerializer(many=True)
    rows = ReportPeriodRowSerializer(many=True)
    totals = serializers.ListField(child=serializers.IntegerField())
    counts = ReportPeriodCountsSerializer()
    to_remind = serializers.IntegerField(help_text="Số cơ quan chưa gửi (hoặc phải gửi lại)")
    upward = ReportUpwardSerializer(allow_null=True, help_text="Báo cáo tổng hợp cơ quan tôi phải gửi lên")


class ReportRemindedSerializer(serializers.Serializer[Any]):
    reminded = serializers.IntegerField(help_text="Số cơ quan được nhắc")


# --- input -------------------------------------------------------------------------------------------


class ReportPeriodQuerySerializer(QuerySerializer):
    obligation = id_field(required=False, allow_null=True)
    period = serializers.CharField(required=False, allow_blank=True, max_length=10)
    request = id_field(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        by_request = "request" in attrs
        by_period = "obligation" in attrs and "period" in attrs
        if by_request == by_period or (by_request and ("obligation" in attrs or "period" in attrs)):
            raise serializers.ValidationError(
                "Hãy chọn một kỳ báo cáo: ?obligation=<mã số nghĩa vụ>&period=<kỳ>, hoặc ?request=<mã số yêu cầu>."
            )
        return attrs


PERIOD_PARAMETERS = [
    OpenApiParameter("obligation", int, description="Mã số nghĩa vụ báo cáo (kèm period)"),
    OpenApiParameter("period", str, description="Kỳ, ví dụ 2027-Q1 (kèm obligation)"),
    OpenApiParameter("request", int, description="Mã số yêu cầu báo cáo đột xuất, chuyên đề"),
]


# --- the table ---------------------------------------------------------------------------------------


def _period(request: Request) -> PeriodTable:
    """The receiving body's table for one period of an obligation or for one request (404 for anyone else)."""
    q = valid(ReportPeriodQuerySerializer, request.query_params)
    user = request.user
    received = queries.received_slots(user)
    if "request" in q:
        received = received.filter(request_id=q["request"])
    else:
        received = received.filter(
            obligation_id=q["obligation"], period_key=q["period"], request__isnull=True
        )
    slots = list(with_sent_versions(received))
    if not slots:
        raise NotFound(NOT_FOUND)
    first = slots[0]
    indicators = actions.indicators_of(first)
    table = build_table(slots, indicators, today())
    table.upward = upward_slot(first.receiver_id, first.regulation_id, first.period_key)
    return table


def _table_data(table: PeriodTable) -> dict[str, Any]:
    def org(o: Organization) -> dict[str, Any]:
        return {"id": o.pk, "code": o.code, "name": o.name, "abbreviation": o.abbreviation}

    rows = [
        {
            "slot": r.slot.pk,
            "reporter": org(r.slot.reporter),
            "state": r.slot.state,
            "state_label": r.slot.get_state_display(),
            "punctuality": r.punctuality.value,
            "punctuality_label": str(r.punctuality.label),
            "late": r.slot.late,
            "first_sent_at": r.slot.first_sent_at,
            "submission": r.submission.pk if r.submission else None,
            "version": r.submission.version if r.submission else None,
            "sent_at": r.submission.sent_at if r.submission else None,
            "values": r.values,
        }
        for r in table.rows
    ]
    first = table.rows[0].slot
    return {
        "title": table.title,
        "period_key": first.period_key,
        "period_label": table.period_label,
        "obligation": first.obligation_id,
        "request": first.request_id,
        "due_on": table.due_on,
        "due_rule": table.due_rule,
        "indicators": table.indicators,
        "rows": rows,
        "totals": table.totals,
        "counts": table.counts,
        "to_remind": len(table.to_remind),
        "upward": table.upward,
    }


class PeriodTableView(APIView):
    @extend_schema(
        operation_id="reports_periods_retrieve",
        summary="Bảng tổng hợp một kỳ của cơ quan nhận: đúng hạn, trễ hạn, chưa gửi, số liệu, tổng cộng",
        parameters=PERIOD_PARAMETERS,
        responses={200: ReportPeriodTableSerializer, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        return Response(ReportPeriodTableSerializer(_table_data(_period(request))).data)


class PeriodXlsxView(APIView):
    @extend_schema(
        operation_id="reports_periods_xlsx",
        summary="Bảng tổng hợp một kỳ (.xlsx)",
        parameters=PERIOD_PARAMETERS,
        responses={(200, XLSX_TYPE): OpenApiTypes.BINARY, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request) -> HttpResponse:
        table = _period(request)
        return download(table_xlsx(table), f"tong-hop-{file_stem(table)}.xlsx", XLSX_TYPE)


class PeriodDocumentsView(APIView):
    @extend_schema(
        operation_id="reports_periods_documents",
        summary="Mọi văn bản đã gửi của một kỳ (.zip, mỗi cơ quan một thư mục)",
        parameters=PERIOD_PARAMETERS,
        responses={(200, ZIP_TYPE): OpenApiTypes.BINARY, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request) -> HttpResponse:
        table = _period(request)
        return download(documents_zip(table), f"van-ban-{file_stem(table)}.zip", ZIP_TYPE)


class PeriodRemindView(APIView):
    parser_classes = PARSERS

    @extend_schema(
        operation_id="reports_periods_remind",
        summary="Nhắc mọi cơ quan chưa gửi (hoặc phải gửi lại) báo cáo của kỳ; mỗi ngày một lần",
        parameters=PERIOD_PARAMETERS,
        request=None,
        responses={200: ReportRemindedSerializer, **errors(404, 409, 413, 415, 422)},
        tags=[TAG],
    )
    def post(self, request: Request) -> Response:
        table = _period(request)
        reminded = actions.send_reminders(signed_in(request.user), [r.slot for r in table.rows])
        return Response({"reminded": reminded})
