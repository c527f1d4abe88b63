"""API of coordination requests (/api/v1/consultations/): permissions with data that could leak, query
counts, bad input as {"error", "detail", "fields"} bodies, every action's happy path, and the schema."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from phoihop.consultations.domain import actions
from phoihop.consultations.enums import Position
from phoihop.consultations.models import Attachment, CoordinationRequest, Escalation, Meeting
from phoihop.scheduler.registry import run_sweep
from tests.consultations.conftest import at
from tests.consultations.test_pages import (
    SUBJECT,
    XA1_SECRET,
    XA2_SECRET,
    both_answered,
    delivery,
    draft,
    pdf,
    sent,
    snapshot,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/consultations"


def login(client, user):
    client.force_login(user)
    return client


def post_json(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


REQUEST_ACTIONS = {
    "submit": {},
    "approve": {},
    "return": {},
    "withdraw": {},
    "close": {},
    "meeting": {"held_on": "2025-01-24", "participants": "X", "outcome": "Y"},
    "escalate": {"summary": "X"},
    "ruling": {"ruling": "X"},
}
DELIVERY_ACTIONS = {
    "answer": {"position": "agree"},
    "extension": {"new_deadline": "2025-02-12", "reason": "X"},
    "receipt": {"received_on": "2025-01-23"},
}


# --- permissions ------------------------------------------------------------------------------------


def test_anonymous_gets_401(client, bodies, regulation):
    req = sent(bodies, regulation)
    for url in (f"{API}/requests/", f"{API}/inbox/", f"{API}/outbox/", f"{API}/requests/{req.pk}/"):
        response = client.get(url)
        assert (url, response.status_code, response.json()["error"]) == (url, 401, "not_authenticated")
    assert client.post(f"{API}/requests/{req.pk}/close/").status_code == 401


def test_outsider_gets_404_on_detail_every_action_and_files(client, bodies, regulation):
    req = both_answered(bodies, regulation)
    d1 = delivery(req, bodies.xa1)
    before = snapshot(req)
    login(client, bodies.outsider_user)
    with time_machine.travel(at("2025-01-24", 9), tick=False):
        response = client.get(f"{API}/requests/{req.pk}/")
        assert (response.status_code, response.json()["error"]) == (404, "not_found")
        for name, data in REQUEST_ACTIONS.items():
            response = post_json(client, f"{API}/requests/{req.pk}/{name}/", data)
            assert (name, response.status_code) == (name, 404)
        for name, data in DELIVERY_ACTIONS.items():
            response = post_json(client, f"{API}/deliveries/{d1.pk}/{name}/", data)
            assert (name, response.status_code) == (name, 404)
        for a in Attachment.objects.filter(request=req):
            assert client.get(f"{API}/attachments/{a.pk}/").status_code == 404
        for url in (f"{API}/requests/", f"{API}/inbox/", f"{API}/outbox/"):
            assert client.get(url).json()["results"] == []
    assert snapshot(req) == before


def test_another_recipient_gets_404_on_a_copy_that_is_not_its_own(client, bodies, regulation):
    req = sent(bodies, regulation, paper=[bodies.xa1])
    d1 = delivery(req, bodies.xa1)
    before = snapshot(req)
    for user in (bodies.xa2_cv,):
        login(client, user)
        with time_machine.travel(at("2025-01-23", 9), tick=False):
            for name, data in DELIVERY_ACTIONS.items():
                response = post_json(client, f"{API}/deliveries/{d1.pk}/{name}/", data)
                assert (name, response.status_code) == (name, 404)
    assert snapshot(req) == before


def test_a_recipients_json_never_holds_another_recipients_answer(client, bodies, regulation):
    req = both_answered(bodies, regulation)
    with time_machine.travel(at("2025-01-23", 10), tick=False):
        actions.escalate(bodies.leader, req, summary="Còn ý kiến khác nhau")
    xa1_file = Attachment.objects.get(delivery__recipient=bodies.xa1)
    xa2_file = Attachment.objects.get(delivery__recipient=bodies.xa2)

    login(client, bodies.xa1_cv)
    for url in (f"{API}/requests/{req.pk}/", f"{API}/requests/", f"{API}/inbox/"):
        raw = client.get(url).content.decode()
        body = json.loads(raw)
        text = json.dumps(body, ensure_ascii=False)
        assert XA2_SECRET not in text
        assert "Đảng ủy xã An Hai" not in text
        assert "y-kien-xa-hai.pdf" not in text
    detail = client.get(f"{API}/requests/{req.pk}/").json()
    assert [(d["recipient_name"], d["answer_text"]) for d in detail["deliveries"]] == [
        ("Đảng ủy xã An Một", XA1_SECRET)
    ]
    assert [a["name"] for a in detail["attachments"]] == ["du-thao.pdf", "y-kien-xa-mot.pdf"]
    assert [p["recipient"] for p in detail["escalation"]["positions"]] == ["Đảng ủy xã An Một"]
    assert client.get(f"{API}/attachments/{xa2_file.pk}/").status_code == 404
    download = client.get(f"{API}/attachments/{xa1_file.pk}/")
    assert (download.status_code, b"".join(download.streaming_content)) == (200, b"%PDF-1.4\n% test\n")

    for viewer in (bodies.specialist, bodies.btv_leader):  # the sender and the authority read both
        login(client, viewer)
        detail = client.get(f"{API}/requests/{req.pk}/").json()
        assert [(d["recipient_name"], d["answer_text"]) for d in detail["deliveries"]] == [
            ("Đảng ủy xã An Một", XA1_SECRET),
            ("Đảng ủy xã An Hai", XA2_SECRET),
        ]
        assert [p["recipient"] for p in detail["escalation"]["positions"]] == [
            "Đảng ủy xã An Một",
            "Đảng ủy xã An Hai",
        ]
        assert client.get(f"{API}/attachments/{xa2_file.pk}/").status_code == 200


def test_drafts_and_pending_requests_are_invisible_to_recipients(client, bodies, regulation):
    first = draft(bodies, regulation, subject="Dự thảo chưa trình")
    second = draft(bodies, regulation, subject="Dự thảo đang chờ duyệt")
    actions.submit_for_approval(bodies.specialist, second)
    login(client, bodies.xa1_cv)
    for req in (first, second):
        assert client.get(f"{API}/requests/{req.pk}/").status_code == 404
        response = post_json(
            client, f"{API}/deliveries/{delivery(req, bodies.xa1).pk}/answer/", {"position": "agree"}
        )
        assert response.status_code == 404
    assert client.get(f"{API}/requests/").json()["results"] == []
    assert client.get(f"{API}/inbox/").json()["results"] == []
    login(client, bodies.specialist)
    assert [r["subject"] for r in client.get(f"{API}/outbox/").json()["results"]] == [
        "Dự thảo đang chờ duyệt",
        "Dự thảo chưa trình",
    ]


def test_only_a_leader_of_the_sender_approves(client, bodies, regulation):
    req = draft(bodies, regulation)
    actions.submit_for_approval(bodies.specialist, req)
    before = snapshot(req)
    for user in (bodies.specialist, bodies.clerk):
        login(client, user)
        response = client.post(f"{API}/requests/{req.pk}/approve/")
        assert (response.status_code, response.json()) == (
            403,
            {"error": "not_allowed", "detail": "Chỉ lãnh đạo cơ quan đề nghị mới được ký, gửi văn bản."},
        )
    assert snapshot(req) == before
    login(client, bodies.leader)
    with time_machine.travel(at("2025-01-22", 8), tick=False):
        response = client.post(f"{API}/requests/{req.pk}/approve/")
    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["document_number"]) == ("sent", "1-CV/BNCTU")
    assert [(d["recipient"], d["state"], d["deadline"]) for d in body["deliveries"]] == [
        (bodies.xa1.code, "received", "2025-02-05"),
        (bodies.xa2.code, "received", "2025-02-05"),
    ]


def test_only_the_recipient_answers(client, bodies, regulation):
    req = sent(bodies, regulation)
    d1 = delivery(req, bodies.xa1)
    before = snapshot(req)
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        for user in (bodies.specialist, bodies.leader, bodies.xa1_clerk):
            login(client, user)
            response = post_json(client, f"{API}/deliveries/{d1.pk}/answer/", {"position": "agree"})
            assert (response.status_code, response.json()) == (
                403,
                {"error": "not_allowed", "detail": "Chỉ cơ quan được đề nghị mới được trả lời."},
            )
    assert snapshot(req) == before


def test_only_the_authoritys_leader_rules(client, bodies, regulation):
    req = both_answered(bodies, regulation, with_files=False)
    with time_machine.travel(at("2025-01-23", 10), tick=False):
        actions.escalate(bodies.leader, req)
    for user in (bodies.leader, bodies.xa1_cv):
        login(client, user)
        response = post_json(client, f"{API}/requests/{req.pk}/ruling/", {"ruling": "X"})
        assert (response.status_code, response.json()["error"]) == (403, "not_allowed")
    login(client, bodies.btv_leader)
    response = post_json(client, f"{API}/requests/{req.pk}/ruling/", {"ruling": "Thực hiện theo đề nghị."})
    assert response.status_code == 200
    assert response.json()["escalation"]["ruling"] == "Thực hiện theo đề nghị."
    again = post_json(client, f"{API}/requests/{req.pk}/ruling/", {"ruling": "Lần hai"})
    assert (again.status_code, again.json()) == (
        400,
        {"error": "already_ruled", "detail": "Cấp có thẩm quyền đã có kết luận."},
    )


def test_token_authentication_works_on_the_lists(client, bodies, regulation):
    sent(bodies, regulation)
    token = Token.objects.create(user=bodies.xa1_cv)
    response = client.get(f"{API}/inbox/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert [r["document_number"] for r in response.json()["results"]] == ["1-CV/BNCTU"]


# --- query counts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "user", "expected"),
    [
        # session, user, count, page, the regulations' kind rules, deliveries, attachments, meetings
        ("requests/", "specialist", 8),
        # (a recipient: and its own copies' live answer drafts, issue 11)
        ("requests/", "xa1_cv", 9),
        # session, user, the open copies with a deadline, those without, the handled copies (keyset pages: no
        # count), the live answer drafts of the page's copies (issue 11)
        ("inbox/", "xa1_cv", 6),
        # session, user, page (keyset: no count), the regulations' kind rules, deliveries, attachments, meetings
        ("outbox/", "specialist", 7),
    ],
)
def test_list_query_count_does_not_grow(
    client, bodies, regulation, django_assert_num_queries, path, user, expected
):
    login(client, getattr(bodies, user))
    counts = []
    for n in (1, 3):
        CoordinationRequest.objects.all().delete()
        for i in range(n):
            req = sent(bodies, regulation, subject=f"Đề nghị số {i}", files=[pdf()])
            with time_machine.travel(at("2025-01-23", 9), tick=False):
                actions.answer(
                    bodies.xa1_leader, delivery(req, bodies.xa1), position=Position.DISAGREE, text="X"
                )
                actions.answer(bodies.xa2_leader, delivery(req, bodies.xa2), position=Position.AGREE)
                actions.record_meeting(
                    bodies.specialist, req, held_on=dt.date(2025, 1, 23), participants="A", outcome="B"
                )
                actions.escalate(bodies.leader, req)
        with time_machine.travel(at("2025-01-24", 9), tick=False):
            client.get(f"{API}/{path}")
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(f"{API}/{path}")
        body = response.json()
        assert body.get("count", len(body["results"])) == n
        counts.append(len(ctx.captured_queries))
    assert counts == [expected, expected]
    with time_machine.travel(at("2025-01-24", 9), tick=False), django_assert_num_queries(expected):
        client.get(f"{API}/{path}")


# --- bad input --------------------------------------------------------------------------------------


def test_answering_twice_is_refused(client, bodies, regulation):
    req = sent(bodies, regulation)
    d1 = delivery(req, bodies.xa1)
    login(client, bodies.xa1_leader)
    url = f"{API}/deliveries/{d1.pk}/answer/"
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        first = post_json(client, url, {"position": "agree_with_comments", "text": "Lần một"})
        assert first.status_code == 200
        assert (first.json()["state"], first.json()["answer_text"]) == ("answered", "Lần một")
        before = snapshot(req)
        response = post_json(client, url, {"position": "disagree", "text": "Lần hai"})
    assert (response.status_code, response.json()) == (
        400,
        {
            "error": "not_answerable",
            "detail": "Không thể trả lời: nơi nhận này đang ở trạng thái “Đã trả lời”.",
        },
    )
    assert snapshot(req) == before


def test_answering_a_withdrawn_or_deemed_copy_is_refused(client, bodies, regulation):
    withdrawn = sent(bodies, regulation, subject="Sẽ thu hồi")
    deemed = sent(bodies, regulation, subject="Sẽ coi như đồng ý")
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        actions.withdraw_request(bodies.leader, withdrawn)
    run_sweep(at("2025-02-06", 0, 5))
    login(client, bodies.xa1_leader)
    for req, label in ((withdrawn, "Đã thu hồi"), (deemed, "Coi như đồng ý — cùng chịu trách nhiệm")):
        before = snapshot(req)
        with time_machine.travel(at("2025-02-06", 9), tick=False):
            response = post_json(
                client, f"{API}/deliveries/{delivery(req, bodies.xa1).pk}/answer/", {"position": "agree"}
            )
        assert (response.status_code, response.json()) == (
            400,
            {
                "error": "not_answerable",
                "detail": f"Không thể trả lời: nơi nhận này đang ở trạng thái “{label}”.",
            },
        )
        assert snapshot(req) == before


def test_an_extension_after_the_deadline_is_refused(client, bodies, regulation):
    req = sent(bodies, regulation)
    before = snapshot(req)
    login(client, bodies.xa1_leader)
    with time_machine.travel(at("2025-02-06", 0, 30), tick=False):
        response = post_json(
            client,
            f"{API}/deliveries/{delivery(req, bodies.xa1).pk}/extension/",
            {"new_deadline": "2025-02-12", "reason": "Cần xác minh"},
        )
    assert (response.status_code, response.json()) == (
        422,
        {
            "error": "past_deadline",
            "detail": "Đã quá hạn trả lời (05/02/2025); thông báo gia hạn phải gửi trước khi hết hạn "
            "— Điều 5 khoản 1 điểm c.",
        },
    )
    assert snapshot(req) == before


@pytest.mark.parametrize("value", ["12-02-2025", "2025/02/12", "31/02/2025", ""])
def test_a_date_in_the_wrong_format_gives_400_with_fields(client, bodies, regulation, value):
    req = sent(bodies, regulation)
    before = snapshot(req)
    login(client, bodies.xa1_cv)
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        response = post_json(
            client,
            f"{API}/deliveries/{delivery(req, bodies.xa1).pk}/extension/",
            {"new_deadline": value, "reason": "Cần xác minh"},
        )
    assert response.status_code == 400
    body = response.json()
    assert (body["error"], body["detail"], list(body["fields"])) == (
        "invalid",
        "Dữ liệu không hợp lệ.",
        ["new_deadline"],
    )
    assert body["fields"]["new_deadline"] == [
        "Ngày không hợp lệ. Hãy nhập theo dạng YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 05/02/2025."
    ]
    assert snapshot(req) == before


def test_create_with_bad_input_creates_nothing(client, bodies, regulation):
    login(client, bodies.specialist)
    base = {
        "regulation": regulation.code,
        "kind": "consultation",
        "subject": SUBJECT,
        "recipients": [bodies.xa1.code],
    }
    cases = [
        ({**base, "regulation": "999"}, 400, "invalid", "Không có quy chế mã 999."),
        ({**base, "recipients": ["khong-co"]}, 400, "invalid", "Không có tổ chức mã: khong-co."),
        (
            {**base, "recipients": [bodies.outsider.code]},
            422,
            "not_a_party",
            "T03-QC/TU không áp dụng cho Hội Nông dân tỉnh.",
        ),
        (
            {**base, "recipients": [bodies.ban.code]},
            400,
            "invalid",
            "Cơ quan đề nghị không thể tự gửi cho chính mình.",
        ),
        ({**base, "subject": "   "}, 400, "invalid", "Dữ liệu không hợp lệ."),
        ({**base, "stated_deadline": "20.02.2025"}, 400, "invalid", "Dữ liệu không hợp lệ."),
        ({**base, "kind": "khac"}, 400, "invalid", "Dữ liệu không hợp lệ."),
    ]
    for data, status, error, detail in cases:
        response = post_json(client, f"{API}/requests/", data)
        assert (response.status_code, response.json()["error"], response.json()["detail"]) == (
            status,
            error,
            detail,
        )
    assert CoordinationRequest.objects.count() == 0
    login(client, bodies.outsider_user)  # not bound by the regulation
    response = post_json(client, f"{API}/requests/", {**base, "recipients": [bodies.xa1.code]})
    assert (response.status_code, response.json()["error"]) == (422, "policy_violation")
    assert CoordinationRequest.objects.count() == 0


# --- every action: happy paths ----------------------------------------------------------------------


def test_every_action_through_the_api(client, bodies, regulation):
    login(client, bodies.specialist)
    with time_machine.travel(at("2025-01-22", 8), tick=False):
        response = client.post(
            f"{API}/requests/",
            {
                "regulation": regulation.code,
                "kind": "consultation",
                "subject": SUBJECT,
                "body": "Nội dung",
                "recipients": [bodies.xa1.code, bodies.xa2.code],
                "paper_recipients": [bodies.xa2.code],
                "files": [pdf("du-thao.pdf")],
            },
        )
        assert response.status_code == 201, response.content
        created = response.json()
        pk = created["id"]
        assert (created["state"], created["regulation"], created["sender"]) == (
            "draft",
            "T03",
            bodies.ban.code,
        )
        assert [a["name"] for a in created["attachments"]] == ["du-thao.pdf"]
        assert [(d["recipient"], d["channel"]) for d in created["deliveries"]] == [
            (bodies.xa1.code, "electronic"),
            (bodies.xa2.code, "paper"),
        ]
        assert client.post(f"{API}/requests/{pk}/submit/").json()["state"] == "pending_approval"
        login(client, bodies.leader)
        returned = client.post(f"{API}/requests/{pk}/return/", {"reason": "Sửa trích yếu"})
        assert returned.json()["state"] == "draft"
        login(client, bodies.specialist)
        assert client.post(f"{API}/requests/{pk}/submit/").json()["state"] == "pending_approval"
        login(client, bodies.leader)
        assert client.post(f"{API}/requests/{pk}/approve/").json()["document_number"] == "1-CV/BNCTU"
    req = CoordinationRequest.objects.get(pk=pk)
    d1, d2 = delivery(req, bodies.xa1), delivery(req, bodies.xa2)

    login(client, bodies.xa1_clerk)  # the paper copy to xa2 cannot be registered by xa1
    assert (
        post_json(client, f"{API}/deliveries/{d2.pk}/receipt/", {"received_on": "2025-01-23"}).status_code
        == 404
    )
    login(client, bodies.clerk)  # the sender's clerk registers when xa2 received it
    with time_machine.travel(at("2025-01-24", 9), tick=False):
        response = post_json(
            client,
            f"{API}/deliveries/{d2.pk}/receipt/",
            {"received_on": "23/01/2025", "incoming_number": "15"},
        )
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["deadline"], response.json()["incoming_number"]) == (
        "received",
        "2025-02-06",
        "15",
    )

    login(client, bodies.xa1_leader)  # multipart answer with two files
    with time_machine.travel(at("2025-01-24", 10), tick=False):
        response = client.post(
            f"{API}/deliveries/{d1.pk}/answer/",
            {"position": "disagree", "text": XA1_SECRET, "files": [pdf("y-kien.pdf"), pdf("phu-luc.pdf")]},
        )
    assert response.status_code == 200, response.content
    assert (response.json()["state"], response.json()["position"]) == ("answered", "disagree")
    assert sorted(Attachment.objects.filter(delivery=d1).values_list("original_name", flat=True)) == [
        "phu-luc.pdf",
        "y-kien.pdf",
    ]

    login(client, bodies.xa2_leader)
    with time_machine.travel(at("2025-02-04", 10), tick=False):
        response = post_json(
            client,
            f"{API}/deliveries/{d2.pk}/extension/",
            {"new_deadline": "12/02/2025", "reason": "Cần xác minh"},
        )
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["deadline"], response.json()["original_deadline"]) == (
        "extension_notified",
        "2025-02-12",
        "2025-02-06",
    )
    with time_machine.travel(at("2025-02-05", 10), tick=False):
        response = post_json(client, f"{API}/deliveries/{d2.pk}/answer/", {"position": "agree"})
    assert response.json()["state"] == "answered"

    login(client, bodies.specialist)
    with time_machine.travel(at("2025-02-06", 9), tick=False):
        response = post_json(
            client,
            f"{API}/requests/{pk}/meeting/",
            {"held_on": "06/02/2025", "participants": "Lãnh đạo hai bên", "outcome": "Chưa thống nhất"},
        )
        assert response.json()["meetings"] == [
            {"held_on": "2025-02-06", "participants": "Lãnh đạo hai bên", "outcome": "Chưa thống nhất"}
        ]
        login(client, bodies.leader)
        response = post_json(client, f"{API}/requests/{pk}/escalate/", {"summary": "Còn ý kiến khác nhau"})
        assert response.status_code == 200
        escalation = response.json()["escalation"]
        assert (escalation["authority"], escalation["summary"], escalation["ruling"]) == (
            bodies.btv.code,
            "Còn ý kiến khác nhau",
            "",
        )
        login(client, bodies.btv_leader)
        response = post_json(client, f"{API}/requests/{pk}/ruling/", {"ruling": "Thực hiện theo đề nghị."})
        assert response.json()["escalation"]["ruling"] == "Thực hiện theo đề nghị."
        login(client, bodies.leader)
        assert client.post(f"{API}/requests/{pk}/close/").json()["state"] == "closed"
    assert Meeting.objects.filter(request=req).count() == 1
    assert Escalation.objects.get(request=req).ruled_by == bodies.btv_leader


def test_withdraw_through_the_api(client, bodies, regulation):
    req = sent(bodies, regulation)
    login(client, bodies.leader)
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        refused = client.post(f"{API}/requests/{req.pk}/withdraw/")
        response = client.post(f"{API}/requests/{req.pk}/withdraw/", {"reason": "Ban hành nhầm"})
    assert (refused.status_code, refused.json()) == (
        400,
        {
            "error": "invalid",
            "detail": "Dữ liệu không hợp lệ.",
            "fields": {"reason": ["Hãy nêu lý do thu hồi văn bản."]},
        },
    )
    assert response.status_code == 200
    assert (response.json()["state"], [d["state"] for d in response.json()["deliveries"]]) == (
        "withdrawn",
        ["withdrawn", "withdrawn"],
    )
    again = client.post(f"{API}/requests/{req.pk}/withdraw/", {"reason": "Ban hành nhầm"})
    assert (again.status_code, again.json()["error"]) == (409, "invalid_transition")


def test_ruling_without_escalation_is_a_clear_400(client, bodies, regulation):
    req = sent(bodies, regulation)
    login(client, bodies.leader)
    response = post_json(client, f"{API}/requests/{req.pk}/ruling/", {"ruling": "X"})
    assert (response.status_code, response.json()) == (
        400,
        {"error": "not_escalated", "detail": "Văn bản này chưa được báo cáo cấp có thẩm quyền."},
    )


def test_inbox_item_shape(client, bodies, regulation):
    req = sent(bodies, regulation)
    login(client, bodies.xa1_cv)
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        item = client.get(f"{API}/inbox/").json()["results"][0]
    assert {
        k: item[k]
        for k in ("request_id", "document_number", "subject", "kind", "sender", "state", "deadline")
    } == {
        "request_id": req.pk,
        "document_number": "1-CV/BNCTU",
        "subject": SUBJECT,
        "kind": "consultation",
        "sender": bodies.ban.code,
        "state": "received",
        "deadline": "2025-02-05",
    }
    assert item["deadline_explanation"] == (
        "Hạn trả lời 05/02/2025: 05 ngày làm việc kể từ ngày nhận 22/01/2025, "
        "không tính 25/01–02/02 (Tết Nguyên đán) — Điều 5 khoản 1 điểm c"
    )


# --- schema -----------------------------------------------------------------------------------------

OPERATIONS = {
    ("/api/v1/consultations/requests/", "get"): "consultations_requests_list",
    ("/api/v1/consultations/requests/", "post"): "consultations_requests_create",
    ("/api/v1/consultations/requests/{id}/", "get"): "consultations_requests_retrieve",
    ("/api/v1/consultations/requests/{id}/submit/", "post"): "consultations_requests_submit",
    ("/api/v1/consultations/requests/{id}/approve/", "post"): "consultations_requests_approve",
    ("/api/v1/consultations/requests/{id}/return/", "post"): "consultations_requests_return",
    ("/api/v1/consultations/requests/{id}/withdraw/", "post"): "consultations_requests_withdraw",
    ("/api/v1/consultations/requests/{id}/close/", "post"): "consultations_requests_close",
    ("/api/v1/consultations/requests/{id}/meeting/", "post"): "consultations_requests_meeting",
    ("/api/v1/consultations/requests/{id}/escalate/", "post"): "consultations_requests_escalate",
    ("/api/v1/consultations/requests/{id}/ruling/", "post"): "consultations_requests_ruling",
    ("/api/v1/consultations/inbox/", "get"): "consultations_inbox_list",
    ("/api/v1/consultations/outbox/", "get"): "consultations_outbox_list",
    ("/api/v1/consultations/deliveries/{id}/answer/", "post"): "consultations_deliveries_answer",
    ("/api/v1/consultations/deliveries/{id}/assign/", "post"): "consultations_deliveries_assign",
    ("/api/v1/consultations/deliveries/{id}/draft/", "post"): "consultations_deliveries_draft",
    ("/api/v1/consultations/deliveries/{id}/draft/submit/", "post"): "consultations_deliveries_draft_submit",
    (
        "/api/v1/consultations/deliveries/{id}/draft/approve/",
        "post",
    ): "consultations_deliveries_draft_approve",
    ("/api/v1/consultations/deliveries/{id}/draft/return/", "post"): "consultations_deliveries_draft_return",
    ("/api/v1/consultations/deliveries/{id}/extension/", "post"): "consultations_deliveries_extension",
    ("/api/v1/consultations/deliveries/{id}/receipt/", "post"): "consultations_deliveries_receipt",
    ("/api/v1/consultations/attachments/{id}/", "get"): "consultations_attachments_download",
}


def test_schema_lists_every_list_and_action_with_distinct_operation_ids(client, bodies):
    login(client, bodies.specialist)
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    found = {
        (path, method): op["operationId"]
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/consultations/")
        for method, op in item.items()
        if method in {"get", "post"}
    }
    assert found == OPERATIONS
    all_ids = [
        op["operationId"] for item in schema["paths"].values() for op in item.values() if "operationId" in op
    ]
    assert len(all_ids) == len(set(all_ids))
    answer = schema["paths"]["/api/v1/consultations/deliveries/{id}/answer/"]["post"]["requestBody"][
        "content"
    ]
    multipart = answer["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    files = schema["components"]["schemas"][multipart]["properties"]["files"]
    assert (files["type"], files["items"]["type"], files["items"]["format"]) == ("array", "string", "binary")
    for name in ("RequestKindEnum", "RequestStateEnum", "DeliveryStateEnum"):
        assert name in schema["components"]["schemas"]


def test_schema_generation_emits_no_warning_about_consultations():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    messages = list(GENERATOR_STATS._warn_cache) + list(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    ours = [m for m in messages if "onsult" in m or '"state"' in m or "Request" in m]
    assert ours == []


def test_a_paper_copy_of_a_draft_cannot_be_registered_as_received(client, bodies, regulation):
    with time_machine.travel(at("2025-01-22", 8), tick=False):
        req = draft(bodies, regulation, paper=[bodies.xa1])
    d1 = delivery(req, bodies.xa1)
    before = snapshot(req)
    login(client, bodies.clerk)
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        response = post_json(client, f"{API}/deliveries/{d1.pk}/receipt/", {"received_on": "2025-01-23"})
    assert response.status_code in {400, 409}
    assert snapshot(req) == before
