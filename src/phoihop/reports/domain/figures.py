"""Figures of a report: one non-negative whole number per indicator of the obligation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from phoihop.common.errors import DomainError


class FiguresError(DomainError):
    code = "figures"

    def __init__(self, errors: list[str], *, field: str = "figures") -> None:
        super().__init__("; ".join(errors), field=field)
        self.errors = errors


MAX_COUNT = 1_000_000_000  # no report counts a billion of anything; also keeps the JSON encodable


def to_count(value: Any) -> int | None | str:
    """An int, None when empty, or the Vietnamese reason why the value is not a count."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "phải là số"
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float | Decimal):
        number = Decimal(str(value))
        if not number.is_finite():
            return "phải là số"
    else:
        try:
            number = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
        except InvalidOperation:
            return "phải là số"
        if not number.is_finite():
            return "phải là số"
    if number < 0:
        return "phải là số nguyên không âm"
    if number > MAX_COUNT:
        return "quá lớn (tối đa 1.000.000.000)"
    if number != number.to_integral_value():
        return "phải là số nguyên không âm"
    return int(number)


def validate_figures(indicators: Sequence[Any], raw: Mapping[str, Any]) -> dict[str, int]:
    """Every indicator must have a count; unknown codes are refused. Raises FiguresError naming each one."""
    errors: list[str] = []
    figures: dict[str, int] = {}
    known = {i.code for i in indicators}
    for code in raw:
        if code not in known:
            errors.append(f"Chỉ tiêu “{code}” không có trong mẫu báo cáo này")
    for ind in indicators:
        value = to_count(raw.get(ind.code))
        if value is None:
            errors.append(f"Thiếu số liệu “{ind.label}”")
        elif isinstance(value, str):
            errors.append(f"“{ind.label}”: {value}")
        else:
            figures[ind.code] = value
    if errors:
        raise FiguresError(errors)
    return figures
