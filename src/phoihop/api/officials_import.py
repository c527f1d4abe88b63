"""API of the .xlsx import of officials and supervision lists (issue 12, points 1 and 4): the same two steps as
the page /can-bo/nhap/ (officials.domain.importing), the same rules (officials.import_rules).

- POST preview (multipart: `kind` = officials | supervision, `file`): every row with its status and messages;
  nothing written; the file is kept server-side for the user, named by the answer's `token`;
- POST confirm (`token`): the valid rows written in one transaction; another user's token is not found (404).
A bad file is a 400 with {"error", "detail", "fields": {"file": [...]}}."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phoihop.accounts.types import signed_in
from phoihop.api.error_responses import errors
from phoihop.api.fields import PARSERS, EnumField, UploadField
from phoihop.common.errors import NotAllowed
from phoihop.officials import import_rules
from phoihop.officials.domain import importing

TAG = "officials"
KINDS = dict(
    zip(
        ("officials", "supervision"),
        (importing.KINDS[importing.OFFICIALS], importing.KINDS[importing.SUPERVISION]),
        strict=True,
    )
)
STATUSES = {"valid": "hợp lệ, sẽ được ghi", "error": "có lỗi, không ghi", "registered": "đã có, bỏ qua"}


class PreviewRequestSerializer(serializers.Serializer[Any]):
    kind = EnumField(list(KINDS.items()), "OfficialsImportKindEnum")
    file = UploadField(help_text="Tệp .xlsx theo mẫu (dòng 1 là tiêu đề).")


class PreviewRowSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField(help_text="Số dòng trong trang tính (dòng 1 là tiêu đề).")
    status = EnumField(list(STATUSES.items()), "OfficialsImportRowStatusEnum")
    messages = serializers.ListField(child=serializers.CharField())
    values = serializers.DictField(child=serializers.CharField())


class PreviewSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(help_text="Gửi lại ở bước xác nhận.")
    kind = EnumField(list(KINDS.items()), "OfficialsImportKindEnum")
    file_name = serializers.CharField()
    sha256 = serializers.CharField()
    rows = serializers.IntegerField()
    valid = serializers.IntegerField()
    invalid = serializers.IntegerField(help_text="Số dòng có lỗi (không được nhập).")
    registered = serializers.IntegerField()
    items = PreviewRowSerializer(many=True)


class ConfirmRequestSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(max_length=64)


class OutcomeSerializer(serializers.Serializer[Any]):
    kind = EnumField(list(KINDS.items()), "OfficialsImportKindEnum")
    file_name = serializers.CharField()
    created = serializers.IntegerField()
    registered = serializers.IntegerField()
    invalid = serializers.IntegerField(help_text="Số dòng có lỗi (không được nhập).")


def _refuse_outsiders(request: Request) -> None:
    if not import_rules.may_import(request.user):
        raise NotAllowed("Bạn không có quyền nhập danh sách cán bộ.")


class PreviewView(APIView):
    parser_classes = PARSERS

    @extend_schema(
        operation_id="officials_import_preview",
        summary="Xem trước tệp .xlsx danh sách cán bộ hoặc danh sách giám sát (không ghi gì)",
        request={"multipart/form-data": PreviewRequestSerializer},
        responses={200: PreviewSerializer, **errors(413)},
        tags=[TAG],
    )
    def post(self, request: Request) -> Response:
        _refuse_outsiders(request)
        preview = importing.preview(
            signed_in(request.user), str(request.data.get("kind", "")), request.FILES.get("file")
        )
        return Response(
            {
                "token": preview.token,
                "kind": preview.kind,
                "file_name": preview.file_name,
                "sha256": preview.checksum,
                "rows": len(preview.rows),
                "valid": preview.valid,
                "invalid": preview.errors,
                "registered": preview.registered,
                "items": [
                    {"row": r.number, "status": r.status, "messages": r.messages, "values": r.values}
                    for r in preview.rows
                ],
            }
        )


class ConfirmView(APIView):
    parser_classes = PARSERS

    @extend_schema(
        operation_id="officials_import_confirm",
        summary="Xác nhận nhập: ghi mọi dòng hợp lệ của tệp đã xem trước, trong một giao dịch",
        request=ConfirmRequestSerializer,
        responses={200: OutcomeSerializer, **errors(404)},
        tags=[TAG],
    )
    def post(self, request: Request) -> Response:
        _refuse_outsiders(request)
        outcome = importing.confirm(signed_in(request.user), str(request.data.get("token", "")))
        return Response(
            {
                "kind": outcome.kind,
                "file_name": outcome.file_name,
                "created": outcome.created,
                "registered": outcome.registered,
                "invalid": outcome.errors,
            }
        )


urlpatterns = [
    path("preview", PreviewView.as_view(), name="api-officials-import-preview"),
    path("confirm", ConfirmView.as_view(), name="api-officials-import-confirm"),
]
