"""Regulations API: the current versions, and one regulation with every rule as data and as a sentence."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView

from phoihop.api.error_responses import errors
from phoihop.regulations import queries
from phoihop.regulations.describe import (
    adoption_sentence,
    asking_sentence,
    consultation_sentence,
    copy_to_sentence,
    designation_sentence,
    disagreement_sentence,
    due_text,
    evaluation_sentence,
    extension_sentence,
    kind_sentence,
    meeting_sentence,
    monitoring_sentence,
    report_sentence,
)
from phoihop.regulations.enums import READING_LABEL, ContentSection
from phoihop.regulations.models import (
    ConsultationRule,
    Content,
    CopyToDuty,
    DesignationDuty,
    EvaluationDuty,
    MeetingRule,
    MonitoringDuty,
    Party,
    Reading,
    Regulation,
    ReportIndicator,
    ReportingObligation,
    RequestKindRule,
)


class ActorSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(help_text="Loại tổ chức (OrganizationKind)")
    level = serializers.CharField(help_text="Cấp (Level)")
    name = serializers.CharField(help_text="Tên trong văn bản")


class RegulationListSerializer(serializers.ModelSerializer[Regulation]):
    doc_type_label = serializers.CharField(source="get_doc_type_display")
    display_name = serializers.CharField(help_text="Số hiệu, hoặc tên ngắn khi văn bản không có số")
    is_current = serializers.BooleanField()

    class Meta:
        model = Regulation
        fields = [
            "code",
            "version",
            "number",
            "display_name",
            "doc_type",
            "doc_type_label",
            "title",
            "short_title",
            "issuer_name",
            "issuer_kind",
            "issuer_level",
            "issued_on",
            "effective_from",
            "replaces",
            "is_current",
        ]


class PartySerializer(serializers.ModelSerializer[Party]):
    kind_label = serializers.CharField(source="get_kind_display")
    level_label = serializers.CharField(source="get_level_display")

    class Meta:
        model = Party
        fields = ["role", "kind", "kind_label", "level", "level_label", "name", "note", "article"]


class ContentSerializer(serializers.ModelSerializer[Content]):
    class Meta:
        model = Content
        fields = ["ref", "actor", "text"]


class ConsultationSerializer(serializers.ModelSerializer[ConsultationRule]):
    sentence = serializers.SerializerMethodField()
    extension_sentence = serializers.SerializerMethodField()
    disagreement_sentence = serializers.SerializerMethodField()

    class Meta:
        model = ConsultationRule
        fields = [
            "working_days",
            "counted_from",
            "deemed_consent",
            "shared_responsibility",
            "allow_request_stated_period",
            "in_writing",
            "article",
            "deemed_consent_article",
            "extension_policy",
            "extension_requires_notice",
            "extension_notice_in_writing",
            "extension_notice_before_deadline",
            "extension_requires_new_date",
            "extension_lead_working_days",
            "extension_total_cap_working_days",
            "extension_article",
            "disagreement_article",
            "disagreement_text",
            "disagreement_route",
            "disagreement_reading",
            "urgent_note",
            "reading",
            "extension_reading",
            "sentence",
            "extension_sentence",
            "disagreement_sentence",
        ]

    def get_sentence(self, obj: ConsultationRule) -> str:
        return consultation_sentence(obj)

    def get_extension_sentence(self, obj: ConsultationRule) -> str:
        return extension_sentence(obj)

    def get_disagreement_sentence(self, obj: ConsultationRule) -> str:
        return disagreement_sentence(obj)


class MeetingSerializer(serializers.ModelSerializer[MeetingRule]):
    sentence = serializers.SerializerMethodField()

    class Meta:
        model = MeetingRule
        fields = [
            "code",
            "kind",
            "host",
            "documents_lead_working_days",
            "article",
            "text",
            "reading",
            "sentence",
        ]

    def get_sentence(self, obj: MeetingRule) -> str:
        return meeting_sentence(obj)


class IndicatorSerializer(serializers.ModelSerializer[ReportIndicator]):
    class Meta:
        model = ReportIndicator
        fields = ["code", "label"]


class DueSerializer(serializers.Serializer[Any]):
    type = serializers.CharField(source="due_type")
    month = serializers.IntegerField(source="due_month", allow_null=True)
    day = serializers.IntegerField(source="due_day", allow_null=True)
    system_rule = serializers.CharField(source="due_system_rule", allow_blank=True)
    text = serializers.SerializerMethodField()

    def get_text(self, obj: ReportingObligation) -> str:
        return due_text(obj)


class ReportingSerializer(serializers.ModelSerializer[ReportingObligation]):
    reporters = ActorSerializer(many=True)
    receiver = serializers.SerializerMethodField()
    due = DueSerializer(source="*")
    indicators = IndicatorSerializer(many=True)
    sentence = serializers.SerializerMethodField()

    class Meta:
        model = ReportingObligation
        fields = [
            "code",
            "title",
            "period",
            "reporters",
            "receiver",
            "via",
            "due",
            "article",
            "text",
            "indicators",
            "reading",
            "sentence",
        ]

    @extend_schema_field(ActorSerializer)
    def get_receiver(self, obj: ReportingObligation) -> dict[str, str]:
        return {"kind": obj.receiver_kind, "level": obj.receiver_level, "name": obj.receiver_name}

    def get_sentence(self, obj: ReportingObligation) -> str:
        return report_sentence(obj)


class CopyToSerializer(serializers.ModelSerializer[CopyToDuty]):
    senders = ActorSerializer(many=True)
    original_receivers = ActorSerializer(many=True)
    copy_to = serializers.SerializerMethodField()
    sentence = serializers.SerializerMethodField()

    class Meta:
        model = CopyToDuty
        fields = ["code", "senders", "original_receivers", "copy_to", "scope", "article", "sentence"]

    @extend_schema_field(ActorSerializer)
    def get_copy_to(self, obj: CopyToDuty) -> dict[str, str]:
        return {"kind": obj.copy_to_kind, "level": obj.copy_to_level, "name": obj.copy_to_name}

    def get_sentence(self, obj: CopyToDuty) -> str:
        return copy_to_sentence(obj)


class MonitoringSerializer(serializers.ModelSerializer[MonitoringDuty]):
    actor = serializers.SerializerMethodField()
    targets = ActorSerializer(many=True)
    sentence = serializers.SerializerMethodField()

    class Meta:
        model = MonitoringDuty
        fields = [
            "code",
            "actor",
            "actor_role",
            "targets",
            "frequency_count",
            "frequency_period",
            "article",
            "text",
            "reading",
            "sentence",
        ]

    @extend_schema_field(ActorSerializer)
    def get_actor(self, obj: MonitoringDuty) -> dict[str, str]:
        return {"kind": obj.actor_kind, "level": obj.actor_level, "name": obj.actor_name}

    def get_sentence(self, obj: MonitoringDuty) -> str:
        return monitoring_sentence(obj)


class DesignationSerializer(serializers.ModelSerializer[DesignationDuty]):
    notifiers = ActorSerializer(many=True)
    recipients = ActorSerializer(many=True)
    triggers = serializers.ListField(child=serializers.CharField())
    sentence = serializers.SerializerMethodField()

    class Meta:
        model = DesignationDuty
        fields = [
            "code",
            "notifiers",
            "recipients",
            "subject",
            "triggers",
            "in_writing",
            "article",
            "text",
            "sentence",
        ]

    def get_sentence(self, obj: DesignationDuty) -> str:
        return designation_sentence(obj)


class EvaluationSerializer(serializers.ModelSerializer[EvaluationDuty]):
    evaluators = ActorSerializer(many=True)
    receiver = serializers.SerializerMethodField()
    sentence = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationDuty
        fields = ["code", "evaluators", "receiver", "period", "subject", "article", "sentence"]

    @extend_schema_field(ActorSerializer)
    def get_receiver(self, obj: EvaluationDuty) -> dict[str, str]:
        return {"kind": obj.receiver_kind, "level": obj.receiver_level, "name": obj.receiver_name}

    def get_sentence(self, obj: EvaluationDuty) -> str:
        return evaluation_sentence(obj)


class ReadingSerializer(serializers.ModelSerializer[Reading]):
    reading_label = serializers.SerializerMethodField()

    class Meta:
        model = Reading
        fields = ["target", "source", "reading_label", "text"]

    def get_reading_label(self, obj: Reading) -> str:
        """Every Reading is shown as the system's reading, never as the text of an article."""
        return str(READING_LABEL)


