"""API for coordination requests: lists, detail and every action, with the pages' permission rules.

Who sees what is decided in phoihop.consultations (queries.py, rules.py), the same functions the pages call:
- Every request follows queries.visible_to(user) (lists) or its one-object form queries.request_in_full_for
  (detail and actions, the same cost whatever the body's history): outsiders get 404 on the detail and every
  action.
- The sender's members and the authority of an escalation read every recipient's copy; a recipient reads its
  own copy only (another recipient's answer, answer files and position never appear in its JSON):
  rules.sees_every_delivery, rules.shown_deliveries, rules.shown_attachments.
- Delivery actions (answer, extension, receipt) are 404 for anyone who may not read that copy
  (queries.delivery_for, the one-object form of own_deliveries); so are files (queries.attachment_for).
- Domain errors become {"error", "detail", "fields"} bodies (phoihop.api.exceptions).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from phoihop.accounts.types import Actor, signed_in
from phoihop.api.error_responses import errors
from phoihop.api.fields import DATE_ERRORS, DATE_FORMATS, PARSERS, UploadField
from phoihop.api.pagination import MAX_LIMIT, read_keyset
from phoihop.api.regulations import RequestKindRuleSerializer
from phoihop.common.clock import local_date
from phoihop.common.errors import DomainError
from phoihop.consultations import queries, rules
from phoihop.consultations.domain import actions, assignment, editing, personnel
from phoihop.consultations.enums import (
    Channel,
    DeliveryState,
    DraftKind,
    DraftState,
    PersonnelProcedure,
    Position,
    RequestKind,
    RequestState,
)
from phoihop.consultations.forms import RETURN_REASON_REQUIRED, WITHDRAW_REASON_REQUIRED
from phoihop.consultations.models import AnswerDraft, Attachment, CoordinationRequest, Delivery
from phoihop.organizations import queries as organization_queries
from phoihop.regulations import queries as regulation_queries

TAG = "consultations"


def _choice(choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    """A choice field over one of the app's TextChoices (named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]
    so that the request's and the delivery's "state" get distinct enum components)."""
    return serializers.ChoiceField(choices=choices.choices, **kwargs)


# --- output serializers ----------------------------------------------------------------------------


def _official_name(request: CoordinationRequest) -> str | None:
    """The named official of a personnel consultation (kind "personnel"), else None."""
    return request.official.full_name if request.official_id is not None and request.official else None


class ConsultAnswerDraftSerializer(serializers.ModelSerializer[AnswerDraft]):
    """The live answer draft of a copy, inside the recipient (never shown to the sender or another body)."""

    kind = _choice(DraftKind)  # its own enum in the schema: settings.SPECTACULAR_SETTINGS ENUM_NAME_OVERRIDES
    state = _choice(DraftState)
    position = _choice(Position, allow_blank=True)
    drafted_by = serializers.CharField(source="drafted_by.__str__")

    class Meta:
        model = AnswerDraft
        fields = [
            "id",
            "kind",
            "state",
            "position",
            "text",
            "new_deadline",
            "extension_reason",
            "drafted_by",
            "submitted_at",
            "returned_reason",
            "updated_at",
        ]


class ConsultAssigneeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


def _internals(user: Any, deliveries: list[Delivery]) -> dict[str, Any]:
    """The serializer context of a list of copies: their live drafts and assignees, the user's own body's only
    (two queries at most, whatever the number of copies)."""
    return {
        "drafts": queries.live_drafts(user, deliveries),
        "assignees": queries.assignees_of(user, deliveries),
    }


class ConsultDeliverySerializer(serializers.ModelSerializer[Delivery]):
    recipient = serializers.CharField(source="recipient.code", help_text="Mã tổ chức nhận")
    recipient_name = serializers.CharField(source="recipient.name")
    state = _choice(DeliveryState)
    channel = _choice(Channel)
    position = _choice(Position, allow_blank=True)
    assignee = serializers.SerializerMethodField(
        help_text="Chuyên viên được giao xử lý: chỉ cán bộ của cơ quan nhận thấy (null với người khác)"
    )
    internal_deadline = serializers.SerializerMethodField(help_text="Hạn xử lý nội bộ: chỉ cơ quan nhận thấy")
    draft = serializers.SerializerMethodField(help_text="Dự thảo trả lời đang soạn: chỉ cơ quan nhận thấy")

    def _sees(self, obj: Delivery) -> bool:
        request = self.context.get("request")
        return request is not None and rules.sees_internal(request.user, obj)

    @extend_schema_field(ConsultAssigneeSerializer(allow_null=True))
    def get_assignee(self, obj: Delivery) -> Any:
        user = self.context.get("assignees", {}).get(obj.assignee_id) if self._sees(obj) else None
        return ConsultAssigneeSerializer(user).data if user is not None else None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_internal_deadline(self, obj: Delivery) -> Any:
        return obj.internal_deadline.isoformat() if self._sees(obj) and obj.internal_deadline else None

    @extend_schema_field(ConsultAnswerDraftSerializer(allow_null=True))
    def get_draft(self, obj: Delivery) -> Any:
        draft = self.context.get("drafts", {}).get(obj.pk) if self._sees(obj) else None
        return ConsultAnswerDraftSerializer(draft).data if draft is not None else None

    class Meta:
        model = Delivery
        fields = [
            "id",
            "recipient",
            "recipient_name",
            "state",
            "channel",
            "received_on",
            "incoming_number",
            "deadline",
            "original_deadline",
            "deadline_explanation",
            "extension_reason",
            "position",
            "answer_text",
            "answered_at",
            "deemed_at",
            "overdue",
            "assignee",
            "internal_deadline",
            "draft",
        ]


class ConsultInboxItemSerializer(ConsultDeliverySerializer):
    request_id = serializers.IntegerField()
    document_number = serializers.CharField(source="request.document_number")
    subject = serializers.CharField(source="request.subject")
    kind = _choice(RequestKind, source="request.kind")
    sender = serializers.CharField(source="request.sender.code")
    sender_name = serializers.CharField(source="request.sender.name")
    official = serializers.IntegerField(source="request.official_id", allow_null=True)
    official_name = serializers.SerializerMethodField()
    personnel_procedure = serializers.CharField(source="request.personnel_procedure")

    class Meta(ConsultDeliverySerializer.Meta):
        fields = [
            "request_id",
            "document_number",
            "subject",
            "kind",
            "sender",
            "sender_name",
            "official",
            "official_name",
            "personnel_procedure",
            *ConsultDeliverySerializer.Meta.fields,
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_official_name(self, obj: Delivery) -> str | None:
        return _official_name(obj.request)


class ConsultAttachmentSerializer(serializers.ModelSerializer[Attachment]):
    name = serializers.CharField(source="original_name")
    delivery = serializers.IntegerField(source="delivery_id", allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "name", "size", "content_type", "delivery", "url"]

    def get_url(self, obj: Attachment) -> str:
        return reverse("api-consult-attachment", args=[obj.pk])


class ConsultMeetingRecordSerializer(serializers.Serializer[Any]):
    held_on = serializers.DateField()
    participants = serializers.CharField()
    outcome = serializers.CharField()


class ConsultPositionSerializer(serializers.Serializer[Any]):
    recipient = serializers.CharField()
    recipient_id = serializers.IntegerField(allow_null=True, default=None)
    state = serializers.CharField()
    state_label = serializers.CharField()
    position = serializers.CharField(allow_blank=True)
    position_label = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)
    at = serializers.CharField(allow_null=True)


class ConsultEscalationRecordSerializer(serializers.Serializer[Any]):
    document_number = serializers.CharField(
        help_text="Số ký hiệu của báo cáo (sổ văn bản đi của cơ quan đề nghị)"
    )
    authority = serializers.CharField(source="authority.code")
    authority_name = serializers.CharField(source="authority.name")
    summary = serializers.CharField()
    positions = ConsultPositionSerializer(many=True)
    ruling = serializers.CharField(allow_blank=True)
    ruled_at = serializers.DateTimeField(allow_null=True)
    via = serializers.CharField(source="via.code", allow_null=True, default=None)
    via_name = serializers.CharField(source="via.name", allow_null=True, default=None)


class ConsultRequestSerializer(serializers.ModelSerializer[CoordinationRequest]):
    kind = _choice(RequestKind)
    state = _choice(RequestState)
    regulation = serializers.CharField(source="regulation.code")
    regulation_version = serializers.IntegerField(source="regulation.version")
    sender = serializers.CharField(source="sender.code")
    sender_name = serializers.CharField(source="sender.name")
    deliveries = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    meetings = serializers.SerializerMethodField()
    escalation = serializers.SerializerMethodField()
    rule = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()
    official_name = serializers.SerializerMethodField()

    class Meta:
        model = CoordinationRequest
        fields = [
            "id",
            "document_number",
            "kind",
            "subject",
            "body",
            "state",
            "regulation",
            "regulation_version",
            "sender",
            "sender_name",
            "official",
            "official_name",
            "personnel_procedure",
            "personnel_article",
            "stated_deadline",
            "stated_working_days",
            "rule",
            "warnings",
            "sent_at",
            "deliveries",
            "attachments",
            "meetings",
            "escalation",
        ]

    def _shown(self, obj: CoordinationRequest) -> list[Delivery]:
        return rules.shown_deliveries(self.context["request"].user, obj, obj.deliveries.all())

    def _nested(self, serializer: type[serializers.BaseSerializer[Any]], rows: Any) -> list[Any]:
        """rows through one instance of `serializer` per list, not one per row: DRF builds a ModelSerializer's
        fields on each new instance (most of a list's time, issue 10)."""
        cache: dict[type[Any], Any] = self.__dict__.setdefault("_nested_serializers", {})
        if serializer not in cache:
            cache[serializer] = serializer(context=self.context)
        one = cache[serializer]
        return [one.to_representation(row) for row in rows]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_official_name(self, obj: CoordinationRequest) -> str | None:
        return _official_name(obj)

    @extend_schema_field(RequestKindRuleSerializer(allow_null=True))
    def get_rule(self, obj: CoordinationRequest) -> Any:
        """The rule of this kind under the request's own regulation version (with its article)."""
        rule = obj.regulation.kind_rule(obj.kind)
        return self._nested(RequestKindRuleSerializer, [rule])[0] if rule is not None else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, obj: CoordinationRequest) -> list[str]:
        if not rules.sees_send_ahead_warning(self.context["request"].user, obj):
            return []
        warning = actions.send_ahead_warning(obj, local_date(timezone.now()))
        return [warning] if warning else []

    def _copies_serializer(self) -> ConsultDeliverySerializer:
        """One copy serializer for the whole list, its context holding the live drafts and assignees of every
        shown copy of every request of the list (of the page when in a list): two queries at most, however
        many requests."""
        cached: ConsultDeliverySerializer | None = self.__dict__.get("_copies")
        if cached is None:
            rows = (
                self.parent.instance
                if isinstance(self.parent, serializers.ListSerializer)
                else [self.instance]
            )
            shown = [d for r in rows or [] for d in self._shown(r)]
            context = {**self.context, **_internals(self.context["request"].user, shown)}
            cached = self.__dict__["_copies"] = ConsultDeliverySerializer(context=context)
        return cached

    @extend_schema_field(ConsultDeliverySerializer(many=True))
    def get_deliveries(self, obj: CoordinationRequest) -> Any:
        one = self._copies_serializer()
        return [one.to_representation(d) for d in self._shown(obj)]

    @extend_schema_field(ConsultAttachmentSerializer(many=True))
    def get_attachments(self, obj: CoordinationRequest) -> Any:
        files = rules.shown_attachments(obj.attachments.all(), self._shown(obj))
        return self._nested(ConsultAttachmentSerializer, files)

    @extend_schema_field(ConsultMeetingRecordSerializer(many=True))
    def get_meetings(self, obj: CoordinationRequest) -> Any:
        return self._nested(ConsultMeetingRecordSerializer, obj.meetings.all())

    @extend_schema_field(ConsultEscalationRecordSerializer(allow_null=True))
    def get_escalation(self, obj: CoordinationRequest) -> Any:
        escalation = rules.escalation_of(obj)
        if escalation is None:
            return None
        data: dict[str, Any] = dict(ConsultEscalationRecordSerializer(escalation).data)
        shown = queries.positions_shown(
            escalation.positions,
            sees_all=rules.sees_every_delivery(self.context["request"].user, obj),
            organization_ids={d.recipient_id for d in self._shown(obj)},
        )
        data["positions"] = ConsultPositionSerializer(shown, many=True).data
        return data


