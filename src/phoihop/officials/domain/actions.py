"""The actions of the officials registry (issue 12, 1; 002 III.1–2): each checks the actor's right
(officials.rules) and its input, raises DomainError with a Vietnamese message, and writes its change and its
audit event in one transaction. `name_key` is always fold(full_name) and `sort_name` its collation key.

A change of position or workplace closes the current OfficialPosition (ended the day before the new one starts)
and opens a new one: the history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.accounts.types import Actor
from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.errors import DomainError, NotAllowed
from phoihop.organizations.models import Organization

from .. import rules
from ..models import Official, OfficialMembership, OfficialPosition, SupervisionAssignment
from ..naming import collation_key, fold

__all__ = [
    "OfficialData",
    "add_membership",
    "assign_supervision",
    "create_official",
    "end_supervision",
    "set_managing_body",
    "update_official",
]

NAME_MAX = 200
FIRST_YEAR = 1900


@dataclass(frozen=True)
class OfficialData:
    """What a form, the API or the import gives for one official."""

    full_name: str
    birth_year: int | None = None
    position: str = ""
    workplace: Organization | None = None
    is_party_member: bool = False
    party_organization: Organization | None = None
    managing_basis: str = ""
    started_on: dt.date | None = None  # when the current position began (None: unknown)


def _today() -> dt.date:
    return timezone.localdate()


def _active(organization: Organization | None, field: str, label: str) -> None:
    if (
        organization is not None
        and organization.dissolved_on is not None
        and organization.dissolved_on <= _today()
    ):
        raise DomainError(
            _("%(label)s %(name)s đã giải thể.") % {"label": label, "name": organization}, field=field
        )


def _check(data: OfficialData) -> str:
    """The cleaned name; DomainError on bad input."""
    name = " ".join(data.full_name.split())
    if not name:
        raise DomainError(_("Hãy nhập họ và tên."), field="full_name")
    if len(name) > NAME_MAX:
        raise DomainError(_("Họ và tên dài quá %(n)d ký tự.") % {"n": NAME_MAX}, field="full_name")
    if data.birth_year is not None and not FIRST_YEAR <= data.birth_year <= _today().year:
        raise DomainError(
            _("Năm sinh phải từ %(first)d đến %(last)d.") % {"first": FIRST_YEAR, "last": _today().year},
            field="birth_year",
        )
    if data.position and data.workplace is None:
        raise DomainError(_("Hãy chọn nơi công tác của chức vụ."), field="workplace")
    if data.party_organization is not None and not data.is_party_member:
        raise DomainError(_("Chỉ đảng viên mới có tổ chức đảng sinh hoạt."), field="party_organization")
    _active(data.workplace, "workplace", _("Nơi công tác"))
    _active(data.party_organization, "party_organization", _("Tổ chức đảng"))
    return name


def _duplicate(name_key: str, data: OfficialData, exclude: int | None = None) -> None:
    rows = Official.objects.filter(
        name_key=name_key,
        birth_year=data.birth_year,
        workplace_id=data.workplace.pk if data.workplace else None,
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    if rows.exists():
        raise DomainError(
            _("Cán bộ này (cùng họ tên, năm sinh và nơi công tác) đã có trong danh sách."),
            code="duplicate",
            field="full_name",
        )


def _snapshot(official: Official) -> dict[str, Any]:
    return {
        "full_name": official.full_name,
        "birth_year": official.birth_year,
        "position": official.position,
        "workplace": official.workplace_id,
        "is_party_member": official.is_party_member,
        "party_organization": official.party_organization_id,
        "managing_body": official.managing_body_id,
        "managing_basis": official.managing_basis,
    }


def create_official(
    actor: Actor, data: OfficialData, *, managing_body: Organization | None = None
) -> Official:
    """Register an official managed by the actor's body (or by `managing_body`, which must be it)."""
    if not rules.can_register(actor):
        raise NotAllowed(_("Chỉ lãnh đạo, chuyên viên hoặc quản trị của cơ quan quản lý được thêm cán bộ."))
    body_id = managing_body.pk if managing_body is not None else actor.organization_id
    if body_id != actor.organization_id:
        raise NotAllowed(_("Chỉ thêm được cán bộ thuộc diện cơ quan mình quản lý."), field="managing_body")
    name = _check(data)
    key = fold(name)
    with transaction.atomic():
        lock_chain()
        _duplicate(key, data)
        official = Official(
            full_name=name,
            name_key=key,
            sort_name=collation_key(name),
            birth_year=data.birth_year,
            position=data.position.strip(),
            workplace=data.workplace,
            is_party_member=data.is_party_member,
            party_organization=data.party_organization,
            managing_body_id=body_id,
            managing_basis=data.managing_basis.strip(),
        )
        try:
            with transaction.atomic():
                official.save(force_insert=True)
        except IntegrityError as exc:  # a racing registration of the same person
            raise DomainError(
                _("Cán bộ này (cùng họ tên, năm sinh và nơi công tác) đã có trong danh sách."),
                code="duplicate",
            ) from exc
        if official.workplace is not None and official.position:
            OfficialPosition.objects.create(
                official=official,
                organization=official.workplace,
                title=official.position,
                started_on=data.started_on,
            )
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=official,
            summary=_("Thêm cán bộ %(name)s") % {"name": name},
            data=_snapshot(official),
        )
    return official


