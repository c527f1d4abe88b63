"""The demo province (Hưng Yên) behind `manage.py load_demo`: every body the five regulations name, and
one demo account per role in the bodies a demonstration needs.

- Communes and wards come from the official administrative list of 2025 (package `vietnam-provinces`:
  34 provinces, 3,321 communes): one party committee per commune and ward of Hưng Yên, with the official
  code as `admin_division_code`, directly under the Tỉnh ủy (two-level local government since 01/07/2025).
- Provincial bodies: the Tỉnh ủy, its standing bodies and advisory boards, the Front and the socio-political
  organisations, the two bloc committees, police, military, council and government party bodies, a few
  agencies of the bloc.
- Two former districts (Khoái Châu, Tiên Lữ) with the bodies regulation 000 names (written for Tây Sơn,
  Bình Định; the demo uses Hưng Yên districts for the same rules), all dissolved on 01/07/2025 when the
  district level ended, but still usable to demonstrate regulations 000, 001 and 004.
- Kept active because their end date in Hưng Yên is not in any data here: the two bloc committees named by
  001 and 004 (replaced in the 2025 reform by the Party Committee of provincial Party agencies and the Party
  Committee of the provincial People's Committee) and the separate Ban Tuyên giáo / Ban Dân vận (merged in
  2025); marking them dissolved would hide them from the report slots of regulations 001 and 004.

Everything is keyed by stable codes (organisations: `hy-…`; users: their username), so a second run changes
nothing; the whole load is one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from unidecode import unidecode
from vietnam_provinces import Province, ProvinceCode, Ward

from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from phoihop.audit.domain import record
from phoihop.audit.enums import AuditAction
from phoihop.regulations.models import Regulation

from ..enums import Level, OrganizationKind
from ..models import Organization

__all__ = [
    "DEFAULT_PASSWORD",
    "DISTRICTS_DISSOLVED_ON",
    "DemoError",
    "DemoResult",
    "account_specs",
    "build_demo",
    "official_communes",
    "organization_specs",
    "uncovered_parties",
]

K = OrganizationKind
PROVINCE_CODE = ProvinceCode.P_33  # Hưng Yên (after the merger with Thái Bình, 01/07/2025)
DISTRICTS_DISSOLVED_ON = dt.date(2025, 7, 1)  # the district level ended (two-level local government)
DEFAULT_PASSWORD = "phoihop2026"
PREFIX = "hy-"
TINH_UY = f"{PREFIX}tinh-uy"

# Former districts of Hưng Yên used for the district bodies of 000 (first one: its demo accounts).
FORMER_DISTRICTS = (("khoai-chau", "Khoái Châu", "KC"), ("tien-lu", "Tiên Lữ", "TL"))

ROLE_SUFFIXES = {
    "vanthu": Role.CLERK,
    "chuyenvien": Role.SPECIALIST,
    "lanhdao": Role.LEADER,
    "quantri": Role.ORG_ADMIN,
}
BASIC_SUFFIXES = ("vanthu", "chuyenvien", "lanhdao")
# An organisation administrator manages their organisation's users in the admin site (scoped there).
ORG_ADMIN_PERMISSIONS = (
    ("accounts", "view_user"),
    ("accounts", "add_user"),
    ("accounts", "change_user"),
    ("organizations", "view_organization"),
    ("organizations", "change_organization"),
)
ORG_FIELDS = (
    "name",
    "abbreviation",
    "kind",
    "level",
    "superior_id",
    "admin_division_code",
    "established_on",
    "dissolved_on",
)
USER_FIELDS = ("full_name", "organization_id", "role", "is_staff", "is_superuser", "is_active", "password")


class DemoError(Exception):
    """The demo province cannot be built (the message is for the operator, in Vietnamese)."""


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name: str
    abbreviation: str
    kind: str
    level: str
    superior: str | None = None  # code of another spec
    admin_division_code: str = ""
    established_on: dt.date | None = None
    dissolved_on: dt.date | None = None


@dataclass(frozen=True)
class AccountSpec:
    username: str
    organization: str | None  # organisation code; None for the system administrator
    role: str
    superuser: bool = False

    @property
    def is_staff(self) -> bool:
        return self.superuser or self.role == Role.ORG_ADMIN


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        return f"tạo mới {self.created}, cập nhật {self.updated}, không đổi {self.unchanged}"


@dataclass(frozen=True)
class Account:
    username: str
    organization: str
    role: str


@dataclass
class DemoResult:
    province: str
    organizations: Counts = field(default_factory=Counts)
    users: Counts = field(default_factory=Counts)
    communes: int = 0
    former_district_bodies: int = 0
    accounts: list[Account] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.organizations.created or self.organizations.updated) or bool(
            self.users.created or self.users.updated
        )


# --- the official administrative list ------------------------------------------------------------------


def province_name() -> str:
    return Province.from_code(PROVINCE_CODE).name


def official_communes() -> list[Ward]:
    """Communes and wards of the demo province in the 2025 list, by official code."""
    return sorted(Ward.iter_by_province(PROVINCE_CODE), key=lambda w: int(w.code))


def official_code(ward: Ward) -> str:
    return f"{int(ward.code):05d}"


def _split(ward: Ward) -> tuple[str, str]:
    """("phường", "Phố Hiến") from "Phường Phố Hiến"."""
    division = ward.division_type.value
    if ward.name.lower().startswith(division + " "):
        return division, ward.name[len(division) :].strip()
    return division, ward.name


def _ascii(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unidecode(text).lower())


def commune_slug(ward: Ward) -> str:
    """ASCII slug of the commune's own name (without "Xã"/"Phường"), used in demo usernames."""
    return _ascii(_split(ward)[1])