# --- input serializers -----------------------------------------------------------------------------


class ConsultCreateSerializer(serializers.Serializer[Any]):
    regulation = serializers.CharField(help_text="Mã quy chế, ví dụ 003")
    kind = _choice(RequestKind)
    subject = serializers.CharField(max_length=500)
    body = serializers.CharField(required=False, allow_blank=True, default="")
    recipients = serializers.ListField(
        child=serializers.CharField(), allow_empty=False, help_text="Mã các tổ chức được đề nghị"
    )
    paper_recipients = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        help_text="Mã các nơi nhận bằng văn bản giấy (văn thư vào sổ ngày nhận)",
    )
    stated_deadline = serializers.DateField(
        required=False, allow_null=True, input_formats=DATE_FORMATS, error_messages=DATE_ERRORS
    )
    stated_working_days = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=365,
        help_text="Thời hạn nêu trong văn bản, "
        "tính bằng số ngày làm việc kể từ ngày nhận (nếu quy chế cho phép)",
    )
    files = serializers.ListField(
        child=UploadField(), required=False, default=list, help_text="Tệp đính kèm (multipart)"
    )
    official = serializers.IntegerField(
        required=False, allow_null=True, help_text="Số định danh cán bộ được xin ý kiến (loại personnel)"
    )
    personnel_procedure = serializers.ChoiceField(
        choices=[("", ""), *PersonnelProcedure.choices],
        required=False,
        allow_blank=True,
        help_text="Quy trình công tác cán bộ (loại personnel)",
    )
    personnel_article = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=120,
        help_text="Điều khoản về xin ý kiến nhân sự; để trống: điều khoản phù hợp đầu tiên",
    )


