"""The actions on petitions (issue 13, points 1–2). Each raises `phoihop.common.errors.DomainError` (a Vietnamese
message) on bad input, changes state through domain/transitions.py and records its audit event (handles only,
never an identity) in the same transaction.

Legal time limits (domain/deadlines.py) are started and met at these events: register → start "received";
classify → meet "classified"; accept → meet "classified", "accepted", start "accepted"; transfer → meet
"classified", "accepted", "transferred", "closed" (and start "received" on the receiving body's petition);
guide / file → meet "classified", "accepted", "closed"; report_result → meet "closed"."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.accounts.enums import Role
from phoihop.accounts.types import Actor
from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.cases import queries as cases_queries
from phoihop.common.clock import local_date
from phoihop.common.errors import DomainError, NotAllowed
from phoihop.common.files import safe_name, validate_files
from phoihop.formats.vi.collation import fold
from phoihop.identities.domain.protect import Person, protect
from phoihop.notifications.domain import Notice, notify_many
from phoihop.organizations.models import Organization

from .. import queries, rules
from ..enums import Channel, EventKind, PetitionKind, PetitionState
from ..models import (
    Matter,
    Petition,
    PetitionAttachment,
    PetitionEvent,
    PetitionSigner,
    PetitionSubject,
    PetitionWord,
)
from ..words import words_of
from . import deadlines
from .matters import neutral_title
from .redaction import redact
from .transitions import set_petition_state

__all__ = [
    "Classification",
    "Intake",
    "TransferInput",
    "accept",
    "classify",
    "file_away",
    "guide",
    "register",
    "report_result",
    "report_to_ban",
    "transfer",
]

TITLE_MAX = 300


@dataclass(frozen=True)
class Intake:
    """What a clerk registers (point 1)."""

    received_on: dt.date
    channel: str  # enums.Channel
    kind: str  # enums.PetitionKind
    title: str
    content: str
    anonymous: bool = False
    signers: Sequence[Person] = ()  # empty when anonymous; the names are replaced by handles in title/content
    signer_count: int | None = None  # defaults to len(signers) (or 1 when anonymous)
    official_ids: Sequence[int] = ()
    organization_ids: Sequence[int] = ()
    attachments: Sequence[UploadedFile] = ()
    redacted_attachments: Sequence[UploadedFile] = ()  # copies without the signers' identity (for transfers)
    case_id: int | None = None


@dataclass(frozen=True)
class Classification:
    within_competence: bool
    complex: bool = False
    prolonged: bool = False
    backlog: bool = False
    mass: bool = False


@dataclass(frozen=True)
class TransferInput:
    to_organization_id: int
    letter: str  # số văn bản chuyển đơn
    on: dt.date
    result_due_on: dt.date  # the first body follows it up until then (003 4.1.đ)
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


# --- helpers -------------------------------------------------------------------------------------------------


def _index_words(petition: Petition) -> None:
    """The petition's words for the register's search (petitions.words), in the caller's transaction."""
    PetitionWord.objects.bulk_create(
        PetitionWord(petition=petition, organization_id=petition.organization_id, word=w)
        for w in words_of(petition.search_text)
    )


def _today() -> dt.date:
    return local_date(timezone.now())


def _event(petition: Petition, kind: str, actor: Actor | None, text: str = "") -> None:
    PetitionEvent.objects.create(petition=petition, kind=kind, at=timezone.now(), actor=actor, text=text)


def _day(on: dt.date | None, *, after: dt.date | None, field_name: str, label: str) -> dt.date:
    """A decision's date: given, not after today, not before `after` (the petition's own earlier date)."""
    if on is None:
        raise DomainError(_("Hãy nhập %(label)s.") % {"label": label}, field=field_name)
    if on > _today():
        raise DomainError(
            _("%(label)s không được sau hôm nay.") % {"label": label.capitalize()}, field=field_name
        )
    if after is not None and on < after:
        raise DomainError(
            _("%(label)s không được trước ngày %(day)s.")
            % {"label": label.capitalize(), "day": f"{after:%d/%m/%Y}"},
            field=field_name,
        )
    return on


