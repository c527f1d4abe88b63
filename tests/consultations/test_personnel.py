"""Personnel consultations (issue 12, part 3): an opinion request about a named official and a personnel
procedure, in the direction the regulation data gives per article (001 Điều 5 khoản 2, 11 khoản 2, 13 khoản 4
và 6), through the ordinary consultation engine: 7 working days from receipt, silence deemed consent
(001 Điều 3 khoản 1), counted across Tết 2027 (04/02–10/02/2027)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.accounts.enums import Role
from phoihop.audit.models import AuditEvent
from phoihop.common.errors import DomainError, PolicyViolation
from phoihop.consultations import queries
from phoihop.consultations.domain import actions, editing
from phoihop.consultations.domain.personnel import OUT_OF_REACH, personnel_directions
from phoihop.consultations.enums import DeliveryState, PersonnelProcedure, RequestKind, RequestState
from phoihop.consultations.jobs import deadlines
from phoihop.consultations.models import CoordinationRequest, Delivery
from phoihop.formats.vi.collation import fold
from phoihop.officials.models import Official
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.regulations.domain import load_regulation_files
from tests.consultations.conftest import at
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

DATA = Path(settings.REGULATIONS_DATA_DIR)


@pytest.fixture
def reg001(db):
    """The regulation 001 as the data file says (only that file: the others are not needed here)."""
    result = load_regulation_files([DATA / "001.yaml"])
    return result.created[0]


@pytest.fixture
def world(bodies):
    """The bloc (`agencies`) and one agency of the bloc with its leaders, a specialist of the bloc, and officials:
    one of the agency (managed by the bloc), one of an unrelated body."""
    p = bodies
    agency = OrganizationFactory(
        name="Sở Tư pháp tỉnh",
        abbreviation="STP",
        kind=OrganizationKind.BLOC_AGENCY,
        level=Level.PROVINCE,
        superior=p.agencies,
    )
    bloc_cv = UserFactory(organization=p.agencies, role=Role.SPECIALIST, full_name="Chuyên viên Khối")
    bloc_leader = UserFactory(organization=p.agencies, role=Role.LEADER, full_name="Lãnh đạo Khối")
    agency_cv = UserFactory(organization=agency, role=Role.SPECIALIST, full_name="Chuyên viên Sở")
    agency_leader = UserFactory(organization=agency, role=Role.LEADER, full_name="Giám đốc Sở")
    official = Official.objects.create(
        full_name="Trần Thị Bình",
        name_key=fold("Trần Thị Bình"),
        birth_year=1978,
        position="Phó Giám đốc, Bí thư Đảng ủy Sở",
        workplace=agency,
        managing_body=p.agencies,
        is_party_member=True,
    )
    stranger = Official.objects.create(
        full_name="Lê Văn Cường",
        name_key=fold("Lê Văn Cường"),
        birth_year=1980,
        position="Phó Chủ tịch",
        workplace=p.farmers,
        managing_body=p.farmers,
    )
    return type(
        "World",
        (),
        {
            "p": p,
            "agency": agency,
            "bloc_cv": bloc_cv,
            "bloc_leader": bloc_leader,
            "agency_cv": agency_cv,
            "agency_leader": agency_leader,
            "official": official,
            "stranger": stranger,
        },
    )


def _draft(
    w, reg, *, actor=None, recipients=None, official=None, procedure=PersonnelProcedure.APPOINTMENT, **kw
):
    return actions.create_request(
        actor or w.bloc_cv,
        regulation=reg,
        kind=RequestKind.PERSONNEL,
        subject="Xin ý kiến về nhân sự bí thư Đảng ủy Sở",
        recipients=recipients if recipients is not None else [w.agency],
        official=official if official is not None else w.official,
        personnel_procedure=procedure,
        **kw,
    )


def _send(w, reg, when: str, **kw) -> CoordinationRequest:
    with time_machine.travel(at(when, 8), tick=False):
        req = _draft(w, reg, **kw)
        actions.submit_for_approval(w.bloc_cv, req)
        actions.approve_and_send(w.bloc_leader, req)
    req.refresh_from_db()
    return req


# --- the data ----------------------------------------------------------------------------------------------


def test_the_directions_of_001_are_data_with_their_articles(reg001):
    got = [(d.article, d.senders, d.recipients, d.procedures) for d in personnel_directions(reg001)]
    P = Level.PROVINCE
    assert got == [
        (
            "Điều 5 khoản 2 điểm a",
            (("organization_board", P),),
            (("agencies_bloc_committee", P),),
            ("transfer", "rotation", "appointment", "nomination"),
        ),
        (
            "Điều 5 khoản 2 điểm c",
            (("agencies_bloc_committee", P),),
            (("organization_board", P),),
            ("planning", "nomination", "appointment", "reappointment", "transfer", "rotation"),
        ),
        (
            "Điều 11 khoản 2",
            (("government_party_committee", P),),
            (("agencies_bloc_committee", P),),
            ("appointment", "dismissal", "reward", "discipline"),
        ),
        (
            "Điều 13 khoản 4",
            (("bloc_agency", P),),
            (("agencies_bloc_committee", P),),
            (
                "planning",
                "nomination",
                "appointment",
                "reappointment",
                "dismissal",
                "transfer",
                "rotation",
                "discipline",
            ),
        ),
        (
            "Điều 13 khoản 6",
            (("agencies_bloc_committee", P),),
            (("bloc_agency", P),),
            ("planning", "nomination", "appointment", "reappointment", "dismissal", "transfer", "rotation"),
        ),
    ]
    rule = reg001.kind_rule(RequestKind.PERSONNEL)
    assert (rule.working_days, rule.deemed_consent, rule.deemed_consent_article, rule.extension) == (
        7,
        True,
        "Điều 3 khoản 1",
        True,
    )


# --- the acceptance: 001 Điều 13 khoản 6, silence deemed consent across Tết 2027 ---------------------------


def test_bloc_asks_the_agency_leaders_and_silence_is_deemed_consent_after_7_working_days_across_tet(
    world, reg001
):
    w = world
    req = _send(w, reg001, "2027-02-03")
    assert (req.state, req.official, req.personnel_procedure, req.personnel_article) == (
        RequestState.SENT,
        w.official,
        PersonnelProcedure.APPOINTMENT,
        "Điều 13 khoản 6",
    )
    copy = Delivery.objects.get(request=req)
    # received 03/02/2027; Tết 04/02–10/02 and the weekends not counted: 11, 12, 15, 16, 17, 18, 19/02
    assert (copy.recipient, copy.state, copy.received_on, copy.deadline) == (
        w.agency,
        DeliveryState.RECEIVED,
        dt.date(2027, 2, 3),
        dt.date(2027, 2, 19),
    )
    assert "Tết Nguyên đán" in copy.deadline_explanation
    # the 7th working day, to its last minute: not deemed
    assert deadlines(at("2027-02-19", 23, 59))["deemed_consent"] == 0
    copy.refresh_from_db()
    assert copy.state == DeliveryState.RECEIVED
    # the next day: deemed consent per the data (Điều 3 khoản 1), exactly once
    assert deadlines(at("2027-02-20", 0, 0))["deemed_consent"] == 1
    assert deadlines(at("2027-02-20", 0, 5))["deemed_consent"] == 0
    copy.refresh_from_db()
    assert (copy.state, copy.deemed_at) == (DeliveryState.DEEMED_CONSENT, at("2027-02-20", 0, 0))
    event = AuditEvent.objects.filter(target_type="consultations.delivery", target_id=str(copy.pk)).last()
    assert "Điều 3 khoản 1" in str(event.data) + event.summary


def test_an_answer_on_the_last_day_is_an_answer_not_consent(world, reg001):
    w = world
    req = _send(w, reg001, "2027-02-03")
    copy = Delivery.objects.get(request=req)
    with time_machine.travel(at("2027-02-19", 16), tick=False):
        actions.answer(w.agency_leader, copy, position="disagree", text="Chưa đủ tiêu chuẩn.")
    assert deadlines(at("2027-02-22", 0, 0))["deemed_consent"] == 0
    copy.refresh_from_db()
    assert (copy.state, copy.position) == (DeliveryState.ANSWERED, "disagree")


# --- directions refused ------------------------------------------------------------------------------------


def test_an_agency_asks_the_bloc_under_13_4_and_the_article_is_found_by_itself(world, reg001):
    w = world
    req = _draft(
        w, reg001, actor=w.agency_cv, recipients=[w.p.agencies], procedure=PersonnelProcedure.DISCIPLINE
    )
    assert (req.personnel_article, req.personnel_procedure) == ("Điều 13 khoản 4", "discipline")


def test_an_agency_asking_the_bloc_under_13_6_is_refused_with_the_article(world, reg001):
    w = world
    with pytest.raises(PolicyViolation) as refused:
        _draft(w, reg001, actor=w.agency_cv, recipients=[w.p.agencies], personnel_article="Điều 13 khoản 6")
    assert refused.value.field == "recipients"
    assert refused.value.message.startswith(
        "Theo Quy chế phối hợp của Đảng ủy Khối các cơ quan tỉnh, Sở Tư pháp tỉnh không xin ý kiến "
        "Đảng ủy Các cơ quan tỉnh về nhân sự theo Điều 13 khoản 6. Quy chế quy định: Điều 5 khoản 2 điểm a: "
        "Ban Tổ chức Tỉnh ủy xin ý kiến Thường trực, Ban Thường vụ Đảng ủy Khối (điều động, luân chuyển, bổ "
        "nhiệm, giới thiệu ứng cử, đề cử);"
    )
    assert not CoordinationRequest.objects.exists()


def test_asking_a_body_outside_every_personnel_direction_is_refused(world, reg001):
    """The bloc may ask the Ban Nội chính under 001 (a partner), but no article lets it ask it about personnel."""
    w = world
    with pytest.raises(PolicyViolation) as refused:
        _draft(w, reg001, recipients=[w.p.ban])
    assert refused.value.code == "personnel_direction"
    assert refused.value.message.startswith(
        "Theo Quy chế phối hợp của Đảng ủy Khối các cơ quan tỉnh, Đảng ủy Các cơ quan tỉnh không xin ý kiến "
        "Ban Nội chính Tỉnh ủy về nhân sự. Quy chế quy định:"
    )
    assert "Điều 13 khoản 6: Đảng ủy Khối xin ý kiến Lãnh đạo cơ quan thuộc Khối" in refused.value.message
    assert not CoordinationRequest.objects.exists()


def test_a_procedure_the_article_does_not_cover_is_refused(world, reg001):
    w = world
    with pytest.raises(PolicyViolation) as refused:
        _draft(w, reg001, procedure=PersonnelProcedure.REWARD)
    assert refused.value.field == "personnel_procedure"
    assert "không áp dụng cho quy trình “khen thưởng”" in refused.value.message


def test_the_official_must_be_one_the_sender_may_see(world, reg001):
    w = world
    with pytest.raises(DomainError) as refused:
        _draft(w, reg001, official=w.stranger)
    assert (refused.value.field, refused.value.message) == ("official", OUT_OF_REACH)
    assert "Lê Văn Cường" not in refused.value.message
    with pytest.raises(DomainError, match="Hãy chọn cán bộ được xin ý kiến"):
        actions.create_request(
            w.bloc_cv,
            regulation=reg001,
            kind=RequestKind.PERSONNEL,
            subject="X",
            recipients=[w.agency],
            personnel_procedure=PersonnelProcedure.APPOINTMENT,
        )
    assert not CoordinationRequest.objects.exists()


def test_other_kinds_carry_no_personnel_fields(world, reg001):
    w = world
    req = actions.create_request(
        w.bloc_cv,
        regulation=reg001,
        kind=RequestKind.CONSULTATION,
        subject="Xin ý kiến dự thảo",
        recipients=[w.agency],
        official=w.official,
        personnel_procedure=PersonnelProcedure.APPOINTMENT,
    )
    assert (req.official, req.personnel_procedure, req.personnel_article) == (None, "", "")


def test_editing_a_draft_checks_the_direction_again(world, reg001):
    w = world
    req = _draft(w, reg001)
    with pytest.raises(PolicyViolation):
        editing.update_draft(
            w.bloc_cv,
            req,
            regulation=reg001,
            kind=RequestKind.PERSONNEL,
            subject=req.subject,
            recipients=[w.p.ban],
            official=w.official,
            personnel_procedure=PersonnelProcedure.APPOINTMENT,
        )
    editing.update_draft(
        w.bloc_cv,
        req,
        regulation=reg001,
        kind=RequestKind.PERSONNEL,
        subject=req.subject,
        recipients=[w.agency],
        official=w.official,
        personnel_procedure=PersonnelProcedure.REAPPOINTMENT,
    )
    req.refresh_from_db()
    assert (req.personnel_procedure, req.personnel_article) == ("reappointment", "Điều 13 khoản 6")


# --- pages and API -----------------------------------------------------------------------------------------


def test_form_detail_lists_and_api_show_the_official_and_procedure(world, reg001, client):
    w = world
    req = _send(w, reg001, "2027-02-03")
    with time_machine.travel(at("2027-02-05", 9), tick=False):
        client.force_login(w.bloc_cv)
        form = client.get(reverse("consult-create"))
        assert form.status_code == 200
        officials = list(form.context["form"].fields["official"].queryset)
        assert officials == [w.official]  # never the unrelated body's official
        assert [c[0] for c in form.context["form"].fields["personnel_article"].choices] == [
            "",
            "Điều 5 khoản 2 điểm c",
            "Điều 13 khoản 6",
        ]
        detail = client.get(reverse("consult-detail", args=[req.pk])).content.decode()
        assert "Trần Thị Bình" in detail
        assert "Bổ nhiệm — theo Điều 13 khoản 6" in detail
        outbox = client.get(reverse("consult-outbox")).content.decode()
        assert "Nhân sự: Trần Thị Bình — Bổ nhiệm" in outbox
        body = client.get(reverse("api-consult-request", args=[req.pk])).json()
        assert (body["official"], body["official_name"], body["personnel_procedure"]) == (
            w.official.pk,
            "Trần Thị Bình",
            "appointment",
        )
        assert body["personnel_article"] == "Điều 13 khoản 6"
        client.force_login(w.agency_leader)
        inbox = client.get(reverse("consult-inbox")).content.decode()
        assert "Nhân sự: Trần Thị Bình — Bổ nhiệm" in inbox
        client.force_login(w.p.farmers_leader)
        assert client.get(reverse("consult-detail", args=[req.pk])).status_code == 404
        assert "Trần Thị Bình" not in client.get(reverse("consult-inbox")).content.decode()


def test_the_form_posts_a_personnel_request_and_shows_a_refusal(world, reg001, client):
    w = world
    with time_machine.travel(at("2027-02-03", 9), tick=False):
        client.force_login(w.bloc_cv)
        data = {
            "regulation": reg001.pk,
            "kind": RequestKind.PERSONNEL,
            "subject": "Xin ý kiến nhân sự",
            "recipients": [w.p.ban.pk],
            "official": w.official.pk,
            "personnel_procedure": PersonnelProcedure.APPOINTMENT,
        }
        refused = client.post(reverse("consult-create"), data)
        assert refused.status_code == 422
        assert "không xin ý kiến Ban Nội chính Tỉnh ủy về nhân sự" in refused.content.decode()
        data["recipients"] = [w.agency.pk]
        done = client.post(reverse("consult-create"), data)
        assert done.status_code == 302
    req = CoordinationRequest.objects.get()
    assert (req.official, req.personnel_article) == (w.official, "Điều 13 khoản 6")


def test_api_creates_a_personnel_request_and_refuses_an_official_out_of_reach(world, reg001, client):
    w = world
    with time_machine.travel(at("2027-02-03", 9), tick=False):
        client.force_login(w.bloc_cv)
        payload = {
            "regulation": "001",
            "kind": "personnel",
            "subject": "Xin ý kiến nhân sự",
            "recipients": [w.agency.code],
            "official": w.stranger.pk,
            "personnel_procedure": "appointment",
        }
        url = reverse("api-consult-requests")
        refused = client.post(url, payload, content_type="application/json")
        assert refused.status_code == 400
        assert refused.json()["detail"] == OUT_OF_REACH
        assert "Lê Văn Cường" not in refused.content.decode()
        payload["official"] = 999999
        assert client.post(url, payload, content_type="application/json").json()["detail"] == OUT_OF_REACH
        payload["official"] = w.official.pk
        created = client.post(url, payload, content_type="application/json")
        assert created.status_code == 201, created.content
        assert created.json()["personnel_article"] == "Điều 13 khoản 6"


def _queries(client, user, url) -> int:
    with time_machine.travel(at("2027-02-05", 9), tick=False):
        client.force_login(user)
        # once before: the menu's badge remembered (work.queue.menu_total), as after a first page
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url)
    assert page.status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_cost_the_same_at_1_and_3_personnel_rows(world, reg001, client):
    """The official's name comes with the page's rows (one join), not one query per row."""
    w = world
    _send(w, reg001, "2027-02-01")
    one = {
        "outbox": _queries(client, w.bloc_cv, reverse("consult-outbox")),
        "inbox": _queries(client, w.agency_leader, reverse("consult-inbox")),
        "api-outbox": _queries(client, w.bloc_cv, reverse("api-consult-outbox")),
        "api-inbox": _queries(client, w.agency_leader, reverse("api-consult-inbox")),
    }
    for day in ("2027-02-02", "2027-02-03"):
        _send(w, reg001, day)
    three = {
        "outbox": _queries(client, w.bloc_cv, reverse("consult-outbox")),
        "inbox": _queries(client, w.agency_leader, reverse("consult-inbox")),
        "api-outbox": _queries(client, w.bloc_cv, reverse("api-consult-outbox")),
        "api-inbox": _queries(client, w.agency_leader, reverse("api-consult-inbox")),
    }
    assert three == one


def test_involvement_lets_the_asked_body_see_the_official(world, reg001):
    from phoihop.officials.involvement import involvement

    w = world
    entry = dict(involvement.items())["consultations.personnel"]
    draft = _draft(w, reg001)
    assert entry.involves(w.official.pk, w.p.agencies.pk)  # its sender, from the draft on
    assert not entry.involves(w.official.pk, w.agency.pk)  # a recipient once it is sent
    actions.submit_for_approval(w.bloc_cv, draft)
    actions.approve_and_send(w.bloc_leader, draft)
    req = CoordinationRequest.objects.get(pk=draft.pk)
    assert req.state == RequestState.SENT
    assert entry.involves(w.official.pk, w.agency.pk)
    assert entry.involves(w.official.pk, w.p.agencies.pk)
    assert not entry.involves(w.official.pk, w.p.farmers.pk)
    assert set(Official.objects.filter(pk__in=entry.officials_of(w.agency.pk))) == {w.official}
    assert not Official.objects.filter(pk__in=entry.officials_of(w.p.farmers.pk)).exists()
    assert queries.official_by_id(w.official.pk) == w.official


def test_an_official_managed_by_the_agency_leaders_may_be_asked_about_under_13_6(world, reg001):
    """001 13.6: a party secretary "diện lãnh đạo cơ quan quản lý" is managed by the agency, not by the bloc: the
    bloc does not see them in the registry, yet may ask the agency about them (the agency is the body asked)."""
    w = world
    managed = Official.objects.create(
        full_name="Ngô Văn Hải", name_key=fold("Ngô Văn Hải"), workplace=w.agency, managing_body=w.agency
    )
    # not when the agency is not among the bodies asked
    other = OrganizationFactory(kind=OrganizationKind.BLOC_AGENCY, level=Level.PROVINCE, name="Sở Y tế tỉnh")
    with pytest.raises(DomainError) as refused:
        _draft(w, reg001, official=managed, recipients=[other])
    assert (refused.value.field, refused.value.message) == ("official", OUT_OF_REACH)
    req = _draft(w, reg001, official=managed, procedure=PersonnelProcedure.NOMINATION)
    assert (req.official, req.personnel_article) == (managed, "Điều 13 khoản 6")
