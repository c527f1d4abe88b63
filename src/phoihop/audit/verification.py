"""Checking the audit chain (`manage.py audit verify`): walk the events in chain order, recompute each hash,
and stop at the first event whose content or link does not match."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .chain import GENESIS, event_hash
from .models import AuditEvent

BATCH = 2000
FIELDS = (
    "id",
    "seq",
    "at",
    "actor_id",
    "action",
    "target_type",
    "target_id",
    "summary",
    "data",
    "prev_hash",
    "hash",
)


@dataclass(frozen=True)
class Break:
    """The first event where the chain does not hold."""

    id: int
    seq: int
    at: dt.datetime
    reason: str


@dataclass(frozen=True)
class Result:
    count: int  # events checked (all of them when the chain holds)
    last_seq: int  # 0 when there is no event
    last_hash: str  # GENESIS when there is no event
    broken: Break | None


def _events() -> Iterator[dict[str, Any]]:
    last = -1
    while batch := list(AuditEvent.objects.filter(seq__gt=last).order_by("seq").values(*FIELDS)[:BATCH]):
        yield from batch
        last = batch[-1]["seq"]


def verify() -> Result:
    count, prev_seq, prev_hash = 0, 0, GENESIS
    for row in _events():
        stored_hash = row.pop("hash")
        event_id = row.pop("id")
        reason = None
        if event_hash(**row) != stored_hash:
            reason = "nội dung không khớp mã băm đã ghi: sự kiện đã bị sửa sau khi ghi"
        elif row["prev_hash"] != prev_hash:
            if row["seq"] > prev_seq + 1:
                missing = (
                    f"số {prev_seq + 1}"
                    if row["seq"] == prev_seq + 2
                    else f"số {prev_seq + 1} đến {row['seq'] - 1}"
                )
                reason = f"không nối tiếp sự kiện trước: thiếu sự kiện {missing} (đã bị xóa)"
            elif prev_seq == 0:
                reason = "sự kiện đầu tiên không bắt đầu chuỗi (mã băm trước phải là 64 số 0)"
            else:
                reason = f"mã băm trước không khớp sự kiện số {prev_seq}: sự kiện đó đã bị sửa hoặc thay thế"
        elif row["seq"] != prev_seq + 1:
            reason = f"số thứ tự {row['seq']} không nối tiếp số {prev_seq}"
        if reason is not None:
            return Result(count, prev_seq, prev_hash, Break(event_id, row["seq"], row["at"], reason))
        count, prev_seq, prev_hash = count + 1, row["seq"], stored_hash
    return Result(count, prev_seq, prev_hash, None)
