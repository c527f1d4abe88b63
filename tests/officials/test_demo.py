"""The demo province's officials (data/demo/officials.yaml): loaded by load_demo, a second load changes nothing,
and the demo's bodies see what the registry says they see."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from phoihop.accounts.models import User
from phoihop.audit.models import AuditEvent
from phoihop.officials import queries
from phoihop.officials.models import Official, OfficialPosition, SupervisionAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("load_regulations", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _state() -> tuple[object, ...]:
    return (
        list(Official.objects.order_by("pk").values_list()),
        list(OfficialPosition.objects.order_by("pk").values_list()),
        list(SupervisionAssignment.objects.order_by("pk").values_list()),
        AuditEvent.objects.count(),
    )


def test_the_demo_officials_load_once(demo):
    assert (
        "Cán bộ, đảng viên mẫu (data/demo/officials.yaml): 27 thêm, 0 cập nhật, 13 phân công giám sát mới."
        in demo
    )
    assert Official.objects.count() == 27
    assert OfficialPosition.objects.count() == 27
    before = _state()
    out = io.StringIO()
    call_command("load_demo", stdout=out, stderr=io.StringIO())
    assert "0 thêm, 0 cập nhật, 0 phân công giám sát mới" in out.getvalue()
    assert _state() == before


def test_the_demo_bodies_see_their_officials(demo):
    btv = User.objects.get(username="btv.chuyenvien")
    commune = User.objects.get(username="phohien.chuyenvien")
    women = User.objects.get(username="hlhpn.chuyenvien")
    board = User.objects.get(username="btc.chuyenvien")
    assert len(queries.official_page(btv).rows) == 7  # six in the bloc agencies, a deputy head of Ban Tổ chức
    assert [o.full_name for o in queries.official_page(commune).rows] == [
        "Lương Thị Bích",
        "Nguyễn Thị Thanh Tâm",
        "Phan Văn Lộc",
        "Tạ Quang Huy",
    ]
    assert [a.official.full_name for a in queries.supervision_page(women).rows] == [
        "Đặng Thị Mai",
        "Lê Thị Hồng Nhung",
        "Nguyễn Thị Thanh Tâm",
        "Trần Thị Thu Hà",
    ]
    assert len(queries.supervision_page(board).rows) == 13
    assert len(queries.official_page(btv, "nguyen van an").rows) == 1  # the other An is the commune's
