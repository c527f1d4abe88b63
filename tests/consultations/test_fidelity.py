"""Faithful to the texts: per request kind, what each regulation lets a body ask of whom, the period a request
may state, and when silence is consent (REGULATIONS.md, "Who may be asked what, and when silence is consent").

Every test runs on the regulation data of data/regulations/ (load_regulations), with bodies of the kinds and
levels the data names. Dates: requests sent on Wed 22/01/2025, before Tết (25/01–02/02/2025 off).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from phoihop.accounts.enums import Role
from phoihop.common.clock import end_of_day
from phoihop.common.errors import PolicyViolation
from phoihop.consultations.domain import actions
from phoihop.consultations.domain.sweep import apply_due
from phoihop.consultations.enums import DeliveryState, Position, RequestKind, RequestState
from phoihop.consultations.models import CoordinationRequest, Delivery
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.regulations.models import Regulation
from phoihop.regulations.queries import current_version
from phoihop.reports.domain.generation import schedule
from phoihop.workdays.calendar import WorkCalendar
from tests.consultations.conftest import at
from tests.factories import OrganizationFactory, UserFactory

K = OrganizationKind
D = dt.date
SEND = "2025-01-22"

# (kind, level) of the lead and of one partner of each regulation, and its authority
PAIRS = {
    "000": ((K.INSPECTION_COMMITTEE, Level.DISTRICT), (K.FATHERLAND_FRONT, Level.DISTRICT)),
    "001": ((K.AGENCIES_BLOC_COMMITTEE, Level.PROVINCE), (K.ORGANIZATION_BOARD, Level.PROVINCE)),
    "003": ((K.INTERNAL_AFFAIRS_BOARD, Level.PROVINCE), (K.PARTY_COMMITTEE, Level.COMMUNE)),
    "004": ((K.INTERNAL_AFFAIRS_BOARD, Level.PROVINCE), (K.PARTY_COMMITTEE, Level.DISTRICT)),
}


@pytest.fixture
def regs(db):
    call_command("load_regulations", stdout=io.StringIO())


class Side:
    def __init__(self, kind: str, level: str, name: str, abbreviation: str, superior=None) -> None:
        self.org = OrganizationFactory(
            name=name, abbreviation=abbreviation, kind=kind, level=level, superior=superior
        )
        self.cv = UserFactory(organization=self.org, role=Role.SPECIALIST)
        self.leader = UserFactory(organization=self.org, role=Role.LEADER)


class Pair:
    """A lead body and two partners of one regulation, under the authority it names."""

    def __init__(self, code: str) -> None:
        (lk, ll), (pk, pl) = PAIRS[code]
        authority_level = Level.DISTRICT if code == "000" else Level.PROVINCE
        self.authority = Side(K.STANDING_COMMITTEE, authority_level, "Ban Thường vụ", "BTV")
        self.lead = Side(
            lk, ll, "Ban Nội chính Tỉnh ủy" if code in ("003", "004") else "Cơ quan chủ trì", "CT"
        )
        self.lead.org.superior = self.authority.org
        self.lead.org.save()
        self.partner = Side(pk, pl, "Đảng ủy xã Một", "X1", superior=self.authority.org)
        self.partner2 = Side(pk, pl, "Đảng ủy xã Hai", "X2", superior=self.authority.org)
        self.regulation = current_version(code)
        assert self.regulation is not None


def draft(pair: Pair, side: Side, kind: str, recipients: list, **fields) -> CoordinationRequest:
    """A draft under the pair's regulation (create_request with the usual arguments)."""
    return actions.create_request(
        side.cv, regulation=pair.regulation, kind=RequestKind(kind), recipients=recipients, **fields
    )


def send(pair: Pair, kind: str, *, moment: str = SEND, **stated) -> CoordinationRequest:
    with time_machine.travel(at(moment, 8), tick=False):
        request = actions.create_request(
            pair.lead.cv,
            regulation=pair.regulation,
            kind=RequestKind(kind),
            subject=f"Đề nghị ({kind})",
            recipients=[pair.partner.org],
            **stated,
        )
        actions.submit_for_approval(pair.lead.cv, request)
        request.refresh_from_db()
        actions.approve_and_send(pair.lead.leader, request)
    return request


