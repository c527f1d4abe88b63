"""The recipient picker of the request form (issue 11, part 5): only the bodies the chosen regulation lets the
sender ask, grouped by kind with Vietnamese labels and in Vietnamese order, "Tất cả xã/phường", a paper or
electronic channel per recipient, the form working without the script, and drafts showing "chưa gửi"."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from phoihop.consultations.domain import actions
from phoihop.consultations.domain.editing import offered_recipients
from phoihop.consultations.domain.policy import applicable_regulations
from phoihop.consultations.enums import Channel
from phoihop.consultations.models import CoordinationRequest
from phoihop.organizations.enums import Level, OrganizationKind
from tests.consultations.conftest import at, make_regulation
from tests.consultations.test_pages import draft, login, texts
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

K = OrganizationKind
PARTY = "Cấp ủy (Tỉnh ủy, Huyện ủy, Đảng ủy xã/phường)"
FRONT = "Ủy ban Mặt trận Tổ quốc Việt Nam"
WOMEN = "Hội Liên hiệp Phụ nữ"


@pytest.fixture
def world(bodies, regulation):
    """T03 (the suite's regulation): the Ban Nội chính asks the commune party committees; T04: it asks the
    provincial Front and Women's Union. A ward named Phố Hiến, and a dissolved commune."""
    t04 = make_regulation(
        "T04", partners=((K.FATHERLAND_FRONT, Level.PROVINCE), (K.WOMENS_UNION, Level.PROVINCE))
    )
    pho_hien = OrganizationFactory(
        name="Đảng ủy phường Phố Hiến", abbreviation="DUPPH", superior=bodies.tu, kind=K.PARTY_COMMITTEE
    )
    gone = OrganizationFactory(
        name="Đảng ủy xã Đã Nhập", abbreviation="DUXDN", superior=bodies.tu, dissolved_on=dt.date(2025, 1, 1)
    )
    return {"t03": regulation, "t04": t04, "pho_hien": pho_hien, "gone": gone}


def _offer(bodies):
    return offered_recipients(applicable_regulations(bodies.ban), bodies.ban, dt.date(2025, 1, 22))


def test_offered_bodies_per_regulation(bodies, world):
    offer = _offer(bodies)
    t03, t04 = world["t03"], world["t04"]
    assert offer.by_regulation == {
        t03.pk: {bodies.xa1.pk, bodies.xa2.pk, world["pho_hien"].pk},
        t04.pk: {bodies.front.pk, bodies.women.pk},
    }
    # never the sender, a dissolved body, a body no regulation lets it ask (the district, the farmers)
    names = {item.organization.name for g in offer.groups for item in g.items}
    assert names == {
        "Đảng ủy xã An Hai",
        "Đảng ủy xã An Một",
        "Đảng ủy phường Phố Hiến",
        "Ủy ban MTTQ tỉnh",
        "Hội LHPN tỉnh",
    }


def test_grouped_by_kind_in_vietnamese_order(bodies, world):
    offer = _offer(bodies)
    assert [(g.label, [i.organization.name for i in g.items]) for g in offer.groups] == [
        (PARTY, ["Đảng ủy phường Phố Hiến", "Đảng ủy xã An Hai", "Đảng ủy xã An Một"]),
        (FRONT, ["Ủy ban MTTQ tỉnh"]),
        (WOMEN, ["Hội LHPN tỉnh"]),
    ]
    pho_hien = offer.groups[0].items[0]
    assert (pho_hien.search, pho_hien.regulation_ids, pho_hien.is_commune) == (
        "dang uy phuong pho hien dupph",
        (world["t03"].pk,),
        True,
    )
    assert [c.name for c in offer.communes_of(world["t03"])] == [
        "Đảng ủy phường Phố Hiến",
        "Đảng ủy xã An Hai",
        "Đảng ủy xã An Một",
    ]
    assert offer.communes_of(world["t04"]) == []


def test_the_form_renders_plain_checkboxes_grouped_in_fieldsets(client, bodies, world):
    login(client, bodies.specialist)
    with time_machine.travel(at("2025-01-22", 9), tick=False):
        page = client.get(reverse("consult-create"))
    assert page.status_code == 200
    assert texts(page, "//div[@id='recipient-picker']//fieldset/legend") == [PARTY, FRONT, WOMEN]
    assert texts(page, "//fieldset[@data-kind='party_committee']//label[@class='picker-name']") == [
        "Đảng ủy phường Phố Hiến",
        "Đảng ủy xã An Hai",
        "Đảng ủy xã An Một",
    ]
    tree = page.content.decode()
    t03, t04 = world["t03"].pk, world["t04"].pk
    assert f'data-search="dang uy phuong pho hien dupph" data-regulations="{t03}"' in tree
    assert f'data-search="uy ban mttq tinh mttq" data-regulations="{t04}"' in tree
    # one recipient checkbox and one paper checkbox per body, the "all communes" box, the one-time token
    assert tree.count('name="recipients"') == 5
    assert tree.count('name="paper_recipients"') == 5
    assert tree.count('name="all_communes"') == 1
    assert tree.count('name="form_token"') == 1
    assert "phoihop/picker.js" in tree
    assert "<script>" not in tree  # no inline script (CSP)
    assert "Đã Nhập" not in tree


def _post(client, data):
    with time_machine.travel(at("2025-01-22", 9), tick=False):
        return client.post(reverse("consult-create"), data)


def _form(regulation, **extra):
    return {"regulation": regulation.pk, "kind": "consultation", "subject": "Xin ý kiến", "body": "", **extra}


def test_each_recipient_has_its_own_channel(client, bodies, world):
    login(client, bodies.specialist)
    response = _post(
        client,
        _form(
            world["t03"],
            recipients=[bodies.xa1.pk, bodies.xa2.pk],
            paper_recipients=[
                bodies.xa2.pk,
                world["pho_hien"].pk,
            ],  # a paper tick on a body not chosen: ignored
        ),
    )
    req = CoordinationRequest.objects.get()
    assert response.status_code == 302
    assert sorted((d.recipient.name, d.channel) for d in req.deliveries.select_related("recipient")) == [
        ("Đảng ủy xã An Hai", Channel.PAPER),
        ("Đảng ủy xã An Một", Channel.ELECTRONIC),
    ]


def test_all_communes_without_the_script(client, bodies, world):
    login(client, bodies.specialist)
    response = _post(client, _form(world["t03"], all_communes="on", paper_recipients=[world["pho_hien"].pk]))
    assert response.status_code == 302
    req = CoordinationRequest.objects.get()
    assert sorted((d.recipient.name, d.channel) for d in req.deliveries.select_related("recipient")) == [
        ("Đảng ủy phường Phố Hiến", Channel.PAPER),
        ("Đảng ủy xã An Hai", Channel.ELECTRONIC),
        ("Đảng ủy xã An Một", Channel.ELECTRONIC),
    ]


def test_all_communes_adds_only_what_the_regulation_allows(client, bodies, world):
    login(client, bodies.specialist)
    # T04 lets the Ban ask no commune: "all communes" adds none, and nothing else was chosen
    response = _post(client, _form(world["t04"], all_communes="on"))
    assert response.status_code == 400
    assert texts(response, "//div[@id='recipient-picker']/div[@class='errors']") == [
        "Hãy chọn ít nhất một cơ quan được đề nghị."
    ]
    # T04 with the Front and "all communes": the Front only
    response = _post(client, _form(world["t04"], all_communes="on", recipients=[bodies.front.pk]))
    assert response.status_code == 302
    assert [d.recipient_id for d in CoordinationRequest.objects.get().deliveries.all()] == [bodies.front.pk]


def test_a_body_the_regulation_does_not_allow_is_refused_with_its_article(client, bodies, world):
    login(client, bodies.specialist)
    response = _post(client, _form(world["t04"], recipients=[bodies.xa1.pk]))
    assert response.status_code == 422
    errors = texts(response, "//div[@id='recipient-picker']/div[@class='errors']")
    assert len(errors) == 1
    assert "Đảng ủy xã An Một" in errors[0]
    assert CoordinationRequest.objects.count() == 0


def test_a_refused_form_keeps_the_choices_and_the_token(client, bodies, world):
    login(client, bodies.specialist)
    token = "3f1c1a52-7d0e-4f1e-9d2a-2b6f3c1b9a10"
    response = _post(
        client,
        _form(
            world["t03"],
            subject="",
            recipients=[bodies.xa1.pk],
            paper_recipients=[bodies.xa1.pk],
            form_token=token,
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'value="{bodies.xa1.pk}" id="recipient-{bodies.xa1.pk}" checked' in page
    assert f'value="{bodies.xa1.pk}" id="paper-{bodies.xa1.pk}" checked' in page
    assert f'value="{bodies.xa2.pk}" id="recipient-{bodies.xa2.pk}">' in page
    assert f'value="{token}"' in page


def test_a_sender_no_regulation_binds_gets_an_empty_picker(client, bodies, world):
    login(client, bodies.outsider_user)
    with time_machine.travel(at("2025-01-22", 9), tick=False):
        page = client.get(reverse("consult-create"))
    assert page.status_code == 200
    assert texts(page, "//div[@id='recipient-picker']//fieldset") == []
    assert texts(page, "//div[@id='recipient-picker']/p[@class='muted']") == [
        "Không có cơ quan nào mà cơ quan tôi được đề nghị theo các quy chế đang áp dụng."
    ]


def test_recipients_of_a_draft_show_not_sent(client, bodies, world):
    req = draft(bodies, world["t03"], paper=[bodies.xa2])
    login(client, bodies.specialist)
    page = client.get(reverse("consult-detail", args=[req.pk]))
    assert texts(page, "//table[@id='positions']//td[@class='delivery-state']") == ["chưa gửi", "chưa gửi"]
    actions.submit_for_approval(bodies.specialist, req)
    page = client.get(reverse("consult-detail", args=[req.pk]))
    assert texts(page, "//table[@id='positions']//td[@class='delivery-state']") == ["chưa gửi", "chưa gửi"]
    with time_machine.travel(at("2025-01-22", 8), tick=False):
        actions.approve_and_send(bodies.leader, req)
    page = client.get(reverse("consult-detail", args=[req.pk]))
    assert texts(page, "//table[@id='positions']//td[@class='delivery-state']") == [
        "Đã nhận",
        "Đã gửi, chờ nhận",
    ]


def test_a_draft_withdrawn_before_sending_still_shows_not_sent(client, bodies, world):
    req = draft(bodies, world["t03"], recipients=[bodies.xa1])
    actions.withdraw_request(bodies.specialist, req)
    login(client, bodies.specialist)
    page = client.get(reverse("consult-detail", args=[req.pk]))
    assert texts(page, "//table[@id='positions']//td[@class='delivery-state']") == ["chưa gửi"]


def _form_page_queries(client, bodies, extra: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(extra):
        OrganizationFactory(name=f"Đảng ủy xã Thêm {extra}-{i}", superior=bodies.tu)
    with time_machine.travel(at("2025-01-22", 9), tick=False):
        client.get(reverse("consult-create"))  # warm the session
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("consult-create"))
    assert page.status_code == 200
    return len(captured)


def test_the_form_costs_the_same_whatever_the_number_of_bodies_offered(client, bodies, regulation):
    login(client, bodies.specialist)
    one = _form_page_queries(client, bodies, 1)  # 3 communes offered
    three = _form_page_queries(client, bodies, 3)  # 6 communes offered
    assert one == three
