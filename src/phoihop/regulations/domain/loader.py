"""Loading data/regulations/<code>.yaml into versioned Regulation rows.

All files are read and validated first; a single problem in any file refuses the whole batch. Then every
version is written in one transaction. Rules:
- same code + version + content hash: unchanged;
- same code + version, different content: refused ("tăng version");
- a higher version: new rows; the previous current version gets superseded_by/superseded_at (its own rule
  rows are never changed, so work created under it keeps its rules);
- a version lower than one already loaded (and not loaded itself): refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from phoihop.accounts.types import Actor
from phoihop.audit.domain import record
from phoihop.audit.enums import AuditAction

from ..enums import ContentSection, PartyRole
from ..models import (
    ConsultationRule,
    Content,
    CopyToDuty,
    DesignationDuty,
    EvaluationDuty,
    MeetingRule,
    MonitoringDuty,
    Party,
    Reading,
    Regulation,
    ReportIndicator,
    ReportingObligation,
    RequestKindRule,
)
from ..schema import iter_schema_errors

RULE_SECTIONS = ("meetings", "reports", "copy_to", "monitoring", "designations", "evaluations")


class RegulationDataError(Exception):
    """One or more data files are invalid; nothing was loaded. `problems` are "file: field: reason" lines."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class ParsedFile:
    path: Path
    label: str
    data: dict[str, Any]
    full_text: str
    content_hash: str

    @property
    def code(self) -> str:
        return str(self.data["code"])

    @property
    def version(self) -> int:
        return int(self.data["version"])


@dataclass
class LoadResult:
    created: list[Regulation] = field(default_factory=list)
    unchanged: list[Regulation] = field(default_factory=list)
    superseded: list[Regulation] = field(default_factory=list)

    def summary(self) -> str:
        lines = []
        for reg in self.created:
            lines.append(f"Đã nạp quy chế {reg.code} phiên bản {reg.version}: {reg.display_name}.")
        for reg in self.superseded:
            lines.append(
                f"Quy chế {reg.code} phiên bản {reg.version} được thay bằng phiên bản "
                f"{reg.superseded_by.version if reg.superseded_by else '?'} (việc đã tạo trước đó giữ phiên bản cũ)."
            )
        for reg in self.unchanged:
            lines.append(f"Quy chế {reg.code} phiên bản {reg.version}: không thay đổi.")
        lines.append(
            f"Tổng cộng: {len(self.created)} phiên bản mới, {len(self.unchanged)} không thay đổi, "
            f"{len(self.superseded)} phiên bản bị thay thế."
        )
        return "\n".join(lines)


class _NoDatesLoader(yaml.SafeLoader):
    """SafeLoader that keeps 2022-07-20 as a string (the schema checks dates as strings)."""


_NoDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _label(path: Path) -> str:
    """The file name as users know it: data/regulations/003.yaml when under the project, else the path."""
    try:
        base = Path(settings.BASE_DIR)
        return str(path.resolve().relative_to(base.resolve()))
    except (ValueError, AttributeError, ImportError):
        return str(path)


def content_hash(data: dict[str, Any], full_text: str) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((canonical + "\n\x00\n" + full_text).encode("utf-8")).hexdigest()


def _rule_targets(data: dict[str, Any]) -> set[str]:
    targets = {"parties", "adoption", "partner_to_partner"}
    if data.get("consultation") is not None:
        targets |= {"consultation", "consultation.extension", "consultation.disagreement"}
    targets |= {f"request_kinds.{k['kind']}" for k in data.get("request_kinds") or []}
    for section in RULE_SECTIONS:
        for item in data.get(section) or []:
            targets.add(f"{section}.{item['code']}")
    return targets


