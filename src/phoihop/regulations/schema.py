"""JSON Schema (draft 2020-12) of one data/regulations/<code>.yaml file, and Vietnamese error messages.

Organisation kinds and levels come from phoihop.organizations.enums, so a kind added there is accepted here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from phoihop.organizations.enums import Level, OrganizationKind

from .enums import (
    AnswerPeriod,
    CountedFrom,
    DesignationTrigger,
    DisagreementRoute,
    DocType,
    DueRuleType,
    ExtensionPolicy,
    MeetingKind,
    PersonnelProcedure,
    ReadingSource,
    ReportPeriod,
    RequestKind,
    StatedPeriod,
    SystemDueRule,
)

POSITIVE_INT: dict[str, Any] = {"type": "integer", "minimum": 1}
OPTIONAL_POSITIVE_INT: dict[str, Any] = {"type": ["integer", "null"], "minimum": 1}
TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
OPTIONAL_TEXT: dict[str, Any] = {"type": "string"}
DATE_OR_NULL: dict[str, Any] = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"}
SLUG: dict[str, Any] = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$", "maxLength": 60}


def _enum(choices: Any) -> dict[str, Any]:
    return {"type": "string", "enum": [str(v) for v in choices.values]}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def _actor(extra: dict[str, Any] | None = None, required: list[str] | None = None) -> dict[str, Any]:
    props = {"kind": _enum(OrganizationKind), "level": _enum(Level), "name": TEXT, **(extra or {})}
    return _object(props, required or ["kind", "level", "name"])


def _list(item: dict[str, Any], min_items: int = 0) -> dict[str, Any]:
    return {"type": "array", "items": item, "minItems": min_items}


ACTOR = _actor()
ACTORS = _list(ACTOR, 1)
PARTY = _actor({"article": OPTIONAL_TEXT, "note": OPTIONAL_TEXT})

DUE_RULE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "type": _enum(DueRuleType),
        "month": {"type": "integer", "minimum": 1, "maximum": 12},
        "day": {"type": "integer", "minimum": 1, "maximum": 31},
        "system_rule": {"type": "string", "enum": [v for v in SystemDueRule.values if v]},
    },
    "required": ["type"],
    "additionalProperties": False,
    "allOf": [
        {
            "if": {"properties": {"type": {"const": DueRuleType.BEFORE_DATE.value}}},
            "then": {"required": ["month", "day"]},
        },
        {
            "if": {"properties": {"type": {"const": DueRuleType.BEFORE_DAY_OF_QUARTER_LAST_MONTH.value}}},
            "then": {"required": ["day"]},
        },
        {
            "if": {"properties": {"type": {"const": DueRuleType.UNSPECIFIED.value}}},
            "then": {"required": ["system_rule"]},
        },
    ],
}

EXTENSION: dict[str, Any] = {
    **_object(
        {
            "policy": _enum(ExtensionPolicy),
            "requires_notice": {"type": "boolean"},
            "notice_in_writing": {"type": "boolean"},
            "notice_before_deadline": {"type": "boolean"},
            "requires_new_date": {"type": "boolean"},
            "lead_working_days": OPTIONAL_POSITIVE_INT,
            "total_cap_working_days": OPTIONAL_POSITIVE_INT,
            "article": OPTIONAL_TEXT,
        },
        ["policy", "article"],
    ),
    "allOf": [
        {
            "if": {"properties": {"policy": {"const": ExtensionPolicy.NOTICE_LEAD_WORKING_DAYS.value}}},
            "then": {"required": ["lead_working_days"], "properties": {"lead_working_days": POSITIVE_INT}},
        },
        {
            "if": {"properties": {"policy": {"const": ExtensionPolicy.TOTAL_CAP_WORKING_DAYS.value}}},
            "then": {
                "required": ["total_cap_working_days"],
                "properties": {"total_cap_working_days": POSITIVE_INT},
            },
        },
    ],
}

CONSULTATION = _object(
    {
        "working_days": POSITIVE_INT,
        "counted_from": _enum(CountedFrom),
        "deemed_consent": {"type": "boolean"},
        "shared_responsibility": {"type": "boolean"},
        "allow_request_stated_period": {"type": "boolean"},
        "in_writing": {"type": "boolean"},
        "article": TEXT,
        "deemed_consent_article": TEXT,
        "extension": EXTENSION,
        "disagreement": _object(
            {"article": OPTIONAL_TEXT, "text": OPTIONAL_TEXT, "route": _enum(DisagreementRoute)},
            ["article", "text"],
        ),
        "urgent_note": OPTIONAL_TEXT,
    },
    [
        "working_days",
        "counted_from",
        "deemed_consent",
        "shared_responsibility",
        "allow_request_stated_period",
        "article",
        "deemed_consent_article",
        "extension",
    ],
)

# personnel consultations (request kind "personnel"): per article, which kind of body asks which kind about a
# named official, and the personnel procedures the article covers (consultations.domain.personnel)
PERSONNEL_CONSULTATION: dict[str, Any] = _object(
    {
        "code": SLUG,
        "article": TEXT,
        "senders": ACTORS,
        "recipients": ACTORS,
        "procedures": {**_list(_enum(PersonnelProcedure), 1), "uniqueItems": True},
        "text": TEXT,
    }
)

REQUEST_KIND: dict[str, Any] = {
    **_object(
        {
            "kind": _enum(RequestKind),
            "answer_period": _enum(AnswerPeriod),
            "working_days": POSITIVE_INT,
            "stated_period": _enum(StatedPeriod),
            "send_ahead_working_days": POSITIVE_INT,
            "deemed_consent": {"type": "boolean"},
            "shared_responsibility": {"type": "boolean"},
            "extension": {"type": "boolean"},
            "article": TEXT,
            "deemed_consent_article": OPTIONAL_TEXT,
        },
        ["kind", "answer_period", "deemed_consent", "extension", "article"],
    ),
    "allOf": [
        {
            "if": {"properties": {"answer_period": {"const": AnswerPeriod.WORKING_DAYS.value}}},
            "then": {"required": ["working_days", "stated_period"]},
        },
        {
            "if": {"properties": {"answer_period": {"const": AnswerPeriod.NONE.value}}},
            "then": {"properties": {"deemed_consent": {"const": False}, "extension": {"const": False}}},
        },
        {
            "if": {
                "properties": {"stated_period": {"const": StatedPeriod.NEEDED_BY.value}},
                "required": ["stated_period"],
            },
            "then": {"required": ["send_ahead_working_days"]},
        },
        {
            "if": {"properties": {"deemed_consent": {"const": True}}},
            "then": {"required": ["deemed_consent_article"]},
        },
    ],
}

ADOPTION = _object(
    {"level": {"type": "string", "enum": ["province", "district"]}, "area": TEXT, "note": OPTIONAL_TEXT},
    ["level", "area"],
)

REFERENCED_TEXT = _object({"ref": TEXT, "text": TEXT})
DUTY = _object({"ref": TEXT, "actor": TEXT, "text": TEXT})

REPORT = _object(
    {
        "code": SLUG,
        "title": TEXT,
        "period": _enum(ReportPeriod),
        "reporters": ACTORS,
        "receiver": ACTOR,
        "via": OPTIONAL_TEXT,
        "due": DUE_RULE,
        "article": TEXT,
        "text": OPTIONAL_TEXT,
        "indicators": _list(_object({"code": SLUG, "label": TEXT})),
    },
    ["code", "title", "period", "reporters", "receiver", "due", "article"],
)

# information about an official (issue 12): who sends, about whom, to whom, which kinds
# (information.domain.routing; the kinds are information.enums.InformationKind, checked by a test)
INFORMATION_KINDS: list[str] = [
    "signs_of_violation",
    "complaint",
    "denunciation",
    "under_review",
    "prosecuted",
    "handling_result",
]
BODY_MATCHER = _object({"kind": _enum(OrganizationKind), "level": _enum(Level)}, ["kind"])
ROUTING_TARGET: dict[str, Any] = {
    **_object(
        {
            "managing_body": {"const": True},
            "managing_unit": _list(BODY_MATCHER, 1),
            "sibling_of_managing_body": _enum(OrganizationKind),
            "party_unit": _list(BODY_MATCHER, 1),
            "body": BODY_MATCHER,
        },
        [],
    ),
    "minProperties": 1,
    "maxProperties": 1,
}
ROUTING_RULE = _object(
    {
        "code": SLUG,
        "senders": _list(BODY_MATCHER, 1),
        "about": _object(
            {
                "managing_body": _list(BODY_MATCHER, 1),
                "managed_within": _list(BODY_MATCHER, 1),
                "party_member_of": _list(BODY_MATCHER, 1),
                "managed_by_sender": {"type": "boolean"},
            },
            [],
        ),
        "to": _list(ROUTING_TARGET, 1),
        "kinds": {**_list({"type": "string", "enum": INFORMATION_KINDS}, 1), "uniqueItems": True},
        "article": TEXT,
        "text": OPTIONAL_TEXT,
        "reading": OPTIONAL_TEXT,
    },
    ["code", "senders", "about", "to", "kinds", "article"],
)

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Quy chế phối hợp (một phiên bản)",
    **_object(
        {
            "code": {"type": "string", "pattern": r"^\d{3}$"},
            "version": POSITIVE_INT,
            "number": OPTIONAL_TEXT,
            "doc_type": _enum(DocType),
            "title": TEXT,
            "short_title": {"type": "string", "minLength": 1, "maxLength": 200},
            "subject": OPTIONAL_TEXT,
            "issuer": _actor({"signer": OPTIONAL_TEXT, "signer_title": OPTIONAL_TEXT}),
            "issued_on": DATE_OR_NULL,
            "effective_from": DATE_OR_NULL,
            "effective_note": OPTIONAL_TEXT,
            "replaces": OPTIONAL_TEXT,
            "source_file": TEXT,
            "text_file": TEXT,
            "context": _object({"province": OPTIONAL_TEXT, "district": OPTIONAL_TEXT, "note": OPTIONAL_TEXT}),
            "derivation": OPTIONAL_TEXT,
            "parties": _object(
                {"lead": PARTY, "partners": _list(PARTY, 1), "authorities": _list(PARTY)},
            ),
            "contents": _list(REFERENCED_TEXT, 1),
            "duties": _list(DUTY),
            "principles": _list(REFERENCED_TEXT),
            "adoption": ADOPTION,
            "partner_to_partner": _object({"allowed": {"type": "boolean"}, "article": OPTIONAL_TEXT}),
            "consultation": {"anyOf": [{"type": "null"}, CONSULTATION]},
            "request_kinds": {**_list(REQUEST_KIND, 1)},
            "personnel_consultations": _list(PERSONNEL_CONSULTATION),
            "meetings": _list(
                _object(
                    {
                        "code": SLUG,
                        "kind": _enum(MeetingKind),
                        "host": TEXT,
                        "documents_lead_working_days": OPTIONAL_POSITIVE_INT,
                        "article": TEXT,
                        "text": TEXT,
                    },
                )
            ),
            "reports": _list(REPORT),
            "information_routing": _list(ROUTING_RULE),
            "copy_to": _list(
                _object(
                    {
                        "code": SLUG,
                        "senders": ACTORS,
                        "original_receivers": ACTORS,
                        "copy_to": ACTOR,
                        "scope": TEXT,
                        "article": TEXT,
                    }
                )
            ),
            "monitoring": _list(
                _object(
                    {
                        "code": SLUG,
                        "actor": ACTOR,
                        "actor_role": TEXT,
                        "targets": ACTORS,
                        "frequency": _object({"count": POSITIVE_INT, "period": _enum(ReportPeriod)}),
                        "article": TEXT,
                        "text": TEXT,
                    }
                )
            ),
            "designations": _list(
                _object(
                    {
                        "code": SLUG,
                        "notifiers": ACTORS,
                        "recipients": ACTORS,
                        "subject": TEXT,
                        "triggers": {**_list(_enum(DesignationTrigger), 1), "uniqueItems": True},
                        "in_writing": {"type": "boolean"},
                        "article": TEXT,
                        "text": TEXT,
                    }
                )
            ),
            "evaluations": _list(
                _object(
                    {
                        "code": SLUG,
                        "evaluators": ACTORS,
                        "receiver": {"anyOf": [{"type": "null"}, ACTOR]},
                        "period": _enum(ReportPeriod),
                        "subject": TEXT,
                        "article": TEXT,
                    }
                )
            ),
            "readings": _list(_object({"target": TEXT, "source": _enum(ReadingSource), "text": TEXT})),
        },
        [
            "code",
            "version",
            "number",
            "doc_type",
            "title",
            "short_title",
            "issuer",
            "issued_on",
            "effective_from",
            "replaces",
            "source_file",
            "text_file",
            "context",
            "adoption",
            "parties",
            "contents",
            "consultation",
            "request_kinds",
            "meetings",
            "reports",
            "copy_to",
            "monitoring",
            "designations",
            "evaluations",
            "readings",
        ],
    ),
}

VALIDATOR = Draft202012Validator(SCHEMA)

_TYPE_NAMES = {
    "string": "chuỗi ký tự",
    "integer": "số nguyên",
    "number": "số",
    "boolean": "true hoặc false",
    "object": "một bảng khóa – giá trị",
    "array": "một danh sách",
    "null": "để trống (null)",
}


def format_path(parts: Any) -> str:
    """consultation.working_days, reports[2].due.day …"""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(gốc)"


def _is_positive_int_schema(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    types = schema.get("type")
    types = types if isinstance(types, list) else [types]
    return "integer" in types and schema.get("minimum") == 1 and "maximum" not in schema


def _message(error: ValidationError) -> tuple[str, str]:
    """(field path, Vietnamese reason) for one schema error."""
    path = format_path(error.absolute_path)
    v = error.validator
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    if v == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else "?"
        return format_path([*error.absolute_path, missing]), "thiếu trường bắt buộc"
    if v == "additionalProperties":
        extra = sorted(
            set(error.instance if isinstance(error.instance, dict) else {})
            - set(schema.get("properties", {}))
        )
        return path, f"trường không được phép: {', '.join(extra)}"
    if _is_positive_int_schema(schema) and v in ("type", "minimum"):
        if error.instance is None and "null" in (schema.get("type") or []):
            return path, "phải là số nguyên dương hoặc để trống"
        return path, "phải là số nguyên dương"
    if v == "type":
        expected = schema.get("type")
        names = [
            _TYPE_NAMES.get(str(t), str(t)) for t in (expected if isinstance(expected, list) else [expected])
        ]
        return path, f"phải là {' hoặc '.join(names)}"
    if v == "enum":
        return (
            path,
            f"giá trị {error.instance!r} không hợp lệ; phải là một trong: {', '.join(schema['enum'])}",
        )
    if v == "const":
        return path, f"phải bằng {schema['const']!r}"
    if v == "minLength":
        return path, "không được để trống"
    if v == "maxLength":
        return path, f"dài quá {schema['maxLength']} ký tự"
    if v == "minItems":
        return path, f"phải có ít nhất {schema['minItems']} phần tử"
    if v == "uniqueItems":
        return path, "các phần tử không được trùng nhau"
    if v == "minimum":
        return path, f"phải lớn hơn hoặc bằng {schema['minimum']}"
    if v == "maximum":
        return path, f"phải nhỏ hơn hoặc bằng {schema['maximum']}"
    if v == "pattern":
        if schema is DATE_OR_NULL or schema.get("pattern") == DATE_OR_NULL["pattern"]:
            return path, "phải là ngày dạng YYYY-MM-DD (trong dấu nháy) hoặc null"
        if schema.get("pattern") == r"^\d{3}$":
            return path, 'phải là chuỗi 3 chữ số, ví dụ "003"'
        return path, "chỉ gồm chữ thường không dấu, chữ số, dấu gạch ngang hoặc gạch dưới"
    if v == "anyOf":
        # consultation: null or an object; report the object's own errors when an object was given
        if isinstance(error.instance, dict) and error.context:
            deepest = [e for e in error.context if e.validator != "type"]
            if deepest:
                return _message(deepest[0])
        return path, "phải là null hoặc một bảng khóa – giá trị hợp lệ"
    return path, "giá trị không hợp lệ"


def iter_schema_errors(data: Any) -> Iterator[tuple[str, str]]:
    """Every schema error as (field path, Vietnamese reason), in a stable order."""
    errors = sorted(VALIDATOR.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    seen: set[tuple[str, str]] = set()
    for error in errors:
        if error.validator == "anyOf" and isinstance(error.instance, dict) and error.context:
            items = [
                _message(e) for e in error.context if e.validator != "type" or e.schema.get("type") != "null"
            ]
        else:
            items = [_message(error)]
        for item in items:
            if item not in seen:
                seen.add(item)
                yield item
