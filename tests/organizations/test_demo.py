"""manage.py load_demo: the demo province Hưng Yên from the official 2025 list, its demo accounts, and the
five regulations' rules finding the demo bodies (authority, covered bodies, report slots and receivers)."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from vietnam_provinces import ProvinceCode, Ward

from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from phoihop.audit.models import AuditEvent
from phoihop.consultations.domain.policy import (
    applicable_regulations,
    covered_organizations,
    find_authority,
    regulation_covers,
)
from phoihop.demo.loader import uncovered_parties
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.organizations.models import Organization
from phoihop.regulations.models import Party, Regulation
from phoihop.regulations.queries import current_version
from phoihop.reports.domain.generation import generate_slots
from phoihop.reports.models import ReportSlot
from phoihop.workdays.calendar import WorkCalendar

CAL = WorkCalendar()
DISSOLVED = dt.date(2025, 7, 1)
HY_WARDS = list(Ward.iter_by_province(ProvinceCode.P_33))
V, C, L, Q = Role.CLERK, Role.SPECIALIST, Role.LEADER, Role.ORG_ADMIN

ACCOUNTS = {
    "admin": (None, Role.SYSTEM_ADMIN),
    "bnc.vanthu": ("Ban Nội chính Tỉnh ủy Hưng Yên", V),
    "bnc.chuyenvien": ("Ban Nội chính Tỉnh ủy Hưng Yên", C),
    "bnc.lanhdao": ("Ban Nội chính Tỉnh ủy Hưng Yên", L),
    "bnc.quantri": ("Ban Nội chính Tỉnh ủy Hưng Yên", Q),
}
for _prefix, _org in {
    "ubkt": "Ủy ban Kiểm tra Tỉnh ủy Hưng Yên",
    "btc": "Ban Tổ chức Tỉnh ủy Hưng Yên",
    "mttq": "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Hưng Yên",
    "dukcq": "Đảng ủy Khối các cơ quan tỉnh Hưng Yên",
    "btv": "Ban Thường vụ Tỉnh ủy Hưng Yên",
    "tttu": "Thường trực Tỉnh ủy Hưng Yên",
    "hlhpn": "Hội Liên hiệp Phụ nữ tỉnh Hưng Yên",
    "ubkthu": "Ủy ban Kiểm tra Huyện ủy Khoái Châu",
    "bdvhu": "Ban Dân vận Huyện ủy Khoái Châu",
    "btvhu": "Ban Thường vụ Huyện ủy Khoái Châu",
    "phohien": "Đảng ủy phường Phố Hiến",
    "tanhung": "Đảng ủy xã Tân Hưng",
    "hongchau": "Đảng ủy phường Hồng Châu",
}.items():
    ACCOUNTS |= {
        f"{_prefix}.vanthu": (_org, V),
        f"{_prefix}.chuyenvien": (_org, C),
        f"{_prefix}.lanhdao": (_org, L),
    }

DISTRICT_BODIES = {
    f"{prefix}{name}"
    for name in ("Khoái Châu", "Tiên Lữ")
    for prefix in (
        "Huyện ủy ",
        "Ban Thường vụ Huyện ủy ",
        "Ủy ban Kiểm tra Huyện ủy ",
        "Ban Dân vận Huyện ủy ",
        "Ban Chỉ đạo thực hiện Chương trình hành động của Huyện ủy ",
        "Ủy ban Mặt trận Tổ quốc Việt Nam huyện ",
        "Hội Liên hiệp Phụ nữ huyện ",
        "Liên đoàn Lao động huyện ",
        "Hội Nông dân huyện ",
        "Hội Cựu chiến binh huyện ",
        "Huyện đoàn ",
    )
}


def load_demo() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_demo", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def regs(db):
    call_command("load_regulations", stdout=io.StringIO())


@pytest.fixture
def demo_env(settings, monkeypatch):
    """DEBUG on, no DEMO_PASSWORD: the published demo password is allowed."""
    settings.DEBUG = True
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)


@pytest.fixture
def demo(regs, demo_env):
    return load_demo()


def org(name: str) -> Organization:
    return Organization.objects.get(name=name)


def slots(code: str, year: int) -> Counter[tuple[str, str, str]]:
    """(obligation, reporter, receiver) -> number of periods, for the slots of one regulation and year."""
    qs = ReportSlot.objects.filter(regulation__code=code, period_start__year=year)
    return Counter(qs.values_list("obligation__code", "reporter__name", "receiver__name").order_by())


# --- the province --------------------------------------------------------------------------------------


def test_communes_and_wards_are_exactly_the_official_list(demo):
    communes = Organization.objects.filter(level=Level.COMMUNE)
    assert len(HY_WARDS) == 104
    assert communes.count() == 104
    assert set(communes.values_list("admin_division_code", flat=True)) == {
        f"{int(w.code):05d}" for w in HY_WARDS
    }
    tinh_uy = org("Tỉnh ủy Hưng Yên")
    assert set(communes.values_list("kind", "superior_id", "dissolved_on")) == {
        (OrganizationKind.PARTY_COMMITTEE, tinh_uy.pk, None)
    }
    pho_hien = communes.get(admin_division_code="11953")
    assert (pho_hien.name, pho_hien.abbreviation, pho_hien.code) == (
        "Đảng ủy phường Phố Hiến",
        "ĐUP-PHOHIEN",
        "hy-dang-uy-11953",
    )
    assert communes.get(admin_division_code="13279").name == "Đảng ủy xã Vũ Tiên"  # former Thái Bình part
    assert len(set(communes.values_list("abbreviation", flat=True))) == 104
    assert (tinh_uy.level, tinh_uy.admin_division_code, tinh_uy.superior_id) == (Level.PROVINCE, "33", None)


def test_every_body_the_five_regulations_name_exists(demo):
    out, err = demo
    assert err == ""
    assert uncovered_parties(Organization.objects.all()) == []
    assert set(Organization.objects.values_list("kind", flat=True)) == set(OrganizationKind.values)
    wanted = set(Party.objects.filter(regulation__superseded_by__isnull=True).values_list("kind", "level"))
    assert len(wanted) == 32  # 9 (000) + 15 (001) + 6 (002) + 1 (003) + 1 (004), without repeats
    assert wanted <= set(Organization.objects.values_list("kind", "level"))
    assert Organization.objects.count() == 26 + 22 + 104
    assert Organization.objects.filter(level=Level.PROVINCE).count() == 26
    assert "Tỉnh mẫu Hưng Yên: 152 tổ chức (tạo mới 152, cập nhật 0, không đổi 0)" in out
    assert "104 đảng ủy xã, phường" in out


def test_former_district_bodies_are_dissolved_on_1_july_2025(demo):
    district = Organization.objects.filter(level=Level.DISTRICT)
    assert set(district.values_list("name", flat=True)) == DISTRICT_BODIES
    assert set(district.values_list("dissolved_on", flat=True)) == {DISSOLVED}
    assert not Organization.objects.exclude(level=Level.DISTRICT).filter(dissolved_on__isnull=False).exists()
    ubkt = org("Ủy ban Kiểm tra Huyện ủy Khoái Châu")
    assert (superior(ubkt).name, superior(superior(ubkt)).name) == ("Huyện ủy Khoái Châu", "Tỉnh ủy Hưng Yên")
    assert ubkt.is_active_on(dt.date(2025, 6, 30))
    assert not ubkt.is_active_on(DISSOLVED)
    assert (
        superior(org("Hội Nông dân huyện Tiên Lữ")).name == "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Tiên Lữ"
    )


# --- accounts ------------------------------------------------------------------------------------------


def test_demo_accounts_have_their_organisation_and_role(demo):
    got = {u.username: (u.organization.name if u.organization else None, u.role) for u in User.objects.all()}
    assert got == ACCOUNTS
    assert len(ACCOUNTS) == 44
    admin = User.objects.get(username="admin")
    assert (admin.is_staff, admin.is_superuser, admin.is_system_admin) == (True, True, True)
    staff = set(User.objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {"admin", "bnc.quantri"}
    assert set(User.objects.filter(is_superuser=True).values_list("username", flat=True)) == {"admin"}
    assert User.objects.get(username="bnc.quantri").has_perm("accounts.change_user")
    assert not User.objects.get(username="bnc.lanhdao").has_perm("accounts.change_user")
    assert User.objects.get(username="phohien.lanhdao").full_name == "Lãnh đạo Đảng ủy phường Phố Hiến"
    out, _ = demo
    assert "phohien.chuyenvien" in out
    assert "Đảng ủy phường Phố Hiến" in out
    assert "Quản trị tổ chức" in out
    assert "Mật khẩu: phoihop2026." in out


def _login(client, **credentials):
    """client.login with a request: django-axes checks the lockout of the request's address."""
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    return client.login(request=request, **credentials)


