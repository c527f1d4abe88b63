"""The recipient picker in Chromium (issue 11, part 5): typing "pho hien" shows Phố Hiến, the chosen regulation
decides which bodies are offered, "Tất cả xã/phường" ticks every commune, and the form creates the request with
the chosen recipients and channels (no inline script: the page fixture fails on any CSP violation)."""

from __future__ import annotations

import pytest

from phoihop.accounts.enums import Role
from phoihop.consultations.enums import Channel
from phoihop.consultations.models import CoordinationRequest
from phoihop.organizations.enums import Level, OrganizationKind
from tests.consultations.conftest import make_regulation
from tests.factories import PASSWORD, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

K = OrganizationKind


def _visible_names(page) -> list[str]:
    return [
        " ".join(t.split())
        for t in page.locator("#recipient-picker .picker-item:visible .picker-name").all_inner_texts()
    ]


def test_search_without_diacritics_and_create_with_channels(page, live_server, login):
    ban = OrganizationFactory(
        name="Ban Nội chính Tỉnh ủy",
        abbreviation="BNCTU",
        kind=K.INTERNAL_AFFAIRS_BOARD,
        level=Level.PROVINCE,
    )
    OrganizationFactory(
        name="Ban Thường vụ Tỉnh ủy", abbreviation="BTVTU", kind=K.STANDING_COMMITTEE, level=Level.PROVINCE
    )
    pho_hien = OrganizationFactory(name="Đảng ủy phường Phố Hiến", abbreviation="DUPPH")
    an_mot = OrganizationFactory(name="Đảng ủy xã An Một", abbreviation="DUXAM")
    hht = OrganizationFactory(name="Đảng ủy xã Hoàng Hoa Thám", abbreviation="DUHHT")
    front = OrganizationFactory(
        name="Ủy ban MTTQ tỉnh", abbreviation="MTTQ", kind=K.FATHERLAND_FRONT, level=Level.PROVINCE
    )
    communes = make_regulation("T03")
    mass = make_regulation("T04", partners=((K.FATHERLAND_FRONT, Level.PROVINCE),))
    specialist = UserFactory(organization=ban, role=Role.SPECIALIST)

    login(specialist.username, PASSWORD)
    page.goto(f"{live_server.url}/phoi-hop/moi/")
    page.select_option("#id_regulation", str(communes.pk))
    assert _visible_names(page) == [
        "Đảng ủy phường Phố Hiến",
        "Đảng ủy xã An Một",
        "Đảng ủy xã Hoàng Hoa Thám",
    ]

    # typed without diacritics
    page.fill("#picker-search", "pho hien")
    assert _visible_names(page) == ["Đảng ủy phường Phố Hiến"]
    page.fill("#picker-search", "PHỐ")
    assert _visible_names(page) == ["Đảng ủy phường Phố Hiến"]
    page.fill("#picker-search", "khong co")
    assert _visible_names(page) == []
    assert page.locator(".picker-none").is_visible()

    # the other regulation offers the Front only
    page.fill("#picker-search", "")
    page.select_option("#id_regulation", str(mass.pk))
    assert _visible_names(page) == ["Ủy ban MTTQ tỉnh"]
    page.select_option("#id_regulation", str(communes.pk))

    # all communes, then one unticked; Phố Hiến on paper
    page.check("#id_all_communes")
    assert page.is_checked(f"#recipient-{pho_hien.pk}")
    assert page.is_checked(f"#recipient-{an_mot.pk}")
    assert page.is_checked(f"#recipient-{hht.pk}")
    assert not page.is_checked(f"#recipient-{front.pk}")
    page.uncheck(f"#recipient-{hht.pk}")
    assert page.is_disabled(f"#paper-{hht.pk}")  # no channel for a body not chosen
    page.fill("#picker-search", "pho hien")
    page.check(f"#paper-{pho_hien.pk}")
    page.press("#picker-search", "Enter")  # Enter in the search box does not submit the form
    assert page.url == f"{live_server.url}/phoi-hop/moi/"

    page.select_option("#id_kind", "consultation")
    page.fill("#id_subject", "Xin ý kiến dự thảo kế hoạch")
    page.click("#save-draft")
    page.wait_for_url(f"{live_server.url}/phoi-hop/*/")

    req = CoordinationRequest.objects.get()
    assert page.url == f"{live_server.url}/phoi-hop/{req.pk}/"
    assert sorted((d.recipient.name, d.channel) for d in req.deliveries.select_related("recipient")) == [
        ("Đảng ủy phường Phố Hiến", Channel.PAPER),
        ("Đảng ủy xã An Một", Channel.ELECTRONIC),
    ]
    assert page.locator("#positions td.delivery-state").all_inner_texts() == ["chưa gửi", "chưa gửi"]

    # the draft's edit page shows the same choices
    page.click("#edit-draft")
    page.wait_for_url(f"{live_server.url}/phoi-hop/{req.pk}/sua/")
    assert page.is_checked(f"#recipient-{pho_hien.pk}")
    assert page.is_checked(f"#paper-{pho_hien.pk}")
    assert not page.is_checked(f"#recipient-{hht.pk}")
