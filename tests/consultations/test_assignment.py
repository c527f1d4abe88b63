"""Assignment and sign-off inside the recipient body (issue 11 part 2): giao xử lý, answer drafts, leader signs;
and the three small items of part 6 (escalation number, the ruled box, no meeting in the future)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from lxml import html as lxml_html

from phoihop.accounts.enums import Role
from phoihop.audit.models import AuditEvent
from phoihop.common.errors import Conflict, DomainError, InvalidTransition, NotAllowed
from phoihop.consultations.domain import actions, assignment
from phoihop.consultations.enums import DeliveryState, DraftKind, DraftState, Position, RequestKind
from phoihop.consultations.models import AnswerDraft, Delivery
from phoihop.notifications.models import Notification
from phoihop.scheduler.registry import run_sweep
from tests.consultations.conftest import Bodies, at, make_regulation
from tests.factories import UserFactory
from tests.races import race

API = "/api/v1/consultations"


def sent(bodies, regulation, recipients=None):
    """A consultation sent on 22/01/2025: each copy's deadline is 05/02/2025 (Tết in between)."""
    with time_machine.travel(at("2025-01-22", 8), tick=False):
        req = actions.create_request(
            bodies.specialist,
            regulation=regulation,
            kind=RequestKind.CONSULTATION,
            subject="Xin ý kiến",
            recipients=recipients or [bodies.xa1, bodies.xa2],
        )
        actions.submit_for_approval(bodies.specialist, req)
        actions.approve_and_send(bodies.leader, req)
    return req


def copy(req, org):
    return Delivery.objects.select_related("request", "request__sender", "recipient").get(
        request=req, recipient=org
    )


def live(d):
    return AnswerDraft.objects.select_related("delivery__request", "delivery__recipient", "drafted_by").get(
        delivery=d, state__in=["drafting", "pending_approval", "returned"]
    )


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def texts(response, xpath):
    return [
        " ".join(e.text_content().split())
        for e in lxml_html.fromstring(response.content.decode()).xpath(xpath)
    ]


DAY = at("2025-01-23", 9)


# --- assignment ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_leader_assigns_a_copy_with_an_internal_date_audited_and_the_assignee_told(bodies, regulation):
    req = sent(bodies, regulation)
    d = copy(req, bodies.xa1)
    with time_machine.travel(DAY, tick=False):
        assignment.assign(bodies.xa1_leader, d, bodies.xa1_cv, internal_deadline=dt.date(2025, 2, 3))
    d.refresh_from_db()
    assert (d.assignee, d.internal_deadline, d.assigned_by, d.assigned_at, d.deadline) == (
        bodies.xa1_cv,
        dt.date(2025, 2, 3),
        bodies.xa1_leader,
        DAY,
        dt.date(2025, 2, 5),  # the body's deadline never moves
    )
    event = AuditEvent.objects.filter(target_type="consultations.delivery", target_id=str(d.pk)).latest("id")
    assert (event.actor, event.summary, event.data) == (
        bodies.xa1_leader,
        f"Giao xử lý cho {bodies.xa1_cv}, hạn xử lý nội bộ 03/02/2025",
        {"internal": True, "assignee": bodies.xa1_cv.pk, "previous": None, "internal_deadline": "2025-02-03"},
    )
    assert told("delivery.assigned") == [bodies.xa1_cv.username]


@pytest.mark.django_db
def test_the_clerk_assigns_on_the_leaders_instruction_and_a_reassignment_says_so(bodies, regulation):
    req = sent(bodies, regulation)
    d = copy(req, bodies.xa1)
    other = UserFactory(organization=bodies.xa1, role=Role.SPECIALIST, full_name="Trần Thị Bình")
    with time_machine.travel(DAY, tick=False):
        assignment.assign(bodies.xa1_clerk, d, bodies.xa1_cv)
        assignment.assign(bodies.xa1_leader, d, other)
    summaries = list(
        AuditEvent.objects.filter(target_type="consultations.delivery", target_id=str(d.pk))
        .order_by("id")
        .values_list("summary", flat=True)
    )[-2:]
    assert summaries == [
        f"Giao xử lý cho {bodies.xa1_cv} (văn thư giao theo chỉ đạo của lãnh đạo)",
        "Giao lại xử lý cho Trần Thị Bình",
    ]
    d.refresh_from_db()
    assert (d.assignee, d.internal_deadline) == (other, None)


