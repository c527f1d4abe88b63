"""The actions on protected identities: designating and ending custodians, a custodian's reading (one audit
event with the reason, never the identity), protection requests and their transitions. Each allowed, refused
with its message (nothing written), and audited."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from phoihop.audit.models import AuditEvent
from phoihop.common.errors import DomainError, InvalidTransition, NotAllowed
from phoihop.identities import rules
from phoihop.identities.domain import actions
from phoihop.identities.domain.protect import Person, protect
from phoihop.identities.enums import ProtectionState
from phoihop.identities.models import Custodian, ProtectionRequest
from tests.factories import UserFactory

from .conftest import ADDRESS, CONTACT, DENOUNCER, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def identity(p):
    with time_machine.travel(at("2027-03-02", 9), tick=False):
        return protect(
            organization_id=p.ban.pk, person=Person(DENOUNCER, ADDRESS, CONTACT), actor=p.ban_clerk
        )


def _events(target):
    return list(
        AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .order_by("seq")
        .values_list("summary", "data")
    )


# --- custodians ----------------------------------------------------------------------------------------


def test_a_leader_designates_a_member(p):
    c = p.custodian
    assert (c.organization_id, c.user_id, c.designated_by_id, c.designated_on, c.ended_on) == (
        p.ban.pk,
        p.ban_cv.pk,
        p.ban_leader.pk,
        dt.date(2027, 3, 1),
        None,
    )
    assert _events(c) == [
        (
            f"Giao {p.ban_cv} quản lý danh tính được bảo vệ",
            {"user": p.ban_cv.pk, "organization": p.ban.pk, "designated_on": "2027-03-01"},
        )
    ]
    with time_machine.travel(at("2027-03-01", 9), tick=False):
        assert rules.is_custodian(p.ban_cv, p.ban.pk)
        assert not rules.is_custodian(p.ban_cv, p.xa1.pk)
        assert not rules.is_custodian(p.ban_leader, p.ban.pk)
        assert not rules.is_custodian(p.xa1_cv, p.ban.pk)


@pytest.mark.parametrize("who", ["ban_cv", "ban_clerk", "xa1_cv"])
def test_only_a_leader_or_org_admin_designates(p, who):
    before = Custodian.objects.count()
    with pytest.raises(NotAllowed) as exc:
        actions.designate_custodian(getattr(p, who), p.ban_clerk)
    assert exc.value.message == actions.NOT_MANAGER
    assert Custodian.objects.count() == before


def test_an_org_admin_designates(p):
    admin = UserFactory(organization=p.ban, role="org_admin")
    with time_machine.travel(at("2027-03-02", 9), tick=False):
        c = actions.designate_custodian(admin, p.ban_clerk)
    assert c.designated_by_id == admin.pk


def test_a_member_of_another_body_or_twice_is_refused(p):
    with pytest.raises(DomainError) as exc:
        actions.designate_custodian(p.ban_leader, p.xa1_cv)
    assert (exc.value.message, exc.value.field) == ("Hãy chọn một người đang làm việc tại cơ quan.", "user")
    with pytest.raises(DomainError) as exc:
        actions.designate_custodian(p.ban_leader, None)
    assert exc.value.field == "user"
    with time_machine.travel(at("2027-03-02", 9), tick=False), pytest.raises(DomainError) as exc:
        actions.designate_custodian(p.ban_leader, p.ban_cv)
    assert exc.value.message == "Người này đang được giao quản lý danh tính."
    assert Custodian.objects.count() == 1


def test_ending_a_designation_stops_the_reading_that_day(p, identity):
    with time_machine.travel(at("2027-03-05", 9), tick=False):
        actions.end_custodian(p.ban_leader, p.custodian)
        assert not rules.is_custodian(p.ban_cv, p.ban.pk)
        with pytest.raises(NotAllowed):
            actions.read_identity(p.ban_cv, identity, "Xác minh nội dung đơn tố cáo")
        with pytest.raises(DomainError) as exc:
            actions.end_custodian(p.ban_leader, p.custodian)
        assert exc.value.message == "Việc giao quản lý danh tính này đã kết thúc."
    p.custodian.refresh_from_db()
    assert p.custodian.ended_on == dt.date(2027, 3, 5)
    assert _events(p.custodian)[-1] == (
        f"Thôi giao {p.ban_cv} quản lý danh tính được bảo vệ",
        {"user": p.ban_cv.pk, "ended_on": "2027-03-05"},
    )
    with time_machine.travel(at("2027-03-04", 9), tick=False):
        assert rules.is_custodian(p.ban_cv, p.ban.pk)  # the day before, still


def test_only_the_bodys_leader_ends(p):
    for who in ("ban_cv", "xa1_leader"):
        with pytest.raises(NotAllowed):
            actions.end_custodian(getattr(p, who), p.custodian)
    p.custodian.refresh_from_db()
    assert p.custodian.ended_on is None


# --- reading ---------------------------------------------------------------------------------------------


def test_a_custodian_reads_with_a_reason_one_audit_event(p, identity):
    before = AuditEvent.objects.count()
    with time_machine.travel(at("2027-03-10", 9), tick=False):
        person = actions.read_identity(p.ban_cv, identity, "  Xác minh   nội dung đơn tố cáo ")
    assert person == Person(DENOUNCER, ADDRESS, CONTACT)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.actor_id, event.action, event.target_type, event.target_id) == (
        p.ban_cv.pk,
        "changed",
        "identities.identity",
        str(identity.pk),
    )
    assert event.summary == f"Đọc danh tính được bảo vệ {identity.handle}"
    assert event.data == {
        "event": "identity_read",
        "handle": identity.handle,
        "reason": "Xác minh nội dung đơn tố cáo",
    }


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Hãy nêu lý do cần đọc danh tính (ít nhất 10 ký tự)."),
        ("Xác minh", "Hãy nêu lý do cần đọc danh tính (ít nhất 10 ký tự)."),
        (
            "Gọi lại cho nguyen thi hong nhung",
            "Lý do không được chứa họ tên, địa chỉ hay thông tin liên hệ của người được bảo vệ "
            "(lý do được ghi vào nhật ký).",
        ),
    ],
)
def test_a_reason_is_required_and_never_the_identity(p, identity, reason, message):
    before = AuditEvent.objects.count()
    with time_machine.travel(at("2027-03-10", 9), tick=False), pytest.raises(DomainError) as exc:
        actions.read_identity(p.ban_cv, identity, reason)
    assert (exc.value.message, exc.value.field) == (message, "reason")
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("who", ["ban_leader", "ban_clerk", "xa1_cv", "outsider"])
def test_non_custodians_never_read(p, identity, who):
    before = AuditEvent.objects.count()
    with time_machine.travel(at("2027-03-10", 9), tick=False), pytest.raises(NotAllowed):
        actions.read_identity(getattr(p, who), identity, "Xác minh nội dung đơn tố cáo")
    assert AuditEvent.objects.count() == before


def test_an_identity_kept_as_metadata_only_reads_nothing(p, settings):
    settings.PHOIHOP_IDENTITY_MODE = "metadata_only"
    identity = protect(organization_id=p.ban.pk, person=Person(DENOUNCER), actor=p.ban_clerk)
    before = AuditEvent.objects.count()
    with time_machine.travel(at("2027-03-10", 9), tick=False), pytest.raises(DomainError) as exc:
        actions.read_identity(p.ban_cv, identity, "Xác minh nội dung đơn tố cáo")
    assert exc.value.code == "metadata_only"
    assert AuditEvent.objects.count() == before


# --- protection requests ----------------------------------------------------------------------------------


def _open(p, identity, **kw):
    with time_machine.travel(at("2027-03-10", 9), tick=False):
        return actions.open_protection(
            p.ban_cv,
            identity,
            requested_on=kw.pop("requested_on", dt.date(2027, 3, 9)),
            measures_requested=kw.pop("measures_requested", "Giữ bí mật nơi ở, bảo vệ việc làm"),
            **kw,
        )


def test_a_protection_request_goes_open_in_force_ended(p, identity):
    row = _open(p, identity, follow_up_on=dt.date(2027, 3, 20))
    assert (row.state, row.organization_id, row.follow_up_on) == (
        ProtectionState.OPEN,
        p.ban.pk,
        dt.date(2027, 3, 20),
    )
    assert _events(row) == [
        (
            f"Tiếp nhận yêu cầu bảo vệ người tố cáo {identity.handle}",
            {"handle": identity.handle, "requested_on": "2027-03-09", "follow_up_on": "2027-03-20"},
        )
    ]
    with time_machine.travel(at("2027-03-11", 9), tick=False):
        actions.apply_protection(
            p.ban_cv, row, measures_taken="Đề nghị công an xã bảo vệ", follow_up_on=dt.date(2027, 4, 1)
        )
        actions.follow_up_protection(p.ban_cv, row, note="Không có đe dọa", follow_up_on=dt.date(2027, 5, 1))
        actions.end_protection(p.ban_cv, row, reason="Không còn nguy cơ")
    row.refresh_from_db()
    assert (
        row.state,
        row.decided_on,
        row.ended_on,
        row.follow_up_on,
        row.measures_taken,
        row.follow_up_note,
    ) == (
        ProtectionState.ENDED,
        dt.date(2027, 3, 11),
        dt.date(2027, 3, 11),
        None,
        "Đề nghị công an xã bảo vệ",
        "Không có đe dọa",
    )
    assert [s for s, _ in _events(row)] == [
        f"Tiếp nhận yêu cầu bảo vệ người tố cáo {identity.handle}",
        "Áp dụng biện pháp bảo vệ người tố cáo",
        "Theo dõi việc bảo vệ, hạn theo dõi tiếp 01/05/2027",
        "Kết thúc việc bảo vệ người tố cáo",
    ]
    assert _events(row)[1][1] == {"from": "open", "to": "in_force", "follow_up_on": "2027-04-01"}


def test_refused_edges_and_inputs(p, identity):
    with pytest.raises(DomainError) as exc:
        _open(p, identity, requested_on=dt.date(2027, 3, 11))
    assert (exc.value.message, exc.value.field) == ("Ngày yêu cầu không được sau hôm nay.", "requested_on")
    with pytest.raises(DomainError) as exc:
        _open(p, identity, measures_requested=" ")
    assert exc.value.field == "measures_requested"
    row = _open(p, identity)
    with time_machine.travel(at("2027-03-11", 9), tick=False):
        with pytest.raises(DomainError) as exc:
            actions.apply_protection(p.ban_cv, row, measures_taken="X", follow_up_on=dt.date(2027, 3, 10))
        assert exc.value.message == "Hạn theo dõi tiếp không được trước hôm nay."
        with pytest.raises(DomainError) as exc:
            actions.apply_protection(p.ban_cv, row, measures_taken="X", follow_up_on=None)
        assert exc.value.message == "Hãy nhập hạn theo dõi tiếp."
        actions.end_protection(p.ban_cv, row, reason="Người tố cáo rút yêu cầu")
        with pytest.raises(InvalidTransition) as exc:
            actions.apply_protection(p.ban_cv, row, measures_taken="X", follow_up_on=dt.date(2027, 4, 1))
        assert exc.value.message == (
            "Không thể chuyển yêu cầu bảo vệ từ trạng thái “Đã kết thúc” sang “Đang áp dụng biện pháp bảo vệ”."
        )
        with pytest.raises(DomainError) as exc:
            actions.follow_up_protection(p.ban_cv, row, note="X", follow_up_on=dt.date(2027, 4, 1))
        assert exc.value.message == actions.ENDED
    assert ProtectionRequest.objects.get().state == ProtectionState.ENDED


@pytest.mark.parametrize("who", ["ban_leader", "ban_clerk", "xa1_cv"])
def test_only_custodians_handle_protection(p, identity, who):
    with time_machine.travel(at("2027-03-10", 9), tick=False), pytest.raises(NotAllowed):
        actions.open_protection(
            getattr(p, who), identity, requested_on=dt.date(2027, 3, 9), measures_requested="X"
        )
    assert ProtectionRequest.objects.count() == 0
