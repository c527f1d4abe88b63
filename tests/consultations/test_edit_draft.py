"""Drafts editable until sent, and a double click never creates two drafts (issue 11, part 4).

- the edit page (`phoi-hop/<pk>/sua/`) and its API twin (PATCH /api/v1/consultations/requests/<pk>/): the
  sender's drafting members only (404 for anyone else, with data that could leak), while the request is a
  draft (new or returned by the leader); a Vietnamese message once it is not; one audit event per edit;
- the create form's one-time token: a second POST of it opens the first draft; two concurrent POSTs on
  PostgreSQL make one request.
"""

from __future__ import annotations

import threading
import uuid

import pytest
import time_machine
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from phoihop.accounts.enums import Role
from phoihop.audit.enums import AuditAction
from phoihop.audit.models import AuditEvent
from phoihop.common.errors import Conflict, NotAllowed
from phoihop.consultations.domain import actions, editing
from phoihop.consultations.enums import Channel, RequestKind, RequestState
from phoihop.consultations.models import Attachment, CoordinationRequest
from tests.consultations.conftest import Bodies, at, make_regulation
from tests.consultations.test_pages import draft, login, pdf, texts
from tests.factories import UserFactory

NOT_A_DRAFT = "Văn bản này đã được trình hoặc đã gửi nên không sửa được nữa; chỉ sửa được dự thảo chưa trình."


def _edit_url(req: CoordinationRequest) -> str:
    return reverse("consult-edit", args=[req.pk])


def _copies(req: CoordinationRequest) -> list[tuple[str, str]]:
    return sorted((d.recipient.name, d.channel) for d in req.deliveries.select_related("recipient"))


def _form(regulation, **extra):
    return {
        "regulation": regulation.pk,
        "kind": "consultation",
        "subject": "Xin ý kiến (sửa)",
        "body": "Nội dung mới",
        **extra,
    }


# --- who may open the edit page ----------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, bodies, regulation):
    req = draft(bodies, regulation)
    response = client.get(_edit_url(req))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["specialist", "leader", "clerk"])
def test_the_senders_drafting_members_get_the_prefilled_form(client, bodies, regulation, who):
    req = draft(bodies, regulation, paper=[bodies.xa2], body="Nội dung cũ")
    login(client, getattr(bodies, who))
    page = client.get(_edit_url(req))
    assert page.status_code == 200
    html = page.content.decode()
    assert texts(page, "//h1") == ["Sửa dự thảo văn bản đề nghị"]
    assert 'value="Xin ý kiến dự thảo kế hoạch kiểm tra"' in html
    assert texts(page, "//textarea[@name='body']") == ["Nội dung cũ"]
    assert f'value="{bodies.xa1.pk}" id="recipient-{bodies.xa1.pk}" checked' in html
    assert f'value="{bodies.xa2.pk}" id="recipient-{bodies.xa2.pk}" checked' in html
    assert f'value="{bodies.xa2.pk}" id="paper-{bodies.xa2.pk}" checked' in html
    assert f'value="{bodies.xa1.pk}" id="paper-{bodies.xa1.pk}">' in html


@pytest.mark.django_db
def test_outsiders_recipients_and_non_drafting_members_get_404(client, bodies, regulation):
    req = draft(bodies, regulation, subject="Bí mật của Ban")
    org_admin = UserFactory(organization=bodies.ban, role=Role.ORG_ADMIN)
    for user in (bodies.outsider_user, bodies.xa1_cv, bodies.xa2_leader, org_admin):
        login(client, user)
        for response in (client.get(_edit_url(req)), client.post(_edit_url(req), _form(regulation))):
            assert response.status_code == 404
            assert "Bí mật của Ban" not in response.content.decode()
    req.refresh_from_db()
    assert req.subject == "Bí mật của Ban"


@pytest.mark.django_db
def test_the_edit_link_shows_on_a_draft_only(client, bodies, regulation):
    req = draft(bodies, regulation)
    login(client, bodies.specialist)
    detail = reverse("consult-detail", args=[req.pk])
    assert texts(client.get(detail), "//a[@id='edit-draft']") == ["Sửa dự thảo"]
    actions.submit_for_approval(bodies.specialist, req)
    assert texts(client.get(detail), "//a[@id='edit-draft']") == []


