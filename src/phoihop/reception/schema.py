"""The reception data (data/reception/reception.yaml): the minimum days a month a party committee's head receives
citizens, per level of the committee, each with its article and whether it was checked against the text.

Read at use and cached by the file's fingerprint (size, modification time); a file that breaks the schema is
refused as a whole with the field and the reason (`ReceptionDataError`)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from jsonschema import Draft202012Validator

__all__ = ["DATA_FILE", "Minimum", "ReceptionData", "ReceptionDataError", "reception_data"]

DATA_FILE = Path(settings.BASE_DIR) / "data" / "reception" / "reception.yaml"

TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
MINIMUM: dict[str, Any] = {
    "type": "object",
    "properties": {
        "level": {"type": "string", "enum": ["province", "district", "commune"]},
        "label": TEXT,
        "days_per_month": {"type": "integer", "minimum": 1, "maximum": 31},
        "article": TEXT,
        "status": {"type": "string", "enum": ["verified", "reading"]},
        "source": TEXT,
        "reading": TEXT,
        "regulation": {"type": ["string", "null"], "pattern": r"^00[0-4]$"},
    },
    "required": ["level", "label", "days_per_month", "article", "status", "regulation"],
    "additionalProperties": False,
    "allOf": [
        {"if": {"properties": {"status": {"const": "verified"}}}, "then": {"required": ["source"]}},
        {"if": {"properties": {"status": {"const": "reading"}}}, "then": {"required": ["reading"]}},
    ],
}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "schema_version": {"const": 1},
        "title": TEXT,
        "law": TEXT,
        "minimums": {"type": "array", "minItems": 1, "items": MINIMUM},
    },
    "required": ["schema_version", "title", "law", "minimums"],
    "additionalProperties": False,
}


class ReceptionDataError(Exception):
    """The reception data is refused: the field and the reason, in Vietnamese."""


@dataclass(frozen=True)
class Minimum:
    level: str
    label: str
    days_per_month: int
    article: str
    status: str
    source: str
    reading: str
    regulation: str | None

    @property
    def verified(self) -> bool:
        return self.status == "verified"


@dataclass(frozen=True)
class ReceptionData:
    law: str
    minimums: dict[str, Minimum]  # by level

    def minimum_for(self, level: str) -> Minimum | None:
        return self.minimums.get(level)

    def levels_of_regulation(self, code: str) -> list[str]:
        return [m.level for m in self.minimums.values() if m.regulation == code]


def load(path: Path = DATA_FILE) -> ReceptionData:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReceptionDataError(f"{path.name}: không đọc được tệp ({exc.__class__.__name__})") from exc
    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(raw), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        where = "/".join(str(p) for p in e.path) or "(gốc)"
        raise ReceptionDataError(f"{path.name}: {where}: {e.message}")
    levels = [m["level"] for m in raw["minimums"]]
    if len(set(levels)) != len(levels):
        raise ReceptionDataError(f"{path.name}: minimums: mỗi cấp chỉ được có một mục")
    return ReceptionData(
        law=raw["law"],
        minimums={
            m["level"]: Minimum(
                level=m["level"],
                label=m["label"],
                days_per_month=m["days_per_month"],
                article=m["article"],
                status=m["status"],
                source=m.get("source", ""),
                reading=m.get("reading", ""),
                regulation=m["regulation"],
            )
            for m in raw["minimums"]
        },
    )


_lock = threading.Lock()
_cache: dict[str, tuple[tuple[int, int], ReceptionData]] = {}


def reception_data(path: Path = DATA_FILE) -> ReceptionData:
    """The data in force (re-read when the file changes)."""
    stat = path.stat()
    fingerprint = (stat.st_size, stat.st_mtime_ns)
    key = str(path)
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == fingerprint:
            return hit[1]
    data = load(path)
    with _lock:
        _cache[key] = (fingerprint, data)
    return data
