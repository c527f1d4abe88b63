"""Form pieces every domain's forms share: a date typed as dd/mm/yyyy with one Vietnamese error message."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%d/%m/%Y"]
DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
DATE_ERRORS = {"invalid": _("Ngày không hợp lệ. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/02/2025.")}