@pytest.mark.django_db
def test_who_may_not_assign_and_to_whom_a_copy_is_not_assigned(bodies, regulation):
    req = sent(bodies, regulation)
    d = copy(req, bodies.xa1)
    with time_machine.travel(DAY, tick=False):
        for user in (bodies.xa1_cv, bodies.leader, bodies.xa2_leader, bodies.outsider_user):
            with pytest.raises(NotAllowed) as refused:
                assignment.assign(user, d, bodies.xa1_cv)
            assert refused.value.message == (
                "Chỉ lãnh đạo cơ quan được đề nghị (hoặc văn thư theo chỉ đạo của lãnh đạo) mới được giao xử lý."
            )
        gone = UserFactory(organization=bodies.xa1, role=Role.SPECIALIST, is_active=False)
        for assignee in (bodies.xa2_cv, bodies.xa1_leader, bodies.xa1_clerk, gone):
            with pytest.raises(DomainError) as refused:
                assignment.assign(bodies.xa1_leader, d, assignee)
            assert (refused.value.message, refused.value.field) == (
                "Chỉ giao cho chuyên viên đang công tác tại cơ quan được đề nghị.",
                "assignee",
            )
    d.refresh_from_db()
    assert d.assignee is None


@pytest.mark.django_db
def test_the_internal_date_may_be_the_bodys_deadline_never_later_nor_past(bodies, regulation):
    req = sent(bodies, regulation)
    d = copy(req, bodies.xa1)
    with time_machine.travel(DAY, tick=False):
        with pytest.raises(DomainError) as refused:
            assignment.assign(bodies.xa1_leader, d, bodies.xa1_cv, internal_deadline=dt.date(2025, 2, 6))
        assert (refused.value.message, refused.value.field) == (
            "Hạn xử lý nội bộ (06/02/2025) không thể sau hạn trả lời của cơ quan (05/02/2025).",
            "internal_deadline",
        )
        with pytest.raises(DomainError) as refused:
            assignment.assign(bodies.xa1_leader, d, bodies.xa1_cv, internal_deadline=dt.date(2025, 1, 22))
        assert refused.value.message == "Hạn xử lý nội bộ (22/01/2025) không thể trước hôm nay (23/01/2025)."
        d.refresh_from_db()
        assert d.assignee is None
        assignment.assign(bodies.xa1_leader, d, bodies.xa1_cv, internal_deadline=dt.date(2025, 2, 5))
        assignment.assign(bodies.xa1_leader, d, bodies.xa1_cv, internal_deadline=dt.date(2025, 1, 23))
    d.refresh_from_db()
    assert d.internal_deadline == dt.date(2025, 1, 23)


@pytest.mark.django_db
def test_an_answered_copy_is_not_assigned(bodies, regulation):
    req = sent(bodies, regulation)
    d = copy(req, bodies.xa1)
    with time_machine.travel(DAY, tick=False):
        actions.answer(bodies.xa1_leader, d, position=Position.AGREE)
        with pytest.raises(DomainError) as refused:
            assignment.assign(bodies.xa1_leader, d, bodies.xa1_cv)
    assert refused.value.message == "Không thể giao xử lý: nơi nhận này đang ở trạng thái “Đã trả lời”."


