from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentRegister(models.Model):
    """The yearly outgoing-document register of one organisation (sổ văn bản đi)."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số cuối"), default=0)

    class Meta:
        verbose_name = _("sổ văn bản đi")
        verbose_name_plural = _("sổ văn bản đi")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_register_per_org_year")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}: {self.last_number}"
