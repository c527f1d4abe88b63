"""Forms for report slots (Vietnamese labels and errors; dates as dd/mm/yyyy).

Figures are typed as text and checked by the domain (figures.validate_figures), so that every wrong cell is
named in one message and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.common.forms import DATE_ERRORS, DATE_INPUT
from phoihop.organizations.models import Organization

from .enums import SlotOrigin

FIGURE_PREFIX = "fig_"


class DraftForm(forms.Form):
    """A version of a report: the document, one figure per indicator of the obligation, a note."""

    document = forms.FileField(label=_("Văn bản báo cáo (PDF, DOCX…)"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, indicators: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators or [])
        for ind in self.indicators:
            self.fields[FIGURE_PREFIX + ind.code] = forms.CharField(
                label=ind.label,
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "figure"}),
            )

    def figures(self) -> dict[str, Any]:
        return {ind.code: self.cleaned_data.get(FIGURE_PREFIX + ind.code, "") for ind in self.indicators}

    def figure_fields(self) -> list[Any]:
        return [self[FIGURE_PREFIX + ind.code] for ind in self.indicators]


class XlsxUploadForm(forms.Form):
    xlsx = forms.FileField(label=_("Tệp số liệu .xlsx (theo mẫu của hệ thống)"))
    document = forms.FileField(label=_("Văn bản báo cáo (nếu chưa đính kèm)"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Nội dung cần chỉnh sửa"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ReportRequestForm(forms.Form):
    """The receiving body asks one or many bodies for an ad hoc or thematic report."""

    origin = forms.ChoiceField(
        label=_("Loại báo cáo"),
        choices=[
            (SlotOrigin.AD_HOC.value, SlotOrigin.AD_HOC.label),
            (SlotOrigin.THEMATIC.value, SlotOrigin.THEMATIC.label),
        ],
    )
    subject = forms.CharField(label=_("Nội dung yêu cầu báo cáo"), max_length=500)
    body = forms.CharField(
        label=_("Yêu cầu cụ thể"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reporters: forms.ModelMultipleChoiceField[Organization] = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(),
        label=_("Cơ quan báo cáo"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={"required": _("Hãy chọn ít nhất một cơ quan báo cáo.")},
    )
    due_on = forms.DateField(
        label=_("Hạn gửi (ngày)"),
        required=False,
        input_formats=["%d/%m/%Y"],
        widget=DATE_INPUT,
        error_messages=DATE_ERRORS,
    )
    working_days = forms.IntegerField(
        label=_("hoặc số ngày làm việc kể từ hôm nay"),
        required=False,
        min_value=1,
        max_value=365,
        error_messages={
            "invalid": _("Số ngày làm việc phải là số nguyên."),
            "min_value": _("Số ngày làm việc phải từ 1 đến 365."),
            "max_value": _("Số ngày làm việc phải từ 1 đến 365."),
        },
    )

    def __init__(self, *args: Any, organizations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["reporters"].queryset = organizations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and (data.get("due_on") is None) == (data.get("working_days") is None):
            raise forms.ValidationError(
                _("Hãy nhập hạn gửi: một ngày cụ thể hoặc số ngày làm việc (chỉ một).")
            )
        return data