def _store(actor: Actor, petition: Petition, files: Sequence[UploadedFile], redacted: bool) -> None:
    for f in files:
        row = PetitionAttachment(
            petition=petition,
            original_name=os.path.basename(f.name or "tep")[:255],
            size=f.size or 0,
            content_type=(getattr(f, "content_type", "") or "application/octet-stream")[:100],
            redacted=redacted,
            uploaded_by=actor,
        )
        row.file.save(safe_name(f.name or "tep"), f, save=False)
        row.save()


def _next_number(organization_id: int, year: int) -> int:
    """The next number of the body's register for `year`; call after locking the body's row."""
    last = Petition.objects.filter(organization_id=organization_id, year=year).aggregate(n=Max("number"))["n"]
    return int(last or 0) + 1


def _lock_body(organization_id: int) -> Organization:
    body = Organization.objects.select_for_update().filter(pk=organization_id).first()
    if body is None:
        raise DomainError(_("Không tìm thấy cơ quan."), field="organization")
    return body


def _decided(petition: Petition) -> None:
    if petition.state not in (PetitionState.RECEIVED,):
        raise DomainError(
            _("Đơn này đã được quyết định xử lý (%(state)s).")
            % {"state": PetitionState(petition.state).label},
            code="decided",
        )
    if petition.classified_on is None:
        raise DomainError(_("Hãy phân loại đơn trước khi quyết định xử lý."), code="not_classified")


def _meet(petition: Petition, events: Sequence[str], on: dt.date, actor: Actor | None) -> None:
    for event in events:
        deadlines.meet(petition, event, on, actor=actor)


# --- register ------------------------------------------------------------------------------------------------


def _check_intake(intake: Intake) -> tuple[str, str, int]:
    if intake.kind not in PetitionKind.values:
        raise DomainError(_("Hãy chọn loại đơn trong danh sách."), field="kind")
    if intake.channel not in Channel.values:
        raise DomainError(_("Hãy chọn nguồn đơn trong danh sách."), field="channel")
    if intake.received_on is None:
        raise DomainError(_("Hãy nhập ngày nhận đơn."), field="received_on")
    if intake.received_on > _today():
        raise DomainError(_("Ngày nhận đơn không được sau hôm nay."), field="received_on")
    title = " ".join((intake.title or "").split())
    content = (intake.content or "").strip()
    if not title:
        raise DomainError(_("Hãy nhập trích yếu nội dung đơn."), field="title")
    if not content:
        raise DomainError(_("Hãy nhập nội dung đơn."), field="content")
    signers = [s for s in intake.signers if (s.name or "").strip()]
    if len(signers) != len(intake.signers):
        raise DomainError(_("Hãy nhập họ tên của từng người ký đơn."), field="signers")
    if intake.anonymous and signers:
        raise DomainError(_("Đơn nặc danh không có người ký: hãy bỏ thông tin người ký."), field="anonymous")
    if not intake.anonymous and not signers:
        raise DomainError(
            _("Hãy nhập ít nhất một người ký đơn, hoặc đánh dấu đơn nặc danh."), field="signers"
        )
    count = intake.signer_count if intake.signer_count is not None else max(len(signers), 1)
    if count < max(len(signers), 1):
        raise DomainError(
            _("Số người ký không được ít hơn số người đã nhập (%(n)s).") % {"n": max(len(signers), 1)},
            field="signer_count",
        )
    return title, content, count


