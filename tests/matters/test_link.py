"""Linking a petition to the matter it duplicates, and unlinking it: allowed, refused with its message (nothing
changed), the events and audit rows."""

from __future__ import annotations

import pytest

from phoihop.audit.models import AuditEvent
from phoihop.common.errors import Conflict, DomainError, NotAllowed
from phoihop.petitions.domain import matters
from phoihop.petitions.models import Matter, Petition, PetitionEvent

from .conftest import new_petition
from .variants import DECOY, VARIANTS

pytestmark = pytest.mark.django_db

A_ORIG, A_NOD, A_SENT = VARIANTS[0], VARIANTS[1], VARIANTS[2]


def _new(p, variant, body=None):
    return new_petition(p.bodies[body or variant[2]], variant[3], variant[4])


def _state():
    return (
        AuditEvent.objects.count(),
        PetitionEvent.objects.count(),
        Matter.objects.count(),
        sorted(Petition.objects.values_list("pk", "matter_id")),
    )


def test_linking_to_a_proposed_petition_creates_the_matter(p) -> None:
    ban = _new(p, A_NOD)  # at the Ban
    xa1 = _new(p, A_ORIG)  # at xã Một
    matter = matters.link(xa1, ban, actor=p.xa1_clerk)
    assert matter.title == f"Vụ việc chung số {matter.pk}"
    assert matter.created_by == p.xa1_clerk
    assert set(Petition.objects.filter(matter=matter).values_list("pk", flat=True)) == {ban.pk, xa1.pk}
    assert xa1.matter_id == matter.pk
    events = list(PetitionEvent.objects.order_by("pk").values_list("petition_id", "kind", "text", "actor_id"))
    assert events == [
        (ban.pk, "linked", f"Gắn vào vụ việc chung số {matter.pk}", p.xa1_clerk.pk),
        (xa1.pk, "linked", f"Gắn vào vụ việc chung số {matter.pk}", p.xa1_clerk.pk),
    ]
    audit = list(
        AuditEvent.objects.order_by("seq").values_list("action", "target_type", "target_id", "summary")
    )
    assert [(a, t.split(".")[-1], i, s) for a, t, i, s in audit] == [
        ("created", "matter", str(matter.pk), f"Lập vụ việc chung số {matter.pk}"),
        ("changed", "petition", str(ban.pk), f"Gắn đơn {ban.register_code} vào vụ việc chung số {matter.pk}"),
        ("changed", "petition", str(xa1.pk), f"Gắn đơn {xa1.register_code} vào vụ việc chung số {matter.pk}"),
    ]


def test_linking_to_a_proposed_matter_and_to_a_petition_in_it(p) -> None:
    ban = _new(p, A_NOD)
    xa1 = _new(p, A_ORIG)
    hu = _new(p, A_SENT)
    matter = matters.link(xa1, ban, actor=p.xa1_cv)
    before = AuditEvent.objects.count()
    assert matters.link(hu, matter, actor=p.hu_cv) == matter
    assert Petition.objects.get(pk=hu.pk).matter_id == matter.pk
    assert AuditEvent.objects.count() == before + 1
    Matter.objects.filter(pk=matter.pk).update(title=f"{A_ORIG[3]} (a transfer's title)")
    xa2 = _new(p, VARIANTS[3])
    assert matters.link(xa2, Petition.objects.get(pk=ban.pk), actor=p.xa2_cv) == matter  # joins its matter
    assert Matter.objects.count() == 1
    assert (
        Matter.objects.get(pk=matter.pk).title == f"Vụ việc chung số {matter.pk}"
    )  # xã Hai reads no other's words


