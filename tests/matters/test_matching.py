"""Duplicate detection (issue 13, point 4): normalisation, the acceptance test of the twelve variants of three
petitions, the subject's weight, grouping by matter, and the cost of the candidates."""

from __future__ import annotations

import pytest

from phoihop.officials.models import Official
from phoihop.petitions import matching
from phoihop.petitions.domain import matters
from phoihop.petitions.models import Matter, Petition

from .conftest import new_petition
from .variants import DECOY, VARIANTS

pytestmark = pytest.mark.django_db


def test_normalisation_ignores_diacritics_order_punctuation_and_formulae() -> None:
    a = matching.normalise(
        "Kính gửi: Đảng ủy xã. Tôi tên là NG-ABCD2345, đất bị thu hồi; xin chân thành cảm ơn!"
    )
    b = matching.normalise("thu hoi dat bi (Kinh thua Dang uy xa) -- Tran trong.")
    assert a.folded == b.folded == frozenset({"dang", "uy", "xa", "dat", "thu", "hoi"})
    assert a.has_diacritics
    assert not b.has_diacritics
    assert "đảng" in a.accented
    assert "ng" not in a.folded
    assert matching.similarity(a, b) == 1.0


def test_nfd_text_is_the_same_as_nfc() -> None:
    import unicodedata

    text = "Khiếu nại bồi thường đất"
    assert matching.normalise(unicodedata.normalize("NFD", text)) == matching.normalise(text)


@pytest.fixture
def variants(p):
    """The twelve variants, each in its body, and the decoy."""
    rows = {}
    for key, variant, body, title, content in (*VARIANTS, DECOY):
        rows[(key, variant)] = new_petition(p.bodies[body], title, content)
    return rows


def _ids(proposals: list[matching.Proposal]) -> set[int]:
    return {c.petition_id for proposal in proposals for c in proposal.petitions}


def test_acceptance_each_variant_proposes_exactly_the_other_variants_of_its_petition(variants) -> None:
    for (key, variant), petition in variants.items():
        expected = {pk.pk for (k, v), pk in variants.items() if k == key and v != variant}
        assert _ids(matching.candidates(petition, limit=20)) == expected, (key, variant)
    assert matching.candidates(variants[("D", "decoy")]) == []


def test_acceptance_linking_the_proposals_makes_exactly_three_matters(p, variants) -> None:
    """A clerk of each variant's body links it to the first proposal: three matters, one per petition."""
    for (_key, _variant), petition in variants.items():
        petition = Petition.objects.get(pk=petition.pk)
        proposals = matching.candidates(petition)
        if not proposals or petition.matter_id is not None:
            continue
        best = proposals[0]
        clerk = next(
            u for u in p.users_of(petition.organization) if u.role in ("clerk", "specialist", "leader")
        )
        if best.matter_id is not None:
            matters.link(petition, Matter.objects.get(pk=best.matter_id), actor=clerk)
        else:
            matters.link(petition, Petition.objects.get(pk=best.target_petition_id), actor=clerk)
    assert Matter.objects.count() == 3
    groups = {
        frozenset(Petition.objects.filter(matter=m).values_list("pk", flat=True))
        for m in Matter.objects.all()
    }
    expected = {frozenset(pk.pk for (k, _), pk in variants.items() if k == key) for key in ("A", "B", "C")}
    assert groups == expected
    assert Petition.objects.get(pk=variants[("D", "decoy")].pk).matter_id is None
    # once linked, a variant proposes nothing more: its matter's petitions are left out
    assert matching.candidates(Petition.objects.get(pk=variants[("A", "original")].pk)) == []


def test_a_shared_subject_tips_a_near_text_over_the_threshold(p) -> None:
    official = Official.objects.create(full_name="Lê Văn Tám", name_key="le van tam")
    text_a = "thu hồi ruộng thôn Phú Mỹ bồi thường thấp, cán bộ địa chính đo sai diện tích"
    text_b = "thu hồi ruộng thôn Phú Mỹ bồi thường chậm, tiền chưa chi trả cho hộ nghèo"
    a = new_petition(p.xa1, "Đơn", text_a)
    b = new_petition(p.ban, "Đơn", text_b)
    s = matching.similarity(matching.normalise(f"Đơn\n{text_a}"), matching.normalise(f"Đơn\n{text_b}"))
    assert matching.THRESHOLD - matching.SUBJECT_BONUS <= s < matching.THRESHOLD
    assert matching.candidates(a) == []
    c = new_petition(p.hu, "Đơn", text_b, officials=(official,))
    a2 = new_petition(p.xa2, "Đơn", text_a, officials=(official,))
    assert _ids(matching.candidates(a2)) == {c.pk, a.pk}  # c by the subject; a is the same text
    assert b.pk not in _ids(matching.candidates(a2))


