from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.organizations.enums import Level, OrganizationKind

from ..enums import ContentSection, DocType, PartyRole


class Regulation(models.Model):
    """One version of a coordination regulation, loaded from data/regulations/<code>.yaml. A version's rows
    are never changed after loading (only superseded_by/at are set when a newer version arrives)."""

    code = models.CharField(_("mã"), max_length=10, db_index=True, help_text=_("000 … 004"))
    version = models.PositiveIntegerField(_("phiên bản"))
    number = models.CharField(_("số hiệu"), max_length=60, blank=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocType.choices)
    title = models.TextField(_("tên văn bản"))
    short_title = models.CharField(_("tên ngắn"), max_length=200)
    subject = models.TextField(_("lĩnh vực phối hợp"), blank=True)
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=200)
    issuer_kind = models.CharField(
        _("loại cơ quan ban hành"), max_length=40, choices=OrganizationKind.choices
    )
    issuer_level = models.CharField(_("cấp cơ quan ban hành"), max_length=20, choices=Level.choices)
    signer = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    effective_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    effective_note = models.CharField(_("ghi chú hiệu lực"), max_length=300, blank=True)
    replaces = models.CharField(_("thay thế văn bản"), max_length=300, blank=True)
    source_file = models.CharField(_("tệp nguồn"), max_length=200)
    province = models.CharField(_("tỉnh"), max_length=100, blank=True)
    district = models.CharField(_("huyện"), max_length=100, blank=True)
    context_note = models.TextField(_("bối cảnh"), blank=True)
    adopted_level = models.CharField(
        _("cấp địa bàn áp dụng"), max_length=20, choices=Level.choices, blank=True
    )
    adopted_area = models.CharField(_("địa bàn áp dụng"), max_length=200, blank=True)
    adoption_note = models.TextField(_("ghi chú áp dụng"), blank=True)
    partner_to_partner = models.BooleanField(_("cơ quan phối hợp được đề nghị lẫn nhau"), default=False)
    partner_to_partner_article = models.CharField(
        _("căn cứ đề nghị giữa cơ quan phối hợp"), max_length=120, blank=True
    )
    derivation_note = models.TextField(
        _("ban hành quy chế cấp dưới"),
        blank=True,
        help_text=_("Khi văn bản giao cấp dưới ban hành quy chế theo mẫu."),
    )
    full_text = models.TextField(_("toàn văn"))
    content_hash = models.CharField(_("mã băm nội dung"), max_length=64)
    data = models.JSONField(_("dữ liệu gốc"))
    loaded_at = models.DateTimeField(_("nạp lúc"))
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("được thay bằng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    superseded_at = models.DateTimeField(_("bị thay lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("quy chế")
        verbose_name_plural = _("quy chế")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="regulation_code_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.display_name} (phiên bản {self.version})"

    @property
    def display_name(self) -> str:
        """What users see: the document number, or the short title when the text has no number."""
        return self.number or self.short_title

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None

    def parties_with_role(self, role: str) -> list[Party]:
        return [p for p in self.parties.all() if p.role == role]

    @property
    def lead(self) -> Party | None:
        leads = self.parties_with_role(PartyRole.LEAD)
        return leads[0] if leads else None

    @property
    def partners(self) -> list[Party]:
        return self.parties_with_role(PartyRole.PARTNER)

    @property
    def authorities(self) -> list[Party]:
        return self.parties_with_role(PartyRole.AUTHORITY)

    def role_of(self, kind: str, level: str) -> str | None:
        """PartyRole.LEAD or PartyRole.PARTNER for an organisation of this kind and level, else None."""
        for p in self.parties.all():
            if p.role in (PartyRole.LEAD, PartyRole.PARTNER) and p.kind == kind and p.level == level:
                return p.role
        return None

    def kind_rule(self, kind: str) -> Any:
        """The RequestKindRule of this version for one request kind (prefetch-friendly), or None."""
        return next((r for r in self.request_kind_rules.all() if r.kind == kind), None)

    def binds(self, kind: str, level: str) -> bool:
        """True if an organisation of this kind and level is the lead or a partner of this version."""
        return self.role_of(kind, level) is not None


class Party(models.Model):
    """The lead body, a partner, or the authority deciding on disagreement, by organisation kind and level."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("vai trò"), max_length=20, choices=PartyRole.choices)
    kind = models.CharField(_("loại tổ chức"), max_length=40, choices=OrganizationKind.choices, db_index=True)
    level = models.CharField(_("cấp"), max_length=20, choices=Level.choices, db_index=True)
    name = models.CharField(_("tên trong văn bản"), max_length=255)
    note = models.TextField(_("ghi chú"), blank=True)
    article = models.CharField(_("căn cứ"), max_length=120, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("bên tham gia")
        verbose_name_plural = _("bên tham gia")
        ordering = ["regulation", "order"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"


class Content(models.Model):
    """A numbered item of the text: a coordination content, a duty of one side, a principle or a method."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="contents")
    section = models.CharField(_("phần"), max_length=20, choices=ContentSection.choices)
    ref = models.CharField(_("điều, khoản"), max_length=120)
    actor = models.CharField(_("bên thực hiện"), max_length=255, blank=True)
    text = models.TextField(_("nội dung"))
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nội dung")
        verbose_name_plural = _("nội dung")
        ordering = ["regulation", "section", "order"]

    def __str__(self) -> str:
        return f"{self.ref}: {self.text[:60]}"


class Reading(models.Model):
    """How the system reads a vague rule (kept visible next to the rule so a clerk can check it)."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="readings")
    target = models.CharField(
        _("áp dụng cho"), max_length=120, help_text=_("consultation, consultation.extension, reports.<mã>, …")
    )
    text = models.TextField(_("cách hiểu"))
    source = models.CharField(_("nguồn"), max_length=20)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("cách hiểu")
        verbose_name_plural = _("cách hiểu")
        ordering = ["regulation", "order"]

    def __str__(self) -> str:
        return f"{self.target}: {self.text[:60]}"


def actor_labels(actors: list[dict[str, Any]]) -> str:
    return ", ".join(str(a.get("name", "")) for a in actors)