def register(*, organization_id: int, intake: Intake, actor: Any) -> Petition:
    """Writes the petition with the next number of the body's register for the year of `received_on`."""
    if not rules.can_register(actor) or actor.organization_id != organization_id:
        raise NotAllowed(rules.refusal("register"))
    title, content, count = _check_intake(intake)
    official_ids = sorted(set(intake.official_ids))
    organization_ids = sorted(set(intake.organization_ids))
    if official_ids and queries.officials_to_name(actor).filter(pk__in=official_ids).count() != len(
        official_ids
    ):
        raise DomainError(_("Có cán bộ không có trong danh sách."), field="officials")
    if organization_ids and Organization.objects.filter(pk__in=organization_ids).count() != len(
        organization_ids
    ):
        raise DomainError(_("Có cơ quan không có trong danh sách."), field="organizations")
    if intake.case_id is not None and cases_queries.case_for(actor, intake.case_id) is None:
        raise DomainError(_("Không tìm thấy vụ án, vụ việc."), field="case")
    validate_files([*intake.attachments, *intake.redacted_attachments])
    year = intake.received_on.year
    with transaction.atomic():
        lock_chain()
        _lock_body(organization_id)
        identities = [
            protect(organization_id=organization_id, person=person, actor=actor) for person in intake.signers
        ]
        replacements = [
            (needle, identity.handle)
            for person, identity in zip(intake.signers, identities, strict=True)
            for needle in (person.name, person.address, person.contact)
        ]
        title = redact(title, replacements)[:TITLE_MAX]
        content = redact(content, replacements)
        petition = Petition.objects.create(
            organization_id=organization_id,
            year=year,
            number=_next_number(organization_id, year),
            received_on=intake.received_on,
            channel=intake.channel,
            kind=intake.kind,
            title=title,
            content=content,
            anonymous=intake.anonymous,
            signer_count=count,
            case_id=intake.case_id,
            search_text=fold(f"{title} {content}"),
            created_by=actor,
        )
        _index_words(petition)
        PetitionSigner.objects.bulk_create(
            [
                PetitionSigner(petition=petition, identity=identity, position=i)
                for i, identity in enumerate(identities, start=1)
            ]
        )
        PetitionSubject.objects.bulk_create(
            [PetitionSubject(petition=petition, official_id=pk) for pk in official_ids]
            + [PetitionSubject(petition=petition, organization_id=pk) for pk in organization_ids]
        )
        _store(actor, petition, intake.attachments, redacted=False)
        _store(actor, petition, intake.redacted_attachments, redacted=True)
        handles = [i.handle for i in identities]
        who = ", ".join(handles) if handles else _("nặc danh")
        _event(
            petition,
            EventKind.RECEIVED,
            actor,
            _("Vào sổ số %(code)s (%(channel)s); người ký: %(who)s")
            % {"code": petition.register_code, "channel": Channel(intake.channel).label, "who": who},
        )
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=petition,
            summary=_("Vào sổ đơn thư số %(code)s (%(kind)s); người ký: %(who)s")
            % {"code": petition.register_code, "kind": PetitionKind(intake.kind).label, "who": who},
            data={
                "year": year,
                "number": petition.number,
                "kind": intake.kind,
                "channel": intake.channel,
                "signers": handles,
                "anonymous": intake.anonymous,
            },
        )
        deadlines.start(petition, "received", intake.received_on, actor=actor)
    return petition


# --- classification and decisions --------------------------------------------------------------------------


def classify(petition: Petition, classification: Classification, *, actor: Any) -> None:
    if not rules.can_classify(actor, petition):
        if petition.state != PetitionState.RECEIVED and rules.is_receiving_member(actor, petition):
            raise DomainError(_("Đơn đã được quyết định xử lý: không phân loại lại được."), code="decided")
        raise NotAllowed(rules.refusal("classify"))
    c = classification
    today = _today()
    flags = [
        label
        for on, label in (
            (c.complex, _("phức tạp")),
            (c.prolonged, _("kéo dài")),
            (c.backlog, _("tồn đọng")),
            (c.mass, _("đông người")),
        )
        if on
    ]
    text = (_("Thuộc thẩm quyền") if c.within_competence else _("Không thuộc thẩm quyền")) + (
        f"; {', '.join(flags)}" if flags else ""
    )
    with transaction.atomic():
        lock_chain()
        changed = Petition.objects.filter(pk=petition.pk, state=PetitionState.RECEIVED).update(
            within_competence=c.within_competence,
            complex=c.complex,
            prolonged=c.prolonged,
            backlog=c.backlog,
            mass=c.mass,
            classified_on=today,
        )
        if changed != 1:
            raise DomainError(_("Đơn thư vừa được người khác thay đổi. Hãy tải lại trang."), code="conflict")
        petition.within_competence = c.within_competence
        petition.complex, petition.prolonged, petition.backlog, petition.mass = (
            c.complex,
            c.prolonged,
            c.backlog,
            c.mass,
        )
        petition.classified_on = today
        _event(petition, EventKind.CLASSIFIED, actor, text)
        record(
            actor=actor,
            action=AuditAction.CHANGED,
            target=petition,
            summary=_("Phân loại đơn số %(code)s: %(text)s") % {"code": petition.register_code, "text": text},
            data={
                "within_competence": c.within_competence,
                "complex": c.complex,
                "prolonged": c.prolonged,
                "backlog": c.backlog,
                "mass": c.mass,
            },
        )
        _meet(petition, ("classified",), today, actor)