class ConsultAnswerSerializer(serializers.Serializer[Any]):
    position = _choice(Position)
    text = serializers.CharField(required=False, allow_blank=True, default="")
    files = serializers.ListField(
        child=UploadField(), required=False, default=list, help_text="Tệp đính kèm (multipart)"
    )


class ConsultExtensionSerializer(serializers.Serializer[Any]):
    new_deadline = serializers.DateField(input_formats=DATE_FORMATS, error_messages=DATE_ERRORS)
    reason = serializers.CharField()


class ConsultReceiptSerializer(serializers.Serializer[Any]):
    received_on = serializers.DateField(input_formats=DATE_FORMATS, error_messages=DATE_ERRORS)
    incoming_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)


class ConsultMeetingSerializer(serializers.Serializer[Any]):
    held_on = serializers.DateField(input_formats=DATE_FORMATS, error_messages=DATE_ERRORS)
    participants = serializers.CharField()
    outcome = serializers.CharField()


class ConsultEscalateSerializer(serializers.Serializer[Any]):
    summary = serializers.CharField(required=False, allow_blank=True, default="")


class ConsultRulingSerializer(serializers.Serializer[Any]):
    ruling = serializers.CharField()


class ConsultWithdrawSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        max_length=1000,
        help_text="Lý do thu hồi (bắt buộc): hiện trên trang văn bản và trong thông báo gửi nơi nhận.",
        error_messages={"required": WITHDRAW_REASON_REQUIRED, "blank": WITHDRAW_REASON_REQUIRED},
    )


