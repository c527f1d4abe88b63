"""Forms of the reception pages (dates typed dd/mm/yyyy; the domain decides)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.common.forms import DATE_ERRORS, DATE_INPUT
from phoihop.identities.domain.protect import Person

__all__ = [
    "AnswerForm",
    "CancelDayForm",
    "CloseFollowUpForm",
    "FollowUpForm",
    "PlanDayForm",
    "RecordSessionForm",
    "parse_lines",
    "parse_visitors",
]


def _date(label: Any, **kw: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=DATE_INPUT, input_formats=["%d/%m/%Y"], error_messages=DATE_ERRORS, **kw
    )


def parse_visitors(text: str) -> list[Person]:
    """One person a line: "họ tên; địa chỉ; số điện thoại" (address and contact optional)."""
    people = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        parts += [""] * (3 - len(parts))
        people.append(Person(name=parts[0], address=parts[1], contact="; ".join(p for p in parts[2:] if p)))
    return people


def parse_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class _Secretary(forms.Form):
    secretary_user = forms.TypedChoiceField(
        label=_("Bí thư cấp ủy tiếp dân (người dùng của cơ quan)"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    secretary_official = forms.IntegerField(
        label=_("hoặc mã cán bộ (trong danh sách cán bộ)"), min_value=1, required=False
    )

    def __init__(self, *args: Any, secretaries: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["secretary_user"]).choices = [
            ("", "---------"),
            *((u.pk, str(u)) for u in secretaries),
        ]


class PlanDayForm(_Secretary):
    day = _date(_("Ngày tiếp dân"))
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)

    field_order = ["day", "secretary_user", "secretary_official", "place"]


class CancelDayForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=1000)


class RecordSessionForm(_Secretary):
    held_on = _date(_("Ngày tiếp"))
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    people_count = forms.IntegerField(label=_("Số người đến"), min_value=1, max_value=10_000)
    visitors = forms.CharField(
        label=_("Người đến (mỗi dòng một người: họ tên; địa chỉ; số điện thoại)"),
        help_text=_(
            "Danh tính được mã hóa và bảo vệ: trong hệ thống chỉ hiện bí danh; chỉ người giữ danh tính do cơ quan "
            "chỉ định được đọc, mỗi lần đọc phải nêu lý do và được ghi nhật ký."
        ),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        required=False,
    )
    matters = forms.CharField(
        label=_("Nội dung phản ánh, kiến nghị (mỗi dòng một vụ việc)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    conclusions = forms.CharField(
        label=_("Kết luận, ý kiến chỉ đạo"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    answered_on_spot = forms.BooleanField(
        label=_("Đã trả lời trực tiếp tại buổi tiếp (không phải trả lời bằng văn bản)"), required=False
    )

    field_order = [
        "held_on",
        "secretary_user",
        "secretary_official",
        "place",
        "people_count",
        "visitors",
        "matters",
        "conclusions",
        "answered_on_spot",
    ]


class AnswerForm(forms.Form):
    sent_on = _date(_("Ngày gửi văn bản trả lời"))
    number = forms.CharField(label=_("Số văn bản"), max_length=60)
    summary = forms.CharField(label=_("Tóm tắt nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 3}))


class FollowUpForm(forms.Form):
    task = forms.CharField(label=_("Việc cần làm"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label=_("Người, đơn vị thực hiện"), max_length=300, required=False)
    due_on = _date(_("Hạn"))


class CloseFollowUpForm(forms.Form):
    result = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 2}))
