from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Official(models.Model):
    """An official or party member (cán bộ, đảng viên): who manages them (diện … quản lý), where they work."""

    full_name = models.CharField(_("họ và tên"), max_length=200)
    # formats.vi.collation.fold(full_name): the diacritics-insensitive search key ("nguyen van an")
    name_key = models.CharField(_("khóa tìm kiếm"), max_length=200, db_index=True, editable=False)
    # officials.naming.collation_key(full_name): plain string order = Vietnamese order (the list's keyset index)
    sort_name = models.CharField(_("khóa sắp xếp"), max_length=802, default="", editable=False)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    position = models.CharField(_("chức vụ hiện nay"), max_length=255, blank=True)
    workplace = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("nơi công tác"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officials_working",
    )
    is_party_member = models.BooleanField(_("là đảng viên"), default=False)
    party_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("sinh hoạt tại tổ chức đảng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    managing_body = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan quản lý (diện … quản lý)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_officials",
    )
    managing_basis = models.CharField(
        _("căn cứ phân cấp quản lý"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ: Quy định số 80-QĐ/TW về phân cấp quản lý cán bộ."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("cán bộ, đảng viên")
        verbose_name_plural = _("cán bộ, đảng viên")
        ordering = ["name_key", "id"]
        indexes = [
            models.Index(fields=["workplace", "name_key", "id"], name="official_workplace_idx"),
            models.Index(fields=["managing_body", "name_key", "id"], name="official_managing_idx"),
            models.Index(fields=["workplace", "sort_name", "id"], name="official_workplace_sort_idx"),
            models.Index(fields=["managing_body", "sort_name", "id"], name="official_managing_sort_idx"),
            models.Index(fields=["sort_name", "id"], name="official_sort_idx"),
        ]
        constraints = [
            # the same person is registered once (the import's duplicate check: queries.find_same)
            models.UniqueConstraint(
                fields=["name_key", "birth_year", "workplace"], name="one_official_per_name_year_workplace"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("official-detail", args=[self.pk])


class OfficialPosition(models.Model):
    """One position an official held (history of position and workplace)."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="positions")
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("nơi công tác"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("chức vụ"), max_length=255)
    started_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("quá trình công tác")
        verbose_name_plural = _("quá trình công tác")
        ordering = ["official_id", "-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["official"], condition=models.Q(ended_on__isnull=True), name="one_current_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.organization}"


class OfficialMembership(models.Model):
    """Membership of a mass organisation (Hội Phụ nữ, Công đoàn, Hội Cựu chiến binh, Đoàn Thanh niên…)."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("vai trò"), max_length=120, blank=True)
    started_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("tổ chức tham gia")
        verbose_name_plural = _("tổ chức tham gia")
        ordering = ["official_id", "id"]

    def __str__(self) -> str:
        return str(self.organization)


class SupervisionAssignment(models.Model):
    """An official assigned to an organisation for supervision at their workplace (002 III.1–2, IV.3)."""

    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="supervisions")
    supervisor = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("tổ chức giám sát"),
        on_delete=models.PROTECT,
        related_name="supervised_officials",
    )
    listed_with = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan cùng lập danh sách"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Ban Tổ chức Tỉnh ủy (Chương trình phối hợp, mục III.1)."),
    )
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("cán bộ được phân công giám sát")
        verbose_name_plural = _("cán bộ được phân công giám sát")
        ordering = ["supervisor_id", "official_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["official", "supervisor"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_supervision_per_official_supervisor",
            )
        ]

    def __str__(self) -> str:
        return f"{self.official} — {self.supervisor}"