class ConsultAssignSerializer(serializers.Serializer[Any]):
    assignee = serializers.IntegerField(help_text="Mã (id) chuyên viên của cơ quan nhận")
    internal_deadline = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERRORS,
        help_text="Hạn xử lý nội bộ: có thể sớm hơn, không được muộn hơn hạn trả lời của cơ quan",
    )


class ConsultDraftSerializer(serializers.Serializer[Any]):
    kind = _choice(DraftKind, required=False, default=DraftKind.ANSWER.value)
    position = _choice(Position, required=False, allow_blank=True, default="")
    text = serializers.CharField(required=False, allow_blank=True, default="")
    new_deadline = serializers.DateField(
        required=False, allow_null=True, default=None, input_formats=DATE_FORMATS, error_messages=DATE_ERRORS
    )
    extension_reason = serializers.CharField(required=False, allow_blank=True, default="")


class ConsultDraftReturnSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        max_length=1000,
        error_messages={
            "required": "Hãy nêu lý do trả lại để người soạn sửa.",
            "blank": "Hãy nêu lý do trả lại để người soạn sửa.",
        },
    )


class ConsultNoInputSerializer(serializers.Serializer[Any]):
    pass


class ConsultReturnSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        max_length=1000,
        help_text="Lý do trả lại (bắt buộc): người soạn đọc trên trang văn bản.",
        error_messages={"required": RETURN_REASON_REQUIRED, "blank": RETURN_REASON_REQUIRED},
    )


