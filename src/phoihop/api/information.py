"""API of information about officials (issue 12, point 2): the inbox and the outbox (keyset pages), one item with
its copies and results, recording, sending (routed by the regulations' rules), acknowledging a copy and reporting
its handling result. The same need-to-know rule as the pages (information.queries / rules): anyone else gets 404."""

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
from phoihop.common.errors import DomainError
from phoihop.information import queries
from phoihop.information.domain import actions
from phoihop.information.enums import CopyState, InformationKind, InformationState
from phoihop.information.models import InformationCopy, OfficialInformation

TAG = "information"
DEFAULT_LIMIT = 50


class CopySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    recipient = serializers.IntegerField(source="recipient_id")
    recipient_name = serializers.CharField(source="recipient.name")
    state = serializers.ChoiceField(choices=CopyState.choices)
    expects_result = serializers.BooleanField()
    due_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    result_text = serializers.CharField()
    result_number = serializers.CharField()
    result_date = serializers.DateField(allow_null=True)
    result_at = serializers.DateTimeField(allow_null=True)


class InformationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    official = serializers.IntegerField(source="official_id")
    official_name = serializers.CharField(source="official.full_name")
    sender = serializers.IntegerField(source="sender_id")
    sender_name = serializers.CharField(source="sender.name")
    kind = serializers.ChoiceField(choices=InformationKind.choices)
    content = serializers.CharField()
    basis = serializers.CharField()
    verified = serializers.BooleanField()
    conclusion_number = serializers.CharField()
    conclusion_date = serializers.DateField(allow_null=True)
    result_due_on = serializers.DateField(allow_null=True)
    state = serializers.ChoiceField(choices=InformationState.choices)
    rule_article = serializers.CharField(help_text="Điều khoản của các quy tắc chuyển đã áp dụng")
    sent_at = serializers.DateTimeField(allow_null=True)


class InformationDetailSerializer(InformationSerializer):
    copies = CopySerializer(many=True, help_text="Nơi nhận và kết quả xử lý")


class InboxRowSerializer(serializers.Serializer[Any]):
    copy = CopySerializer(source="*")
    information = InformationSerializer()


class InboxPageSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = InboxRowSerializer(many=True)


class OutboxPageSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = InformationSerializer(many=True)


class CreateSerializer(serializers.Serializer[Any]):
    official = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=InformationKind.choices)
    content = serializers.CharField()
    basis = serializers.CharField()
    verified = serializers.BooleanField(default=False)
    conclusion_number = serializers.CharField(required=False, allow_blank=True, default="")
    conclusion_date = serializers.DateField(required=False, allow_null=True, default=None)
    result_due_on = serializers.DateField(required=False, allow_null=True, default=None)


class ResultSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()
    decision_number = serializers.CharField(required=False, allow_blank=True, default="")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)


PAGING = [
    OpenApiParameter("cursor", str, description="Vị trí trang, lấy từ next hoặc previous của trang trước"),
    OpenApiParameter(
        "limit", int, description=f"Số dòng mỗi trang (1–{MAX_LIMIT}, mặc định {DEFAULT_LIMIT})"
    ),
]


def _link(request: Request, cursor: str | None) -> str | None:
    return replace_query_param(request.build_absolute_uri(), "cursor", cursor) if cursor else None


def _information(request: Request, pk: int) -> OfficialInformation:
    info = queries.information_for(request.user, pk)
    if info is None:
        raise Http404
    return info


def _copy(request: Request, pk: int) -> InformationCopy:
    copy = queries.copy_for(request.user, pk)
    if copy is None:
        raise Http404
    return copy


def _detail(info: OfficialInformation) -> dict[str, Any]:
    info.copies_list = queries.copies_of(info) if info.state == InformationState.SENT else []  # type: ignore[attr-defined]
    data = dict(InformationSerializer(info).data)
    data["copies"] = CopySerializer(info.copies_list, many=True).data  # type: ignore[attr-defined]
    return data