def accept(petition: Petition, *, on: dt.date, note: str, actor: Any) -> None:
    """Decision "handle" (thụ lý): received → handling."""
    if not rules.is_receiving_member(actor, petition) or actor.role != Role.LEADER:
        raise NotAllowed(rules.refusal("decide"))
    _decided(petition)
    if petition.within_competence is not True:
        raise DomainError(
            _("Đơn không thuộc thẩm quyền: không thụ lý được; hãy chuyển đơn hoặc hướng dẫn người gửi."),
            code="not_competent",
        )
    on = _day(on, after=petition.received_on, field_name="on", label=_("ngày thụ lý"))
    note = (note or "").strip()
    with transaction.atomic():
        lock_chain()
        set_petition_state(
            petition,
            PetitionState.HANDLING,
            actor=actor,
            summary=_("Thụ lý giải quyết đơn số %(code)s") % {"code": petition.register_code},
            data={"on": on.isoformat()},
            accepted_on=on,
            decided_on=on,
            decision_note=note,
        )
        _event(petition, EventKind.DECIDED, actor, _("Thụ lý giải quyết") + (f": {note}" if note else ""))
        _meet(petition, ("classified", "accepted"), on, actor)
        deadlines.start(petition, "accepted", on, actor=actor)


def _close_decision(
    petition: Petition, state: PetitionState, on: dt.date, note: str, actor: Any, what: str
) -> None:
    if not rules.is_receiving_member(actor, petition) or actor.role != Role.LEADER:
        raise NotAllowed(rules.refusal("decide"))
    _decided(petition)
    on = _day(on, after=petition.received_on, field_name="on", label=_("ngày quyết định"))
    note = (note or "").strip()
    with transaction.atomic():
        lock_chain()
        set_petition_state(
            petition,
            state,
            actor=actor,
            summary=_("%(what)s: đơn số %(code)s") % {"what": what, "code": petition.register_code},
            data={"on": on.isoformat()},
            decided_on=on,
            decision_note=note,
            closed_on=on,
        )
        text = f"{what}: {note}" if note else what
        _event(petition, EventKind.DECIDED, actor, text)
        _meet(petition, ("classified", "accepted", "closed"), on, actor)
        _report_back(petition, on, text, actor)


def guide(petition: Petition, *, on: dt.date, note: str, actor: Any) -> None:
    """Decision "guide the sender" (hướng dẫn): received → guided."""
    _close_decision(petition, PetitionState.GUIDED, on, note, actor, _("Hướng dẫn người gửi"))


def file_away(petition: Petition, *, on: dt.date, note: str, actor: Any) -> None:
    """Decision "file" (lưu đơn): received → filed."""
    _close_decision(petition, PetitionState.FILED, on, note, actor, _("Lưu đơn"))


# --- transfer and its follow-up ------------------------------------------------------------------------------


