"""The demo province's officials (issue 12, 1 and 4): data/demo/officials.yaml loaded after the bodies of
hung-yen.yaml, inside build_demo's transaction. Idempotent: an official is the same person by name (its search
key), year of birth and workplace (officials.queries.find_same); a second load changes nothing. Seeding, like
the bodies and accounts: the rows are written directly (no user acts), build_demo records one LOADED event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from phoihop.officials import queries
from phoihop.officials.models import Official, OfficialPosition, SupervisionAssignment
from phoihop.officials.naming import collation_key, fold
from phoihop.organizations.models import Organization

__all__ = ["OfficialCounts", "load_officials", "officials_file"]


class OfficialsDataError(ValueError):
    pass


@dataclass
class OfficialCounts:
    created: int = 0
    updated: int = 0
    supervisions: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.supervisions)

    def __str__(self) -> str:
        return f"{self.created} thêm, {self.updated} cập nhật, {self.supervisions} phân công giám sát mới"


def officials_file() -> Path:
    return Path(settings.BASE_DIR) / "data" / "demo" / "officials.yaml"


def _day(text: str, where: str) -> dt.date:
    try:
        day, month, year = (int(part) for part in str(text).split("/"))
        return dt.date(year, month, day)
    except (TypeError, ValueError):
        raise OfficialsDataError(f"{where}: “{text}” không phải ngày dd/mm/yyyy") from None


def _read(path: Path) -> Mapping[str, Any]:
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)  # dates are written dd/mm/yyyy: they stay text
    if not isinstance(raw, dict) or not isinstance(raw.get("officials"), list):
        raise OfficialsDataError(f"{path.name}: thiếu danh sách officials")
    return raw


def load_officials(
    orgs: Mapping[str, Organization], *, prefix: str = "", path: Path | None = None
) -> OfficialCounts:
    """Create or bring up to date the demo officials, their current position and their supervisions. Must run
    inside the caller's transaction. `orgs`: the demo bodies by code (the file's codes with the province's
    `prefix`)."""
    source = path or officials_file()
    raw = _read(source)
    bases: Mapping[str, str] = raw.get("bases", {})
    supervision = raw.get("supervision", {})

    def org(code: str, where: str) -> Organization:
        if prefix + code not in orgs:
            raise OfficialsDataError(f"{source.name}, {where}: không có cơ quan “{code}” trong tỉnh mẫu")
        return orgs[prefix + code]

    counts = OfficialCounts()
    for n, row in enumerate(raw["officials"], start=1):
        where = f"officials[{n}]"
        name = " ".join(row["name"].split())
        workplace = org(row["workplace"], where)
        born = int(row["born"]) if row.get("born") else None
        values: dict[str, Any] = {
            "full_name": name,
            "sort_name": collation_key(name),
            "position": row.get("position", ""),
            "is_party_member": bool(row.get("party")),
            "party_organization_id": org(row["party"], where).pk if row.get("party") else None,
            "managing_body_id": org(row["managing_body"], where).pk,
            "managing_basis": bases.get(row.get("basis", ""), row.get("basis", "")),
        }
        official = queries.find_same(fold(name), born, workplace.pk)
        if official is None:
            official = Official.objects.create(
                name_key=fold(name), birth_year=born, workplace=workplace, **values
            )
            counts.created += 1
        elif any(getattr(official, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(official, k, v)
            official.save(update_fields=[*values, "updated_at"])
            counts.updated += 1
        since = _day(row["since"], where) if row.get("since") else None
        if (
            official.position
            and not OfficialPosition.objects.filter(official=official, ended_on__isnull=True).exists()
        ):
            OfficialPosition.objects.create(
                official=official, organization=workplace, title=official.position, started_on=since
            )
        for code in row.get("supervised_by", []):
            supervisor = org(code, where)
            if SupervisionAssignment.objects.filter(
                official=official, supervisor=supervisor, ended_on__isnull=True
            ).exists():
                continue
            SupervisionAssignment.objects.create(
                official=official,
                supervisor=supervisor,
                listed_with=org(supervision["listed_with"], "supervision")
                if supervision.get("listed_with")
                else None,
                basis=supervision.get("basis", ""),
                started_on=_day(supervision["started_on"], "supervision.started_on"),
            )
            counts.supervisions += 1
    return counts
