"""One of everything, with secrets planted in it: the data set of the access matrix (tests/test_access_matrix.py)
and of the API fuzz run (tests/api/test_schema_fuzz.py).

The personas of tests/personas.py (bodies and users of each role) with the five regulations loaded, a few more
users (a specialist and a clerk of the Ban Thường vụ, a specialist of the outsider), and, under regulation 003
(Ban Nội chính Tỉnh ủy with the communes) in 2027:

- `request`: the Ban asks xã Một and xã Hai for their opinion (sent 01/03 with a file); xã Một disagrees with a
  file, xã Hai agrees with comments and a file (02/03); the Ban's leader reports it to the Ban Thường vụ (03/03).
- `pending`: a second request drafted by the Ban and waiting for its leader's approval (04/03).
- `slot`: xã Một's January report, sent with a file and figures (20/01); `draft_slot`: its February report,
  a version waiting for xã Một's leader (05/03), which the Ban must never see.
- `report_request`: an ad hoc report the Ban asked xã Một and xã Hai for (05/03).

Every text, file name, file content and figure that a body outside the matter must never see contains one of
SECRETS. `NOW` is the moment the tests look at it (10/03/2027).
"""

from __future__ import annotations

import importlib
import io
from dataclasses import dataclass, field
from typing import Any

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from phoihop.accounts.enums import Role
from phoihop.consultations.domain import actions as consult
from phoihop.consultations.enums import Position, RequestKind
from phoihop.consultations.models import Attachment, CoordinationRequest, Delivery
from phoihop.regulations.queries import current_version
from phoihop.reports.domain import actions as reports
from phoihop.reports.domain.generation import generate_slots
from phoihop.reports.enums import SlotOrigin
from phoihop.reports.models import ReportRequest, ReportSlot, ReportSubmission
from tests.factories import UserFactory
from tests.reports.conftest import FIGURES_003, Province, at, send, slot_of

NOW = at("2027-03-10", 9)
REGULATION = "003"
YEAR = "2027"

# Markers: each secret text, file name and file content carries one (hyphenated, so that no random token —
# a CSRF token, a hash — can contain one by chance). A body outside the matter must never see any of them.
REQUEST_MARK = "MAT-DE-NGHI-7Q"  # the request: subject, body, its file (sender, recipients, authority)
XA1_MARK = "MAT-XA-MOT-7Q"  # xã Một's answer and file (sender, xã Một, authority; never xã Hai)
XA2_MARK = "MAT-XA-HAI-7Q"  # xã Hai's answer
SUMMARY_MARK = "MAT-BAO-CAO-CAP-TREN-7Q"  # the escalation's summary
PENDING_MARK = "MAT-CHO-DUYET-7Q"  # the request waiting for approval (the Ban only)
REPORT_MARK = "MAT-BAO-CAO-THANG-7Q"  # xã Một's sent report: file name, note (xã Một and the Ban)
DRAFT_MARK = "MAT-DU-THAO-7Q"  # xã Một's unsent version (xã Một only, never the Ban)
ASK_MARK = "MAT-YEU-CAU-7Q"  # the ad hoc report request (the Ban and the two communes)
FIGURE = 9876543  # xã Một's "petitions received" in its sent report
DRAFT_FIGURE = 8765432  # and in its unsent version


def figure_marks(n: int) -> tuple[str, str]:
    return str(n), f"{n:,}".replace(",", ".")  # 9876543 and 9.876.543, as the Vietnamese pages print it


SECRETS = (
    REQUEST_MARK,
    XA1_MARK,
    XA2_MARK,
    SUMMARY_MARK,
    PENDING_MARK,
    REPORT_MARK,
    DRAFT_MARK,
    ASK_MARK,
    *figure_marks(FIGURE),
    *figure_marks(DRAFT_FIGURE),
)


def pdf(mark: str, name: str) -> SimpleUploadedFile:
    """A PDF whose file name and content both carry the marker."""
    return SimpleUploadedFile(
        f"{name}-{mark}.pdf", f"%PDF-1.4\n% {mark}\n".encode(), content_type="application/pdf"
    )


@dataclass
class World:
    p: Any  # tests.reports.conftest.Province (the personas), plus the users added below
    request: CoordinationRequest
    pending: CoordinationRequest
    delivery: Delivery  # xã Một's copy of `request`
    attachment: Attachment  # xã Một's answer file
    slot: ReportSlot
    submission: ReportSubmission  # the version of `slot` that was sent
    draft_slot: ReportSlot
    draft: ReportSubmission  # the version of `draft_slot` waiting for approval
    report_request: ReportRequest
    # what the planters below add (w.official is w.extra["official"])
    extra: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:  # w.official is w.extra["official"]; w.ban_cv is w.p.ban_cv
        extra = self.__dict__.get("extra", {})
        if name in extra:
            return extra[name]
        return getattr(self.p, name)


