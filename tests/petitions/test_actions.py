"""Each action on petitions: allowed, refused with its message (nothing changed), its audit row; the register's
numbers per body and year; the redaction of every signer's identity; the transfer's redacted copy and its
follow-up until the result."""

from __future__ import annotations

import json

import pytest
import time_machine

from phoihop.audit.models import AuditEvent
from phoihop.common.errors import DomainError, InvalidTransition, NotAllowed
from phoihop.formats.vi.collation import fold
from phoihop.identities.domain.protect import Person
from phoihop.identities.models import Identity
from phoihop.notifications.models import Notification, OutboundEmail
from phoihop.petitions import queries, rules
from phoihop.petitions.domain import actions
from phoihop.petitions.enums import Channel, EventKind, PetitionState
from phoihop.petitions.models import Matter, Petition, PetitionAttachment, PetitionEvent, PetitionSigner

from .conftest import ADDRESS, NAME, PHONE, at, classified, day, pdf, register_at, transferred

pytestmark = pytest.mark.django_db


def audits(obj):
    """The object's audit events, without the legal time limits' (domain/deadlines.py, tested with them)."""
    rows = AuditEvent.objects.filter(
        target_type=f"petitions.{type(obj).__name__.lower()}", target_id=str(obj.pk)
    ).order_by("seq")
    return [a for a in rows if "deadlines" not in a.data and "met" not in a.data]


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def events(petition):
    return list(
        PetitionEvent.objects.filter(petition=petition).order_by("at", "id").values_list("kind", "text")
    )


# --- the register -----------------------------------------------------------------------------------------


def test_numbers_follow_each_bodys_register_and_restart_each_year(p):
    first = register_at(p, "2027-01-05")
    second = register_at(p, "2027-01-06")
    other = register_at(p, "2027-01-06", by=p.xa1_clerk)
    late_2026 = register_at(p, "2027-01-07", received_on="2026-12-30")
    new_year = register_at(p, "2028-01-03")
    assert [x.register_code for x in (first, second, other, late_2026, new_year)] == [
        "1/2027",
        "2/2027",
        "1/2027",
        "1/2026",
        "1/2028",
    ]
    assert (first.organization, other.organization) == (p.ban, p.xa1)


def test_register_writes_signers_subjects_files_event_and_audit(p):
    petition = register_at(
        p,
        "2027-01-05",
        signers=(Person(NAME, ADDRESS, PHONE), Person("Lê Văn Tám")),
        signer_count=5,
        organization_ids=[p.xa1.pk],
        attachments=[pdf("don-goc.pdf")],
        redacted_attachments=[pdf("don-da-che.pdf")],
    )
    handles = list(
        PetitionSigner.objects.filter(petition=petition)
        .order_by("position")
        .values_list("identity__handle", flat=True)
    )
    assert len(handles) == 2
    assert all(h.startswith("NG-") for h in handles)
    assert (petition.signer_count, petition.state, petition.channel, petition.anonymous) == (
        5,
        PetitionState.RECEIVED,
        Channel.SUGGESTION_BOX,
        False,
    )
    assert list(petition.subjects.values_list("organization_id", flat=True)) == [p.xa1.pk]
    assert sorted(petition.attachments.values_list("original_name", "redacted")) == [
        ("don-da-che.pdf", True),
        ("don-goc.pdf", False),
    ]
    assert events(petition) == [
        (EventKind.RECEIVED, f"Vào sổ số 1/2027 (Hòm thư góp ý); người ký: {handles[0]}, {handles[1]}")
    ]
    audit = audits(petition)[0]
    assert audit.action == "created"
    assert audit.summary == f"Vào sổ đơn thư số 1/2027 (Tố cáo); người ký: {handles[0]}, {handles[1]}"
    assert audit.data["signers"] == handles
    assert audit.actor == p.ban_clerk


