"""Acceptance of issue 13, point 5 (whistleblowers' identity): with a denouncer "Nguyễn Thị Hồng Nhung"
registered (petitions.register → identities.protect), a custodian's reading, a protection request and every
sweep step's notices and e-mails in the database,

(a) a plain-text dump of the SQLite file (its bytes and `iterdump()`) and (b) a `pg_dump` of the PostgreSQL
    database contain neither the name nor its form without diacritics (any case, any spacing);
(c) a non-custodian of the same body walks every route of the petitions, matters, identities and reception
    areas (pages and API, the path parameters filled with the planted objects' ids; a route this walk cannot
    fill is printed and skipped) plus the home page, the work queue and the notifications, and finds neither,
    nor does any e-mail, audit row (summary and data), notification or log line;
(d) a custodian's reading (page and API) writes exactly one audit event with the reason and answers
    `Cache-Control: no-store`.
"""

from __future__ import annotations

import io
import json
import logging
import os
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from itertools import product
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from phoihop.audit.models import AuditEvent
from phoihop.formats.vi.collation import fold
from phoihop.identities.domain import actions
from phoihop.identities.models import Identity
from phoihop.notifications.domain import deliver_outbox
from phoihop.notifications.models import Notification
from phoihop.scheduler.registry import run_sweep
from tests.reports.conftest import Province

from .conftest import DENOUNCER, FORMS, at, file_denunciation

FOLDED = fold(DENOUNCER)  # "nguyen thi hong nhung": every form, any case, with or without diacritics
CONTROL = "Trần Thị Kiểm Soát"  # a user's name, stored in plain text: shows that the dumps do show names
AREAS = (
    "don-thu/",
    "vu-viec-chung/",
    "danh-tinh/",
    "tiep-cong-dan/",
    "api/v1/petitions/",
    "api/v1/matters/",
    "api/v1/identities/",
    "api/v1/reception/",
)
ALSO = ("home", "api-work", "notification-list", "api-notification-list")
APPS = ("petitions", "identities", "reception")


def leaked(text: str) -> bool:
    return FOLDED in fold(text) or any(f in text for f in FORMS)


def _leaks_bytes(data: bytes) -> bool:
    if any(f.encode("utf-8") in data for f in FORMS) or FOLDED.encode() in data.lower():
        return True
    return leaked(data.decode("utf-8", errors="replace"))


# --- the data ------------------------------------------------------------------------------------------------


def plant() -> dict[str, Any]:
    """The province, the Ban's custodian, the denunciation with its protected signer, a reading, a protection
    request; the e-mails of the outbox sent (mail.outbox). Returns the objects by name."""
    import datetime as dt

    p = Province()
    p.ban_leader.full_name = CONTROL
    p.ban_leader.save(update_fields=["full_name"])
    with time_machine.travel(at("2027-03-01", 8), tick=False):
        custodian = actions.designate_custodian(p.ban_leader, p.ban_cv)
    petition = file_denunciation(p.ban, p.ban_clerk)
    identity = Identity.objects.get(pk=petition.signers.get().identity_id)
    with time_machine.travel(at("2027-03-03", 9), tick=False):
        assert actions.read_identity(p.ban_cv, identity, "Xác minh nội dung đơn tố cáo").name == DENOUNCER
        protection = actions.open_protection(
            p.ban_cv,
            identity,
            requested_on=dt.date(2027, 3, 3),
            measures_requested="Giữ bí mật nơi cư trú",
            follow_up_on=dt.date(2027, 3, 20),
        )
    # every sweep step at the follow-up date and after the petitions' time limits: their notices and e-mails
    with time_machine.travel(at("2027-04-20", 9), tick=False):
        run_sweep()
        deliver_outbox()
    assert Notification.objects.filter(kind="identities.follow_up").count() == 1
    return {
        "p": p,
        "petition": petition,
        "identity": identity,
        "protection": protection,
        "custodian": custodian,
    }


# --- (a) SQLite -----------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_sqlite_dump_has_no_identity(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite file's dump (PostgreSQL: test_b)")
    plant()
    path = tmp_path / "dump.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(path)])
    data = path.read_bytes()
    dump = "\n".join(sqlite3.connect(path).iterdump())
    assert CONTROL.encode("utf-8") in data
    assert CONTROL in dump
    assert not _leaks_bytes(data)
    assert not leaked(dump)
    assert Identity.objects.get().name_token  # the identity is there, encrypted


