"""Code names for the parts of a regulation (values are stable: they appear in the YAML data files)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocType(models.TextChoices):
    DECISION = "decision", _("Quyết định")
    RULES = "rules", _("Quy chế")
    PROGRAMME = "programme", _("Chương trình phối hợp")
    PROVISION = "provision", _("Quy định")


class PartyRole(models.TextChoices):
    LEAD = "lead", _("Cơ quan chủ trì")
    PARTNER = "partner", _("Cơ quan phối hợp")
    AUTHORITY = "authority", _("Cấp có thẩm quyền quyết định khi còn ý kiến khác nhau")


class ContentSection(models.TextChoices):
    CONTENT = "content", _("Nội dung phối hợp")
    DUTY = "duty", _("Trách nhiệm phối hợp")
    PRINCIPLE = "principle", _("Nguyên tắc phối hợp")
    METHOD = "method", _("Phương pháp phối hợp")


class CountedFrom(models.TextChoices):
    RECEIPT = "receipt", _("kể từ ngày nhận")


class ExtensionPolicy(models.TextChoices):
    """How a recipient may take more time to answer a consultation."""

    NONE = "none", _("Không quy định gia hạn")
    NOTICE_BEFORE_DEADLINE = (
        "notice_before_deadline",
        _("Thông báo bằng văn bản trước khi hết hạn, nêu ngày mới"),
    )
    RECIPIENT_SETS_DATE = (
        "recipient_sets_date",
        _("Bên được đề nghị thông báo và tự xác định thời gian phản hồi"),
    )
    NOTICE_LEAD_WORKING_DAYS = (
        "notice_lead_working_days",
        _("Thông báo bằng văn bản chậm nhất N ngày làm việc trước khi hết hạn"),
    )
    TOTAL_CAP_WORKING_DAYS = "total_cap_working_days", _("Tổng thời gian trả lời không quá N ngày làm việc")


class MeetingKind(models.TextChoices):
    LEADERSHIP_MEETING = "leadership_meeting", _("Họp đại diện lãnh đạo các cơ quan")
    CONFERENCE = "conference", _("Cuộc họp, hội nghị, hội thảo")


class ReportPeriod(models.TextChoices):
    MONTHLY = "monthly", _("Tháng")
    QUARTERLY = "quarterly", _("Quý")
    HALF_YEAR = "half_year", _("6 tháng đầu năm")
    SEMIANNUAL = "semiannual", _("6 tháng một lần")
    ANNUAL = "annual", _("Năm")
    AD_HOC = "ad_hoc", _("Đột xuất")


PERIOD_REPORT_NAMES: dict[str, str] = {
    ReportPeriod.MONTHLY: "Báo cáo tháng",
    ReportPeriod.QUARTERLY: "Báo cáo quý",
    ReportPeriod.HALF_YEAR: "Báo cáo 6 tháng",
    ReportPeriod.SEMIANNUAL: "Báo cáo 6 tháng một lần",
    ReportPeriod.ANNUAL: "Báo cáo năm",
    ReportPeriod.AD_HOC: "Báo cáo đột xuất",
}

PERIOD_UNIT_NAMES: dict[str, str] = {
    ReportPeriod.MONTHLY: "tháng",
    ReportPeriod.QUARTERLY: "quý",
    ReportPeriod.HALF_YEAR: "6 tháng",
    ReportPeriod.SEMIANNUAL: "6 tháng",
    ReportPeriod.ANNUAL: "năm",
    ReportPeriod.AD_HOC: "lần phát sinh",
}


class DueRuleType(models.TextChoices):
    """When a periodic report is due. "before day D" is on time if received on or before day D-1."""

    BEFORE_DATE = "before_date", _("Trước một ngày cố định trong năm (ngày/tháng)")
    BEFORE_DAY_OF_QUARTER_LAST_MONTH = (
        "before_day_of_quarter_last_month",
        _("Trước ngày D của tháng cuối quý"),
    )
    UNSPECIFIED = "unspecified", _("Văn bản không quy định ngày")
    ON_OCCURRENCE = "on_occurrence", _("Khi phát sinh hoặc khi có yêu cầu")


class SystemDueRule(models.TextChoices):
    """What the system uses when the text gives no day (stated in the data file with a reading)."""

    NONE = "", _("—")
    LAST_WORKING_DAY_OF_PERIOD = "last_working_day_of_period", _("Ngày làm việc cuối cùng của kỳ báo cáo")


class DesignationTrigger(models.TextChoices):
    ASSIGNMENT = "assignment", _("khi phân công, thành lập")
    CHANGE = "change", _("khi thay đổi")


class ReadingSource(models.TextChoices):
    AGREED = "agreed", _("Cách hiểu thống nhất (REGULATIONS.md)")
    SYSTEM = "system", _("Lựa chọn của hệ thống (văn bản không quy định cụ thể)")


READING_LABEL = _("Cách hiểu của hệ thống")


class RequestKind(models.TextChoices):
    """Kinds of coordination request (glossary); each regulation's data says which it governs and how."""

    CONSULTATION = "consultation", _("Xin ý kiến")
    INFORMATION_REQUEST = "information_request", _("Đề nghị cung cấp thông tin, tài liệu")
    SECONDMENT = "secondment", _("Đề nghị cử cán bộ phối hợp")
    NOTICE = "notice", _("Thông báo")
    APPRAISAL = "appraisal", _("Đề nghị thẩm định văn bản")
    PERSONNEL = "personnel", _("Xin ý kiến về nhân sự")


