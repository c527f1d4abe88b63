"""Working-day API: add N working days to a date (with the explanation), and one year's calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phoihop.api.error_responses import errors
from phoihop.workdays.calendar import MAX_OFFSET, MAX_YEAR, MIN_YEAR, DayInfo
from phoihop.workdays.parsing import parse_date, parse_days
from phoihop.workdays.queries import calendar_for


def _required(name: str, example: str) -> dict[str, Any]:
    message = f"Thiếu tham số {name} (ví dụ {name}={example})."
    return {"required": message, "blank": message, "null": message}


class AddQuerySerializer(serializers.Serializer[Any]):
    date = serializers.CharField(error_messages=_required("date", "2025-01-22"))
    days = serializers.CharField(error_messages=_required("days", "5"))

    def validate_date(self, value: str) -> dt.date:
        try:
            return parse_date(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from exc

    def validate_days(self, value: str) -> int:
        try:
            return parse_days(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from exc


class YearQuerySerializer(serializers.Serializer[Any]):
    year = serializers.CharField(required=False)

    def validate_year(self, value: str) -> int:
        message = f"Năm phải là số nguyên từ {MIN_YEAR} đến {MAX_YEAR}, ví dụ year=2026."
        try:
            year = int(value.strip())
        except ValueError:
            raise serializers.ValidationError(message) from None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise serializers.ValidationError(message)
        return year


class SkippedDaySerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    reason = serializers.CharField()


class ExplanationSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(help_text="Một câu giải thích, ví dụ: Hạn 05/02/2025: 05 ngày làm việc …")
    counted = serializers.ListField(child=serializers.DateField(), help_text="Các ngày làm việc được tính.")
    skipped = SkippedDaySerializer(many=True, help_text="Các ngày không tính, kèm lý do.")


class AddResultSerializer(serializers.Serializer[Any]):
    date = serializers.DateField(help_text="Ngày làm việc thứ N sau (N > 0) hoặc trước (N < 0) ngày bắt đầu.")
    start = serializers.DateField()
    days = serializers.IntegerField()
    explanation = ExplanationSerializer()


class CalendarDaySerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    weekday = serializers.CharField()
    name = serializers.CharField()
    reason = serializers.CharField()
    basis = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(
        choices=["official", "proposed", "base"],
        help_text="official: điều chỉnh chính thức; proposed: dự kiến (không tính); base: lịch cơ sở (luật).",
    )


class CalendarYearSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    days_off = CalendarDaySerializer(many=True, help_text="Mọi ngày nghỉ rơi vào Thứ Hai–Thứ Sáu.")
    working_days = CalendarDaySerializer(many=True, help_text="Mọi Thứ Bảy, Chủ nhật phải làm bù.")
    proposed = CalendarDaySerializer(many=True, help_text="Điều chỉnh dự kiến: hiển thị, không tính.")


ERROR_400 = OpenApiResponse(
    description="Tham số không hợp lệ (thông báo tiếng Việt, theo từng tham số).",
    response={
        "type": "object",
        "required": ["error", "detail"],
        "properties": {
            "error": {"type": "string", "example": "invalid"},
            "detail": {"type": "string", "example": "Dữ liệu không hợp lệ."},
            "fields": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
                "example": {"date": ["Ngày không hợp lệ: 'abc'."]},
            },
        },
    },
)


def _invalid(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


class AddView(APIView):
    """The N-th working day after (N > 0) or before (N < 0) a date, per the official calendar."""

    @extend_schema(
        operation_id="workdays_add",
        summary="Cộng/trừ ngày làm việc",
        description=(
            "N > 0: ngày làm việc thứ N sau ngày `date` (không tính ngày `date`, kể cả khi đó là ngày nghỉ — "
            "Điều 147 Bộ luật Dân sự). N < 0: ngày làm việc thứ |N| trước `date` (ngày muộn nhất cho "
            '"ít nhất |N| ngày làm việc trước `date`"). N = 0: chính ngày `date`.'
        ),
        parameters=[
            OpenApiParameter(
                "date", OpenApiTypes.STR, required=True, description="YYYY-MM-DD hoặc dd/mm/yyyy"
            ),
            OpenApiParameter(
                "days",
                OpenApiTypes.INT,
                required=True,
                description=f"Số ngày làm việc, từ -{MAX_OFFSET} đến {MAX_OFFSET}",
            ),
        ],
        responses={200: AddResultSerializer, **errors(), 400: ERROR_400},
        examples=[
            OpenApiExample(
                "Tết 2025",
                response_only=True,
                value={
                    "date": "2025-02-05",
                    "start": "2025-01-22",
                    "days": 5,
                    "explanation": {
                        "text": (
                            "Hạn 05/02/2025: 05 ngày làm việc kể từ ngày 22/01/2025, "
                            "không tính 25/01–02/02 (Tết Nguyên đán)"
                        ),
                        "counted": ["2025-01-23", "2025-01-24", "2025-02-03", "2025-02-04", "2025-02-05"],
                        "skipped": [{"date": "2025-01-25", "reason": "Thứ Bảy"}],
                    },
                },
            )
        ],
    )
    def get(self, request: Request) -> Response:
        query = AddQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start: dt.date = query.validated_data["date"]
        days: int = query.validated_data["days"]
        calendar, _ = calendar_for(request.user)
        try:
            explanation = calendar.explain(start, days)
        except ValueError as exc:
            raise _invalid("days", str(exc)) from exc
        data = {
            "date": explanation.result,
            "start": start,
            "days": days,
            "explanation": {
                "text": explanation.sentence(),
                "counted": explanation.counted,
                "skipped": [{"date": d, "reason": reason} for d, reason in explanation.skipped],
            },
        }
        return Response(AddResultSerializer(data).data)


def _row(info: DayInfo) -> dict[str, Any]:
    override = info.override
    if override is not None:
        name, basis, status = override.name, override.basis, "official"
    elif info.source == "makeup":
        name, basis, status = info.reason, "", "base"
    else:
        name, basis, status = info.base_holiday or info.reason, "Bộ luật Lao động 2019, Điều 112", "base"
    return {
        "date": info.day,
        "weekday": info.weekday_name,
        "name": name,
        "reason": info.reason,
        "basis": basis,
        "status": status,
    }


def _proposed_row(info: DayInfo) -> dict[str, Any]:
    assert info.proposed is not None
    p = info.proposed
    kind = "Ngày nghỉ" if p.kind == "day_off" else "Ngày làm việc (làm bù)"
    return {
        "date": info.day,
        "weekday": info.weekday_name,
        "name": p.name,
        "reason": f"{kind} dự kiến: {p.name}",
        "basis": p.basis,
        "status": "proposed",
    }


class CalendarYearView(APIView):
    """One year's non-working weekdays and make-up weekend days, with reasons and legal basis."""

    @extend_schema(
        operation_id="workdays_calendar",
        summary="Lịch ngày nghỉ và ngày làm bù của một năm",
        parameters=[
            OpenApiParameter(
                "year", OpenApiTypes.INT, required=False, description="Năm (mặc định: năm hiện tại)"
            ),
        ],
        responses={200: CalendarYearSerializer, **errors(), 400: ERROR_400},
    )
    def get(self, request: Request) -> Response:
        query = YearQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year: int = query.validated_data.get("year") or timezone.localdate().year
        calendar, _ = calendar_for(request.user)
        days = calendar.days_of_year(year)
        data = {
            "year": year,
            "days_off": [_row(i) for i in days if not i.working and not i.is_weekend],
            "working_days": [_row(i) for i in days if i.working and i.is_weekend],
            "proposed": [_proposed_row(i) for i in days if i.proposed is not None],
        }
        return Response(CalendarYearSerializer(data).data)


urlpatterns = [
    path("add", AddView.as_view(), name="api-workdays-add"),
    path("calendar", CalendarYearView.as_view(), name="api-workdays-calendar"),
]
