"""Citizen reception by the head of a party committee (Quy định 11-QĐi/TW as amended by Kết luận 215-KL/TW; 004
3.1; issue 13, point 6): the days planned in the body's schedule, the record of each session (how many came and,
for each person, a protected identity — never a name here —, the matters raised and the conclusions), the written
answer due within the legal rule's working days, and the follow-ups with their deadlines."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..enums import AnswerState, DayState, FollowUpState, SessionKind


class PlannedDay(models.Model):
    """A day of the body's reception schedule, with the secretary who receives (a user of the body or an official
    of the registry)."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="reception_days"
    )
    day = models.DateField(_("ngày tiếp dân"))
    secretary_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    secretary_official = models.ForeignKey(
        "officials.Official", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    state = models.CharField(max_length=20, choices=DayState.choices, default=DayState.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ngày tiếp dân theo lịch")
        verbose_name_plural = _("lịch tiếp dân")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "day"],
                condition=~models.Q(state="cancelled"),
                name="reception_day_unique",
            )
        ]
        indexes = [models.Index(fields=["organization", "day", "id"], name="reception_day_org_idx")]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.day:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("reception-schedule") + f"?thang={self.day:%m/%Y}"

    @property
    def secretary_name(self) -> str:
        if self.secretary_official_id:
            return self.secretary_official.full_name if self.secretary_official else ""
        return str(self.secretary_user) if self.secretary_user_id else ""


class ReceptionSession(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="reception_sessions"
    )
    planned_day = models.OneToOneField(
        PlannedDay, null=True, blank=True, on_delete=models.PROTECT, related_name="session"
    )
    kind = models.CharField(_("hình thức"), max_length=20, choices=SessionKind.choices)
    held_on = models.DateField(_("ngày tiếp"))
    secretary_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    secretary_official = models.ForeignKey(
        "officials.Official", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    people_count = models.PositiveIntegerField(_("số người đến"))
    matters_count = models.PositiveIntegerField(_("số vụ việc"), default=0)
    conclusions = models.TextField(_("kết luận, ý kiến chỉ đạo"), blank=True)
    answer_state = models.CharField(max_length=20, choices=AnswerState.choices)
    answer_rule = models.CharField(_("quy định thời hạn"), max_length=60, blank=True)
    answer_due_on = models.DateField(_("hạn trả lời bằng văn bản"), null=True, blank=True)
    answer_sent_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answer_number = models.CharField(_("số văn bản trả lời"), max_length=60, blank=True)
    answer_summary = models.TextField(_("nội dung trả lời"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("buổi tiếp dân")
        verbose_name_plural = _("buổi tiếp dân")
        indexes = [
            models.Index(fields=["organization", "-held_on", "-id"], name="reception_session_org_idx"),
            models.Index(fields=["-held_on", "-id"], name="reception_session_held_idx"),
            models.Index(
                fields=["answer_due_on"],
                name="reception_answer_due_idx",
                condition=models.Q(answer_state="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("reception-session", args=[self.pk])

    @property
    def secretary_name(self) -> str:
        if self.secretary_official_id:
            return self.secretary_official.full_name if self.secretary_official else ""
        return str(self.secretary_user) if self.secretary_user_id else ""


class SessionVisitor(models.Model):
    """A person who came: only the protected identity's handle is kept here (phoihop.identities)."""

    session = models.ForeignKey(ReceptionSession, on_delete=models.CASCADE, related_name="visitors")
    identity = models.ForeignKey("identities.Identity", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="reception_visitor_unique")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.position}"


class SessionMatter(models.Model):
    session = models.ForeignKey(ReceptionSession, on_delete=models.CASCADE, related_name="matters")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("nội dung phản ánh, kiến nghị"))

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="reception_matter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.position}"


class FollowUp(models.Model):
    """A task the session's conclusions assign, with its deadline."""

    session = models.ForeignKey(ReceptionSession, on_delete=models.CASCADE, related_name="followups")
    task = models.TextField(_("việc cần làm"))
    responsible = models.CharField(_("người, đơn vị thực hiện"), max_length=300, blank=True)
    due_on = models.DateField(_("hạn"))
    state = models.CharField(max_length=20, choices=FollowUpState.choices, default=FollowUpState.OPEN)
    done_on = models.DateField(_("ngày xong"), null=True, blank=True)
    result = models.TextField(_("kết quả"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("việc sau buổi tiếp dân")
        verbose_name_plural = _("việc sau buổi tiếp dân")
        indexes = [
            models.Index(fields=["session", "due_on", "id"], name="reception_followup_idx"),
            models.Index(
                fields=["due_on"], name="reception_followup_due_idx", condition=models.Q(state="open")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.due_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("reception-session", args=[self.session_id])
