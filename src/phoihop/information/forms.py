"""Forms of the information pages: new information (the official among the ones the body may see) and the
handling result. Dates are typed dd/mm/yyyy (common.forms)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phoihop.common.forms import DATE_ERRORS, DATE_INPUT, DATE_INPUT_FORMATS
from phoihop.officials.models import Official

from .enums import InformationKind


class OfficialChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        parts = [obj.full_name]
        if obj.position:
            parts.append(obj.position)
        return " — ".join(parts)


def _date(label: Any, required: bool = False, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=DATE_INPUT,
        error_messages=DATE_ERRORS,
        help_text=help_text,
    )


class InformationForm(forms.Form):
    official = OfficialChoice(queryset=Official.objects.none(), label=_("Cán bộ, đảng viên"))
    kind = forms.ChoiceField(label=_("Loại thông tin"), choices=InformationKind.choices)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 5}))
    basis = forms.CharField(
        label=_("Căn cứ"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Văn bản, tài liệu làm căn cứ."),
    )
    verified = forms.BooleanField(
        label=_("Thông tin đã được thẩm tra, xác minh, kết luận"),
        required=False,
        help_text=_(
            "Bắt buộc để gửi, trừ khi gửi kết quả xử lý (521 Điều 5 khoản 2; Quy chế Điều 5 khoản 1 điểm d)."
        ),
    )
    conclusion_number = forms.CharField(label=_("Số văn bản kết luận"), max_length=100, required=False)
    conclusion_date = _date(_("Ngày văn bản kết luận"))
    result_due_on = _date(
        _("Hạn báo cáo kết quả xử lý"),
        help_text=_("Không bắt buộc. Ngày nghỉ thì hạn là ngày làm việc kế tiếp."),
    )

    def __init__(self, *args: Any, officials: QuerySet[Official], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["official"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = officials.order_by("sort_name", "pk")


class ResultForm(forms.Form):
    text = forms.CharField(label=_("Kết quả xử lý"), widget=forms.Textarea(attrs={"rows": 4}))
    decision_number = forms.CharField(label=_("Số quyết định, văn bản"), max_length=100, required=False)
    decision_date = _date(_("Ngày quyết định, văn bản"))
