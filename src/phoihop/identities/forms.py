"""Forms of the protected identities' pages (the domain decides; the forms only read the fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.common.forms import DATE_ERRORS, DATE_INPUT, DATE_INPUT_FORMATS

from .rules import MIN_REASON

REASON_SHORT = _("Hãy nêu lý do cần đọc danh tính (ít nhất %(n)s ký tự).") % {"n": MIN_REASON}


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=DATE_INPUT,
        error_messages={**DATE_ERRORS, "required": _("Hãy nhập ngày.")},
    )


class ReadIdentityForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do cần đọc danh tính"),
        min_length=MIN_REASON,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Lý do được ghi vào nhật ký; không ghi họ tên, địa chỉ của người được bảo vệ."),
        error_messages={"required": REASON_SHORT, "min_length": REASON_SHORT},
    )


class DesignateForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Người được giao"), coerce=int, choices=())

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "---------"), *((u.pk, str(u)) for u in members)]
        field.error_messages["invalid_choice"] = _("Hãy chọn một người trong danh sách.")
        field.error_messages["required"] = _("Hãy chọn một người trong danh sách.")


class ProtectionForm(forms.Form):
    requested_on = _date(_("Ngày yêu cầu bảo vệ"))
    measures_requested = forms.CharField(
        label=_("Biện pháp bảo vệ được đề nghị"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Không ghi họ tên, địa chỉ của người được bảo vệ: hệ thống chỉ dùng bí danh."),
        error_messages={"required": _("Hãy nhập biện pháp bảo vệ được đề nghị.")},
    )
    follow_up_on = _date(_("Hạn theo dõi"), required=False)


class ApplyProtectionForm(forms.Form):
    measures_taken = forms.CharField(
        label=_("Biện pháp bảo vệ đã áp dụng"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy nhập biện pháp bảo vệ đã áp dụng.")},
    )
    follow_up_on = _date(_("Hạn theo dõi tiếp"))


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label=_("Kết quả theo dõi"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy nhập kết quả theo dõi.")},
    )
    follow_up_on = _date(_("Hạn theo dõi tiếp"))


class EndProtectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do kết thúc"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy nêu lý do kết thúc.")},
    )