def delivery_of(request: CoordinationRequest) -> Delivery:
    return Delivery.objects.get(request=request)


# --- 1. deemed consent per request kind -----------------------------------------------------------------

SILENCE = [
    # (code, kind, stated, deadline, outcome)
    ("000", "consultation", {}, D(2025, 2, 7), "deemed"),
    ("000", "information_request", {"stated_deadline": D(2025, 2, 5)}, D(2025, 2, 5), "overdue"),
    ("000", "secondment", {"stated_working_days": 3}, D(2025, 2, 3), "overdue"),
    ("003", "consultation", {}, D(2025, 2, 5), "deemed"),
    ("003", "information_request", {"stated_deadline": D(2025, 2, 5)}, D(2025, 2, 5), "overdue"),
    ("003", "secondment", {"stated_deadline": D(2025, 2, 4)}, D(2025, 2, 4), "overdue"),
    ("004", "consultation", {}, D(2025, 2, 5), "deemed"),
    ("004", "information_request", {"stated_deadline": D(2025, 2, 6)}, D(2025, 2, 6), "overdue"),
    ("004", "secondment", {"stated_deadline": D(2025, 2, 6)}, D(2025, 2, 6), "overdue"),
    ("001", "consultation", {}, D(2025, 2, 7), "deemed"),
    ("001", "information_request", {}, D(2025, 2, 7), "deemed"),
    ("001", "secondment", {}, D(2025, 2, 7), "deemed"),
]


@pytest.mark.parametrize(("code", "kind", "stated", "deadline", "outcome"), SILENCE)
def test_silence_is_consent_only_where_the_text_says_so(regs, code, kind, stated, deadline, outcome):
    pair = Pair(code)
    request = send(pair, kind, **stated)
    d = delivery_of(request)
    assert d.deadline == deadline
    apply_due(end_of_day(deadline) - dt.timedelta(seconds=1))  # the last second of the deadline day
    d.refresh_from_db()
    assert (d.state, d.overdue) == (DeliveryState.RECEIVED, False)
    counts = apply_due(end_of_day(deadline))
    d.refresh_from_db()
    if outcome == "deemed":
        assert counts["deemed_consent"] == 1
        assert counts["overdue"] == 0
        assert d.state == DeliveryState.DEEMED_CONSENT
        assert d.deemed_at == end_of_day(deadline)
    else:
        assert counts["deemed_consent"] == 0
        assert counts["overdue"] == 1
        assert (d.state, d.overdue, d.deemed_at) == (DeliveryState.RECEIVED, True, None)
        # a second sweep changes nothing; a late answer is still recorded, never deemed
        assert apply_due(end_of_day(deadline) + dt.timedelta(days=3)) == {
            "deemed_consent": 0,
            "overdue": 0,
            "reminders": 0,
        }
        with time_machine.travel(end_of_day(deadline) + dt.timedelta(hours=9), tick=False):
            actions.answer(pair.partner.leader, d, position=Position.AGREE)
        d.refresh_from_db()
        assert d.state == DeliveryState.ANSWERED


def test_a_stated_period_of_three_working_days_under_003_runs_across_tet(regs):
    pair = Pair("003")
    d = delivery_of(send(pair, "consultation", stated_working_days=3))
    # 23/01, 24/01, then Tết (25/01–02/02), 03/02: shorter than the regulation's 05 days, and it applies
    assert d.deadline == D(2025, 2, 3)
    assert (
        "03 ngày làm việc kể từ ngày nhận 22/01/2025 (thời hạn nêu trong văn bản đề nghị)"
        in d.deadline_explanation
    )
    longer = delivery_of(send(pair, "consultation", stated_deadline=D(2025, 2, 14)))
    assert longer.deadline == D(2025, 2, 14)


