"""Forms for coordination requests (Vietnamese labels and errors; dates as dd/mm/yyyy)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.common.forms import DATE_ERRORS, DATE_INPUT
from phoihop.organizations.models import Organization
from phoihop.regulations.models import Regulation

from .enums import Position, RequestKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class RequestForm(forms.Form):
    regulation: forms.ModelChoiceField[Regulation] = forms.ModelChoiceField(
        queryset=Regulation.objects.none(), label=_("Theo quy chế"), empty_label=_("— chọn quy chế —")
    )
    kind = forms.ChoiceField(choices=RequestKind.choices, label=_("Loại đề nghị"))
    subject = forms.CharField(label=_("Trích yếu"), max_length=500)
    body = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    recipients = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(),
        label=_("Cơ quan được đề nghị"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        error_messages={"required": _("Hãy chọn ít nhất một cơ quan được đề nghị.")},
    )
    paper_recipients = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(),
        label=_("Gửi bằng văn bản giấy tới"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Các nơi nhận bằng văn bản giấy: văn thư vào sổ ngày nhận để tính hạn."),
    )
    stated_deadline = forms.DateField(
        label=_("Thời hạn nêu trong văn bản: ngày (nếu quy chế cho phép)"),
        required=False,
        widget=DATE_INPUT,
        input_formats=["%d/%m/%Y"],
        error_messages=DATE_ERRORS,
        help_text=_(
            "Mỗi quy chế quy định khác nhau cho từng loại đề nghị (xem trang quy chế): có quy chế cho phép văn bản "
            "tự nêu thời hạn, có quy chế chỉ cho nêu ngày cần có ý kiến, có loại đề nghị bắt buộc nêu thời hạn."
        ),
    )
    stated_working_days = forms.IntegerField(
        label=_("hoặc số ngày làm việc kể từ ngày nhận"),
        required=False,
        min_value=1,
        max_value=365,
        error_messages={
            "invalid": _("Hãy nhập một số nguyên."),
            "min_value": _("Số ngày làm việc phải từ 01 trở lên."),
            "max_value": _("Số ngày làm việc không quá 365."),
        },
    )
    attachments = MultipleFileField(label=_("Tệp đính kèm"))

    def __init__(self, *args: Any, regulations: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regulation"].queryset = regulations  # type: ignore[attr-defined]
        self.fields["recipients"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["paper_recipients"].queryset = organizations  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    position = forms.ChoiceField(choices=Position.choices, label=_("Ý kiến"), widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Nội dung ý kiến"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    attachments = MultipleFileField(label=_("Tệp đính kèm"))


class ExtensionForm(forms.Form):
    new_deadline = forms.DateField(
        label=_("Hạn trả lời mới"), widget=DATE_INPUT, input_formats=["%d/%m/%Y"], error_messages=DATE_ERRORS
    )
    reason = forms.CharField(label=_("Lý do cần thêm thời gian"), widget=forms.Textarea(attrs={"rows": 3}))


class ReceiptForm(forms.Form):
    received_on = forms.DateField(
        label=_("Ngày nhận"), widget=DATE_INPUT, input_formats=["%d/%m/%Y"], error_messages=DATE_ERRORS
    )
    incoming_number = forms.CharField(label=_("Số đến"), max_length=40, required=False)


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        label=_("Ngày họp"), widget=DATE_INPUT, input_formats=["%d/%m/%Y"], error_messages=DATE_ERRORS
    )
    participants = forms.CharField(label=_("Thành phần"), widget=forms.Textarea(attrs={"rows": 2}))
    outcome = forms.CharField(label=_("Kết quả"), widget=forms.Textarea(attrs={"rows": 3}))


class EscalationForm(forms.Form):
    summary = forms.CharField(
        label=_("Báo cáo tóm tắt"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class RulingForm(forms.Form):
    ruling = forms.CharField(label=_("Kết luận"), widget=forms.Textarea(attrs={"rows": 3}))
