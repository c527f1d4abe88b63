"""Encryption of protected identities: tokens under the environment's keys (never SECRET_KEY), the keyed
fingerprint of the normalised name, the "metadata only" mode, and the system check refusing to start without
keys."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured

from phoihop.audit.models import AuditEvent
from phoihop.common.errors import DomainError
from phoihop.identities import crypto
from phoihop.identities.checks import identity_keys
from phoihop.identities.domain.protect import Person, fingerprint, protect, reveal
from phoihop.identities.models import Identity

from .conftest import ADDRESS, CONTACT, DENOUNCER

pytestmark = pytest.mark.django_db


def test_protect_stores_only_tokens_and_a_handle(p):
    identity = protect(
        organization_id=p.ban.pk,
        person=Person(DENOUNCER, ADDRESS, CONTACT),
        actor=p.ban_clerk,
    )
    row = Identity.objects.get(pk=identity.pk)
    stored = " ".join(str(v) for v in Identity.objects.filter(pk=row.pk).values().get().values())
    for text in (DENOUNCER, "Nguyen Thi Hong Nhung", ADDRESS, CONTACT, "nguyen thi hong nhung"):
        assert text.lower() not in stored.lower()
    assert row.handle.startswith("NG-")
    assert len(row.handle) == 11
    assert row.metadata_only is False
    assert row.name_token.startswith("gAAAA")  # a Fernet token
    assert reveal(row) == Person(DENOUNCER, ADDRESS, CONTACT)
    assert row.name_fingerprint == fingerprint(DENOUNCER)
    event = AuditEvent.objects.get(target_type="identities.identity", target_id=str(row.pk))
    assert event.summary == f"Lưu danh tính được bảo vệ {row.handle}"
    assert event.data == {"handle": row.handle, "metadata_only": False}


def test_the_person_never_prints():
    assert repr(Person(DENOUNCER)) == "Person(<protected>)"
    assert str(Person(DENOUNCER)) == "Person(<protected>)"


def test_the_fingerprint_ignores_diacritics_case_and_spaces_and_needs_the_key(settings):
    base = fingerprint(DENOUNCER)
    assert len(base) == 64
    assert fingerprint("  nguyen thi  HONG nhung ") == base
    assert fingerprint("Nguyễn Thị Hồng Nhung".upper()) == base
    assert fingerprint("Nguyễn Thị Hồng Nhụng") == base  # diacritics only: the same person typed differently
    assert fingerprint("Trần Văn Bình") != base
    settings.PHOIHOP_IDENTITY_KEYS = [Fernet.generate_key().decode()]
    assert fingerprint(DENOUNCER) != base  # keyed: without the deployment's key nobody computes it


def test_a_name_is_required(p):
    with pytest.raises(DomainError) as exc:
        protect(organization_id=p.ban.pk, person=Person("  "), actor=p.ban_clerk)
    assert exc.value.message == "Hãy nhập họ tên người gửi đơn."
    assert Identity.objects.count() == 0


def test_metadata_only_keeps_nothing_but_the_handle(p, settings):
    settings.PHOIHOP_IDENTITY_MODE = "metadata_only"
    identity = protect(
        organization_id=p.ban.pk, person=Person(DENOUNCER, ADDRESS, CONTACT), actor=p.ban_clerk
    )
    row = Identity.objects.get(pk=identity.pk)
    assert (
        row.metadata_only,
        row.name_token,
        row.address_token,
        row.contact_token,
        row.name_fingerprint,
    ) == (
        True,
        "",
        "",
        "",
        "",
    )
    assert fingerprint(DENOUNCER) == ""
    event = AuditEvent.objects.get(target_type="identities.identity")
    assert event.summary == f"Lưu danh tính được bảo vệ {row.handle} (chỉ siêu dữ liệu: danh tính ở sổ giấy)"


def test_the_keys_are_not_the_secret_key(settings):
    assert settings.SECRET_KEY not in settings.PHOIHOP_IDENTITY_KEYS
    token = crypto.encrypt("x")
    with pytest.raises(crypto.InvalidToken):
        Fernet(Fernet.generate_key()).decrypt(token.encode())


def test_the_check_refuses_to_start_without_keys(settings):
    assert identity_keys() == []
    settings.PHOIHOP_IDENTITY_KEYS = []
    [error] = identity_keys()
    assert isinstance(error, Error)
    assert error.id == "identities.E001"
    assert "PHOIHOP_IDENTITY_KEYS" in error.msg
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")
    settings.PHOIHOP_IDENTITY_MODE = "metadata_only"
    assert identity_keys() == []  # keeps nothing: needs no key


def test_the_check_names_a_bad_key_without_showing_it(settings):
    good = Fernet.generate_key().decode()
    settings.PHOIHOP_IDENTITY_KEYS = [good, "khong-phai-khoa"]
    [error] = identity_keys()
    assert error.id == "identities.E002"
    assert error.msg.startswith("Khóa mã hóa danh tính thứ 2 không hợp lệ")
    assert "khong-phai-khoa" not in error.msg
    assert good not in error.msg


def test_the_check_refuses_an_unknown_mode(settings):
    settings.PHOIHOP_IDENTITY_MODE = "plain"
    [error] = identity_keys()
    assert error.id == "identities.E003"


def test_check_deploy_fails_without_keys(tmp_path):
    """manage.py check --deploy with production-like settings and no key: exit 1, the message, no traceback."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHOIHOP_IDENTITY")}
    env.update(
        PHOIHOP_IDENTITY_KEYS_FILE=str(tmp_path / "none"),
        SECRET_KEY="x" * 60,
        DJANGO_SETTINGS_MODULE="phoihop.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    run = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 1
    assert "identities.E001" in run.stderr
    assert "PHOIHOP_IDENTITY_KEYS" in run.stderr
    assert "Traceback" not in run.stderr