def transfer(petition: Petition, data: TransferInput, *, actor: Any) -> Petition:
    """Decision "transfer" (chuyển đơn): received/handling → transferred; writes the receiving body's petition
    (channel transfer, source = this one, the redacted text and redacted files only, no signer identity) in the
    same matter; returns it."""
    if not rules.is_receiving_member(actor, petition) or actor.role != Role.LEADER:
        raise NotAllowed(rules.refusal("decide"))
    if petition.state not in (PetitionState.RECEIVED, PetitionState.HANDLING):
        raise DomainError(
            _("Đơn này đã được quyết định xử lý (%(state)s).")
            % {"state": PetitionState(petition.state).label},
            code="decided",
        )
    if petition.classified_on is None:
        raise DomainError(_("Hãy phân loại đơn trước khi quyết định xử lý."), code="not_classified")
    to = Organization.objects.filter(pk=data.to_organization_id).first()
    if to is None:
        raise DomainError(_("Hãy chọn cơ quan nhận đơn trong danh sách."), field="to_organization")
    if to.pk == petition.organization_id:
        raise DomainError(_("Không chuyển đơn cho chính cơ quan mình."), field="to_organization")
    letter = " ".join((data.letter or "").split())
    if not letter:
        raise DomainError(_("Hãy nhập số văn bản chuyển đơn."), field="letter")
    on = _day(data.on, after=petition.received_on, field_name="on", label=_("ngày chuyển đơn"))
    if not to.is_active_on(on):
        raise DomainError(_("Cơ quan nhận đơn không còn hoạt động."), field="to_organization")
    if data.result_due_on is None or data.result_due_on <= on:
        raise DomainError(_("Hạn báo cáo kết quả phải sau ngày chuyển đơn."), field="result_due_on")
    note = (data.note or "").strip()
    with transaction.atomic():
        lock_chain()
        _lock_body(to.pk)
        matter = petition.matter
        if matter is None:
            # the matter both bodies read is named by its number, never by a petition's words
            matter = Matter.objects.create(title="Vụ việc chung", created_by=actor)
            matter.title = neutral_title(matter)
            matter.save(update_fields=["title"])
        received = Petition.objects.create(
            organization=to,
            year=on.year,
            number=_next_number(to.pk, on.year),
            received_on=on,
            channel=Channel.TRANSFER,
            kind=petition.kind,
            title=petition.title,
            content=petition.content,
            anonymous=petition.anonymous,
            signer_count=petition.signer_count,
            source=petition,
            matter=matter,
            search_text=petition.search_text,
            created_by=actor,
        )
        _index_words(received)
        PetitionSubject.objects.bulk_create(
            [
                PetitionSubject(
                    petition=received, official_id=s.official_id, organization_id=s.organization_id
                )
                for s in petition.subjects.all()
            ]
        )
        PetitionAttachment.objects.bulk_create(
            [
                PetitionAttachment(
                    petition=received,
                    file=a.file.name,
                    original_name=a.original_name,
                    size=a.size,
                    content_type=a.content_type,
                    redacted=True,
                    uploaded_by=actor,
                )
                for a in petition.attachments.filter(redacted=True).order_by("pk")
            ]
        )
        set_petition_state(
            petition,
            PetitionState.TRANSFERRED,
            actor=actor,
            summary=_("Chuyển đơn số %(code)s đến %(to)s (văn bản %(letter)s), hạn báo cáo kết quả %(due)s")
            % {
                "code": petition.register_code,
                "to": to.name,
                "letter": letter,
                "due": f"{data.result_due_on:%d/%m/%Y}",
            },
            data={"to": to.pk, "received": received.pk, "result_due_on": data.result_due_on.isoformat()},
            transferred_to=to,
            transfer_letter=letter,
            transferred_on=on,
            result_due_on=data.result_due_on,
            # its own follow-up starts now (a transferred-in petition flagged overdue passes it on: the first body
            # still sees its own transfer overdue)
            result_overdue=False,
            decided_on=on,
            decision_note=note,
            matter=matter,
        )
        petition.matter = matter
        _event(
            petition,
            EventKind.TRANSFERRED,
            actor,
            _("Chuyển đến %(to)s, văn bản số %(letter)s; hạn báo cáo kết quả %(due)s")
            % {"to": to.name, "letter": letter, "due": f"{data.result_due_on:%d/%m/%Y}"}
            + (f". {note}" if note else ""),
        )
        _event(
            received,
            EventKind.RECEIVED,
            actor,
            _(
                "%(from)s chuyển đến (văn bản số %(letter)s; đơn số %(code)s của cơ quan chuyển); vào sổ số %(own)s"
            )
            % {
                "from": petition.organization.name,
                "letter": letter,
                "code": petition.register_code,
                "own": received.register_code,
            },
        )
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=received,
            summary=_("Vào sổ số %(own)s: đơn do %(from)s chuyển đến")
            % {"own": received.register_code, "from": petition.organization.name},
            data={"source": petition.pk, "matter": matter.pk},
        )
        _meet(petition, ("classified", "accepted", "transferred", "closed"), on, actor)
        deadlines.start(received, "received", on, actor=actor)
        users = queries.active_users_of([to.pk]).get(to.pk, [])
        notify_many(
            [
                Notice(
                    users=rules.told_of_transfer(users),
                    kind="petitions.transferred",
                    title=_("Đơn thư được chuyển đến: %(title)s") % {"title": received.title[:200]},
                    body=_("%(from)s chuyển đơn (văn bản số %(letter)s); báo cáo kết quả trước %(due)s.")
                    % {
                        "from": petition.organization.name,
                        "letter": letter,
                        "due": f"{data.result_due_on:%d/%m/%Y}",
                    },
                    url=received.get_absolute_url(),
                    dedupe_key=f"petition:{received.pk}:transferred",
                )
            ]
        )
    return received