def test_no_identity_is_stored_in_plain_text_anywhere(p):
    petition = register_at(p, "2027-01-05", title=f"Đơn của {NAME}", organization_ids=[p.xa1.pk])
    (handle,) = PetitionSigner.objects.filter(petition=petition).values_list("identity__handle", flat=True)
    petition.refresh_from_db()
    assert petition.title == f"Đơn của {handle}"
    assert petition.content.startswith(f"Tôi là {handle}, trú tại {handle}, điện thoại {handle}. ")
    assert f"{handle} ký tên; bà {handle} xin" in petition.content
    received = transferred(p, petition, "2027-01-06")
    with time_machine.travel(at("2027-01-07", 9), tick=False):
        actions.classify(received, actions.Classification(True), actor=p.xa1_cv)
        actions.accept(received, on=day("2027-01-07"), note="", actor=p.xa1_leader)
        received.refresh_from_db()
        actions.report_result(received, on=day("2027-01-07"), text="Đã xác minh", actor=p.xa1_cv)
    needles = [x.lower() for x in (NAME, fold(NAME), ADDRESS, fold(ADDRESS), PHONE)]
    texts = []
    for row in Petition.objects.all():
        texts += [row.title, row.content, row.search_text, row.decision_note, row.result_text]
    texts += list(PetitionEvent.objects.values_list("text", flat=True))
    texts += [a.summary + json.dumps(a.data, ensure_ascii=False) for a in AuditEvent.objects.all()]
    texts += [n.title + n.body for n in Notification.objects.all()]
    texts += [e.subject + e.body for e in OutboundEmail.objects.all()]
    texts += [i.handle + i.name_token + i.address_token + i.contact_token for i in Identity.objects.all()]
    assert Notification.objects.exists()
    blob = "\n".join(texts).lower()
    assert [n for n in needles if n in blob] == []


def test_register_is_refused_with_a_message(p):
    cases = [
        (dict(title="  "), "Hãy nhập trích yếu nội dung đơn.", "title"),
        (dict(content=""), "Hãy nhập nội dung đơn.", "content"),
        (dict(received_on="2027-01-06"), "Ngày nhận đơn không được sau hôm nay.", "received_on"),
        (dict(kind="other"), "Hãy chọn loại đơn trong danh sách.", "kind"),
        (dict(signers=()), "Hãy nhập ít nhất một người ký đơn, hoặc đánh dấu đơn nặc danh.", "signers"),
        (
            dict(anonymous=True, signers=(Person(NAME),)),
            "Đơn nặc danh không có người ký: hãy bỏ thông tin người ký.",
            "anonymous",
        ),
        (dict(signer_count=0), "Số người ký không được ít hơn số người đã nhập (1).", "signer_count"),
    ]
    for kw, message, field in cases:
        with pytest.raises(DomainError) as exc:
            register_at(p, "2027-01-05", **kw)
        assert (exc.value.message, exc.value.field) == (message, field)
    assert Petition.objects.count() == 0
    assert Identity.objects.count() == 0


def test_a_user_registers_only_in_the_own_bodys_register(p):
    intake = actions.Intake(
        received_on=day("2027-01-05"),
        channel="post",
        kind="petition",
        title="Kiến nghị",
        content="Nội dung",
        signers=(Person(NAME),),
    )
    with time_machine.travel(at("2027-01-05"), tick=False), pytest.raises(NotAllowed) as exc:
        actions.register(organization_id=p.xa1.pk, intake=intake, actor=p.ban_clerk)
    assert exc.value.message == "Chỉ văn thư, chuyên viên, lãnh đạo của cơ quan mới được vào sổ đơn thư."
    assert Petition.objects.count() == 0


