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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone

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
        from django.conf import settings

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


def _create_version(parsed: ParsedFile, now: dt.datetime) -> Regulation:
    d = parsed.data
    issuer = d["issuer"]
    context = d["context"]
    reg = Regulation.objects.create(
        code=d["code"],
        version=d["version"],
        number=d["number"],
        doc_type=d["doc_type"],
        title=d["title"],
        short_title=d["short_title"],
        subject=d.get("subject", ""),
        issuer_name=issuer["name"],
        issuer_kind=issuer["kind"],
        issuer_level=issuer["level"],
        signer=issuer.get("signer", ""),
        signer_title=issuer.get("signer_title", ""),
        issued_on=_date(d["issued_on"]),
        effective_from=_date(d["effective_from"]),
        effective_note=d.get("effective_note", ""),
        replaces=d["replaces"],
        source_file=d["source_file"],
        province=context.get("province", ""),
        district=context.get("district", ""),
        context_note=context.get("note", ""),
        derivation_note=d.get("derivation", ""),
        adopted_level=d["adoption"]["level"],
        adopted_area=d["adoption"]["area"],
        adoption_note=d["adoption"].get("note", ""),
        partner_to_partner=(d.get("partner_to_partner") or {}).get("allowed", False),
        partner_to_partner_article=(d.get("partner_to_partner") or {}).get("article", ""),
        full_text=parsed.full_text,
        content_hash=parsed.content_hash,
        data=d,
        loaded_at=now,
    )
    readings: dict[str, list[str]] = {}
    for r in d["readings"]:
        readings.setdefault(r["target"], []).append(r["text"])
    Reading.objects.bulk_create(
        Reading(regulation=reg, target=r["target"], text=r["text"], source=r["source"], order=i)
        for i, r in enumerate(d["readings"])
    )

    def reading(target: str) -> str:
        return "\n".join(readings.get(target, []))

    parties = d["parties"]
    rows = [(PartyRole.LEAD, parties["lead"])]
    rows += [(PartyRole.PARTNER, p) for p in parties["partners"]]
    rows += [(PartyRole.AUTHORITY, p) for p in parties["authorities"]]
    Party.objects.bulk_create(
        Party(
            regulation=reg,
            role=role,
            kind=p["kind"],
            level=p["level"],
            name=p["name"],
            note=p.get("note", ""),
            article=p.get("article", ""),
            order=i,
        )
        for i, (role, p) in enumerate(rows)
    )
    contents: list[Content] = []
    for section, key in (
        (ContentSection.CONTENT, "contents"),
        (ContentSection.DUTY, "duties"),
        (ContentSection.PRINCIPLE, "principles"),
    ):
        for i, item in enumerate(d.get(key) or []):
            contents.append(
                Content(
                    regulation=reg,
                    section=section,
                    ref=item["ref"],
                    actor=item.get("actor", ""),
                    text=item["text"],
                    order=i,
                )
            )
    Content.objects.bulk_create(contents)

    RequestKindRule.objects.bulk_create(
        RequestKindRule(
            regulation=reg,
            kind=k["kind"],
            answer_period=k["answer_period"],
            working_days=k.get("working_days"),
            stated_period=k.get("stated_period", "none"),
            send_ahead_working_days=k.get("send_ahead_working_days"),
            deemed_consent=k["deemed_consent"],
            shared_responsibility=k.get("shared_responsibility", False),
            extension=k["extension"],
            article=k["article"],
            deemed_consent_article=k.get("deemed_consent_article", ""),
            reading=reading(f"request_kinds.{k['kind']}"),
            order=i,
        )
        for i, k in enumerate(d["request_kinds"])
    )

    c = d["consultation"]
    if c is not None:
        ext = c["extension"]
        disagreement = c.get("disagreement") or {}
        ConsultationRule.objects.create(
            regulation=reg,
            working_days=c["working_days"],
            counted_from=c["counted_from"],
            deemed_consent=c["deemed_consent"],
            shared_responsibility=c["shared_responsibility"],
            allow_request_stated_period=c["allow_request_stated_period"],
            in_writing=c.get("in_writing", True),
            article=c["article"],
            deemed_consent_article=c["deemed_consent_article"],
            extension_policy=ext["policy"],
            extension_requires_notice=ext.get("requires_notice", False),
            extension_notice_in_writing=ext.get("notice_in_writing", False),
            extension_notice_before_deadline=ext.get("notice_before_deadline", False),
            extension_requires_new_date=ext.get("requires_new_date", False),
            extension_lead_working_days=ext.get("lead_working_days"),
            extension_total_cap_working_days=ext.get("total_cap_working_days"),
            extension_article=ext["article"],
            disagreement_article=disagreement.get("article", ""),
            disagreement_text=disagreement.get("text", ""),
            disagreement_route=disagreement.get("route", "direct"),
            disagreement_reading=reading("consultation.disagreement"),
            urgent_note=c.get("urgent_note", ""),
            reading=reading("consultation"),
            extension_reading=reading("consultation.extension"),
        )

    MeetingRule.objects.bulk_create(
        MeetingRule(
            regulation=reg,
            code=m["code"],
            kind=m["kind"],
            host=m["host"],
            documents_lead_working_days=m["documents_lead_working_days"],
            article=m["article"],
            text=m["text"],
            reading=reading(f"meetings.{m['code']}"),
            order=i,
        )
        for i, m in enumerate(d["meetings"])
    )
    for i, r in enumerate(d["reports"]):
        due = r["due"]
        obligation = ReportingObligation.objects.create(
            regulation=reg,
            code=r["code"],
            title=r["title"],
            period=r["period"],
            reporters=r["reporters"],
            receiver_kind=r["receiver"]["kind"],
            receiver_level=r["receiver"]["level"],
            receiver_name=r["receiver"]["name"],
            via=r.get("via", ""),
            due_type=due["type"],
            due_month=due.get("month"),
            due_day=due.get("day"),
            due_system_rule=due.get("system_rule", ""),
            article=r["article"],
            text=r.get("text", ""),
            reading=reading(f"reports.{r['code']}"),
            order=i,
        )
        ReportIndicator.objects.bulk_create(
            ReportIndicator(obligation=obligation, code=ind["code"], label=ind["label"], order=j)
            for j, ind in enumerate(r.get("indicators") or [])
        )
    CopyToDuty.objects.bulk_create(
        CopyToDuty(
            regulation=reg,
            code=x["code"],
            senders=x["senders"],
            original_receivers=x["original_receivers"],
            copy_to_kind=x["copy_to"]["kind"],
            copy_to_level=x["copy_to"]["level"],
            copy_to_name=x["copy_to"]["name"],
            scope=x["scope"],
            article=x["article"],
            order=i,
        )
        for i, x in enumerate(d["copy_to"])
    )
    MonitoringDuty.objects.bulk_create(
        MonitoringDuty(
            regulation=reg,
            code=m["code"],
            actor_kind=m["actor"]["kind"],
            actor_level=m["actor"]["level"],
            actor_name=m["actor"]["name"],
            actor_role=m["actor_role"],
            targets=m["targets"],
            frequency_count=m["frequency"]["count"],
            frequency_period=m["frequency"]["period"],
            article=m["article"],
            text=m["text"],
            reading=reading(f"monitoring.{m['code']}"),
            order=i,
        )
        for i, m in enumerate(d["monitoring"])
    )
    DesignationDuty.objects.bulk_create(
        DesignationDuty(
            regulation=reg,
            code=x["code"],
            notifiers=x["notifiers"],
            recipients=x["recipients"],
            subject=x["subject"],
            triggers=x["triggers"],
            in_writing=x["in_writing"],
            article=x["article"],
            text=x["text"],
            order=i,
        )
        for i, x in enumerate(d["designations"])
    )
    EvaluationDuty.objects.bulk_create(
        EvaluationDuty(
            regulation=reg,
            code=x["code"],
            evaluators=x["evaluators"],
            receiver_kind=(x["receiver"] or {}).get("kind", ""),
            receiver_level=(x["receiver"] or {}).get("level", ""),
            receiver_name=(x["receiver"] or {}).get("name", ""),
            period=x["period"],
            subject=x["subject"],
            article=x["article"],
            order=i,
        )
        for i, x in enumerate(d["evaluations"])
    )
    return reg


def load_regulation_files(
    paths: Iterable[Path | str], *, actor: Any = None, now: dt.datetime | None = None
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


def load_regulation_dir(directory: Path | str, *, actor: Any = None) -> LoadResult:
    return load_regulation_files(data_files(Path(directory)), actor=actor)
