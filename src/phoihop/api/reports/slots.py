"""One report slot: its detail (versions, indicators, copies, the user's permissions), drafting a version by
form or by the .xlsx template, the version's document, and every action on a version (the reporting body's
submit, return and approval) or on the slot (the receiving body's acceptance or return for correction).

Versions are read through queries.submissions_visible_to: the reporting body sees its drafts; the receiver and
the bodies holding a copy see sent versions only (a draft is 404 for them)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phoihop.accounts.types import signed_in
from phoihop.api.error_responses import errors
from phoihop.api.fields import PARSERS, FiguresField, UploadField
from phoihop.common.errors import DomainError
from phoihop.reports import queries
from phoihop.reports.domain import actions
from phoihop.reports.domain.xlsx import XLSX_TYPE, slot_file_stem, template

from .common import TAG, download, get_or_404, serializer_context, valid, visible_slots, visible_submissions
from .serializers import ReportSlotDetailSerializer

# --- input -------------------------------------------------------------------------------------------


class ReportDraftSerializer(serializers.Serializer[Any]):
    document = UploadField(required=False, help_text="Văn bản báo cáo (bắt buộc ở bản đầu tiên)")
    figures = FiguresField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReportUploadSerializer(serializers.Serializer[Any]):
    xlsx = UploadField(help_text="Mẫu số liệu .xlsx đã điền (tải ở template.xlsx)")
    document = UploadField(required=False, help_text="Văn bản báo cáo (bắt buộc ở bản đầu tiên)")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReportReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReportReturnSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Nội dung cần chỉnh sửa (bắt buộc)"
    )


# --- helpers -----------------------------------------------------------------------------------------


def slot_response(request: Request, pk: int) -> Response:
    slot = get_or_404(visible_slots(request.user), pk=pk)
    return Response(ReportSlotDetailSerializer(slot, context=serializer_context(request)).data)


def _document_field(exc: DomainError) -> DomainError:
    """The domain names an attachment problem "files"; in this API the file is "document"."""
    if exc.field == "files":
        exc.field = "document"
    return exc


def _figure_fields(data: Any) -> dict[str, Any] | None:
    """Figures given as multipart fields figures.<code> (None when there are none)."""
    prefix = "figures."
    fields = {k[len(prefix) :]: data[k] for k in data if isinstance(k, str) and k.startswith(prefix)}
    return fields or None


# --- the slot ----------------------------------------------------------------------------------------


class SlotDetailView(APIView):
    @extend_schema(
        operation_id="reports_slots_retrieve",
        summary="Một kỳ báo cáo: các bản (bên nhận chỉ thấy bản đã gửi), chỉ tiêu, bản đồng gửi",
        responses={200: ReportSlotDetailSerializer, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return slot_response(request, pk)


class SlotDraftView(APIView):
    parser_classes = PARSERS

    @extend_schema(
        operation_id="reports_slots_draft",
        summary="Soạn (hoặc sửa) bản báo cáo: văn bản, số liệu, ghi chú",
        request={"multipart/form-data": ReportDraftSerializer, "application/json": ReportDraftSerializer},
        responses={200: ReportSlotDetailSerializer, **errors(404, 409, 413, 415, 422)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        slot = get_or_404(visible_slots(request.user), pk=pk)
        v = valid(ReportDraftSerializer, request.data)
        figures = v["figures"] if "figures" in v else _figure_fields(request.data)
        try:
            actions.save_draft(
                signed_in(request.user),
                slot,
                document=v.get("document"),
                figures=figures,
                note=v.get("note", ""),
            )
        except DomainError as exc:
            raise _document_field(exc) from None
        return slot_response(request, pk)


class SlotUploadView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="reports_slots_xlsx",
        summary="Tải lên mẫu số liệu .xlsx đã điền (kèm văn bản báo cáo)",
        request={"multipart/form-data": ReportUploadSerializer},
        responses={200: ReportSlotDetailSerializer, **errors(404, 409, 413, 415, 422)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        slot = get_or_404(visible_slots(request.user), pk=pk)
        v = valid(ReportUploadSerializer, request.data)
        try:
            actions.upload_figures(
                signed_in(request.user), slot, v["xlsx"], document=v.get("document"), note=v["note"]
            )
        except DomainError as exc:
            raise _document_field(exc) from None
        return slot_response(request, pk)


class SlotTemplateView(APIView):
    @extend_schema(
        operation_id="reports_slots_template",
        summary="Tải mẫu số liệu .xlsx của kỳ báo cáo",
        responses={(200, XLSX_TYPE): OpenApiTypes.BINARY, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        slot = get_or_404(visible_slots(request.user), pk=pk)
        indicators = actions.indicators_of(slot)
        obligation = actions.obligation_of(slot)
        if obligation is None or not indicators:
            raise Http404("Báo cáo này không có mẫu số liệu.")
        content = template(obligation, indicators, reporter=slot.reporter.name, period=slot.period_label)
        name = f"mau-so-lieu-{slot_file_stem(slot)}.xlsx"
        return download(content, name, XLSX_TYPE)


# --- actions on a version or on the slot -------------------------------------------------------------


def _action(
    target: str, name: str, fn: Any, summary: str, serializer: type[serializers.Serializer[Any]] | None = None
) -> type[APIView]:
    """One APIView class per action, with its own class name and operation id: on a slot (the receiving
    body's review) or on a version (the reporting body's approval). Every action answers with the slot."""
    on_slot = target == "slot"

    @extend_schema(
        operation_id=f"reports_{'slots' if on_slot else 'submissions'}_{name}",
        summary=summary,
        request=serializer,
        responses={200: ReportSlotDetailSerializer, **errors(404, 409, 413, 415, 422)},
        tags=[TAG],
    )
    def post(self: APIView, request: Request, pk: int) -> Response:
        obj = get_or_404(visible_slots(request.user) if on_slot else visible_submissions(request.user), pk=pk)
        kwargs = valid(serializer, request.data) if serializer is not None else {}
        fn(request.user, obj, **kwargs)
        return slot_response(request, pk if on_slot else obj.slot_id)

    class_name = ("Slot" if on_slot else "Submission") + name.title().replace("_", "") + "View"
    return type(
        class_name,
        (APIView,),
        {"parser_classes": PARSERS, "post": post, "__doc__": summary, "__module__": __name__},
    )


def _slot_action(*args: Any, **kwargs: Any) -> type[APIView]:
    return _action("slot", *args, **kwargs)


def _submission_action(*args: Any, **kwargs: Any) -> type[APIView]:
    return _action("submission", *args, **kwargs)


class SubmissionDocumentView(APIView):
    @extend_schema(
        operation_id="reports_submissions_document",
        summary="Tải văn bản của một bản báo cáo",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        submission = get_or_404(queries.submissions_visible_to(request.user), pk=pk)
        try:
            handle = submission.document.open("rb")
        except (OSError, ValueError) as exc:
            raise Http404 from exc
        return FileResponse(handle, as_attachment=True, filename=submission.original_name or "bao-cao")


SubmitView = _submission_action(
    "submit", lambda u, s: actions.submit_for_approval(u, s), "Trình lãnh đạo duyệt bản báo cáo"
)
ReturnDraftView = _submission_action(
    "return_draft", actions.return_draft, "Lãnh đạo trả lại dự thảo", ReportReasonSerializer
)
ApproveView = _submission_action(
    "approve", lambda u, s: actions.approve_and_send(u, s), "Lãnh đạo duyệt và gửi báo cáo"
)
AcceptView = _slot_action("accept", lambda u, s: actions.accept(u, s), "Cơ quan nhận tiếp nhận báo cáo")
ReturnView = _slot_action(
    "return",
    actions.return_for_correction,
    "Cơ quan nhận trả lại báo cáo để chỉnh sửa",
    ReportReturnSerializer,
)
