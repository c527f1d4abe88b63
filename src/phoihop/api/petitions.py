"""API of petitions (issue 13, points 1, 2, 7): the register (filters, keyset pages), a petition, registering one,
and each decision (classify, accept, transfer, guide, file, report the result, report to the Ban). The same rules
as the pages (petitions.rules, petitions.queries): a petition the user does not see is a 404; an action the user
may not take a 403 with its message; signers appear by their handles only."""

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

from phoihop.accounts.types import Actor, signed_in
from phoihop.api.error_responses import errors
from phoihop.api.pagination import MAX_LIMIT, read_keyset
from phoihop.common.errors import NotAllowed
from phoihop.identities.domain.protect import Person
from phoihop.petitions import queries, rules
from phoihop.petitions.domain import actions
from phoihop.petitions.enums import Channel, PetitionKind, PetitionState
from phoihop.petitions.models import Petition

TAG = "petitions"
DEFAULT_LIMIT = 50
REVIEW_LISTS = ("complex", "prolonged", "backlog", "mass")


class PetitionRowSerializer(serializers.ModelSerializer[Petition]):
    register_code = serializers.CharField(read_only=True)

    class Meta:
        model = Petition
        fields = [
            "id",
            "register_code",
            "year",
            "number",
            "received_on",
            "channel",
            "kind",
            "title",
            "state",
            "anonymous",
            "complex",
            "prolonged",
            "backlog",
            "mass",
            "result_overdue",
        ]