def test_proposals_are_grouped_by_matter_and_show_no_content(p, variants) -> None:
    b_orig, b_nod, b_sent, b_word = (
        variants[("B", v)] for v in ("original", "no_diacritics", "sentences_reordered", "words_reordered")
    )
    matters.link(b_sent, b_word, actor=p.ubkt_cv)  # proposed: the same petition
    proposals = matching.candidates(Petition.objects.get(pk=b_orig.pk), limit=20)
    shapes = sorted((pr.matter_id is not None, len(pr.petitions)) for pr in proposals)
    assert shapes == [(False, 1), (True, 2)]
    grouped = next(pr for pr in proposals if pr.matter_id is not None)
    assert {c.petition_id for c in grouped.petitions} == {b_sent.pk, b_word.pk}
    assert {c.organization_name for c in grouped.petitions} == {
        "Ủy ban Kiểm tra Huyện ủy",
        "Huyện ủy Tây Sơn",
    }
    lone = next(pr for pr in proposals if pr.matter_id is None)
    assert lone.target_petition_id == b_nod.pk
    assert not hasattr(lone.petitions[0], "title")
    assert not hasattr(lone.petitions[0], "content")


@pytest.mark.parametrize("with_subject", [False, True])
def test_the_candidates_cost_does_not_grow_with_the_petitions(
    p, django_assert_num_queries, with_subject
) -> None:
    official = Official.objects.create(full_name="Phạm Văn Lực", name_key="pham van luc")
    subjects = (official,) if with_subject else ()
    key, variant, body, title, content = VARIANTS[8]
    petition = new_petition(p.bodies[body], title, content, officials=subjects)
    others = [v for v in VARIANTS if v[0] == "C"][1:]
    new_petition(p.xa1, others[0][3], others[0][4], officials=subjects)
    queries = 5 if with_subject else 3  # (+ the signers' fingerprints: none here)
    with django_assert_num_queries(queries):
        assert len(matching.candidates(petition)) == 1
    for _, _, body, title, content in VARIANTS:
        for _ in range(3):
            new_petition(p.bodies[body], title, content, officials=subjects)
    for i in range(20):
        new_petition(p.ban, f"Đơn khác {i}", "nội dung không liên quan gì cả", officials=subjects)
    with django_assert_num_queries(queries):
        assert (
            len(matching.candidates(petition, limit=100)) == 1 + 4 * 3
        )  # the C variants, each a lone petition


def test_the_text_prefilter_reads_a_window_and_the_subject_finds_older_ones(p, monkeypatch) -> None:
    official = Official.objects.create(full_name="Trần Thị Bích", name_key="tran thi bich")
    _, _, _, title, content = VARIANTS[4]
    old_text = new_petition(p.xa1, title, content)
    old_subject = new_petition(p.hu, title, content, officials=(official,))
    for i in range(3):
        new_petition(p.ban, f"Đơn chen giữa {i}", "không liên quan")
    monkeypatch.setattr(matching, "PREFILTER_WINDOW", 3)
    latest = new_petition(p.ban, title, content, officials=(official,))
    assert _ids(matching.candidates(latest)) == {old_subject.pk}
    monkeypatch.setattr(matching, "PREFILTER_WINDOW", 20_000)
    assert _ids(matching.candidates(latest)) == {old_subject.pk, old_text.pk}


def test_the_same_signer_tips_a_near_text_over_the_threshold(p) -> None:
    """The same person (the keyed fingerprint of the name, typed with or without diacritics), never the name."""
    from phoihop.identities.domain.protect import Person, protect
    from phoihop.petitions.models import PetitionSigner

    def signed(org, text, name):
        petition = new_petition(org, "Đơn", text)
        identity = protect(organization_id=org.pk, person=Person(name=name), actor=p.xa1_clerk)
        PetitionSigner.objects.create(petition=petition, identity=identity)
        return petition

    text_a = "thu hồi ruộng thôn Phú Mỹ bồi thường thấp, cán bộ địa chính đo sai diện tích"
    text_b = "thu hồi ruộng thôn Phú Mỹ bồi thường chậm, tiền chưa chi trả cho hộ nghèo"
    a = signed(p.xa1, text_a, "Nguyễn Văn Hùng")
    same = signed(p.ban, text_b, "nguyen van  hung")
    other = signed(p.hu, text_b, "Trần Văn Hùng")
    assert _ids(matching.candidates(a)) == {same.pk}
    assert other.pk not in _ids(matching.candidates(a))