def update_official(actor: Actor, official: Official, data: OfficialData) -> Official:
    """Change an official's record (the managing body: set_managing_body). A new position or workplace closes the
    current position and opens a new one from `data.started_on` (default today)."""
    if not rules.can_edit(actor, official):
        raise NotAllowed(_("Chỉ cơ quan quản lý cán bộ được sửa hồ sơ này."))
    name = _check(data)
    key = fold(name)
    with transaction.atomic():
        lock_chain()
        current = Official.objects.select_for_update().get(pk=official.pk)
        if not rules.can_edit(actor, current):
            raise NotAllowed(_("Chỉ cơ quan quản lý cán bộ được sửa hồ sơ này."))
        _duplicate(key, data, exclude=current.pk)
        before = _snapshot(current)
        moved = data.position.strip() != current.position or (
            data.workplace.pk if data.workplace else None
        ) != (current.workplace_id)
        current.full_name = name
        current.name_key = key
        current.sort_name = collation_key(name)
        current.birth_year = data.birth_year
        current.position = data.position.strip()
        current.workplace = data.workplace
        current.is_party_member = data.is_party_member
        current.party_organization = data.party_organization
        current.managing_basis = data.managing_basis.strip()
        after = _snapshot(current)
        changes = {field: [before[field], after[field]] for field in after if before[field] != after[field]}
        if not changes:
            return current
        if moved:
            start = data.started_on or _today()
            opened = OfficialPosition.objects.filter(official_id=current.pk, ended_on__isnull=True).first()
            if opened is not None:
                if opened.started_on is not None and start <= opened.started_on:
                    raise DomainError(
                        _("Ngày nhận chức vụ mới phải sau ngày bắt đầu chức vụ hiện tại (%(day)s).")
                        % {"day": opened.started_on.strftime("%d/%m/%Y")},
                        field="started_on",
                    )
                opened.ended_on = start - dt.timedelta(days=1)
                opened.save(update_fields=["ended_on"])
            if current.workplace is not None and current.position:
                OfficialPosition.objects.create(
                    official=current, organization=current.workplace, title=current.position, started_on=start
                )
        fields = [
            "full_name",
            "name_key",
            "sort_name",
            "birth_year",
            "position",
            "workplace",
            "is_party_member",
        ]
        fields += ["party_organization", "managing_basis", "updated_at"]
        try:
            with transaction.atomic():
                current.save(update_fields=fields)
        except IntegrityError as exc:
            raise DomainError(
                _("Cán bộ này (cùng họ tên, năm sinh và nơi công tác) đã có trong danh sách."),
                code="duplicate",
            ) from exc
        record(
            actor=actor,
            action=AuditAction.CHANGED,
            target=current,
            summary=_("Sửa hồ sơ cán bộ %(name)s") % {"name": name},
            data={"changes": changes, "new_position": moved},
        )
    return current


def set_managing_body(actor: Actor, official: Official, body: Organization, basis: str) -> Official:
    """Hand the official over to another managing body (diện … quản lý) with its basis: by the current one."""
    if not rules.can_edit(actor, official):
        raise NotAllowed(_("Chỉ cơ quan quản lý cán bộ được chuyển diện quản lý."))
    basis = basis.strip()
    if not basis:
        raise DomainError(_("Hãy ghi căn cứ phân cấp quản lý."), field="managing_basis")
    _active(body, "managing_body", _("Cơ quan quản lý"))
    with transaction.atomic():
        lock_chain()
        current = Official.objects.select_for_update().get(pk=official.pk)
        if not rules.can_edit(actor, current):
            raise NotAllowed(_("Chỉ cơ quan quản lý cán bộ được chuyển diện quản lý."))
        old = [current.managing_body_id, current.managing_basis]
        if old == [body.pk, basis]:
            return current
        current.managing_body = body
        current.managing_basis = basis
        current.save(update_fields=["managing_body", "managing_basis", "updated_at"])
        record(
            actor=actor,
            action=AuditAction.CHANGED,
            target=current,
            summary=_("Chuyển %(name)s sang diện %(body)s quản lý")
            % {"name": current.full_name, "body": body},
            data={"changes": {"managing_body": [old[0], body.pk], "managing_basis": [old[1], basis]}},
        )
    return current


