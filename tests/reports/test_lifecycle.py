"""Scenario: 003's monthly report of January 2027 (last on-time day Friday 29/01/2027) for two communes —
on time, missing then late, returned and resubmitted; the sweep's states and reminders at each step."""

from __future__ import annotations

import pytest
import time_machine

from phoihop.audit.models import AuditEvent
from phoihop.common.errors import DomainError, InvalidTransition, NotAllowed, PolicyViolation
from phoihop.notifications.models import Notification
from phoihop.reports.domain import actions
from phoihop.reports.domain.consolidation import build_table, with_sent_versions
from phoihop.reports.domain.figures import FiguresError
from phoihop.reports.domain.sweep import apply_due
from phoihop.reports.enums import Punctuality, SlotState, SubmissionState
from phoihop.reports.models import ReportSlot, ReportSubmission

from .conftest import FIGURES_003, at, pdf, send, slot_of


def _kinds(user) -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(user=user, kind__startswith="report.").values_list("kind", "title")
    )


def _chase(province, today):
    slots = list(
        with_sent_versions(ReportSlot.objects.filter(obligation__code="monthly", period_key="2027-01"))
    )
    table = build_table(slots, list(slots[0].obligation.indicators.all()), today)
    return {r.slot.reporter.abbreviation: r.punctuality for r in table.rows}, table


def sweep(day: str, hour: int = 1) -> dict[str, int]:
    with time_machine.travel(at(day, hour), tick=False):
        return apply_due(at(day, hour))


def test_monthly_report_life_cycle(regs, province):
    import datetime as dt

    p = province
    first = sweep("2027-01-02")  # a Saturday: slots of 2027 created; January's open at once (from 01/01)
    assert (first["created"] > 0, first["opened"], first["reminders"]) == (True, 2, 0)
    assert {slot_of(p.xa1).state, slot_of(p.xa2).state} == {SlotState.DUE}
    assert slot_of(p.xa1, period="2027-02").state == SlotState.NOT_DUE
    # the province has no Ban cán sự đảng UBND tỉnh: 001's exchange-bloc-to-government (every six months) has
    # no receiver for either half of 2027
    assert sweep("2027-01-02") == {"created": 0, "no_receiver": 2, "opened": 0, "overdue": 0, "reminders": 0}

    # Reminders only on working days: Monday 25/01 is too early (3 working days ahead = Thursday 28/01).
    assert sweep("2027-01-25", 8)["reminders"] == 0
    assert sweep("2027-01-26", 8)["reminders"] == 2
    assert _kinds(p.xa2_cv) == [
        (
            "report.reminder.before",
            "Sắp đến hạn gửi báo cáo “Báo cáo tháng tình hình, kết quả công tác nội chính” Tháng 1/2027: 29/01/2027",
        )
    ]
    assert sweep("2027-01-26", 9)["reminders"] == 0

    # xa1 sends on time on Wednesday 27/01 (drafted by a specialist, approved by its leader).
    with time_machine.travel(at("2027-01-27", 10), tick=False):
        slot = slot_of(p.xa1)
        with pytest.raises(NotAllowed):
            actions.approve_and_send(
                p.xa1_cv, actions.save_draft(p.xa1_cv, slot, document=pdf(), figures=FIGURES_003)
            )
        draft = ReportSubmission.objects.get(slot=slot)
        actions.submit_for_approval(p.xa1_cv, draft)
        with pytest.raises(PolicyViolation):
            actions.save_draft(p.xa1_cv, slot, document=pdf(), figures=FIGURES_003)
        actions.approve_and_send(p.xa1_leader, draft)
    slot.refresh_from_db()
    assert (slot.state, slot.late) == (SlotState.SUBMITTED, False)
    assert (
        "report.submitted",
        "Đảng ủy xã An Một đã gửi báo cáo “Báo cáo tháng tình hình, kết quả công tác nội chính” Tháng 1/2027",
    ) in _kinds(p.ban_cv)

    # Friday 29/01, the last on-time day: only xa2 is reminded.
    assert sweep("2027-01-29", 8)["reminders"] == 1  # xa2's due-day reminder
    assert [k for k, _ in _kinds(p.xa2_cv)] == ["report.reminder.before", "report.reminder.due"]
    assert [k for k, _ in _kinds(p.xa1_cv) if k.startswith("report.reminder")] == ["report.reminder.before"]
    assert _chase(p, dt.date(2027, 1, 29))[0] == {"DUX1": Punctuality.ON_TIME, "DUX2": Punctuality.PENDING}

    # Saturday 30/01: overdue, both bodies told; no reminder on a weekend.
    counts = sweep("2027-01-30")
    assert (counts["overdue"], counts["reminders"]) == (1, 0)
    assert slot_of(p.xa2).state == SlotState.OVERDUE
    assert (
        "report.overdue",
        "Đảng ủy xã An Hai chưa gửi báo cáo “Báo cáo tháng tình hình, kết quả công tác nội chính” Tháng 1/2027 (hạn 29/01/2027)",
    ) in _kinds(p.ban_cv)
    assert sweep("2027-01-30")["overdue"] == 0
    # Monday 01/02: the overdue reminder, once; again after five working days.
    assert sweep("2027-02-01", 8)["reminders"] == 1
    assert sweep("2027-02-01", 9)["reminders"] == 0
    assert _chase(p, dt.date(2027, 2, 1))[0] == {"DUX1": Punctuality.ON_TIME, "DUX2": Punctuality.MISSING}

    # The receiving body's one-action reminder: only the missing commune, once a day.
    with time_machine.travel(at("2027-02-01", 10), tick=False):
        both = [slot_of(p.xa1), slot_of(p.xa2)]
        with pytest.raises(NotAllowed):
            actions.send_reminders(p.xa1_cv, both)
        assert actions.send_reminders(p.ban_cv, both) == 1
        assert actions.send_reminders(p.ban_cv, both) == 0
    assert [k for k, _ in _kinds(p.xa2_cv)].count("report.reminder.manual") == 1
    assert [k for k, _ in _kinds(p.xa1_cv)].count("report.reminder.manual") == 0

    # The Ban returns xa1's report; xa1 corrects it; both versions are kept; still on time.
    with time_machine.travel(at("2027-02-02", 10), tick=False):
        slot = slot_of(p.xa1)
        with pytest.raises(NotAllowed):
            actions.return_for_correction(p.xa2_cv, slot, "Sai số liệu")
        actions.return_for_correction(p.ban_cv, slot, "Số đơn đã xử lý chưa khớp")
        assert slot_of(p.xa1).state == SlotState.RETURNED
        corrected = {**FIGURES_003, "petitions_handled": 11}
        send(slot_of(p.xa1), p.xa1_cv, p.xa1_leader, figures=corrected)
        # xa2 sends late.
        send(slot_of(p.xa2), p.xa2_cv, p.xa2_leader)
    s1, s2 = slot_of(p.xa1), slot_of(p.xa2)
    assert (s1.state, s1.late, s2.state, s2.late) == (SlotState.SUBMITTED, False, SlotState.SUBMITTED, True)
    assert list(s1.submissions.values_list("version", "state", "late")) == [
        (1, SubmissionState.SENT, False),
        (2, SubmissionState.SENT, True),
    ]
    chase, table = _chase(p, dt.date(2027, 2, 2))
    assert chase == {"DUX1": Punctuality.ON_TIME, "DUX2": Punctuality.LATE}
    # xa1's corrected version counts, with xa2's figures
    handled = list(FIGURES_003).index("petitions_handled")
    assert table.totals[handled] == corrected["petitions_handled"] + FIGURES_003["petitions_handled"]
    assert table.totals == [corrected[code] + FIGURES_003[code] for code in FIGURES_003]
    with time_machine.travel(at("2027-02-03", 10), tick=False):
        actions.accept(p.ban_leader, s1)
        with pytest.raises(InvalidTransition):
            actions.accept(p.ban_leader, s1)
    assert slot_of(p.xa1).state == SlotState.ACCEPTED
    assert sweep("2027-02-08", 8)["reminders"] == 0  # nothing overdue any more
    events = list(
        AuditEvent.objects.filter(target_type="reports.reportslot", target_id=str(s1.pk), action="transition")
        .order_by("pk")
        .values_list("data__from", "data__to")
    )
    assert events == [
        ("not_due", "due"),
        ("due", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "accepted"),
    ]


