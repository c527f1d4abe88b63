"""The legal time-limit files (data/legal/*.yaml): their schema and the typed rules read from them.

A file that breaks the schema is refused as a whole with the file, the field and the reason
(`LegalDataError`, in Vietnamese); nothing is half-read. Codes are unique across every file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
CODE: dict[str, Any] = {"type": "string", "pattern": r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"}
COUNTS = ("working_days", "calendar_days")
STARTS = ("received", "accepted", "reception")
ENDS = ("classified", "accepted", "transferred", "closed", "answered")
KINDS = ("complaint", "denunciation", "petition", "feedback", "reception")

RULE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "code": CODE,
        "title": TEXT,
        "law": TEXT,
        "article": TEXT,
        "status": {"enum": ["verified", "reading"]},
        "source": {"type": "string", "pattern": r"^https?://\S+$"},
        "reading": TEXT,
        "counts": {"enum": list(COUNTS)},
        "days": {"type": "integer", "minimum": 1, "maximum": 365},
        "complex_days": {"type": "integer", "minimum": 1, "maximum": 365},
        "starts": {"enum": list(STARTS)},
        "ends": {"enum": list(ENDS)},
        "applies_to": {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"enum": list(KINDS)}},
        "when": {"enum": ["competent", "not_competent"]},
        "in_force": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "until": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "extension": {
            "type": "object",
            "properties": {
                "days": {"type": "integer", "minimum": 1, "maximum": 365},
                "times": {"type": "integer", "minimum": 1, "maximum": 5},
                "complex_days": {"type": "integer", "minimum": 1, "maximum": 365},
            },
            "required": ["days", "times"],
            "additionalProperties": False,
        },
    },
    "required": [
        "code",
        "title",
        "law",
        "article",
        "status",
        "counts",
        "days",
        "starts",
        "ends",
        "applies_to",
    ],
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
        "rules": {"type": "array", "minItems": 1, "items": RULE},
    },
    "required": ["schema_version", "title", "rules"],
    "additionalProperties": False,
}

VALIDATOR = Draft202012Validator(SCHEMA)


class LegalDataError(ValueError):
    """A legal-rules file is refused: the file, the field and the reason, in Vietnamese."""


@dataclass(frozen=True)
class RawRule:
    """One parsed entry with the file it came from (rules.py builds the LegalRule)."""

    file: str
    data: dict[str, Any]


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
    if v in ("enum", "const"):
        return f"giá trị {error.instance!r} không thuộc danh sách cho phép"
    if v == "pattern":
        return f"giá trị {error.instance!r} không đúng định dạng"
    if v == "type":
        return f"sai kiểu dữ liệu ({error.instance!r})"
    if v in ("minimum", "maximum"):
        return f"giá trị {error.instance!r} nằm ngoài khoảng cho phép"
    if v in ("minItems", "minLength"):
        return "không được để trống"
    if v == "uniqueItems":
        return "có giá trị bị trùng"
    return error.message


def _leaf_errors(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    for error in errors:
        if error.validator in ("allOf", "if") and error.context:
            yield from _leaf_errors(iter(error.context))
        else:
            yield error


def problems(raw: Any) -> list[str]:
    """Every problem of one parsed file, as "field: reason" (empty: the file is valid)."""
    errors = sorted(_leaf_errors(VALIDATOR.iter_errors(raw)), key=lambda e: list(map(str, e.absolute_path)))
    found = [f"{_where(e)}: {_message(e)}" for e in errors]
    if found:
        return found
    seen: set[str] = set()
    for i, item in enumerate(raw["rules"]):
        if item["code"] in seen:
            found.append(f"rules/{i}/code: mã {item['code']!r} bị trùng")
        seen.add(item["code"])
        if "in_force" in item and "until" in item and item["until"] <= item["in_force"]:
            found.append(f"rules/{i}/until: ngày hết hiệu lực phải sau ngày có hiệu lực")
    return found


def read_file(path: Path) -> list[RawRule]:
    """Read and check one file (LegalDataError naming the file, the field and the reason)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LegalDataError(f"{path.name}: không đọc được tệp ({exc})") from exc
    found = problems(raw)
    if found:
        raise LegalDataError(f"{path.name}: " + "; ".join(found))
    return [RawRule(path.name, item) for item in raw["rules"]]


def read_files(paths: list[Path]) -> list[RawRule]:
    """Every rule of the files, in file then entry order; codes unique across the files."""
    found: list[RawRule] = []
    where: dict[str, str] = {}
    for path in paths:
        for item in read_file(path):
            code = item.data["code"]
            if code in where:
                raise LegalDataError(f"{path.name}: rules/code: mã {code!r} đã có trong {where[code]}")
            where[code] = path.name
            found.append(item)
    return found
