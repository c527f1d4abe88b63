"""An identity the law protects (a denouncer's name, address and contact: Law on Denunciations 2018 Art. 47
and following; Chỉ thị 27-CT/TW; 002 II.3; 004 3.11), and the custodians a body designates to read it.

The name, address and contact live only in the `*_token` columns, encrypted (Fernet tokens, keys from the
environment, never `SECRET_KEY`); everything else in the system shows the pseudonymous `handle`. With the
deployment setting "metadata only" the tokens stay empty and the identity stays in the paper register.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Identity(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan lưu giữ"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # shown instead of the person everywhere (lists, transfers, exports, notifications, audit summaries)
    handle = models.CharField(_("bí danh"), max_length=40, unique=True)
    name_token = models.TextField(blank=True)
    address_token = models.TextField(blank=True)
    contact_token = models.TextField(blank=True)
    # "metadata only": nothing but the handle is kept; the identity stays in the paper register
    metadata_only = models.BooleanField(_("chỉ lưu siêu dữ liệu"), default=False)
    # a keyed HMAC of the normalised name (crypto.fingerprint): the same sender recognised, never the name
    name_fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("danh tính được bảo vệ")
        verbose_name_plural = _("danh tính được bảo vệ")
        indexes = [models.Index(fields=["organization", "id"], name="identity_org_idx")]

    def __str__(self) -> str:
        return self.handle

    def get_absolute_url(self) -> str:
        return reverse("identity-detail", args=[self.pk])


class Custodian(models.Model):
    """A user a body designates to read the identities it keeps; each reading is asked with a reason and audited."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người được giao"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    designated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    designated_on = models.DateField(_("ngày giao"))
    ended_on = models.DateField(_("ngày thôi"), null=True, blank=True)

    class Meta:
        verbose_name = _("người quản lý danh tính")
        verbose_name_plural = _("người quản lý danh tính")
        indexes = [models.Index(fields=["user", "organization"], name="custodian_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.organization_id}"