def test_an_anonymous_denunciation_says_the_laws_rule(p):
    anonymous = register_at(p, "2027-01-05", anonymous=True)
    named = register_at(p, "2027-01-05")
    complaint = register_at(p, "2027-01-05", anonymous=True, kind="complaint")
    assert (anonymous.signer_count, anonymous.signers.count()) == (1, 0)
    assert rules.anonymous_notice(anonymous) == rules.ANONYMOUS_DENUNCIATION_RULE
    assert "Luật Tố cáo 2018, Điều 25 khoản 2" in rules.ANONYMOUS_DENUNCIATION_RULE
    assert rules.anonymous_notice(named) is None
    assert rules.anonymous_notice(complaint) is None


# --- classification and decisions ---------------------------------------------------------------------------


def test_classify_by_a_specialist_is_audited_and_refused_to_others(p):
    petition = register_at(p, "2027-01-05")
    for user in (p.ban_clerk, p.xa1_cv):
        with time_machine.travel(at("2027-01-06"), tick=False), pytest.raises(NotAllowed) as exc:
            actions.classify(petition, actions.Classification(True), actor=user)
        assert (
            exc.value.message
            == "Chỉ chuyên viên, lãnh đạo của cơ quan tiếp nhận được phân loại đơn chưa xử lý."
        )
    classified(p, petition, "2027-01-06", within=True, complex=True, mass=True)
    assert (petition.within_competence, petition.complex, petition.mass, petition.prolonged) == (
        True,
        True,
        True,
        False,
    )
    assert petition.classified_on == day("2027-01-06")
    audit = audits(petition)[-1]
    assert audit.summary == "Phân loại đơn số 1/2027: Thuộc thẩm quyền; phức tạp, đông người"
    assert events(petition)[-1] == (EventKind.CLASSIFIED, "Thuộc thẩm quyền; phức tạp, đông người")


def test_accept_needs_a_leader_a_classification_and_competence(p):
    petition = register_at(p, "2027-01-05")
    with time_machine.travel(at("2027-01-06"), tick=False):
        with pytest.raises(NotAllowed) as exc:
            actions.accept(petition, on=day("2027-01-06"), note="", actor=p.ban_cv)
        assert exc.value.message == "Chỉ lãnh đạo của cơ quan tiếp nhận được quyết định xử lý đơn."
        with pytest.raises(DomainError) as exc:
            actions.accept(petition, on=day("2027-01-06"), note="", actor=p.ban_leader)
        assert exc.value.message == "Hãy phân loại đơn trước khi quyết định xử lý."
    classified(p, petition, "2027-01-06", within=False)
    with time_machine.travel(at("2027-01-06", 15), tick=False), pytest.raises(DomainError) as exc:
        actions.accept(petition, on=day("2027-01-06"), note="", actor=p.ban_leader)
    assert exc.value.code == "not_competent"
    classified(p, petition, "2027-01-06", within=True)
    with time_machine.travel(at("2027-01-07"), tick=False):
        with pytest.raises(DomainError) as exc:
            actions.accept(petition, on=day("2027-01-08"), note="", actor=p.ban_leader)
        assert exc.value.message == "Ngày thụ lý không được sau hôm nay."
        actions.accept(petition, on=day("2027-01-07"), note="Giao chuyên viên xác minh", actor=p.ban_leader)
    petition.refresh_from_db()
    assert (petition.state, petition.accepted_on, petition.decision_note) == (
        PetitionState.HANDLING,
        day("2027-01-07"),
        "Giao chuyên viên xác minh",
    )
    audit = audits(petition)[-1]
    assert (audit.summary, audit.data["from"], audit.data["to"]) == (
        "Thụ lý giải quyết đơn số 1/2027",
        "received",
        "handling",
    )
    # a decided petition is not decided again, nor classified again
    with time_machine.travel(at("2027-01-08"), tick=False):
        with pytest.raises(DomainError) as exc:
            actions.file_away(petition, on=day("2027-01-08"), note="", actor=p.ban_leader)
        assert exc.value.message == "Đơn này đã được quyết định xử lý (Đang giải quyết)."
        with pytest.raises(DomainError) as exc:
            actions.classify(petition, actions.Classification(True), actor=p.ban_cv)
        assert exc.value.message == "Đơn đã được quyết định xử lý: không phân loại lại được."