def _commune_spec(ward: Ward) -> OrgSpec:
    division, bare = _split(ward)
    initials = "".join(word[0] for word in division.upper().split())
    code = official_code(ward)
    return OrgSpec(
        code=f"{PREFIX}dang-uy-{code}",
        name=f"Đảng ủy {division} {bare}",
        abbreviation=f"ĐU{initials}-{_ascii(bare).upper()}",
        kind=K.PARTY_COMMITTEE,
        level=Level.COMMUNE,
        superior=TINH_UY,
        admin_division_code=code,
        # The communes and wards of the 2025 list exist from the start of two-level local government.
        established_on=DISTRICTS_DISSOLVED_ON,
    )


# --- the bodies -----------------------------------------------------------------------------------------


def _province_specs(p: str) -> list[OrgSpec]:
    def body(slug: str, name: str, abbreviation: str, kind: str, superior: str = TINH_UY) -> OrgSpec:
        return OrgSpec(f"{PREFIX}{slug}", name, abbreviation, kind, Level.PROVINCE, superior)

    btv, ubkt, mttq, khoi = (
        f"{PREFIX}{s}" for s in ("btv-tinh-uy", "ubkt", "mttq", "dang-uy-khoi-cac-co-quan")
    )
    return [
        OrgSpec(
            TINH_UY,
            f"Tỉnh ủy {p}",
            "TU",
            K.PARTY_COMMITTEE,
            Level.PROVINCE,
            None,
            f"{int(PROVINCE_CODE):02d}",
        ),
        body("btv-tinh-uy", f"Ban Thường vụ Tỉnh ủy {p}", "BTVTU", K.STANDING_COMMITTEE),
        body("thuong-truc-tinh-uy", f"Thường trực Tỉnh ủy {p}", "TTTU", K.STANDING_BOARD, btv),
        body("ban-to-chuc", f"Ban Tổ chức Tỉnh ủy {p}", "BTCTU", K.ORGANIZATION_BOARD),
        body("ban-tuyen-giao", f"Ban Tuyên giáo Tỉnh ủy {p}", "BTGTU", K.PROPAGANDA_BOARD),
        body("ban-dan-van", f"Ban Dân vận Tỉnh ủy {p}", "BDVTU", K.MASS_MOBILIZATION_BOARD),
        body("ban-noi-chinh", f"Ban Nội chính Tỉnh ủy {p}", "BNCTU", K.INTERNAL_AFFAIRS_BOARD),
        body("ubkt", f"Ủy ban Kiểm tra Tỉnh ủy {p}", "UBKTTU", K.INSPECTION_COMMITTEE),
        body("co-quan-ubkt", f"Cơ quan Ủy ban Kiểm tra Tỉnh ủy {p}", "CQUBKTTU", K.INSPECTION_OFFICE, ubkt),
        body("van-phong-tinh-uy", f"Văn phòng Tỉnh ủy {p}", "VPTU", K.PARTY_OFFICE),
        body("mttq", f"Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {p}", "MTTQ-BTT", K.FATHERLAND_FRONT),
        body(
            "mttq-ban-dan-chu-phap-luat",
            f"Ban Dân chủ – Pháp luật Ủy ban MTTQ Việt Nam tỉnh {p}",
            "MTTQ-DCPL",
            K.FRONT_DEPARTMENT,
            mttq,
        ),
        body("hoi-phu-nu", f"Hội Liên hiệp Phụ nữ tỉnh {p}", "HLHPN", K.WOMENS_UNION, mttq),
        body("lien-doan-lao-dong", f"Liên đoàn Lao động tỉnh {p}", "LĐLĐ", K.LABOUR_FEDERATION, mttq),
        body("hoi-nong-dan", f"Hội Nông dân tỉnh {p}", "HND", K.FARMERS_ASSOCIATION, mttq),
        body("hoi-cuu-chien-binh", f"Hội Cựu chiến binh tỉnh {p}", "HCCB", K.VETERANS_ASSOCIATION, mttq),
        body("tinh-doan", f"Tỉnh đoàn {p}", "TĐTN", K.YOUTH_UNION, mttq),
        body(
            "dang-uy-khoi-cac-co-quan", f"Đảng ủy Khối các cơ quan tỉnh {p}", "ĐUK", K.AGENCIES_BLOC_COMMITTEE
        ),
        body(
            "dang-uy-khoi-doanh-nghiep",
            f"Đảng ủy Khối doanh nghiệp tỉnh {p}",
            "ĐUKDN",
            K.ENTERPRISES_BLOC_COMMITTEE,
        ),
        body("dang-uy-cong-an", f"Đảng ủy Công an tỉnh {p}", "ĐUCA", K.POLICE_PARTY_COMMITTEE),
        body("dang-uy-quan-su", f"Đảng ủy Quân sự tỉnh {p}", "ĐUQS", K.MILITARY_PARTY_COMMITTEE),
        body("dang-doan-hdnd", f"Đảng đoàn Hội đồng nhân dân tỉnh {p}", "ĐĐHĐND", K.COUNCIL_PARTY_DELEGATION),
        body(
            "ban-can-su-dang-ubnd",
            f"Ban cán sự đảng Ủy ban nhân dân tỉnh {p}",
            "BCSĐUBND",
            K.GOVERNMENT_PARTY_COMMITTEE,
        ),
        body("so-tu-phap", f"Sở Tư pháp tỉnh {p}", "STP", K.BLOC_AGENCY, khoi),
        body("so-tai-chinh", f"Sở Tài chính tỉnh {p}", "STC", K.BLOC_AGENCY, khoi),
        body("thanh-tra-tinh", f"Thanh tra tỉnh {p}", "TTR", K.BLOC_AGENCY, khoi),
    ]


