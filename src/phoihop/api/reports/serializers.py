"""Serializers shared by the modules of the reports API: organisations, indicators, a slot (in lists and in
full, with its versions, copies and the user's permissions), punctuality, and query-parameter validation."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from phoihop.api.fields import EnumField, enum
from phoihop.regulations.models import ReportIndicator
from phoihop.reports import queries, rules
from phoihop.reports.domain import actions
from phoihop.reports.domain.consolidation import punctuality
from phoihop.reports.enums import Punctuality, SlotOrigin, SlotState, SubmissionState
from phoihop.reports.models import ReportCopy, ReportSlot, ReportSubmission

from .common import today


class ReportOrganizationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    abbreviation = serializers.CharField()


class ReportIndicatorRefSerializer(serializers.ModelSerializer[ReportIndicator]):
    class Meta:
        model = ReportIndicator
        fields = ["code", "label"]


class PunctualityMixin(serializers.Serializer[Any]):
    punctuality = serializers.SerializerMethodField()
    punctuality_label = serializers.SerializerMethodField()

    def _punctuality(self, slot: ReportSlot) -> Punctuality:
        return punctuality(slot, self.context.get("today") or today())

    @extend_schema_field(EnumField(Punctuality.choices, "ReportPunctualityEnum"))
    def get_punctuality(self, obj: ReportSlot) -> str:
        return str(self._punctuality(obj).value)

    def get_punctuality_label(self, obj: ReportSlot) -> str:
        return str(self._punctuality(obj).label)


class ReportSlotSerializer(PunctualityMixin, serializers.ModelSerializer[ReportSlot]):
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


class ReportSubmissionSerializer(serializers.ModelSerializer[ReportSubmission]):
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


class ReportCopySerializer(serializers.ModelSerializer[ReportCopy]):
    copy_to = ReportOrganizationSerializer()
    submission = serializers.IntegerField(source="submission_id")
    version = serializers.IntegerField(source="submission.version")
    duty = serializers.CharField(source="duty.code")
    article = serializers.CharField(source="duty.article")

    class Meta:
        model = ReportCopy
        fields = ["id", "copy_to", "submission", "version", "duty", "article", "created_at"]


# rules.slot_permissions(user, slot).api(): the same answer the slot's page offers (no docstring: it would become
# the component's description in the schema).
class ReportPermissionsSerializer(serializers.Serializer[Any]):
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

    def _versions(self, obj: ReportSlot) -> list[ReportSubmission]:
        """The versions the user may read (read once: the versions and the permissions use them)."""
        cache: dict[int, list[ReportSubmission]] = self.context.setdefault("versions", {})
        if obj.pk not in cache:
            user = self.context["request"].user
            cache[obj.pk] = list(
                queries.submissions_visible_to(user)
                .filter(slot=obj)
                .select_related("created_by", "approved_by")
                .order_by("version")
            )
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
        return ReportSubmissionSerializer(self._versions(obj), many=True).data

    @extend_schema_field(ReportCopySerializer(many=True))
    def get_copies(self, obj: ReportSlot) -> Any:
        copies = queries.slot_copies(self.context["request"].user, obj)
        return ReportCopySerializer(copies, many=True).data

    @extend_schema_field(ReportPermissionsSerializer)
    def get_permissions(self, obj: ReportSlot) -> Any:
        draft = next((v for v in self._versions(obj) if v.state != SubmissionState.SENT), None)
        return rules.slot_permissions(self.context["request"].user, obj, draft=draft).api()


class QuerySerializer(serializers.Serializer[Any]):
    """Query parameters; an empty one (?period=&state=) counts as not given."""

    def to_internal_value(self, data: Any) -> Any:
        values = super().to_internal_value(data)
        return {k: v for k, v in values.items() if v not in (None, "")}