@pytest.mark.parametrize(
    ("action", "state", "what"),
    [("guide", PetitionState.GUIDED, "Hướng dẫn người gửi"), ("file_away", PetitionState.FILED, "Lưu đơn")],
)
def test_guide_and_file_end_the_petition(p, action, state, what):
    petition = classified(p, register_at(p, "2027-01-05"), "2027-01-05", within=False)
    with time_machine.travel(at("2027-01-06"), tick=False):
        getattr(actions, action)(petition, on=day("2027-01-06"), note="Gửi UBND xã", actor=p.ban_leader)
    petition.refresh_from_db()
    assert (petition.state, petition.closed_on, petition.decided_on) == (
        state,
        day("2027-01-06"),
        day("2027-01-06"),
    )
    assert audits(petition)[-1].summary == f"{what}: đơn số 1/2027"
    assert events(petition)[-1] == (EventKind.DECIDED, f"{what}: Gửi UBND xã")


def test_a_refused_edge_changes_nothing(p):
    from phoihop.petitions.domain.transitions import set_petition_state

    petition = classified(p, register_at(p, "2027-01-05"), "2027-01-05")
    count = AuditEvent.objects.count()
    with pytest.raises(InvalidTransition) as exc:
        set_petition_state(petition, PetitionState.CLOSED, actor=p.ban_leader, summary="x")
    assert exc.value.message == (
        "Không thể chuyển đơn thư từ trạng thái “Mới tiếp nhận, chờ phân loại” sang “Đã có kết quả”."
    )
    petition.refresh_from_db()
    assert petition.state == PetitionState.RECEIVED
    assert AuditEvent.objects.count() == count


# --- transfer and its follow-up ----------------------------------------------------------------------------


def test_transfer_writes_a_redacted_copy_in_the_receiving_register_and_one_matter(p):
    petition = register_at(
        p,
        "2027-01-05",
        signer_count=3,
        organization_ids=[p.xa1.pk],
        attachments=[pdf("don-goc.pdf")],
        redacted_attachments=[pdf("don-da-che.pdf")],
    )
    register_at(p, "2027-01-05", by=p.xa1_clerk)  # xã Một's register already has 1/2027
    received = transferred(p, petition, "2027-01-06", due="2027-02-15")
    assert (received.organization, received.register_code, received.received_on, received.channel) == (
        p.xa1,
        "2/2027",
        day("2027-01-06"),
        Channel.TRANSFER,
    )
    assert (received.source, received.title, received.content, received.search_text) == (
        petition,
        petition.title,
        petition.content,
        petition.search_text,
    )
    assert (received.signer_count, received.anonymous, received.kind, received.state) == (
        3,
        False,
        "denunciation",
        PetitionState.RECEIVED,
    )
    assert received.signers.count() == 0
    # the receiving body's search finds the copy by its words, in its own register
    words = sorted(petition.words.values_list("word", flat=True))
    assert "to" in words
    assert sorted(received.words.values_list("word", flat=True)) == words
    assert set(received.words.values_list("organization_id", flat=True)) == {received.organization_id}
    assert list(received.attachments.values_list("original_name", "redacted")) == [("don-da-che.pdf", True)]
    assert list(received.subjects.values_list("organization_id", flat=True)) == [p.xa1.pk]
    matter = Matter.objects.get()
    # the matter is named by its number: the receiving body reads no petition's words in its title
    assert (petition.matter, received.matter, matter.title) == (
        matter,
        matter,
        f"Vụ việc chung số {matter.pk}",
    )
    assert (
        petition.state,
        petition.transferred_to,
        petition.transfer_letter,
        petition.transferred_on,
        petition.result_due_on,
    ) == (PetitionState.TRANSFERRED, p.xa1, "15-CV/BNCTU", day("2027-01-06"), day("2027-02-15"))
    assert audits(petition)[-1].summary == (
        "Chuyển đơn số 1/2027 đến Đảng ủy xã An Một (văn bản 15-CV/BNCTU), hạn báo cáo kết quả 15/02/2027"
    )
    assert audits(received)[-1].summary == "Vào sổ số 2/2027: đơn do Ban Nội chính Tỉnh ủy chuyển đến"
    assert told("petitions.transferred") == sorted([p.xa1_clerk.username, p.xa1_leader.username])
    assert PetitionAttachment.objects.filter(petition=received).get().file.name == (
        PetitionAttachment.objects.get(petition=petition, redacted=True).file.name
    )