def _district_specs(slug: str, name: str, initials: str) -> list[OrgSpec]:
    base = f"{PREFIX}{slug}"
    huyen_uy, mttq = f"{base}-huyen-uy", f"{base}-mttq"

    def body(suffix: str, title: str, abbreviation: str, kind: str, superior: str | None) -> OrgSpec:
        return OrgSpec(
            f"{base}-{suffix}",
            title,
            f"{abbreviation}{initials}",
            kind,
            Level.DISTRICT,
            superior,
            dissolved_on=DISTRICTS_DISSOLVED_ON,
        )

    return [
        body("huyen-uy", f"Huyện ủy {name}", "HU", K.PARTY_COMMITTEE, TINH_UY),
        body("btv", f"Ban Thường vụ Huyện ủy {name}", "BTVHU", K.STANDING_COMMITTEE, huyen_uy),
        body("ubkt", f"Ủy ban Kiểm tra Huyện ủy {name}", "UBKTHU", K.INSPECTION_COMMITTEE, huyen_uy),
        body("ban-dan-van", f"Ban Dân vận Huyện ủy {name}", "BDVHU", K.MASS_MOBILIZATION_BOARD, huyen_uy),
        body(
            "ban-chi-dao",
            f"Ban Chỉ đạo thực hiện Chương trình hành động của Huyện ủy {name}",
            "BCĐHU",
            K.STEERING_COMMITTEE,
            huyen_uy,
        ),
        body("mttq", f"Ủy ban Mặt trận Tổ quốc Việt Nam huyện {name}", "MTTQH", K.FATHERLAND_FRONT, huyen_uy),
        body("hoi-phu-nu", f"Hội Liên hiệp Phụ nữ huyện {name}", "HLHPNH", K.WOMENS_UNION, mttq),
        body("lien-doan-lao-dong", f"Liên đoàn Lao động huyện {name}", "LĐLĐH", K.LABOUR_FEDERATION, mttq),
        body("hoi-nong-dan", f"Hội Nông dân huyện {name}", "HNDH", K.FARMERS_ASSOCIATION, mttq),
        body("hoi-cuu-chien-binh", f"Hội Cựu chiến binh huyện {name}", "HCCBH", K.VETERANS_ASSOCIATION, mttq),
        body("huyen-doan", f"Huyện đoàn {name}", "HĐ", K.YOUTH_UNION, mttq),
    ]


