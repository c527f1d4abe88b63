"""Rules in plain Vietnamese, each ending with its article ("… — Điều 5 khoản 1 điểm c").

Day counts are written with two digits as in official documents (05 ngày làm việc, 01 lần).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .enums import (
    PERIOD_REPORT_NAMES,
    PERIOD_UNIT_NAMES,
    AnswerPeriod,
    DueRuleType,
    ExtensionPolicy,
    RequestKind,
    StatedPeriod,
    SystemDueRule,
)
from .models import (
    ConsultationRule,
    CopyToDuty,
    DesignationDuty,
    EvaluationDuty,
    MeetingRule,
    MonitoringDuty,
    Regulation,
    ReportingObligation,
    RequestKindRule,
)

DASH = " — "


def two(n: int) -> str:
    return f"{n:02d}"


def _with_ref(text: str, article: str) -> str:
    text = text.rstrip().rstrip(".")
    return f"{text}{DASH}{article}" if article else text


def names(actors: list[dict[str, Any]]) -> str:
    return ", ".join(str(a.get("name", "")) for a in actors)


def consultation_sentence(rule: ConsultationRule) -> str:
    text = f"Trả lời trong {two(rule.working_days)} ngày làm việc kể từ ngày nhận"
    if rule.allow_request_stated_period:
        text += " (hoặc thời hạn nêu trong văn bản đề nghị)"
    if rule.deemed_consent:
        text += "; quá hạn coi như đồng ý"
        if rule.shared_responsibility:
            text += ", cùng chịu trách nhiệm"
    return _with_ref(text, rule.article)


def extension_sentence(rule: ConsultationRule) -> str:
    policy = rule.extension_policy
    writing = " bằng văn bản" if rule.extension_notice_in_writing else ""
    if policy == ExtensionPolicy.NOTICE_BEFORE_DEADLINE:
        # only what the text says (000 Art. 5.1); "before the deadline, with a new date" is the Reading
        text = f"Trường hợp phức tạp cần thêm thời gian: bên được đề nghị thông báo{writing} cho bên đề nghị biết"
    elif policy == ExtensionPolicy.RECIPIENT_SETS_DATE:
        text = f"Cần thêm thời gian: bên được đề nghị thông báo{writing} và tự xác định thời gian phản hồi"
    elif policy == ExtensionPolicy.NOTICE_LEAD_WORKING_DAYS:
        lead = rule.extension_lead_working_days or 0
        text = (
            f"Trường hợp phức tạp cần thêm thời gian: bên được đề nghị thông báo{writing} "
            f"chậm nhất {two(lead)} ngày làm việc trước khi hết hạn"
        )
    elif policy == ExtensionPolicy.TOTAL_CAP_WORKING_DAYS:
        cap = rule.extension_total_cap_working_days or 0
        text = f"Nội dung phức tạp: thời gian trả lời không quá {two(cap)} ngày làm việc kể từ ngày nhận"
    else:
        return "Văn bản không quy định việc gia hạn."
    return _with_ref(text, rule.extension_article)


def disagreement_sentence(rule: ConsultationRule) -> str:
    if not rule.disagreement_text:
        return (
            "Văn bản không có điều khoản về trường hợp còn ý kiến khác nhau"
            if rule.disagreement_reading
            else ""
        )
    return _with_ref(rule.disagreement_text, rule.disagreement_article)


def adoption_sentence(reg: Regulation) -> str:
    """ "Áp dụng cho: tỉnh Hưng Yên (…)": the area this deployment adopts the regulation for."""
    if not reg.adopted_area:
        return ""
    level = "tỉnh" if reg.adopted_level == "province" else "huyện"
    text = (
        f"Hệ thống áp dụng văn bản này cho {level} {reg.adopted_area}: ràng buộc các cơ quan của địa bàn này"
    )
    return f"{text}. {reg.adoption_note}".strip() if reg.adoption_note else text + "."


def asking_sentence(reg: Regulation) -> str:
    """Who may ask whom under this version."""
    text = "Đề nghị được gửi giữa cơ quan chủ trì và cơ quan phối hợp, theo cả hai chiều"
    if reg.partner_to_partner:
        return _with_ref(
            text + "; các cơ quan phối hợp cũng được đề nghị lẫn nhau", reg.partner_to_partner_article
        )
    return text + "; các cơ quan phối hợp không đề nghị lẫn nhau theo văn bản này."


def kind_sentence(rule: RequestKindRule, consultation: ConsultationRule | None = None) -> str:
    """What a regulation says of one request kind: "Xin ý kiến: trả lời trong 05 ngày làm việc kể từ ngày nhận
    hoặc thời hạn nêu trong văn bản đề nghị; quá hạn coi như đồng ý, cùng chịu trách nhiệm — Điều 5 khoản 1 điểm c"."""
    label = str(RequestKind(rule.kind).label) if rule.kind in RequestKind.values else rule.kind
    if rule.answer_period == AnswerPeriod.NONE:
        return _with_ref(f"{label}: không cần trả lời", rule.article)
    if rule.answer_period == AnswerPeriod.STATED:
        text = f"{label}: trả lời theo thời hạn nêu trong văn bản đề nghị"
    else:
        text = f"{label}: trả lời trong {two(rule.working_days or 0)} ngày làm việc kể từ ngày nhận"
        if rule.stated_period == StatedPeriod.ANY:
            text += " hoặc thời hạn nêu trong văn bản đề nghị (ngắn hơn hay dài hơn)"
        elif rule.stated_period == StatedPeriod.NOT_EARLIER:
            text += " hoặc thời hạn theo văn bản đề nghị (không sớm hơn)"
        elif rule.stated_period == StatedPeriod.NEEDED_BY:
            text += f"; văn bản gửi trước ít nhất {two(rule.send_ahead_working_days or 0)} ngày làm việc"
    if rule.deemed_consent:
        text += "; quá hạn không trả lời coi như đồng ý"
        if rule.shared_responsibility:
            text += ", cùng chịu trách nhiệm"
    else:
        text += "; quá hạn không trả lời thì quá hạn, không coi như đồng ý"
    if rule.extension and consultation is not None and consultation.extension_policy != ExtensionPolicy.NONE:
        text += "; được gia hạn theo quy tắc gia hạn"
    return _with_ref(text, rule.article)