def test_refused_links_change_nothing(p) -> None:
    ban = _new(p, A_NOD)
    xa1 = _new(p, A_ORIG)
    unrelated = new_petition(
        p.hu, "Xin cấp giấy chứng nhận quyền sử dụng đất", "Nội dung hoàn toàn khác biệt."
    )
    before = _state()
    cases = [
        (lambda: matters.link(xa1, ban, actor=p.xa2_cv), NotAllowed, matters.NOT_ALLOWED),  # not its body
        (lambda: matters.link(xa1, ban, actor=p.ban_cv), NotAllowed, matters.NOT_ALLOWED),
        (lambda: matters.link(xa1, xa1, actor=p.xa1_cv), DomainError, "Không thể gắn một đơn với chính nó."),
        (lambda: matters.link(xa1, unrelated, actor=p.xa1_cv), DomainError, matters.NOT_PROPOSED),
        (
            lambda: matters.link_by_id(xa1, actor=p.xa1_cv, petition_id=999999),
            DomainError,
            matters.NOT_PROPOSED,
        ),
        (
            lambda: matters.link_by_id(xa1, actor=p.xa1_cv, matter_id=999999),
            DomainError,
            matters.NOT_PROPOSED,
        ),
        (
            lambda: matters.link_by_id(xa1, actor=p.xa1_cv),
            DomainError,
            "Hãy chọn vụ việc chung hoặc đơn để gắn.",
        ),
    ]
    for run, error, message in cases:
        with pytest.raises(error) as exc:
            run()
        assert exc.value.message == message
    assert _state() == before
    other_matter = Matter.objects.create(title="Khác")
    new_petition(p.hu, "Đơn khác", "Khác hẳn", matter=other_matter)
    with pytest.raises(DomainError) as exc:
        matters.link(xa1, other_matter, actor=p.xa1_cv)  # a matter of other bodies, not proposed
    assert exc.value.message == matters.NOT_PROPOSED
    matter = matters.link(xa1, ban, actor=p.xa1_cv)
    xa1 = Petition.objects.get(pk=xa1.pk)
    with pytest.raises(DomainError) as exc:
        matters.link(xa1, matter, actor=p.xa1_cv)
    assert exc.value.message == "Đơn đã thuộc vụ việc chung này."
    with pytest.raises(DomainError) as exc:
        matters.link(xa1, other_matter, actor=p.xa1_cv)
    assert exc.value.message == f"Đơn đã thuộc vụ việc chung số {matter.pk}: hãy gỡ khỏi vụ việc đó trước."


def test_a_petition_of_its_own_body_may_be_linked_whatever_its_text(p) -> None:
    a = new_petition(p.xa1, "Đơn thứ nhất", "Nội dung một")
    b = new_petition(p.xa1, "Đơn thứ hai", "Nội dung hai hoàn toàn khác")
    matter = matters.link(a, b, actor=p.xa1_clerk)
    assert Petition.objects.get(pk=b.pk).matter_id == matter.pk


def test_a_lost_race_is_refused(p) -> None:
    ban = _new(p, A_NOD)
    xa1 = _new(p, A_ORIG)
    stale = Petition.objects.get(pk=xa1.pk)
    matters.link(xa1, ban, actor=p.xa1_cv)
    stale.matter_id = None  # another tab's copy, read before the link
    hu = _new(p, A_SENT)
    with pytest.raises(Conflict):
        matters.link(stale, hu, actor=p.xa1_cv)
    assert Petition.objects.get(pk=hu.pk).matter_id is None


def test_unlink(p) -> None:
    ban = _new(p, A_NOD)
    xa1 = _new(p, A_ORIG)
    matter = matters.link(xa1, ban, actor=p.xa1_cv)
    with pytest.raises(NotAllowed):
        matters.unlink(Petition.objects.get(pk=xa1.pk), actor=p.ban_cv)
    before = AuditEvent.objects.count()
    matters.unlink(Petition.objects.get(pk=xa1.pk), actor=p.xa1_clerk)
    assert Petition.objects.get(pk=xa1.pk).matter_id is None
    assert Petition.objects.get(pk=ban.pk).matter_id == matter.pk
    assert AuditEvent.objects.count() == before + 1
    last = AuditEvent.objects.order_by("-seq").first()
    assert last.summary == f"Gỡ đơn {xa1.register_code} khỏi vụ việc chung số {matter.pk}"
    assert PetitionEvent.objects.filter(petition=xa1).order_by("-pk").first().text == (
        f"Gỡ khỏi vụ việc chung số {matter.pk}"
    )
    with pytest.raises(DomainError) as exc:
        matters.unlink(Petition.objects.get(pk=xa1.pk), actor=p.xa1_clerk)
    assert exc.value.message == "Đơn chưa thuộc vụ việc chung nào."


def test_a_transfer_stays_in_its_matter(p) -> None:
    matter = Matter.objects.create(title="Chuyển đơn")
    source = new_petition(p.ban, *DECOY[3:5], matter=matter)
    transferred = new_petition(p.xa1, *DECOY[3:5], matter=matter, source=source)
    before = _state()
    for petition, actor in ((transferred, p.xa1_cv), (source, p.ban_cv)):
        with pytest.raises(DomainError) as exc:
            matters.unlink(petition, actor=actor)
        assert (
            exc.value.message
            == "Đơn gắn với vụ việc chung qua việc chuyển đơn: không thể gỡ khỏi vụ việc này."
        )
    assert _state() == before