def _semantic_problems(path: Path, data: dict[str, Any]) -> list[tuple[str, str]]:
    """Checks the schema cannot express. Runs only on schema-valid data."""
    problems: list[tuple[str, str]] = []
    if path.stem != data["code"]:
        problems.append(("code", f"phải trùng tên tệp ({path.stem}), đang là {data['code']!r}"))
    for key in ("issued_on", "effective_from"):
        value = data.get(key)
        if value:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                problems.append((key, f"ngày không tồn tại: {value}"))
    text_path = path.parent / data["text_file"]
    if not text_path.is_file():
        problems.append(("text_file", f"không tìm thấy tệp {data['text_file']} bên cạnh tệp dữ liệu"))
    for section in RULE_SECTIONS:
        seen: set[str] = set()
        for i, item in enumerate(data.get(section) or []):
            if item["code"] in seen:
                problems.append((f"{section}[{i}].code", f"trùng mã {item['code']!r}"))
            seen.add(item["code"])
    for i, report in enumerate(data.get("reports") or []):
        due = report["due"]
        if due["type"] == "before_date":
            try:
                dt.date(2024, due["month"], due["day"])  # a leap year accepts 29/02
            except ValueError:
                problems.append((f"reports[{i}].due", f"ngày {due['day']}/{due['month']} không tồn tại"))
        codes = [ind["code"] for ind in report.get("indicators") or []]
        if len(codes) != len(set(codes)):
            problems.append((f"reports[{i}].indicators", "mã chỉ tiêu bị trùng"))
    consultation = data.get("consultation")
    if consultation is not None:
        ext = consultation["extension"]
        cap = ext.get("total_cap_working_days")
        if cap is not None and cap <= consultation["working_days"]:
            problems.append(
                ("consultation.extension.total_cap_working_days", "phải lớn hơn consultation.working_days")
            )
        lead = ext.get("lead_working_days")
        if lead is not None and lead >= consultation["working_days"]:
            problems.append(
                ("consultation.extension.lead_working_days", "phải nhỏ hơn consultation.working_days")
            )
    seen_kinds: set[str] = set()
    for i, rule in enumerate(data.get("request_kinds") or []):
        if rule["kind"] in seen_kinds:
            problems.append((f"request_kinds[{i}].kind", f"trùng loại đề nghị {rule['kind']!r}"))
        seen_kinds.add(rule["kind"])
        if rule["extension"] and consultation is None:
            problems.append(
                (f"request_kinds[{i}].extension", "không có khối consultation để lấy quy tắc gia hạn")
            )
    targets = _rule_targets(data)
    for i, reading in enumerate(data.get("readings") or []):
        if reading["target"] not in targets:
            problems.append(
                (f"readings[{i}].target", f"không có quy tắc {reading['target']!r} trong tệp này")
            )
    return problems


