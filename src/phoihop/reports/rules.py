"""Permission predicates for report slots, and slot_permissions(): what a user may do on one slot, in its
current state. Pages and API both take their answer from slot_permissions (no queries beyond the objects given,
except the open version when the caller does not pass it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeGuard

from phoihop.accounts.enums import DRAFTING_ROLES, Role
from phoihop.accounts.types import Viewer

if TYPE_CHECKING:
    from phoihop.accounts.types import Actor

    from .models import ReportSlot, ReportSubmission

from .enums import OPEN_SLOT_STATES, SlotState, SubmissionState

REVIEWING_ROLES = {Role.SPECIALIST, Role.LEADER}


def _member(user: Viewer, organization_id: int | None) -> TypeGuard[Actor]:
    """A signed-in user of that organisation (True narrows `user` to an Actor for the type checker)."""
    return bool(user.is_authenticated and user.organization_id and user.organization_id == organization_id)


def is_reporter_member(user: Viewer, slot: ReportSlot) -> TypeGuard[Actor]:
    return _member(user, slot.reporter_id)


def is_receiver_member(user: Viewer, slot: ReportSlot) -> TypeGuard[Actor]:
    return _member(user, slot.receiver_id)


def can_draft(user: Viewer, slot: ReportSlot) -> bool:
    """A clerk, specialist or leader of the reporting body prepares a version (document and figures)."""
    return is_reporter_member(user, slot) and user.role in DRAFTING_ROLES


def can_approve(user: Viewer, slot: ReportSlot) -> bool:
    """Only a leader of the reporting body approves and sends."""
    return is_reporter_member(user, slot) and user.role == Role.LEADER


def can_review(user: Viewer, slot: ReportSlot) -> bool:
    """A specialist or leader of the receiving body accepts, returns for correction and sends reminders."""
    return is_receiver_member(user, slot) and user.role in REVIEWING_ROLES


def can_receive_for(user: Viewer, receiver_id: int) -> bool:
    return _member(user, receiver_id) and user.role in REVIEWING_ROLES


def can_request(user: Viewer) -> bool:
    """A specialist or leader asks other bodies for an ad hoc or thematic report."""
    return bool(user.is_authenticated and user.organization_id and user.role in REVIEWING_ROLES)


# --- one slot, in its state ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlotPermissions:
    """What one user may do on one slot now. Role and membership say who may ever act; the slot's state and
    the state of its unsent version (the "open draft") say whether the action is possible now."""

    see_drafts: bool  # the reporting body: its unsent versions, their files and history
    see_all_copies: bool  # reporter and receiver; a body holding a copy sees only the copies it received
    see_table: bool  # the receiving body: the period (or request) table the slot belongs to
    edit: bool  # save a draft: document, figures, note (open slot; no version waiting for approval)
    upload: bool  # fill the figures from the .xlsx template (edit, on a slot with an obligation's template)
    submit: bool  # submit the draft to the leader for approval
    approve: bool  # a leader approves and sends the unsent version
    return_draft: bool  # a leader returns a version waiting for approval to its drafters
    review: bool  # the receiving body accepts the sent report or returns it for correction

    def api(self) -> dict[str, bool]:
        """The API's "permissions" object (ReportPermissionsSerializer): draft = edit or submit, approve =
        approve and send or return the draft, review = accept or return for correction."""
        return {
            "draft": self.edit or self.submit,
            "approve": self.approve or self.return_draft,
            "review": self.review,
        }


_UNSET: Any = object()


def _open_draft(slot: ReportSlot) -> ReportSubmission | None:
    return slot.submissions.exclude(state=SubmissionState.SENT).order_by("version").first()


def slot_permissions(user: Viewer, slot: ReportSlot, *, draft: Any = _UNSET) -> SlotPermissions:
    """The actions `user` may take on `slot` now. `draft` is the slot's unsent version (None when there is
    none); pass it when it is already loaded, otherwise it is read for members of the reporting body only."""
    reporter = is_reporter_member(user, slot)
    receiver = is_receiver_member(user, slot)
    if not reporter:
        draft = None  # nobody else sees, or acts on, the reporting body's drafts
    elif draft is _UNSET:
        draft = _open_draft(slot)
    is_open = slot.state in OPEN_SLOT_STATES
    drafting = is_open and can_draft(user, slot)
    leading = is_open and can_approve(user, slot)
    draft_state = draft.state if draft is not None else None
    edit = drafting and draft_state in (None, SubmissionState.DRAFT)
    has_obligation = bool(slot.obligation_id or (slot.request is not None and slot.request.obligation_id))
    return SlotPermissions(
        see_drafts=reporter,
        see_all_copies=reporter or receiver,
        see_table=receiver and bool(slot.obligation_id or slot.request_id),
        edit=edit,
        upload=edit and has_obligation,
        submit=drafting and draft_state == SubmissionState.DRAFT,
        approve=leading and draft is not None,
        return_draft=leading and draft_state == SubmissionState.PENDING_APPROVAL,
        review=can_review(user, slot) and slot.state == SlotState.SUBMITTED,
    )