def _report_back(petition: Petition, on: dt.date, text: str, actor: Any) -> None:
    """A transferred-in petition got its outcome: the source's follow-up ends (transferred → closed, with the
    result) and the source body is told. Inside the caller's transaction."""
    if petition.source_id is None:
        return
    source = Petition.objects.select_related("organization").filter(pk=petition.source_id).first()
    if source is None or source.state != PetitionState.TRANSFERRED:
        return
    set_petition_state(
        source,
        PetitionState.CLOSED,
        actor=actor,
        summary=_("%(to)s báo cáo kết quả giải quyết đơn số %(code)s")
        % {"to": petition.organization.name, "code": source.register_code},
        data={"received": petition.pk, "on": on.isoformat()},
        result_text=text,
        result_on=on,
        closed_on=on,
    )
    _event(
        source,
        EventKind.RESULT,
        actor,
        _("%(to)s báo cáo kết quả: %(text)s") % {"to": petition.organization.name, "text": text},
    )
    users = queries.active_users_of([source.organization_id]).get(source.organization_id, [])
    notify_many(
        [
            Notice(
                users=rules.handlers(users, prefer=[source.created_by_id]),
                kind="petitions.result",
                title=_("Kết quả giải quyết đơn đã chuyển: %(title)s") % {"title": source.title[:200]},
                body=_("%(to)s đã báo cáo kết quả giải quyết.") % {"to": petition.organization.name},
                url=source.get_absolute_url(),
                dedupe_key=f"petition:{source.pk}:result",
            )
        ]
    )


def report_result(petition: Petition, *, on: dt.date, text: str, actor: Any) -> None:
    """The handling body records its result: handling → closed; for a transferred-in petition the source's
    follow-up ends too (source transferred → closed, with the result)."""
    if not rules.is_receiving_member(actor, petition) or actor.role not in rules.ACTING_ROLES:
        raise NotAllowed(rules.refusal("report_result"))
    if petition.state != PetitionState.HANDLING:
        raise DomainError(
            _("Chỉ báo cáo kết quả cho đơn đang giải quyết (đơn đã thụ lý)."), code="not_handling"
        )
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Hãy nhập kết quả giải quyết."), field="text")
    on = _day(
        on, after=petition.accepted_on or petition.received_on, field_name="on", label=_("ngày có kết quả")
    )
    with transaction.atomic():
        lock_chain()
        set_petition_state(
            petition,
            PetitionState.CLOSED,
            actor=actor,
            summary=_("Báo cáo kết quả giải quyết đơn số %(code)s") % {"code": petition.register_code},
            data={"on": on.isoformat()},
            result_text=text,
            result_on=on,
            closed_on=on,
        )
        _event(petition, EventKind.RESULT, actor, text)
        _meet(petition, ("closed",), on, actor)
        _report_back(petition, on, text, actor)


