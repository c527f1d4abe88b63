"""Need-to-know on the matter's page and API, with data that could leak: another body's title and content never
appear; outsiders get 404; the page and the API agree; the query count of the page does not grow with the
matter's petitions; the proposals partial and the link and unlink actions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.petitions.domain import matters
from phoihop.petitions.models import Matter, Petition
from phoihop.web.views.matters import proposal_context
from tests.layout import LAYOUT_QUERIES

from .conftest import new_petition
from .variants import VARIANTS

pytestmark = pytest.mark.django_db

BAN_MARK = "MAT-DON-BAN-7Q"
XA1_MARK = "MAT-DON-XA-MOT-7Q"


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def linked(p):
    """Variant A at the Ban and at xã Một (each text with its body's mark), linked by xã Một's clerk."""
    _, _, _, title, content = VARIANTS[0]
    ban = new_petition(p.ban, f"{title} {BAN_MARK}", f"{content} {BAN_MARK}", received_on="2027-03-02")
    xa1 = new_petition(p.xa1, f"{title} {XA1_MARK}", f"{content} {XA1_MARK}", received_on="2027-03-04")
    matter = matters.link(xa1, ban, actor=p.xa1_clerk)
    return {"ban": ban, "xa1": xa1, "matter": matter}


@pytest.mark.parametrize(
    ("who", "own", "other"),
    [("ban_cv", "ban", "xa1"), ("xa1_clerk", "xa1", "ban"), ("xa1_leader", "xa1", "ban")],
)
def test_each_body_sees_its_part_in_full_and_of_the_others_no_content(p, linked, who, own, other) -> None:
    marks = {"ban": BAN_MARK, "xa1": XA1_MARK}
    c = _client(getattr(p, who))
    page = c.get(reverse("matter-detail", args=[linked["matter"].pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert marks[own] in html
    assert marks[other] not in html
    theirs = linked[other]
    assert theirs.organization.name in html
    assert theirs.register_code in html
    assert theirs.received_on.strftime("%d/%m/%Y") in html
    assert reverse("petition-detail", args=[linked[own].pk]) in html
    assert reverse("petition-detail", args=[theirs.pk]) not in html
    api = c.get(reverse("api-matter-detail", args=[linked["matter"].pk]))
    assert api.status_code == 200
    assert marks[other] not in api.content.decode()
    parts = api.json()["parts"]
    assert [(x["organization"], x["own"]) for x in parts] == [
        (linked[own].organization_id, True),
        (theirs.organization_id, False),
    ]
    assert parts[0]["petitions"][0]["title"] == linked[own].title
    assert parts[1]["petitions"] == [
        {
            "id": theirs.pk,
            "register_code": theirs.register_code,
            "received_on": theirs.received_on.isoformat(),
            "state": "received",
        }
    ]


@pytest.mark.parametrize("who", ["outsider", "xa2_cv", "hu_leader", "btv_leader"])
def test_outsiders_get_404_everywhere(p, linked, who) -> None:
    c = _client(getattr(p, who))
    m, ban, xa1 = linked["matter"].pk, linked["ban"].pk, linked["xa1"].pk
    for url in (
        reverse("matter-detail", args=[m]),
        reverse("api-matter-detail", args=[m]),
        reverse("api-matter-candidates", args=[xa1]),
        reverse("matter-link", args=[ban]),
        reverse("matter-unlink", args=[xa1]),
    ):
        r = c.get(url)
        assert r.status_code == 404, url
        assert BAN_MARK not in r.content.decode()
        assert XA1_MARK not in r.content.decode()
    for url in (
        reverse("matter-link", args=[ban]),
        reverse("matter-unlink", args=[xa1]),
        reverse("api-matter-link", args=[ban]),
        reverse("api-matter-unlink", args=[xa1]),
    ):
        assert c.post(url, {"petition": xa1}).status_code == 404, url
    assert Petition.objects.get(pk=xa1).matter_id == m


def test_anonymous(linked) -> None:
    c = Client()
    m = linked["matter"].pk
    r = c.get(reverse("matter-detail", args=[m]))
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("login"))
    assert c.get(reverse("api-matter-detail", args=[m])).status_code == 401


def _page_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    return len(q.captured_queries)


@pytest.mark.parametrize("route", ["matter-detail", "api-matter-detail"])
def test_the_matter_page_query_count_at_1_and_3_petitions(p, route) -> None:
    c = _client(p.xa1_cv)
    first = new_petition(p.xa1, "Đơn một", "Nội dung")
    matter = Matter.objects.create(title="Vụ việc")
    Petition.objects.filter(pk=first.pk).update(matter=matter)
    url = reverse(route, args=[matter.pk])
    one = _page_queries(c, url)
    new_petition(p.ban, "Đơn hai", "Nội dung", matter=matter)
    new_petition(p.xa1, "Đơn ba", "Nội dung", matter=matter)
    three = _page_queries(c, url)
    assert one == three
    # session, user, the matter, "the body holds one of its petitions", the petitions with their bodies; the page
    # also the user's body (the layout's "who" line: no query of the page loads it) and the layout's
    assert one == (6 + LAYOUT_QUERIES if route == "matter-detail" else 5)


def test_proposals_partial_and_the_link_action(p) -> None:
    _, _, _, title, content = VARIANTS[0]
    ban = new_petition(p.ban, f"{title} {BAN_MARK}", f"{content} {BAN_MARK}")
    xa1 = new_petition(p.xa1, title, content)
    context = proposal_context(p.xa1_clerk, xa1)
    html = render_to_string("web/matters/_proposals.html", context)
    assert "Đơn này có thể trùng với vụ việc của đơn:" in html
    assert f"Ban Nội chính Tỉnh ủy — đơn số {ban.register_code}, nhận ngày 01/03/2027" in html
    assert "Gắn vào vụ việc chung" in html
    assert BAN_MARK not in html
    assert f'name="petition" value="{ban.pk}"' in html
    assert proposal_context(p.ban_cv, xa1) == {"matter_proposals": [], "matter_can_link": False}
    api = _client(p.xa1_clerk).get(reverse("api-matter-candidates", args=[xa1.pk]))
    assert api.status_code == 200
    assert BAN_MARK not in api.content.decode()
    assert [[c["petition"] for c in pr["petitions"]] for pr in api.json()["proposals"]] == [[ban.pk]]

    c = _client(p.xa1_clerk)
    assert c.get(reverse("matter-link", args=[xa1.pk]))["Location"] == reverse(
        "petition-detail", args=[xa1.pk]
    )
    r = c.post(reverse("matter-link", args=[xa1.pk]), {"petition": str(ban.pk)})
    matter = Petition.objects.get(pk=xa1.pk).matter
    assert matter is not None
    assert (r.status_code, r["Location"]) == (302, reverse("matter-detail", args=[matter.pk]))
    html = render_to_string(
        "web/matters/_proposals.html", proposal_context(p.xa1_clerk, Petition.objects.get(pk=xa1.pk))
    )
    assert "Gắn vào vụ việc chung" not in html  # in a matter now: nothing more is proposed


def test_a_refused_link_says_why(p) -> None:
    xa1 = new_petition(p.xa1, "Đơn xã Một", "Nội dung riêng")
    other = new_petition(p.hu, "Đơn huyện", "Chuyện khác hẳn")
    c = _client(p.xa1_cv)
    r = c.post(reverse("matter-link", args=[xa1.pk]), {"petition": str(other.pk)}, follow=True)
    assert matters.NOT_PROPOSED in r.content.decode()
    api = c.post(
        reverse("api-matter-link", args=[xa1.pk]), {"petition": other.pk}, content_type="application/json"
    )
    assert (api.status_code, api.json()["error"], api.json()["detail"]) == (
        400,
        "not_proposed",
        matters.NOT_PROPOSED,
    )
    assert Petition.objects.get(pk=xa1.pk).matter_id is None
    org_admin = p.xa1_cv
    org_admin.role = "org_admin"
    org_admin.save(update_fields=["role"])
    api = _client(org_admin).post(reverse("api-matter-link", args=[xa1.pk]), {"petition": other.pk})
    assert (api.status_code, api.json()["detail"]) == (403, matters.NOT_ALLOWED)


def test_api_link_and_unlink(p) -> None:
    _, _, _, title, content = VARIANTS[0]
    ban = new_petition(p.ban, title, content)
    xa1 = new_petition(p.xa1, title, content)
    c = _client(p.xa1_cv)
    r = c.post(
        reverse("api-matter-link", args=[xa1.pk]), {"petition": ban.pk}, content_type="application/json"
    )
    assert r.status_code == 200
    matter = Petition.objects.get(pk=xa1.pk).matter
    assert r.json()["id"] == matter.pk
    assert [x["own"] for x in r.json()["parts"]] == [True, False]
    r = c.post(reverse("api-matter-unlink", args=[xa1.pk]))
    assert r.status_code == 204
    assert Petition.objects.get(pk=xa1.pk).matter_id is None
    r = c.post(reverse("api-matter-unlink", args=[xa1.pk]))
    assert (r.status_code, r.json()["error"]) == (400, "not_linked")
    # the page: unlinking from the matter's page goes back to the petition's page
    matters.link(Petition.objects.get(pk=xa1.pk), matter, actor=p.xa1_cv)
    r = c.post(reverse("matter-unlink", args=[xa1.pk]))
    assert (r.status_code, r["Location"]) == (302, reverse("petition-detail", args=[xa1.pk]))
    assert Petition.objects.get(pk=xa1.pk).matter_id is None


def test_api_bad_ids_are_refused_with_a_vietnamese_message(p) -> None:
    xa1 = new_petition(p.xa1, "Đơn", "Nội dung")
    c = _client(p.xa1_cv)
    url = reverse("api-matter-link", args=[xa1.pk])
    r = c.post(url, {"petition": 0}, content_type="application/json")
    assert r.status_code == 400
    assert r.json()["fields"]["petition"] == ["Mã số phải là số nguyên dương."]
    r = c.post(url, {"matter": 2**64}, content_type="application/json")
    assert (r.status_code, r.json()["fields"]["matter"]) == (400, ["Mã số quá lớn."])
    r = c.post(url, {}, content_type="application/json")
    assert (r.status_code, r.json()["detail"]) == (400, "Hãy chọn vụ việc chung hoặc đơn để gắn.")