# --- views -----------------------------------------------------------------------------------------


def _full(request: Request, pk: int) -> CoordinationRequest:
    obj = queries.request_in_full_for(request.user, pk)
    if obj is None:
        raise Http404
    return obj


def _detail(request: Request, pk: int) -> Response:
    obj = _full(request, pk)
    return Response(ConsultRequestSerializer(obj, context={"request": request}).data)


class RequestListView(ListAPIView[CoordinationRequest]):
    """Requests the user's organisation sent, received or must rule on, newest first."""

    serializer_class = ConsultRequestSerializer
    parser_classes = PARSERS

    def get_queryset(self) -> Any:
        return queries.visible_in_full(self.request.user).order_by("-created_at", "-pk")

    @extend_schema(
        operation_id="consultations_requests_list",
        summary="Văn bản đề nghị phối hợp của cơ quan tôi (gửi, nhận, phải kết luận)",
        responses={200: ConsultRequestSerializer(many=True), **errors()},
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="consultations_requests_create",
        summary="Soạn dự thảo văn bản đề nghị (JSON, hoặc multipart kèm tệp)",
        request=ConsultCreateSerializer,
        responses={201: ConsultRequestSerializer, **errors(413, 415, 422)},
        tags=[TAG],
    )
    def post(self, request: Request) -> Response:
        data = ConsultCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        user = signed_in(request.user)
        regulation = regulation_queries.current_version(v["regulation"])
        if regulation is None:
            raise DomainError(f"Không có quy chế mã {v['regulation']}.", field="regulation")
        codes = set(v["recipients"]) | set(v["paper_recipients"])
        orgs = {o.code: o for o in organization_queries.visible_to(user).filter(code__in=codes)}
        missing = sorted(codes - set(orgs))
        if missing:
            raise DomainError(f"Không có tổ chức mã: {', '.join(missing)}.", field="recipients")
        created = actions.create_request(
            user,
            regulation=regulation,
            kind=RequestKind(v["kind"]),
            subject=v["subject"],
            body=v["body"],
            recipients=[orgs[c] for c in v["recipients"]],
            stated_deadline=v.get("stated_deadline"),
            stated_working_days=v.get("stated_working_days"),
            paper_recipients=[orgs[c].pk for c in v["paper_recipients"]],
            files=v["files"],
            official=_official(v.get("official")),
            personnel_procedure=v.get("personnel_procedure", ""),
            personnel_article=v.get("personnel_article", ""),
        )
        response = _detail(request, created.pk)
        response.status_code = status.HTTP_201_CREATED
        return response


def _official(pk: int | None) -> Any:
    """The official a personnel request names, by id (the domain decides whether the sender may ask about them;
    an unknown id gets the same message as one out of reach)."""
    if pk is None:
        return None
    official = queries.official_by_id(pk)
    if official is None:
        raise DomainError(personnel.OUT_OF_REACH, field="official")
    return official