def test_001_refuses_a_stated_date_earlier_than_seven_working_days(regs):
    pair = Pair("001")
    with time_machine.travel(at(SEND, 8), tick=False), pytest.raises(PolicyViolation) as refused:
        draft(
            pair,
            pair.lead,
            RequestKind.CONSULTATION,
            [pair.partner.org],
            subject="Xin ý kiến",
            stated_deadline=D(2025, 2, 6),
        )
    assert refused.value.message == (
        "Thời hạn theo văn bản đề nghị không được sớm hơn 07 ngày làm việc kể từ ngày nhận; gửi hôm nay thì hạn "
        "sớm nhất là ngày 07/02/2025 — Điều 3 khoản 1."
    )
    assert CoordinationRequest.objects.count() == 0
    assert delivery_of(send(pair, "consultation", stated_deadline=D(2025, 2, 7))).deadline == D(2025, 2, 7)
    assert delivery_of(send(pair, "consultation", stated_deadline=D(2025, 2, 12))).deadline == D(2025, 2, 12)


def test_004_refuses_any_stated_period_for_an_opinion_and_requires_one_for_information(regs):
    pair = Pair("004")
    with time_machine.travel(at(SEND, 8), tick=False):
        with pytest.raises(PolicyViolation, match=r"không được tự nêu thời hạn khác — Điều 5 khoản 3\.$"):
            draft(
                pair,
                pair.lead,
                RequestKind.CONSULTATION,
                [pair.partner.org],
                subject="Xin ý kiến",
                stated_deadline=D(2025, 2, 20),
            )
        with pytest.raises(PolicyViolation, match=r"hãy nêu thời hạn trả lời — Điều 5 khoản 1\.$"):
            draft(
                pair,
                pair.lead,
                RequestKind.INFORMATION_REQUEST,
                [pair.partner.org],
                subject="Cung cấp tài liệu",
            )
    assert CoordinationRequest.objects.count() == 0


def test_000_warns_the_sender_when_fewer_than_seven_working_days_remain(regs):
    pair = Pair("000")
    cal = WorkCalendar()
    with time_machine.travel(at(SEND, 8), tick=False):
        on_time = actions.create_request(
            pair.lead.cv,
            regulation=pair.regulation,
            kind=RequestKind.CONSULTATION,
            subject="Xin ý kiến kế hoạch giám sát",
            recipients=[pair.partner.org],
            stated_deadline=D(2025, 2, 7),  # the 7th working day after 22/01: sent just in time
        )
        late = draft(
            pair,
            pair.lead,
            RequestKind.CONSULTATION,
            [pair.partner.org],
            subject="Xin ý kiến gấp",
            stated_deadline=D(2025, 2, 6),
        )
    assert actions.send_ahead_warning(on_time, D(2025, 1, 22), cal) == ""
    assert actions.send_ahead_warning(late, D(2025, 1, 22), cal) == (
        "Cách hiểu của hệ thống (Điều 5 khoản 1): văn bản cần gửi trước ngày cần có ý kiến (06/02/2025) ít nhất "
        "07 ngày làm việc, tức chậm nhất ngày 21/01/2025; từ hôm nay (22/01/2025) chỉ còn 06 ngày làm việc. Cơ "
        "quan được đề nghị vẫn có 07 ngày làm việc kể từ ngày nhận để trả lời."
    )
    # the stated date is the date the opinion is needed by, not the answer deadline
    with time_machine.travel(at(SEND, 8), tick=False):
        actions.submit_for_approval(pair.lead.cv, late)
        late.refresh_from_db()
        actions.approve_and_send(pair.lead.leader, late)
    assert delivery_of(late).deadline == D(2025, 2, 7)


# --- 2. who may ask whom ---------------------------------------------------------------------------


