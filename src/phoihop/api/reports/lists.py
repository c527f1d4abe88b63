"""The user's report slots: the ones its body must send, receives, or holds a copy of, with filters."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from phoihop.api.error_responses import errors
from phoihop.api.fields import id_field
from phoihop.reports import queries
from phoihop.reports.enums import SlotState
from phoihop.reports.models import ReportSlot

from .common import SLOT_RELATED, TAG, today, valid
from .serializers import QuerySerializer, ReportSlotSerializer


class ReportSlotFilterSerializer(QuerySerializer):
    side = serializers.ChoiceField(
        choices=["own", "received", "copies"],
        required=False,
        allow_blank=True,
        error_messages={"invalid_choice": "“{input}” không hợp lệ: chọn own, received hoặc copies."},
    )
    period = serializers.CharField(required=False, allow_blank=True, max_length=10)
    state = serializers.ChoiceField(
        choices=SlotState.choices,
        required=False,
        allow_blank=True,
        error_messages={"invalid_choice": "Trạng thái “{input}” không hợp lệ."},
    )
    regulation = serializers.CharField(required=False, allow_blank=True, max_length=10)
    obligation = id_field(required=False, allow_null=True)
    request = id_field(required=False, allow_null=True)


SLOT_PARAMETERS = [
    OpenApiParameter(
        "side",
        str,
        enum=["own", "received", "copies"],
        description="own: cơ quan tôi phải gửi; received: gửi cho cơ quan tôi; copies: bản đồng gửi. "
        "Bỏ trống: tất cả.",
    ),
    OpenApiParameter("period", str, description="Kỳ, ví dụ 2027-Q1, 2027-01, 2027-H1, 2027"),
    OpenApiParameter("state", str, enum=[s.value for s in SlotState], description="Trạng thái"),
    OpenApiParameter("regulation", str, description="Mã quy chế, ví dụ 003"),
    OpenApiParameter("obligation", int, description="Mã số nghĩa vụ báo cáo"),
    OpenApiParameter("request", int, description="Mã số yêu cầu báo cáo"),
]


class SlotListView(ListAPIView[ReportSlot]):
    """Report slots the user's organisation must send, receives or holds a copy of, by due date."""

    serializer_class = ReportSlotSerializer

    def get_queryset(self) -> Any:
        user = self.request.user
        f = valid(ReportSlotFilterSerializer, self.request.query_params)
        side = f.get("side")
        if side == "own":
            qs = queries.own_slots(user)
        elif side == "received":
            qs = queries.received_slots(user)
        elif side == "copies":
            qs = queries.visible_to(user).filter(pk__in=queries.copies_for(user).values("slot_id"))
        else:
            qs = queries.visible_to(user)
        if "period" in f:
            qs = qs.filter(period_key=f["period"])
        if "state" in f:
            qs = qs.filter(state=f["state"])
        if "regulation" in f:
            qs = qs.filter(regulation__code=f["regulation"])
        if "obligation" in f:
            qs = qs.filter(obligation_id=f["obligation"])
        if "request" in f:
            qs = qs.filter(request_id=f["request"])
        return qs.select_related(*SLOT_RELATED).order_by("due_on", "pk")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": today()}

    @extend_schema(
        operation_id="reports_slots_list",
        summary="Các kỳ báo cáo của cơ quan tôi (phải gửi, nhận, bản đồng gửi)",
        parameters=SLOT_PARAMETERS,
        responses={200: ReportSlotSerializer(many=True), **errors()},
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