class RequestDetailView(APIView):
    @extend_schema(
        operation_id="consultations_requests_retrieve",
        summary="Một văn bản đề nghị: nơi nhận, ý kiến, tệp, cuộc họp, báo cáo cấp có thẩm quyền",
        responses={200: ConsultRequestSerializer, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return _detail(request, pk)

    @extend_schema(
        operation_id="consultations_requests_partial_update",
        summary="Sửa dự thảo chưa trình (các trường không gửi giữ nguyên; tệp gửi kèm được thêm vào)",
        request=ConsultCreateSerializer,
        responses={200: ConsultRequestSerializer, **errors(404, 409, 413, 415, 422)},
        tags=[TAG],
    )
    def patch(self, request: Request, pk: int) -> Response:
        req = _full(request, pk)
        if not rules.may_edit_drafts_of(request.user, req):  # the pages' rule: 404 for anyone else
            raise Http404
        data = ConsultCreateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        user = signed_in(request.user)
        current = editing.draft_initial(req)
        regulation = req.regulation
        if "regulation" in v:
            chosen = regulation_queries.current_version(v["regulation"])
            if chosen is None:
                raise DomainError(f"Không có quy chế mã {v['regulation']}.", field="regulation")
            regulation = chosen
        codes = set(v.get("recipients", [])) | set(v.get("paper_recipients", []))
        visible = organization_queries.visible_to(user)
        orgs = {o.code: o for o in visible.filter(code__in=codes)}
        missing = sorted(codes - set(orgs))
        if missing:
            raise DomainError(f"Không có tổ chức mã: {', '.join(missing)}.", field="recipients")
        if "recipients" in v:
            recipients = [orgs[c] for c in v["recipients"]]
        else:
            recipients = list(visible.filter(pk__in=current["recipients"]))
        if "paper_recipients" in v:
            paper = [orgs[c].pk for c in v["paper_recipients"]]
        else:
            paper = list(current["paper_recipients"])
        editing.update_draft(
            user,
            req,
            regulation=regulation,
            kind=RequestKind(v.get("kind", current["kind"])),
            subject=v.get("subject", current["subject"]),
            body=v.get("body", current["body"]),
            recipients=recipients,
            stated_deadline=v.get("stated_deadline", current["stated_deadline"]),
            stated_working_days=v.get("stated_working_days", current["stated_working_days"]),
            paper_recipients=paper,
            files=v.get("files", []),
            official=_official(v.get("official", current["official"])),
            personnel_procedure=v.get("personnel_procedure", current["personnel_procedure"]),
            personnel_article=v.get("personnel_article", current["personnel_article"]),
        )
        return _detail(request, pk)


class KeysetPagination(BasePagination):
    """Pages of the inbox and the outbox read by key (queries.inbox_page, queries.outbox_page): `limit` rows
    (1 to 200, 50 by default) from `cursor`, a position written by this API in `next` and `previous`. No total
    count: counting every copy a body ever received is what a page must not cost. A cursor not written here is
    a 400 (`bad_cursor`)."""

    default_limit = 50

    def __init__(self) -> None:
        self.page: queries.Page[Any] | None = None
        self.request: Request | None = None

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any]:
        raise NotImplementedError("KeysetPagination pages through read(), not a queryset")

    def read(self, request: Request, read: Callable[[str | None, int], queries.Page[Any]]) -> list[Any]:
        self.request = request
        self.page = read_keyset(request, read, self.default_limit)
        return self.page.rows

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None or self.request is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), "cursor", cursor)

    def get_paginated_response(self, data: Any) -> Response:
        page = self.page
        return Response(
            {
                "next": self._link(page.next if page else None),
                "previous": self._link(page.previous if page else None),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "Vị trí trang, lấy từ next hoặc previous của trang trước",
                "schema": {"type": "string"},
            },
            {
                "name": "limit",
                "required": False,
                "in": "query",
                "description": f"Số dòng mỗi trang (1–{MAX_LIMIT}, mặc định {self.default_limit})",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
            },
        ]


