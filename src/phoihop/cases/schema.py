"""The cases data (data/cases/cases.yaml): its schema, checked at every load, and the typed rules read from it.

The file is read when it is used and cached by its fingerprint (size, modification time and a hash of its
bytes), so an edited file is taken at once and `make run` needs no loader. A file that breaks the schema is
refused as a whole with the file, the field and the reason (`CasesDataError`); nothing is half-read.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

__all__ = [
    "DATA_FILE",
    "CasesData",
    "CasesDataError",
    "Category",
    "Level",
    "Period",
    "Stage",
    "cases_data",
    "load",
    "problems",
]

TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
CODE: dict[str, Any] = {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$"}
REF: dict[str, Any] = {"type": "string", "pattern": r"^00[0-4] \d+(\.\d+)*(\.[a-zđ])?$"}
REFS: dict[str, Any] = {"type": "array", "items": REF, "minItems": 1}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required if required is not None else list(properties),
        "additionalProperties": False,
    }


PERIOD = _object(
    {
        "working_days": {"type": "integer", "minimum": 1, "maximum": 250},
        "source": {"type": "string", "enum": ["system", "text"]},
        "reading": TEXT,
        "refs": REFS,
    },
    required=["working_days", "source", "reading"],
)

SCHEMA: dict[str, Any] = _object(
    {
        "schema_version": {"const": 1},
        "title": TEXT,
        "categories": {
            "type": "array",
            "minItems": 1,
            "items": _object({"code": CODE, "label": TEXT, "refs": REFS}),
        },
        "levels": {
            "type": "array",
            "minItems": 1,
            "items": _object(
                {
                    "code": CODE,
                    "label": TEXT,
                    "monitor": {"type": "string", "enum": ["steering_committee", "none"]},
                    "refs": REFS,
                    "stale_after": PERIOD,
                }
            ),
        },
        "stages": {
            "type": "array",
            "minItems": 2,
            "items": _object(
                {
                    "code": CODE,
                    "label": TEXT,
                    "first": {"type": "boolean"},
                    "closing": {"type": "boolean"},
                    "moves": {"type": "array", "items": CODE},
                },
                required=["code", "label", "moves"],
            ),
        },
        "stage_refs": REFS,
        "progress_request": PERIOD,
        "regulation_by_locality_level": {
            "type": "object",
            "propertyNames": {"enum": ["commune", "district", "province"]},
            "additionalProperties": {"type": "string", "pattern": r"^00[0-4]$"},
            "minProperties": 1,
        },
    }
)

VALIDATOR = Draft202012Validator(SCHEMA)
DATA_FILE = Path(settings.BASE_DIR) / "data" / "cases" / "cases.yaml"


class CasesDataError(ValueError):
    """The cases data file is refused: the file, the field and the reason, in Vietnamese."""


@dataclass(frozen=True)
class Period:
    working_days: int
    system_reading: bool  # the texts give no number: users see it labelled "Cách hiểu của hệ thống"
    reading: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Level:
    code: str
    label: str
    monitored_by_steering: bool  # the provincial steering committee monitors and directs it
    refs: tuple[str, ...]
    stale_after: Period


@dataclass(frozen=True)
class Stage:
    code: str
    label: str
    first: bool
    closing: bool
    moves: frozenset[str]


@dataclass(frozen=True)
class CasesData:
    title: str
    categories: dict[str, Category]
    levels: dict[str, Level]
    stages: dict[str, Stage]  # in the file's order
    stage_refs: tuple[str, ...]
    progress_request: Period
    regulation_by_locality_level: dict[str, str]

    @property
    def first_stage(self) -> Stage:
        return next(s for s in self.stages.values() if s.first)

    @property
    def closing_stage(self) -> Stage:
        return next(s for s in self.stages.values() if s.closing)

    @property
    def moves(self) -> dict[str, frozenset[str]]:
        """The allowed-transitions table of a case's stage (common.transitions.Table)."""
        return {code: stage.moves for code, stage in self.stages.items()}

    def stage_label(self, code: str) -> str:
        stage = self.stages.get(code)
        return stage.label if stage is not None else code

    def category_label(self, code: str) -> str:
        category = self.categories.get(code)
        return category.label if category is not None else code

    def level_label(self, code: str) -> str:
        level = self.levels.get(code)
        return level.label if level is not None else code


def _where(error: ValidationError) -> str:
    return "/".join(str(p) for p in error.absolute_path) or "(gốc)"


