"""Auditing changes made in the Django admin: the values of chosen fields read from the database before and
after the save, and one audit event (in the admin's transaction) naming what changed, from what, to what.

    FIELDS = {"role": "vai trò", "organization": "tổ chức"}   # field name → its label in the summary
    before = snapshot(User, obj.pk, FIELDS)        # in save_model, before super().save_model()
    ...                                            # the save (and save_m2m for many-to-many fields)
    record_admin_save(request, obj, FIELDS, before)

Summaries are in Vietnamese whatever the admin's language, like every other audit summary.

Fields that a domain function changes (a user's role, an organisation's superior…) are not saved by the admin:
its save_model saves the other fields the form changed (`save_form_fields`) and calls the domain function,
which validates, saves and records its own event. `DomainChecksForm` runs the domain's check functions in the
form's clean(), so a refusal is a form error on its field; `DomainActionsMixin` turns a DomainError raised
during the save anyway (a concurrent change) into an error message, the whole save rolled back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation

from phoihop.common.errors import DomainError
from phoihop.common.types import UserLike

from .domain import record
from .enums import AuditAction

EMPTY = "(trống)"

_M = TypeVar("_M", bound=models.Model)


def snapshot(model: type[models.Model], pk: Any, fields: Sequence[str]) -> dict[str, Any] | None:
    """JSON values of `fields` as stored now (None when there is no such row): foreign keys as ids, dates as
    ISO text, many-to-many fields as sorted lists of natural names ("app_label.codename" for permissions)."""
    if pk is None:
        return None
    meta = model._meta
    plain = [f for f in (meta.get_field(n) for n in fields) if not f.many_to_many]
    row = model._default_manager.filter(pk=pk).values(*[f.attname for f in plain]).first()  # type: ignore[union-attr]
    if row is None:
        return None
    values: dict[str, Any] = {}
    for name in fields:
        field = meta.get_field(name)
        if field.many_to_many:
            related = getattr(model(pk=pk), name).all()
            if field.related_model is Permission:
                names = [
                    f"{p.content_type.app_label}.{p.codename}" for p in related.select_related("content_type")
                ]
            else:
                names = [str(o) for o in related]
            values[name] = sorted(names)
        else:
            value = row[field.attname]  # type: ignore[union-attr]
            values[name] = value.isoformat() if isinstance(value, dt.date) else value
    return values


def record_admin_save(
    request: HttpRequest, obj: models.Model, fields: Mapping[str, str], before: dict[str, Any] | None
) -> None:
    """One event for a created object (its values) or for a changed one (the fields that changed; none
    when nothing audited changed). Call after the save, in the admin's transaction."""
    after = snapshot(type(obj), obj.pk, list(fields))
    assert after is not None
    with translation.override("vi"):
        name = f"{obj._meta.verbose_name} “{obj}”"
        if before is None:
            action, data = AuditAction.CREATED, {"via": "admin", "values": after}
            shown = "; ".join(f"{label}: {_value(obj, f, after[f])}" for f, label in fields.items())
            summary = f"Quản trị: tạo {name} — {shown}"
        else:
            changes = {f: [before[f], after[f]] for f in fields if before[f] != after[f]}
            if not changes:
                return
            action, data = AuditAction.CHANGED, {"via": "admin", "changes": changes}
            shown = "; ".join(
                f"{fields[f]}: {_value(obj, f, old)} → {_value(obj, f, new)}"
                for f, (old, new) in changes.items()
            )
            summary = f"Quản trị: sửa {name} — {shown}"
    record(actor=request.user, action=action, target=obj, summary=summary, data=data)


def record_admin_delete(request: HttpRequest, obj: models.Model, fields: Mapping[str, str]) -> None:
    """Call before the delete (the object still has its primary key), in the deleting transaction."""
    with translation.override("vi"):
        summary = f"Quản trị: xóa {obj._meta.verbose_name} “{obj}”"
    record(
        actor=request.user,
        action=AuditAction.DELETED,
        target=obj,
        summary=summary,
        data={"via": "admin", "values": snapshot(type(obj), obj.pk, list(fields))},
    )


class AuditedDeletesMixin:
    """For a ModelAdmin: each deletion, one or many at once, writes its audit event in the deleting transaction.
    The admin sets `audited_fields` (field → label)."""

    audited_fields: Mapping[str, str] = {}

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            record_admin_delete(request, obj, self.audited_fields)
            super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                record_admin_delete(request, obj, self.audited_fields)
            super().delete_queryset(request, queryset)  # type: ignore[misc]


def save_form_fields(obj: _M, form: forms.ModelForm[_M], exclude: Collection[str]) -> None:
    """Save only the plain fields the admin form changed, except `exclude` (the fields domain functions save);
    never the whole row (a whole-row save would write back values a concurrent change replaced)."""
    meta = obj._meta
    plain = {f.name for f in meta.concrete_fields}
    names = [n for n in form.changed_data if n in plain and n not in exclude]
    if names:
        obj.save(update_fields=names)


# check(actor, instance, new value, cleaned_data): raises DomainError
DomainCheck = Callable[[Any, Any, Any, dict[str, Any]], None]


class DomainChecksForm(forms.ModelForm[_M]):
    """An admin change form that runs the domain's check function of each field it changed (on an existing
    object) in clean(): a refusal is an error on that field, in Vietnamese, and nothing is saved. The admin
    sets `actor` on the form class (DomainActionsMixin.get_form)."""

    actor: UserLike | None = None
    domain_checks: ClassVar[Mapping[str, DomainCheck]] = {}

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if self.actor is None or self.instance.pk is None:
            return cleaned
        for name, check in self.domain_checks.items():
            if name in self.changed_data and name in cleaned:
                try:
                    check(self.actor, self.instance, cleaned[name], cleaned)
                except DomainError as exc:
                    self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return cleaned


class DomainActionsMixin:
    """For a ModelAdmin whose save_model calls domain functions: the form knows who acts (for the checks of
    DomainChecksForm), and a DomainError raised during the save rolls the whole save back and reaches the user
    as an error message on the form page — never a 500, never half-written data."""

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        form.actor = request.user  # a class made for this request by modelform_factory
        return form

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            response: HttpResponse = super().changeform_view(  # type: ignore[misc]
                request, object_id, form_url, extra_context
            )
            return response
        except DomainError as exc:  # raised inside the admin's transaction: nothing of the save is kept
            self.message_user(request, exc.message, messages.ERROR)  # type: ignore[attr-defined]
            return HttpResponseRedirect(request.get_full_path())


def _value(obj: models.Model, name: str, value: Any) -> str:
    field = obj._meta.get_field(name)
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, list):
        return ", ".join(value)
    if field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()  # type: ignore[union-attr]
        return str(related) if related is not None else f"#{value}"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))  # type: ignore[union-attr]
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return f"{dt.date.fromisoformat(value):%d/%m/%Y}"
    return str(value)