class PersonnelProcedure(models.TextChoices):
    """Personnel procedures an opinion about a named official may be asked for (quy trình công tác cán bộ;
    001 Điều 5 khoản 2, Điều 11 khoản 2, Điều 13 khoản 4 và 6): the regulation data says which, per article."""

    PLANNING = "planning", _("Quy hoạch")
    NOMINATION = "nomination", _("Giới thiệu ứng cử, đề cử")
    APPOINTMENT = "appointment", _("Bổ nhiệm")
    REAPPOINTMENT = "reappointment", _("Bổ nhiệm lại")
    DISMISSAL = "dismissal", _("Miễn nhiệm")
    TRANSFER = "transfer", _("Điều động")
    ROTATION = "rotation", _("Luân chuyển")
    REWARD = "reward", _("Khen thưởng")
    DISCIPLINE = "discipline", _("Kỷ luật")


class AnswerPeriod(models.TextChoices):
    """How the answer deadline of one request kind is set under a regulation."""

    NONE = "none", _("Không cần trả lời")
    WORKING_DAYS = "working_days", _("Số ngày làm việc kể từ ngày nhận")
    STATED = "stated", _("Thời hạn nêu trong văn bản đề nghị")


class StatedPeriod(models.TextChoices):
    """What a period or date stated in the request does (for kinds answered within N working days)."""

    NONE = "none", _("Văn bản đề nghị không được tự nêu thời hạn khác")
    ANY = "any", _("Thời hạn nêu trong văn bản đề nghị được áp dụng, ngắn hơn hay dài hơn")
    NOT_EARLIER = "not_earlier", _("Văn bản đề nghị nêu thời hạn, không sớm hơn thời hạn của quy chế")
    NEEDED_BY = "needed_by", _("Văn bản đề nghị nêu ngày cần có ý kiến; gửi trước ít nhất N ngày làm việc")


class DisagreementRoute(models.TextChoices):
    """Where differing views go: straight to the authority, or (from a partner) through the lead body."""

    DIRECT = "direct", _("Báo cáo thẳng cấp có thẩm quyền")
    VIA_LEAD = "via_lead", _("Qua cơ quan chủ trì, cơ quan chủ trì báo cáo cấp có thẩm quyền")
