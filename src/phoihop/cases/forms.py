"""Forms of the case pages (choices from the cases data and the organisation tree; the domain decides)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.formats.vi.collation import sort_key
from phoihop.organizations.enums import OrganizationKind
from phoihop.organizations.models import Organization

from .enums import OfficialRole
from .rules import LOCALITY_LEVELS, STEERING_KIND
from .schema import cases_data


class _VietnameseOrder(forms.ChoiceField):
    """A select of bodies in Vietnamese alphabetical order; cleans to the Organization (read when the form is
    built: a few hundred bodies at most)."""

    def __init__(self, queryset: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.queryset = queryset
        self.choices = self._choices_now

    def _choices_now(self) -> list[tuple[Any, str]]:
        rows = sorted(self.queryset.only("id", "name"), key=lambda o: sort_key(o.name))
        return [("", "---------"), *((o.pk, o.name) for o in rows)]

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if value in ("", None):
            return None
        return self.queryset.filter(pk=int(value)).first()


class OpenCaseForm(forms.Form):
    title = forms.CharField(label=_("Tên vụ án, vụ việc"), max_length=300)
    category = forms.ChoiceField(label=_("Loại"))
    level = forms.ChoiceField(label=_("Diện theo dõi"))
    locality = _VietnameseOrder(
        Organization.objects.filter(kind=OrganizationKind.PARTY_COMMITTEE, level__in=sorted(LOCALITY_LEVELS)),
        label=_("Địa phương"),
    )
    monitor = _VietnameseOrder(
        Organization.objects.filter(kind=STEERING_KIND),
        label=_("Ban Chỉ đạo theo dõi, chỉ đạo"),
        required=False,
        help_text=_("Chỉ với vụ án, vụ việc thuộc diện Ban Chỉ đạo tỉnh theo dõi, chỉ đạo."),
    )
    summary = forms.CharField(label=_("Tóm tắt"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        data = cases_data()
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            (c.code, c.label) for c in data.categories.values()
        ]
        cast(forms.ChoiceField, self.fields["level"]).choices = [
            (lv.code, lv.label) for lv in data.levels.values()
        ]


class MoveStageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Chuyển sang giai đoạn"))
    note = forms.CharField(label=_("Ghi chú"), max_length=2000, required=False)

    def __init__(self, *args: Any, current: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        data = cases_data()
        allowed = data.moves.get(current or "", frozenset()) if current else frozenset(data.stages)
        cast(forms.ChoiceField, self.fields["stage"]).choices = [
            (s.code, s.label) for s in data.stages.values() if s.code in allowed and not s.closing
        ] or [(s.code, s.label) for s in data.stages.values() if not s.closing]


class CloseCaseForm(forms.Form):
    note = forms.CharField(label=_("Kết quả, ghi chú"), max_length=2000, required=False)


class AddOfficialForm(forms.Form):
    official = forms.IntegerField(label=_("Mã cán bộ (trong danh sách cán bộ)"), min_value=1)
    role = forms.ChoiceField(label=_("Vai trò"), choices=OfficialRole.choices)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)


class AddOrganizationForm(forms.Form):
    organization = _VietnameseOrder(Organization.objects.all(), label=_("Cơ quan"))
    role = forms.CharField(label=_("Vai trò"), max_length=300, required=False)


class RequestProgressForm(forms.Form):
    question = forms.CharField(label=_("Nội dung yêu cầu"), widget=forms.Textarea(attrs={"rows": 3}))
    working_days = forms.IntegerField(
        label=_("Thời hạn (ngày làm việc)"), min_value=1, max_value=60, required=False
    )


class AnswerProgressForm(forms.Form):
    answer = forms.CharField(label=_("Nội dung báo cáo tiến độ"), widget=forms.Textarea(attrs={"rows": 3}))