def organization_specs() -> list[OrgSpec]:
    """Every demo body: province, former districts, then the communes and wards by official code."""
    specs = _province_specs(province_name())
    for slug, name, initials in FORMER_DISTRICTS:
        specs += _district_specs(slug, name, initials)
    specs += [_commune_spec(w) for w in official_communes()]
    return specs


def account_specs() -> list[AccountSpec]:
    """The demo accounts, in the order of the README table."""
    district = f"{PREFIX}{FORMER_DISTRICTS[0][0]}"
    groups: list[tuple[str, str, tuple[str, ...]]] = [
        ("bnc", f"{PREFIX}ban-noi-chinh", tuple(ROLE_SUFFIXES)),
        ("ubkt", f"{PREFIX}ubkt", BASIC_SUFFIXES),
        ("btc", f"{PREFIX}ban-to-chuc", BASIC_SUFFIXES),
        ("mttq", f"{PREFIX}mttq", BASIC_SUFFIXES),
        ("dukcq", f"{PREFIX}dang-uy-khoi-cac-co-quan", BASIC_SUFFIXES),
        ("btv", f"{PREFIX}btv-tinh-uy", BASIC_SUFFIXES),
        ("tttu", f"{PREFIX}thuong-truc-tinh-uy", BASIC_SUFFIXES),
        ("hlhpn", f"{PREFIX}hoi-phu-nu", BASIC_SUFFIXES),
        ("ubkthu", f"{district}-ubkt", BASIC_SUFFIXES),
        ("bdvhu", f"{district}-ban-dan-van", BASIC_SUFFIXES),
        ("btvhu", f"{district}-btv", BASIC_SUFFIXES),
    ]
    for ward in official_communes()[:3]:
        groups.append((commune_slug(ward), _commune_spec(ward).code, BASIC_SUFFIXES))
    accounts = [AccountSpec("admin", None, Role.SYSTEM_ADMIN, superuser=True)]
    for prefix, org, suffixes in groups:
        accounts += [AccountSpec(f"{prefix}.{s}", org, ROLE_SUFFIXES[s]) for s in suffixes]
    return accounts


