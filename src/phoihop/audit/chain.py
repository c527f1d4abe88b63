"""The hash chain of the audit trail: pure functions, no ORM (the migrations use them too, so never change
what they compute: every stored hash depends on it).

Each event's hash is SHA-256 over a canonical JSON text of its content and the previous event's hash:

    {"action":…,"actor":<user id or null>,"at":"<UTC ISO, microseconds>","data":{…},"prev_hash":"<64 hex>",
     "seq":<n>,"summary":…,"target_id":…,"target_type":…}

Keys sorted, no whitespace, UTF-8, strings as JSON strings (non-ASCII kept). Numbers are written in one
canonical decimal form (``1``, ``1.5``, ``1E+20``) so that a value reads back the same from SQLite's JSON text and
from PostgreSQL's jsonb (which writes ``1e20`` as ``100000000000000000000`` and ``1.0`` as ``1.0``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

GENESIS = "0" * 64  # the previous hash of the first event
LOCK_KEY = 0x50484F4841554454  # pg_advisory_xact_lock key of the chain's head ("PHOHAUDT")


def canonical(value: Any) -> str:
    """Deterministic JSON text of a JSON value (dict keys are strings)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            return json.dumps(str(number))
        if number == 0:
            return "0"
        return str(number.normalize())
    if isinstance(value, dict):
        items = sorted((str(k), v) for k, v in value.items())
        return "{" + ",".join(f"{canonical(k)}:{canonical(v)}" for k, v in items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def utc_iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def event_hash(
    *,
    seq: int,
    at: dt.datetime,
    actor_id: int | None,
    action: str,
    target_type: str,
    target_id: str,
    summary: str,
    data: Any,
    prev_hash: str,
) -> str:
    content = {
        "seq": seq,
        "at": utc_iso(at),
        "actor": actor_id,
        "action": str(action),
        "target_type": target_type,
        "target_id": target_id,
        "summary": summary,
        "data": data,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical(content).encode()).hexdigest()


def hash_of(event: Any) -> str:
    """The hash an event (a model instance, historical or not) should carry, computed from its fields."""
    return event_hash(
        seq=event.seq,
        at=event.at,
        actor_id=event.actor_id,
        action=event.action,
        target_type=event.target_type,
        target_id=event.target_id,
        summary=event.summary,
        data=event.data,
        prev_hash=event.prev_hash,
    )
