"""Forms of the officials registry's pages (the domain actions check everything again)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phoihop.common.forms import DATE_ERRORS, DATE_INPUT
from phoihop.organizations.models import Organization

from .domain import OfficialData


def _date(label: Any, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_INPUT,
        input_formats=["%d/%m/%Y"],
        error_messages=DATE_ERRORS,
    )


class OfficialForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    birth_year = forms.IntegerField(label=_("Năm sinh"), required=False, min_value=1900, max_value=2100)
    position = forms.CharField(label=_("Chức vụ hiện nay"), max_length=255, required=False)
    workplace: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Nơi công tác"),
        required=False,
        empty_label=_("— chọn —"),
    )
    started_on = _date(_("Giữ chức vụ từ ngày"))
    is_party_member = forms.BooleanField(label=_("Là đảng viên"), required=False)
    party_organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Sinh hoạt tại tổ chức đảng"),
        required=False,
        empty_label=_("— chọn —"),
    )
    managing_basis = forms.CharField(label=_("Căn cứ phân cấp quản lý"), max_length=300, required=False)
    # on the edit page only: hand the official over to another managing body (domain.set_managing_body)
    managing_body: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Chuyển sang diện cơ quan khác quản lý"),
        required=False,
        empty_label=_("— giữ nguyên —"),
        help_text=_("Sau khi chuyển, cơ quan mới quản lý và sửa hồ sơ; ghi căn cứ ở ô trên."),
    )

    def __init__(
        self, *args: Any, organizations: QuerySet[Organization], editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workplace"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["party_organization"].queryset = organizations  # type: ignore[attr-defined]
        if editing:
            self.fields["managing_body"].queryset = organizations  # type: ignore[attr-defined]
        else:
            del self.fields["managing_body"]

    def data_of(self) -> OfficialData:
        c = self.cleaned_data
        started: dt.date | None = c.get("started_on")
        return OfficialData(
            full_name=c["full_name"],
            birth_year=c.get("birth_year"),
            position=c.get("position") or "",
            workplace=c.get("workplace"),
            is_party_member=bool(c.get("is_party_member")),
            party_organization=c.get("party_organization"),
            managing_basis=c.get("managing_basis") or "",
            started_on=started,
        )