# --- loading --------------------------------------------------------------------------------------------


def _waves(specs: list[OrgSpec]) -> Iterator[list[OrgSpec]]:
    """The specs in dependency order: roots first, then the bodies whose superior is already placed."""
    placed: set[str] = set()
    pending = list(specs)
    while pending:
        wave = [s for s in pending if s.superior is None or s.superior in placed]
        if not wave:
            raise DemoError("Dữ liệu tỉnh mẫu sai: có cơ quan cấp trên không tồn tại hoặc vòng lặp cấp trên.")
        yield wave
        placed |= {s.code for s in wave}
        pending = [s for s in pending if s.code not in placed]


def _changed(obj: Any, values: dict[str, Any]) -> bool:
    return any(getattr(obj, name) != value for name, value in values.items())


def _load_organizations(specs: list[OrgSpec], counts: Counts) -> dict[str, Organization]:
    by_code = {o.code: o for o in Organization.objects.filter(code__in=[s.code for s in specs])}
    for wave in _waves(specs):
        new: list[Organization] = []
        changed: list[Organization] = []
        for spec in wave:
            values: dict[str, Any] = {
                "name": spec.name,
                "abbreviation": spec.abbreviation,
                "kind": spec.kind,
                "level": spec.level,
                "superior_id": by_code[spec.superior].pk if spec.superior else None,
                "admin_division_code": spec.admin_division_code,
                "established_on": spec.established_on,
                "dissolved_on": spec.dissolved_on,
            }
            org = by_code.get(spec.code)
            if org is None:
                new.append(Organization(code=spec.code, **values))
            elif _changed(org, values):
                for name, value in values.items():
                    setattr(org, name, value)
                changed.append(org)
            else:
                counts.unchanged += 1
        if new:
            Organization.objects.bulk_create(new)
            # Read the rows back: primary keys for the next wave, on every database backend.
            by_code.update({o.code: o for o in Organization.objects.filter(code__in=[o.code for o in new])})
        if changed:
            Organization.objects.bulk_update(changed, list(ORG_FIELDS))
        counts.created += len(new)
        counts.updated += len(changed)
    return by_code


def _shared_hash(users: Iterable[User], password: str) -> str:
    """The password hash every demo account gets: the one they already share when it still matches the
    password (a second run changes nothing and hashes once), else a new one."""
    common = Counter(u.password for u in users if u.password).most_common(1)
    if common and check_password(password, common[0][0]):
        return common[0][0]
    return make_password(password)


def _org_admin_permission_ids() -> set[int]:
    wanted = Permission.objects.none()
    for app_label, codename in ORG_ADMIN_PERMISSIONS:
        wanted |= Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return set(wanted.values_list("pk", flat=True))


def _load_users(
    specs: list[AccountSpec], orgs: dict[str, Organization], password: str, counts: Counts
) -> list[Account]:
    existing = {
        u.username: u
        for u in User.objects.filter(username__in=[s.username for s in specs]).prefetch_related(
            "user_permissions"
        )
    }
    hashed = _shared_hash(existing.values(), password)
    admin_permissions = _org_admin_permission_ids()
    new: list[User] = []
    changed: list[User] = []
    grants: dict[str, set[int]] = {}  # username -> permissions to add
    table: list[Account] = []
    for spec in specs:
        org = orgs[spec.organization] if spec.organization else None
        role_label = str(Role(spec.role).label)
        values: dict[str, Any] = {
            "full_name": f"{role_label} {org.name}" if org else role_label,
            "organization_id": org.pk if org else None,
            "role": spec.role,
            "is_staff": spec.is_staff,
            "is_superuser": spec.superuser,
            "is_active": True,
            "password": hashed,
        }
        user = existing.get(spec.username)
        held = {p.pk for p in user.user_permissions.all()} if user else set()
        missing = admin_permissions - held if spec.role == Role.ORG_ADMIN else set()
        if missing:
            grants[spec.username] = missing
        if user is None:
            new.append(User(username=spec.username, **values))
        elif _changed(user, values):
            for name, value in values.items():
                setattr(user, name, value)
            changed.append(user)
        elif missing:
            counts.updated += 1
        else:
            counts.unchanged += 1
        table.append(Account(spec.username, org.name if org else "—", role_label))
    if new:
        User.objects.bulk_create(new)
    if changed:
        User.objects.bulk_update(changed, list(USER_FIELDS))
    for user in User.objects.filter(username__in=list(grants)):
        user.user_permissions.add(*grants[user.username])
    counts.created += len(new)
    counts.updated += len(changed)
    return table


