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
    HALF_YEAR = "half_year", _("6 tháng")
    ANNUAL = "annual", _("Năm")
    AD_HOC = "ad_hoc", _("Đột xuất")


PERIOD_REPORT_NAMES: dict[str, str] = {
    ReportPeriod.MONTHLY: "Báo cáo tháng",
    ReportPeriod.QUARTERLY: "Báo cáo quý",
    ReportPeriod.HALF_YEAR: "Báo cáo 6 tháng",
    ReportPeriod.ANNUAL: "Báo cáo năm",
    ReportPeriod.AD_HOC: "Báo cáo đột xuất",
}

PERIOD_UNIT_NAMES: dict[str, str] = {
    ReportPeriod.MONTHLY: "tháng",
    ReportPeriod.QUARTERLY: "quý",
    ReportPeriod.HALF_YEAR: "6 tháng",
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
