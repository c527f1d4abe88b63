"""Reading an official schedule file (data/calendar/*.yaml) into DayOverride values. Pure: no database.

A malformed file is refused as a whole with the file, the entry and the reason of every problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .calendar import (
    DAY_OFF,
    MAX_YEAR,
    MIN_YEAR,
    OFFICIAL,
    WEEKDAY_NAMES,
    WORKING_DAY,
    DayOverride,
    WorkCalendar,
    override_problem,
)

_ENTRY = {
    "type": "object",
    "required": ["date", "name", "basis"],
    "additionalProperties": False,
    "properties": {
        "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "name": {"type": "string", "minLength": 1, "maxLength": 200},
        "basis": {"type": "string", "minLength": 1, "maxLength": 500},
        "note": {"type": "string"},
    },
}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["schema_version", "years"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": 1},
        "title": {"type": "string"},
        "years": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["year", "days_off", "working_days"],
                "additionalProperties": False,
                "properties": {
                    "year": {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
                    "days_off": {"type": "array", "items": _ENTRY},
                    "working_days": {"type": "array", "items": _ENTRY},
                    "note": {"type": "string"},
                },
            },
        },
    },
}

_SECTIONS = (("days_off", DAY_OFF), ("working_days", WORKING_DAY))


class ScheduleError(ValueError):
    """The file cannot be loaded; `problems` lists "entry: reason" lines."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(
            f"Tệp {path} không hợp lệ, không nạp gì:\n" + "\n".join(f"  - {p}" for p in problems)
        )


def _dates_to_text(value: Any) -> Any:
    """YAML turns an unquoted 2025-01-01 into a date; accept it as its ISO text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _dates_to_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_text(v) for v in value]
    return value


def _where(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(gốc tệp)"


def _translate(error: jsonschema.ValidationError) -> str:
    v = error.validator
    if v == "required":
        wanted: list[str] = list(error.validator_value) if isinstance(error.validator_value, list) else []
        missing = [m for m in wanted if isinstance(error.instance, dict) and m not in error.instance]
        return f"thiếu trường {', '.join(missing)}"
    if v == "additionalProperties":
        return f"có trường không được phép ({error.message})"
    if v == "type":
        return f"sai kiểu dữ liệu, cần {error.validator_value}"
    if v == "pattern":
        return f"giá trị {error.instance!r} không đúng dạng YYYY-MM-DD"
    if v in ("minLength", "minItems"):
        return "không được để trống"
    if v == "maxLength":
        return f"dài quá {error.validator_value} ký tự"
    if v in ("minimum", "maximum"):
        return f"năm {error.instance} nằm ngoài phạm vi {MIN_YEAR}–{MAX_YEAR}"
    if v == "const":
        return f"phải là {error.validator_value!r}"
    return error.message


def load_schedule(path: Path) -> list[DayOverride]:
    """Every entry of the file as an official DayOverride; raises ScheduleError listing every problem."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScheduleError(path, [f"không đọc được tệp: {exc.strerror or exc}"]) from exc
    except yaml.YAMLError as exc:
        raise ScheduleError(path, [f"lỗi cú pháp YAML: {exc}"]) from exc
    data = _dates_to_text(raw)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        raise ScheduleError(path, [f"{_where(e.absolute_path)}: {_translate(e)}" for e in errors])
    problems: list[str] = []
    result: list[DayOverride] = []
    seen_days: dict[dt.date, str] = {}
    seen_years: set[int] = set()
    for y, block in enumerate(data["years"]):
        year = block["year"]
        if year in seen_years:
            problems.append(f"years[{y}].year: năm {year} đã được khai báo ở mục khác")
        seen_years.add(year)
        for section, kind in _SECTIONS:
            for i, entry in enumerate(block[section]):
                where = f"years[{y}].{section}[{i}] ({entry['date']}, {entry['name']})"
                try:
                    day = dt.date.fromisoformat(entry["date"])
                except ValueError:
                    problems.append(f"{where}: ngày {entry['date']!r} không tồn tại")
                    continue
                if day.year != year:
                    problems.append(f"{where}: ngày {day:%d/%m/%Y} không thuộc năm {year}")
                    continue
                if day in seen_days:
                    problems.append(f"{where}: ngày {day:%d/%m/%Y} đã có ở {seen_days[day]}")
                    continue
                seen_days[day] = where
                weekend = day.weekday() >= 5
                if kind == DAY_OFF and weekend:
                    problems.append(
                        f"{where}: ngày {day:%d/%m/%Y} là {WEEKDAY_NAMES[day.weekday()]}; "
                        "days_off chỉ ghi ngày nghỉ rơi vào ngày thường (Thứ Hai–Thứ Sáu)"
                    )
                    continue
                if kind == WORKING_DAY and not weekend:
                    problems.append(
                        f"{where}: ngày {day:%d/%m/%Y} là {WEEKDAY_NAMES[day.weekday()]}; "
                        "working_days chỉ ghi Thứ Bảy, Chủ nhật phải làm bù"
                    )
                    continue
                problem = override_problem(day, kind)
                if problem:
                    problems.append(f"{where}: {problem}")
                    continue
                result.append(DayOverride(day, kind, entry["name"].strip(), entry["basis"].strip(), OFFICIAL))
    if problems:
        raise ScheduleError(path, problems)
    return result


def years_of(overrides: list[DayOverride]) -> list[int]:
    return sorted({o.day.year for o in overrides})


def discrepancies(calendar: WorkCalendar, schedule: list[DayOverride]) -> list[str]:
    """Where the calendar disagrees with a schedule that claims to list every weekday off and every weekend
    day worked of its years (e.g. a holiday of the base calendar that the official schedule does not have)."""
    out: list[str] = []
    for year in years_of(schedule):
        off = {o.day for o in schedule if o.kind == DAY_OFF and o.day.year == year}
        worked = {o.day for o in schedule if o.kind == WORKING_DAY and o.day.year == year}
        for day in sorted(calendar.non_working_weekdays(year) - off):
            out.append(
                f"{day:%d/%m/%Y} là ngày nghỉ trong lịch ({calendar.day_info(day).reason}) nhưng tệp không ghi"
            )
        for day in sorted(calendar.working_weekend_days(year) - worked):
            out.append(f"{day:%d/%m/%Y} là ngày làm bù trong lịch nhưng tệp không ghi")
    return out