def test_demo_accounts_log_in_with_the_demo_password(demo, client):
    for username in ("admin", "bnc.quantri", "ubkthu.chuyenvien", "tanhung.vanthu"):
        assert _login(client, username=username, password="phoihop2026"), username
        client.logout()
    assert not _login(client, username="bnc.lanhdao", password="sai-mat-khau")


def test_password_from_demo_password(regs, demo_env, monkeypatch, client):
    monkeypatch.setenv("DEMO_PASSWORD", "Khac-2026!")
    out, _ = load_demo()
    assert "Mật khẩu: biến môi trường DEMO_PASSWORD." in out
    assert "Khac-2026!" not in out
    assert _login(client, username="btv.lanhdao", password="Khac-2026!")
    assert not _login(client, username="btv.lanhdao", password="phoihop2026")
    monkeypatch.delenv("DEMO_PASSWORD")
    out, _ = load_demo()  # back to the default: every account updated, nothing created
    assert "Tài khoản mẫu: 44 (tạo mới 0, cập nhật 44, không đổi 0)" in out
    assert _login(client, username="btv.lanhdao", password="phoihop2026")


# --- idempotency and refusals --------------------------------------------------------------------------


def _snapshot() -> tuple[list[tuple], list[tuple], int, int]:
    orgs = list(Organization.objects.order_by("code").values_list())
    users = list(User.objects.order_by("username").values_list())
    return orgs, users, AuditEvent.objects.count(), User.user_permissions.through.objects.count()


