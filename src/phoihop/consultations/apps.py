from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from phoihop.accounts.types import Actor


class ConsultationsConfig(AppConfig):
    name = "phoihop.consultations"
    label = "consultations"
    verbose_name = "Phối hợp, xin ý kiến"

    def ready(self) -> None:
        from phoihop.workdays.signals import calendar_changed

        from .domain.sweep import recompute_open_deadlines

        def on_calendar_changed(
            sender: object, reason: str = "", actor: Actor | None = None, **kwargs: object
        ) -> None:
            recompute_open_deadlines(reason, actor=actor)

        calendar_changed.connect(
            on_calendar_changed, dispatch_uid="consultations.recompute_deadlines", weak=False
        )
