"""DRF fields and constants shared by every API module: dates in both accepted forms with a Vietnamese error,
positive ids, named enum components, uploads and report figures."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from phoihop.workdays.parsing import DATE_FORMATS as _DATE_FORMATS

DATE_FORMATS = list(_DATE_FORMATS)
DATE_ERRORS: dict[str, Any] = {
    "invalid": "Ngày không hợp lệ. Hãy nhập theo dạng YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 05/02/2025."
}
MAX_ID = 2**63 - 1
ID_ERRORS: dict[str, Any] = {
    "invalid": "Mã số phải là số nguyên dương.",
    "min_value": "Mã số phải là số nguyên dương.",
    "max_value": "Mã số quá lớn.",
    "max_string_length": "Mã số quá lớn.",
}
PARSERS = [JSONParser, FormParser, MultiPartParser]


def id_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, error_messages=ID_ERRORS, **kwargs)


# --- enums: one named component each (no collision with other apps' "state" fields) -------------------


class EnumField(serializers.ChoiceField):
    """A choice field whose schema is a named enum component of its own: the slot's and the version's "state"
    (and the other enums of reports) never fall into drf-spectacular's name-collision resolution."""

    def __init__(self, choices: Any, component: str, **kwargs: Any) -> None:
        self.component = component
        super().__init__(choices=choices, **kwargs)


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        field: EnumField = self.target
        values = [str(v) for v in field.choices]
        described = "\n".join(f"* `{v}` - {label}" for v, label in field.choices.items())
        component = ResolvedComponent(
            name=field.component,
            type=ResolvedComponent.SCHEMA,
            object=field.component,
            schema={"type": "string", "enum": values, "description": described},
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


def enum(choices: Any, component: str, **kwargs: Any) -> EnumField:
    return EnumField(choices.choices, component, **kwargs)


@extend_schema_field({"type": "string", "format": "binary"})
class UploadField(serializers.FileField):
    """An uploaded file (multipart/form-data)."""


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 0},
        "description": "Số liệu: {mã chỉ tiêu: số nguyên không âm}. Trong multipart: một chuỗi JSON, "
        "hoặc mỗi chỉ tiêu một trường figures.<mã chỉ tiêu>.",
    }
)
class FiguresField(serializers.Field[dict[str, Any], Any, Any, Any]):
    """A JSON object of figures (a JSON string in multipart). Values are checked by the domain."""

    default_error_messages = {
        "invalid": "Số liệu phải là một đối tượng JSON dạng {{“mã chỉ tiêu”: số}}.",
        "not_finite": "Số liệu “{code}” không phải là số hữu hạn.",
    }

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, str):
            try:
                data = json.loads(data, parse_constant=_reject_constant)
            except ValueError:
                self.fail("invalid")
        if not isinstance(data, Mapping):
            self.fail("invalid")
        for code, value in data.items():
            # JSON numbers beyond the float range parse as infinity: not a count.
            if isinstance(value, float) and not math.isfinite(value):
                self.fail("not_finite", code=code)
        return dict(data)

    def to_representation(self, value: Any) -> Any:
        return value


def _reject_constant(name: str) -> Any:
    raise ValueError(name)