def parse_file(path: Path) -> tuple[ParsedFile | None, list[str]]:
    """Read and validate one file. Returns (parsed, []) or (None, ["file: field: reason", …])."""
    label = _label(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [f"{label}: (tệp): không tìm thấy tệp"]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{label}: (tệp): không đọc được tệp (cần mã hóa UTF-8): {exc}"]
    try:
        data = yaml.load(raw, Loader=_NoDatesLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"dòng {mark.line + 1}, cột {mark.column + 1}" if mark is not None else "không rõ vị trí"
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [f"{label}: (cú pháp YAML): tệp YAML không hợp lệ ở {where} ({problem})"]
    if not isinstance(data, dict):
        return None, [f"{label}: (gốc): phải là một bảng khóa – giá trị (tệp rỗng hoặc sai cấu trúc)"]
    problems = [f"{label}: {where}: {reason}" for where, reason in iter_schema_errors(data)]
    if problems:
        return None, problems
    problems = [f"{label}: {where}: {reason}" for where, reason in _semantic_problems(path, data)]
    if problems:
        return None, problems
    full_text = (path.parent / data["text_file"]).read_text(encoding="utf-8")
    return ParsedFile(path, label, data, full_text, content_hash(data, full_text)), []


def data_files(directory: Path) -> list[Path]:
    return sorted(p for p in Path(directory).glob("*.yaml") if p.is_file())


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# ---------------------------------------------------------------------------------------------------------
# Writing one version: table-driven section builders.
#
# A `_Section` says where its items are in the YAML, which model each becomes and how each model field is
# read from an item (a `_Value`). `_create_version` creates the Regulation row from `_REGULATION_FIELDS`, then
# walks `SECTIONS` in order. To store a new part of a regulation: add its model, then one `_Section` here.
# ---------------------------------------------------------------------------------------------------------

Item = dict[str, Any]
# A field's value from one YAML item and the regulation's readings.
_Value = Callable[[Item, "_Readings"], Any]


class _Readings:
    """The readings of one file by target, joined with newlines ("" when a rule has none)."""

    def __init__(self, readings: Iterable[Item]) -> None:
        self._by_target: dict[str, list[str]] = {}
        for r in readings:
            self._by_target.setdefault(r["target"], []).append(r["text"])

    def text(self, target: str) -> str:
        return "\n".join(self._by_target.get(target, []))


def _req(path: str) -> _Value:
    """A required value: "receiver.kind" is item["receiver"]["kind"]."""
    keys = path.split(".")

    def value(item: Item, readings: _Readings) -> Any:
        for key in keys:
            item = item[key]
        return item

    return value


def _opt(path: str, default: Any) -> _Value:
    """An optional value: a missing or empty (None, {}) parent, or a missing last key, gives `default`;
    a last key present with null keeps its null."""
    *parents, last = path.split(".")

    def value(item: Item, readings: _Readings) -> Any:
        for key in parents:
            item = item.get(key) or {}
        return item.get(last, default)

    return value


def _const(constant: Any) -> _Value:
    return lambda item, readings: constant


def _date_at(key: str) -> _Value:
    return lambda item, readings: _date(item[key])


def _reading(target: str) -> _Value:
    """The reading of a rule: `target` is formatted with the item, e.g. "meetings.{code}"."""
    return lambda item, readings: readings.text(target.format_map(item))


@dataclass(frozen=True)
class _Section:
    items: Callable[[Item], list[Item]]  # the YAML items of the section (from the file, or a parent item)
    model: type[models.Model]
    fields: dict[str, _Value]
    parent: str = "regulation"  # the foreign key to the row the items belong to
    ordered: bool = True  # `order` = the item's position in its list
    children: tuple[_Section, ...] = ()  # sections read from each item, created after it


def _list(key: str) -> Callable[[Item], list[Item]]:
    return lambda data: list(data.get(key) or [])


def _optional_block(key: str) -> Callable[[Item], list[Item]]:
    """A block that may be null (consultation): one item or none."""
    return lambda data: [data[key]] if data.get(key) is not None else []


def _parties(data: Item) -> list[Item]:
    """The lead, then the partners, then the authorities, each with its role (one `order` over all)."""
    parties = data["parties"]
    return [
        {**parties["lead"], "role": PartyRole.LEAD},
        *({**p, "role": PartyRole.PARTNER} for p in parties["partners"]),
        *({**p, "role": PartyRole.AUTHORITY} for p in parties["authorities"]),
    ]


def _content(key: str, section: ContentSection) -> _Section:
    return _Section(
        _list(key),
        Content,
        {"section": _const(section), "ref": _req("ref"), "actor": _opt("actor", ""), "text": _req("text")},
    )


_REGULATION_FIELDS: dict[str, _Value] = {
    "code": _req("code"),
    "version": _req("version"),
    "number": _req("number"),
    "doc_type": _req("doc_type"),
    "title": _req("title"),
    "short_title": _req("short_title"),
    "subject": _opt("subject", ""),
    "issuer_name": _req("issuer.name"),
    "issuer_kind": _req("issuer.kind"),
    "issuer_level": _req("issuer.level"),
    "signer": _opt("issuer.signer", ""),
    "signer_title": _opt("issuer.signer_title", ""),
    "issued_on": _date_at("issued_on"),
    "effective_from": _date_at("effective_from"),
    "effective_note": _opt("effective_note", ""),
    "replaces": _req("replaces"),
    "source_file": _req("source_file"),
    "province": _opt("context.province", ""),
    "district": _opt("context.district", ""),
    "context_note": _opt("context.note", ""),
    "derivation_note": _opt("derivation", ""),
    "adopted_level": _req("adoption.level"),
    "adopted_area": _req("adoption.area"),
    "adoption_note": _opt("adoption.note", ""),
    "partner_to_partner": _opt("partner_to_partner.allowed", False),
    "partner_to_partner_article": _opt("partner_to_partner.article", ""),
}

SECTIONS: tuple[_Section, ...] = (
    _Section(
        _list("readings"),
        Reading,
        {"target": _req("target"), "text": _req("text"), "source": _req("source")},
    ),
    _Section(
        _parties,
        Party,
        {
            "role": _req("role"),
            "kind": _req("kind"),
            "level": _req("level"),
            "name": _req("name"),
            "note": _opt("note", ""),
            "article": _opt("article", ""),
        },
    ),
    _content("contents", ContentSection.CONTENT),
    _content("duties", ContentSection.DUTY),
    _content("principles", ContentSection.PRINCIPLE),
    _Section(
        _list("request_kinds"),
        RequestKindRule,
        {
            "kind": _req("kind"),
            "answer_period": _req("answer_period"),
            "working_days": _opt("working_days", None),
            "stated_period": _opt("stated_period", "none"),
            "send_ahead_working_days": _opt("send_ahead_working_days", None),
            "deemed_consent": _req("deemed_consent"),
            "shared_responsibility": _opt("shared_responsibility", False),
            "extension": _req("extension"),
            "article": _req("article"),
            "deemed_consent_article": _opt("deemed_consent_article", ""),
            "reading": _reading("request_kinds.{kind}"),
        },
    ),
    _Section(
        _optional_block("consultation"),
        ConsultationRule,
        {
            "working_days": _req("working_days"),
            "counted_from": _req("counted_from"),
            "deemed_consent": _req("deemed_consent"),
            "shared_responsibility": _req("shared_responsibility"),
            "allow_request_stated_period": _req("allow_request_stated_period"),
            "in_writing": _opt("in_writing", True),
            "article": _req("article"),
            "deemed_consent_article": _req("deemed_consent_article"),
            "extension_policy": _req("extension.policy"),
            "extension_requires_notice": _opt("extension.requires_notice", False),
            "extension_notice_in_writing": _opt("extension.notice_in_writing", False),
            "extension_notice_before_deadline": _opt("extension.notice_before_deadline", False),
            "extension_requires_new_date": _opt("extension.requires_new_date", False),
            "extension_lead_working_days": _opt("extension.lead_working_days", None),
            "extension_total_cap_working_days": _opt("extension.total_cap_working_days", None),
            "extension_article": _req("extension.article"),
            "disagreement_article": _opt("disagreement.article", ""),
            "disagreement_text": _opt("disagreement.text", ""),
            "disagreement_route": _opt("disagreement.route", "direct"),
            "disagreement_reading": _reading("consultation.disagreement"),
            "urgent_note": _opt("urgent_note", ""),
            "reading": _reading("consultation"),
            "extension_reading": _reading("consultation.extension"),
        },
        ordered=False,
    ),
    _Section(
        _list("meetings"),
        MeetingRule,
        {
            "code": _req("code"),
            "kind": _req("kind"),
            "host": _req("host"),
            "documents_lead_working_days": _req("documents_lead_working_days"),
            "article": _req("article"),
            "text": _req("text"),
            "reading": _reading("meetings.{code}"),
        },
    ),
    _Section(
        _list("reports"),
        ReportingObligation,
        {
            "code": _req("code"),
            "title": _req("title"),
            "period": _req("period"),
            "reporters": _req("reporters"),
            "receiver_kind": _req("receiver.kind"),
            "receiver_level": _req("receiver.level"),
            "receiver_name": _req("receiver.name"),
            "via": _opt("via", ""),
            "due_type": _req("due.type"),
            "due_month": _opt("due.month", None),
            "due_day": _opt("due.day", None),
            "due_system_rule": _opt("due.system_rule", ""),
            "article": _req("article"),
            "text": _opt("text", ""),
            "reading": _reading("reports.{code}"),
        },
        children=(
            _Section(
                _list("indicators"),
                ReportIndicator,
                {"code": _req("code"), "label": _req("label")},
                parent="obligation",
            ),
        ),
    ),
    _Section(
        _list("copy_to"),
        CopyToDuty,
        {
            "code": _req("code"),
            "senders": _req("senders"),
            "original_receivers": _req("original_receivers"),
            "copy_to_kind": _req("copy_to.kind"),
            "copy_to_level": _req("copy_to.level"),
            "copy_to_name": _req("copy_to.name"),
            "scope": _req("scope"),
            "article": _req("article"),
        },
    ),
    _Section(
        _list("monitoring"),
        MonitoringDuty,
        {
            "code": _req("code"),
            "actor_kind": _req("actor.kind"),
            "actor_level": _req("actor.level"),
            "actor_name": _req("actor.name"),
            "actor_role": _req("actor_role"),
            "targets": _req("targets"),
            "frequency_count": _req("frequency.count"),
            "frequency_period": _req("frequency.period"),
            "article": _req("article"),
            "text": _req("text"),
            "reading": _reading("monitoring.{code}"),
        },
    ),
    _Section(
        _list("designations"),
        DesignationDuty,
        {
            "code": _req("code"),
            "notifiers": _req("notifiers"),
            "recipients": _req("recipients"),
            "subject": _req("subject"),
            "triggers": _req("triggers"),
            "in_writing": _req("in_writing"),
            "article": _req("article"),
            "text": _req("text"),
        },
    ),
    _Section(
        _list("evaluations"),
        EvaluationDuty,
        {
            "code": _req("code"),
            "evaluators": _req("evaluators"),
            "receiver_kind": _opt("receiver.kind", ""),
            "receiver_level": _opt("receiver.level", ""),
            "receiver_name": _opt("receiver.name", ""),
            "period": _req("period"),
            "subject": _req("subject"),
            "article": _req("article"),
        },
    ),
)


def _values(fields: dict[str, _Value], item: Item, readings: _Readings) -> dict[str, Any]:
    return {name: value(item, readings) for name, value in fields.items()}


def _build(section: _Section, source: Item, parent: models.Model, readings: _Readings) -> None:
    """Create the rows of `section` from `source` (the file, or a parent item), belonging to `parent`."""
    rows = []
    for i, item in enumerate(section.items(source)):
        values = {section.parent: parent, **_values(section.fields, item, readings)}
        if section.ordered:
            values["order"] = i
        rows.append((item, section.model(**values)))
    if not section.children:
        section.model._default_manager.bulk_create(row for _, row in rows)
        return
    for item, row in rows:  # one INSERT each: the children need the row's key
        row.save(force_insert=True)
        for child in section.children:
            _build(child, item, row, readings)


def _create_version(parsed: ParsedFile, now: dt.datetime) -> Regulation:
    data = parsed.data
    readings = _Readings(data["readings"])
    reg = Regulation.objects.create(
        **_values(_REGULATION_FIELDS, data, readings),
        full_text=parsed.full_text,
        content_hash=parsed.content_hash,
        data=data,
        loaded_at=now,
    )
    for section in SECTIONS:
        _build(section, data, reg, readings)
    return reg


def load_regulation_files(
    paths: Iterable[Path | str], *, actor: Actor | None = None, now: dt.datetime | None = None
) -> LoadResult:
    """Validate every file, then load them all in one transaction. Raises RegulationDataError (nothing
    loaded) if any file is invalid or would change an already loaded version."""
    files = [Path(p) for p in paths]
    if not files:
        raise RegulationDataError(["Không có tệp dữ liệu quy chế nào (*.yaml)."])
    problems: list[str] = []
    parsed: list[ParsedFile] = []
    for path in files:
        item, errors = parse_file(path)
        problems.extend(errors)
        if item is not None:
            parsed.append(item)
    by_code: dict[str, ParsedFile] = {}
    for item in parsed:
        key = f"{item.code}/{item.version}"
        if key in by_code:
            problems.append(
                f"{item.label}: code: trùng mã {item.code} phiên bản {item.version} với {by_code[key].label}"
            )
        by_code[key] = item
    if problems:
        raise RegulationDataError(problems)

    now = now or timezone.now()
    result = LoadResult()
    with transaction.atomic():
        existing = {(r.code, r.version): r for r in Regulation.objects.select_for_update().order_by()}
        latest: dict[str, int] = {}
        for code, version in existing:
            latest[code] = max(latest.get(code, 0), version)
        to_create: list[ParsedFile] = []
        for item in sorted(parsed, key=lambda p: (p.code, p.version)):
            old = existing.get((item.code, item.version))
            if old is not None:
                if old.content_hash == item.content_hash:
                    result.unchanged.append(old)
                else:
                    problems.append(
                        f"{item.label}: version: nội dung khác với phiên bản {item.version} đã nạp; "
                        f"muốn thay đổi thì tăng version (ví dụ version: {latest[item.code] + 1})"
                    )
            elif item.version < latest.get(item.code, 0):
                problems.append(
                    f"{item.label}: version: phiên bản {item.version} cũ hơn phiên bản {latest[item.code]} đã nạp"
                )
            else:
                to_create.append(item)
        if problems:
            raise RegulationDataError(problems)
        for item in to_create:
            previous = (
                Regulation.objects.filter(code=item.code, superseded_by__isnull=True)
                .exclude(version=item.version)
                .first()
            )
            reg = _create_version(item, now)
            if previous is not None:
                Regulation.objects.filter(pk=previous.pk).update(superseded_by=reg, superseded_at=now)
                previous.superseded_by, previous.superseded_at = reg, now
                result.superseded.append(previous)
            record(
                actor=actor,
                action=AuditAction.LOADED,
                target=reg,
                summary=f"Nạp quy chế {reg.code} phiên bản {reg.version} ({reg.display_name}) từ {item.label}",
                data={
                    "code": reg.code,
                    "version": reg.version,
                    "content_hash": reg.content_hash,
                    "file": item.label,
                    "supersedes": previous.pk if previous is not None else None,
                    "supersedes_version": previous.version if previous is not None else None,
                },
            )
            result.created.append(reg)
    return result


def load_regulation_dir(directory: Path | str, *, actor: Actor | None = None) -> LoadResult:
    return load_regulation_files(data_files(Path(directory)), actor=actor)