def meeting_sentence(rule: MeetingRule) -> str:
    if rule.documents_lead_working_days:
        text = (
            f"{rule.host} gửi thông tin, tài liệu ít nhất {two(rule.documents_lead_working_days)} "
            "ngày làm việc trước ngày họp"
        )
        return _with_ref(text, rule.article)
    return _with_ref(rule.text, rule.article)


def _day_month(day: int, month: int) -> str:
    return f"{day:02d}/{month:02d}"


def due_text(ob: ReportingObligation) -> str:
    """The due rule alone: "trước ngày 10/12 (hạn cuối ngày 09/12)"."""
    if ob.due_type == DueRuleType.BEFORE_DATE and ob.due_day and ob.due_month:
        last = dt.date(2023, ob.due_month, ob.due_day) - dt.timedelta(days=1)
        return f"trước ngày {_day_month(ob.due_day, ob.due_month)} (hạn cuối ngày {_day_month(last.day, last.month)})"
    if ob.due_type == DueRuleType.BEFORE_DAY_OF_QUARTER_LAST_MONTH and ob.due_day:
        if ob.due_day > 1:
            last_text = f"ngày {two(ob.due_day - 1)}"
        else:
            last_text = "ngày cuối cùng của tháng thứ hai trong quý"
        return f"trước ngày {two(ob.due_day)} tháng cuối quý (hạn cuối {last_text})"
    if ob.due_type == DueRuleType.UNSPECIFIED:
        unit = PERIOD_UNIT_NAMES.get(ob.period, "kỳ")
        if ob.due_system_rule == SystemDueRule.LAST_WORKING_DAY_OF_PERIOD:
            return f"văn bản không quy định ngày; hệ thống dùng ngày làm việc cuối cùng của {unit}"
        return "văn bản không quy định ngày"
    if ob.due_type == DueRuleType.ON_OCCURRENCE:
        return "khi phát sinh hoặc khi có yêu cầu"
    return ""


def report_sentence(ob: ReportingObligation) -> str:
    """ "Báo cáo quý: trước ngày 20 tháng cuối quý (hạn cuối ngày 19) — Mục IV.3"."""
    return _with_ref(f"{PERIOD_REPORT_NAMES.get(ob.period, ob.title)}: {due_text(ob)}", ob.article)


def copy_to_sentence(duty: CopyToDuty) -> str:
    text = (
        f"{duty.scope} gửi {names(duty.original_receivers)}: đồng thời gửi {duty.copy_to_name} "
        f"(bên gửi: {names(duty.senders)})"
    )
    return _with_ref(text, duty.article)


def monitoring_sentence(duty: MonitoringDuty) -> str:
    unit = PERIOD_UNIT_NAMES.get(duty.frequency_period, "kỳ")
    text = f"{duty.actor_role} làm việc với {names(duty.targets)} ít nhất {two(duty.frequency_count)} lần mỗi {unit}"
    return _with_ref(text, duty.article)


def designation_sentence(duty: DesignationDuty) -> str:
    return _with_ref(duty.text, duty.article)


def evaluation_sentence(duty: EvaluationDuty) -> str:
    subject = duty.subject.rstrip().rstrip(".")
    receiver = f"gửi: {duty.receiver_name}" if duty.receiver_name else "văn bản không nêu nơi nhận"
    text = f"{subject} (thực hiện: {names(duty.evaluators)}; {receiver})"
    return _with_ref(text, duty.article)