def test_a_commune_cannot_ask_another_commune_under_003(regs, client):
    pair = Pair("003")
    message = (
        "Theo Ban Nội chính Tỉnh ủy – các đảng ủy xã, phường (Hưng Yên), đề nghị được gửi giữa Ban Nội chính Tỉnh "
        "ủy và các cơ quan phối hợp; Đảng ủy xã Một và Đảng ủy xã Hai đều là cơ quan phối hợp nên không gửi đề "
        "nghị cho nhau theo văn bản này — Điều 1 khoản 1."
    )
    with pytest.raises(PolicyViolation) as refused:
        draft(
            pair,
            pair.partner,
            RequestKind.SECONDMENT,
            [pair.partner2.org],
            subject="Cử cán bộ",
            stated_deadline=timezone.localdate() + dt.timedelta(days=30),
        )
    assert refused.value.message == message
    client.force_login(pair.partner.cv)
    api = client.post(
        "/api/v1/consultations/requests/",
        {
            "regulation": "003",
            "kind": "secondment",
            "subject": "Cử cán bộ",
            "recipients": [pair.partner2.org.code],
            "stated_working_days": 5,
        },
        content_type="application/json",
    )
    assert api.status_code == 422
    assert api.json()["error"] == "not_a_party"
    assert api.json()["detail"] == message
    # the page does not even offer the other commune; a forged POST gets the message, nothing is written
    page = client.get(reverse("consult-create"))
    offered = lxml_html.fromstring(page.content.decode()).xpath("//input[@name='recipients']/@value")
    assert offered == [str(pair.lead.org.pk)]
    assert CoordinationRequest.objects.count() == 0
    # the other direction is allowed: a commune asks the Ban
    with time_machine.travel(at(SEND, 8), tick=False):
        ok = draft(
            pair,
            pair.partner,
            RequestKind.CONSULTATION,
            [pair.lead.org],
            subject="Xin ý kiến",
        )
    assert ok.state == RequestState.DRAFT


@pytest.mark.parametrize("code", ["000", "001"])
def test_partners_of_000_and_001_cannot_ask_each_other(regs, code):
    pair = Pair(code)
    with pytest.raises(PolicyViolation, match="đều là cơ quan phối hợp"):
        draft(
            pair,
            pair.partner,
            RequestKind.CONSULTATION,
            [pair.partner2.org],
            subject="Xin ý kiến",
        )


# --- 3. dissolved bodies ---------------------------------------------------------------------------


def test_a_dissolved_body_gets_no_new_work_and_its_history_stays_readable(regs, client):
    pair = Pair("003")
    old = send(pair, "consultation")
    pair.partner.org.dissolved_on = D(2025, 7, 1)
    pair.partner.org.save()
    expected = (
        "Đảng ủy xã Một đã giải thể từ ngày 01/07/2025; không giao việc mới cho cơ quan đã giải thể (hồ sơ cũ vẫn "
        "xem được)."
    )
    with time_machine.travel(at("2025-07-01", 8), tick=False):
        with pytest.raises(PolicyViolation) as refused:
            draft(
                pair,
                pair.lead,
                RequestKind.CONSULTATION,
                [pair.partner.org],
                subject="Xin ý kiến",
            )
        assert refused.value.message == expected
        client.force_login(pair.lead.cv)
        page = client.get(reverse("consult-create"))
        offered = lxml_html.fromstring(page.content.decode()).xpath(
            "normalize-space(//input[@name='recipients']/parent::label)"
        )
        assert offered == "Đảng ủy xã Hai"  # the only body offered (the dissolved one is not)
        assert len(lxml_html.fromstring(page.content.decode()).xpath("//input[@name='recipients']")) == 1
        api = client.post(
            "/api/v1/consultations/requests/",
            {
                "regulation": "003",
                "kind": "consultation",
                "subject": "X",
                "recipients": [pair.partner.org.code],
            },
            content_type="application/json",
        )
        assert (api.status_code, api.json()["error"], api.json()["detail"]) == (422, "dissolved", expected)
        # the day before the dissolution it was still allowed
    with time_machine.travel(at("2025-06-30", 8), tick=False):
        draft(
            pair,
            pair.lead,
            RequestKind.CONSULTATION,
            [pair.partner.org],
            subject="Xin ý kiến",
        )
    # history: the old request still opens for the dissolved body's own users and for the sender
    client.force_login(pair.partner.cv)
    assert client.get(reverse("consult-detail", args=[old.pk])).status_code == 200
    assert client.get(f"/api/v1/consultations/requests/{old.pk}/").status_code == 200