def test_second_run_changes_nothing(demo):
    before = _snapshot()
    assert (len(before[0]), len(before[1]), before[2], before[3]) == (152, 44, 6, 5)  # 5 regulations + demo
    out, err = load_demo()
    assert _snapshot() == before
    assert "152 tổ chức (tạo mới 0, cập nhật 0, không đổi 152)" in out
    assert "Tài khoản mẫu: 44 (tạo mới 0, cập nhật 0, không đổi 44)" in out
    assert err == ""


def test_a_rerun_restores_what_was_changed_or_deleted(demo):
    Organization.objects.filter(code="hy-dang-uy-13279").delete()
    Organization.objects.filter(code="hy-ban-noi-chinh").update(
        name="Ban khác", dissolved_on=dt.date(2026, 1, 1)
    )
    User.objects.filter(username="bnc.chuyenvien").update(role=Role.LEADER, is_active=False)
    out, _ = load_demo()
    assert "152 tổ chức (tạo mới 1, cập nhật 1, không đổi 150)" in out
    assert "Tài khoản mẫu: 44 (tạo mới 0, cập nhật 1, không đổi 43)" in out
    ban = Organization.objects.get(code="hy-ban-noi-chinh")
    assert (ban.name, ban.dissolved_on) == ("Ban Nội chính Tỉnh ủy Hưng Yên", None)
    assert org("Đảng ủy xã Vũ Tiên").admin_division_code == "13279"
    cv = User.objects.get(username="bnc.chuyenvien")
    assert (cv.role, cv.is_active) == (Role.SPECIALIST, True)


