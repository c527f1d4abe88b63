"""System checks of the protected identities (issue 13, point 5): without keys (and not in "metadata only"
mode) or with a bad key, `manage.py check` / `migrate` / `runserver` / `check --deploy` refuse to start with a
clear message, instead of a 500 at the first petition."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from .crypto import METADATA_ONLY, MODES, NO_KEYS, IdentityKeyError, parse_keys


@register()
def identity_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    mode = str(getattr(settings, "PHOIHOP_IDENTITY_MODE", "encrypted"))
    if mode not in MODES:
        return [
            Error(
                f"PHOIHOP_IDENTITY_MODE={mode}: chỉ nhận “encrypted” (mặc định) hoặc “{METADATA_ONLY}”.",
                id="identities.E003",
            )
        ]
    keys = list(getattr(settings, "PHOIHOP_IDENTITY_KEYS", []))
    if not keys:
        if mode == METADATA_ONLY:
            return []
        return [Error(NO_KEYS, id="identities.E001")]
    try:
        parse_keys(keys)
    except IdentityKeyError as exc:
        return [Error(str(exc), id="identities.E002")]
    return []
