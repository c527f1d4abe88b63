"""A year of work under regulation 003 (Ban Nội chính Tỉnh ủy with the communes) in the small province of
tests/reports/conftest.py (re-exported by tests/evaluation/conftest.py), made with the domain actions, plus
work that must not be counted (another regulation, another year, a draft). Used by test_evaluation.py."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import time_machine
from django.conf import settings

from phoihop.common.errors import PolicyViolation
from phoihop.consultations.domain import actions as consult
from phoihop.consultations.domain.sweep import apply_due
from phoihop.consultations.enums import Position, RequestKind
from phoihop.consultations.models import CoordinationRequest, Delivery
from phoihop.regulations.domain import load_regulation_files
from phoihop.regulations.models import Regulation
from phoihop.reports.domain.generation import generate_slots

from .conftest import at, send, slot_of

DATA_DIR = Path(settings.REGULATIONS_DATA_DIR)


def load_next_version(tmp_path: Path, code: str = "003") -> Regulation:
    """The next version of one regulation (the loaded one + 1), from a copy of data/regulations."""
    target = tmp_path / "regulations-next"
    shutil.copytree(DATA_DIR, target)
    path = target / f"{code}.yaml"
    path.chmod(0o644)
    text = path.read_text(encoding="utf-8")
    loaded = re.search(r"^version: (\d+)$", text, re.MULTILINE)
    assert loaded is not None
    path.write_text(
        text.replace(loaded.group(0), f"version: {int(loaded.group(1)) + 1}", 1), encoding="utf-8"
    )
    (created,) = load_regulation_files([path]).created
    return created


def send_request(
    sender_cv: Any,
    sender_leader: Any,
    regulation: Regulation,
    recipients: list[Any],
    when: Any,
    kind: RequestKind = RequestKind.CONSULTATION,
    subject: str = "Xin ý kiến",
) -> CoordinationRequest:
    """Drafted, submitted and signed-and-sent at `when` (an aware datetime)."""
    with time_machine.travel(when, tick=False):
        req = consult.create_request(
            sender_cv, regulation=regulation, kind=kind, subject=subject, recipients=recipients
        )
        consult.submit_for_approval(sender_cv, req)
        consult.approve_and_send(sender_leader, req)
    req.refresh_from_db()
    return req


def delivery(req: CoordinationRequest, org: Any) -> Delivery:
    return Delivery.objects.select_related("request", "request__regulation", "recipient").get(
        request=req, recipient=org
    )


@dataclass
class Year2027:
    """What was done, by name (see build_year for the story)."""

    p: Any
    v1: Regulation
    v2: Regulation
    r1: CoordinationRequest
    r2: CoordinationRequest
    r3: CoordinationRequest
    r4: CoordinationRequest
    late_answer_refused: bool


def build_year(p: Any, tmp_path: Path) -> Year2027:
    """Regulation 003, year 2027 (evaluated on 15/03/2027):

    - R1 (1/3, consultation) Ban → xã Một, xã Hai: xã Một agrees on 3/3; xã Hai notifies an extension on 4/3
      (deadline 8/3 → 12/3) and disagrees at 23:59 on 12/3 (on time); the Ban escalates to BTV Tỉnh ủy.
    - R2 (1/3, consultation) Ban → xã Một: no answer; the sweep on 9/3 records deemed consent (under 003 only a
      consultation is deemed agreed when unanswered).
    - R3 (2/3, consultation) Ban → xã Hai: deadline 9/3; an answer at 00:00 on 10/3 is refused; still open.
    - R4 (10/3, consultation) xã Hai → Ban: deadline 17/3, open and in time on 15/3.
    - R5 (1/3, notice) Ban → xã Một: nothing to answer.
    - R6 (3/3) Ban → xã Hai, withdrawn on 4/3.
    - R7 sent at 00:10 on 1/1/2027 Ban → xã Một (counts in 2027), deemed consent by the sweep.
    - R11 (3/3, under the next version of 003) Ban → xã Hai: agreed with comments on 4/3.
    - Reports: xã Một sends January's monthly report on time (20/1) and February's late (2/3); xã Hai sends none.
    Not counted in 2027: R8 sent at 23:50 on 31/12/2026 (2026), R9 under 004 (Ban → Huyện ủy), a draft, the 2026
    report slots.
    """
    generate_slots(2026, codes=["003"])
    generate_slots(2027, codes=["003"])
    v1 = Regulation.objects.get(code="003", superseded_by__isnull=True)
    reg004 = Regulation.objects.get(code="004", superseded_by__isnull=True)
    ban = (p.ban_cv, p.ban_leader)

    r8 = send_request(*ban, v1, [p.xa1], at("2026-12-31", 23, 50), subject="R8")
    r7 = send_request(*ban, v1, [p.xa1], at("2027-01-01", 0, 10), subject="R7")
    with time_machine.travel(at("2027-01-20", 9), tick=False):
        send(slot_of(p.xa1, "monthly", "2027-01"), p.xa1_cv, p.xa1_leader)

    r1 = send_request(*ban, v1, [p.xa1, p.xa2], at("2027-03-01", 8), subject="R1")
    r2 = send_request(*ban, v1, [p.xa1], at("2027-03-01", 8, 5), RequestKind.CONSULTATION, "R2")
    send_request(*ban, v1, [p.xa1], at("2027-03-01", 8, 10), RequestKind.NOTICE, "R5")
    send_request(*ban, reg004, [p.hu], at("2027-03-01", 8, 15), subject="R9 (004)")
    with time_machine.travel(at("2027-03-01", 8, 20), tick=False):
        consult.create_request(
            p.ban_cv, regulation=v1, kind=RequestKind.CONSULTATION, subject="Dự thảo", recipients=[p.xa1]
        )
    r3 = send_request(*ban, v1, [p.xa2], at("2027-03-02", 8), subject="R3")
    with time_machine.travel(at("2027-03-02", 10), tick=False):
        send(slot_of(p.xa1, "monthly", "2027-02"), p.xa1_cv, p.xa1_leader)

    with time_machine.travel(at("2027-03-03", 7), tick=False):
        v2 = load_next_version(tmp_path)
    r11 = send_request(*ban, v2, [p.xa2], at("2027-03-03", 8), subject="R11 (v2)")
    r6 = send_request(*ban, v1, [p.xa2], at("2027-03-03", 8, 30), subject="R6")
    with time_machine.travel(at("2027-03-03", 9), tick=False):
        consult.answer(p.xa1_leader, delivery(r1, p.xa1), position=Position.AGREE)
    with time_machine.travel(at("2027-03-04", 9), tick=False):
        consult.notify_extension(
            p.xa2_leader, delivery(r1, p.xa2), new_deadline=at("2027-03-12").date(), reason="Cần xác minh"
        )
        consult.answer(
            p.xa2_leader, delivery(r11, p.xa2), position=Position.AGREE_WITH_COMMENTS, text="Bổ sung mục 2"
        )
        consult.withdraw_request(p.ban_leader, r6, reason="Gửi nhầm")

    with time_machine.travel(at("2027-03-09", 0, 30), tick=False):
        apply_due(at("2027-03-09", 0, 30))  # deems R2, R7 (and R8, R9): their deadlines have ended

    late_answer_refused = False
    with time_machine.travel(at("2027-03-10", 0, 0), tick=False):
        try:
            consult.answer(p.xa2_leader, delivery(r3, p.xa2), position=Position.AGREE)
        except PolicyViolation:
            late_answer_refused = True
    r4 = send_request(p.xa2_cv, p.xa2_leader, v1, [p.ban], at("2027-03-10", 8), subject="R4")

    with time_machine.travel(at("2027-03-12", 23, 59), tick=False):
        consult.answer(
            p.xa2_leader, delivery(r1, p.xa2), position=Position.DISAGREE, text="Không nhất trí mục 3"
        )
    with time_machine.travel(at("2027-03-13", 9), tick=False):
        r1.refresh_from_db()
        consult.escalate(p.ban_leader, r1, summary="Còn ý kiến khác nhau")

    assert r7.sent_at is not None
    assert r8.sent_at is not None
    return Year2027(p, v1, v2, r1, r2, r3, r4, late_answer_refused)