# --- (b) PostgreSQL -------------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_b_pg_dump_has_no_identity():
    plant()
    s = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(s.get("PASSWORD") or "")}
    run = subprocess.run(
        [
            "pg_dump",
            "-h",
            str(s.get("HOST") or "127.0.0.1"),
            "-p",
            str(s.get("PORT") or 5432),
            "-U",
            str(s.get("USER") or "postgres"),
            str(s["NAME"]),
        ],
        env=env,
        capture_output=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    assert CONTROL.encode("utf-8") in run.stdout
    assert not _leaks_bytes(run.stdout)


# --- (c) the walk ---------------------------------------------------------------------------------------------


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, str, dict[str, Any]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name, prefix + str(pattern.pattern), dict(pattern.pattern.converters)


def routes() -> list[tuple[str, str, dict[str, Any]]]:
    return sorted(
        {
            name: (name, route, conv)
            for name, route, conv in _walk(get_resolver().url_patterns)
            if route.startswith(AREAS) or name in ALSO
        }.values()
    )


def _candidate_ids() -> list[int]:
    """The ids of every object the petitions, identities and reception apps hold (and the register's year)."""
    ids: set[int] = {2027}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            ids.update(model.objects.values_list("pk", flat=True)[:50])
    return sorted(ids)


def _body(response: Any) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    text = data.decode("utf-8", errors="replace") + response.get("Content-Disposition", "")
    if data[:2] == b"PK":  # an .xlsx/.docx export: its XML parts
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            text += "".join(z.read(n).decode("utf-8", errors="replace") for n in z.namelist())
    if "json" in response.get("Content-Type", ""):
        try:
            text += json.dumps(json.loads(data), ensure_ascii=False)
        except ValueError:
            pass
    return text


@pytest.mark.django_db
def test_c_a_non_custodian_finds_the_identity_nowhere(caplog, capsys):
    caplog.set_level(logging.DEBUG)
    with time_machine.travel(at("2027-03-10", 9), tick=False):
        w = plant()
        p = w["p"]
        ids = _candidate_ids()
        walked, skipped, seen_ok = 0, [], 0
        for who in ("ban_leader", "ban_clerk"):
            client = Client()
            client.force_login(getattr(p, who))
            for name, route, conv in routes():
                if any(type(c).__name__ != "IntConverter" for c in conv.values()):
                    skipped.append(f"{name} ({route})")
                    continue
                fills = [dict(zip(conv, values, strict=True)) for values in product(ids, repeat=len(conv))]
                for kwargs in fills[:400]:
                    response = client.get(reverse(name, kwargs=kwargs))
                    walked += 1
                    assert response.status_code < 500, (who, name, kwargs)
                    if response.status_code == 200:
                        seen_ok += 1
                    assert not leaked(_body(response)), (who, name, kwargs)
        # the walk reached the planted petition and the identity's areas (a vacuous walk proves nothing)
        assert walked > 50
        assert seen_ok > 10
        petition_page = Client()
        petition_page.force_login(p.ban_clerk)
        page = petition_page.get(w["petition"].get_absolute_url())
        assert page.status_code == 200
        assert w["identity"].handle in page.content.decode()
    with capsys.disabled():
        sys.stdout.write(
            f"\n[identities walk] {walked} requests, {seen_ok} answered 200, over {len(routes())} routes\n"
        )
        if skipped:
            sys.stdout.write(f"[identities walk] routes this walk cannot fill: {sorted(set(skipped))}\n")
    for message in mail.outbox:
        parts = [message.subject, message.body, *(str(a[0]) for a in getattr(message, "alternatives", []))]
        assert not any(leaked(x) for x in parts), message.subject
    for summary, data in AuditEvent.objects.values_list("summary", "data"):
        assert not leaked(summary), summary
        assert not leaked(json.dumps(data, ensure_ascii=False)), summary
    for row in Notification.objects.values("title", "body", "url"):
        assert not leaked(" ".join(row.values()))
    assert not leaked(caplog.text)


# --- (d) a custodian's reading --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("via", ["page", "api"])
def test_d_a_custodians_reading_writes_one_audit_event_with_the_reason(client, via):
    with time_machine.travel(at("2027-03-10", 9), tick=False):
        w = plant()
        identity = w["identity"]
        client.force_login(w["p"].ban_cv)
        before = AuditEvent.objects.count()
        reason = "Xác minh theo yêu cầu của Ủy ban Kiểm tra"
        if via == "page":
            response = client.post(reverse("identity-read", args=[identity.pk]), {"reason": reason})
        else:
            response = client.post(reverse("api-identity-read", args=[identity.pk]), {"reason": reason})
    assert response.status_code == 200
    assert DENOUNCER in response.content.decode()
    assert leaked(_body(response))  # the walk's detector finds the name where it is
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.actor_id, event.target_id, event.summary, event.data["reason"]) == (
        w["p"].ban_cv.pk,
        str(identity.pk),
        f"Đọc danh tính được bảo vệ {identity.handle}",
        reason,
    )
    assert not leaked(event.summary + json.dumps(event.data, ensure_ascii=False))