class InboxView(APIView):
    @extend_schema(
        operation_id="information_inbox",
        summary="Thông tin về cán bộ cơ quan nhận được, mới nhất trước",
        parameters=PAGING,
        responses={200: InboxPageSerializer, **errors()},
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        page = read_keyset(
            request, lambda cursor, limit: queries.inbox_page(request.user, cursor, limit), DEFAULT_LIMIT
        )
        return Response(
            {
                "next": _link(request, page.next),
                "previous": _link(request, page.previous),
                "results": [
                    {"copy": CopySerializer(c).data, "information": InformationSerializer(c.information).data}
                    for c in page.rows
                ],
            }
        )


class OutboxView(APIView):
    @extend_schema(
        operation_id="information_outbox",
        summary="Thông tin về cán bộ cơ quan đã ghi, đã gửi, mới nhất trước",
        parameters=PAGING,
        responses={200: OutboxPageSerializer, **errors()},
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        page = read_keyset(
            request, lambda cursor, limit: queries.outbox_page(request.user, cursor, limit), DEFAULT_LIMIT
        )
        return Response(
            {
                "next": _link(request, page.next),
                "previous": _link(request, page.previous),
                "results": InformationSerializer(page.rows, many=True).data,
            }
        )

    @extend_schema(
        operation_id="information_create",
        summary="Ghi thông tin về cán bộ (dự thảo)",
        request=CreateSerializer,
        responses={201: InformationDetailSerializer, **errors()},
        tags=[TAG],
    )
    def post(self, request: Request) -> Response:
        data = CreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        official = queries.official_to_name(request.user, d["official"])
        if official is None:
            raise DomainError("Cơ quan của bạn không được ghi thông tin về cán bộ này.", field="official")
        info = actions.record(
            signed_in(request.user),
            official=official,
            kind=d["kind"],
            content=d["content"],
            basis=d["basis"],
            verified=d["verified"],
            conclusion_number=d["conclusion_number"],
            conclusion_date=d["conclusion_date"],
            result_due_on=d["result_due_on"],
        )
        found = queries.information_for(request.user, info.pk)
        assert found is not None
        return Response(_detail(found), status=201)


class DetailView(APIView):
    @extend_schema(
        operation_id="information_retrieve",
        summary="Một thông tin về cán bộ, nơi nhận và kết quả xử lý",
        responses={200: InformationDetailSerializer, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail(_information(request, pk)))


class SendView(APIView):
    @extend_schema(
        operation_id="information_send",
        summary="Gửi thông tin tới nơi nhận theo quy chế",
        request=None,
        responses={200: InformationDetailSerializer, **errors(404)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        info = _information(request, pk)
        actions.send(signed_in(request.user), info)
        return Response(_detail(_information(request, pk)))


class AcknowledgeView(APIView):
    @extend_schema(
        operation_id="information_acknowledge",
        summary="Nơi nhận xác nhận tiếp nhận",
        request=None,
        responses={200: CopySerializer, **errors(404)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        copy = _copy(request, pk)
        actions.acknowledge(signed_in(request.user), copy)
        return Response(CopySerializer(copy).data)


class ResultView(APIView):
    @extend_schema(
        operation_id="information_report_result",
        summary="Nơi nhận báo cáo kết quả xử lý",
        request=ResultSerializer,
        responses={200: CopySerializer, **errors(404)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        copy = _copy(request, pk)
        data = ResultSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        actions.report_result(
            signed_in(request.user),
            copy,
            text=d["text"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
        )
        return Response(CopySerializer(copy).data)


urlpatterns = [
    path("", InboxView.as_view(), name="api-information-inbox"),
    path("outbox/", OutboxView.as_view(), name="api-information-outbox"),
    path("<int:pk>/", DetailView.as_view(), name="api-information-detail"),
    path("<int:pk>/send/", SendView.as_view(), name="api-information-send"),
    path("copies/<int:pk>/acknowledge/", AcknowledgeView.as_view(), name="api-information-acknowledge"),
    path("copies/<int:pk>/result/", ResultView.as_view(), name="api-information-result"),
]
