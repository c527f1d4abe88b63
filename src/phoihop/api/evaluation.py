"""API for the yearly evaluation of each regulation: GET /api/v1/evaluation/<code>/<year>/.

The same figures and the same permission rules as the page (phoihop.evaluation.rules): the lead body,
the body the evaluation is reported to and system administrators read every body's row; a partner reads its own
row only (totals are the sum of the rows returned); anyone else gets 404; anonymous users 401. A bad year is a
400 {"error": "invalid_year", "detail": …, "fields": {"year": […]}}.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phoihop.api.error_responses import errors
from phoihop.evaluation.domain.evaluation import Evaluation, parse_year
from phoihop.evaluation.enums import Scope
from phoihop.evaluation.queries import evaluation_for

TAG = "evaluation"


class YearlyEvaluationRegulationSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    version = serializers.IntegerField(help_text="Phiên bản hiện hành")
    number = serializers.CharField(help_text="Số hiệu văn bản")
    title = serializers.CharField()
    display_name = serializers.CharField()


class YearlyEvaluationDutySerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    article = serializers.CharField(help_text="Căn cứ (điều, khoản)")
    subject = serializers.CharField()
    receiver_name = serializers.CharField(help_text="Cấp nhận báo cáo đánh giá")


class YearlyEvaluationMetricSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    group = serializers.CharField()
    description = serializers.CharField(allow_blank=True, help_text="Cách tính")


class YearlyEvaluationRowSerializer(serializers.Serializer[Any]):
    organization = serializers.CharField(help_text="Mã tổ chức")
    organization_name = serializers.CharField()
    role = serializers.CharField(allow_blank=True, help_text="lead, partner, hoặc rỗng")
    figures = serializers.DictField(child=serializers.IntegerField(), help_text="Số liệu theo mã chỉ tiêu")


class YearlyEvaluationSerializer(serializers.Serializer[Any]):
    regulation = YearlyEvaluationRegulationSerializer()
    versions = serializers.ListField(child=serializers.IntegerField(), help_text="Các phiên bản được tính")
    year = serializers.IntegerField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    as_of = serializers.DateField(help_text="Ngày tính việc còn mở, quá hạn")
    duty = YearlyEvaluationDutySerializer(allow_null=True)
    scope = serializers.ChoiceField(choices=[(s.value, s.value) for s in Scope])
    metrics = YearlyEvaluationMetricSerializer(many=True)
    rows = YearlyEvaluationRowSerializer(many=True)
    totals = serializers.DictField(child=serializers.IntegerField())


def as_data(ev: Evaluation) -> dict[str, Any]:
    reg = ev.regulation
    duty = ev.duty
    return {
        "regulation": {
            "code": reg.code,
            "version": reg.version,
            "number": reg.number,
            "title": reg.title,
            "display_name": reg.display_name,
        },
        "versions": sorted(v.version for v in ev.versions),
        "year": ev.year,
        "period_start": ev.first_day,
        "period_end": ev.last_day,
        "as_of": ev.today,
        "duty": (
            {
                "code": duty.code,
                "article": duty.article,
                "subject": duty.subject,
                "receiver_name": duty.receiver_name,
            }
            if duty is not None
            else None
        ),
        "scope": ev.scope.value,
        "metrics": [
            {"key": m.key, "label": str(m.label), "group": m.group, "description": str(m.help)}
            for m in ev.metrics
        ],
        "rows": [
            {
                "organization": r.organization.code,
                "organization_name": r.organization.name,
                "role": r.role,
                "figures": {m.key: r.figures.get(m.key, 0) for m in ev.metrics},
            }
            for r in ev.rows
        ],
        "totals": dict(ev.totals),
    }


class EvaluationDetailView(APIView):
    @extend_schema(
        operation_id="evaluation_retrieve",
        summary="Đánh giá hằng năm việc thực hiện một quy chế: số liệu theo từng cơ quan và tổng cộng",
        parameters=[
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="Mã quy chế, ví dụ 003"),
            OpenApiParameter("year", str, OpenApiParameter.PATH, description="Năm, từ 2000 đến 2100"),
        ],
        responses={200: YearlyEvaluationSerializer, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request, code: str, year: str) -> Response:
        ev = evaluation_for(request.user, code, parse_year(year))
        return Response(YearlyEvaluationSerializer(as_data(ev)).data)


urlpatterns = [
    path("<str:code>/<str:year>/", EvaluationDetailView.as_view(), name="api-evaluation-detail"),
]
