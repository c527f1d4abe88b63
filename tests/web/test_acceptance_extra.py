"""Acceptance gaps of the foundation: the admin of one organisation cannot open another's (with data that
could leak), `make run`'s commands exist, and runserver_with_sweep runs the sweep without Redis."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import get_commands

from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from phoihop.organizations.models import Organization
from phoihop.scheduler.management.commands import runserver_with_sweep
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

ORG_ADMIN_PERMISSIONS = [
    ("accounts", "view_user"),
    ("accounts", "add_user"),
    ("accounts", "change_user"),
    ("organizations", "view_organization"),
    ("organizations", "change_organization"),
]


def _org_admin(org: Organization) -> User:
    user = UserFactory(organization=org, role=Role.ORG_ADMIN, is_staff=True, password=None)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in={a for a, _ in ORG_ADMIN_PERMISSIONS},
            codename__in={c for _, c in ORG_ADMIN_PERMISSIONS},
        )
    )
    return user


@pytest.fixture
def two_orgs():  # type: ignore[no-untyped-def]
    ours = OrganizationFactory(name="Đảng ủy xã Của Mình", abbreviation="DUXCM")
    theirs = OrganizationFactory(name="Đảng ủy xã Bí Mật Khác", abbreviation="DUXBMK")
    admin = _org_admin(ours)
    colleague = UserFactory(organization=ours, username="dongnghiep", full_name="Đồng Nghiệp Mình")
    stranger = UserFactory(organization=theirs, username="nguoila", full_name="Người Lạ Bên Kia")
    stranger_admin = _org_admin(theirs)
    return ours, theirs, admin, colleague, stranger, stranger_admin


def test_anonymous_and_plain_users_are_sent_to_the_admin_login(client, two_orgs):
    ours, *_ = two_orgs
    for url in ("/admin/", f"/admin/organizations/organization/{ours.pk}/change/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={url}")
    client.force_login(UserFactory(organization=ours, role=Role.LEADER))
    response = client.get("/admin/accounts/user/")
    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/accounts/user/")


def test_an_organisation_admin_cannot_open_another_organisations_admin(client, two_orgs):
    ours, theirs, admin, colleague, stranger, stranger_admin = two_orgs
    client.force_login(admin)

    # lists hold the own organisation and its users only
    orgs = client.get("/admin/organizations/organization/").content.decode()
    assert ours.name in orgs and theirs.name not in orgs
    users = client.get("/admin/accounts/user/").content.decode()
    assert "dongnghiep" in users and "nguoila" not in users and "Người Lạ Bên Kia" not in users

    # the own organisation and colleagues open
    assert client.get(f"/admin/organizations/organization/{ours.pk}/change/").status_code == 200
    assert client.get(f"/admin/accounts/user/{colleague.pk}/change/").status_code == 200

    # another organisation, its users and its admin: never shown, never changed
    for url in (
        f"/admin/organizations/organization/{theirs.pk}/change/",
        f"/admin/accounts/user/{stranger.pk}/change/",
        f"/admin/accounts/user/{stranger_admin.pk}/change/",
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
        assert "Bí Mật Khác" not in client.get("/admin/", follow=True).content.decode()
    response = client.post(
        f"/admin/organizations/organization/{theirs.pk}/change/",
        {"name": "Bị đổi tên", "abbreviation": "X", "email": ""},
    )
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert (theirs.name, theirs.abbreviation) == ("Đảng ủy xã Bí Mật Khác", "DUXBMK")
    old_hash = stranger.password
    response = client.post(
        f"/admin/accounts/user/{stranger.pk}/password/",
        {"password1": "Mat-khau-moi-789", "password2": "Mat-khau-moi-789", "usable_password": "true"},
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.password == old_hash


def test_an_organisation_admin_never_changes_a_superuser_of_its_organisation(client, two_orgs):
    ours, _theirs, admin, *_ = two_orgs
    root = UserFactory(organization=ours, username="sieuquantri", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert "sieuquantri" in client.get("/admin/accounts/user/").content.decode()  # a colleague, listed
    assert client.get(f"/admin/accounts/user/{root.pk}/change/").status_code == 403
    response = client.post(
        f"/admin/accounts/user/{root.pk}/change/",
        {"username": "sieuquantri", "full_name": "Đã bị sửa", "role": Role.SPECIALIST, "is_active": ""},
    )
    assert response.status_code == 403
    old_hash = root.password
    response = client.post(
        f"/admin/accounts/user/{root.pk}/password/",
        {"password1": "Mat-khau-moi-789", "password2": "Mat-khau-moi-789", "usable_password": "true"},
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert (root.password, root.is_active, root.is_superuser) == (old_hash, True, True)


def test_a_user_added_by_an_organisation_admin_belongs_to_its_organisation(client, two_orgs):
    ours, theirs, admin, *_ = two_orgs
    client.force_login(admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "moi.chuyenvien",
            "full_name": "Chuyên viên Mới",
            "organization": str(theirs.pk),  # read-only for an organisation admin: ignored
            "role": Role.SPECIALIST,
            "password1": "Mat-khau-moi-789",
            "password2": "Mat-khau-moi-789",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = User.objects.get(username="moi.chuyenvien")
    assert (created.organization, created.role, created.is_staff, created.is_superuser) == (
        ours,
        Role.SPECIALIST,
        False,
        False,
    )


def test_the_superuser_opens_every_organisation(client, two_orgs):
    ours, theirs, *_ = two_orgs
    client.force_login(UserFactory(organization=None, is_superuser=True, is_staff=True))
    for org in (ours, theirs):
        assert client.get(f"/admin/organizations/organization/{org.pk}/change/").status_code == 200


# --- make run --------------------------------------------------------------------------------------


def test_every_command_of_make_setup_and_run_exists():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text(encoding="utf-8")
    used = set(re.findall(r"^\t\$\(MANAGE\) ([a-z_]+)", makefile, flags=re.MULTILINE))
    assert {"migrate", "load_regulations", "load_calendar", "load_demo", "runserver_with_sweep"} <= used
    assert used - set(get_commands()) == set()
    run = re.search(r"^run: (.*)\n\t(.*)$", makefile, flags=re.MULTILINE)
    assert run is not None and run.group(1) == "setup"
    assert run.group(2).startswith("$(MANAGE) runserver_with_sweep")


def test_runserver_with_sweep_sweeps_every_interval_and_survives_a_failed_sweep(monkeypatch):
    calls: list[int] = []
    stop = threading.Event()

    def fake_sweep(*, trigger: str) -> dict:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("cơ sở dữ liệu bận")
        if len(calls) == 3:
            stop.set()
        return {}

    monkeypatch.setattr(runserver_with_sweep, "sweep_once", fake_sweep)
    monkeypatch.setattr(runserver_with_sweep, "close_old_connections", lambda: None)
    thread = threading.Thread(target=runserver_with_sweep._loop, args=(stop, 0.01), daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert len(calls) == 3  # the failure was logged and the loop went on


def test_runserver_with_sweep_starts_the_sweep_thread_and_the_server_without_reloader(monkeypatch):
    started: list[tuple[float, bool]] = []
    served: list[tuple[tuple, dict]] = []

    def fake_loop(stop: threading.Event, interval: float) -> None:
        started.append((interval, stop.is_set()))

    monkeypatch.setattr(runserver_with_sweep, "_loop", fake_loop)
    monkeypatch.setattr(runserver_with_sweep, "call_command", lambda *a, **kw: served.append((a, kw)))
    runserver_with_sweep.Command().handle(addrport="127.0.0.1:8001", interval=60.0)
    assert started == [(60.0, False)]  # every minute by default
    assert served == [(("runserver", "127.0.0.1:8001"), {"use_reloader": False})]
