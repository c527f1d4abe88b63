"""Forms for coordination requests (Vietnamese labels and errors; dates as dd/mm/yyyy)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.common.forms import DATE_ERRORS, DATE_INPUT
from phoihop.officials.models import Official
from phoihop.organizations.models import Organization
from phoihop.regulations.models import Regulation

from .enums import DraftKind, PersonnelProcedure, Position, RequestKind


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
    # the recipient picker (web/templates/web/consultations/_picker.html): one checkbox per body grouped by kind,
    # each with its own paper/electronic choice, and "all communes"
    recipients = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(),
        label=_("Cơ quan được đề nghị"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    all_communes = forms.BooleanField(label=_("Tất cả xã/phường"), required=False)
    paper_recipients = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(),
        label=_("Gửi bằng văn bản giấy tới"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Các nơi nhận bằng văn bản giấy: văn thư vào sổ ngày nhận để tính hạn."),
    )
    # one-time token: a second POST of the same form opens the draft the first one made (no second draft)
    form_token = forms.UUIDField(required=False, widget=forms.HiddenInput)
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
    # a personnel consultation (kind "personnel" only; domain/personnel.py checks them against the data)
    official: forms.ModelChoiceField[Official] = forms.ModelChoiceField(
        queryset=Official.objects.none(),
        label=_("Cán bộ được xin ý kiến"),
        required=False,
        empty_label=_("— chọn cán bộ —"),
        help_text=_("Chỉ dùng cho loại đề nghị “Xin ý kiến về nhân sự”."),
    )
    personnel_procedure = forms.ChoiceField(
        choices=[("", _("— chọn quy trình —")), *PersonnelProcedure.choices],
        label=_("Quy trình công tác cán bộ"),
        required=False,
    )
    personnel_article = forms.ChoiceField(
        choices=[("", _("— theo điều khoản phù hợp —"))],
        label=_("Căn cứ (điều khoản về xin ý kiến nhân sự)"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        regulations: Any,
        organizations: Any,
        communes_of: Callable[[Regulation], list[Organization]] | None = None,
        officials: Any = None,
        personnel_articles: Sequence[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regulation"].queryset = regulations  # type: ignore[attr-defined]
        self.fields["recipients"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["paper_recipients"].queryset = organizations  # type: ignore[attr-defined]
        if officials is not None:
            self.fields["official"].queryset = officials  # type: ignore[attr-defined]
        article: forms.ChoiceField = self.fields["personnel_article"]  # type: ignore[assignment]
        article.choices = [("", _("— theo điều khoản phù hợp —")), *((a, a) for a in personnel_articles)]
        self.communes_of = communes_of

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = list(cleaned.get("recipients") or [])
        regulation = cleaned.get("regulation")
        if cleaned.get("all_communes") and regulation is not None and self.communes_of is not None:
            have = {o.pk for o in chosen}
            chosen += [o for o in self.communes_of(regulation) if o.pk not in have]
        cleaned["recipients"] = chosen
        if not chosen and "recipients" not in self.errors:
            self.add_error("recipients", _("Hãy chọn ít nhất một cơ quan được đề nghị."))
        if cleaned.get("kind") != RequestKind.PERSONNEL:  # the personnel fields belong to that kind only
            cleaned["official"] = None
            cleaned["personnel_procedure"] = ""
            cleaned["personnel_article"] = ""
        return cleaned


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


# Reasons the people concerned read: a withdrawal's (on the request's page and in the recipients' notice) and a
# return to draft's (on the request's page, for the drafter). Required: the same messages as the API's.
WITHDRAW_REASON_REQUIRED = _("Hãy nêu lý do thu hồi văn bản.")
RETURN_REASON_REQUIRED = _("Hãy nêu lý do trả lại để người soạn biết cần sửa gì.")


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do thu hồi"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "id": "id_withdraw_reason"}),  # beside the return form
        error_messages={"required": WITHDRAW_REASON_REQUIRED},
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "id": "id_return_reason"}),
        error_messages={"required": RETURN_REASON_REQUIRED},
    )


# --- assignment and answer drafts inside the recipient (issue 11) -----------------------------------------


class AssignForm(forms.Form):
    """Giao xử lý: a specialist of the body (the choices are given: its active specialists in Vietnamese name
    order), and an optional internal date never later than the body's deadline (checked by the domain)."""

    assignee = forms.TypedChoiceField(
        label=_("Giao cho chuyên viên"),
        coerce=int,
        choices=[],
        error_messages={
            "required": _("Hãy chọn chuyên viên được giao."),
            "invalid_choice": _("Hãy chọn một chuyên viên của cơ quan."),
        },
    )
    internal_deadline = forms.DateField(
        label=_("Hạn xử lý nội bộ (không bắt buộc)"),
        required=False,
        widget=DATE_INPUT,
        input_formats=["%d/%m/%Y"],
        error_messages=DATE_ERRORS,
        help_text=_("Có thể sớm hơn hạn trả lời của cơ quan, không được muộn hơn."),
    )

    def __init__(self, *args: Any, specialists: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.TypedChoiceField = self.fields["assignee"]  # type: ignore[assignment]
        field.choices = [("", _("— chọn chuyên viên —")), *((u.pk, str(u)) for u in specialists)]


class AnswerDraftForm(forms.Form):
    """The answer draft (or the extension notice draft) a specialist prepares for the leader to sign."""

    kind = forms.ChoiceField(choices=DraftKind.choices, label=_("Loại dự thảo"), initial=DraftKind.ANSWER)
    position = forms.ChoiceField(
        choices=[("", _("— chưa chọn —")), *Position.choices], label=_("Ý kiến"), required=False
    )
    text = forms.CharField(
        label=_("Nội dung ý kiến"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    new_deadline = forms.DateField(
        label=_("Hạn trả lời mới (báo gia hạn)"),
        required=False,
        widget=DATE_INPUT,
        input_formats=["%d/%m/%Y"],
        error_messages=DATE_ERRORS,
    )
    extension_reason = forms.CharField(
        label=_("Lý do cần thêm thời gian (báo gia hạn)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class DraftReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy nêu lý do trả lại để người soạn sửa.")},
    )
