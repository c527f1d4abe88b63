from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import DraftKind, DraftState, Position
from .request import Delivery


class AnswerDraft(models.Model):
    """The answer (or extension notice) a recipient body drafts internally, sent once a leader approves it."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="answer_drafts")
    kind = models.CharField(
        _("loại dự thảo"), max_length=12, choices=DraftKind.choices, default=DraftKind.ANSWER
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=DraftState.choices, default=DraftState.DRAFTING
    )
    position = models.CharField(_("ý kiến"), max_length=24, choices=Position.choices, blank=True)
    text = models.TextField(_("nội dung"), blank=True)
    new_deadline = models.DateField(_("hạn mới"), null=True, blank=True)
    extension_reason = models.TextField(_("lý do gia hạn"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người soạn"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("trình lúc"), null=True, blank=True)
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lại"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("dự thảo trả lời")
        verbose_name_plural = _("dự thảo trả lời")
        ordering = ["delivery_id", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["delivery"],
                condition=models.Q(
                    state__in=sorted(
                        [
                            DraftState.DRAFTING.value,
                            DraftState.PENDING_APPROVAL.value,
                            DraftState.RETURNED.value,
                        ]
                    )
                ),
                name="one_live_draft_per_copy",
            )
        ]
        indexes = [models.Index(fields=["state", "delivery"], name="answer_draft_state_idx")]

    def __str__(self) -> str:
        return f"{self.delivery_id}: {self.get_kind_display()} ({self.get_state_display()})"
