"""The demo province behind `manage.py load_demo`, read from data/demo/hung-yen.yaml (Hưng Yên): every body
the five regulations name, and one demo account per role in the bodies a demonstration needs.

The file lists the provincial bodies, the bodies of two former districts (dissolved when the district level
ended, still usable to demonstrate regulations 000, 001 and 004) and the demo accounts; the communes and wards
come from the official administrative list of 2025 (package `vietnam-provinces`): one party committee per
commune and ward of the province, with the official code as `admin_division_code`. The file is checked against
phoihop.demo.schema; an error names the file and the field.

Everything is keyed by stable codes (organisations: `hy-…`; users: their username), so a second run changes
nothing; the whole load is one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from unidecode import unidecode
from vietnam_provinces import Province, ProvinceCode, Ward

from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from phoihop.audit.domain import record
from phoihop.audit.enums import AuditAction
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.organizations.models import Organization
from phoihop.regulations.models import Regulation

from .officials import OfficialCounts, OfficialsDataError, load_officials
from .schema import iter_schema_errors

__all__ = [
    "DEFAULT_PASSWORD",
    "DemoData",
    "DemoError",
    "DemoResult",
    "account_specs",
    "build_demo",
    "data_file",
    "official_communes",
    "organization_specs",
    "read_data",
    "uncovered_parties",
]

DEFAULT_PASSWORD = "phoihop2026"
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
USER_FIELDS = (
    "full_name",
    "organization_id",
    "role",
    "is_staff",
    "is_superuser",
    "is_active",
    "password",
    "email",
)


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
    email: str = ""  # <username>@<accounts.email_domain>, when the data names a domain

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
    districts_dissolved_on: dt.date | None = None
    accounts: list[Account] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    officials: OfficialCounts = field(default_factory=OfficialCounts)  # data/demo/officials.yaml

    @property
    def changed(self) -> bool:
        return (
            bool(self.organizations.created or self.organizations.updated)
            or bool(self.users.created or self.users.updated)
            or self.officials.changed
        )


# --- the data file --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoData:
    """The file as read and checked (`raw`: the YAML's mapping), with what is derived from it."""

    path: Path
    raw: Mapping[str, Any]

    @property
    def label(self) -> str:
        """The file name as users know it: data/demo/hung-yen.yaml when under the project, else the path."""
        try:
            return str(self.path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
        except ValueError:
            return str(self.path)

    @property
    def province_code(self) -> ProvinceCode:
        return ProvinceCode(self.raw["province"]["code"])

    @property
    def prefix(self) -> str:
        return str(self.raw["province"]["prefix"])

    @property
    def districts_dissolved_on(self) -> dt.date:
        return dt.date.fromisoformat(self.raw["former_districts"]["dissolved_on"])

    def error(self, where: str, reason: str) -> DemoError:
        return DemoError(f"Dữ liệu tỉnh mẫu sai — {self.label}, trường “{where}”: {reason}")


def data_file() -> Path:
    return Path(settings.DATA_DIR) / "demo" / "hung-yen.yaml"


class _NoDatesLoader(yaml.SafeLoader):
    """Dates stay text, as the schema expects them (a date written without quotes is reported)."""


_NoDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_data(path: Path | None = None) -> DemoData:
    """Read and check the demo file; DemoError names the file, the field and the reason."""
    path = path or data_file()
    probe = DemoData(path, {})
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_NoDatesLoader)  # noqa: S506 - a SafeLoader subclass
    except OSError as exc:
        raise DemoError(f"Không đọc được tệp dữ liệu tỉnh mẫu {probe.label}: {exc.strerror}.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (dòng {mark.line + 1})" if mark is not None else ""
        raise DemoError(f"Tệp dữ liệu tỉnh mẫu {probe.label} không phải YAML hợp lệ{where}.") from None
    for where, reason in iter_schema_errors(raw):
        raise probe.error(where, reason)
    data = DemoData(path, raw)
    for where, text in (
        ("former_districts.dissolved_on", raw["former_districts"]["dissolved_on"]),
        ("communes.established_on", raw["communes"]["established_on"]),
    ):
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            raise data.error(where, f"ngày “{text}” không có thật") from None
    try:
        data.province_code  # noqa: B018 - checks that the province exists in the official list
    except ValueError:
        raise data.error(
            "province.code", f"không có tỉnh mã {raw['province']['code']} trong danh mục 2025"
        ) from None
    return data


@cache
def _default_data() -> DemoData:
    return read_data()


def _data(data: DemoData | None) -> DemoData:
    return data if data is not None else _default_data()


def _fill(data: DemoData, template: str, values: Mapping[str, str], where: str) -> str:
    try:
        return template.format_map(values)
    except (KeyError, ValueError, IndexError) as exc:
        raise data.error(where, f"mẫu “{template}” dùng chỗ trống không có ở đây ({exc})") from None


# --- the official administrative list ------------------------------------------------------------------


def province_name(data: DemoData | None = None) -> str:
    return Province.from_code(_data(data).province_code).name


def official_communes(data: DemoData | None = None) -> list[Ward]:
    """Communes and wards of the demo province in the 2025 list, by official code."""
    return sorted(Ward.iter_by_province(_data(data).province_code), key=lambda w: int(w.code))


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
    """ASCII slug of the commune's own name (without "Xã"/"Phường")."""
    return _ascii(_split(ward)[1])


def _commune_spec(data: DemoData, ward: Ward) -> OrgSpec:
    division, bare = _split(ward)
    initials = "".join(word[0] for word in division.upper().split())
    code = official_code(ward)
    communes = data.raw["communes"]
    return OrgSpec(
        code=f"{data.prefix}dang-uy-{code}",
        name=f"Đảng ủy {division} {bare}",
        abbreviation=f"ĐU{initials}-{_ascii(bare).upper()}",
        kind=communes["kind"],
        level=Level.COMMUNE,
        superior=f"{data.prefix}{communes['superior']}",
        admin_division_code=code,
        established_on=dt.date.fromisoformat(communes["established_on"]),
    )


# --- the bodies -----------------------------------------------------------------------------------------


def _body(
    data: DemoData,
    body: Mapping[str, Any],
    level: str,
    values: Mapping[str, str],
    where: str,
    dissolved_on: dt.date | None = None,
) -> OrgSpec:
    def fill(key: str) -> str:
        return _fill(data, str(body[key]), values, f"{where}.{key}")

    superior = body["superior"]
    return OrgSpec(
        code=data.prefix + fill("code"),
        name=fill("name"),
        abbreviation=fill("abbreviation"),
        kind=body["kind"],
        level=level,
        superior=data.prefix + fill("superior") if superior is not None else None,
        admin_division_code=fill("admin_division_code") if body.get("admin_division_code") else "",
        dissolved_on=dissolved_on,
    )


def organization_specs(data: DemoData | None = None) -> list[OrgSpec]:
    """Every demo body: province, former districts, then the communes and wards by official code."""
    data = _data(data)
    province = {"province": province_name(data), "province_code": f"{int(data.province_code):02d}"}
    placed: list[tuple[OrgSpec, str]] = []  # each spec with the field it comes from
    for n, body in enumerate(data.raw["province_bodies"]):
        where = f"province_bodies[{n}]"
        placed.append((_body(data, body, Level.PROVINCE, province, where), where))
    former = data.raw["former_districts"]
    for district in former["districts"]:
        values = {
            **province,
            "district": district["code"],
            "district_name": district["name"],
            "initials": district["initials"],
        }
        for n, body in enumerate(former["bodies"]):
            where = f"former_districts.bodies[{n}]"
            placed.append(
                (_body(data, body, Level.DISTRICT, values, where, data.districts_dissolved_on), where)
            )
    placed += [(_commune_spec(data, w), "communes") for w in official_communes(data)]
    codes = Counter(s.code for s, _ in placed)
    for spec, where in placed:
        if codes[spec.code] > 1:
            raise data.error(f"{where}.code", f"mã tổ chức “{spec.code}” trùng với một tổ chức khác")
        if spec.superior is not None and spec.superior not in codes:
            raise data.error(
                f"{where}.superior",
                f"không có tổ chức mã “{spec.superior.removeprefix(data.prefix)}” trong tệp",
            )
    return [spec for spec, _ in placed]


def account_specs(data: DemoData | None = None) -> list[AccountSpec]:
    """The demo accounts, in the order of the README table."""
    data = _data(data)
    accounts_data = data.raw["accounts"]
    roles: Mapping[str, str] = accounts_data["roles"]
    domain = accounts_data.get("email_domain", "")

    def email(username: str) -> str:
        return f"{username}@{domain}" if domain else ""

    admin = accounts_data["system_admin"]
    accounts = [AccountSpec(admin, None, Role.SYSTEM_ADMIN, superuser=True, email=email(admin))]
    for n, group in enumerate(accounts_data["groups"]):
        suffixes = group.get("roles", accounts_data["default_roles"])
        for suffix in suffixes:
            if suffix not in roles:
                raise data.error(
                    f"accounts.groups[{n}].roles", f"hậu tố “{suffix}” không có trong accounts.roles"
                )
        org = data.prefix + group["organization"]
        for s in suffixes:
            username = f"{group['prefix']}.{s}"
            accounts.append(AccountSpec(username, org, roles[s], email=email(username)))
    return accounts


# --- loading --------------------------------------------------------------------------------------------


def _waves(specs: list[OrgSpec]) -> Iterator[list[OrgSpec]]:
    """The specs in dependency order: roots first, then the bodies whose superior is already placed."""
    placed: set[str] = set()
    pending = list(specs)
    while pending:
        wave = [s for s in pending if s.superior is None or s.superior in placed]
        if not wave:
            raise DemoError(
                "Dữ liệu tỉnh mẫu sai: có cơ quan cấp trên không tồn tại hoặc vòng lặp cấp trên: "
                + ", ".join(sorted(f"{s.code} → {s.superior}" for s in pending))
            )
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


def _org_admin_permission_ids(data: DemoData) -> set[int]:
    wanted = Permission.objects.none()
    for name in data.raw["accounts"]["org_admin_permissions"]:
        app_label, codename = name.split(".")
        wanted |= Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return set(wanted.values_list("pk", flat=True))


def _load_users(
    data: DemoData, specs: list[AccountSpec], orgs: dict[str, Organization], password: str, counts: Counts
) -> list[Account]:
    existing = {
        u.username: u
        for u in User.objects.filter(username__in=[s.username for s in specs]).prefetch_related(
            "user_permissions"
        )
    }
    hashed = _shared_hash(existing.values(), password)
    admin_permissions = _org_admin_permission_ids(data)
    new: list[User] = []
    changed: list[User] = []
    grants: dict[str, set[int]] = {}  # username -> permissions to add
    table: list[Account] = []
    for spec in specs:
        if spec.organization and spec.organization not in orgs:
            raise data.error(
                "accounts.groups", f"không có tổ chức mã “{spec.organization}” cho “{spec.username}”"
            )
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
            "email": spec.email,
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


def build_demo(password: str = DEFAULT_PASSWORD, data: DemoData | None = None) -> DemoResult:
    """Create or bring up to date the demo province and accounts (idempotent, one transaction), from `data`
    (default: data/demo/hung-yen.yaml, read and checked)."""
    if not Regulation.objects.filter(superseded_by__isnull=True).exists():
        raise DemoError(
            "Chưa nạp quy chế phối hợp nào: chạy “manage.py load_regulations” trước “manage.py load_demo”. "
            "Không nạp gì."
        )
    if not password:
        raise DemoError("Mật khẩu tài khoản mẫu không được để trống (biến môi trường DEMO_PASSWORD).")
    data = data if data is not None else read_data()
    specs = organization_specs(data)
    accounts = account_specs(data)
    roots = [s.code for s in specs if s.superior is None]  # the first one, the province's top body, is the
    if not roots:  # target of the audit event
        raise data.error("province_bodies", "cần một cơ quan không có cấp trên (superior: null)")
    result = DemoResult(province=province_name(data), districts_dissolved_on=data.districts_dissolved_on)
    with transaction.atomic():
        orgs = _load_organizations(specs, result.organizations)
        result.accounts = _load_users(data, accounts, orgs, password, result.users)
        try:
            result.officials = load_officials(orgs, prefix=data.prefix)
        except OfficialsDataError as exc:
            raise DemoError(f"Dữ liệu cán bộ mẫu sai — {exc}") from None
        result.communes = sum(1 for s in specs if s.level == Level.COMMUNE)
        result.former_district_bodies = sum(1 for s in specs if s.dissolved_on is not None)
        result.uncovered = uncovered_parties(orgs[s.code] for s in specs)
        if result.changed:
            record(
                actor=None,
                action=AuditAction.LOADED,
                target=orgs[roots[0]],
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
