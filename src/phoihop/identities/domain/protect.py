"""Keeping an identity the law protects (issue 13, point 5): the one entry point other domains call.

`protect()` stores a person's name, address and contact encrypted (crypto.py: MultiFernet, keys from the
environment, never SECRET_KEY) with a keyed fingerprint of the normalised name, and returns the Identity whose
pseudonymous `handle` is all that anything else shows. With PHOIHOP_IDENTITY_MODE=metadata_only nothing but the
handle is kept (`metadata_only=True`): the identity stays in the body's paper register.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from phoihop.accounts.types import Actor
from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.errors import DomainError

from .. import crypto
from ..models import Identity

__all__ = ["Person", "fingerprint", "new_handle", "protect", "reveal"]

UNREADABLE = (
    "Không giải mã được danh tính này bằng các khóa đang cấu hình (PHOIHOP_IDENTITY_KEYS): hãy báo quản trị "
    "hệ thống."
)


@dataclass(frozen=True)
class Person:
    """What a clerk types about a person: never stored in plain text, never logged."""

    name: str
    address: str = ""
    contact: str = ""

    def __repr__(self) -> str:  # never in a log or a traceback
        return "Person(<protected>)"

    __str__ = __repr__


def new_handle() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "NG-" + "".join(secrets.choice(alphabet) for _ in range(8))


def fingerprint(name: str) -> str:
    """The keyed fingerprint of a name as protect() stores it (Identity.name_fingerprint): the duplicates
    detection compares these, never names. "" in "metadata only" mode (nothing of the person is kept)."""
    return "" if crypto.metadata_only() else crypto.fingerprint(name)


def protect(*, organization_id: int, person: Person, actor: Actor) -> Identity:
    """Store `person` as a protected identity kept by `organization_id`; returns it (show its `handle`).
    Audited (the handle only, never the person) in the caller's transaction or its own."""
    name, address, contact = (person.name.strip(), person.address.strip(), person.contact.strip())
    keep = not crypto.metadata_only()
    if keep and not name:
        raise DomainError("Hãy nhập họ tên người gửi đơn.", field="name")
    fields: dict[str, str | bool] = (
        {
            "name_token": crypto.encrypt(name),
            "address_token": crypto.encrypt(address),
            "contact_token": crypto.encrypt(contact),
            "name_fingerprint": crypto.fingerprint(name),
        }
        if keep
        else {"metadata_only": True}
    )
    with transaction.atomic():
        lock_chain()
        for attempt in range(5):
            try:
                with transaction.atomic():
                    identity = Identity.objects.create(
                        organization_id=organization_id, handle=new_handle(), created_by=actor, **fields
                    )
                break
            except IntegrityError:  # the handle was taken (1 in 32^8): draw another
                if attempt == 4:
                    raise
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=identity,
            summary=f"Lưu danh tính được bảo vệ {identity.handle}"
            + (" (chỉ siêu dữ liệu: danh tính ở sổ giấy)" if not keep else ""),
            data={"handle": identity.handle, "metadata_only": not keep},
        )
    return identity


def reveal(identity: Identity) -> Person:
    """The person behind an identity, decrypted (callers: the custodian's audited reading, key rotation).
    DomainError when no configured key opens it; an identity kept as metadata only reveals nothing."""
    if identity.metadata_only:
        return Person(name="")
    try:
        return Person(
            name=crypto.decrypt(identity.name_token),
            address=crypto.decrypt(identity.address_token),
            contact=crypto.decrypt(identity.contact_token),
        )
    except crypto.InvalidToken as exc:
        raise DomainError(UNREADABLE, code="undecryptable") from exc