def add_membership(
    actor: Actor,
    official: Official,
    organization: Organization,
    role: str = "",
    started_on: dt.date | None = None,
) -> OfficialMembership:
    """Record the official's membership of a mass organisation."""
    if not rules.can_edit(actor, official):
        raise NotAllowed(_("Chỉ cơ quan quản lý cán bộ được sửa hồ sơ này."))
    _active(organization, "organization", _("Tổ chức"))
    with transaction.atomic():
        lock_chain()
        if OfficialMembership.objects.filter(
            official_id=official.pk, organization_id=organization.pk, ended_on__isnull=True
        ).exists():
            raise DomainError(
                _("Cán bộ đã là thành viên của %(org)s.") % {"org": organization}, field="organization"
            )
        membership = OfficialMembership.objects.create(
            official=official, organization=organization, role=role.strip(), started_on=started_on
        )
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=membership,
            summary=_("%(name)s tham gia %(org)s") % {"name": official.full_name, "org": organization},
            data={"official": official.pk, "organization": organization.pk, "role": membership.role},
        )
    return membership


def assign_supervision(
    actor: Actor,
    official: Official,
    supervisor: Organization,
    *,
    started_on: dt.date,
    basis: str = "",
    listed_with: Organization | None = None,
) -> SupervisionAssignment:
    """Put the official on `supervisor`'s list of officials it supervises at their workplace (002 III.1–2): by
    Ban Tổ chức or the Front, which build the list together (`listed_with`: the other of the two)."""
    if not rules.can_assign_supervision(actor):
        raise NotAllowed(_("Chỉ Ban Tổ chức hoặc Mặt trận lập danh sách cán bộ được giám sát."))
    _active(supervisor, "supervisor", _("Tổ chức giám sát"))
    with transaction.atomic():
        lock_chain()
        if SupervisionAssignment.objects.filter(
            official_id=official.pk, supervisor_id=supervisor.pk, ended_on__isnull=True
        ).exists():
            raise DomainError(
                _("%(org)s đã được phân công giám sát cán bộ này.") % {"org": supervisor}, field="supervisor"
            )
        try:
            with transaction.atomic():
                assignment = SupervisionAssignment.objects.create(
                    official=official,
                    supervisor=supervisor,
                    listed_with=listed_with,
                    basis=basis.strip(),
                    started_on=started_on,
                )
        except IntegrityError as exc:
            raise DomainError(
                _("%(org)s đã được phân công giám sát cán bộ này.") % {"org": supervisor}
            ) from exc
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=assignment,
            summary=_("Phân công %(org)s giám sát %(name)s")
            % {"org": supervisor, "name": official.full_name},
            data={"official": official.pk, "supervisor": supervisor.pk, "started_on": started_on.isoformat()},
        )
    return assignment


def end_supervision(
    actor: Actor, assignment: SupervisionAssignment, ended_on: dt.date
) -> SupervisionAssignment:
    """End a supervision assignment on `ended_on` (not before it started)."""
    if not rules.can_assign_supervision(actor):
        raise NotAllowed(_("Chỉ Ban Tổ chức hoặc Mặt trận lập danh sách cán bộ được giám sát."))
    if ended_on < assignment.started_on:
        raise DomainError(
            _("Ngày kết thúc không được trước ngày bắt đầu giám sát (%(day)s).")
            % {"day": assignment.started_on.strftime("%d/%m/%Y")},
            field="ended_on",
        )
    with transaction.atomic():
        lock_chain()
        updated = SupervisionAssignment.objects.filter(pk=assignment.pk, ended_on__isnull=True).update(
            ended_on=ended_on
        )
        if not updated:
            raise DomainError(_("Việc phân công giám sát này đã kết thúc."), code="conflict")
        assignment.ended_on = ended_on
        record(
            actor=actor,
            action=AuditAction.CHANGED,
            target=assignment,
            summary=_("Kết thúc phân công %(org)s giám sát %(name)s")
            % {"org": assignment.supervisor, "name": assignment.official.full_name},
            data={"changes": {"ended_on": [None, ended_on.isoformat()]}},
        )
    return assignment
