"""The registry's actions: allowed, refused with their message, audited; a position change keeps the history."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from phoihop.audit.models import AuditEvent
from phoihop.common.errors import DomainError, NotAllowed
from phoihop.officials import queries
from phoihop.officials.domain import (
    OfficialData,
    add_membership,
    assign_supervision,
    create_official,
    end_supervision,
    set_managing_body,
    update_official,
)
from phoihop.officials.models import Official, OfficialPosition, SupervisionAssignment

pytestmark = pytest.mark.django_db


def _events(target: object) -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))  # type: ignore[attr-defined]
        .order_by("seq")
        .values_list("action", "summary")
    )


def test_create_registers_the_official_under_the_actors_body_with_its_keys_position_and_audit(p):
    o = p.make("  Nguyễn  Văn An ", birth_year=1970, position="Chánh Văn phòng", workplace=p.xa1)
    o.refresh_from_db()
    assert (o.full_name, o.name_key, o.managing_body_id) == ("Nguyễn Văn An", "nguyen van an", p.ban.pk)
    assert list(
        OfficialPosition.objects.filter(official=o).values_list("title", "organization_id", "ended_on")
    ) == [("Chánh Văn phòng", p.xa1.pk, None)]
    assert _events(o) == [("created", "Thêm cán bộ Nguyễn Văn An")]


@pytest.mark.parametrize("who", ["xa1_clerk", "outsider"])
def test_a_clerk_registers_nobody_and_nobody_registers_for_another_body(p, who):
    user = p.xa1_clerk if who == "xa1_clerk" else p.farmers_leader
    if who == "xa1_clerk":
        with pytest.raises(NotAllowed, match="Chỉ lãnh đạo, chuyên viên hoặc quản trị"):
            create_official(user, OfficialData(full_name="Lê Văn Bốn"))
    else:
        with pytest.raises(NotAllowed, match="Chỉ thêm được cán bộ thuộc diện cơ quan mình quản lý"):
            create_official(user, OfficialData(full_name="Lê Văn Bốn"), managing_body=p.ban)
    assert Official.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_bad_input_is_refused_with_its_message_and_nothing_written(p):
    with pytest.raises(DomainError, match="Hãy nhập họ và tên"):
        p.make("   ")
    with pytest.raises(DomainError, match="Năm sinh phải từ 1900"):
        p.make("Lê Văn Năm", birth_year=1800)
    with pytest.raises(DomainError, match="Chỉ đảng viên mới có tổ chức đảng"):
        p.make("Lê Văn Năm", party_organization=p.xa1)
    with pytest.raises(DomainError, match="Hãy chọn nơi công tác"):
        p.make("Lê Văn Năm", position="Chủ tịch")
    assert Official.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_the_same_person_is_registered_once(p):
    first = p.make("Nguyễn Văn An", birth_year=1970, workplace=p.xa1)
    with pytest.raises(DomainError, match="đã có trong danh sách") as refused:
        p.make("NGUYEN VAN AN", birth_year=1970, workplace=p.xa1)
    assert refused.value.code == "duplicate"
    assert queries.find_same("nguyen van an", 1970, p.xa1.pk) == first
    assert queries.find_same("nguyen van an", 1971, p.xa1.pk) is None
    p.make("Nguyễn Văn An", birth_year=1970, workplace=p.xa2)  # another workplace: another person
    assert Official.objects.count() == 2


def test_a_new_position_closes_the_current_one_and_opens_the_next(p):
    o = p.make("Phạm Thị Hoa", position="Phó Bí thư", workplace=p.xa1, started_on=dt.date(2025, 7, 1))
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        o = update_official(
            p.ban_cv,
            o,
            OfficialData(
                full_name="Phạm Thị Hoa", position="Bí thư", workplace=p.xa2, started_on=dt.date(2026, 3, 1)
            ),
        )
    history = list(
        OfficialPosition.objects.filter(official=o)
        .order_by("started_on")
        .values_list("title", "organization_id", "started_on", "ended_on")
    )
    assert history == [
        ("Phó Bí thư", p.xa1.pk, dt.date(2025, 7, 1), dt.date(2026, 2, 28)),
        ("Bí thư", p.xa2.pk, dt.date(2026, 3, 1), None),
    ]
    assert [pos.title for pos in queries.history_of(o)] == ["Bí thư", "Phó Bí thư"]
    assert _events(o)[-1] == ("changed", "Sửa hồ sơ cán bộ Phạm Thị Hoa")
    event = AuditEvent.objects.filter(target_id=str(o.pk), action="changed").get()
    assert event.data == {
        "changes": {"position": ["Phó Bí thư", "Bí thư"], "workplace": [p.xa1.pk, p.xa2.pk]},
        "new_position": True,
    }


def test_a_new_position_must_start_after_the_current_one(p):
    o = p.make("Phạm Thị Hoa", position="Phó Bí thư", workplace=p.xa1, started_on=dt.date(2025, 7, 1))
    with pytest.raises(DomainError, match=r"phải sau ngày bắt đầu chức vụ hiện tại \(01/07/2025\)"):
        update_official(
            p.ban_cv,
            o,
            OfficialData(
                full_name="Phạm Thị Hoa", position="Bí thư", workplace=p.xa1, started_on=dt.date(2025, 7, 1)
            ),
        )
    assert OfficialPosition.objects.filter(official=o).count() == 1
    o.refresh_from_db()
    assert o.position == "Phó Bí thư"


def test_a_name_change_keeps_its_keys_and_the_position(p):
    o = p.make("Phạm Thị Hoa", position="Phó Bí thư", workplace=p.xa1)
    update_official(
        p.ban_admin, o, OfficialData(full_name="Phạm Thị Huệ", position="Phó Bí thư", workplace=p.xa1)
    )
    o.refresh_from_db()
    assert (o.full_name, o.name_key) == ("Phạm Thị Huệ", "pham thi hue")
    assert OfficialPosition.objects.filter(official=o).count() == 1


@pytest.mark.parametrize("who", ["xa1_leader", "ban_clerk", "outsider"])
def test_only_the_managing_bodys_editors_edit(p, who):
    o = p.make("Phạm Thị Hoa", workplace=p.xa1)
    user = {"xa1_leader": p.xa1_leader, "ban_clerk": p.ban_clerk, "outsider": p.farmers_leader}[who]
    with pytest.raises(NotAllowed, match="Chỉ cơ quan quản lý cán bộ được sửa hồ sơ này"):
        update_official(user, o, OfficialData(full_name="Khác"))
    with pytest.raises(NotAllowed, match="Chỉ cơ quan quản lý cán bộ được chuyển diện quản lý"):
        set_managing_body(user, o, p.btv, "Quy định 80")
    o.refresh_from_db()
    assert (o.full_name, o.managing_body_id) == ("Phạm Thị Hoa", p.ban.pk)
    assert len(_events(o)) == 1


def test_the_managing_body_hands_an_official_over_with_its_basis(p):
    o = p.make("Phạm Thị Hoa", workplace=p.xa1)
    with pytest.raises(DomainError, match="Hãy ghi căn cứ phân cấp quản lý"):
        set_managing_body(p.ban_leader, o, p.btv, "  ")
    set_managing_body(p.ban_leader, o, p.btv, "Quy định 80-QĐ/TW, Điều 5")
    o.refresh_from_db()
    assert (o.managing_body_id, o.managing_basis) == (p.btv.pk, "Quy định 80-QĐ/TW, Điều 5")
    assert _events(o)[-1] == ("changed", "Chuyển Phạm Thị Hoa sang diện Ban Thường vụ Tỉnh ủy quản lý")
    with pytest.raises(NotAllowed):  # no longer the Ban's
        update_official(p.ban_cv, o, OfficialData(full_name="Khác"))


def test_memberships(p):
    o = p.make("Phạm Thị Hoa", workplace=p.xa1)
    m = add_membership(p.ban_cv, o, p.women, "Hội viên", dt.date(2020, 3, 8))
    assert _events(m) == [("created", "Phạm Thị Hoa tham gia Hội LHPN tỉnh")]
    with pytest.raises(DomainError, match="Cán bộ đã là thành viên của Hội LHPN tỉnh"):
        add_membership(p.ban_cv, o, p.women)
    with pytest.raises(NotAllowed):
        add_membership(p.xa1_cv, o, p.youth)
    assert [x.organization for x in queries.memberships_of(o)] == [p.women]


def test_supervision_is_assigned_by_the_board_or_the_front_and_ended(p):
    o = p.make("Phạm Thị Hoa", workplace=p.xa1)
    with pytest.raises(NotAllowed, match="Chỉ Ban Tổ chức hoặc Mặt trận"):
        assign_supervision(p.ban_leader, o, p.women, started_on=dt.date(2026, 1, 5))
    a = assign_supervision(p.board_cv, o, p.women, started_on=dt.date(2026, 1, 5), listed_with=p.front)
    with pytest.raises(DomainError, match="Hội LHPN tỉnh đã được phân công giám sát cán bộ này"):
        assign_supervision(p.front_cv, o, p.women, started_on=dt.date(2026, 2, 1))
    assert _events(a) == [("created", "Phân công Hội LHPN tỉnh giám sát Phạm Thị Hoa")]
    with pytest.raises(DomainError, match=r"không được trước ngày bắt đầu giám sát \(05/01/2026\)"):
        end_supervision(p.front_cv, a, dt.date(2026, 1, 4))
    end_supervision(p.front_cv, a, dt.date(2026, 6, 30))
    assert SupervisionAssignment.objects.get().ended_on == dt.date(2026, 6, 30)
    with pytest.raises(DomainError, match="đã kết thúc"):
        end_supervision(p.front_cv, a, dt.date(2026, 7, 1))
    assert [x[0] for x in _events(a)] == ["created", "changed"]
