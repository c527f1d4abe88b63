"""Forms of the petition pages: registering (intake, with one row per signer), classification, the decisions
(handle, guide, file), the transfer, the result and the report to the Ban Nội chính. Dates are typed dd/mm/yyyy
(common.forms). The signers' fields are never echoed in a log: the domain stores them only as protected
identities."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phoihop.common.forms import DATE_ERRORS, DATE_INPUT, DATE_INPUT_FORMATS
from phoihop.officials.models import Official
from phoihop.organizations.models import Organization

from .enums import Channel, PetitionKind

__all__ = [
    "ClassifyForm",
    "DecisionForm",
    "IntakeForm",
    "ReportToBanForm",
    "ResultForm",
    "SignerForm",
    "SignerFormSet",
    "TransferForm",
]


def _date(label: Any, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=DATE_INPUT,
        error_messages=DATE_ERRORS,
        help_text=help_text,
    )


class MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the view reads them with request.FILES.getlist; the domain checks them)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFiles())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return super().clean(data, initial)


class OfficialChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return " — ".join(x for x in (obj.full_name, obj.position) if x)


class IntakeForm(forms.Form):
    received_on = _date(_("Ngày nhận đơn"))
    channel = forms.ChoiceField(label=_("Nguồn đơn"), choices=Channel.choices)
    kind = forms.ChoiceField(label=_("Loại đơn"), choices=PetitionKind.choices)
    title = forms.CharField(label=_("Trích yếu"), max_length=300)
    content = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Họ tên, địa chỉ, liên lạc của người ký được thay bằng bí danh trước khi lưu."),
    )
    anonymous = forms.BooleanField(label=_("Đơn nặc danh (không rõ người gửi)"), required=False)
    signer_count = forms.IntegerField(
        label=_("Số người ký"),
        min_value=1,
        required=False,
        help_text=_("Để trống: bằng số người ký đã nhập."),
    )
    officials = OfficialChoice(
        queryset=Official.objects.none(), required=False, label=_("Cán bộ bị phản ánh, tố cáo")
    )
    organizations = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(), required=False, label=_("Cơ quan, tổ chức liên quan")
    )
    attachments = MultipleFileField(label=_("Tệp đính kèm"))
    redacted_attachments = MultipleFileField(
        label=_("Bản đã che thông tin người gửi"),
        help_text=_("Chỉ các tệp này được gửi kèm khi chuyển đơn."),
    )

    def __init__(self, *args: Any, officials: QuerySet[Official] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["officials"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = (officials if officials is not None else Official.objects.none()).order_by(
            "sort_name", "pk"
        )
        orgs = self.fields["organizations"]
        assert isinstance(orgs, forms.ModelMultipleChoiceField)
        orgs.queryset = Organization.objects.filter(dissolved_on__isnull=True).order_by("level", "name")


class SignerForm(forms.Form):
    name = forms.CharField(label=_("Họ tên người ký"), max_length=200, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    contact = forms.CharField(label=_("Điện thoại, thư điện tử"), max_length=200, required=False)


SignerFormSet = forms.formset_factory(SignerForm, extra=1, max_num=50, validate_max=True)


class ClassifyForm(forms.Form):
    within_competence = forms.ChoiceField(
        label=_("Thẩm quyền"),
        choices=(("1", _("Thuộc thẩm quyền")), ("0", _("Không thuộc thẩm quyền"))),
        widget=forms.RadioSelect,
    )
    complex = forms.BooleanField(label=_("Phức tạp"), required=False)
    prolonged = forms.BooleanField(label=_("Kéo dài"), required=False)
    backlog = forms.BooleanField(label=_("Tồn đọng"), required=False)
    mass = forms.BooleanField(label=_("Đông người"), required=False)


class DecisionForm(forms.Form):
    on = _date(_("Ngày quyết định"))
    note = forms.CharField(label=_("Ý kiến xử lý"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class TransferForm(forms.Form):
    to_organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Chuyển đến cơ quan")
    )
    letter = forms.CharField(label=_("Số văn bản chuyển đơn"), max_length=100)
    on = _date(_("Ngày chuyển"))
    result_due_on = _date(_("Hạn báo cáo kết quả"))
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(dissolved_on__isnull=True).order_by("level", "name")


class ResultForm(forms.Form):
    on = _date(_("Ngày có kết quả"))
    text = forms.CharField(label=_("Kết quả giải quyết"), widget=forms.Textarea(attrs={"rows": 4}))


class ReportToBanForm(forms.Form):
    note = forms.CharField(
        label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
