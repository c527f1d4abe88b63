"""API for periodic, ad hoc and thematic reports: the user's slots, one slot with its versions, every action on
a version or a slot, the receiving body's period table (and its .xlsx and archive), reminders, and requests.

- Every lookup goes through phoihop.reports.queries: outsiders get 404 on every detail, action and download.
- Versions are read through queries.submissions_visible_to: the reporting body sees its drafts; the receiver
  and the bodies holding a copy see sent versions only (a draft is 404 for them).
- The period table, its downloads and reminders belong to the receiving body (queries.received_slots).
- Domain errors become {"error", "detail", "fields"} bodies (phoihop.api.exceptions); bad query parameters,
  malformed figures or a wrong file give 400, never a 500.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phoihop.api.error_responses import errors
from phoihop.api.fields import (
    DATE_ERRORS,
    DATE_FORMATS,
    PARSERS,
    EnumField,
    FiguresField,
    UploadField,
    enum,
    id_field,
)
from phoihop.common.clock import local_date
from phoihop.common.errors import DomainError
from phoihop.organizations.models import Organization
from phoihop.regulations import queries as regulation_queries
from phoihop.regulations.models import ReportIndicator, ReportingObligation
from phoihop.reports import queries, rules
from phoihop.reports.domain import actions
from phoihop.reports.domain.consolidation import (
    PeriodTable,
    build_table,
    punctuality,
    upward_slot,
    with_sent_versions,
)
from phoihop.reports.domain.xlsx import XLSX_TYPE, documents_zip, table_xlsx, template
from phoihop.reports.enums import Punctuality, SlotOrigin, SlotState, SubmissionState
from phoihop.reports.models import ReportCopy, ReportRequest, ReportSlot, ReportSubmission

TAG = "reports"
ZIP_TYPE = "application/zip"


# --- scoping -----------------------------------------------------------------------------------------


SLOT_RELATED = ("regulation", "obligation", "request", "reporter", "receiver")


def _slots(user: Any) -> QuerySet[ReportSlot]:
    return queries.visible_to(user).select_related(*SLOT_RELATED)


def _submissions(user: Any) -> QuerySet[ReportSubmission]:
    return queries.submissions_visible_to(user).select_related(*(f"slot__{r}" for r in SLOT_RELATED))


NOT_FOUND = "Không tìm thấy (hoặc cơ quan của bạn không được xem)."


def _get_or_404(qs: QuerySet[Any], pk: int) -> Any:
    """The object, or a 404 that names neither the model nor whether it exists."""
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise NotFound(NOT_FOUND)
    return obj


def _today() -> Any:
    return local_date(timezone.now())


def _context(request: Request) -> dict[str, Any]:
    return {"request": request, "today": _today()}


# --- output serializers ------------------------------------------------------------------------------


class ReportOrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    abbreviation = serializers.CharField()


class ReportIndicatorRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportIndicator
        fields = ["code", "label"]


class _PunctualityMixin(serializers.Serializer):
    punctuality = serializers.SerializerMethodField()
    punctuality_label = serializers.SerializerMethodField()

    def _punctuality(self, slot: ReportSlot) -> Punctuality:
        return punctuality(slot, self.context.get("today") or _today())

    @extend_schema_field(EnumField(Punctuality.choices, "ReportPunctualityEnum"))
    def get_punctuality(self, obj: ReportSlot) -> str:
        return str(self._punctuality(obj).value)

    def get_punctuality_label(self, obj: ReportSlot) -> str:
        return str(self._punctuality(obj).label)


class ReportSlotSerializer(_PunctualityMixin, serializers.ModelSerializer):
    origin = enum(SlotOrigin, "ReportOriginEnum")
    origin_label = serializers.CharField(source="get_origin_display")
    regulation = serializers.CharField(source="regulation.code", allow_null=True, default=None)
    obligation = serializers.CharField(
        source="obligation.code", allow_null=True, default=None, help_text="Mã nghĩa vụ báo cáo"
    )
    obligation_id = serializers.IntegerField(allow_null=True)
    request = serializers.IntegerField(source="request_id", allow_null=True, help_text="Mã yêu cầu báo cáo")
    reporter = ReportOrganizationSerializer()
    receiver = ReportOrganizationSerializer()
    state = enum(SlotState, "ReportSlotStateEnum")
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = ReportSlot
        fields = [
            "id",
            "title",
            "origin",
            "origin_label",
            "regulation",
            "obligation",
            "obligation_id",
            "request",
            "reporter",
            "receiver",
            "period_key",
            "period_label",
            "due_on",
            "due_rule",
            "state",
            "state_label",
            "punctuality",
            "punctuality_label",
            "late",
            "first_sent_at",
            "last_sent_at",
        ]


class ReportSubmissionSerializer(serializers.ModelSerializer):
    state = enum(SubmissionState, "ReportSubmissionStateEnum")
    state_label = serializers.CharField(source="get_state_display")
    document_name = serializers.CharField(source="original_name")
    document_url = serializers.SerializerMethodField()
    figures = serializers.DictField(child=serializers.IntegerField())
    created_by = serializers.CharField(source="created_by.full_name")
    approved_by = serializers.CharField(source="approved_by.full_name", allow_null=True, default=None)

    class Meta:
        model = ReportSubmission
        fields = [
            "id",
            "version",
            "state",
            "state_label",
            "document_name",
            "size",
            "content_type",
            "document_url",
            "figures",
            "note",
            "created_by",
            "created_at",
            "approved_by",
            "sent_at",
            "late",
        ]

    def get_document_url(self, obj: ReportSubmission) -> str:
        return reverse("api-report-document", args=[obj.pk])


class ReportCopySerializer(serializers.ModelSerializer):
    copy_to = ReportOrganizationSerializer()
    submission = serializers.IntegerField(source="submission_id")
    version = serializers.IntegerField(source="submission.version")
    duty = serializers.CharField(source="duty.code")
    article = serializers.CharField(source="duty.article")

    class Meta:
        model = ReportCopy
        fields = ["id", "copy_to", "submission", "version", "duty", "article", "created_at"]


class ReportPermissionsSerializer(serializers.Serializer):
    draft = serializers.BooleanField(help_text="Soạn, trình duyệt bản báo cáo")
    approve = serializers.BooleanField(help_text="Duyệt và gửi, trả lại dự thảo")
    review = serializers.BooleanField(help_text="Tiếp nhận, trả lại để chỉnh sửa, nhắc báo cáo")


class ReportSlotDetailSerializer(ReportSlotSerializer):
    indicators = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()
    copies = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()
    template_url = serializers.SerializerMethodField()

    class Meta(ReportSlotSerializer.Meta):
        fields = [
            *ReportSlotSerializer.Meta.fields,
            "opens_on",
            "period_start",
            "period_end",
            "accepted_at",
            "returned_at",
            "return_reason",
            "indicators",
            "template_url",
            "versions",
            "copies",
            "permissions",
        ]

    def _indicators(self, obj: ReportSlot) -> list[Any]:
        cache: dict[int, list[Any]] = self.context.setdefault("indicators", {})
        if obj.pk not in cache:
            cache[obj.pk] = actions.indicators_of(obj)
        return cache[obj.pk]

    @extend_schema_field(ReportIndicatorRefSerializer(many=True))
    def get_indicators(self, obj: ReportSlot) -> Any:
        return ReportIndicatorRefSerializer(self._indicators(obj), many=True).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_template_url(self, obj: ReportSlot) -> str | None:
        if not self._indicators(obj):
            return None
        return reverse("api-report-slot-template", args=[obj.pk])

    @extend_schema_field(ReportSubmissionSerializer(many=True))
    def get_versions(self, obj: ReportSlot) -> Any:
        user = self.context["request"].user
        versions = (
            queries.submissions_visible_to(user)
            .filter(slot=obj)
            .select_related("created_by", "approved_by")
            .order_by("version")
        )
        return ReportSubmissionSerializer(versions, many=True).data

    @extend_schema_field(ReportCopySerializer(many=True))
    def get_copies(self, obj: ReportSlot) -> Any:
        user = self.context["request"].user
        copies = obj.copies.select_related("copy_to", "duty", "submission").order_by("created_at", "pk")
        if not (rules.is_reporter_member(user, obj) or rules.is_receiver_member(user, obj)):
            copies = copies.filter(copy_to_id=user.organization_id)  # a copy-holder sees its own copies
        return ReportCopySerializer(copies, many=True).data

    @extend_schema_field(ReportPermissionsSerializer)
    def get_permissions(self, obj: ReportSlot) -> Any:
        user = self.context["request"].user
        return {
            "draft": rules.can_draft(user, obj),
            "approve": rules.can_approve(user, obj),
            "review": rules.can_review(user, obj),
        }


class ReportRequestSlotSerializer(_PunctualityMixin, serializers.ModelSerializer):
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


class ReportRequestSerializer(serializers.ModelSerializer):
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


class ReportPeriodCountsSerializer(serializers.Serializer):
    on_time = serializers.IntegerField(help_text="Đúng hạn")
    late = serializers.IntegerField(help_text="Trễ hạn")
    missing = serializers.IntegerField(help_text="Chưa gửi, đã quá hạn")
    pending = serializers.IntegerField(help_text="Chưa đến hạn")


class ReportPeriodRowSerializer(serializers.Serializer):
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


class ReportUpwardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    receiver = ReportOrganizationSerializer()
    period_label = serializers.CharField()
    due_on = serializers.DateField()
    state = enum(SlotState, "ReportSlotStateEnum")
    state_label = serializers.CharField(source="get_state_display")


class ReportPeriodTableSerializer(serializers.Serializer):
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


class ReportRemindedSerializer(serializers.Serializer):
    reminded = serializers.IntegerField(help_text="Số cơ quan được nhắc")


# --- input serializers -------------------------------------------------------------------------------


class _QuerySerializer(serializers.Serializer):
    """Query parameters; an empty one (?period=&state=) counts as not given."""

    def to_internal_value(self, data: Any) -> Any:
        values = super().to_internal_value(data)
        return {k: v for k, v in values.items() if v not in (None, "")}


class ReportSlotFilterSerializer(_QuerySerializer):
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


class ReportPeriodQuerySerializer(_QuerySerializer):
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


class ReportDraftSerializer(serializers.Serializer):
    document = UploadField(required=False, help_text="Văn bản báo cáo (bắt buộc ở bản đầu tiên)")
    figures = FiguresField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReportUploadSerializer(serializers.Serializer):
    xlsx = UploadField(help_text="Mẫu số liệu .xlsx đã điền (tải ở template.xlsx)")
    document = UploadField(required=False, help_text="Văn bản báo cáo (bắt buộc ở bản đầu tiên)")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReportReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReportReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Nội dung cần chỉnh sửa (bắt buộc)"
    )


class ReportRequestCreateSerializer(serializers.Serializer):
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


# --- helpers -----------------------------------------------------------------------------------------


def _valid(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def _slot_response(request: Request, pk: int) -> Response:
    slot = _get_or_404(_slots(request.user), pk=pk)
    return Response(ReportSlotDetailSerializer(slot, context=_context(request)).data)


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


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
PERIOD_PARAMETERS = [
    OpenApiParameter("obligation", int, description="Mã số nghĩa vụ báo cáo (kèm period)"),
    OpenApiParameter("period", str, description="Kỳ, ví dụ 2027-Q1 (kèm obligation)"),
    OpenApiParameter("request", int, description="Mã số yêu cầu báo cáo đột xuất, chuyên đề"),
]


# --- slots -------------------------------------------------------------------------------------------


class SlotListView(ListAPIView):
    """Report slots the user's organisation must send, receives or holds a copy of, by due date."""

    serializer_class = ReportSlotSerializer

    def get_queryset(self) -> Any:
        user = self.request.user
        f = _valid(ReportSlotFilterSerializer, self.request.query_params)
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
        return {**super().get_serializer_context(), "today": _today()}

    @extend_schema(
        operation_id="reports_slots_list",
        summary="Các kỳ báo cáo của cơ quan tôi (phải gửi, nhận, bản đồng gửi)",
        parameters=SLOT_PARAMETERS,
        responses={200: ReportSlotSerializer(many=True), **errors()},
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class SlotDetailView(APIView):
    @extend_schema(
        operation_id="reports_slots_retrieve",
        summary="Một kỳ báo cáo: các bản (bên nhận chỉ thấy bản đã gửi), chỉ tiêu, bản đồng gửi",
        responses={200: ReportSlotDetailSerializer, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return _slot_response(request, pk)


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
        slot = _get_or_404(_slots(request.user), pk=pk)
        v = _valid(ReportDraftSerializer, request.data)
        figures = v["figures"] if "figures" in v else _figure_fields(request.data)
        try:
            actions.save_draft(
                request.user, slot, document=v.get("document"), figures=figures, note=v.get("note", "")
            )
        except DomainError as exc:
            raise _document_field(exc) from None
        return _slot_response(request, pk)


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
        slot = _get_or_404(_slots(request.user), pk=pk)
        v = _valid(ReportUploadSerializer, request.data)
        try:
            actions.upload_figures(request.user, slot, v["xlsx"], document=v.get("document"), note=v["note"])
        except DomainError as exc:
            raise _document_field(exc) from None
        return _slot_response(request, pk)


class SlotTemplateView(APIView):
    @extend_schema(
        operation_id="reports_slots_template",
        summary="Tải mẫu số liệu .xlsx của kỳ báo cáo",
        responses={(200, XLSX_TYPE): OpenApiTypes.BINARY, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        slot = _get_or_404(_slots(request.user), pk=pk)
        indicators = actions.indicators_of(slot)
        obligation = actions.obligation_of(slot)
        if obligation is None or not indicators:
            raise Http404("Báo cáo này không có mẫu số liệu.")
        content = template(obligation, indicators, reporter=slot.reporter.name, period=slot.period_label)
        name = f"mau-so-lieu-{obligation.code}-{slot.period_key or slot.pk}.xlsx"
        return _download(content, name, XLSX_TYPE)


def _action(
    target: str, name: str, fn: Any, summary: str, serializer: type[serializers.Serializer] | None = None
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
        obj = _get_or_404(_slots(request.user) if on_slot else _submissions(request.user), pk=pk)
        kwargs = _valid(serializer, request.data) if serializer is not None else {}
        fn(request.user, obj, **kwargs)
        return _slot_response(request, pk if on_slot else obj.slot_id)

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
        submission = _get_or_404(queries.submissions_visible_to(request.user), pk=pk)
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


# --- the receiving body's period table ---------------------------------------------------------------


def _period(request: Request) -> PeriodTable:
    """The receiving body's table for one period of an obligation or for one request (404 for anyone else)."""
    q = _valid(ReportPeriodQuerySerializer, request.query_params)
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
    table = build_table(slots, indicators, _today())
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


def _period_name(table: PeriodTable) -> str:
    first = table.rows[0].slot
    if first.request_id:
        return f"yeu-cau-{first.request_id}"
    code = first.obligation.code if first.obligation else "bao-cao"
    return f"{code}-{first.period_key}"


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
        return _download(table_xlsx(table), f"tong-hop-{_period_name(table)}.xlsx", XLSX_TYPE)


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
        return _download(documents_zip(table), f"van-ban-{_period_name(table)}.zip", ZIP_TYPE)


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
        reminded = actions.send_reminders(request.user, [r.slot for r in table.rows])
        return Response({"reminded": reminded})


# --- ad hoc and thematic requests --------------------------------------------------------------------


def _requests(user: Any) -> QuerySet[ReportRequest]:
    slots = ReportSlot.objects.select_related("reporter").order_by("reporter__name", "pk")
    return (
        queries.requests_of(user)
        .select_related("regulation", "obligation", "receiver", "created_by")
        .prefetch_related(Prefetch("slots", queryset=slots))
    )


def _reporters(items: list[str]) -> list[Organization]:
    """Organisations by code, or by id for a number that is no organisation's code (order kept)."""
    ids = [int(i) for i in items if i.isdecimal() and len(i) < 19]  # isdigit() lets "²" through to int()
    found = list(Organization.objects.filter(Q(code__in=items) | Q(pk__in=ids)))
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


class RequestListView(ListAPIView):
    """Ad hoc and thematic report requests made by the user's organisation, newest first."""

    serializer_class = ReportRequestSerializer
    parser_classes = PARSERS

    def get_queryset(self) -> Any:
        return _requests(self.request.user).order_by("-created_at", "-pk")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": _today()}

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
        v = _valid(ReportRequestCreateSerializer, request.data)
        regulation = None
        if v["regulation"]:
            regulation = regulation_queries.current_version(v["regulation"])
            if regulation is None:
                raise DomainError(f"Không có quy chế mã {v['regulation']}.", field="regulation")
        obligation = None
        if v.get("obligation") is not None:
            obligation = (
                ReportingObligation.objects.select_related("regulation").filter(pk=v["obligation"]).first()
            )
            if obligation is None:
                raise DomainError("Không có nghĩa vụ báo cáo này.", field="obligation")
            if regulation is not None and obligation.regulation_id != regulation.pk:
                raise DomainError("Mẫu chỉ tiêu không thuộc quy chế đã chọn.", field="obligation")
        created = actions.create_request(
            request.user,
            origin=SlotOrigin(v["origin"]),
            subject=v["subject"],
            body=v["body"],
            reporters=_reporters(v["reporters"]),
            due_on=v.get("due_on"),
            working_days=v.get("working_days"),
            regulation=regulation,
            obligation=obligation,
        )
        obj = _requests(request.user).get(pk=created.pk)
        data = ReportRequestSerializer(obj, context=_context(request)).data
        return Response(data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("slots/", SlotListView.as_view(), name="api-report-slots"),
    path("slots/<int:pk>/", SlotDetailView.as_view(), name="api-report-slot"),
    path("slots/<int:pk>/draft/", SlotDraftView.as_view(), name="api-report-slot-draft"),
    path("slots/<int:pk>/xlsx/", SlotUploadView.as_view(), name="api-report-slot-xlsx"),
    path("slots/<int:pk>/template.xlsx", SlotTemplateView.as_view(), name="api-report-slot-template"),
    path("slots/<int:pk>/accept/", AcceptView.as_view(), name="api-report-slot-accept"),
    path("slots/<int:pk>/return/", ReturnView.as_view(), name="api-report-slot-return"),
    path("submissions/<int:pk>/submit/", SubmitView.as_view(), name="api-report-submit"),
    path("submissions/<int:pk>/return-draft/", ReturnDraftView.as_view(), name="api-report-return-draft"),
    path("submissions/<int:pk>/approve/", ApproveView.as_view(), name="api-report-approve"),
    path("submissions/<int:pk>/document/", SubmissionDocumentView.as_view(), name="api-report-document"),
    path("periods/", PeriodTableView.as_view(), name="api-report-period"),
    path("periods/xlsx/", PeriodXlsxView.as_view(), name="api-report-period-xlsx"),
    path("periods/documents.zip", PeriodDocumentsView.as_view(), name="api-report-period-documents"),
    path("periods/remind/", PeriodRemindView.as_view(), name="api-report-period-remind"),
    path("requests/", RequestListView.as_view(), name="api-report-requests"),
]
