"""Races on PostgreSQL with real threads (issue 8, defects 1 and 5): a draft save racing a submit never puts
the state back, and two people writing the first draft of a slot never give a 500."""

from __future__ import annotations

import pytest
import time_machine

from phoihop.audit.models import AuditEvent
from phoihop.common.errors import Conflict, DomainError
from phoihop.reports.domain import actions
from phoihop.reports.domain.sweep import apply_due
from phoihop.reports.enums import SubmissionState
from phoihop.reports.models import ReportSubmission
from tests.races import race

from .conftest import FIGURES_003, at, pdf, slot_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 15


def _last_state_in_audit(submission: ReportSubmission) -> str:
    events = AuditEvent.objects.filter(target_type="reports.reportsubmission", target_id=str(submission.pk))
    transitions = [e.data["to"] for e in events.order_by("id") if "to" in e.data]
    return transitions[-1] if transitions else SubmissionState.DRAFT


def test_a_draft_save_racing_a_submit_never_puts_the_state_back(regs, province):
    p = province
    with time_machine.travel(at("2027-01-05"), tick=False):
        apply_due(at("2027-01-05"))
        slot = slot_of(p.xa1)
        outcomes = []
        for i in range(ROUNDS):
            draft = actions.save_draft(p.xa1_cv, slot, document=pdf(), figures=FIGURES_003, note="v0")

            def save(i=i):
                return actions.save_draft(p.xa1_cv, slot_of(p.xa1), figures=FIGURES_003, note=f"lần {i}")

            def submit(draft=draft):
                return actions.submit_for_approval(p.xa1_cv, ReportSubmission.objects.get(pk=draft.pk))

            saved, submitted = race(save, submit)
            draft.refresh_from_db()
            outcomes.append((type(saved).__name__, type(submitted).__name__))
            # the submit always wins or loses as a whole; the state is what the audit says
            assert submitted is None, submitted
            assert draft.state == SubmissionState.PENDING_APPROVAL
            assert _last_state_in_audit(draft) == SubmissionState.PENDING_APPROVAL
            if isinstance(saved, Exception):
                assert isinstance(saved, Conflict | DomainError), saved
                assert draft.note == "v0"
            else:
                assert draft.note == f"lần {i}"
            actions.return_draft(p.xa1_leader, draft, "sửa lại")
            draft.refresh_from_db()
            assert draft.state == SubmissionState.DRAFT
        assert len(outcomes) == ROUNDS


def test_two_people_writing_the_first_draft_get_one_version(regs, province):
    p = province
    with time_machine.travel(at("2027-01-05"), tick=False):
        apply_due(at("2027-01-05"))
        for period in ("2027-01", "2027-02", "2027-03", "2027-04", "2027-05"):
            slot = slot_of(p.xa1, period=period)
            if slot.state != "due":
                from phoihop.reports.enums import SlotState
                from phoihop.reports.models import ReportSlot

                ReportSlot.objects.filter(pk=slot.pk).update(state=SlotState.DUE)

            def write(user, note, slot=slot):
                return actions.save_draft(
                    user,
                    slot_of(p.xa1, period=slot.period_key),
                    document=pdf(),
                    figures=FIGURES_003,
                    note=note,
                )

            a, b = race(lambda: write(p.xa1_cv, "a"), lambda: write(p.xa1_leader, "b"))
            assert not isinstance(a, Exception), a
            assert not isinstance(b, Exception), b
            versions = list(ReportSubmission.objects.filter(slot=slot).values_list("version", "state"))
            assert versions == [(1, SubmissionState.DRAFT)]
            assert a.pk == b.pk
