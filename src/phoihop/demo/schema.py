"""JSON Schema (draft 2020-12) of data/demo/<province>.yaml, and its errors in Vietnamese naming the field.

Organisation kinds and account roles come from their enums, so a kind or role added there is accepted here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from phoihop.accounts.enums import Role
from phoihop.organizations.enums import OrganizationKind

TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
DATE: dict[str, Any] = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
CODE: dict[str, Any] = {"type": "string", "pattern": r"^[a-z0-9{][a-z0-9{}_-]*$"}  # may hold {district}
SUFFIX: dict[str, Any] = {"type": "string", "pattern": r"^[a-z0-9]+$"}
KIND: dict[str, Any] = {"type": "string", "enum": [str(v) for v in OrganizationKind.values]}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def _list(item: dict[str, Any], min_items: int = 1) -> dict[str, Any]:
    return {"type": "array", "items": item, "minItems": min_items}


BODY = _object(
    {
        "code": CODE,
        "name": TEXT,
        "abbreviation": TEXT,
        "kind": KIND,
        "superior": {"type": ["string", "null"], "pattern": CODE["pattern"]},
        "admin_division_code": {"type": "string"},
    },
    required=["code", "name", "abbreviation", "kind", "superior"],
)

SCHEMA: dict[str, Any] = _object(
    {
        "province": _object(
            {
                "code": {"type": "integer", "minimum": 1},
                "prefix": {"type": "string", "pattern": r"^[a-z0-9-]+$"},
            }
        ),
        "province_bodies": _list(BODY),
        "former_districts": _object(
            {
                "dissolved_on": DATE,
                "districts": _list(
                    _object(
                        {
                            "code": {"type": "string", "pattern": r"^[a-z0-9-]+$"},
                            "name": TEXT,
                            "initials": TEXT,
                        }
                    )
                ),
                "bodies": _list(BODY),
            }
        ),
        "communes": _object({"kind": KIND, "superior": CODE, "established_on": DATE}),
        "accounts": _object(
            {
                "system_admin": TEXT,
                "roles": {
                    "type": "object",
                    "propertyNames": SUFFIX,
                    "additionalProperties": {"type": "string", "enum": [str(v) for v in Role.values]},
                    "minProperties": 1,
                },
                "default_roles": _list(SUFFIX),
                "groups": _list(
                    _object(
                        {"prefix": SUFFIX, "organization": CODE, "roles": _list(SUFFIX)},
                        required=["prefix", "organization"],
                    )
                ),
                "org_admin_permissions": _list(
                    {"type": "string", "pattern": r"^[a-z_]+\.[a-z_]+$"}, min_items=0
                ),
                # each demo user's address is <username>@<email_domain> (a local domain: the outbox can be
                # seen working, nothing leaves the machine); no address without it
                "email_domain": {"type": "string", "pattern": r"^[a-z0-9-]+(\.[a-z0-9-]+)+$"},
            },
            required=["system_admin", "roles", "default_roles", "groups", "org_admin_permissions"],
        ),
    }
)

VALIDATOR = Draft202012Validator(SCHEMA)
_TYPE_NAMES = {
    "string": "chuỗi",
    "integer": "số nguyên",
    "object": "bảng khóa – giá trị",
    "array": "danh sách",
    "null": "null",
}


def _message(error: ValidationError) -> str:
    v = error.validator
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    if v == "required":
        return f"thiếu trường bắt buộc ({error.message.split(' ')[0]})"
    if v == "additionalProperties":
        given = error.instance if isinstance(error.instance, dict) else {}
        extra = sorted(set(given) - set(schema.get("properties", {})))
        return f"có trường không được phép: {', '.join(extra)}"
    if v == "type":
        expected = schema.get("type")
        names = [
            _TYPE_NAMES.get(str(t), str(t)) for t in (expected if isinstance(expected, list) else [expected])
        ]
        return f"phải là {' hoặc '.join(names)}"
    if v == "enum":
        return f"giá trị {error.instance!r} không hợp lệ; phải là một trong: {', '.join(schema['enum'])}"
    if v == "pattern":
        if schema.get("pattern") == DATE["pattern"]:
            return "phải là ngày dạng YYYY-MM-DD"
        return f"giá trị {error.instance!r} sai dạng (chỉ gồm chữ thường không dấu, chữ số, dấu gạch ngang)"
    if v == "minLength":
        return "không được để trống"
    if v in ("minItems", "minProperties"):
        return "không được để trống"
    if v == "minimum":
        return f"phải lớn hơn hoặc bằng {schema['minimum']}"
    return "giá trị không hợp lệ"


def iter_schema_errors(data: Any) -> Iterator[tuple[str, str]]:
    """Every schema error as (field path such as "province_bodies[3].kind", Vietnamese reason), in order."""
    errors = sorted(VALIDATOR.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    for error in errors:
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path).lstrip(".")
        yield path or "(gốc)", _message(error)
