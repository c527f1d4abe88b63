"""Each reception action: allowed (exact rows and audit event), refused with its Vietnamese message (nothing
written), and the written answer's due date from the legal rule at its exact boundary across Tết 2027."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from phoihop.audit.models import AuditEvent
from phoihop.common.errors import DomainError, InvalidTransition, NotAllowed
from phoihop.identities.domain.protect import Person
from phoihop.identities.models import Identity
from phoihop.officials.models import Official
from phoihop.reception.domain import actions
from phoihop.reception.models import FollowUp, PlannedDay, ReceptionSession, SessionVisitor

from .conftest import VISITOR, at, day, plan_at, record_at

pytestmark = pytest.mark.django_db


def _events(obj) -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))
        .order_by("seq")
        .values_list("action", "summary")
    )


def test_plan_a_day_and_its_audit_row(p) -> None:
    planned = plan_at(p, "2027-03-01", "2027-03-05", place="Trụ sở Đảng ủy")
    assert (
        planned.organization_id,
        planned.day,
        planned.state,
        planned.secretary_user_id,
        planned.place,
    ) == (
        p.xa1.pk,
        day("2027-03-05"),
        "planned",
        p.xa1_leader.pk,
        "Trụ sở Đảng ủy",
    )
    assert _events(planned) == [("created", "Lên lịch tiếp dân ngày 05/03/2027")]


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"on": "2027-03-05"}, "Ngày 05/03/2027 đã có trong lịch tiếp dân."),
        ({"on": "2027-02-26"}, "Không thể lên lịch cho tháng đã qua."),
        (
            {"on": "2027-03-06", "secretary_user": "xa2_leader"},
            "Người tiếp dân phải là người của cấp ủy mình.",
        ),
        (
            {"on": "2027-03-06", "secretary_user": None},
            "Hãy chọn bí thư cấp ủy tiếp dân: một người dùng của cơ quan hoặc một cán bộ trong danh sách cán bộ.",
        ),
    ],
)
def test_planning_refused(p, kw, message) -> None:
    plan_at(p, "2027-03-01", "2027-03-05")
    before = (PlannedDay.objects.count(), AuditEvent.objects.count())
    user = kw.get("secretary_user", "xa1_leader")
    with pytest.raises(DomainError) as err:
        plan_at(p, "2027-03-01", kw["on"], secretary_user=getattr(p, user) if user else None)
    assert err.value.message == message
    assert (PlannedDay.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("who", ["ban_cv", "outsider_cv", "btv_leader", "ubkt_cv"])
def test_only_a_party_committee_keeps_a_schedule(p, who) -> None:
    with pytest.raises(NotAllowed) as err:
        plan_at(p, "2027-03-01", "2027-03-05", who=getattr(p, who), secretary_user=getattr(p, who))
    assert err.value.message.startswith("Chỉ văn thư, chuyên viên, lãnh đạo của cấp ủy tổ chức tiếp dân")
    assert PlannedDay.objects.count() == 0


def test_an_official_of_the_registry_may_receive_if_the_body_manages_them(p) -> None:
    own = Official.objects.create(full_name="Lê Văn Bí", name_key="le van bi", workplace=p.xa1)
    other = Official.objects.create(full_name="Lê Văn Khác", name_key="le van khac", workplace=p.xa2)
    planned = plan_at(p, "2027-03-01", "2027-03-05", secretary_user=None, secretary_official=own)
    assert planned.secretary_name == "Lê Văn Bí"
    with pytest.raises(DomainError) as err:
        plan_at(p, "2027-03-01", "2027-03-06", secretary_user=None, secretary_official=other)
    assert err.value.message == "Cán bộ tiếp dân phải công tác tại hoặc thuộc diện cấp ủy mình quản lý."
    assert err.value.field == "secretary_official"


def test_cancel_a_day_needs_a_reason_and_happens_once(p) -> None:
    planned = plan_at(p, "2027-03-01", "2027-03-05")
    with time_machine.travel(at("2027-03-02"), tick=False):
        with pytest.raises(DomainError) as err:
            actions.cancel_day(p.xa1_cv, planned, "  ")
        assert err.value.message == "Hãy nêu lý do hủy ngày tiếp dân."
        with pytest.raises(NotAllowed):
            actions.cancel_day(p.xa2_cv, planned, "Bận")
        actions.cancel_day(p.xa1_clerk, planned, "Bí thư đi công tác")
        planned.refresh_from_db()
        assert planned.state == "cancelled"
        with pytest.raises(InvalidTransition) as err:
            actions.cancel_day(p.xa1_cv, planned, "Lần nữa")
        assert err.value.message == "Không thể chuyển ngày tiếp dân từ trạng thái “Đã hủy” sang “Đã hủy”."
    assert _events(planned)[-1] == ("transition", "Hủy ngày tiếp dân 05/03/2027")
    # a cancelled day can be planned again
    assert plan_at(p, "2027-03-02", "2027-03-05").state == "planned"


def test_recording_a_planned_day_holds_it_and_protects_each_person(p) -> None:
    planned = plan_at(p, "2027-03-01", "2027-03-05")
    session = record_at(
        p,
        "2027-03-05",
        people=3,
        visitors=(Person(VISITOR, "thôn Một", "0912345678"), Person("Phạm Văn Hai")),
        matters=("Đường thôn Một xuống cấp", "  ", "Cấp giấy chứng nhận quyền sử dụng đất chậm"),
        conclusions="Giao UBND xã kiểm tra",
    )
    planned.refresh_from_db()
    assert planned.state == "held"
    assert (session.kind, session.planned_day_id, session.people_count, session.matters_count) == (
        "periodic",
        planned.pk,
        3,
        2,
    )
    assert [m.text for m in session.matters.order_by("position")] == [
        "Đường thôn Một xuống cấp",
        "Cấp giấy chứng nhận quyền sử dụng đất chậm",
    ]
    visitors = list(SessionVisitor.objects.filter(session=session).select_related("identity"))
    assert [v.position for v in visitors] == [1, 2]
    assert {v.identity.organization_id for v in visitors} == {p.xa1.pk}
    assert Identity.objects.count() == 2
    event = AuditEvent.objects.filter(target_type="reception.receptionsession", action="created").get()
    assert event.summary == (
        "Ghi nhận buổi tiếp dân ngày 05/03/2027: 3 người, 2 vụ việc, hạn trả lời bằng văn bản 19/03/2027"
    )
    assert event.data["identities"] == 2
    everything = " ".join(str(e.summary) + str(e.data) for e in AuditEvent.objects.all())
    assert VISITOR not in everything
    assert "Nguyen Thi Hong Nhung" not in everything


def test_a_day_not_planned_is_ad_hoc_and_answered_on_the_spot_owes_nothing(p) -> None:
    session = record_at(p, "2027-03-08", answered_on_spot=True)
    assert (session.kind, session.answer_state, session.answer_due_on, session.answer_rule) == (
        "ad_hoc",
        "on_spot",
        None,
        "",
    )


@pytest.mark.parametrize(
    ("kw", "field", "message"),
    [
        ({"people": 0}, "people_count", "Số người đến phải từ 1 đến 10000."),
        (
            {"people": 1, "visitors": (Person("A"), Person("B"))},
            "people_count",
            "Số người đến (1) ít hơn số người đã ghi danh tính (2).",
        ),
        ({"matters": (" ",)}, "matters", "Hãy ghi ít nhất một nội dung phản ánh, kiến nghị."),
        ({"visitors": (Person("", "thôn Hai"),)}, "visitors", "Mỗi người đến phải có họ tên."),
        ({"now": "2027-03-04"}, "held_on", "Ngày tiếp không được sau hôm nay."),
    ],
)
def test_recording_refused(p, kw, field, message) -> None:
    with pytest.raises(DomainError) as err:
        record_at(p, "2027-03-05", **kw)
    assert (err.value.field, err.value.message) == (field, message)
    assert (ReceptionSession.objects.count(), Identity.objects.count(), AuditEvent.objects.count()) == (
        0,
        0,
        0,
    )


def test_the_written_answer_is_due_ten_working_days_after_the_session_across_tet_2027(p) -> None:
    # Tết Đinh Mùi: 05/02 to 10/02/2027 are days off; the 10th working day after 05/02 is 24/02/2027
    session = record_at(p, "2027-02-05")
    assert session.answer_due_on == day("2027-02-24")
    assert actions.answer_due_on(day("2027-02-04")) == day("2027-02-24")
    assert actions.answer_due_on(day("2027-02-11")) == day("2027-02-25")


def test_send_the_answer_on_time_or_late(p) -> None:
    on_time = record_at(p, "2027-02-05")
    late = record_at(p, "2027-02-04", matters=("Khác",))
    with time_machine.travel(at("2027-02-25", 10), tick=False):
        with pytest.raises(NotAllowed):
            actions.send_answer(p.xa2_cv, on_time, sent_on=day("2027-02-24"), number="1", summary="X")
        with pytest.raises(DomainError) as err:
            actions.send_answer(p.xa1_cv, on_time, sent_on=day("2027-02-26"), number="1", summary="X")
        assert err.value.message == "Ngày gửi văn bản trả lời phải từ ngày tiếp đến hôm nay."
        actions.send_answer(
            p.xa1_cv, on_time, sent_on=day("2027-02-24"), number="12-CV/ĐU", summary="Đã trả lời"
        )
        actions.send_answer(p.xa1_leader, late, sent_on=day("2027-02-25"), number="13-CV/ĐU", summary="Trễ")
        with pytest.raises(DomainError) as err:
            actions.send_answer(p.xa1_cv, on_time, sent_on=day("2027-02-24"), number="1", summary="X")
        assert err.value.message == "Buổi tiếp dân này không còn chờ trả lời bằng văn bản."
    on_time.refresh_from_db()
    assert (on_time.answer_state, on_time.answer_sent_on, on_time.answer_number) == (
        "sent",
        day("2027-02-24"),
        "12-CV/ĐU",
    )
    assert _events(on_time)[-1] == (
        "transition",
        "Đã trả lời bằng văn bản số 12-CV/ĐU ngày 24/02/2027 (đúng hạn)",
    )
    assert _events(late)[-1] == (
        "transition",
        "Đã trả lời bằng văn bản số 13-CV/ĐU ngày 25/02/2027 (quá hạn)",
    )


def test_followups_added_and_closed(p) -> None:
    session = record_at(p, "2027-03-05")
    with time_machine.travel(at("2027-03-08", 10), tick=False):
        with pytest.raises(DomainError) as err:
            actions.add_followup(p.xa1_cv, session, task="Kiểm tra", due_on=dt.date(2027, 3, 5))
        assert err.value.message == "Hạn không được trước hôm nay."
        with pytest.raises(NotAllowed):
            actions.add_followup(p.tu_cv, session, task="Kiểm tra", due_on=dt.date(2027, 3, 15))
        followup = actions.add_followup(
            p.xa1_cv, session, task="Kiểm tra tuyến đường", due_on=dt.date(2027, 3, 15), responsible="UBND xã"
        )
        assert _events(followup) == [
            ("created", "Giao việc sau buổi tiếp dân ngày 05/03/2027, hạn 15/03/2027")
        ]
        with pytest.raises(DomainError) as err:
            actions.close_followup(p.xa1_cv, followup, "")
        assert err.value.message == "Hãy nhập kết quả thực hiện."
        actions.close_followup(p.xa1_leader, followup, "Đã sửa đường")
        followup.refresh_from_db()
        assert (followup.state, followup.done_on, followup.done_by_id, followup.result) == (
            "done",
            dt.date(2027, 3, 8),
            p.xa1_leader.pk,
            "Đã sửa đường",
        )
        with pytest.raises(DomainError) as err:
            actions.close_followup(p.xa1_cv, followup, "Lại")
        assert err.value.message == "Việc này đã xong."
    assert FollowUp.objects.count() == 1
