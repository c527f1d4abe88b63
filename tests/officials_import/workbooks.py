"""Workbooks for the import tests, generated with openpyxl: the acceptance's 500 rows and small ones."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from phoihop.officials.domain.importing import OFFICIALS, SUPERVISION, columns_of

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hương", "Khánh", "Lan", "Mai", "Nam")

# the five rows of the acceptance (sheet rows; the header is row 1)
TCVN3_ROW, MISSING_ROW, UNKNOWN_ROW, DUPLICATE_ROW, BAD_DATE_ROW = 17, 50, 120, 300, 410
TCVN3_NAME = "TrÇn V¨n TuÊn"  # "Trần Văn Tuấn" typed with a TCVN3 (ABC) keyboard in a .VnTime font


def xlsx(rows: Sequence[Sequence[Any]], kind: str = OFFICIALS, header: Sequence[str] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(header) if header is not None else [c.header for c in columns_of(kind)])
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def name(k: int) -> str:
    """The k-th of 500 distinct Vietnamese names."""
    return f"{SURNAMES[k % 10]} {MIDDLE[(k // 10) % 5]} {GIVEN[(k // 50) % 10]}"


def official_row(k: int, p: Any) -> list[Any]:
    """Row k (0-based) of the acceptance workbook: the workplace by name, by code or by a folded name."""
    workplace = (p.xa1.name, p.xa2.code, "huyen uy TAY SON")[k % 3]
    started: Any = dt.datetime(2025, 7, 1) if k % 2 else "01/07/2025"  # noqa: DTZ001 (a naive date cell)
    party = "có" if k % 2 else "không"
    party_org = p.xa1.code if k % 2 else ""
    return [
        name(k),
        1970 + k % 30,
        "Chuyên viên",
        workplace,
        party,
        party_org,
        p.btv.name,
        "Quy định 80-QĐ/TW",
        started,
    ]


def acceptance_rows(p: Any) -> list[list[Any]]:
    rows = [official_row(k, p) for k in range(500)]
    rows[TCVN3_ROW - 2][0] = TCVN3_NAME
    rows[MISSING_ROW - 2][2] = ""
    rows[UNKNOWN_ROW - 2][3] = "Phòng Không Tồn Tại"
    rows[DUPLICATE_ROW - 2] = list(rows[DUPLICATE_ROW - 3])
    rows[BAD_DATE_ROW - 2][8] = "31/02/2025"
    return rows


def supervision_xlsx(rows: Sequence[Sequence[Any]]) -> bytes:
    return xlsx(rows, SUPERVISION)