# --- answer drafts -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_draft_goes_drafting_pending_returned_pending_sent_and_answers_as_the_body(bodies, regulation):
    req = sent(bodies, regulation)
    d = copy(req, bodies.xa1)
    with time_machine.travel(DAY, tick=False):
        assignment.assign(bodies.xa1_leader, d, bodies.xa1_cv)
        draft = assignment.save_draft(bodies.xa1_cv, d, position=Position.DISAGREE, text="Chưa rõ")
        assert draft.state == DraftState.DRAFTING
        again = assignment.save_draft(bodies.xa1_cv, d, position=Position.DISAGREE, text="Chưa rõ đối tượng")
        assert (again.pk, AnswerDraft.objects.count()) == (draft.pk, 1)  # a double click: one draft
        assignment.submit_draft(bodies.xa1_cv, live(d))
        assert told("delivery.draft_pending") == [bodies.xa1_leader.username]
        with pytest.raises(DomainError) as refused:
            assignment.save_draft(bodies.xa1_cv, d, position=Position.AGREE)
        assert (
            refused.value.message
            == "Dự thảo đang chờ lãnh đạo duyệt; không sửa được cho đến khi lãnh đạo trả lại."
        )
        with pytest.raises(DomainError) as refused:
            assignment.return_draft(bodies.xa1_leader, live(d), " ")
        assert refused.value.message == "Hãy nêu lý do trả lại để người soạn sửa."
        assignment.return_draft(bodies.xa1_leader, live(d), "Nêu rõ điều khoản")
        returned = live(d)
        assert (returned.state, returned.returned_reason, returned.returned_by) == (
            DraftState.RETURNED,
            "Nêu rõ điều khoản",
            bodies.xa1_leader,
        )
        assert told("delivery.draft_returned") == [bodies.xa1_cv.username]
        assignment.save_draft(bodies.xa1_cv, d, position=Position.DISAGREE, text="Trái Điều 5")
        assignment.submit_draft(bodies.xa1_cv, live(d))
        assignment.approve_draft(bodies.xa1_leader, live(d))
    draft.refresh_from_db()
    d.refresh_from_db()
    assert (draft.state, draft.drafted_by, draft.decided_by, draft.decided_at) == (
        DraftState.SENT,
        bodies.xa1_cv,
        bodies.xa1_leader,
        DAY,
    )
    assert (d.state, d.position, d.answer_text, d.answered_by) == (
        DeliveryState.ANSWERED,
        Position.DISAGREE,
        "Trái Điều 5",
        bodies.xa1_leader,
    )
    edges = list(
        AuditEvent.objects.filter(target_type="consultations.answerdraft", target_id=str(draft.pk))
        .order_by("id")
        .values_list("summary", "data__to")
    )
    assert edges == [
        ("Soạn dự thảo trả lời", None),
        ("Sửa dự thảo", None),
        ("Trình lãnh đạo duyệt dự thảo trả lời", "pending_approval"),
        ("Trả lại dự thảo trả lời: Nêu rõ điều khoản", "returned"),
        ("Sửa dự thảo", None),
        ("Trình lãnh đạo duyệt dự thảo trả lời", "pending_approval"),
        ("Lãnh đạo duyệt, ký và gửi trả lời", "sent"),
    ]
    assert told("delivery.draft_sent") == [bodies.xa1_cv.username]
    assert told("delivery.answered") == sorted([bodies.specialist.username, bodies.leader.username])


@pytest.mark.django_db
def test_refused_draft_edges_and_roles_change_nothing(bodies, regulation):
    req = sent(bodies, regulation)
    d = copy(req, bodies.xa1)
    with time_machine.travel(DAY, tick=False):
        assignment.save_draft(bodies.xa1_cv, d, position=Position.AGREE)
        with pytest.raises(InvalidTransition) as refused:
            assignment.approve_draft(bodies.xa1_leader, live(d))
        assert (
            refused.value.message
            == "Không thể chuyển dự thảo trả lời từ trạng thái “Đang soạn” sang “Đã ký, đã gửi”."
        )
        with pytest.raises(InvalidTransition):
            assignment.return_draft(bodies.xa1_leader, live(d), "Sửa")
        assignment.submit_draft(bodies.xa1_cv, live(d))
        with pytest.raises(NotAllowed) as refused:
            assignment.approve_draft(bodies.xa1_cv, live(d))
        assert refused.value.message == "Chỉ lãnh đạo cơ quan được đề nghị mới được duyệt, ký và gửi trả lời."
        for user in (bodies.leader, bodies.xa2_leader, bodies.xa1_clerk):
            with pytest.raises(NotAllowed):
                assignment.approve_draft(user, live(d))
        for user in (bodies.xa1_clerk, bodies.specialist, bodies.xa2_cv):
            with pytest.raises(NotAllowed) as refused:
                assignment.save_draft(user, d, position=Position.AGREE)
            assert refused.value.message == (
                "Chỉ chuyên viên, lãnh đạo của cơ quan được đề nghị mới được soạn dự thảo trả lời."
            )
        other = copy(req, bodies.xa2)
        assignment.save_draft(bodies.xa2_cv, other, position=Position.DISAGREE)
        with pytest.raises(DomainError) as refused:  # an incomplete answer is not submitted
            assignment.submit_draft(bodies.xa2_cv, live(other))
        assert (refused.value.message, refused.value.field) == ("Hãy ghi rõ nội dung ý kiến.", "text")
    d.refresh_from_db()
    assert (d.state, live(d).state) == (DeliveryState.RECEIVED, DraftState.PENDING_APPROVAL)


