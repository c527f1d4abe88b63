"""`manage.py rotate_identity_keys`: re-encrypt every protected identity with the first key of
PHOIHOP_IDENTITY_KEYS (MultiFernet.rotate) and recompute its name fingerprint under it.

To change keys: put the new key first and keep the old one after it (PHOIHOP_IDENTITY_KEYS=new,old), run this
command, then remove the old key: from then on the old key alone opens nothing. One transaction per chunk of
identities; a token no configured key opens stops the command with its id (exit 1, no traceback), the chunks
before it stay rotated (both keys still open them)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from phoihop.identities import crypto
from phoihop.identities.models import Identity

CHUNK = 500
TOKENS = ("name_token", "address_token", "contact_token")


class Command(BaseCommand):
    help = "Mã hóa lại mọi danh tính được bảo vệ bằng khóa đầu tiên của PHOIHOP_IDENTITY_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            cipher = crypto.cipher()
            crypto.fingerprint("kiểm tra")  # the fingerprint key derives from the first key: check it now
        except crypto.IdentityKeyError as exc:
            raise CommandError(str(exc)) from None
        done = 0
        last = 0
        while True:
            with transaction.atomic():
                rows = list(
                    Identity.objects.select_for_update()
                    .filter(pk__gt=last, metadata_only=False)
                    .order_by("pk")
                    .only("pk", *TOKENS, "name_fingerprint")[:CHUNK]
                )
                if not rows:
                    break
                for identity in rows:
                    try:
                        for field in TOKENS:
                            token = getattr(identity, field)
                            if token:
                                setattr(identity, field, cipher.rotate(token.encode("ascii")).decode("ascii"))
                        identity.name_fingerprint = crypto.fingerprint(crypto.decrypt(identity.name_token))
                    except crypto.InvalidToken:
                        raise CommandError(
                            f"Danh tính số {identity.pk} không giải mã được bằng các khóa đang cấu hình: "
                            "hãy đặt lại khóa cũ vào PHOIHOP_IDENTITY_KEYS (sau khóa mới) rồi chạy lại."
                        ) from None
                Identity.objects.bulk_update(rows, [*TOKENS, "name_fingerprint"])
                done += len(rows)
                last = rows[-1].pk
        self.stdout.write(f"Đã mã hóa lại {done} danh tính bằng khóa đầu tiên.")
