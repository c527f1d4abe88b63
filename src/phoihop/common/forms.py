"""Form pieces every domain's forms share: a date typed as dd/mm/yyyy (with a picker beside it) and one Vietnamese
error message."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%d/%m/%Y"]
# `data-datepicker`: web/static/phoihop/datepicker.js adds the browser's date picker beside the typed text.
DATE_INPUT = forms.DateInput(
    format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "data-datepicker": ""}
)
DATE_ERRORS = {"invalid": _("Ngày không hợp lệ. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/02/2025.")}