# --- editing ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_editing_a_draft_changes_it_and_records_one_event(client, bodies, regulation):
    req = draft(bodies, regulation, paper=[bodies.xa2])
    login(client, bodies.specialist)
    with time_machine.travel(at("2025-01-22", 9), tick=False):
        response = client.post(
            _edit_url(req),
            _form(
                regulation,
                recipients=[bodies.xa1.pk],
                paper_recipients=[bodies.xa1.pk],
                attachments=[pdf("bo-sung.pdf")],
            ),
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("consult-detail", args=[req.pk])
    req.refresh_from_db()
    assert (req.subject, req.body, req.state) == ("Xin ý kiến (sửa)", "Nội dung mới", RequestState.DRAFT)
    assert _copies(req) == [("Đảng ủy xã An Một", Channel.PAPER)]
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["bo-sung.pdf"]
    event = AuditEvent.objects.filter(action=AuditAction.CHANGED).get()
    assert (event.summary, event.actor_id) == ("Sửa dự thảo: Xin ý kiến (sửa)", bodies.specialist.pk)
    assert event.data == {
        "fields": ["body", "subject"],
        "recipients": [bodies.xa1.pk],
        "added": [],
        "removed": [bodies.xa2.pk],
        "channel_changed": [bodies.xa1.pk],
        "files": ["bo-sung.pdf"],
    }


@pytest.mark.django_db
def test_bad_input_keeps_the_draft_and_shows_a_vietnamese_message(client, bodies, regulation):
    req = draft(bodies, regulation)
    login(client, bodies.specialist)
    response = client.post(_edit_url(req), _form(regulation, subject="", recipients=[bodies.xa1.pk]))
    assert response.status_code == 400
    assert texts(response, "//div[contains(@class,'has-error')]//div[@class='errors']") == [
        "Trường này là bắt buộc."
    ]
    response = client.post(_edit_url(req), _form(regulation, recipients=[]))
    assert response.status_code == 400
    assert texts(response, "//div[@id='recipient-picker']/div[@class='errors']") == [
        "Hãy chọn ít nhất một cơ quan được đề nghị."
    ]
    req.refresh_from_db()
    assert req.subject == "Xin ý kiến dự thảo kế hoạch kiểm tra"
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGED).exists()


@pytest.mark.django_db
def test_a_submitted_request_is_no_longer_editable(client, bodies, regulation):
    req = draft(bodies, regulation)
    actions.submit_for_approval(bodies.specialist, req)
    login(client, bodies.specialist)
    for response in (
        client.get(_edit_url(req)),
        client.post(_edit_url(req), _form(regulation, recipients=[bodies.xa1.pk])),
    ):
        assert response.status_code == 302
        assert response["Location"] == reverse("consult-detail", args=[req.pk])
    page = client.get(reverse("consult-detail", args=[req.pk]))
    assert NOT_A_DRAFT in texts(page, "//ul[@class='messages']/li")
    req.refresh_from_db()
    assert (req.subject, req.state) == ("Xin ý kiến dự thảo kế hoạch kiểm tra", RequestState.PENDING_APPROVAL)
    assert _copies(req) == [
        ("Đảng ủy xã An Hai", Channel.ELECTRONIC),
        ("Đảng ủy xã An Một", Channel.ELECTRONIC),
    ]


@pytest.mark.django_db
def test_a_draft_returned_by_the_leader_is_editable_again(client, bodies, regulation):
    req = draft(bodies, regulation)
    actions.submit_for_approval(bodies.specialist, req)
    actions.return_to_draft(bodies.leader, req, "Bổ sung xã Hai")
    login(client, bodies.specialist)
    assert client.get(_edit_url(req)).status_code == 200
    response = client.post(_edit_url(req), _form(regulation, recipients=[bodies.xa2.pk]))
    assert response.status_code == 302
    req.refresh_from_db()
    assert _copies(req) == [("Đảng ủy xã An Hai", Channel.ELECTRONIC)]


@pytest.mark.django_db
def test_update_draft_refusals_change_nothing(bodies, regulation):
    req = draft(bodies, regulation)
    fields = {
        "regulation": regulation,
        "kind": RequestKind.CONSULTATION,
        "subject": "Đổi",
        "recipients": [bodies.xa1],
    }
    with pytest.raises(NotAllowed):
        editing.update_draft(bodies.xa1_cv, req, **fields)
    stale = CoordinationRequest.objects.get(pk=req.pk)
    actions.submit_for_approval(bodies.specialist, req)
    with pytest.raises(Conflict) as refused:  # the copy in hand still says draft: the UPDATE finds no draft
        editing.update_draft(bodies.specialist, stale, **fields)
    assert refused.value.message == NOT_A_DRAFT
    req.refresh_from_db()
    assert req.subject == "Xin ý kiến dự thảo kế hoạch kiểm tra"
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGED).exists()


# --- the API twin -------------------------------------------------------------------------------------


def _api(req: CoordinationRequest) -> str:
    return reverse("api-consult-request", args=[req.pk])


