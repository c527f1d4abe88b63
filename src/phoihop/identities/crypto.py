"""The encryption of protected identities (issue 13, point 5): Fernet tokens (AES-128-CBC + HMAC-SHA256, from
`cryptography`) under a MultiFernet of the keys in settings.PHOIHOP_IDENTITY_KEYS (the environment's
PHOIHOP_IDENTITY_KEYS, separate from SECRET_KEY): the first key encrypts, every key decrypts, and
`manage.py rotate_identity_keys` re-encrypts every token with the first one.

A keyed fingerprint of the normalised name (HMAC-SHA256 under a key derived from the first identity key, never
the plain name) lets the duplicates detection recognise the same sender without reading any identity.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from phoihop.formats.vi.collation import fold

__all__ = [
    "METADATA_ONLY",
    "InvalidToken",
    "IdentityKeyError",
    "cipher",
    "decrypt",
    "encrypt",
    "fingerprint",
    "metadata_only",
    "normalise_name",
    "parse_keys",
]

METADATA_ONLY = "metadata_only"
ENCRYPTED = "encrypted"
MODES = (ENCRYPTED, METADATA_ONLY)
NO_KEYS = (
    "Chưa có khóa mã hóa danh tính: đặt biến môi trường PHOIHOP_IDENTITY_KEYS (các khóa Fernet, cách nhau "
    "bởi dấu phẩy, khóa đầu tiên dùng để mã hóa; khác SECRET_KEY) hoặc PHOIHOP_IDENTITY_KEYS_FILE, hoặc đặt "
    "PHOIHOP_IDENTITY_MODE=metadata_only để không lưu danh tính trong hệ thống."
)


class IdentityKeyError(ImproperlyConfigured):
    """The identity keys are missing or one is not a Fernet key (the message never shows a key)."""


def parse_keys(keys: list[str] | tuple[str, ...]) -> MultiFernet:
    """A MultiFernet of `keys` (the first encrypts); IdentityKeyError naming the position of a bad key."""
    if not keys:
        raise IdentityKeyError(NO_KEYS)
    fernets = []
    for i, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key.encode("ascii")))
        except (ValueError, UnicodeError, TypeError) as exc:
            raise IdentityKeyError(
                f"Khóa mã hóa danh tính thứ {i} không hợp lệ: cần một khóa Fernet (32 byte, base64 URL-safe; "
                "tạo bằng: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')."
            ) from exc
    return MultiFernet(fernets)


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return parse_keys(keys)


def cipher() -> MultiFernet:
    """The MultiFernet of the configured keys (cached per key set: a test overriding the setting gets its own)."""
    return _cipher(tuple(settings.PHOIHOP_IDENTITY_KEYS))


def metadata_only() -> bool:
    """The deployment keeps no identity at all (PHOIHOP_IDENTITY_MODE=metadata_only)."""
    return str(getattr(settings, "PHOIHOP_IDENTITY_MODE", ENCRYPTED)) == METADATA_ONLY


def encrypt(text: str) -> str:
    """A Fernet token of `text` under the first key; "" for an empty text."""
    return cipher().encrypt(text.encode("utf-8")).decode("ascii") if text else ""


def decrypt(token: str) -> str:
    """The text of a token (any configured key); "" for an empty token. Raises InvalidToken."""
    return cipher().decrypt(token.encode("ascii")).decode("utf-8") if token else ""


def normalise_name(name: str) -> str:
    """NFC, lower case, no diacritics, words in order: "Nguyễn  Thị Hồng Nhung" → "nguyen thi hong nhung"."""
    return fold(unicodedata.normalize("NFC", name))


@lru_cache(maxsize=4)
def _fingerprint_key(first: str) -> bytes:
    # a key of its own, derived from the first identity key: the fingerprint never reveals the Fernet key
    raw = base64.urlsafe_b64decode(first.encode("ascii"))
    return hmac.new(raw, b"phoihop identity name fingerprint v1", hashlib.sha256).digest()


def fingerprint(name: str) -> str:
    """A keyed fingerprint (hex HMAC-SHA256) of the normalised name; "" for an empty name. The same person typed
    with or without diacritics or extra spaces gets the same fingerprint; nobody without the key can compute it."""
    normal = normalise_name(name)
    if not normal:
        return ""
    keys = tuple(settings.PHOIHOP_IDENTITY_KEYS)
    if not keys:
        raise IdentityKeyError(NO_KEYS)
    return hmac.new(_fingerprint_key(keys[0]), normal.encode("utf-8"), hashlib.sha256).hexdigest()