@pytest.mark.django_db
def test_an_extension_draft_approved_notifies_the_extension(bodies, regulation):
    req = sent(bodies, regulation)
    d = copy(req, bodies.xa1)
    with time_machine.travel(DAY, tick=False):
        assignment.save_draft(
            bodies.xa1_cv,
            d,
            kind=DraftKind.EXTENSION,
            new_deadline=dt.date(2025, 2, 12),
            extension_reason="Cần xác minh",
        )
        assignment.submit_draft(bodies.xa1_cv, live(d))
        assignment.approve_draft(bodies.xa1_leader, live(d))
    d.refresh_from_db()
    assert (d.state, d.deadline, d.extension_reason) == (
        DeliveryState.EXTENSION_NOTIFIED,
        dt.date(2025, 2, 12),
        "Cần xác minh",
    )
    assert AnswerDraft.objects.get().state == DraftState.SENT


@pytest.mark.django_db
def test_a_specialist_no_longer_answers_directly_a_leader_still_does_and_drops_the_draft(bodies, regulation):
    req = sent(bodies, regulation)
    d = copy(req, bodies.xa1)
    with time_machine.travel(DAY, tick=False):
        with pytest.raises(NotAllowed) as refused:
            actions.answer(bodies.xa1_cv, d, position=Position.AGREE)
        assert (
            refused.value.message
            == "Chuyên viên soạn dự thảo trả lời để lãnh đạo duyệt, ký; không gửi trả lời trực tiếp."
        )
        draft = assignment.save_draft(bodies.xa1_cv, d, position=Position.AGREE)
        actions.answer(bodies.xa1_leader, d, position=Position.AGREE)
    draft.refresh_from_db()
    assert draft.state == DraftState.DROPPED
    assert (
        AuditEvent.objects.filter(
            target_type="consultations.answerdraft",
            summary="Dự thảo trả lời không còn hiệu lực: nơi nhận đã trả lời",
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_withdrawing_the_request_drops_the_live_drafts(bodies, regulation):
    req = sent(bodies, regulation)
    d = copy(req, bodies.xa1)
    with time_machine.travel(DAY, tick=False):
        draft = assignment.save_draft(bodies.xa1_cv, d, position=Position.AGREE)
        actions.withdraw_request(bodies.leader, req, reason="Điều chỉnh")
    draft.refresh_from_db()
    assert draft.state == DraftState.DROPPED


@pytest.mark.django_db
def test_deemed_consent_does_not_wait_for_a_pending_draft_and_drops_it_at_the_boundary(bodies, regulation):
    req = sent(bodies, regulation)
    d = copy(req, bodies.xa1)
    with time_machine.travel(DAY, tick=False):
        draft = assignment.save_draft(bodies.xa1_cv, d, position=Position.AGREE)
        assignment.submit_draft(bodies.xa1_cv, live(d))
    assert run_sweep(at("2025-02-05", 23, 59))["consultations.deadlines"]["deemed_consent"] == 0
    draft.refresh_from_db()
    assert draft.state == DraftState.PENDING_APPROVAL
    assert run_sweep(at("2025-02-06", 0, 0))["consultations.deadlines"]["deemed_consent"] == 2
    draft.refresh_from_db()
    d.refresh_from_db()
    assert (d.state, draft.state) == (DeliveryState.DEEMED_CONSENT, DraftState.DROPPED)
    with time_machine.travel(at("2025-02-06", 8), tick=False), pytest.raises(InvalidTransition):
        assignment.approve_draft(bodies.xa1_leader, draft)


# --- who sees the internals: pages and API -----------------------------------------------------------


@pytest.mark.django_db
def test_the_page_offers_assignment_drafting_and_decision_to_the_right_people_only(
    client, bodies, regulation
):
    req = sent(bodies, regulation)
    d1, d2 = copy(req, bodies.xa1), copy(req, bodies.xa2)
    UserFactory(organization=bodies.xa1, role=Role.SPECIALIST, full_name="Đỗ Văn An")
    UserFactory(organization=bodies.xa1, role=Role.SPECIALIST, full_name="Bùi Thị Hà")
    url = reverse("consult-detail", args=[req.pk])
    with time_machine.travel(DAY, tick=False):
        client.force_login(bodies.xa1_leader)
        page = client.get(url)
        options = texts(page, f"//select[@id='id_assign_{d1.pk}_assignee']/option")
        assert options == ["— chọn chuyên viên —", "Bùi Thị Hà", "Đỗ Văn An", str(bodies.xa1_cv)]
        response = client.post(
            reverse("consult-assign", args=[d1.pk]),
            {"assignee": bodies.xa1_cv.pk, "internal_deadline": "06/02/2025"},
        )
        assert response.status_code == 400
        assert texts(response, "//form[@class='assign-form']//*[contains(@class,'errorlist')]") == [
            "Hạn xử lý nội bộ (06/02/2025) không thể sau hạn trả lời của cơ quan (05/02/2025)."
        ]
        response = client.post(
            reverse("consult-assign", args=[d1.pk]),
            {"assignee": bodies.xa1_cv.pk, "internal_deadline": "03/02/2025"},
        )
        assert response.status_code == 302
        client.force_login(bodies.xa1_cv)
        page = client.get(url)
        assert texts(page, f"//p[@id='assignment-{d1.pk}']/span[@class='assignee']") == [str(bodies.xa1_cv)]
        assert f"id_draft_{d1.pk}_kind" in page.content.decode()
        assert f"id_assign_{d1.pk}_assignee" not in page.content.decode()
        response = client.post(
            reverse("consult-draft", args=[d1.pk]),
            {"kind": "answer", "position": "disagree", "text": "BÍ MẬT NỘI BỘ"},
        )
        assert response.status_code == 302
        assert client.post(reverse("consult-draft-submit", args=[d1.pk])).status_code == 302
        # the sender, the other recipient and the authority never see the assignee, the date or the draft
        for user in (bodies.leader, bodies.specialist, bodies.xa2_leader, bodies.xa2_cv):
            client.force_login(user)
            content = client.get(url).content.decode()
            assert "BÍ MẬT NỘI BỘ" not in content
            assert f"internal-{d1.pk}" not in content
            assert str(bodies.xa1_cv) not in content
            assert "Giao xử lý cho" not in content  # nor the assignment's audit event in the timeline
        client.force_login(bodies.xa1_leader)
        page = client.get(url)
        assert texts(page, f"//div[@id='draft-{d1.pk}']//span[contains(@class,'draft-state')]") == [
            "Chờ lãnh đạo duyệt"
        ]
        response = client.post(reverse("consult-draft-return", args=[d1.pk]), {"reason": ""})
        assert response.status_code == 400
        assert "Hãy nêu lý do trả lại để người soạn sửa." in texts(response, "//ul[@class='errorlist']")
        assert client.post(reverse("consult-draft-approve", args=[d1.pk])).status_code == 302
    d1.refresh_from_db()
    assert (d1.state, d1.answered_by, d1.answer_text) == (
        DeliveryState.ANSWERED,
        bodies.xa1_leader,
        "BÍ MẬT NỘI BỘ",
    )
    # an outsider and another recipient get 404 on every internal action of this copy
    for user in (bodies.outsider_user, bodies.xa2_leader):
        client.force_login(user)
        for name in (
            "consult-assign",
            "consult-draft",
            "consult-draft-submit",
            "consult-draft-approve",
            "consult-draft-return",
        ):
            assert client.post(reverse(name, args=[d1.pk]), {"reason": "x"}).status_code == 404
    assert d2.assignee_id is None


@pytest.mark.django_db
def test_the_api_assigns_drafts_and_approves_and_shows_the_internals_to_the_recipient_only(
    client, bodies, regulation
):
    req = sent(bodies, regulation)
    d1 = copy(req, bodies.xa1)
    with time_machine.travel(DAY, tick=False):
        client.force_login(bodies.xa1_leader)
        bad = client.post(
            f"{API}/deliveries/{d1.pk}/assign/",
            {"assignee": bodies.xa1_cv.pk, "internal_deadline": "2025-02-06"},
            content_type="application/json",
        )
        assert (bad.status_code, bad.json()["fields"]) == (
            400,
            {
                "internal_deadline": [
                    "Hạn xử lý nội bộ (06/02/2025) không thể sau hạn trả lời của cơ quan (05/02/2025)."
                ]
            },
        )
        ok = client.post(
            f"{API}/deliveries/{d1.pk}/assign/",
            {"assignee": bodies.xa1_cv.pk, "internal_deadline": "2025-02-03"},
            content_type="application/json",
        )
        assert ok.status_code == 200
        assert (ok.json()["assignee"], ok.json()["internal_deadline"]) == (
            {"id": bodies.xa1_cv.pk, "name": str(bodies.xa1_cv)},
            "2025-02-03",
        )
        client.force_login(bodies.xa1_cv)
        refused = client.post(
            f"{API}/deliveries/{d1.pk}/answer/", {"position": "agree"}, content_type="application/json"
        )
        assert refused.status_code == 403
        made = client.post(
            f"{API}/deliveries/{d1.pk}/draft/",
            {"position": "agree_with_comments", "text": "BÍ MẬT NỘI BỘ"},
            content_type="application/json",
        )
        assert (made.status_code, made.json()["draft"]["state"]) == (200, "drafting")
        submitted = client.post(
            f"{API}/deliveries/{d1.pk}/draft/submit/", {}, content_type="application/json"
        )
        assert submitted.json()["draft"]["state"] == "pending_approval"
        for user in (bodies.leader, bodies.xa2_leader):
            client.force_login(user)
            body = client.get(f"{API}/requests/{req.pk}/").json()
            mine = [c for c in body["deliveries"] if c["id"] == d1.pk]
            assert mine == [] or (mine[0]["assignee"], mine[0]["internal_deadline"], mine[0]["draft"]) == (
                None,
                None,
                None,
            )
            assert "BÍ MẬT NỘI BỘ" not in str(body)
        client.force_login(bodies.xa1_leader)
        body = client.get(f"{API}/requests/{req.pk}/").json()
        assert [c["draft"]["text"] for c in body["deliveries"]] == ["BÍ MẬT NỘI BỘ"]
        returned = client.post(f"{API}/deliveries/{d1.pk}/draft/return/", {}, content_type="application/json")
        assert (returned.status_code, returned.json()["fields"]) == (
            400,
            {"reason": ["Hãy nêu lý do trả lại để người soạn sửa."]},
        )
        approved = client.post(
            f"{API}/deliveries/{d1.pk}/draft/approve/", {}, content_type="application/json"
        )
        assert (approved.status_code, approved.json()["state"], approved.json()["draft"]) == (
            200,
            "answered",
            None,
        )
        none_left = client.post(
            f"{API}/deliveries/{d1.pk}/draft/approve/", {}, content_type="application/json"
        )
        assert (none_left.status_code, none_left.json()["detail"]) == (
            400,
            "Nơi nhận này chưa có dự thảo trả lời đang soạn.",
        )
        client.force_login(bodies.outsider_user)
        assert (
            client.post(f"{API}/deliveries/{d1.pk}/assign/", {}, content_type="application/json").status_code
            == 404
        )


@pytest.mark.django_db
def test_the_inbox_api_shows_assignees_and_drafts_at_a_fixed_query_count(
    client, bodies, regulation, django_assert_num_queries
):
    counts = []
    client.force_login(bodies.xa1_leader)
    for n in (1, 3):
        while Delivery.objects.filter(recipient=bodies.xa1).count() < n:
            req = sent(bodies, regulation, recipients=[bodies.xa1])
            d = copy(req, bodies.xa1)
            with time_machine.travel(DAY, tick=False):
                assignment.assign(bodies.xa1_leader, d, bodies.xa1_cv)
                assignment.save_draft(bodies.xa1_cv, d, position=Position.AGREE)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            rows = client.get(f"{API}/inbox/").json()["results"]
        assert [(r["assignee"]["id"], r["draft"]["state"]) for r in rows] == [
            (bodies.xa1_cv.pk, "drafting")
        ] * n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


# --- part 6: escalation number, the ruled box, no meeting in the future -------------------------------


@pytest.mark.django_db
def test_an_escalation_is_numbered_in_the_senders_register_and_the_ruled_page_says_so(
    client, bodies, regulation
):
    req = sent(bodies, regulation)
    with time_machine.travel(DAY, tick=False):
        actions.answer(bodies.xa1_leader, copy(req, bodies.xa1), position=Position.DISAGREE, text="Không")
        escalation = actions.escalate(bodies.leader, req)
    assert (escalation.register_year, escalation.register_number, escalation.document_number) == (
        2025,
        2,  # after the request's own 1-CV
        "2-BC/BNCTU",
    )
    with time_machine.travel(at("2025-01-24", 9), tick=False):
        client.force_login(bodies.leader)
        page = client.get(reverse("consult-detail", args=[req.pk]))
        assert texts(page, "//span[@id='escalation-number']") == ["số 2-BC/BNCTU"]
        assert texts(page, "//div[@id='ruled-box']") == []
        actions.record_ruling(bodies.btv_leader, escalation, ruling="Theo ý kiến Ban Nội chính.")
        page = client.get(reverse("consult-detail", args=[req.pk]))
        assert texts(page, "//div[@id='ruled-box']") == [
            f"{escalation.authority.name} (cấp có thẩm quyền) đã kết luận ngày 24/01/2025: Theo ý kiến Ban Nội chính."
        ]
        api = client.get(f"{API}/requests/{req.pk}/").json()
    assert api["escalation"]["document_number"] == "2-BC/BNCTU"


@pytest.mark.django_db
def test_a_meeting_cannot_be_recorded_as_held_after_today(client, bodies, regulation):
    req = sent(bodies, regulation)
    with time_machine.travel(DAY, tick=False):
        actions.answer(bodies.xa1_leader, copy(req, bodies.xa1), position=Position.DISAGREE, text="Không")
        with pytest.raises(DomainError) as refused:
            actions.record_meeting(
                bodies.specialist, req, held_on=dt.date(2025, 1, 24), participants="A", outcome="B"
            )
        assert (refused.value.message, refused.value.field) == (
            "Ngày họp (24/01/2025) không thể sau hôm nay (23/01/2025): chỉ ghi nhận cuộc họp đã diễn ra.",
            "held_on",
        )
        client.force_login(bodies.specialist)
        api = client.post(
            f"{API}/requests/{req.pk}/meeting/",
            {"held_on": "2025-01-24", "participants": "A", "outcome": "B"},
            content_type="application/json",
        )
        assert (api.status_code, api.json()["fields"]) == (
            400,
            {
                "held_on": [
                    "Ngày họp (24/01/2025) không thể sau hôm nay (23/01/2025): chỉ ghi nhận cuộc họp đã diễn ra."
                ]
            },
        )
        actions.record_meeting(
            bodies.specialist, req, held_on=dt.date(2025, 1, 23), participants="A", outcome="B"
        )


# --- a race on PostgreSQL: approving a draft against the deemed-consent sweep ---------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_approving_a_draft_racing_the_deemed_consent_sweep_gives_one_outcome(attempt):
    bodies = Bodies()
    req = sent(bodies, make_regulation())
    target = copy(req, bodies.xa1)
    with time_machine.travel(DAY, tick=False):
        assignment.save_draft(bodies.xa1_cv, target, position=Position.AGREE)
        assignment.submit_draft(bodies.xa1_cv, live(target))

    # the leader opened the draft before either thread runs (loading it inside the thread would fail with
    # DoesNotExist whenever the sweep dropped it first, a race of the test, not of the domain)
    opened = live(copy(req, bodies.xa1))

    def approve():
        assignment.approve_draft(bodies.xa1_leader, opened, now=at("2025-02-05", 23, 59))
        return "approved"

    def sweep():
        return run_sweep(at("2025-02-06", 0, 0))["consultations.deadlines"]["deemed_consent"]

    approved, swept = race(approve, sweep)
    target.refresh_from_db()
    draft = AnswerDraft.objects.get(delivery=target)
    if target.state == DeliveryState.ANSWERED:
        assert (approved, swept, draft.state) == ("approved", 1, DraftState.SENT)
    else:
        assert target.state == DeliveryState.DEEMED_CONSENT
        assert isinstance(approved, Conflict | DomainError)
        assert (swept, draft.state) == (2, DraftState.DROPPED)
