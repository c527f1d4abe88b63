"""Each source's items for each role, with exact contents, and the data that must never leak: another body's
copies, drafts and reports are never in my queue."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.consultations.enums import DeliveryState, DraftKind, DraftState, RequestState
from phoihop.reports.enums import SlotState, SubmissionState
from phoihop.work.queue import counts_for, queue_for
from phoihop.work.registry import work
from tests.work.conftest import answer_draft, copy_row, escalation, paper_copy, request_row, slot, version

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 3, 10)  # a Monday, far from any holiday
WED, FRI = dt.date(2025, 3, 12), dt.date(2025, 3, 14)


def rows(user, today=TODAY):
    """The queue as (source, what, title, from, to, deadline, days, number) tuples."""
    return [
        (i.source, i.what, i.title, i.from_body, i.to_body, i.deadline, i.days, i.number)
        for i in queue_for(user, today)
    ]


def test_every_source_is_registered_in_order():
    assert work.names() == [
        "consultations.request_drafts",
        "consultations.incoming",
        "consultations.answer_drafts",
        "consultations.paper",
        "consultations.escalations",
        "reports.to_send",
        "reports.approval",
        "information.to_handle",
        "information.results_overdue",
        "reports.review",
        "cases.progress",
        "cases.overdue",
        "cases.stale",
        "petitions.to_decide",
        "petitions.to_report",
        "petitions.result_overdue",
        "petitions.deadlines",
        "reception.answers",
        "reception.followups",
        "reception.minimum",
    ]


def test_anonymous_and_bodiless_users_have_no_queue(bodies):
    from django.contrib.auth.models import AnonymousUser

    assert queue_for(AnonymousUser()) == []
    assert counts_for(AnonymousUser()) == {}


# --- request drafts --------------------------------------------------------------------------------------------


def test_request_drafts_the_drafter_finishes_and_the_leader_approves(bodies, regulation):
    mine = request_row(
        bodies, regulation, state=RequestState.DRAFT, subject="Dự thảo A", recipients=[bodies.xa1]
    )
    pending = request_row(
        bodies,
        regulation,
        state=RequestState.PENDING_APPROVAL,
        subject="Dự thảo B",
        recipients=[bodies.xa1, bodies.xa2],
    )
    # a draft of another person of the body is theirs to finish, not the leader's nor mine
    request_row(bodies, regulation, state=RequestState.DRAFT, by=bodies.clerk, subject="Dự thảo C")
    # another body's pending draft never reaches this leader
    request_row(
        bodies,
        regulation,
        state=RequestState.PENDING_APPROVAL,
        sender=bodies.xa1,
        by=bodies.xa1_cv,
        subject="X",
    )
    assert rows(bodies.specialist) == [
        (
            "consultations.request_drafts",
            "Dự thảo chưa trình duyệt",
            "Dự thảo A",
            "Ban Nội chính Tỉnh ủy",
            "Đảng ủy xã An Một",
            None,
            "",
            "",
        )
    ]
    assert rows(bodies.leader) == [
        (
            "consultations.request_drafts",
            "Dự thảo chờ duyệt, ký gửi",
            "Dự thảo B",
            str(bodies.specialist),
            "Đảng ủy xã An Một và 1 cơ quan khác",
            None,
            "",
            "",
        )
    ]
    assert [r[2] for r in rows(bodies.clerk)] == ["Dự thảo C"]
    assert [r[2] for r in rows(bodies.xa1_leader)] == ["X"]
    assert queue_for(bodies.specialist, TODAY)[0].url == f"/phoi-hop/{mine.pk}/"
    assert queue_for(bodies.leader, TODAY)[0].url == f"/phoi-hop/{pending.pk}/"
    # sent: out of every queue
    for req in (mine, pending):
        req.state = RequestState.SENT
        req.save(update_fields=["state"])
    assert rows(bodies.specialist) == rows(bodies.leader) == []


# --- incoming copies ---------------------------------------------------------------------------------------------


def test_an_unassigned_copy_is_for_the_leader_and_the_clerk_to_assign(bodies, regulation):
    copy = copy_row(bodies, regulation, bodies.xa1, deadline=WED)
    expected = [
        (
            "consultations.incoming",
            "Cần giao xử lý",
            "Xin ý kiến dự thảo kế hoạch kiểm tra",
            "Ban Nội chính Tỉnh ủy",
            "Đảng ủy xã An Một",
            WED,
            "còn 2 ngày làm việc",
            copy.request.document_number,
        )
    ]
    assert rows(bodies.xa1_leader) == expected
    assert rows(bodies.xa1_clerk) == expected
    assert rows(bodies.xa1_cv) == []  # not assigned to them
    # another recipient, the sender, the outsider: nothing
    for user in (bodies.xa2_leader, bodies.xa2_cv, bodies.leader, bodies.clerk, bodies.outsider_user):
        assert rows(user) == [], user


def test_an_assigned_copy_is_the_assignees_to_answer_by_the_internal_date(bodies, regulation):
    copy = copy_row(
        bodies, regulation, bodies.xa1, deadline=FRI, assignee=bodies.xa1_cv, internal_deadline=WED
    )
    assert rows(bodies.xa1_cv) == [
        (
            "consultations.incoming",
            "Cần trả lời",
            "Xin ý kiến dự thảo kế hoạch kiểm tra",
            "Ban Nội chính Tỉnh ủy",
            str(bodies.xa1_cv),
            WED,
            "còn 2 ngày làm việc",
            copy.request.document_number,
        )
    ]
    assert rows(bodies.xa1_leader) == rows(bodies.xa1_clerk) == []  # assigned: no longer to assign
    assert rows(bodies.xa2_cv) == []
    # the answer draft waits for the leader: the leader's turn, not the assignee's
    draft = answer_draft(copy, bodies.xa1_cv)
    assert rows(bodies.xa1_cv) == []
    assert rows(bodies.xa1_leader) == [
        (
            "consultations.answer_drafts",
            "Dự thảo trả lời chờ duyệt, ký gửi",
            "Xin ý kiến dự thảo kế hoạch kiểm tra",
            str(bodies.xa1_cv),
            "Ban Nội chính Tỉnh ủy",
            FRI,
            "còn 4 ngày làm việc",
            copy.request.document_number,
        )
    ]
    assert rows(bodies.xa2_leader) == []
    # returned with a reason: back to the drafter, both as a returned draft and a copy to answer
    draft.state = DraftState.RETURNED
    draft.save(update_fields=["state"])
    assert [(r[0], r[1]) for r in rows(bodies.xa1_cv)] == [
        ("consultations.incoming", "Cần trả lời"),
        ("consultations.answer_drafts", "Dự thảo trả lời bị trả lại"),
    ]
    assert rows(bodies.xa1_leader) == []
    # answered: out of every queue
    Delivery = type(copy)
    Delivery.objects.filter(pk=copy.pk).update(state=DeliveryState.ANSWERED)
    assert rows(bodies.xa1_cv) == rows(bodies.xa1_leader) == []


def test_an_extension_draft_says_so(bodies, regulation):
    copy = copy_row(bodies, regulation, bodies.xa1, deadline=WED, assignee=bodies.xa1_cv)
    answer_draft(copy, bodies.xa1_cv, kind=DraftKind.EXTENSION)
    assert [r[1] for r in rows(bodies.xa1_leader)] == ["Dự thảo báo gia hạn chờ duyệt, ký gửi"]


def test_closed_copies_and_copies_of_unsent_requests_are_in_no_queue(bodies, regulation):
    for state in (DeliveryState.ANSWERED, DeliveryState.DEEMED_CONSENT, DeliveryState.WITHDRAWN):
        copy_row(bodies, regulation, bodies.xa1, state=state, deadline=WED)
    req = request_row(bodies, regulation, state=RequestState.PENDING_APPROVAL)
    type(req).objects.filter(pk=req.pk).update(sent_at=None)
    req.deliveries.create(recipient=bodies.xa1, state=DeliveryState.RECEIVED, deadline=WED)
    assert rows(bodies.xa1_leader) == rows(bodies.xa1_clerk) == []


def test_an_overdue_copy_counts_working_days_late(bodies, regulation):
    copy_row(bodies, regulation, bodies.xa1, deadline=dt.date(2025, 3, 5))  # Wednesday before
    assert rows(bodies.xa1_leader)[0][5:7] == (dt.date(2025, 3, 5), "quá hạn 3 ngày làm việc")


# --- paper copies and escalations -------------------------------------------------------------------------------


def test_a_paper_copy_is_for_the_clerks_of_both_sides(bodies, regulation):
    copy = paper_copy(bodies, regulation, bodies.xa1)
    expected = [
        (
            "consultations.paper",
            "Vào sổ văn bản giấy đã nhận",
            "Xin ý kiến dự thảo kế hoạch kiểm tra",
            "Ban Nội chính Tỉnh ủy",
            "Đảng ủy xã An Một",
            None,
            "",
            copy.request.document_number,
        )
    ]
    assert rows(bodies.clerk) == expected
    assert rows(bodies.xa1_clerk) == expected
    for user in (bodies.leader, bodies.specialist, bodies.xa1_leader, bodies.xa1_cv, bodies.xa2_leader):
        assert rows(user) == [], user
    # an electronic copy not received yet, or a paper copy of a withdrawn request: nothing to record
    copy_row(bodies, regulation, bodies.xa1, state=DeliveryState.SENT)
    type(copy.request).objects.filter(pk=copy.request_id).update(state=RequestState.WITHDRAWN)
    assert rows(bodies.xa1_clerk) == []


def test_an_escalation_waits_for_the_authoritys_leader_until_the_ruling(bodies, regulation):
    open_one = escalation(bodies, regulation)
    escalation(bodies, regulation, ruled=True)
    assert rows(bodies.btv_leader) == [
        (
            "consultations.escalations",
            "Chờ kết luận",
            "Xin ý kiến dự thảo kế hoạch kiểm tra",
            "Ban Nội chính Tỉnh ủy",
            "Ban Thường vụ Tỉnh ủy",
            None,
            "",
            open_one.document_number,
        )
    ]
    assert queue_for(bodies.btv_leader, TODAY)[0].url == f"/phoi-hop/{open_one.request_id}/"
    # the body it went through on the way reads it but does not rule: not in its queue
    type(open_one).objects.filter(pk=open_one.pk).update(via=bodies.hu)
    for user in (
        bodies.leader,
        bodies.hu_leader,
        bodies.xa1_leader,
        bodies.btv_hu_leader,
        bodies.outsider_user,
    ):
        assert rows(user) == [], user
    type(open_one).objects.filter(pk=open_one.pk).update(ruled_at=open_one.escalated_at)
    assert rows(bodies.btv_leader) == []


# --- reports ----------------------------------------------------------------------------------------------------


def test_reports_to_send_by_state(bodies):
    due = slot(bodies.xa1, bodies.ban, due_on=WED, title="Báo cáo tháng")
    slot(bodies.xa1, bodies.ban, state=SlotState.OVERDUE, due_on=dt.date(2025, 3, 7), title="Báo cáo quý")
    slot(bodies.xa1, bodies.ban, state=SlotState.RETURNED, due_on=dt.date(2025, 3, 3), title="Báo cáo năm")
    slot(bodies.xa1, bodies.ban, state=SlotState.NOT_DUE, opens_on=dt.date(2025, 3, 20), title="Chưa mở")
    slot(bodies.xa1, bodies.ban, state=SlotState.ACCEPTED, title="Đã tiếp nhận")
    slot(bodies.xa2, bodies.ban, title="Của xã Hai")
    expected = [
        (
            "reports.to_send",
            "Báo cáo quá hạn, chưa gửi",
            "Báo cáo quý — Tháng 01/2025",
            "Đảng ủy xã An Một",
            "Ban Nội chính Tỉnh ủy",
            dt.date(2025, 3, 7),
            "quá hạn 1 ngày làm việc",
            "",
        ),
        (
            "reports.to_send",
            "Báo cáo đến kỳ phải gửi",
            "Báo cáo tháng — Tháng 01/2025",
            "Đảng ủy xã An Một",
            "Ban Nội chính Tỉnh ủy",
            WED,
            "còn 2 ngày làm việc",
            "",
        ),
        (
            "reports.to_send",
            "Báo cáo bị trả lại, cần chỉnh sửa",
            "Báo cáo năm — Tháng 01/2025",
            "Đảng ủy xã An Một",
            "Ban Nội chính Tỉnh ủy",
            None,
            "",
            "",
        ),
    ]
    assert rows(bodies.xa1_cv) == expected
    assert rows(bodies.xa1_clerk) == expected
    assert rows(bodies.xa1_leader) == expected
    assert [r[2] for r in rows(bodies.xa2_cv)] == ["Của xã Hai — Tháng 01/2025"]
    assert queue_for(bodies.xa1_cv, TODAY)[1].url == f"/bao-cao/{due.pk}/"
    assert rows(bodies.outsider_user) == []


def test_a_version_waiting_for_approval_is_the_leaders(bodies):
    s = slot(bodies.xa1, bodies.ban, due_on=WED)
    version(s, bodies.xa1_cv)
    assert rows(bodies.xa1_cv) == []  # submitted: the leader's turn
    assert rows(bodies.xa1_leader) == [
        (
            "reports.approval",
            "Báo cáo chờ duyệt, ký gửi",
            "Báo cáo công tác nội chính — Tháng 01/2025",
            str(bodies.xa1_cv),
            "Ban Nội chính Tỉnh ủy",
            WED,
            "còn 2 ngày làm việc",
            "",
        )
    ]
    assert rows(bodies.xa2_leader) == rows(bodies.leader) == []


def test_a_sent_report_is_for_the_receivers_reviewers(bodies):
    s = slot(bodies.xa1, bodies.ban, state=SlotState.SUBMITTED)
    version(s, bodies.xa1_leader, state=SubmissionState.SENT)
    expected = [
        (
            "reports.review",
            "Báo cáo cần tiếp nhận",
            "Báo cáo công tác nội chính — Tháng 01/2025",
            "Đảng ủy xã An Một",
            "Ban Nội chính Tỉnh ủy",
            None,
            "",
            "",
        )
    ]
    assert rows(bodies.specialist) == rows(bodies.leader) == expected
    assert rows(bodies.clerk) == []  # a clerk does not review
    assert rows(bodies.xa1_leader) == rows(bodies.xa2_leader) == []


def test_counts_match_the_items_per_source(bodies, regulation):
    copy_row(bodies, regulation, bodies.xa1, deadline=WED)
    copy_row(bodies, regulation, bodies.xa1, deadline=FRI)
    slot(bodies.xa1, bodies.ban)
    assert counts_for(bodies.xa1_leader, TODAY) == {
        "consultations.request_drafts": 0,
        "consultations.incoming": 2,
        "consultations.answer_drafts": 0,
        "consultations.escalations": 0,
        "reports.to_send": 1,
        "reports.approval": 0,
        "reports.review": 0,
        "information.to_handle": 0,
        "information.results_overdue": 0,
        "cases.progress": 0,
        "cases.overdue": 0,
        "cases.stale": 0,
        "petitions.to_decide": 0,
        "petitions.to_report": 0,
        "petitions.result_overdue": 0,
        "petitions.deadlines": 0,
        "reception.answers": 0,
        "reception.followups": 0,
        "reception.minimum": 0,
    }
    assert counts_for(bodies.xa2_leader, TODAY)["consultations.incoming"] == 0


def test_a_draft_the_leader_returned_says_so(bodies, regulation):
    from phoihop.consultations.domain import actions

    req = actions.create_request(
        bodies.specialist,
        regulation=regulation,
        kind="consultation",
        subject="Dự thảo trả lại",
        recipients=[bodies.xa1],
    )
    assert [r[1] for r in rows(bodies.specialist)] == ["Dự thảo chưa trình duyệt"]
    actions.submit_for_approval(bodies.specialist, req)
    assert rows(bodies.specialist) == []
    assert [r[1] for r in rows(bodies.leader)] == ["Dự thảo chờ duyệt, ký gửi"]
    actions.return_to_draft(bodies.leader, req, reason="Bổ sung căn cứ")
    assert [r[1] for r in rows(bodies.specialist)] == ["Dự thảo bị lãnh đạo trả lại"]
    assert rows(bodies.leader) == []