def test_transfer_is_refused_with_a_message(p):
    petition = classified(p, register_at(p, "2027-01-05"), "2027-01-05", within=False)

    def go(user=p.ban_leader, **kw):
        data = dict(
            to_organization_id=p.xa1.pk, letter="1-CV", on=day("2027-01-06"), result_due_on=day("2027-02-01")
        )
        data.update(kw)
        with time_machine.travel(at("2027-01-06"), tick=False):
            actions.transfer(petition, actions.TransferInput(**data), actor=user)

    with pytest.raises(NotAllowed):
        go(user=p.ban_cv)
    for kw, message in [
        (dict(to_organization_id=p.ban.pk), "Không chuyển đơn cho chính cơ quan mình."),
        (dict(letter=" "), "Hãy nhập số văn bản chuyển đơn."),
        (dict(result_due_on=day("2027-01-06")), "Hạn báo cáo kết quả phải sau ngày chuyển đơn."),
        (dict(on=day("2027-01-04")), "Ngày chuyển đơn không được trước ngày 05/01/2027."),
    ]:
        with pytest.raises(DomainError) as exc:
            go(**kw)
        assert exc.value.message == message
    assert Petition.objects.count() == 1


def test_the_receiving_bodys_result_closes_both_and_tells_the_first_body(p):
    petition = register_at(p, "2027-01-05")
    received = transferred(p, petition, "2027-01-06")
    with time_machine.travel(at("2027-01-20"), tick=False):
        with pytest.raises(DomainError) as exc:
            actions.report_result(received, on=day("2027-01-20"), text="x", actor=p.xa1_cv)
        assert exc.value.message == "Chỉ báo cáo kết quả cho đơn đang giải quyết (đơn đã thụ lý)."
        classified_as = actions.Classification(True)
        actions.classify(received, classified_as, actor=p.xa1_cv)
        actions.accept(received, on=day("2027-01-20"), note="", actor=p.xa1_leader)
        with pytest.raises(NotAllowed) as exc:
            actions.report_result(received, on=day("2027-01-20"), text="x", actor=p.ban_cv)
        assert exc.value.message == (
            "Chỉ chuyên viên, lãnh đạo của cơ quan đang giải quyết đơn được báo cáo kết quả giải quyết."
        )
        actions.report_result(received, on=day("2027-01-20"), text="Tố cáo đúng một phần", actor=p.xa1_cv)
    received.refresh_from_db()
    petition.refresh_from_db()
    assert (received.state, received.result_text, received.closed_on) == (
        PetitionState.CLOSED,
        "Tố cáo đúng một phần",
        day("2027-01-20"),
    )
    assert (petition.state, petition.result_text, petition.result_on) == (
        PetitionState.CLOSED,
        "Tố cáo đúng một phần",
        day("2027-01-20"),
    )
    assert audits(petition)[-1].summary == "Đảng ủy xã An Một báo cáo kết quả giải quyết đơn số 1/2027"
    assert events(petition)[-1] == (
        EventKind.RESULT,
        "Đảng ủy xã An Một báo cáo kết quả: Tố cáo đúng một phần",
    )
    # the source's leaders and the clerk who registered it
    assert told("petitions.result") == sorted([p.ban_clerk.username, p.ban_leader.username])