class PetitionDetailSerializer(serializers.ModelSerializer[Petition]):
    register_code = serializers.CharField(read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    signers = serializers.SerializerMethodField()
    subjects = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    source_petition = serializers.SerializerMethodField()
    anonymous_notice = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()

    class Meta:
        model = Petition
        fields = [
            "id",
            "register_code",
            "organization",
            "organization_name",
            "year",
            "number",
            "received_on",
            "channel",
            "kind",
            "title",
            "content",
            "anonymous",
            "anonymous_notice",
            "signer_count",
            "state",
            "within_competence",
            "complex",
            "prolonged",
            "backlog",
            "mass",
            "classified_on",
            "accepted_on",
            "decided_on",
            "decision_note",
            "transferred_to",
            "transfer_letter",
            "transferred_on",
            "result_due_on",
            "result_overdue",
            "result_text",
            "result_on",
            "closed_on",
            "matter",
            "source_petition",
            "signers",
            "subjects",
            "deadlines",
            "events",
            "permissions",
        ]

    def get_signers(self, obj: Petition) -> list[str]:
        """The signers' handles (never an identity)."""
        return [s.identity.handle for s in queries.signers_of(obj)]

    def get_subjects(self, obj: Petition) -> list[dict[str, Any]]:
        return [
            {
                "official": s.official_id,
                "official_name": s.official.full_name if s.official else None,
                "organization": s.organization_id,
                "organization_name": s.organization.name if s.organization else None,
            }
            for s in queries.subjects_of(obj)
        ]

    def get_deadlines(self, obj: Petition) -> list[dict[str, Any]]:
        return [
            {
                "rule": d.rule,
                "starts_on": d.starts_on.isoformat(),
                "due_on": d.due_on.isoformat(),
                "extended_to": d.extended_to.isoformat() if d.extended_to else None,
                "done_on": d.done_on.isoformat() if d.done_on else None,
                "overdue": d.overdue,
            }
            for d in queries.deadlines_of(obj)
        ]

    def get_events(self, obj: Petition) -> list[dict[str, Any]]:
        return [{"kind": e.kind, "at": e.at.isoformat(), "text": e.text} for e in queries.events_of(obj)]

    def get_source_petition(self, obj: Petition) -> dict[str, Any] | None:
        source = queries.source_of(self.context["request"].user, obj)
        if source is None:
            return None
        return {
            "organization": source.organization_id,
            "organization_name": source.organization.name,
            "transfer_letter": source.transfer_letter,
            "transferred_on": source.transferred_on.isoformat() if source.transferred_on else None,
        }

    def get_anonymous_notice(self, obj: Petition) -> str | None:
        return rules.anonymous_notice(obj)

    def get_permissions(self, obj: Petition) -> dict[str, bool]:
        return rules.petition_permissions(self.context["request"].user, obj)


class PetitionPageSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = PetitionRowSerializer(many=True)


class SignerSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    contact = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RegisterSerializer(serializers.Serializer[Any]):
    received_on = serializers.DateField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    kind = serializers.ChoiceField(choices=PetitionKind.choices)
    title = serializers.CharField(max_length=300)
    content = serializers.CharField()
    anonymous = serializers.BooleanField(required=False, default=False)
    signers = SignerSerializer(many=True, required=False, default=list)
    signer_count = serializers.IntegerField(required=False, allow_null=True, min_value=1, default=None)
    official_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    organization_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class ClassifySerializer(serializers.Serializer[Any]):
    within_competence = serializers.BooleanField()
    complex = serializers.BooleanField(required=False, default=False)
    prolonged = serializers.BooleanField(required=False, default=False)
    backlog = serializers.BooleanField(required=False, default=False)
    mass = serializers.BooleanField(required=False, default=False)


class DecisionSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TransferSerializer(serializers.Serializer[Any]):
    to_organization = serializers.IntegerField(help_text="Mã cơ quan có thẩm quyền nhận đơn")
    letter = serializers.CharField(max_length=100, help_text="Số văn bản chuyển đơn")
    on = serializers.DateField()
    result_due_on = serializers.DateField(help_text="Hạn cơ quan nhận báo cáo kết quả (003, điểm 4.1.đ)")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PetitionResultSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    text = serializers.CharField()


class ReportToBanSerializer(serializers.Serializer[Any]):
    note = serializers.CharField()


def _link(request: Request, cursor: str | None) -> str | None:
    return replace_query_param(request.build_absolute_uri(), "cursor", cursor) if cursor else None


def _petition(request: Request, pk: int) -> Petition:
    petition = queries.petition_for(request.user, pk)
    if petition is None:
        raise Http404
    return petition


def _detail(request: Request, petition: Petition, status: int = 200) -> Response:
    return Response(PetitionDetailSerializer(petition, context={"request": request}).data, status=status)


def _filters(request: Request) -> dict[str, Any]:
    q = request.query_params
    f: dict[str, Any] = {}
    if q.get("kind") in PetitionKind.values:
        f["kind"] = q["kind"]
    if q.get("state") in PetitionState.values:
        f["state"] = q["state"]
    if q.get("review") in REVIEW_LISTS:
        f["review"] = q["review"]
    text = " ".join((q.get("q") or "").split())[:100]
    if text:
        f["q"] = text
    return f


def _allowed(actor: Actor, petition: Petition, name: str, refusal: str) -> None:
    if not rules.petition_permissions(actor, petition).get(name):
        raise NotAllowed(rules.refusal(refusal))


class PetitionListView(APIView):
    @extend_schema(
        operation_id="petitions_list",
        summary="Sổ đơn thư của cơ quan, mới nhận trước (phân trang theo khóa)",
        parameters=[
            OpenApiParameter(
                "kind", str, description="Loại đơn: complaint, denunciation, petition, feedback"
            ),
            OpenApiParameter("state", str, description="Trạng thái"),
            OpenApiParameter(
                "review", str, description="Danh sách rà soát: complex, prolonged, backlog, mass (004, 3.7)"
            ),
            OpenApiParameter("q", str, description="Tìm trong trích yếu, nội dung (có dấu hoặc không dấu)"),
            OpenApiParameter("cursor", str, description="Vị trí trang, lấy từ next của trang trước"),
            OpenApiParameter("limit", int, description=f"Số dòng mỗi trang (1–{MAX_LIMIT})"),
        ],
        responses={200: PetitionPageSerializer, **errors()},
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        filters = _filters(request)
        page = read_keyset(
            request,
            lambda cursor, limit: queries.register_page(request.user, filters, cursor, limit),
            DEFAULT_LIMIT,
        )
        return Response(
            {
                "next": _link(request, page.next),
                "previous": _link(request, page.previous),
                "results": PetitionRowSerializer(page.rows, many=True).data,
            }
        )

    @extend_schema(
        operation_id="petitions_register",
        summary="Vào sổ một đơn thư (người ký được lưu dưới dạng danh tính được bảo vệ)",
        request=RegisterSerializer,
        responses={201: PetitionDetailSerializer, **errors()},
        tags=[TAG],
    )
    def post(self, request: Request) -> Response:
        actor = signed_in(request.user)
        if not rules.can_register(actor) or actor.organization_id is None:
            raise NotAllowed(rules.refusal("register"))
        s = RegisterSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        intake = actions.Intake(
            received_on=v["received_on"],
            channel=v["channel"],
            kind=v["kind"],
            title=v["title"],
            content=v["content"],
            anonymous=v["anonymous"],
            signers=[Person(**signer) for signer in v["signers"]],
            signer_count=v["signer_count"],
            official_ids=v["official_ids"],
            organization_ids=v["organization_ids"],
        )
        petition = actions.register(organization_id=actor.organization_id, intake=intake, actor=actor)
        found = queries.petition_for(actor, petition.pk)
        return _detail(request, found or petition, 201)


class PetitionDetailView(APIView):
    @extend_schema(
        operation_id="petitions_retrieve",
        summary="Một đơn thư: phân loại, thời hạn, theo dõi chuyển đơn, quá trình (người ký chỉ bằng bí danh)",
        responses={200: PetitionDetailSerializer, **errors(404)},
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return _detail(request, _petition(request, pk))


def _reloaded(request: Request, petition: Petition) -> Response:
    found = queries.petition_for(request.user, petition.pk)
    if found is None:  # pragma: no cover - the receiving body always still sees its petition
        raise Http404
    return _detail(request, found)


class PetitionClassifyView(APIView):
    @extend_schema(
        operation_id="petitions_classify",
        summary="Phân loại đơn: thẩm quyền; phức tạp, kéo dài, tồn đọng, đông người",
        request=ClassifySerializer,
        responses={200: PetitionDetailSerializer, **errors(404, 409)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        petition = _petition(request, pk)
        actor = signed_in(request.user)
        _allowed(actor, petition, "classify", "classify")
        s = ClassifySerializer(data=request.data)
        s.is_valid(raise_exception=True)
        actions.classify(petition, actions.Classification(**s.validated_data), actor=actor)
        return _reloaded(request, petition)


def _decision(name: str, summary: str, run: Any) -> type[APIView]:
    class DecisionView(APIView):
        @extend_schema(
            operation_id=f"petitions_{name}",
            summary=summary,
            request=DecisionSerializer,
            responses={200: PetitionDetailSerializer, **errors(404, 409)},
            tags=[TAG],
        )
        def post(self, request: Request, pk: int) -> Response:
            petition = _petition(request, pk)
            actor = signed_in(request.user)
            _allowed(actor, petition, name, "decide")
            s = DecisionSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            run(petition, on=s.validated_data["on"], note=s.validated_data["note"], actor=actor)
            return _reloaded(request, petition)

    DecisionView.__name__ = DecisionView.__qualname__ = f"Petition{name.title()}View"
    return DecisionView


PetitionAcceptView = _decision("accept", "Thụ lý giải quyết đơn", actions.accept)
PetitionGuideView = _decision("guide", "Hướng dẫn người gửi (kết thúc đơn)", actions.guide)
PetitionFileView = _decision("file", "Lưu đơn (kết thúc đơn)", actions.file_away)


class PetitionTransferView(APIView):
    @extend_schema(
        operation_id="petitions_transfer",
        summary="Chuyển đơn đến cơ quan có thẩm quyền (chỉ bản đã che thông tin người gửi), theo dõi kết quả",
        request=TransferSerializer,
        responses={200: PetitionDetailSerializer, **errors(404, 409)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        petition = _petition(request, pk)
        actor = signed_in(request.user)
        _allowed(actor, petition, "transfer", "decide")
        s = TransferSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        actions.transfer(
            petition,
            actions.TransferInput(
                to_organization_id=v["to_organization"],
                letter=v["letter"],
                on=v["on"],
                result_due_on=v["result_due_on"],
                note=v["note"],
            ),
            actor=actor,
        )
        return _reloaded(request, petition)


class PetitionResultView(APIView):
    @extend_schema(
        operation_id="petitions_report_result",
        summary="Báo cáo kết quả giải quyết (kết thúc đơn; đơn được chuyển đến: báo cả cơ quan chuyển)",
        request=PetitionResultSerializer,
        responses={200: PetitionDetailSerializer, **errors(404, 409)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        petition = _petition(request, pk)
        actor = signed_in(request.user)
        _allowed(actor, petition, "report_result", "report_result")
        s = PetitionResultSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        actions.report_result(petition, on=s.validated_data["on"], text=s.validated_data["text"], actor=actor)
        return _reloaded(request, petition)


class PetitionReportToBanView(APIView):
    @extend_schema(
        operation_id="petitions_report_to_ban",
        summary="Báo cáo Ban Nội chính đơn đông người, phức tạp (003, điểm 4.2.c)",
        request=ReportToBanSerializer,
        responses={200: PetitionDetailSerializer, **errors(404, 409)},
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        petition = _petition(request, pk)
        actor = signed_in(request.user)
        _allowed(actor, petition, "report_to_ban", "report_to_ban")
        s = ReportToBanSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        actions.report_to_ban(petition, note=s.validated_data["note"], actor=actor)
        return _reloaded(request, petition)


urlpatterns = [
    path("", PetitionListView.as_view(), name="api-petition-list"),
    path("<int:pk>/", PetitionDetailView.as_view(), name="api-petition-detail"),
    path("<int:pk>/classify/", PetitionClassifyView.as_view(), name="api-petition-classify"),
    path("<int:pk>/accept/", PetitionAcceptView.as_view(), name="api-petition-accept"),
    path("<int:pk>/transfer/", PetitionTransferView.as_view(), name="api-petition-transfer"),
    path("<int:pk>/guide/", PetitionGuideView.as_view(), name="api-petition-guide"),
    path("<int:pk>/file/", PetitionFileView.as_view(), name="api-petition-file"),
    path("<int:pk>/result/", PetitionResultView.as_view(), name="api-petition-result"),
    path("<int:pk>/report-to-ban/", PetitionReportToBanView.as_view(), name="api-petition-report-ban"),
]