# --- report to the Ban Nội chính -------------------------------------------------------------------------------


def ban_of_province() -> Organization | None:
    """The province's Ban Nội chính (the first active one)."""
    today = _today()
    for org in Organization.objects.filter(kind=rules.BAN_KIND, level=rules.BAN_LEVEL).order_by("pk"):
        if org.is_active_on(today):
            return org
    return None


def report_to_ban(petition: Petition, *, note: str, actor: Any) -> None:
    """Mass or complex complaints are reported to the Ban Nội chính (003 4.2.c)."""
    if not rules.is_receiving_member(actor, petition) or actor.role != Role.LEADER:
        raise NotAllowed(rules.refusal("report_to_ban"))
    if not rules.needs_ban(petition):
        raise DomainError(
            _(
                "Chỉ báo cáo Ban Nội chính các vụ việc khiếu nại, tố cáo đông người hoặc phức tạp (Quy chế phối "
                "hợp của Ban Nội chính Tỉnh ủy, Điều 4 khoản 2 điểm c): đơn này chưa được phân loại như vậy."
            ),
            code="not_mass_or_complex",
        )
    if petition.state not in (PetitionState.RECEIVED, PetitionState.HANDLING, PetitionState.TRANSFERRED):
        raise DomainError(_("Đơn đã kết thúc: không báo cáo được."), code="closed")
    if petition.reported_to_id is not None:
        raise DomainError(_("Đơn này đã được báo cáo Ban Nội chính."), code="reported")
    ban = ban_of_province()
    if ban is None:
        raise DomainError(_("Chưa có Ban Nội chính Tỉnh ủy trong hệ thống."), code="no_ban")
    if ban.pk == petition.organization_id:
        raise DomainError(_("Đơn đã ở Ban Nội chính: không cần báo cáo."), code="is_ban")
    note = (note or "").strip()
    today = _today()
    with transaction.atomic():
        lock_chain()
        changed = Petition.objects.filter(pk=petition.pk, reported_to__isnull=True).update(
            reported_to=ban, reported_on=today
        )
        if changed != 1:
            raise DomainError(_("Đơn này đã được báo cáo Ban Nội chính."), code="reported")
        petition.reported_to, petition.reported_on = ban, today
        flags = ", ".join(
            str(label)
            for on, label in ((petition.mass, _("đông người")), (petition.complex, _("phức tạp")))
            if on
        )
        text = _("Báo cáo %(ban)s (đơn %(flags)s)") % {"ban": ban.name, "flags": flags} + (
            f": {note}" if note else ""
        )
        _event(petition, EventKind.DECIDED, actor, text)
        record(
            actor=actor,
            action=AuditAction.CHANGED,
            target=petition,
            summary=_("Báo cáo Ban Nội chính đơn số %(code)s") % {"code": petition.register_code},
            data={"reported_to": ban.pk, "reported_on": today.isoformat()},
        )
        users = queries.active_users_of([ban.pk]).get(ban.pk, [])
        notify_many(
            [
                Notice(
                    users=rules.handlers(users),
                    kind="petitions.reported",
                    title=_("Báo cáo vụ việc khiếu nại, tố cáo %(flags)s: %(title)s")
                    % {"flags": flags, "title": petition.title[:200]},
                    body=_("%(body)s báo cáo theo Điều 4 khoản 2 điểm c Quy chế phối hợp.")
                    % {"body": petition.organization.name},
                    url=petition.get_absolute_url(),
                    dedupe_key=f"petition:{petition.pk}:reported",
                )
            ]
        )
