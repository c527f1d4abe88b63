"""Helpers for the reports API tests: login, JSON posts, a filled .xlsx template, a snapshot of everything an
action could change (to assert that refused input changed nothing)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from phoihop.audit.models import AuditEvent
from phoihop.notifications.models import Notification
from phoihop.reports.domain.xlsx import XLSX_TYPE, template
from phoihop.reports.models import ReportCopy, ReportRequest, ReportSlot, ReportSubmission

from .conftest import FIGURES_003

API = "/api/v1/reports"


def login(client: Any, user: Any) -> Any:
    """Token authentication (a session would expire when a test moves the clock to 2027)."""
    token, _ = Token.objects.get_or_create(user=user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


def post_json(client: Any, url: str, data: Any = None) -> Any:
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def org(o: Any) -> dict[str, Any]:
    return {"id": o.pk, "code": o.code, "name": o.name, "abbreviation": o.abbreviation}


def snapshot() -> tuple[Any, ...]:
    """Every row an action on reports may write."""
    return (
        sorted(
            ReportSlot.objects.values_list(
                "pk", "state", "late", "first_sent_at", "last_sent_at", "accepted_at", "return_reason"
            )
        ),
        sorted(
            ReportSubmission.objects.values_list(
                "pk", "slot_id", "version", "state", "original_name", "note", "sent_at", "approved_by_id"
            )
        ),
        [(s.pk, s.figures) for s in ReportSubmission.objects.order_by("pk")],
        ReportCopy.objects.count(),
        ReportRequest.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def filled_xlsx(slot: Any, edit: Any = None, figures: dict[str, Any] | None = None) -> SimpleUploadedFile:
    """The slot's template filled with FIGURES_003 (or `figures`), then edited by `edit(ws)`."""
    figures = figures if figures is not None else FIGURES_003
    indicators = list(slot.obligation.indicators.all())
    wb = load_workbook(io.BytesIO(template(slot.obligation, indicators, period=slot.period_label)))
    ws = wb.active
    for i, ind in enumerate(indicators):
        ws.cell(row=4 + i, column=3, value=figures[ind.code])
    if edit:
        edit(ws)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("so-lieu.xlsx", out.getvalue(), content_type=XLSX_TYPE)


def with_raw_cell(upload: SimpleUploadedFile, marker: int, raw: str) -> SimpleUploadedFile:
    """The same workbook with the numeric cell holding `marker` rewritten to the raw XML value `raw`."""
    src = zipfile.ZipFile(io.BytesIO(upload.read()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(f"<v>{marker}</v>".encode(), f"<v>{raw}</v>".encode())
            dst.writestr(item, data)
    return SimpleUploadedFile("so-lieu.xlsx", out.getvalue(), content_type=XLSX_TYPE)


def xlsx_rows(content: bytes, min_row: int = 1) -> list[list[Any]]:
    ws = load_workbook(io.BytesIO(content)).active
    return [list(r) for r in ws.iter_rows(min_row=min_row, values_only=True)]
