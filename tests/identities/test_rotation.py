"""Key rotation (`manage.py rotate_identity_keys`): every identity re-encrypted with the first key; afterwards the
old key alone opens none of them. A bad key or a token no key opens: a Vietnamese message, exit 1, no traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import CommandError, call_command

from phoihop.common.errors import DomainError
from phoihop.identities.domain.protect import Person, fingerprint, protect, reveal
from phoihop.identities.models import Identity

from .conftest import ADDRESS, CONTACT, DENOUNCER

pytestmark = pytest.mark.django_db
TOKENS = ("name_token", "address_token", "contact_token")


def test_rotation_reencrypts_every_identity_and_the_old_key_alone_opens_nothing(p, settings):
    old = settings.PHOIHOP_IDENTITY_KEYS[0]
    people = [Person(DENOUNCER, ADDRESS, CONTACT), Person("Trần Văn Bình", "Thôn 3", "")]
    for person in people:
        protect(organization_id=p.ban.pk, person=person, actor=p.ban_clerk)
    settings.PHOIHOP_IDENTITY_MODE = "metadata_only"
    protect(organization_id=p.ban.pk, person=Person("X"), actor=p.ban_clerk)  # nothing to rotate
    settings.PHOIHOP_IDENTITY_MODE = "encrypted"
    before = {i.pk: [getattr(i, f) for f in TOKENS] for i in Identity.objects.all()}
    new = Fernet.generate_key().decode()
    settings.PHOIHOP_IDENTITY_KEYS = [new, old]
    out = io.StringIO()
    call_command("rotate_identity_keys", stdout=out)
    assert out.getvalue() == "Đã mã hóa lại 2 danh tính bằng khóa đầu tiên.\n"
    rows = list(Identity.objects.filter(metadata_only=False).order_by("pk"))
    assert [reveal(i) for i in rows] == people
    assert rows[0].name_fingerprint == fingerprint(DENOUNCER)  # recomputed under the new first key
    for identity in rows:
        for field in TOKENS:
            token = getattr(identity, field)
            if not token:
                continue
            assert token != before[identity.pk][TOKENS.index(field)]
            with pytest.raises(InvalidToken):
                Fernet(old.encode()).decrypt(token.encode())
            assert Fernet(new.encode()).decrypt(token.encode())
    settings.PHOIHOP_IDENTITY_KEYS = [old]
    for identity in rows:
        with pytest.raises(DomainError) as exc:
            reveal(identity)
        assert exc.value.code == "undecryptable"
    settings.PHOIHOP_IDENTITY_KEYS = [new]
    assert reveal(rows[0]) == people[0]


def test_a_token_no_key_opens_stops_with_its_id(p, settings):
    identity = protect(organization_id=p.ban.pk, person=Person(DENOUNCER), actor=p.ban_clerk)
    settings.PHOIHOP_IDENTITY_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError) as exc:
        call_command("rotate_identity_keys", stdout=io.StringIO())
    assert str(exc.value).startswith(f"Danh tính số {identity.pk} không giải mã được")


def test_a_bad_key_is_refused(settings):
    settings.PHOIHOP_IDENTITY_KEYS = ["khong-phai-khoa"]
    with pytest.raises(CommandError) as exc:
        call_command("rotate_identity_keys", stdout=io.StringIO())
    assert str(exc.value).startswith("Khóa mã hóa danh tính thứ 1 không hợp lệ")


def test_the_command_exits_1_without_a_traceback(tmp_path):
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "PHOIHOP_IDENTITY_KEYS": "khong-phai-khoa",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    run = subprocess.run(
        [sys.executable, "manage.py", "rotate_identity_keys", "--skip-checks"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert "Khóa mã hóa danh tính thứ 1 không hợp lệ" in run.stderr
    assert "Traceback" not in run.stderr