def _named_bodies(reg: Regulation) -> Iterator[tuple[str, str, str]]:
    """(kind, level, name) of every body the regulation's data names, in any role."""
    yield reg.issuer_kind, reg.issuer_level, reg.issuer_name
    for party in reg.parties.all():
        yield party.kind, party.level, party.name
    actors: list[dict[str, Any]] = []
    for o in reg.reporting_obligations.all():
        yield o.receiver_kind, o.receiver_level, o.receiver_name
        actors += o.reporters
    for c in reg.copy_to_duties.all():
        yield c.copy_to_kind, c.copy_to_level, c.copy_to_name
        actors += c.senders + c.original_receivers
    for m in reg.monitoring_duties.all():
        yield m.actor_kind, m.actor_level, m.actor_name
        actors += m.targets
    for d in reg.designation_duties.all():
        actors += d.notifiers + d.recipients
    for e in reg.evaluation_duties.all():
        if e.receiver_kind:  # a review whose text names no receiver (000 Art. 7.2)
            yield e.receiver_kind, e.receiver_level, e.receiver_name
        actors += e.evaluators
    for a in actors:
        yield a["kind"], a["level"], a.get("name", "")


def uncovered_parties(organizations: Iterable[Organization]) -> list[str]:
    """Bodies named by a current regulation with no organisation of their kind and level among these."""
    have = {(o.kind, o.level) for o in organizations}
    regulations = Regulation.objects.filter(superseded_by__isnull=True).order_by("code")
    regulations = regulations.prefetch_related(
        "parties",
        "reporting_obligations",
        "copy_to_duties",
        "monitoring_duties",
        "designation_duties",
        "evaluation_duties",
    )
    missing: list[str] = []
    for reg in regulations:
        for kind, level, name in _named_bodies(reg):
            line = f"Quy chế {reg.code}: {name} ({Level(level).label}, {OrganizationKind(kind).label})"
            if (kind, level) not in have and line not in missing:
                missing.append(line)
    return missing


def build_demo(password: str = DEFAULT_PASSWORD) -> DemoResult:
    """Create or bring up to date the demo province and accounts (idempotent, one transaction)."""
    if not Regulation.objects.filter(superseded_by__isnull=True).exists():
        raise DemoError(
            "Chưa nạp quy chế phối hợp nào: chạy “manage.py load_regulations” trước “manage.py load_demo”. "
            "Không nạp gì."
        )
    if not password:
        raise DemoError("Mật khẩu tài khoản mẫu không được để trống (biến môi trường DEMO_PASSWORD).")
    specs = organization_specs()
    result = DemoResult(province=province_name())
    with transaction.atomic():
        orgs = _load_organizations(specs, result.organizations)
        result.accounts = _load_users(account_specs(), orgs, password, result.users)
        result.communes = sum(1 for s in specs if s.level == Level.COMMUNE)
        result.former_district_bodies = sum(1 for s in specs if s.dissolved_on is not None)
        result.uncovered = uncovered_parties(orgs[s.code] for s in specs)
        if result.changed:
            record(
                actor=None,
                action=AuditAction.LOADED,
                target=orgs[TINH_UY],
                summary=(
                    f"Nạp tỉnh mẫu {result.province}: tổ chức {result.organizations}; "
                    f"tài khoản mẫu {result.users}"
                ),
                data={
                    "organizations": vars(result.organizations),
                    "users": vars(result.users),
                    "communes": result.communes,
                },
            )
    return result