@pytest.mark.django_db
def test_api_patch_edits_a_draft(client, bodies, regulation):
    req = draft(bodies, regulation)
    login(client, bodies.specialist)
    response = client.patch(
        _api(req),
        {"subject": "Qua API", "recipients": [bodies.xa2.code], "paper_recipients": [bodies.xa2.code]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["subject"] == "Qua API"
    req.refresh_from_db()
    assert (req.subject, req.body) == ("Qua API", "")
    assert _copies(req) == [("Đảng ủy xã An Hai", Channel.PAPER)]


@pytest.mark.django_db
def test_api_patch_refusals(client, bodies, regulation):
    req = draft(bodies, regulation, subject="Bí mật của Ban")
    login(client, bodies.outsider_user)
    response = client.patch(_api(req), {"subject": "X"}, content_type="application/json")
    assert response.status_code == 404
    assert "Bí mật" not in response.content.decode()
    login(client, bodies.specialist)
    response = client.patch(_api(req), {"recipients": ["khong-co"]}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"recipients": ["Không có tổ chức mã: khong-co."]}
    actions.submit_for_approval(bodies.specialist, req)
    response = client.patch(_api(req), {"subject": "X"}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["error"] == "not_a_draft"
    assert response.json()["detail"] == NOT_A_DRAFT
    req.refresh_from_db()
    assert req.subject == "Bí mật của Ban"


# --- one draft per form -------------------------------------------------------------------------------


def _create(client, regulation, bodies, token):
    with time_machine.travel(at("2025-01-22", 9), tick=False):
        return client.post(
            reverse("consult-create"),
            _form(regulation, recipients=[bodies.xa1.pk], form_token=token),
        )


@pytest.mark.django_db
def test_the_create_form_carries_a_fresh_token(client, bodies, regulation):
    login(client, bodies.specialist)
    tokens = []
    for _ in range(2):
        page = client.get(reverse("consult-create"))
        [token] = lxml_html.fromstring(page.content.decode()).xpath("//input[@name='form_token']/@value")
        tokens.append(uuid.UUID(token))
    assert tokens[0] != tokens[1]


@pytest.mark.django_db
def test_a_second_post_of_the_same_form_opens_the_first_draft(client, bodies, regulation):
    login(client, bodies.specialist)
    token = str(uuid.uuid4())
    first = _create(client, regulation, bodies, token)
    second = _create(client, regulation, bodies, token)
    req = CoordinationRequest.objects.get()
    assert first["Location"] == second["Location"] == reverse("consult-detail", args=[req.pk])
    assert str(req.form_token) == token
    assert AuditEvent.objects.filter(action=AuditAction.CREATED).count() == 1
    page = client.get(second["Location"])
    assert "Văn bản này đã được lưu từ lần bấm trước; không tạo thêm dự thảo." in texts(
        page, "//ul[@class='messages']/li"
    )
    # a new form (a new token) makes a new draft
    _create(client, regulation, bodies, str(uuid.uuid4()))
    assert CoordinationRequest.objects.count() == 2


@pytest.mark.django_db
def test_a_token_of_another_users_form_is_refused(client, bodies, regulation):
    token = str(uuid.uuid4())
    _create(login(client, bodies.specialist), regulation, bodies, token)
    response = _create(login(Client(), bodies.clerk), regulation, bodies, token)
    assert response.status_code == 409
    assert "Biểu mẫu này đã được dùng để soạn một văn bản khác" in response.content.decode()
    assert CoordinationRequest.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_first_post_leaves_the_token_free(client, bodies, regulation):
    login(client, bodies.specialist)
    token = str(uuid.uuid4())
    with time_machine.travel(at("2025-01-22", 9), tick=False):
        refused = client.post(reverse("consult-create"), _form(regulation, subject="", form_token=token))
    assert refused.status_code == 400
    assert _create(client, regulation, bodies, token).status_code == 302
    assert CoordinationRequest.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_concurrent_posts_of_one_form_make_one_request(attempt):
    bodies = Bodies()
    regulation = make_regulation()
    token = str(uuid.uuid4())
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def post(i: int) -> None:
        client = Client()
        client.force_login(bodies.specialist)
        barrier.wait()
        try:
            results[i] = _create(client, regulation, bodies, token)
        except Exception as exc:  # reported below
            results[i] = exc
        finally:
            close_old_connections()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    req = CoordinationRequest.objects.get()
    assert [r.status_code for r in results] == [302, 302]
    assert {r["Location"] for r in results} == {reverse("consult-detail", args=[req.pk])}
    assert req.deliveries.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CREATED).count() == 1
