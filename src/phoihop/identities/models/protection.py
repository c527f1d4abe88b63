"""A request to protect a denouncer (yêu cầu bảo vệ: Law on Denunciations 2018 Art. 47 and following; Chỉ thị
27-CT/TW; 004 3.11): the measures asked for, the measures taken and their follow-up. It names the person only
through the protected identity (its handle); custodians alone see it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import ProtectionState


class ProtectionRequest(models.Model):
    identity = models.ForeignKey(
        "identities.Identity", verbose_name=_("người được bảo vệ"), on_delete=models.PROTECT, related_name="+"
    )
    # the body keeping the identity (the identity's own): its custodians handle the request
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField(_("ngày yêu cầu"))
    measures_requested = models.TextField(_("biện pháp đề nghị"))
    measures_taken = models.TextField(_("biện pháp đã áp dụng"), blank=True)
    follow_up_on = models.DateField(_("hạn theo dõi tiếp"), null=True, blank=True)
    follow_up_note = models.TextField(_("kết quả theo dõi gần nhất"), blank=True)
    # the sweep told the custodians that `follow_up_on` came (reset when a new follow-up date is set)
    follow_up_flagged = models.BooleanField(_("đã nhắc hạn theo dõi"), default=False)
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=ProtectionState.choices, default=ProtectionState.OPEN
    )
    decided_on = models.DateField(_("ngày quyết định áp dụng"), null=True, blank=True)
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    end_reason = models.TextField(_("lý do kết thúc"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("yêu cầu bảo vệ")
        verbose_name_plural = _("yêu cầu bảo vệ")
        indexes = [
            models.Index(fields=["organization", "-id"], name="protection_org_idx"),
            models.Index(fields=["identity", "-id"], name="protection_identity_idx"),
            models.Index(
                fields=["follow_up_on"],
                name="protection_follow_up_idx",
                condition=models.Q(state__in=["open", "in_force"], follow_up_flagged=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk}: {self.identity_id}"

    def get_absolute_url(self) -> str:
        return reverse("identity-detail", args=[self.identity_id])