def _message(error: ValidationError) -> str:
    v = error.validator
    if v == "required":
        return f"thiếu trường bắt buộc ({error.message.split(' ')[0]})"
    if v == "additionalProperties":
        schema = error.schema if isinstance(error.schema, dict) else {}
        given = error.instance if isinstance(error.instance, dict) else {}
        extra = sorted(set(given) - set(schema.get("properties", {})))
        return f"có trường không được phép: {', '.join(extra)}"
    if v == "enum":
        return f"giá trị {error.instance!r} không thuộc danh sách cho phép"
    if v == "pattern":
        return f"giá trị {error.instance!r} không đúng định dạng"
    if v == "type":
        return f"sai kiểu dữ liệu ({error.instance!r})"
    return error.message


def _semantic(raw: dict[str, Any]) -> Iterator[str]:
    """What a schema cannot say: unique codes, moves to known stages, one first and one closing stage."""
    for block in ("categories", "levels", "stages"):
        seen: set[str] = set()
        for i, item in enumerate(raw[block]):
            if item["code"] in seen:
                yield f"{block}/{i}/code: mã {item['code']!r} bị trùng"
            seen.add(item["code"])
    codes = {s["code"] for s in raw["stages"]}
    for i, stage in enumerate(raw["stages"]):
        for move in stage["moves"]:
            if move not in codes:
                yield f"stages/{i}/moves: giai đoạn {move!r} không có trong danh sách giai đoạn"
    for flag in ("first", "closing"):
        n = sum(1 for s in raw["stages"] if s.get(flag))
        if n != 1:
            yield f"stages: phải có đúng một giai đoạn {flag}: true (đang có {n})"
    for i, stage in enumerate(raw["stages"]):
        if stage.get("closing") and stage["moves"]:
            yield f"stages/{i}/moves: giai đoạn kết thúc không chuyển sang giai đoạn nào"


def problems(raw: Any) -> list[str]:
    """Every problem of a parsed file, as "field: reason" (empty: the file is valid)."""
    errors = sorted(VALIDATOR.iter_errors(raw), key=lambda e: list(map(str, e.absolute_path)))
    found = [f"{_where(e)}: {_message(e)}" for e in errors]
    if not found:
        found = list(_semantic(raw))
    return found


def _period(raw: dict[str, Any]) -> Period:
    return Period(
        working_days=raw["working_days"],
        system_reading=raw["source"] == "system",
        reading=" ".join(raw["reading"].split()),
        refs=tuple(raw.get("refs", ())),
    )


def load(path: Path) -> CasesData:
    """Read and check one cases data file (CasesDataError with the file, field and reason)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CasesDataError(f"{path.name}: không đọc được tệp ({exc})") from exc
    found = problems(raw)
    if found:
        raise CasesDataError(f"{path.name}: " + "; ".join(found))
    return CasesData(
        title=raw["title"],
        categories={c["code"]: Category(c["code"], c["label"], tuple(c["refs"])) for c in raw["categories"]},
        levels={
            lv["code"]: Level(
                lv["code"],
                lv["label"],
                lv["monitor"] == "steering_committee",
                tuple(lv["refs"]),
                _period(lv["stale_after"]),
            )
            for lv in raw["levels"]
        },
        stages={
            s["code"]: Stage(
                s["code"], s["label"], bool(s.get("first")), bool(s.get("closing")), frozenset(s["moves"])
            )
            for s in raw["stages"]
        },
        stage_refs=tuple(raw["stage_refs"]),
        progress_request=_period(raw["progress_request"]),
        regulation_by_locality_level=dict(raw["regulation_by_locality_level"]),
    )


_lock = threading.Lock()
_cache: dict[Path, tuple[tuple[int, int, str], CasesData]] = {}


def _fingerprint(path: Path) -> tuple[int, int, str]:
    stat = path.stat()
    return (stat.st_size, stat.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())


def cases_data(path: Path | None = None) -> CasesData:
    """The cases data, read again only when the file's fingerprint changed."""
    path = path or DATA_FILE
    try:
        stat = path.stat()
    except OSError as exc:
        raise CasesDataError(f"{path.name}: không đọc được tệp ({exc})") from exc
    with _lock:
        cached = _cache.get(path)
        if cached is not None and cached[0][:2] == (stat.st_size, stat.st_mtime_ns):
            return cached[1]
        fingerprint = _fingerprint(path)
        if cached is not None and cached[0][2] == fingerprint[2]:
            _cache[path] = (fingerprint, cached[1])
            return cached[1]
        data = load(path)
        _cache[path] = (fingerprint, data)
        return data
