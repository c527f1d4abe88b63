"""Pages of coordination requests: permissions (with data that could leak), query counts, bad input, the
detail page (timeline, deadlines, positions, files), every action's form, and the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html as lxml_html

from phoihop.accounts.enums import Role
from phoihop.audit.models import AuditEvent
from phoihop.consultations.domain import actions
from phoihop.consultations.enums import Channel, DeliveryState, Position, RequestKind, RequestState
from phoihop.consultations.models import Attachment, CoordinationRequest, Delivery, Escalation, Meeting
from phoihop.scheduler.registry import run_sweep
from tests.consultations.conftest import at
from tests.factories import OrganizationFactory, UserFactory
from tests.layout import LAYOUT_QUERIES

pytestmark = pytest.mark.django_db

SUBJECT = "Xin ý kiến dự thảo kế hoạch kiểm tra"
EXPLANATION = (
    "Hạn trả lời 05/02/2025: 05 ngày làm việc kể từ ngày nhận 22/01/2025, "
    "không tính 25/01–02/02 (Tết Nguyên đán) — Điều 5 khoản 1 điểm c"
)
XA1_SECRET = "Ý kiến riêng của xã Một: đề nghị bỏ mục 3"
XA2_SECRET = "Ý kiến riêng của xã Hai: không nhất trí phương án"


# --- scenario helpers (also used by test_api.py and test_files.py) -----------------------------------


def pdf(name: str = "ke-hoach.pdf", body: bytes = b"%PDF-1.4\n% test\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def draft(bodies, regulation, *, recipients=None, paper=(), subject=SUBJECT, files=(), **kwargs):
    return actions.create_request(
        bodies.specialist,
        regulation=regulation,
        kind=kwargs.pop("kind", RequestKind.CONSULTATION),
        subject=subject,
        recipients=recipients if recipients is not None else [bodies.xa1, bodies.xa2],
        paper_recipients=[o.pk for o in paper],
        files=list(files),
        **kwargs,
    )


def sent(bodies, regulation, when="2025-01-22", **kwargs):
    """A request drafted, submitted and sent on `when` at 08:00 (Vietnam time)."""
    with time_machine.travel(at(when, 8), tick=False):
        req = draft(bodies, regulation, **kwargs)
        actions.submit_for_approval(bodies.specialist, req)
        actions.approve_and_send(bodies.leader, req)
    req.refresh_from_db()
    return req


def delivery(req, org) -> Delivery:
    return Delivery.objects.select_related("request", "recipient").get(request=req, recipient=org)


def both_answered(bodies, regulation, *, with_files=True):
    """Sent on 22/01/2025; xa1 disagrees and xa2 agrees with comments on 23/01, each with a file."""
    req = sent(bodies, regulation, files=[pdf("du-thao.pdf")])
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        actions.answer(
            bodies.xa1_leader,
            delivery(req, bodies.xa1),
            position=Position.DISAGREE,
            text=XA1_SECRET,
            files=[pdf("y-kien-xa-mot.pdf")] if with_files else [],
        )
        actions.answer(
            bodies.xa2_leader,
            delivery(req, bodies.xa2),
            position=Position.AGREE_WITH_COMMENTS,
            text=XA2_SECRET,
            files=[pdf("y-kien-xa-hai.pdf")] if with_files else [],
        )
    return req


def snapshot(req) -> dict:
    """Everything an action could change, to assert that a refused action changed nothing."""
    req.refresh_from_db()
    return {
        "request": (req.state, req.document_number, req.sent_at, req.closed_at),
        "deliveries": list(
            Delivery.objects.filter(request=req)
            .order_by("pk")
            .values_list(
                "state",
                "deadline",
                "received_on",
                "position",
                "answer_text",
                "answered_at",
                "extension_reason",
            )
        ),
        "attachments": sorted(Attachment.objects.filter(request=req).values_list("pk", flat=True)),
        "audit": AuditEvent.objects.count(),
        "meetings": Meeting.objects.filter(request=req).count(),
        "escalations": Escalation.objects.filter(request=req).count(),
    }


def page_text(response) -> str:
    return " ".join(lxml_html.fromstring(response.content.decode()).text_content().split())


def texts(response, xpath: str) -> list[str]:
    return [
        " ".join(e.text_content().split())
        for e in lxml_html.fromstring(response.content.decode()).xpath(xpath)
    ]


def login(client, user):
    client.force_login(user)
    return client


# --- anonymous and outsiders ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["consult-inbox", "consult-outbox", "consult-dashboard", "consult-create"])
def test_anonymous_is_sent_to_login(client, name):
    url = reverse(name)
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, f"/dang-nhap/?next={url}")


def test_anonymous_detail_and_actions_go_to_login(client, bodies, regulation):
    req = sent(bodies, regulation)
    for url in (reverse("consult-detail", args=[req.pk]), reverse("consult-approve", args=[req.pk])):
        response = client.post(url) if "ky-gui" in url else client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")


REQUEST_ACTIONS = [
    "consult-submit",
    "consult-approve",
    "consult-return",
    "consult-withdraw",
    "consult-close",
    "consult-meeting",
    "consult-escalate",
    "consult-ruling",
]
DELIVERY_ACTIONS = ["consult-answer", "consult-extension", "consult-receipt"]
ACTION_DATA = {
    "consult-meeting": {"held_on": "23/01/2025", "participants": "X", "outcome": "Y"},
    "consult-escalate": {"summary": "X"},
    "consult-ruling": {"ruling": "X"},
    "consult-answer": {"position": "agree", "text": ""},
    "consult-extension": {"new_deadline": "12/02/2025", "reason": "X"},
    "consult-receipt": {"received_on": "23/01/2025", "incoming_number": "1"},
}


def test_outsider_gets_404_on_detail_every_action_and_every_file(client, bodies, regulation):
    req = both_answered(bodies, regulation)
    d1 = delivery(req, bodies.xa1)
    files = list(Attachment.objects.filter(request=req))
    assert len(files) == 3
    before = snapshot(req)
    login(client, bodies.outsider_user)
    with time_machine.travel(at("2025-01-24", 9), tick=False):
        assert client.get(reverse("consult-detail", args=[req.pk])).status_code == 404
        for name in REQUEST_ACTIONS:
            response = client.post(reverse(name, args=[req.pk]), ACTION_DATA.get(name, {}))
            assert (name, response.status_code) == (name, 404)
        for name in DELIVERY_ACTIONS:
            response = client.post(reverse(name, args=[d1.pk]), ACTION_DATA.get(name, {}))
            assert (name, response.status_code) == (name, 404)
        for a in files:
            assert client.get(reverse("consult-attachment", args=[a.pk])).status_code == 404
        for name in ("consult-inbox", "consult-outbox", "consult-dashboard"):
            body = client.get(reverse(name)).content.decode()
            assert SUBJECT not in body
    assert snapshot(req) == before


def test_another_recipient_gets_404_on_a_copy_that_is_not_its_own(client, bodies, regulation):
    req = sent(bodies, regulation)
    d1 = delivery(req, bodies.xa1)
    before = snapshot(req)
    login(client, bodies.xa2_cv)
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        for name in DELIVERY_ACTIONS:
            response = client.post(reverse(name, args=[d1.pk]), ACTION_DATA[name])
            assert (name, response.status_code) == (name, 404)
    assert snapshot(req) == before


def test_a_recipient_never_sees_another_recipients_answer_or_its_file(client, bodies, regulation):
    req = both_answered(bodies, regulation)
    with time_machine.travel(at("2025-01-23", 10), tick=False):
        actions.escalate(bodies.leader, req, summary="Còn ý kiến khác nhau")
    xa1_file = Attachment.objects.get(delivery__recipient=bodies.xa1)
    xa2_file = Attachment.objects.get(delivery__recipient=bodies.xa2)
    request_file = Attachment.objects.get(delivery=None)
    url = reverse("consult-detail", args=[req.pk])

    login(client, bodies.xa1_cv)
    body = client.get(url).content.decode()
    assert XA1_SECRET in body
    assert XA2_SECRET not in body
    assert "Đảng ủy xã An Hai" not in body
    assert "y-kien-xa-hai.pdf" not in body
    assert texts(client.get(url), "//ul[@id='attachments']/li/a") == ["du-thao.pdf", "y-kien-xa-mot.pdf"]
    assert client.get(reverse("consult-attachment", args=[xa2_file.pk])).status_code == 404
    assert client.get(reverse("consult-attachment", args=[xa1_file.pk])).status_code == 200
    assert client.get(reverse("consult-attachment", args=[request_file.pk])).status_code == 200

    for viewer in (bodies.specialist, bodies.btv_leader):  # the sender and the authority see both
        login(client, viewer)
        body = client.get(url).content.decode()
        assert XA1_SECRET in body
        assert XA2_SECRET in body
        assert client.get(reverse("consult-attachment", args=[xa2_file.pk])).status_code == 200


def test_drafts_and_pending_requests_are_invisible_to_recipients(client, bodies, regulation):
    first = draft(bodies, regulation, subject="Dự thảo chưa trình")
    second = draft(bodies, regulation, subject="Dự thảo đang chờ duyệt")
    actions.submit_for_approval(bodies.specialist, second)
    login(client, bodies.xa1_cv)
    for req in (first, second):
        assert client.get(reverse("consult-detail", args=[req.pk])).status_code == 404
        d1 = delivery(req, bodies.xa1)
        assert client.post(reverse("consult-answer", args=[d1.pk]), {"position": "agree"}).status_code == 404
    body = client.get(reverse("consult-inbox")).content.decode()
    assert "Dự thảo chưa trình" not in body
    assert "Dự thảo đang chờ duyệt" not in body
    login(client, bodies.specialist)
    assert client.get(reverse("consult-detail", args=[first.pk])).status_code == 200


def test_a_draft_withdrawn_before_sending_stays_invisible_to_recipients(client, bodies, regulation):
    req = draft(bodies, regulation, subject="Dự thảo bị hủy trước khi gửi")
    actions.withdraw_request(bodies.specialist, req)
    login(client, bodies.xa1_cv)
    assert "Dự thảo bị hủy trước khi gửi" not in client.get(reverse("consult-inbox")).content.decode()
    assert client.get(reverse("consult-detail", args=[req.pk])).status_code == 404


def test_only_a_leader_of_the_sender_approves_and_sends(client, bodies, regulation):
    req = draft(bodies, regulation)
    actions.submit_for_approval(bodies.specialist, req)
    url = reverse("consult-approve", args=[req.pk])
    before = snapshot(req)
    for user in (bodies.specialist, bodies.clerk, bodies.btv_leader):
        login(client, user)
        response = client.post(url)
        expected = 404 if user is bodies.btv_leader else 403
        assert response.status_code == expected
        if expected == 403:
            assert texts(response, "//div[@id='action-error']") == [
                "Chỉ lãnh đạo cơ quan đề nghị mới được ký, gửi văn bản."
            ]
    assert snapshot(req) == before
    login(client, bodies.xa1_cv)
    assert client.post(url).status_code == 404  # still pending: the recipient cannot even see it
    login(client, bodies.leader)
    with time_machine.travel(at("2025-01-22", 8), tick=False):
        response = client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("consult-detail", args=[req.pk]), 302)]
    assert texts(response, "//ul[@class='messages']/li") == ["Đã ký và gửi văn bản."]
    assert texts(response, "//td[@id='document-number']") == ["1-CV/BNCTU"]
    req.refresh_from_db()
    assert req.state == RequestState.SENT


def test_only_the_recipient_answers(client, bodies, regulation):
    req = sent(bodies, regulation)
    d1 = delivery(req, bodies.xa1)
    before = snapshot(req)
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        for user in (bodies.specialist, bodies.leader, bodies.xa1_clerk):
            login(client, user)
            response = client.post(reverse("consult-answer", args=[d1.pk]), {"position": "agree"})
            assert response.status_code == 403
            assert "Chỉ cơ quan được đề nghị mới được trả lời." in page_text(response)
        # the recipient's specialist answers only through a draft its leader approves (issue 11)
        login(client, bodies.xa1_cv)
        response = client.post(reverse("consult-answer", args=[d1.pk]), {"position": "agree"})
        assert response.status_code == 403
        assert (
            "Chuyên viên soạn dự thảo trả lời để lãnh đạo duyệt, ký; không gửi trả lời trực tiếp."
            in page_text(response)
        )
        assert snapshot(req) == before
        login(client, bodies.xa1_leader)
        response = client.post(reverse("consult-answer", args=[d1.pk]), {"position": "agree"})
    assert response.status_code == 302
    d1.refresh_from_db()
    assert (d1.state, d1.position, d1.answered_by) == (
        DeliveryState.ANSWERED,
        Position.AGREE,
        bodies.xa1_leader,
    )


def test_only_the_authoritys_leader_rules(client, bodies, regulation):
    req = both_answered(bodies, regulation, with_files=False)
    with time_machine.travel(at("2025-01-23", 10), tick=False):
        actions.escalate(bodies.leader, req)
    url = reverse("consult-ruling", args=[req.pk])
    for user in (bodies.leader, bodies.xa1_cv):
        login(client, user)
        response = client.post(url, {"ruling": "Kết luận giả"})
        assert response.status_code == 403
    login(client, bodies.outsider_user)
    assert client.post(url, {"ruling": "Kết luận giả"}).status_code == 404
    assert Escalation.objects.get(request=req).ruling == ""


# --- query counts -----------------------------------------------------------------------------------


def _requests_to_xa1(bodies, regulation, n):
    for i in range(n):
        sent(bodies, regulation, subject=f"Đề nghị số {i}", recipients=[bodies.xa1], files=[pdf()])


def _count_queries(client, url):
    client.get(url)  # warm the session and any per-process cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # session, user, calendar overrides, the open copies with a deadline, those without, the handled copies
        # (each keyset-read on its index), the user's organisation; the layout's counts (tests/layout.py)
        ("consult-inbox", 7 + LAYOUT_QUERIES),
        # session, user, the page's rows with their counts (one query), the user's organisation; the layout's
        ("consult-outbox", 4 + LAYOUT_QUERIES),
        # session, user, calendar overrides, five lists (due soon, to answer, overdue, deemed, rulings awaited),
        # the user's organisation; the layout's
        ("consult-dashboard", 9 + LAYOUT_QUERIES),
    ],
)
def test_list_pages_query_count_does_not_grow(
    client, bodies, regulation, django_assert_num_queries, name, expected
):
    user = bodies.specialist if name == "consult-outbox" else bodies.xa1_cv
    login(client, user)
    counts = []
    for n in (1, 3):
        CoordinationRequest.objects.all().delete()
        _requests_to_xa1(bodies, regulation, n)
        with time_machine.travel(at("2025-02-03", 9), tick=False):
            counts.append(_count_queries(client, reverse(name)))
            body = client.get(reverse(name)).content.decode()
        # the dashboard lists a copy due soon twice: under "Sắp đến hạn" and under "Cần trả lời"
        assert body.count("Đề nghị số") == (2 * n if name == "consult-dashboard" else n)
    assert counts == [expected, expected]
    with time_machine.travel(at("2025-02-03", 9), tick=False), django_assert_num_queries(expected):
        client.get(reverse(name))


def test_detail_reads_the_whole_timeline_in_one_query_and_does_not_grow(client, bodies, regulation):
    orgs = [bodies.xa1, bodies.xa2]
    orgs += [OrganizationFactory(name=f"Đảng ủy xã Thêm {i}") for i in range(2)]
    small = sent(bodies, regulation, recipients=orgs[:1], files=[pdf()])
    big = sent(bodies, regulation, recipients=orgs[:3], files=[pdf()])
    login(client, bodies.specialist)
    counts = []
    for req in (small, big):
        url = reverse("consult-detail", args=[req.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        audit = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "audit_auditevent"')]
        assert len(audit) == 1
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


# --- bad input: a Vietnamese message, nothing changed -----------------------------------------------


def test_answering_twice_is_refused_and_changes_nothing(client, bodies, regulation):
    req = sent(bodies, regulation)
    d1 = delivery(req, bodies.xa1)
    login(client, bodies.xa1_leader)
    url = reverse("consult-answer", args=[d1.pk])
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        assert client.post(url, {"position": "agree_with_comments", "text": "Lần một"}).status_code == 302
        before = snapshot(req)
        response = client.post(url, {"position": "disagree", "text": "Lần hai"})
    assert response.status_code == 400
    assert texts(response, "//div[@id='action-error']") == [
        "Không thể trả lời: nơi nhận này đang ở trạng thái “Đã trả lời”."
    ]
    assert snapshot(req) == before
    d1.refresh_from_db()
    assert (d1.position, d1.answer_text) == (Position.AGREE_WITH_COMMENTS, "Lần một")


def test_answering_a_withdrawn_copy_is_refused(client, bodies, regulation):
    req = sent(bodies, regulation)
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        actions.withdraw_request(bodies.leader, req, reason="Đổi kế hoạch")
        before = snapshot(req)
        login(client, bodies.xa1_leader)
        response = client.post(
            reverse("consult-answer", args=[delivery(req, bodies.xa1).pk]), {"position": "agree"}
        )
    assert response.status_code == 400
    assert texts(response, "//div[@id='action-error']") == [
        "Không thể trả lời: nơi nhận này đang ở trạng thái “Đã thu hồi”."
    ]
    assert snapshot(req) == before


def test_answering_a_copy_already_deemed_to_consent_is_refused(client, bodies, regulation):
    req = sent(bodies, regulation)
    run_sweep(at("2025-02-06", 0, 5))
    before = snapshot(req)
    login(client, bodies.xa1_leader)
    with time_machine.travel(at("2025-02-06", 9), tick=False):
        response = client.post(
            reverse("consult-answer", args=[delivery(req, bodies.xa1).pk]), {"position": "agree"}
        )
    assert response.status_code == 400
    assert texts(response, "//div[@id='action-error']") == [
        "Không thể trả lời: nơi nhận này đang ở trạng thái “Coi như đồng ý — cùng chịu trách nhiệm”."
    ]
    assert snapshot(req) == before


def test_an_extension_after_the_deadline_is_refused(client, bodies, regulation):
    req = sent(bodies, regulation)
    before = snapshot(req)
    login(client, bodies.xa1_leader)
    with time_machine.travel(at("2025-02-06", 0, 30), tick=False):  # before the sweep ran
        response = client.post(
            reverse("consult-extension", args=[delivery(req, bodies.xa1).pk]),
            {"new_deadline": "12/02/2025", "reason": "Cần xác minh thêm"},
        )
    assert response.status_code == 422
    assert texts(response, "//div[@id='action-error']") == [
        "Đã quá hạn trả lời (05/02/2025); thông báo gia hạn phải gửi trước khi hết hạn — Điều 5 khoản 1 điểm c."
    ]
    assert snapshot(req) == before


@pytest.mark.parametrize("value", ["2025-02-12", "12/13/2025", "mười hai tháng hai"])
def test_a_date_in_the_wrong_format_shows_the_dd_mm_yyyy_message(client, bodies, regulation, value):
    req = sent(bodies, regulation)
    d1 = delivery(req, bodies.xa1)
    before = snapshot(req)
    login(client, bodies.xa1_leader)
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        response = client.post(
            reverse("consult-extension", args=[d1.pk]), {"new_deadline": value, "reason": "Cần xác minh"}
        )
    assert response.status_code == 400
    form_errors = texts(response, "//tr[@class='delivery-actions']//form[@class='extension-form']//ul")
    assert form_errors == ["Ngày không hợp lệ. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/02/2025."]
    # the user's input is kept in the form
    values = lxml_html.fromstring(response.content.decode()).xpath(
        f"//input[@id='id_extension_{d1.pk}_new_deadline']/@value"
    )
    assert values == [value]
    assert snapshot(req) == before


def test_a_receipt_date_in_the_wrong_format_or_the_future_is_refused(client, bodies, regulation):
    req = sent(bodies, regulation, paper=[bodies.xa1])
    d1 = delivery(req, bodies.xa1)
    before = snapshot(req)
    login(client, bodies.xa1_clerk)
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        bad = client.post(reverse("consult-receipt", args=[d1.pk]), {"received_on": "2025-01-23"})
        future = client.post(reverse("consult-receipt", args=[d1.pk]), {"received_on": "24/01/2025"})
    assert bad.status_code == 400
    assert "Ngày không hợp lệ. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/02/2025." in page_text(bad)
    assert future.status_code == 400
    assert texts(future, "//div[@id='action-error']") == ["Ngày nhận không thể ở tương lai."]
    assert snapshot(req) == before


def test_a_meeting_date_in_the_wrong_format_records_nothing(client, bodies, regulation):
    req = both_answered(bodies, regulation, with_files=False)
    before = snapshot(req)
    login(client, bodies.specialist)
    response = client.post(
        reverse("consult-meeting", args=[req.pk]),
        {"held_on": "2025-01-24", "participants": "Hai bên", "outcome": "Chưa thống nhất"},
    )
    assert response.status_code == 400
    assert "Ngày không hợp lệ. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/02/2025." in page_text(response)
    assert snapshot(req) == before


def test_create_with_a_bad_date_or_no_recipient_creates_nothing(client, bodies, regulation):
    login(client, bodies.specialist)
    response = client.post(
        reverse("consult-create"),
        {
            "regulation": regulation.pk,
            "kind": "consultation",
            "subject": SUBJECT,
            "stated_deadline": "2025-02-20",
        },
    )
    assert response.status_code == 400
    assert texts(response, "//div[contains(@class,'has-error')]//div[@class='errors']") == [
        "Hãy chọn ít nhất một cơ quan được đề nghị.",
        "Ngày không hợp lệ. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/02/2025.",
    ]
    assert CoordinationRequest.objects.count() == 0


def test_create_refused_by_the_regulation_shows_the_reason_and_creates_nothing(client, bodies, regulation):
    from phoihop.regulations.enums import ExtensionPolicy
    from tests.consultations.conftest import make_regulation

    strict = make_regulation("T04", allow_stated=False, extension_policy=ExtensionPolicy.NONE)
    login(client, bodies.specialist)
    response = client.post(
        reverse("consult-create"),
        {
            "regulation": strict.pk,
            "kind": "consultation",
            "subject": SUBJECT,
            "recipients": [bodies.xa1.pk],
            "stated_deadline": "20/02/2025",
        },
    )
    assert response.status_code == 422
    assert texts(response, "//div[contains(@class,'has-error')]//div[@class='errors']") == [
        "Thời hạn trả lời là 05 ngày làm việc kể từ ngày nhận; văn bản đề nghị không được tự nêu thời hạn khác"
        " — Điều 5 khoản 1 điểm c."
    ]
    assert CoordinationRequest.objects.count() == 0


# --- inbox ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "badge"),
    [
        (at("2025-01-22", 9), "còn 5 ngày làm việc"),
        (at("2025-01-23", 9), "còn 4 ngày làm việc"),
        (at("2025-01-27", 9), "còn 3 ngày làm việc"),  # Monday of the Tết week: no working day passed
        (at("2025-02-04", 9), "còn 1 ngày làm việc"),
        (at("2025-02-05", 23, 59), "Hạn hôm nay"),
        (at("2025-02-06", 0, 1), "Quá hạn"),  # the deadline day is over, even before the sweep
        (at("2025-02-08", 9), "Quá hạn"),  # a Saturday after the deadline is still late
    ],
)
def test_inbox_shows_working_days_left_and_overdue(client, bodies, regulation, moment, badge):
    sent(bodies, regulation)
    login(client, bodies.xa1_cv)
    with time_machine.travel(moment, tick=False):
        response = client.get(reverse("consult-inbox"))
    assert texts(response, "//table[@id='inbox']/tbody/tr/td[6]") == [f"05/02/2025 {badge}"]
    assert texts(response, "//table[@id='inbox']/tbody/tr/td[1]") == ["1-CV/BNCTU"]
    # the sender by its name, as users know it (its abbreviation is for document numbers only)
    assert texts(response, "//table[@id='inbox']/tbody/tr/td[2]") == ["Ban Nội chính Tỉnh ủy"]
    assert texts(response, "//header//span[@class='who']") == [
        f"{bodies.xa1_cv} — Đảng ủy xã An Một (Chuyên viên)"
    ]


def test_inbox_lists_only_the_bodys_own_copies_with_the_paper_state(client, bodies, regulation):
    sent(bodies, regulation, subject="Gửi xã Một bằng giấy", paper=[bodies.xa1])
    sent(bodies, regulation, subject="Chỉ gửi xã Hai", recipients=[bodies.xa2])
    login(client, bodies.xa1_cv)
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        response = client.get(reverse("consult-inbox"))
    rows = texts(response, "//table[@id='inbox']/tbody/tr")
    assert rows == ["1-CV/BNCTU Ban Nội chính Tỉnh ủy Gửi xã Một bằng giấy Xin ý kiến — — Đã gửi, chờ nhận"]


# --- detail -----------------------------------------------------------------------------------------


def test_detail_shows_deadline_explanation_states_positions_files_and_timeline(client, bodies, regulation):
    req = sent(bodies, regulation, files=[pdf("du-thao.pdf")])
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        actions.answer(
            bodies.xa1_leader,
            delivery(req, bodies.xa1),
            position=Position.DISAGREE,
            text=XA1_SECRET,
            files=[pdf("y-kien.pdf")],
        )
    run_sweep(at("2025-02-06", 0, 5))  # xa2 stays silent
    login(client, bodies.specialist)
    with time_machine.travel(at("2025-02-06", 9), tick=False):
        response = client.get(reverse("consult-detail", args=[req.pk]))
    assert response.status_code == 200
    d1, d2 = delivery(req, bodies.xa1), delivery(req, bodies.xa2)
    assert texts(response, f"//tr[@id='delivery-{d1.pk}']/td[@class='delivery-state']") == ["Đã trả lời"]
    assert texts(response, f"//tr[@id='delivery-{d2.pk}']/td[@class='delivery-state']") == [
        "Coi như đồng ý — cùng chịu trách nhiệm từ 00:00 06/02/2025"
    ]
    assert texts(response, f"//tr[@id='delivery-{d1.pk}']//div[contains(@class,'explanation')]") == [
        EXPLANATION
    ]
    assert texts(response, f"//tr[@id='delivery-{d2.pk}']/td[4]/span[@class='deadline']") == ["05/02/2025"]
    assert texts(response, "//p[@id='consolidated']") == [
        "Tổng hợp ý kiến: Không đồng ý: 1 Coi như đồng ý: 1"
    ]
    assert texts(response, "//ul[@id='attachments']/li/a") == ["du-thao.pdf", "y-kien.pdf"]
    timeline = texts(response, "//ol[@id='timeline']/li")
    assert [t.split(" — ", 1)[1] for t in timeline] == [
        f"Soạn dự thảo: {SUBJECT} ({bodies.specialist})",
        f"Trình lãnh đạo duyệt ({bodies.specialist})",
        f"Ký, gửi văn bản số 1-CV/BNCTU ({bodies.leader})",
        f"Đảng ủy xã An Một: Nhận văn bản ngày 22/01/2025; hạn trả lời 05/02/2025 ({bodies.leader})",
        f"Đảng ủy xã An Hai: Nhận văn bản ngày 22/01/2025; hạn trả lời 05/02/2025 ({bodies.leader})",
        f"Đảng ủy xã An Một: Trả lời: Không đồng ý ({bodies.xa1_leader})",
        "Đảng ủy xã An Hai: Quá hạn 05/02/2025 không trả lời: coi như đồng ý, cùng chịu trách nhiệm "
        "— Điều 5 khoản 1 điểm c",
    ]


def test_a_recipients_timeline_holds_only_its_own_copy(client, bodies, regulation):
    req = both_answered(bodies, regulation, with_files=False)
    login(client, bodies.xa2_cv)
    response = client.get(reverse("consult-detail", args=[req.pk]))
    timeline = [t.split(" — ", 1)[1] for t in texts(response, "//ol[@id='timeline']/li")]
    assert [t for t in timeline if t.startswith("Đảng ủy")] == [
        f"Đảng ủy xã An Hai: Nhận văn bản ngày 22/01/2025; hạn trả lời 05/02/2025 ({bodies.leader})",
        f"Đảng ủy xã An Hai: Trả lời: Đồng ý, có ý kiến ({bodies.xa2_leader})",
    ]
    assert texts(response, "//p[@id='consolidated']") == []


# --- every action through the forms -----------------------------------------------------------------


def test_full_flow_through_the_forms(client, bodies, regulation):
    login(client, bodies.specialist)
    with time_machine.travel(at("2025-01-22", 8), tick=False):
        form = client.get(reverse("consult-create"))
        assert form.status_code == 200
        response = client.post(
            reverse("consult-create"),
            {
                "regulation": regulation.pk,
                "kind": "consultation",
                "subject": SUBJECT,
                "body": "Nội dung chi tiết",
                "recipients": [bodies.xa1.pk, bodies.xa2.pk],
                "paper_recipients": [bodies.xa2.pk],
                "attachments": [pdf("du-thao.pdf"), pdf("phu-luc.pdf")],
            },
        )
        req = CoordinationRequest.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("consult-detail", args=[req.pk])
        assert sorted(Attachment.objects.values_list("original_name", flat=True)) == [
            "du-thao.pdf",
            "phu-luc.pdf",
        ]
        assert client.post(reverse("consult-submit", args=[req.pk])).status_code == 302
        login(client, bodies.leader)
        assert client.post(reverse("consult-approve", args=[req.pk])).status_code == 302
    req.refresh_from_db()
    d1, d2 = delivery(req, bodies.xa1), delivery(req, bodies.xa2)
    assert (req.state, req.document_number) == (RequestState.SENT, "1-CV/BNCTU")
    assert (d1.channel, d1.state, d1.deadline) == (
        Channel.ELECTRONIC,
        DeliveryState.RECEIVED,
        dt.date(2025, 2, 5),
    )
    assert (d2.channel, d2.state, d2.deadline) == (Channel.PAPER, DeliveryState.SENT, None)

    # the paper copy reaches xa2 on 23/01; its clerk records the receipt
    login(client, bodies.xa2_leader)
    with time_machine.travel(at("2025-01-24", 9), tick=False):
        assert (
            texts(client.get(reverse("consult-detail", args=[req.pk])), "//form[@class='receipt-form']") == []
        )
    xa2_clerk = UserFactory(organization=bodies.xa2, role=Role.CLERK)
    login(client, xa2_clerk)
    with time_machine.travel(at("2025-01-24", 9), tick=False):
        page = client.get(reverse("consult-detail", args=[req.pk]))
        assert len(texts(page, "//form[@class='receipt-form']")) == 1
        response = client.post(
            reverse("consult-receipt", args=[d2.pk]), {"received_on": "23/01/2025", "incoming_number": "15"}
        )
        assert response.status_code == 302
    d2.refresh_from_db()
    assert (d2.state, d2.received_on, d2.incoming_number, d2.deadline) == (
        DeliveryState.RECEIVED,
        dt.date(2025, 1, 23),
        "15",
        dt.date(2025, 2, 6),
    )

    # xa1 answers electronically with a file
    login(client, bodies.xa1_leader)
    with time_machine.travel(at("2025-01-24", 10), tick=False):
        response = client.post(
            reverse("consult-answer", args=[d1.pk]),
            {"position": "disagree", "text": XA1_SECRET, "attachments": [pdf("y-kien.pdf")]},
            follow=True,
        )
    assert texts(response, "//ul[@class='messages']/li")[-1] == "Đã gửi ý kiến trả lời."
    d1.refresh_from_db()
    assert (d1.state, d1.position, d1.answer_text) == (DeliveryState.ANSWERED, Position.DISAGREE, XA1_SECRET)
    assert list(Attachment.objects.filter(delivery=d1).values_list("original_name", flat=True)) == [
        "y-kien.pdf"
    ]

    # xa2 notifies an extension (two working days before its deadline), then its paper answer is recorded
    login(client, bodies.xa2_leader)
    with time_machine.travel(at("2025-02-04", 10), tick=False):
        response = client.post(
            reverse("consult-extension", args=[d2.pk]),
            {"new_deadline": "12/02/2025", "reason": "Cần xác minh thêm"},
        )
        assert response.status_code == 302
    d2.refresh_from_db()
    assert (d2.state, d2.deadline, d2.original_deadline) == (
        DeliveryState.EXTENSION_NOTIFIED,
        dt.date(2025, 2, 12),
        dt.date(2025, 2, 6),
    )
    login(client, bodies.clerk)  # the sender's clerk records the paper answer that arrived
    with time_machine.travel(at("2025-02-10", 10), tick=False):
        page = client.get(reverse("consult-detail", args=[req.pk]))
        assert "ghi nhận văn bản giấy thay cơ quan được đề nghị" in page_text(page)
        response = client.post(
            reverse("consult-answer", args=[d2.pk]), {"position": "agree_with_comments", "text": XA2_SECRET}
        )
        assert response.status_code == 302
    d2.refresh_from_db()
    assert (d2.state, d2.position, d2.answered_by) == (
        DeliveryState.ANSWERED,
        Position.AGREE_WITH_COMMENTS,
        bodies.clerk,
    )

    # disagreement: meeting (any member of the sender), escalation (its leader), ruling (the authority's leader)
    login(client, bodies.specialist)
    with time_machine.travel(at("2025-02-11", 9), tick=False):
        response = client.post(
            reverse("consult-meeting", args=[req.pk]),
            {"held_on": "11/02/2025", "participants": "Lãnh đạo hai bên", "outcome": "Chưa thống nhất"},
        )
        assert response.status_code == 302
        assert client.post(reverse("consult-escalate", args=[req.pk]), {"summary": "X"}).status_code == 403
        login(client, bodies.leader)
        response = client.post(
            reverse("consult-escalate", args=[req.pk]), {"summary": "Còn ý kiến khác nhau"}
        )
        assert response.status_code == 302
        login(client, bodies.btv_leader)
        page = client.get(reverse("consult-detail", args=[req.pk]))
        assert len(texts(page, "//form[@class='ruling-form']")) == 1
        response = client.post(
            reverse("consult-ruling", args=[req.pk]), {"ruling": "Thực hiện theo đề nghị."}
        )
        assert response.status_code == 302
    assert list(Meeting.objects.values_list("held_on", "outcome")) == [
        (dt.date(2025, 2, 11), "Chưa thống nhất")
    ]
    escalation = Escalation.objects.get(request=req)
    assert (escalation.authority, escalation.ruling, escalation.ruled_by) == (
        bodies.btv,
        "Thực hiện theo đề nghị.",
        bodies.btv_leader,
    )
    with time_machine.travel(at("2025-02-11", 9, 20), tick=False):  # within the session's 30 idle minutes
        page = client.get(reverse("consult-detail", args=[req.pk]))
    assert texts(page, "//div[@id='ruling']") == ["Kết luận (11/02/2025): Thực hiện theo đề nghị."]

    # the leader closes the request
    login(client, bodies.leader)
    with time_machine.travel(at("2025-02-12", 9), tick=False):
        assert client.post(reverse("consult-close", args=[req.pk])).status_code == 302
    req.refresh_from_db()
    assert req.state == RequestState.CLOSED


def test_return_to_draft_and_withdraw_through_the_buttons(client, bodies, regulation):
    req = draft(bodies, regulation)
    actions.submit_for_approval(bodies.specialist, req)
    login(client, bodies.leader)
    refused = client.post(reverse("consult-return", args=[req.pk]))
    assert refused.status_code == 400
    assert texts(refused, "//form[@class='return-form']//ul[@class='errorlist']/li") == [
        "Hãy nêu lý do trả lại để người soạn biết cần sửa gì."
    ]
    reason = {"reason": "Bổ sung căn cứ pháp lý"}
    assert client.post(reverse("consult-return", args=[req.pk]), reason).status_code == 302
    req.refresh_from_db()
    assert req.state == RequestState.DRAFT
    login(client, bodies.specialist)  # a member of the sender may withdraw its own draft
    page = client.get(reverse("consult-detail", args=[req.pk]))
    assert texts(page, "//div[@id='return-reason']") == ["Lãnh đạo trả lại dự thảo: Bổ sung căn cứ pháp lý"]
    refused = client.post(reverse("consult-withdraw", args=[req.pk]))
    assert refused.status_code == 400
    assert texts(refused, "//form[@class='withdraw-form']//ul[@class='errorlist']/li") == [
        "Hãy nêu lý do thu hồi văn bản."
    ]
    withdrawn = client.post(reverse("consult-withdraw", args=[req.pk]), {"reason": "Không còn cần"})
    assert withdrawn.status_code == 302
    req.refresh_from_db()
    assert req.state == RequestState.WITHDRAWN
    response = client.post(reverse("consult-submit", args=[req.pk]))
    assert response.status_code == 409
    assert texts(response, "//div[@id='action-error']") == [
        "Không thể chuyển văn bản từ trạng thái “Đã thu hồi” sang “Chờ lãnh đạo duyệt”."
    ]


def test_a_withdrawal_says_why_on_the_page_and_in_the_recipients_notice(client, bodies, regulation):
    from phoihop.notifications.models import Notification

    req = sent(bodies, regulation)
    login(client, bodies.leader)
    page = client.get(reverse("consult-detail", args=[req.pk]))
    question = lxml_html.fromstring(page.content.decode()).xpath(
        "//form[@class='withdraw-form']/@data-confirm"
    )
    assert question == [
        "Thu hồi văn bản này? Các nơi nhận được báo và không trả lời được nữa; không hoàn tác được."
    ]
    reason = {"reason": "Ban hành nhầm đối tượng"}
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        assert client.post(reverse("consult-withdraw", args=[req.pk]), reason).status_code == 302
    notices = Notification.objects.filter(kind="request.withdrawn")
    assert notices.exists()
    assert set(notices.values_list("body", flat=True)) == {"Lý do thu hồi: Ban hành nhầm đối tượng"}
    login(client, bodies.xa1_leader)  # a recipient reads it on the request's page too
    page = client.get(reverse("consult-detail", args=[req.pk]))
    assert texts(page, "//div[@id='withdraw-reason']") == ["Lý do thu hồi: Ban hành nhầm đối tượng"]


def test_action_urls_opened_with_get_go_to_the_request_and_change_nothing(client, bodies, regulation):
    req = sent(bodies, regulation)
    login(client, bodies.leader)
    before = (req.state, delivery(req, bodies.xa1).state)
    response = client.get(reverse("consult-close", args=[req.pk]))
    assert (response.status_code, response["Location"]) == (302, reverse("consult-detail", args=[req.pk]))
    # a copy's action: the page of its request (the sender sees its copies)
    response = client.get(reverse("consult-answer", args=[delivery(req, bodies.xa1).pk]))
    assert (response.status_code, response["Location"]) == (302, reverse("consult-detail", args=[req.pk]))
    req.refresh_from_db()
    assert (req.state, delivery(req, bodies.xa1).state) == before  # nothing happened


# --- dashboard --------------------------------------------------------------------------------------


def test_dashboard_due_within_3_working_days_overdue_and_deemed(client, bodies, regulation):
    first = sent(bodies, regulation, subject="Hạn thứ Tư 05/02")  # deadline 05/02 (Wed)
    second = sent(bodies, regulation, when="2025-02-03", subject="Hạn 10/02")  # deadline 10/02 (Mon)
    third = sent(bodies, regulation, when="2025-01-20", subject="Hạn 03/02")  # deadline 03/02 (Mon)
    # 04/02: third is overdue for xa1 (no sweep yet), first is due this week, second next week
    login(client, bodies.xa1_cv)
    with time_machine.travel(at("2025-02-04", 9), tick=False):
        response = client.get(reverse("consult-dashboard"))
    assert texts(response, "//table[@id='due-week-table']/tbody/tr/td[4]") == ["Hạn thứ Tư 05/02"]
    assert texts(response, "//table[@id='due-week-table']/tbody/tr/td[5]") == [
        "05/02/2025 còn 1 ngày làm việc"
    ]
    assert texts(response, "//table[@id='overdue-table']/tbody/tr/td[4]") == ["Hạn 03/02"]
    assert texts(response, "//table[@id='overdue-table']/tbody/tr/td[5]") == ["03/02/2025 Quá hạn"]
    assert texts(response, "//section[@id='deemed']//tbody/tr") == []
    # after the sweep on 06/02: first and third are deemed; the sender sees both recipients' rows
    run_sweep(at("2025-02-06", 0, 5))
    login(client, bodies.specialist)
    with time_machine.travel(at("2025-02-06", 9), tick=False):
        response = client.get(reverse("consult-dashboard"))
    assert sorted(texts(response, "//table[@id='deemed-table']/tbody/tr/td[3]")) == [
        "Đảng ủy xã An Hai",
        "Đảng ủy xã An Hai",
        "Đảng ủy xã An Một",
        "Đảng ủy xã An Một",
    ]
    # "Sắp đến hạn" is the next 3 working days (07, 10 and 11/02 from Thursday 06/02), not the calendar week:
    # the Monday after is in (on 04/02 it was the 4th working day ahead, out)
    assert texts(response, "//table[@id='due-week-table']/tbody/tr/td[4]") == ["Hạn 10/02", "Hạn 10/02"]
    assert texts(response, "//table[@id='overdue-table']/tbody/tr") == []
    with time_machine.travel(at("2025-02-08", 9), tick=False):  # Saturday: Monday is the next working day
        response = client.get(reverse("consult-dashboard"))
    assert texts(response, "//table[@id='due-week-table']/tbody/tr/td[4]") == ["Hạn 10/02", "Hạn 10/02"]
    with time_machine.travel(at("2025-02-10", 9), tick=False):
        response = client.get(reverse("consult-dashboard"))
    assert texts(response, "//table[@id='due-week-table']/tbody/tr/td[4]") == ["Hạn 10/02", "Hạn 10/02"]
    assert {first.pk, second.pk, third.pk} == set(CoordinationRequest.objects.values_list("pk", flat=True))


def test_dashboard_of_an_outsider_is_empty(client, bodies, regulation):
    sent(bodies, regulation)
    run_sweep(at("2025-02-06", 0, 5))
    login(client, bodies.outsider_user)
    with time_machine.travel(at("2025-02-06", 9), tick=False):
        response = client.get(reverse("consult-dashboard"))
    assert response.status_code == 200
    assert texts(response, "//table") == []