def test_report_to_ban_only_for_mass_or_complex(p):
    petition = register_at(p, "2027-01-05", by=p.xa1_clerk)
    with time_machine.travel(at("2027-01-06"), tick=False):
        actions.classify(petition, actions.Classification(True), actor=p.xa1_cv)
        with pytest.raises(DomainError) as exc:
            actions.report_to_ban(petition, note="", actor=p.xa1_leader)
        assert exc.value.code == "not_mass_or_complex"
        assert queries.petition_for(p.ban_cv, petition.pk) is None
        actions.classify(petition, actions.Classification(True, mass=True), actor=p.xa1_cv)
        with pytest.raises(NotAllowed):
            actions.report_to_ban(petition, note="", actor=p.xa1_cv)
        actions.report_to_ban(petition, note="60 hộ dân ký đơn", actor=p.xa1_leader)
        with pytest.raises(DomainError) as exc:
            actions.report_to_ban(petition, note="", actor=p.xa1_leader)
        assert exc.value.message == "Đơn này đã được báo cáo Ban Nội chính."
    petition.refresh_from_db()
    assert (petition.reported_to, petition.reported_on) == (p.ban, day("2027-01-06"))
    assert audits(petition)[-1].summary == "Báo cáo Ban Nội chính đơn số 1/2027"
    assert events(petition)[-1] == (
        EventKind.DECIDED,
        "Báo cáo Ban Nội chính Tỉnh ủy (đơn đông người): 60 hộ dân ký đơn",
    )
    assert told("petitions.reported") == [p.ban_leader.username]
    assert queries.petition_for(p.ban_cv, petition.pk) == petition
    assert queries.petition_for(p.outsider, petition.pk) is None


@pytest.mark.parametrize("action", ["guide", "file_away", "transfer", "report_to_ban"])
@pytest.mark.parametrize("user", ["ban_cv", "ban_clerk", "xa1_leader"])
def test_only_the_receiving_bodys_leader_decides(p, action, user):
    petition = classified(p, register_at(p, "2027-01-05"), "2027-01-05", within=False, mass=True)
    actor = getattr(p, user)
    count = AuditEvent.objects.count()
    runs = {
        "transfer": lambda: actions.transfer(
            petition,
            actions.TransferInput(p.xa2.pk, "1-CV", day("2027-01-06"), day("2027-02-01")),
            actor=actor,
        ),
        "report_to_ban": lambda: actions.report_to_ban(petition, note="", actor=actor),
    }
    run = runs.get(action) or (
        lambda: getattr(actions, action)(petition, on=day("2027-01-06"), note="", actor=actor)
    )
    with time_machine.travel(at("2027-01-06"), tick=False), pytest.raises(NotAllowed) as exc:
        run()
    assert exc.value.message in (
        "Chỉ lãnh đạo của cơ quan tiếp nhận được quyết định xử lý đơn.",
        "Chỉ lãnh đạo của cơ quan tiếp nhận được báo cáo Ban Nội chính.",
    )
    petition.refresh_from_db()
    assert (petition.state, petition.reported_to_id) == (PetitionState.RECEIVED, None)
    assert AuditEvent.objects.count() == count
    assert Petition.objects.count() == 1


def test_a_petition_being_handled_can_still_be_transferred(p):
    petition = classified(p, register_at(p, "2027-01-05"), "2027-01-05", within=True)
    with time_machine.travel(at("2027-01-06"), tick=False):
        actions.accept(petition, on=day("2027-01-06"), note="", actor=p.ban_leader)
    petition.refresh_from_db()
    received = transferred(p, petition, "2027-01-08", to=p.xa2)
    assert (petition.state, received.organization, received.register_code) == (
        PetitionState.TRANSFERRED,
        p.xa2,
        "1/2027",
    )
    assert audits(petition)[-1].data["from"] == "handling"
