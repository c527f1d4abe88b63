"""Keeping an identity the law protects (issue 13, point 5): the one entry point other domains call.

SKELETON: the encryption (MultiFernet, keys from the environment), the custodians' reading with a reason, key
rotation and the "metadata only" setting are the identities part's work; this stub keeps nothing but a handle.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from ..models import Identity


@dataclass(frozen=True)
class Person:
    """What a clerk types about a person: never stored in plain text, never logged."""

    name: str
    address: str = ""
    contact: str = ""

    def __repr__(self) -> str:  # never in a log or a traceback
        return "Person(<protected>)"


def new_handle() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "NG-" + "".join(secrets.choice(alphabet) for _ in range(8))


def protect(*, organization_id: int, person: Person, actor: Any) -> Identity:
    """Store `person` as a protected identity kept by `organization_id`; returns it (show its `handle`)."""
    return Identity.objects.create(organization_id=organization_id, handle=new_handle(), created_by=actor)
