from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks


def check_legal_files(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """`manage.py check` (and every start) refuses a broken legal time-limit file: file, field and reason."""
    from .rules import all_rules, reload
    from .schema import LegalDataError

    reload()
    try:
        all_rules()
    except LegalDataError as exc:
        return [checks.Error(str(exc), id="legal.E001")]
    return []


class LegalConfig(AppConfig):
    """The legal time limits as data (data/legal/); no models: an app for its check and `check_legal`."""

    name = "phoihop.legal"
    label = "legal"
    verbose_name = "Thời hạn pháp định"

    def ready(self) -> None:
        checks.register(check_legal_files)
