"""What the report pages share: the day, the year of a list, list length, file names, domain errors on a
form."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import HttpRequest
from django.utils import timezone

from phoihop.common.clock import local_date
from phoihop.common.errors import DomainError

LIST_LIMIT = 300
ZIP_TYPE = "application/zip"


def today() -> dt.date:
    return local_date(timezone.now())


def year_of(request: HttpRequest) -> int:
    raw = request.GET.get("nam", "")
    if raw.isascii() and raw.isdecimal() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return today().year


def years_around(year: int) -> list[int]:
    return [year - 1, year, year + 1]


def domain_error_to(form: forms.Form, exc: DomainError) -> None:
    errors = getattr(exc, "errors", None)
    field = exc.field if exc.field in form.fields else None
    if errors:
        for e in errors:
            form.add_error(field, e)
    else:
        form.add_error(field, exc.message)