def test_draft_refused_without_document_or_with_bad_figures(regs, province):
    from phoihop.reports.domain.generation import generate_slots

    generate_slots(2027, codes=["003"])
    slot = slot_of(province.xa1)
    with pytest.raises(FiguresError) as exc:
        actions.save_draft(
            province.xa1_cv, slot, document=pdf(), figures={**FIGURES_003, "cases_followed": "bốn"}
        )
    assert exc.value.message == "“Số vụ án, vụ việc đang theo dõi, đôn đốc”: phải là số"
    partial = dict(FIGURES_003)
    del partial["specialist_visits"]
    with pytest.raises(FiguresError) as exc:
        actions.save_draft(province.xa1_cv, slot, document=pdf(), figures=partial)
    assert exc.value.message == "Thiếu số liệu “Số buổi làm việc với chuyên viên theo dõi địa bàn”"
    with pytest.raises(DomainError, match=r"^Hãy đính kèm văn bản báo cáo\.$") as exc2:
        actions.save_draft(province.xa1_cv, slot, figures=FIGURES_003)
    assert type(exc2.value) is DomainError
    assert (exc2.value.message, exc2.value.code, exc2.value.field) == (
        "Hãy đính kèm văn bản báo cáo.",
        "document_required",
        "document",
    )
    with pytest.raises(NotAllowed) as refused:
        actions.save_draft(province.xa2_cv, slot, document=pdf(), figures=FIGURES_003)
    assert refused.value.message == "Chỉ cán bộ của cơ quan báo cáo mới được soạn báo cáo."
    assert ReportSubmission.objects.count() == 0