def test_a_draft_for_a_body_dissolved_since_cannot_be_signed(regs):
    pair = Pair("003")
    with time_machine.travel(at("2025-06-27", 8), tick=False):
        request = draft(
            pair,
            pair.lead,
            RequestKind.CONSULTATION,
            [pair.partner.org],
            subject="Xin ý kiến",
        )
        actions.submit_for_approval(pair.lead.cv, request)
    pair.partner.org.dissolved_on = D(2025, 7, 1)
    pair.partner.org.save()
    request.refresh_from_db()
    with (
        time_machine.travel(at("2025-07-01", 8), tick=False),
        pytest.raises(PolicyViolation, match="đã giải thể"),
    ):
        actions.approve_and_send(pair.lead.leader, request)
    request.refresh_from_db()
    assert (request.state, request.document_number) == (RequestState.PENDING_APPROVAL, "")


# --- 4. 003 disagreement goes through the Ban ------------------------------------------------------------


def test_003_disagreement_goes_through_the_ban_and_the_page_labels_the_reading(regs, client):
    pair = Pair("003")
    with time_machine.travel(at(SEND, 8), tick=False):
        request = draft(
            pair,
            pair.partner,
            RequestKind.CONSULTATION,
            [pair.lead.org],
            subject="Xin ý kiến dự thảo kế hoạch",
        )
        actions.submit_for_approval(pair.partner.cv, request)
        request.refresh_from_db()
        actions.approve_and_send(pair.partner.leader, request)
        actions.answer(
            pair.lead.leader, delivery_of(request), position=Position.DISAGREE, text="Chưa phù hợp"
        )
        request.refresh_from_db()
        escalation = actions.escalate(pair.partner.leader, request)
    assert (escalation.authority, escalation.via) == (pair.authority.org, pair.lead.org)
    client.force_login(pair.partner.cv)
    doc = lxml_html.fromstring(client.get(reverse("consult-detail", args=[request.pk])).content.decode())
    assert doc.xpath("string(//p[@id='escalation-via'])") == (
        "Vấn đề được đưa qua Ban Nội chính Tỉnh ủy để báo cáo cấp có thẩm quyền."
    )
    reading = doc.xpath("string(//p[@id='escalation-reading'])")
    assert reading.startswith("Cách hiểu của hệ thống: Quy chế 003 không có điều khoản về ý kiến khác nhau.")
    api = client.get(f"/api/v1/consultations/requests/{request.pk}/").json()
    assert (api["escalation"]["via"], api["escalation"]["authority"]) == (
        pair.lead.org.code,
        pair.authority.org.code,
    )


def test_003_ban_escalates_straight_to_the_standing_committee(regs):
    pair = Pair("003")
    request = send(pair, "consultation")
    with time_machine.travel(at(SEND, 10), tick=False):
        actions.answer(
            pair.partner.leader, delivery_of(request), position=Position.DISAGREE, text="Không đồng ý"
        )
        request.refresh_from_db()
        escalation = actions.escalate(pair.lead.leader, request)
    assert (escalation.authority, escalation.via) == (pair.authority.org, None)


# --- 5. 001 Art. 11.1: every six months ------------------------------------------------------------------


def test_001_exchange_happens_twice_a_year(regs):
    reg = current_version("001")
    assert reg is not None
    rows = {
        (r.obligation.code, r.period.key): (r.period.label, r.due.day)
        for r in schedule(reg, 2027, WorkCalendar())
        if r.obligation.code.startswith("exchange-")
    }
    assert rows == {
        ("exchange-bloc-to-government", "2027-H1"): ("6 tháng đầu năm 2027", D(2027, 6, 30)),
        ("exchange-bloc-to-government", "2027-H2"): ("6 tháng cuối năm 2027", D(2027, 12, 31)),
        ("exchange-government-to-bloc", "2027-H1"): ("6 tháng đầu năm 2027", D(2027, 6, 30)),
        ("exchange-government-to-bloc", "2027-H2"): ("6 tháng cuối năm 2027", D(2027, 12, 31)),
    }


# --- 6. the regulation pages and API show each kind's rule, Readings labelled -------------------------