class InboxListView(ListAPIView[Delivery]):
    """Copies addressed to the user's organisation (sent requests only): open copies nearest deadline first,
    those without a deadline after them, then the handled ones latest first; keyset pages."""

    serializer_class = ConsultInboxItemSerializer
    pagination_class = KeysetPagination

    def get_queryset(self) -> Any:
        return queries.inbox(self.request.user)

    @extend_schema(
        operation_id="consultations_inbox_list",
        summary="Văn bản đến",
        responses={200: ConsultInboxItemSerializer(many=True), **errors()},
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        paginator: KeysetPagination = self.paginator  # type: ignore[assignment]
        rows = paginator.read(
            request, lambda cursor, size: queries.inbox_page(request.user, cursor, size, full=True)
        )
        context = {**self.get_serializer_context(), **_internals(request.user, list(rows))}
        data = ConsultInboxItemSerializer(rows, many=True, context=context).data
        return paginator.get_paginated_response(data)


class OutboxListView(ListAPIView[CoordinationRequest]):
    """Requests drafted or sent by the user's organisation, newest first; keyset pages."""

    serializer_class = ConsultRequestSerializer
    pagination_class = KeysetPagination

    def get_queryset(self) -> Any:
        return queries.outbox(self.request.user)

    @extend_schema(
        operation_id="consultations_outbox_list",
        summary="Văn bản đi",
        responses={200: ConsultRequestSerializer(many=True), **errors()},
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        paginator: KeysetPagination = self.paginator  # type: ignore[assignment]
        rows = paginator.read(
            request, lambda cursor, size: queries.outbox_in_full_page(request.user, cursor, size)
        )
        return paginator.get_paginated_response(self.get_serializer(rows, many=True).data)


def _request_action(
    name: str, fn: Any, summary: str, serializer: type[serializers.Serializer[Any]] | None = None
) -> type[APIView]:
    """One APIView class per action, with its own class name and operation id (no schema collisions)."""

    @extend_schema(
        operation_id=f"consultations_requests_{name}",
        summary=summary,
        request=serializer,
        responses={200: ConsultRequestSerializer, **errors(404, 409, 413, 415, 422)},
        tags=[TAG],
    )
    def post(self: APIView, request: Request, pk: int) -> Response:
        obj = _full(request, pk)
        if serializer is not None:
            s = serializer(data=request.data)
            s.is_valid(raise_exception=True)
            fn(request.user, obj, **s.validated_data)
        else:
            fn(request.user, obj)
        return _detail(request, pk)

    class_name = "Request" + name.title().replace("_", "") + "View"
    return type(
        class_name,
        (APIView,),
        {"parser_classes": PARSERS, "post": post, "__doc__": summary, "__module__": __name__},
    )


def _delivery_action(
    name: str, fn: Any, summary: str, serializer: type[serializers.Serializer[Any]]
) -> type[APIView]:
    @extend_schema(
        operation_id=f"consultations_deliveries_{name}",
        summary=summary,
        request=serializer,
        responses={200: ConsultDeliverySerializer, **errors(404, 409, 413, 415, 422)},
        tags=[TAG],
    )
    def post(self: APIView, request: Request, pk: int) -> Response:
        delivery = queries.delivery_for(request.user, pk)
        if delivery is None:
            raise Http404
        s = serializer(data=request.data)
        s.is_valid(raise_exception=True)
        fn(request.user, delivery, **s.validated_data)
        delivery.refresh_from_db()
        context = {"request": request, **_internals(request.user, [delivery])}
        return Response(ConsultDeliverySerializer(delivery, context=context).data)

    class_name = "Delivery" + name.title().replace("_", "") + "View"
    return type(
        class_name,
        (APIView,),
        {"parser_classes": PARSERS, "post": post, "__doc__": summary, "__module__": __name__},
    )


def _rule(user: Actor, obj: CoordinationRequest, ruling: str) -> None:
    escalation = rules.escalation_of(obj)
    if escalation is None:
        raise DomainError("Văn bản này chưa được báo cáo cấp có thẩm quyền.", code="not_escalated")
    actions.record_ruling(user, escalation, ruling=ruling)


class AttachmentDownloadView(APIView):
    @extend_schema(
        operation_id="consultations_attachments_download",
        summary="Tải tệp đính kèm",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        att = queries.attachment_for(request.user, pk)
        if att is None:
            raise Http404
        try:
            handle = att.file.open("rb")
        except OSError as exc:
            raise Http404 from exc
        return FileResponse(handle, as_attachment=True, filename=att.original_name)


SubmitView = _request_action("submit", lambda u, r: actions.submit_for_approval(u, r), "Trình lãnh đạo duyệt")
ApproveView = _request_action(
    "approve", lambda u, r: actions.approve_and_send(u, r), "Lãnh đạo ký, cấp số và gửi văn bản"
)
ReturnView = _request_action("return", actions.return_to_draft, "Trả lại dự thảo", ConsultReturnSerializer)
WithdrawView = _request_action(
    "withdraw", actions.withdraw_request, "Thu hồi văn bản", ConsultWithdrawSerializer
)
CloseView = _request_action("close", lambda u, r: actions.close_request(u, r), "Kết thúc văn bản")
MeetingView = _request_action(
    "meeting", actions.record_meeting, "Ghi nhận cuộc họp lãnh đạo hai bên", ConsultMeetingSerializer
)
EscalateView = _request_action(
    "escalate", actions.escalate, "Báo cáo cấp có thẩm quyền, kèm toàn bộ ý kiến", ConsultEscalateSerializer
)
RulingView = _request_action("ruling", _rule, "Cấp có thẩm quyền ghi kết luận", ConsultRulingSerializer)
AnswerView = _delivery_action(
    "answer", actions.answer, "Trả lời (JSON, hoặc multipart kèm tệp)", ConsultAnswerSerializer
)
ExtensionView = _delivery_action(
    "extension", actions.notify_extension, "Báo cần thêm thời gian (gia hạn)", ConsultExtensionSerializer
)


def _assign(user: Actor, delivery: Delivery, assignee: int, internal_deadline: Any) -> None:
    specialists = queries.assignable_specialists(delivery)
    assignment.assign_specialist(user, delivery, assignee, specialists, internal_deadline=internal_deadline)


AssignView = _delivery_action(
    "assign",
    _assign,
    "Giao xử lý cho chuyên viên (lãnh đạo, hoặc văn thư theo chỉ đạo)",
    ConsultAssignSerializer,
)
DraftView = _delivery_action(
    "draft",
    lambda u, d, **v: assignment.save_draft(u, d, **v),
    "Soạn hoặc sửa dự thảo trả lời / báo gia hạn",
    ConsultDraftSerializer,
)
DraftSubmitView = _delivery_action(
    "draft_submit",
    lambda u, d: assignment.submit_draft(u, assignment.draft_of(u, d)),
    "Trình lãnh đạo duyệt dự thảo trả lời",
    ConsultNoInputSerializer,
)
DraftApproveView = _delivery_action(
    "draft_approve",
    lambda u, d: assignment.approve_draft(u, assignment.draft_of(u, d, deciding=True)),
    "Lãnh đạo duyệt, ký và gửi dự thảo trả lời",
    ConsultNoInputSerializer,
)
DraftReturnView = _delivery_action(
    "draft_return",
    lambda u, d, reason: assignment.return_draft(u, assignment.draft_of(u, d, deciding=True), reason),
    "Lãnh đạo trả lại dự thảo trả lời, kèm lý do",
    ConsultDraftReturnSerializer,
)
ReceiptView = _delivery_action(
    "receipt",
    lambda u, d, received_on, incoming_number: actions.record_receipt(u, d, received_on, incoming_number),
    "Văn thư vào sổ ngày nhận văn bản giấy",
    ConsultReceiptSerializer,
)

urlpatterns = [
    path("requests/", RequestListView.as_view(), name="api-consult-requests"),
    path("requests/<int:pk>/", RequestDetailView.as_view(), name="api-consult-request"),
    path("requests/<int:pk>/submit/", SubmitView.as_view(), name="api-consult-submit"),
    path("requests/<int:pk>/approve/", ApproveView.as_view(), name="api-consult-approve"),
    path("requests/<int:pk>/return/", ReturnView.as_view(), name="api-consult-return"),
    path("requests/<int:pk>/withdraw/", WithdrawView.as_view(), name="api-consult-withdraw"),
    path("requests/<int:pk>/close/", CloseView.as_view(), name="api-consult-close"),
    path("requests/<int:pk>/meeting/", MeetingView.as_view(), name="api-consult-meeting"),
    path("requests/<int:pk>/escalate/", EscalateView.as_view(), name="api-consult-escalate"),
    path("requests/<int:pk>/ruling/", RulingView.as_view(), name="api-consult-ruling"),
    path("inbox/", InboxListView.as_view(), name="api-consult-inbox"),
    path("outbox/", OutboxListView.as_view(), name="api-consult-outbox"),
    path("deliveries/<int:pk>/answer/", AnswerView.as_view(), name="api-consult-answer"),
    path("deliveries/<int:pk>/assign/", AssignView.as_view(), name="api-consult-assign"),
    path("deliveries/<int:pk>/draft/", DraftView.as_view(), name="api-consult-draft"),
    path("deliveries/<int:pk>/draft/submit/", DraftSubmitView.as_view(), name="api-consult-draft-submit"),
    path("deliveries/<int:pk>/draft/approve/", DraftApproveView.as_view(), name="api-consult-draft-approve"),
    path("deliveries/<int:pk>/draft/return/", DraftReturnView.as_view(), name="api-consult-draft-return"),
    path("deliveries/<int:pk>/extension/", ExtensionView.as_view(), name="api-consult-extension"),
    path("deliveries/<int:pk>/receipt/", ReceiptView.as_view(), name="api-consult-receipt"),
    path("attachments/<int:pk>/", AttachmentDownloadView.as_view(), name="api-consult-attachment"),
]
