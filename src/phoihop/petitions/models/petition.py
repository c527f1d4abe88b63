"""A petition (đơn, thư: complaint, denunciation, petition or feedback) in its receiving body's yearly register,
the people who signed it (protected identities, never plain text here), the officials and bodies it concerns,
its legal time limits (one row per rule of data/legal/), its history, and the matter it belongs to when the
same petition reached several bodies or came again.

A transfer (chuyển đơn) is a new petition in the receiving body's register whose `source` is the transferred
one; the first body follows it up (`result_due_on`) until the receiving body reports its result (003 4.1.đ).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import Channel, EventKind, PetitionKind, PetitionState


class Matter(models.Model):
    """One matter across bodies: the petitions that are the same petition sent to several bodies or sent again."""

    title = models.CharField(_("tên vụ việc"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("vụ việc chung")
        verbose_name_plural = _("vụ việc chung")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matter-detail", args=[self.pk])


class Petition(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    year = models.PositiveSmallIntegerField(_("năm sổ"))
    number = models.PositiveIntegerField(_("số vào sổ"))
    received_on = models.DateField(_("ngày nhận"))
    channel = models.CharField(_("nguồn đơn"), max_length=20, choices=Channel.choices)
    kind = models.CharField(_("loại đơn"), max_length=20, choices=PetitionKind.choices)
    title = models.CharField(_("trích yếu"), max_length=300)
    # stored with every signer's name, address and contact replaced by their handle (a redacted text: what a
    # transfer carries); the identities themselves live only in identities.Identity
    content = models.TextField(_("nội dung"))
    anonymous = models.BooleanField(_("đơn nặc danh"), default=False)
    signer_count = models.PositiveIntegerField(_("số người ký"), default=1)
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=PetitionState.choices, default=PetitionState.RECEIVED
    )
    # classification (phân loại)
    within_competence = models.BooleanField(_("thuộc thẩm quyền"), null=True, blank=True)
    complex = models.BooleanField(_("phức tạp"), default=False)
    prolonged = models.BooleanField(_("kéo dài"), default=False)
    backlog = models.BooleanField(_("tồn đọng"), default=False)
    mass = models.BooleanField(_("đông người"), default=False)
    classified_on = models.DateField(_("ngày phân loại"), null=True, blank=True)
    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True)
    decided_on = models.DateField(_("ngày quyết định xử lý"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến xử lý"), blank=True)
    # a transfer: the petition it came from (in another body's register) ...
    source = models.ForeignKey(
        "self",
        verbose_name=_("đơn được chuyển từ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers",
    )
    # ... and, on the transferred one, where it went and the follow-up until the result comes back (003 4.1.đ)
    transferred_to = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("chuyển đến"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transfer_letter = models.CharField(_("số văn bản chuyển đơn"), max_length=100, blank=True)
    transferred_on = models.DateField(_("ngày chuyển"), null=True, blank=True)
    result_due_on = models.DateField(_("hạn báo cáo kết quả"), null=True, blank=True)
    result_overdue = models.BooleanField(_("quá hạn báo cáo kết quả"), default=False)
    result_text = models.TextField(_("kết quả giải quyết"), blank=True)
    result_on = models.DateField(_("ngày có kết quả"), null=True, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    # mass or complex complaints reported to the province's Ban Nội chính (003 4.2.c): it then sees the petition
    reported_to = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("đã báo cáo Ban Nội chính"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_on = models.DateField(_("ngày báo cáo Ban Nội chính"), null=True, blank=True)
    matter = models.ForeignKey(
        Matter,
        verbose_name=_("vụ việc chung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petitions",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("vụ án, vụ việc"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petitions",
    )
    # normalised (NFC, lower case, without diacritics) title + content: search and duplicate detection
    search_text = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("đơn thư")
        verbose_name_plural = _("đơn thư")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "number"], name="petition_register_unique"
            )
        ]
        indexes = [
            models.Index(fields=["organization", "-received_on", "-id"], name="petition_register_idx"),
            models.Index(fields=["transferred_to", "-id"], name="petition_transferred_idx"),
            # the work queue's sources (to decide, to report, result overdue) on every page's menu count: a body's
            # open petitions without reading its whole register (bench/README.md: 580 ms → 20 ms at 250,000)
            models.Index(fields=["organization", "state", "result_overdue"], name="petition_open_work_idx"),
            models.Index(
                fields=["result_due_on"],
                name="petition_result_due_idx",
                condition=models.Q(state="transferred", result_overdue=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.register_code} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("petition-detail", args=[self.pk])

    @property
    def register_code(self) -> str:
        return f"{self.number}/{self.year}"


class PetitionSigner(models.Model):
    """A person who signed the petition: only a protected identity (its handle outside the custodians)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signers")
    identity = models.ForeignKey("identities.Identity", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["petition_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.identity_id}"


class PetitionWord(models.Model):
    """One distinct word of a petition's folded text (`petitions.words`), with its body and day: the register's
    search reads the rarest query word's rows on (organization, word) instead of every petition's text."""

    # (petition, word) is unique: that index serves the petition's own words, no separate one on petition
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="words", db_index=False)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    word = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("từ của đơn")
        verbose_name_plural = _("từ của đơn")
        constraints = [models.UniqueConstraint(fields=["petition", "word"], name="petition_word_unique")]
        indexes = [models.Index(fields=["organization", "word", "petition"], name="petition_word_idx")]

    def __str__(self) -> str:
        return self.word


class PetitionSubject(models.Model):
    """An official (from the registry) or a body the petition concerns."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="subjects")
    official = models.ForeignKey(
        "officials.Official", null=True, blank=True, on_delete=models.PROTECT, related_name="petitions"
    )
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["official", "petition"], name="petition_subject_official_idx"),
            models.Index(fields=["organization", "petition"], name="petition_subject_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.official_id or self.organization_id}"


class PetitionAttachment(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to="petitions/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"))
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    # a file without the signers' identity: the only kind a transfer carries
    redacted = models.BooleanField(_("bản đã che thông tin người gửi"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name


class PetitionDeadline(models.Model):
    """One legal time limit that applies to a petition (a rule of data/legal/), stored so that the sweep probes
    one index: counted from `starts_on`, due at the end of `due_on` (or `extended_to`)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="deadlines")
    rule = models.CharField(_("quy định về thời hạn"), max_length=60)
    starts_on = models.DateField(_("tính từ ngày"))
    due_on = models.DateField(_("hạn"))
    extended_to = models.DateField(_("gia hạn đến"), null=True, blank=True)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    overdue = models.BooleanField(_("quá hạn"), default=False)

    class Meta:
        verbose_name = _("thời hạn")
        verbose_name_plural = _("thời hạn")
        constraints = [models.UniqueConstraint(fields=["petition", "rule"], name="petition_deadline_unique")]
        indexes = [
            models.Index(
                fields=["due_on"],
                name="petition_deadline_due_idx",
                condition=models.Q(done_on__isnull=True, overdue=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.rule}"


class PetitionEvent(models.Model):
    """The petition's history (never an identity: handles only)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["petition", "at", "id"], name="petition_event_idx")]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.kind}"