# Each later domain plants its own matter on the world: a module `tests/<domain>/plant.py` with
# `plant(w: World) -> None` that sets `w.extra[...]`, its secrets carrying a mark of its own (hyphenated, like
# the marks above, and listed in its module's MARKS). Listed here, in the order they run.
PLANTER_MODULES: list[str] = [
    "tests.officials.plant",
    "tests.cases.plant",
    "tests.information.plant",
    "tests.consultations.plant",
    "tests.petitions.plant",
    "tests.identities.plant",
    "tests.matters.plant",
    "tests.reception.plant",
]


def _planted_marks() -> tuple[str, ...]:
    return tuple(mark for module in PLANTER_MODULES for mark in importlib.import_module(module).MARKS)


# a plant module must not import this module at its top (only under TYPE_CHECKING): it is imported from here
SECRETS = SECRETS + _planted_marks()


def _plant_all(w: World) -> None:
    for module in PLANTER_MODULES:
        importlib.import_module(module).plant(w)


def build_world() -> World:
    call_command("load_regulations", stdout=io.StringIO())
    p = Province()
    u = UserFactory
    p.btv_cv = u(organization=p.btv, role=Role.SPECIALIST)
    p.btv_clerk = u(organization=p.btv, role=Role.CLERK)
    p.outsider_cv = u(organization=p.farmers, role=Role.SPECIALIST)
    regulation = current_version(REGULATION)
    assert regulation is not None

    with time_machine.travel(at("2027-01-01", 7), tick=False):
        generate_slots(2027, codes=[REGULATION])
    slot = slot_of(p.xa1, "monthly", "2027-01")
    with time_machine.travel(at("2027-01-20", 9), tick=False):
        submission = send(
            slot,
            p.xa1_cv,
            p.xa1_leader,
            figures={**FIGURES_003, "petitions_received": FIGURE},
            name=f"bao-cao-{REPORT_MARK}.pdf",
        )
    ReportSubmission.objects.filter(pk=submission.pk).update(note=f"Ghi chú {REPORT_MARK}")

    with time_machine.travel(at("2027-03-01", 8), tick=False):
        request = consult.create_request(
            p.ban_cv,
            regulation=regulation,
            kind=RequestKind.CONSULTATION,
            subject=f"Kế hoạch kiểm tra {REQUEST_MARK}",
            body=f"Nội dung {REQUEST_MARK}",
            recipients=[p.xa1, p.xa2],
            files=[pdf(REQUEST_MARK, "ke-hoach")],
        )
        consult.submit_for_approval(p.ban_cv, request)
        consult.approve_and_send(p.ban_leader, request)
    delivery = Delivery.objects.get(request=request, recipient=p.xa1)
    with time_machine.travel(at("2027-03-02", 9), tick=False):
        consult.answer(
            p.xa1_leader,  # a leader signs the answer (issue 11: a specialist answers through a draft)
            delivery,
            position=Position.DISAGREE,
            text=f"Ý kiến {XA1_MARK}",
            files=[pdf(XA1_MARK, "y-kien")],
        )
        consult.answer(
            p.xa2_leader,
            Delivery.objects.get(request=request, recipient=p.xa2),
            position=Position.AGREE_WITH_COMMENTS,
            text=f"Ý kiến {XA2_MARK}",
            files=[pdf(XA2_MARK, "y-kien")],
        )
    request.refresh_from_db()
    with time_machine.travel(at("2027-03-03", 9), tick=False):
        consult.escalate(p.ban_leader, request, summary=f"Tóm tắt {SUMMARY_MARK}")
    with time_machine.travel(at("2027-03-04", 9), tick=False):
        pending = consult.create_request(
            p.ban_cv,
            regulation=regulation,
            kind=RequestKind.CONSULTATION,
            subject=f"Dự thảo {PENDING_MARK}",
            files=[pdf(PENDING_MARK, "du-thao")],
            recipients=[p.xa1],
        )
        consult.submit_for_approval(p.ban_cv, pending)

    draft_slot = slot_of(p.xa1, "monthly", "2027-02")
    with time_machine.travel(at("2027-03-05", 9), tick=False):
        draft = reports.save_draft(
            p.xa1_cv,
            draft_slot,
            document=pdf(DRAFT_MARK, "bao-cao"),
            figures={**FIGURES_003, "petitions_received": DRAFT_FIGURE},
            note=f"Ghi chú {DRAFT_MARK}",
        )
        reports.submit_for_approval(p.xa1_cv, draft)
        report_request = reports.create_request(
            p.ban_cv,
            origin=SlotOrigin.AD_HOC,
            subject=f"Báo cáo đột xuất {ASK_MARK}",
            body=f"Nội dung {ASK_MARK}",
            reporters=[p.xa1, p.xa2],
            working_days=5,
        )

    request.refresh_from_db()
    pending.refresh_from_db()
    slot.refresh_from_db()
    draft_slot.refresh_from_db()
    draft.refresh_from_db()
    w = World(
        p=p,
        request=request,
        pending=pending,
        delivery=Delivery.objects.select_related("request", "recipient").get(pk=delivery.pk),
        attachment=Attachment.objects.get(request=request, delivery=delivery),
        slot=slot,
        submission=submission,
        draft_slot=draft_slot,
        draft=draft,
        report_request=report_request,
    )
    _plant_all(w)
    return w