class RequestKindRuleSerializer(serializers.ModelSerializer[RequestKindRule]):
    """What a regulation version says of one request kind, with its article and the system's reading."""

    sentence = serializers.SerializerMethodField()
    reading_label = serializers.SerializerMethodField()

    class Meta:
        model = RequestKindRule
        fields = [
            "kind",
            "answer_period",
            "working_days",
            "stated_period",
            "send_ahead_working_days",
            "deemed_consent",
            "shared_responsibility",
            "extension",
            "article",
            "deemed_consent_article",
            "sentence",
            "reading",
            "reading_label",
        ]

    def get_sentence(self, obj: RequestKindRule) -> str:
        return kind_sentence(obj, getattr(obj.regulation, "consultation_rule", None))

    def get_reading_label(self, obj: RequestKindRule) -> str:
        return str(READING_LABEL) if obj.reading else ""


class VersionSerializer(serializers.ModelSerializer[Regulation]):
    is_current = serializers.BooleanField()

    class Meta:
        model = Regulation
        fields = ["version", "loaded_at", "superseded_at", "is_current", "content_hash"]


def _section(obj: Regulation, section: str) -> list[dict[str, Any]]:
    items = [c for c in obj.contents.all() if c.section == section]
    return list(ContentSerializer(items, many=True).data)


class AdoptionSerializer(serializers.Serializer[Any]):
    level = serializers.CharField()
    area = serializers.CharField()
    note = serializers.CharField()
    sentence = serializers.CharField()
    partner_to_partner = serializers.BooleanField()
    asking = serializers.CharField()