def test_refused_before_the_regulations_are_loaded(db, demo_env):
    with pytest.raises(CommandError) as exc:
        load_demo()
    assert str(exc.value) == (
        "Chưa nạp quy chế phối hợp nào: chạy “manage.py load_regulations” trước “manage.py load_demo”. "
        "Không nạp gì."
    )
    assert (Organization.objects.count(), User.objects.count()) == (0, 0)


def test_refused_with_debug_off_and_no_demo_password(regs, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    with pytest.raises(CommandError, match=r"^Đang chạy với DEBUG=0 .*Đặt biến môi trường DEMO_PASSWORD"):
        load_demo()
    assert (Organization.objects.count(), User.objects.count()) == (0, 0)


def test_make_run_allows_the_demo_password_with_debug_off(regs, settings, monkeypatch):
    """`make run` runs with DEBUG off and passes --allow-demo-password."""
    settings.DEBUG = False
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = io.StringIO()
    call_command("load_demo", "--allow-demo-password", stdout=out)
    assert "Mật khẩu: phoihop2026." in out.getvalue()
    assert User.objects.get(username="admin").check_password("phoihop2026")


# --- the five regulations find the demo bodies ---------------------------------------------------------


def authority(reg: Regulation, sender: Organization) -> str:
    found = find_authority(reg, sender)
    assert found is not None
    return found.name


def superior(o: Organization) -> Organization:
    assert o.superior is not None
    return o.superior


def _reg(code: str) -> Regulation:
    reg = current_version(code)
    assert reg is not None
    return reg


def test_000_district_inspection_committee(demo):
    reg = _reg("000")
    kc = org("Ủy ban Kiểm tra Huyện ủy Khoái Châu")
    for name in (
        "Ủy ban Kiểm tra Huyện ủy Khoái Châu",
        "Ban Dân vận Huyện ủy Khoái Châu",
        "Huyện đoàn Tiên Lữ",
    ):
        assert regulation_covers(reg, org(name)), name
    assert not regulation_covers(reg, org("Ủy ban Kiểm tra Tỉnh ủy Hưng Yên"))
    assert authority(reg, kc) == "Ban Thường vụ Huyện ủy Khoái Châu"
    assert authority(reg, org("Hội Nông dân huyện Tiên Lữ")) == "Ban Thường vụ Huyện ủy Tiên Lữ"
    assert [r.code for r in applicable_regulations(kc)] == ["000"]
    # 2024 (the former districts still exist on the due day): seven partners per district report to their
    # own UBKT, which consolidates for its BTV.
    result = generate_slots(2024, codes=["000"], calendar=CAL)
    assert (result.created, result.no_receiver) == (16, 0)
    got = slots("000", 2024)
    assert (
        got[("annual-supervision", "Hội Nông dân huyện Khoái Châu", "Ủy ban Kiểm tra Huyện ủy Khoái Châu")]
        == 1
    )
    assert got[("annual-supervision", "Huyện đoàn Tiên Lữ", "Ủy ban Kiểm tra Huyện ủy Tiên Lữ")] == 1
    assert (
        got[("consolidated-annual", "Ủy ban Kiểm tra Huyện ủy Tiên Lữ", "Ban Thường vụ Huyện ủy Tiên Lữ")]
        == 1
    )
    assert {(o, rc) for o, _r, rc in got} == {
        ("annual-supervision", "Ủy ban Kiểm tra Huyện ủy Khoái Châu"),
        ("annual-supervision", "Ủy ban Kiểm tra Huyện ủy Tiên Lữ"),
        ("consolidated-annual", "Ban Thường vụ Huyện ủy Khoái Châu"),
        ("consolidated-annual", "Ban Thường vụ Huyện ủy Tiên Lữ"),
    }
    assert sum(got.values()) == 16
    # 2025 and 2026: the district bodies are dissolved (01/07/2025) before the yearly due day, nothing is due.
    assert generate_slots(2025, codes=["000"], calendar=CAL).created == 0
    assert generate_slots(2026, codes=["000"], calendar=CAL).created == 0


def test_001_agencies_bloc_committee(demo):
    reg = _reg("001")
    khoi = org("Đảng ủy Khối các cơ quan tỉnh Hưng Yên")
    assert authority(reg, khoi) == "Thường trực Tỉnh ủy Hưng Yên"
    assert authority(reg, org("Huyện ủy Khoái Châu")) == "Thường trực Tỉnh ủy Hưng Yên"
    assert set(
        covered_organizations(Regulation.objects.filter(pk=reg.pk)).values_list("name", flat=True)
    ) == {
        "Đảng ủy Khối các cơ quan tỉnh Hưng Yên",
        "Ban Tổ chức Tỉnh ủy Hưng Yên",
        "Ban Tuyên giáo Tỉnh ủy Hưng Yên",
        "Ban Dân vận Tỉnh ủy Hưng Yên",
        "Ban Nội chính Tỉnh ủy Hưng Yên",
        "Cơ quan Ủy ban Kiểm tra Tỉnh ủy Hưng Yên",
        "Văn phòng Tỉnh ủy Hưng Yên",
        "Đảng đoàn Hội đồng nhân dân tỉnh Hưng Yên",
        "Ban cán sự đảng Ủy ban nhân dân tỉnh Hưng Yên",
        "Sở Tư pháp tỉnh Hưng Yên",
        "Sở Tài chính tỉnh Hưng Yên",
        "Thanh tra tỉnh Hưng Yên",
        "Huyện ủy Khoái Châu",
        "Huyện ủy Tiên Lữ",
        "Đảng ủy Công an tỉnh Hưng Yên",
        "Đảng ủy Quân sự tỉnh Hưng Yên",
    }
    assert [r.code for r in applicable_regulations(khoi)] == ["001", "004"]
    # the two information exchanges are every six months (001 Art. 11.1): both halves of the year
    assert generate_slots(2026, codes=["001"], calendar=CAL).created == 6
    ubnd = "Ban cán sự đảng Ủy ban nhân dân tỉnh Hưng Yên"
    assert slots("001", 2026) == Counter(
        {
            ("exchange-bloc-to-government", khoi.name, ubnd): 2,
            ("exchange-government-to-bloc", ubnd, khoi.name): 2,
            ("annual-emulation-results", ubnd, khoi.name): 1,
            ("annual-review", khoi.name, "Ban Thường vụ Tỉnh ủy Hưng Yên"): 1,
        }
    )
    halves = [("2026-H1", "6 tháng đầu năm 2026"), ("2026-H2", "6 tháng cuối năm 2026")]
    for code in ("exchange-bloc-to-government", "exchange-government-to-bloc"):
        exchanges = ReportSlot.objects.filter(regulation__code="001", obligation__code=code)
        assert sorted(exchanges.values_list("period_key", "period_label")) == halves, code


def test_002_fatherland_front_and_socio_political_organisations(demo):
    reg = _reg("002")
    front = org("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Hưng Yên")
    members = [
        "Hội Liên hiệp Phụ nữ tỉnh Hưng Yên",
        "Liên đoàn Lao động tỉnh Hưng Yên",
        "Hội Nông dân tỉnh Hưng Yên",
        "Hội Cựu chiến binh tỉnh Hưng Yên",
        "Tỉnh đoàn Hưng Yên",
    ]
    assert set(
        covered_organizations(Regulation.objects.filter(pk=reg.pk)).values_list("name", flat=True)
    ) == {
        front.name,
        *members,
    }
    assert not regulation_covers(reg, org("Ủy ban Mặt trận Tổ quốc Việt Nam huyện Khoái Châu"))
    assert find_authority(reg, front) is None  # the programme names no authority
    assert generate_slots(2026, codes=["002"], calendar=CAL).created == 36
    btv = "Ban Thường vụ Tỉnh ủy Hưng Yên"
    expected: Counter[tuple[str, str, str]] = Counter()
    for member in members:
        expected |= Counter({("quarterly", member, front.name): 4, ("half-year", member, front.name): 1})
        expected |= Counter({("annual", member, front.name): 1})
    expected |= Counter(
        {
            ("consolidated-quarterly", front.name, btv): 4,
            ("consolidated-half-year", front.name, btv): 1,
            ("consolidated-annual", front.name, btv): 1,
        }
    )
    assert slots("002", 2026) == expected


def test_003_internal_affairs_board_and_communes(demo):
    reg = _reg("003")
    ban = org("Ban Nội chính Tỉnh ủy Hưng Yên")
    tan_hung = org("Đảng ủy xã Tân Hưng")
    assert regulation_covers(reg, tan_hung)
    assert regulation_covers(reg, ban)
    assert not regulation_covers(reg, org("Huyện ủy Khoái Châu"))
    assert authority(reg, ban) == "Ban Thường vụ Tỉnh ủy Hưng Yên"
    assert authority(reg, tan_hung) == "Ban Thường vụ Tỉnh ủy Hưng Yên"
    assert [r.code for r in applicable_regulations(tan_hung)] == ["003"]
    assert covered_organizations(Regulation.objects.filter(pk=reg.pk), exclude=ban).count() == 104
    assert generate_slots(2026, codes=["003"], calendar=CAL).created == 104 * (12 + 4 + 1 + 1)
    got = slots("003", 2026)
    assert {rc for _o, _r, rc in got} == {ban.name}
    assert {r for _o, r, _rc in got} == set(
        Organization.objects.filter(level=Level.COMMUNE).values_list("name", flat=True)
    )
    assert {(o, n) for (o, r, _rc), n in got.items() if r == tan_hung.name} == {
        ("monthly", 12),
        ("quarterly", 4),
        ("half-year", 1),
        ("annual", 1),
    }


def test_004_internal_affairs_board_districts_and_blocs(demo):
    reg = _reg("004")
    ban = org("Ban Nội chính Tỉnh ủy Hưng Yên")
    for name in (
        "Huyện ủy Khoái Châu",
        "Đảng ủy Khối các cơ quan tỉnh Hưng Yên",
        "Đảng ủy Khối doanh nghiệp tỉnh Hưng Yên",
    ):
        assert regulation_covers(reg, org(name)), name
        assert authority(reg, org(name)) == "Ban Thường vụ Tỉnh ủy Hưng Yên"
    assert not regulation_covers(reg, org("Đảng ủy xã Tân Hưng"))
    btv = "Ban Thường vụ Tỉnh ủy Hưng Yên"
    # 2024: the former district committees and the two bloc committees report to the Ban.
    assert generate_slots(2024, codes=["004"], calendar=CAL).created == 5
    assert slots("004", 2024) == Counter(
        {
            ("annual-implementation", "Huyện ủy Khoái Châu", ban.name): 1,
            ("annual-implementation", "Huyện ủy Tiên Lữ", ban.name): 1,
            ("annual-implementation", "Đảng ủy Khối các cơ quan tỉnh Hưng Yên", ban.name): 1,
            ("annual-implementation", "Đảng ủy Khối doanh nghiệp tỉnh Hưng Yên", ban.name): 1,
            ("consolidated-annual", ban.name, btv): 1,
        }
    )
    # 2025 and 2026: the district committees are dissolved (01/07/2025) before the 15/12 due day; the two
    # bloc committees still report.
    assert generate_slots(2025, codes=["004"], calendar=CAL).created == 3
    assert generate_slots(2026, codes=["004"], calendar=CAL).created == 3
    assert {r for _o, r, _rc in slots("004", 2026)} == {
        "Đảng ủy Khối các cơ quan tỉnh Hưng Yên",
        "Đảng ủy Khối doanh nghiệp tỉnh Hưng Yên",
        ban.name,
    }