@dataclass(frozen=True)
class Described:
    """One rule as a sentence, with the reading (help text) that fixes how the system reads it."""

    sentence: str
    reading: str = ""
    label: str = ""


@dataclass
class RegulationDescription:
    consultation: list[Described] = field(default_factory=list)
    kinds: list[Described] = field(default_factory=list)
    meetings: list[Described] = field(default_factory=list)
    reports: list[Described] = field(default_factory=list)
    copy_to: list[Described] = field(default_factory=list)
    monitoring: list[Described] = field(default_factory=list)
    designations: list[Described] = field(default_factory=list)
    evaluations: list[Described] = field(default_factory=list)
    other_readings: list[Described] = field(default_factory=list)
    parties_reading: str = ""
    adoption: str = ""
    adoption_reading: str = ""
    asking: str = ""


def _readings_by_target(reg: Regulation) -> dict[str, str]:
    out: dict[str, list[str]] = {}
    for r in reg.readings.all():
        out.setdefault(r.target, []).append(r.text)
    return {k: "\n".join(v) for k, v in out.items()}


def describe(reg: Regulation) -> RegulationDescription:
    """Every rule of one version in plain Vietnamese (uses the prefetched relations of queries.with_rules)."""
    readings = _readings_by_target(reg)
    used: set[str] = set()

    def reading(target: str) -> str:
        used.add(target)
        return readings.get(target, "")

    out = RegulationDescription()
    out.parties_reading = reading("parties")
    out.adoption = adoption_sentence(reg)
    out.asking = asking_sentence(reg)
    out.adoption_reading = reading("adoption")
    rule = reg.consultation_rule if _has_consultation(reg) else None
    if rule is not None:
        out.consultation.append(Described(consultation_sentence(rule), reading("consultation")))
        out.consultation.append(Described(extension_sentence(rule), reading("consultation.extension")))
        if rule.disagreement_text or rule.disagreement_reading:
            out.consultation.append(
                Described(disagreement_sentence(rule), reading("consultation.disagreement"))
            )
        if rule.urgent_note:
            out.consultation.append(Described(rule.urgent_note))
    out.kinds = [
        Described(kind_sentence(k, rule), reading(f"request_kinds.{k.kind}"))
        for k in reg.request_kind_rules.all()
    ]
    out.meetings = [
        Described(meeting_sentence(m), reading(f"meetings.{m.code}")) for m in reg.meeting_rules.all()
    ]
    out.reports = [
        Described(report_sentence(o), reading(f"reports.{o.code}"), o.title)
        for o in reg.reporting_obligations.all()
    ]
    out.copy_to = [
        Described(copy_to_sentence(x), reading(f"copy_to.{x.code}")) for x in reg.copy_to_duties.all()
    ]
    out.monitoring = [
        Described(monitoring_sentence(x), reading(f"monitoring.{x.code}"))
        for x in reg.monitoring_duties.all()
    ]
    out.designations = [
        Described(designation_sentence(x), reading(f"designations.{x.code}"))
        for x in reg.designation_duties.all()
    ]
    out.evaluations = [
        Described(evaluation_sentence(x), reading(f"evaluations.{x.code}"))
        for x in reg.evaluation_duties.all()
    ]
    out.other_readings = [Described("", text) for target, text in readings.items() if target not in used]
    return out


def _has_consultation(reg: Regulation) -> bool:
    try:
        reg.consultation_rule  # noqa: B018 - touching the reverse one-to-one
    except ConsultationRule.DoesNotExist:
        return False
    return True


@dataclass(frozen=True)
class ArticleText:
    """One block of a regulation's text: the part before the first article, or one "Điều N." article."""

    anchor: str
    heading: str
    body: str


_ARTICLE_HEADING = re.compile(r"^[#\s*]*(Điều\s+\d+)\.\s*(.*?)[\s*]*$", re.MULTILINE)
_MARKUP = re.compile(r"^#+\s*|\*\*", re.MULTILINE)


def _clean(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", _MARKUP.sub("", text)).strip()


def split_articles(full_text: str) -> list[ArticleText]:
    """Split a text at its "Điều N." headings. A text without such headings is one block (heading "")."""
    matches = list(_ARTICLE_HEADING.finditer(full_text))
    if not matches:
        return [ArticleText("toan-van", "", _clean(full_text))]
    blocks: list[ArticleText] = []
    head = _clean(full_text[: matches[0].start()])
    if head:
        blocks.append(ArticleText("mo-dau", "", head))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(full_text)
        title = _clean(m.group(2))
        body = _clean(full_text[m.end() : end])
        if len(title) > 100:  # the article starts with its text, not with a short title
            title, body = "", f"{title}\n\n{body}".strip()
        heading = f"{m.group(1)}. {title}" if title else f"{m.group(1)}."
        blocks.append(ArticleText(f"dieu-{i + 1}", heading, body))
    return blocks