class RegulationDetailSerializer(RegulationListSerializer):
    parties = PartySerializer(many=True)
    contents = serializers.SerializerMethodField()
    duties = serializers.SerializerMethodField()
    principles = serializers.SerializerMethodField()
    consultation = serializers.SerializerMethodField()
    request_kinds = RequestKindRuleSerializer(source="request_kind_rules", many=True)
    adoption = serializers.SerializerMethodField()
    meetings = MeetingSerializer(source="meeting_rules", many=True)
    reports = ReportingSerializer(source="reporting_obligations", many=True)
    copy_to = CopyToSerializer(source="copy_to_duties", many=True)
    monitoring = MonitoringSerializer(source="monitoring_duties", many=True)
    designations = DesignationSerializer(source="designation_duties", many=True)
    evaluations = EvaluationSerializer(source="evaluation_duties", many=True)
    readings = ReadingSerializer(many=True)
    versions = serializers.SerializerMethodField()

    class Meta(RegulationListSerializer.Meta):
        fields = [
            *RegulationListSerializer.Meta.fields,
            "subject",
            "signer",
            "signer_title",
            "effective_note",
            "province",
            "district",
            "context_note",
            "derivation_note",
            "source_file",
            "content_hash",
            "loaded_at",
            "superseded_at",
            "parties",
            "contents",
            "duties",
            "principles",
            "consultation",
            "request_kinds",
            "adoption",
            "meetings",
            "reports",
            "copy_to",
            "monitoring",
            "designations",
            "evaluations",
            "readings",
            "versions",
        ]

    @extend_schema_field(AdoptionSerializer)
    def get_adoption(self, obj: Regulation) -> dict[str, Any]:
        return {
            "level": obj.adopted_level,
            "area": obj.adopted_area,
            "note": obj.adoption_note,
            "sentence": adoption_sentence(obj),
            "partner_to_partner": obj.partner_to_partner,
            "asking": asking_sentence(obj),
        }

    @extend_schema_field(ContentSerializer(many=True))
    def get_contents(self, obj: Regulation) -> list[dict[str, Any]]:
        return _section(obj, ContentSection.CONTENT)

    @extend_schema_field(ContentSerializer(many=True))
    def get_duties(self, obj: Regulation) -> list[dict[str, Any]]:
        return _section(obj, ContentSection.DUTY)

    @extend_schema_field(ContentSerializer(many=True))
    def get_principles(self, obj: Regulation) -> list[dict[str, Any]]:
        return _section(obj, ContentSection.PRINCIPLE)

    @extend_schema_field(ConsultationSerializer(allow_null=True))
    def get_consultation(self, obj: Regulation) -> dict[str, Any] | None:
        try:
            rule = obj.consultation_rule
        except ConsultationRule.DoesNotExist:
            return None
        return dict(ConsultationSerializer(rule).data)

    @extend_schema_field(VersionSerializer(many=True))
    def get_versions(self, obj: Regulation) -> list[dict[str, Any]]:
        return list(VersionSerializer(getattr(obj, "all_versions", [obj]), many=True).data)


class RegulationListView(ListAPIView[Regulation]):
    """Current versions of every regulation."""

    serializer_class = RegulationListSerializer

    def get_queryset(self) -> QuerySet[Regulation]:
        return (
            queries.visible_to(self.request.user)
            .filter(superseded_by__isnull=True)
            .order_by("code")
            .defer("full_text", "data")
        )

    @extend_schema(
        operation_id="regulations_list",
        summary="Danh sách quy chế (phiên bản hiện hành)",
        responses={200: RegulationListSerializer(many=True), **errors()},
    )
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)


class RegulationDetailView(RetrieveAPIView[Regulation]):
    """One regulation (current version, or ?version=N) with every rule as data and in plain Vietnamese."""

    serializer_class = RegulationDetailSerializer

    def get_object(self) -> Regulation:
        visible = queries.visible_to(self.request.user).filter(code=self.kwargs["code"])
        wanted = self.request.query_params.get("version", "")
        qs = (
            visible.filter(version=int(wanted))
            if wanted.isdecimal()  # not isdigit(): int() refuses superscripts such as "²"
            else visible.filter(superseded_by__isnull=True)
        )
        reg = queries.with_rules(qs.defer("full_text", "data")).first()
        if reg is None:
            raise Http404("Không có quy chế này.")
        versions = visible.order_by("-version").only(
            "id", "version", "loaded_at", "superseded_at", "superseded_by", "content_hash"
        )
        setattr(reg, "all_versions", list(versions))  # noqa: B010 - read by get_versions
        return reg

    @extend_schema(
        operation_id="regulations_detail",
        summary="Một quy chế với đầy đủ quy tắc",
        parameters=[
            OpenApiParameter(
                "version", OpenApiTypes.INT, required=False, description="Phiên bản (mặc định: hiện hành)"
            )
        ],
        responses={200: RegulationDetailSerializer, **errors(404)},
    )
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)


urlpatterns = [
    path("", RegulationListView.as_view(), name="api-regulation-list"),
    path("<str:code>/", RegulationDetailView.as_view(), name="api-regulation-detail"),
]
