"""Each action on a case: allowed (exact outcome and audit row), refused (its message, nothing written), and
stage moves only as the data allows."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from phoihop.audit.models import AuditEvent
from phoihop.cases.domain import actions
from phoihop.cases.enums import EventKind, ProgressState
from phoihop.cases.models import Case, CaseEvent, CaseOfficial, CaseOrganization, ProgressRequest
from phoihop.common.errors import DomainError, InvalidTransition, NotAllowed

from .conftest import at, new_official, open_case_at

pytestmark = pytest.mark.django_db


def _events() -> int:
    return AuditEvent.objects.count()


def test_the_ban_opens_a_case(p) -> None:
    before = _events()
    case = open_case_at(p, "2027-01-29", level="steering", title="Vụ sai phạm đất đai")
    assert (case.stage, case.lead_id, case.locality_id, case.monitor_id) == (
        "received",
        p.ban.pk,
        p.xa1.pk,
        p.bcd.pk,
    )
    assert case.regulation_code == "003"
    assert case.opened_on == case.last_moved_on == dt.date(2027, 1, 29)
    # 10 working days after Fri 29/01/2027, Tết (04–10/02) not counted
    assert case.stale_on == dt.date(2027, 2, 19)
    assert (case.stale, case.closed) == (False, False)
    event = AuditEvent.objects.order_by("-seq").first()
    assert _events() == before + 1
    assert (event.action, event.summary) == ("created", "Mở theo dõi vụ án, vụ việc: Vụ sai phạm đất đai")
    assert list(CaseEvent.objects.filter(case=case).values_list("kind", "to_stage")) == [
        ("opened", "received")
    ]


def test_a_district_case_falls_under_004(p) -> None:
    assert open_case_at(p, "2027-01-29", locality=p.hu).regulation_code == "004"


@pytest.mark.parametrize("who", ["xa1_cv", "ban_clerk", "btv_leader", "outsider_cv", "bcd_cv"])
def test_only_the_bans_specialists_and_leaders_open(p, who: str) -> None:
    with pytest.raises(NotAllowed, match="Chỉ chuyên viên, lãnh đạo Ban Nội chính Tỉnh ủy được mở"):
        actions.open_case(getattr(p, who), title="X", category="corruption", level="local", locality=p.xa1)
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("kw", "field", "message"),
    [
        ({"title": "  "}, "title", "Hãy nhập tên vụ án, vụ việc."),
        ({"category": "tham_nhung"}, "category", "Hãy chọn loại vụ án, vụ việc trong danh sách."),
        ({"level": "tinh"}, "level", "Hãy chọn diện theo dõi trong danh sách."),
        ({"locality": "women"}, "locality", "Địa phương phải là cấp ủy xã, phường hoặc huyện."),
        (
            {"level": "steering"},
            "monitor",
            "Vụ án, vụ việc thuộc diện Ban Chỉ đạo tỉnh theo dõi, chỉ đạo: hãy chọn Ban Chỉ đạo.",
        ),
        ({"monitor": "bcd"}, "monitor", "Diện theo dõi này không có Ban Chỉ đạo theo dõi, chỉ đạo."),
    ],
)
def test_bad_input_is_refused_on_its_field(p, kw, field: str, message: str) -> None:
    args = {"title": "X", "category": "corruption", "level": "local", "locality": p.xa1, "monitor": None}
    for k, v in kw.items():
        args[k] = getattr(p, v) if k in ("locality", "monitor") else v
    with pytest.raises(DomainError) as exc:
        actions.open_case(p.ban_cv, **args)
    assert (exc.value.field, exc.value.message) == (field, message)
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(action="created").exists()


def test_move_as_the_data_allows_restarts_the_clock(p) -> None:
    case = open_case_at(p, "2027-01-29")
    with time_machine.travel(at("2027-02-01", 10), tick=False):
        actions.move_stage(p.ban_cv, case, "verification", "Giao Công an xác minh")
    case.refresh_from_db()
    assert (case.stage, case.last_moved_on) == ("verification", dt.date(2027, 2, 1))
    # 15 working days (Ban Nội chính level) after Mon 01/02/2027, Tết not counted
    assert case.stale_on == dt.date(2027, 3, 1)
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.summary) == ("transition", "Chuyển giai đoạn: Tiếp nhận → Xác minh")
    assert event.data == {"from": "received", "to": "verification", "note": "Giao Công an xác minh"}
    assert list(case.events.values_list("kind", "from_stage", "to_stage", "text"))[-1] == (
        EventKind.MOVED,
        "received",
        "verification",
        "Giao Công an xác minh",
    )


def test_a_move_the_data_does_not_allow_is_refused(p) -> None:
    case = open_case_at(p, "2027-01-29")
    before = _events()
    with pytest.raises(
        InvalidTransition, match="Không thể chuyển vụ án, vụ việc từ giai đoạn “Tiếp nhận” sang “Xét xử”."
    ):
        actions.move_stage(p.ban_cv, case, "trial")
    case.refresh_from_db()
    assert (case.stage, _events(), case.events.count()) == ("received", before, 1)


def test_closing_is_its_own_action_and_a_leaders(p) -> None:
    case = open_case_at(p, "2027-01-29")
    with pytest.raises(DomainError, match="hãy dùng thao tác “Kết thúc”"):
        actions.move_stage(p.ban_cv, case, "closed")
    with pytest.raises(NotAllowed, match="Chỉ lãnh đạo của cơ quan chủ trì được kết thúc"):
        actions.close_case(p.ban_cv, case)
    with time_machine.travel(at("2027-02-01", 10), tick=False):
        actions.close_case(p.ban_leader, case, "Không có dấu hiệu tội phạm")
    case.refresh_from_db()
    assert (case.stage, case.closed, case.closed_on, case.stale_on) == (
        "closed",
        True,
        dt.date(2027, 2, 1),
        None,
    )
    with pytest.raises(DomainError, match="Vụ án, vụ việc đã kết thúc: không thể thay đổi."):
        actions.move_stage(p.ban_cv, case, "verification")


@pytest.mark.parametrize("who", ["xa1_cv", "xa1_leader", "ban_clerk", "bcd_cv"])
def test_only_the_lead_moves_and_adds(p, who: str) -> None:
    case = open_case_at(p, "2027-01-29")
    user = getattr(p, who)
    official = new_official("Nguyễn Văn An", workplace=p.xa1)
    for call in (
        lambda: actions.move_stage(user, case, "verification"),
        lambda: actions.add_official(user, case, official, "subject"),
        lambda: actions.add_organization(user, case, p.ubkt),
        lambda: actions.request_progress(user, case, "Báo cáo"),
    ):
        with pytest.raises(NotAllowed, match="Chỉ chuyên viên, lãnh đạo của cơ quan chủ trì"):
            call()
    assert (
        CaseOfficial.objects.count(),
        CaseOrganization.objects.count(),
        ProgressRequest.objects.count(),
    ) == (0, 0, 0)


def test_officials_and_bodies_involved(p) -> None:
    case = open_case_at(p, "2027-01-29")
    official = new_official("Trần Thị Bình", workplace=p.xa1)
    actions.add_official(p.ban_cv, case, official, "subject", "Chủ tịch UBND xã")
    assert AuditEvent.objects.order_by("-seq").first().summary == "Thêm cán bộ liên quan: Trần Thị Bình"
    with pytest.raises(DomainError, match="Cán bộ này đã có trong vụ án, vụ việc."):
        actions.add_official(p.ban_cv, case, official, "related")
    with pytest.raises(DomainError, match="Hãy chọn vai trò trong danh sách."):
        actions.add_official(p.ban_cv, case, new_official("Lê C"), "boss")
    actions.add_organization(p.ban_cv, case, p.ubkt, "Kiểm tra đảng viên")
    with pytest.raises(DomainError, match="Cơ quan này đã có trong vụ án, vụ việc."):
        actions.add_organization(p.ban_cv, case, p.ubkt)
    with pytest.raises(DomainError, match="Cơ quan này đã theo dõi vụ án, vụ việc."):
        actions.add_organization(p.ban_cv, case, p.xa1)
    assert list(case.officials.values_list("official__full_name", "role")) == [("Trần Thị Bình", "subject")]
    assert list(case.organizations.values_list("organization_id", flat=True)) == [p.ubkt.pk]


def test_progress_request_due_across_tet_and_answered_by_the_locality(p) -> None:
    case = open_case_at(p, "2027-01-29")
    with time_machine.travel(at("2027-02-01", 10), tick=False):
        request = actions.request_progress(p.ban_cv, case, "Báo cáo kết quả xác minh")
    # 5 working days after Mon 01/02/2027: 02, 03, (Tết 04–10), 11, 12, 15
    assert (request.asked_on, request.due_on, request.working_days) == (
        dt.date(2027, 2, 1),
        dt.date(2027, 2, 15),
        5,
    )
    assert (
        AuditEvent.objects.order_by("-seq").first().summary
        == "Yêu cầu địa phương báo cáo tiến độ, hạn 15/02/2027"
    )
    for who in ("ban_cv", "xa2_cv", "xa1_clerk"):
        with pytest.raises(NotAllowed, match="Chỉ chuyên viên, lãnh đạo của địa phương được báo cáo tiến độ"):
            actions.answer_progress(getattr(p, who), request, "Đã xong")
    with pytest.raises(DomainError, match="Hãy nhập nội dung báo cáo tiến độ."):
        actions.answer_progress(p.xa1_cv, request, " ")
    with time_machine.travel(at("2027-02-12", 10), tick=False):
        actions.answer_progress(p.xa1_cv, request, "Đang xác minh")
    request.refresh_from_db()
    assert (request.state, request.answer, request.answered_on) == (
        ProgressState.ANSWERED,
        "Đang xác minh",
        dt.date(2027, 2, 12),
    )
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.data) == ("transition", {"from": "open", "to": "answered"})
    with pytest.raises(DomainError, match="Yêu cầu này đã được trả lời."):
        actions.answer_progress(p.xa1_cv, request, "Lại")


def test_a_stated_number_of_days_and_a_bad_one(p) -> None:
    case = open_case_at(p, "2027-01-29")
    with time_machine.travel(at("2027-02-01", 10), tick=False):
        assert actions.request_progress(p.ban_cv, case, "X", 2).due_on == dt.date(2027, 2, 3)
        with pytest.raises(DomainError, match="Số ngày làm việc phải từ 1 đến 60."):
            actions.request_progress(p.ban_cv, case, "X", 0)
        with pytest.raises(DomainError, match="Hãy nhập nội dung yêu cầu báo cáo."):
            actions.request_progress(p.ban_cv, case, "")