def test_the_regulation_page_shows_each_kind_with_its_article_and_labelled_readings(regs, client):
    client.force_login(UserFactory())
    doc = lxml_html.fromstring(client.get(reverse("regulation-detail", args=["003"])).content.decode())
    rules = [" ".join(t.split()) for t in doc.xpath("//div[@class='rule']/text()[1]")]
    assert (
        "Xin ý kiến: trả lời trong 05 ngày làm việc kể từ ngày nhận hoặc thời hạn nêu trong văn bản đề nghị (ngắn "
        "hơn hay dài hơn); quá hạn không trả lời coi như đồng ý, cùng chịu trách nhiệm; được gia hạn theo quy tắc "
        "gia hạn — Điều 5 khoản 1 điểm c"
    ) in rules
    assert (
        "Đề nghị cung cấp thông tin, tài liệu: trả lời theo thời hạn nêu trong văn bản đề nghị; quá hạn không trả "
        "lời thì quá hạn, không coi như đồng ý — Điều 5 khoản 1 điểm a"
    ) in rules
    labels = {" ".join(t.split()) for t in doc.xpath("//*[@class='reading']/strong/text()")}
    assert labels == {"Cách hiểu của hệ thống:"}
    assert "Hệ thống áp dụng văn bản này cho tỉnh Hưng Yên" in doc.xpath("string(//tr[@class='adoption'])")
    api = client.get("/api/v1/regulations/003/").json()
    kinds = {k["kind"]: (k["deemed_consent"], k["article"]) for k in api["request_kinds"]}
    assert kinds == {
        "consultation": (True, "Điều 5 khoản 1 điểm c"),
        "appraisal": (False, "Điều 3 khoản 4"),
        "information_request": (False, "Điều 5 khoản 1 điểm a"),
        "secondment": (False, "Điều 5 khoản 3 điểm b"),
        "notice": (False, "Điều 5 khoản 1 điểm a"),
    }
    assert api["adoption"]["area"] == "Hưng Yên"
    assert {r["reading_label"] for r in api["readings"]} == {"Cách hiểu của hệ thống"}


def test_the_request_page_shows_the_rule_of_its_kind(regs, client):
    pair = Pair("004")
    request = send(pair, "secondment", stated_deadline=D(2025, 2, 6))
    client.force_login(pair.partner.cv)
    doc = lxml_html.fromstring(client.get(reverse("consult-detail", args=[request.pk])).content.decode())
    rule = doc.xpath("string(//td[@id='kind-rule'])")
    assert rule.startswith(
        "Đề nghị cử cán bộ phối hợp: trả lời theo thời hạn nêu trong văn bản đề nghị; quá hạn không trả lời thì "
        "quá hạn, không coi như đồng ý — Điều 5 khoản 2"
    )
    assert "Cách hiểu của hệ thống:" in rule
    api = client.get(f"/api/v1/consultations/requests/{request.pk}/").json()
    assert (api["rule"]["kind"], api["rule"]["deemed_consent"], api["rule"]["article"]) == (
        "secondment",
        False,
        "Điều 5 khoản 2",
    )


# --- 7. versions ---------------------------------------------------------------------------------


def test_work_created_under_a_version_without_kind_rules_keeps_its_rule(db):
    """A version loaded before request kinds were data (v1) keeps what it said: every answered kind deemed."""
    from tests.consultations.conftest import Bodies, make_regulation

    bodies = Bodies()
    reg = make_regulation()
    assert list(reg.request_kind_rules.all()) == []
    with time_machine.travel(at(SEND, 8), tick=False):
        request = actions.create_request(
            bodies.specialist,
            regulation=reg,
            kind=RequestKind.INFORMATION_REQUEST,
            subject="Cung cấp tài liệu",
            recipients=[bodies.xa1],
        )
        actions.submit_for_approval(bodies.specialist, request)
        request.refresh_from_db()
        actions.approve_and_send(bodies.leader, request)
    d = delivery_of(request)
    apply_due(end_of_day(d.deadline))
    d.refresh_from_db()
    assert d.state == DeliveryState.DEEMED_CONSENT


def test_reloading_the_data_is_safe(regs):
    before = list(Regulation.objects.values_list("code", "version", "content_hash").order_by("code"))
    out = io.StringIO()
    call_command("load_regulations", stdout=out)
    assert list(Regulation.objects.values_list("code", "version", "content_hash").order_by("code")) == before
    assert "Tổng cộng: 0 phiên bản mới, 5 không thay đổi, 0 phiên bản bị thay thế." in out.getvalue()
