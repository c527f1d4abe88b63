"""One permission surface for a report slot: rules.slot_permissions(user, slot) answers, for each slot state and
each person, exactly which actions are possible; the slot's page offers exactly those, and the API's
"permissions" object says the same (issue 9, point 1). Also what the page and the API read through
reports.queries: a body holding a copy sees only its own copies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from phoihop.accounts.enums import Role
from phoihop.regulations.models import CopyToDuty
from phoihop.reports import queries
from phoihop.reports.domain import actions
from phoihop.reports.domain.generation import generate_slots
from phoihop.reports.domain.sweep import apply_due
from phoihop.reports.enums import SlotOrigin, SlotState, SubmissionState
from phoihop.reports.models import ReportCopy, ReportSlot, ReportSubmission
from phoihop.reports.rules import SlotPermissions, slot_permissions
from tests.factories import UserFactory

from .api_helpers import API, login
from .conftest import FIGURES_003, at, pdf, send, slot_of

pytestmark = pytest.mark.django_db

FIELDS = [
    "see_drafts",
    "see_all_copies",
    "see_table",
    "edit",
    "upload",
    "submit",
    "approve",
    "return_draft",
    "review",
]
REPORTER = {"see_drafts", "see_all_copies"}  # what every member of the reporting body may always read
RECEIVER = {"see_all_copies", "see_table"}  # what every member of the receiving body may always read
EDIT = {"edit", "upload"}  # 003's monthly report has an .xlsx template


def granted(perms: SlotPermissions) -> set[str]:
    assert list(perms.__dataclass_fields__) == FIELDS
    return {name for name in FIELDS if getattr(perms, name)}


# --- the slot of xã An Một's January 2027 monthly report (003), in each state ----------------------------------


def _draft(p: Any, drafter: Any) -> ReportSubmission:
    return actions.save_draft(drafter, slot_of(p.xa1), document=pdf(), figures=FIGURES_003)


def _not_due(p: Any) -> None:
    pass  # generated, not yet opened, nothing drafted


def _due_with_draft(p: Any) -> None:
    with time_machine.travel(at("2027-01-05"), tick=False):
        apply_due(at("2027-01-05"))
        _draft(p, p.xa1_clerk)


def _overdue_pending_approval(p: Any) -> None:
    with time_machine.travel(at("2027-02-01"), tick=False):
        apply_due(at("2027-02-01"))
        actions.submit_for_approval(p.xa1_cv, _draft(p, p.xa1_cv))


def _submitted(p: Any) -> None:
    with time_machine.travel(at("2027-01-20"), tick=False):
        send(slot_of(p.xa1), p.xa1_cv, p.xa1_leader)


def _returned(p: Any) -> None:
    _submitted(p)
    with time_machine.travel(at("2027-01-21"), tick=False):
        actions.return_for_correction(p.ban_cv, slot_of(p.xa1), "Bổ sung số liệu")


def _returned_with_draft(p: Any) -> None:
    _returned(p)
    with time_machine.travel(at("2027-01-22"), tick=False):
        _draft(p, p.xa1_clerk)


def _accepted(p: Any) -> None:
    _submitted(p)
    with time_machine.travel(at("2027-01-21"), tick=False):
        actions.accept(p.ban_leader, slot_of(p.xa1))


# state name: (how to get there, the slot's state, its unsent version's state)
STATES: dict[str, tuple[Callable[[Any], None], SlotState, SubmissionState | None]] = {
    "not_due": (_not_due, SlotState.NOT_DUE, None),
    "due_with_draft": (_due_with_draft, SlotState.DUE, SubmissionState.DRAFT),
    "overdue_pending_approval": (
        _overdue_pending_approval,
        SlotState.OVERDUE,
        SubmissionState.PENDING_APPROVAL,
    ),
    "submitted": (_submitted, SlotState.SUBMITTED, None),
    "returned": (_returned, SlotState.RETURNED, None),
    "returned_with_draft": (_returned_with_draft, SlotState.RETURNED, SubmissionState.DRAFT),
    "accepted": (_accepted, SlotState.ACCEPTED, None),
}

PEOPLE = [
    "reporter_clerk",
    "reporter_specialist",
    "reporter_leader",
    "receiver_clerk",
    "receiver_specialist",
    "receiver_leader",
    "other_commune",
    "outsider",
]
NONE: set[str] = set()

# The exact permissions of each person in each state (a person not named in a row has no permission at all).
EXPECTED: dict[str, dict[str, set[str]]] = {
    "not_due": {
        "reporter_clerk": REPORTER | EDIT,
        "reporter_specialist": REPORTER | EDIT,
        "reporter_leader": REPORTER | EDIT,
        "receiver_clerk": RECEIVER,
        "receiver_specialist": RECEIVER,
        "receiver_leader": RECEIVER,
    },
    "due_with_draft": {
        "reporter_clerk": REPORTER | EDIT | {"submit"},
        "reporter_specialist": REPORTER | EDIT | {"submit"},
        "reporter_leader": REPORTER | EDIT | {"submit", "approve"},
        "receiver_clerk": RECEIVER,
        "receiver_specialist": RECEIVER,
        "receiver_leader": RECEIVER,
    },
    "overdue_pending_approval": {
        "reporter_clerk": REPORTER,
        "reporter_specialist": REPORTER,
        "reporter_leader": REPORTER | {"approve", "return_draft"},
        "receiver_clerk": RECEIVER,
        "receiver_specialist": RECEIVER,
        "receiver_leader": RECEIVER,
    },
    "submitted": {
        "reporter_clerk": REPORTER,
        "reporter_specialist": REPORTER,
        "reporter_leader": REPORTER,
        "receiver_clerk": RECEIVER,  # a clerk of the receiving body never reviews
        "receiver_specialist": RECEIVER | {"review"},
        "receiver_leader": RECEIVER | {"review"},
    },
    "returned": {
        "reporter_clerk": REPORTER | EDIT,
        "reporter_specialist": REPORTER | EDIT,
        "reporter_leader": REPORTER | EDIT,
        "receiver_clerk": RECEIVER,
        "receiver_specialist": RECEIVER,
        "receiver_leader": RECEIVER,
    },
    "returned_with_draft": {
        "reporter_clerk": REPORTER | EDIT | {"submit"},
        "reporter_specialist": REPORTER | EDIT | {"submit"},
        "reporter_leader": REPORTER | EDIT | {"submit", "approve"},
        "receiver_clerk": RECEIVER,
        "receiver_specialist": RECEIVER,
        "receiver_leader": RECEIVER,
    },
    "accepted": {
        "reporter_clerk": REPORTER,
        "reporter_specialist": REPORTER,
        "reporter_leader": REPORTER,
        "receiver_clerk": RECEIVER,
        "receiver_specialist": RECEIVER,
        "receiver_leader": RECEIVER,
    },
}


def people(p: Any) -> dict[str, Any]:
    return {
        "reporter_clerk": p.xa1_clerk,
        "reporter_specialist": p.xa1_cv,
        "reporter_leader": p.xa1_leader,
        "receiver_clerk": UserFactory(organization=p.ban, role=Role.CLERK),
        "receiver_specialist": p.ban_cv,
        "receiver_leader": p.ban_leader,
        "other_commune": p.xa2_leader,
        "outsider": p.outsider,
    }


@pytest.fixture(params=list(STATES))
def state(request, regs, province):  # type: ignore[no-untyped-def]
    """(state name, the slot in that state, the people by role) — built through the domain actions."""
    with time_machine.travel(at("2026-12-20"), tick=False):
        generate_slots(2027, codes=["003"])
    build, slot_state, draft_state = STATES[request.param]
    build(province)
    slot = slot_of(province.xa1)
    draft = slot.submissions.exclude(state=SubmissionState.SENT).first()
    assert (slot.state, draft.state if draft else None) == (slot_state, draft_state)
    return request.param, slot, people(province)


def test_every_state_gives_each_person_exactly_its_permissions(state):  # type: ignore[no-untyped-def]
    name, slot, by_role = state
    expected = EXPECTED[name]
    assert set(expected) | {"other_commune", "outsider"} == set(PEOPLE)
    got = {role: granted(slot_permissions(by_role[role], slot)) for role in PEOPLE}
    assert got == {role: expected.get(role, NONE) for role in PEOPLE}


def test_the_open_draft_passed_in_gives_the_same_answer_without_a_query(state, django_assert_num_queries):  # type: ignore[no-untyped-def]
    name, slot, by_role = state
    slot = ReportSlot.objects.select_related("request").get(pk=slot.pk)
    draft = slot.submissions.exclude(state=SubmissionState.SENT).first()
    for role in PEOPLE:
        looked_up = slot_permissions(by_role[role], slot)
        with django_assert_num_queries(0):
            given = slot_permissions(by_role[role], slot, draft=draft)
        assert (role, given) == (role, looked_up)


# --- the page offers what the API says -------------------------------------------------------------------------


def offered_on_page(html: str) -> dict[str, bool]:
    """What the slot's page offers, in the API's terms (ReportPermissionsSerializer)."""
    return {
        "draft": 'id="draft-form"' in html or 'id="submit-approval"' in html,
        "approve": 'id="approve-send"' in html or 'id="return-draft"' in html,
        "review": 'id="accept"' in html and 'id="return-form"' in html,
    }


def test_the_page_offers_what_the_api_says(state):  # type: ignore[no-untyped-def]
    name, slot, by_role = state
    for role in PEOPLE:
        user = by_role[role]
        page_client, api_client = Client(), Client()
        page_client.force_login(user)
        page = page_client.get(reverse("reports-slot", args=[slot.pk]))
        api = login(api_client, user).get(f"{API}/slots/{slot.pk}/")
        if role in ("other_commune", "outsider"):
            assert (role, page.status_code, api.status_code) == (role, 404, 404)
            continue
        assert (role, page.status_code, api.status_code) == (role, 200, 200)
        perms = slot_permissions(user, slot)
        assert (role, page.context["can"]) == (role, perms)
        offered = offered_on_page(page.content.decode())
        assert (role, api.json()["permissions"]) == (role, offered)
        assert (role, offered) == (role, perms.api())


def test_the_receiver_may_review_only_a_submitted_report(state):  # type: ignore[no-untyped-def]
    """The bug this surface fixed: the API said review: true in any state, the page only on a sent report."""
    name, slot, by_role = state
    client = login(Client(), by_role["receiver_specialist"])
    review = client.get(f"{API}/slots/{slot.pk}/").json()["permissions"]["review"]
    assert (name, review) == (name, name == "submitted")


# --- slots without a template, and copies ----------------------------------------------------------------------


def test_an_ad_hoc_request_without_a_template_offers_no_upload(client, regs, province):  # type: ignore[no-untyped-def]
    p = province
    with time_machine.travel(at("2027-03-01"), tick=False):
        req = actions.create_request(
            p.ban_cv,
            origin=SlotOrigin.AD_HOC,
            subject="Tình hình tiếp dân",
            reporters=[p.xa1],
            working_days=5,
        )
    slot = ReportSlot.objects.select_related("request").get(request=req)
    assert granted(slot_permissions(p.xa1_cv, slot)) == REPORTER | {"edit"}
    assert granted(slot_permissions(p.ban_cv, slot)) == RECEIVER
    client.force_login(p.xa1_cv)
    html = client.get(reverse("reports-slot", args=[slot.pk])).content.decode()
    assert ('id="draft-form"' in html, 'id="xlsx-form"' in html) == (True, False)


def test_a_copy_holder_sees_only_its_own_copies_on_the_page_and_in_the_api(client, regs, province):  # type: ignore[no-untyped-def]
    p = province
    with time_machine.travel(at("2026-12-20"), tick=False):
        generate_slots(2027, codes=["003"])
    slot = slot_of(p.xa1)
    with time_machine.travel(at("2027-01-20"), tick=False):
        version = send(slot, p.xa1_cv, p.xa1_leader)
    duty = CopyToDuty.objects.first()
    to_btv = ReportCopy.objects.create(
        slot=slot, submission=version, copy_to=p.btv, duty=duty, created_at=version.sent_at
    )
    to_hu = ReportCopy.objects.create(
        slot=slot, submission=version, copy_to=p.hu, duty=duty, created_at=version.sent_at
    )
    expected = {
        p.btv_leader: [to_btv],
        p.hu_cv: [to_hu],
        p.xa1_clerk: [to_btv, to_hu],
        p.ban_cv: [to_btv, to_hu],
    }
    for user, copies in expected.items():
        assert (user.email, list(queries.slot_copies(user, slot))) == (user.email, copies)
        page_client = Client()
        page_client.force_login(user)
        page = page_client.get(reverse("reports-slot", args=[slot.pk]))
        assert (user.email, page.context["copies"]) == (user.email, copies)
        api = login(Client(), user).get(f"{API}/slots/{slot.pk}/").json()
        assert (user.email, [c["id"] for c in api["copies"]]) == (user.email, [c.pk for c in copies])
        perms = slot_permissions(user, slot)
        assert (user.email, perms.see_all_copies, perms.api()) == (
            user.email,
            len(copies) == 2,
            {"draft": False, "approve": False, "review": user == p.ban_cv},
        )
