"""Who sees what of petitions (data that could leak), the register's keyset pages with their filters and their
query counts at 1 and 3 items."""

from __future__ import annotations

import pytest
import time_machine

from phoihop.common.keyset import BadCursor
from phoihop.petitions import queries, rules
from phoihop.petitions.domain import actions
from phoihop.petitions.enums import PetitionState

from .conftest import at, classified, day, pdf, register_at, transferred

pytestmark = pytest.mark.django_db


def codes(page):
    return [p.register_code for p in page.rows]


def test_a_petition_is_seen_by_its_body_the_transferring_body_and_nobody_else(p):
    petition = register_at(
        p, "2027-01-05", attachments=[pdf("goc.pdf")], redacted_attachments=[pdf("che.pdf")], title="Mật ABC"
    )
    received = transferred(p, petition, "2027-01-06")
    # the receiving body: its own petition, not the source
    assert queries.petition_for(p.xa1_clerk, received.pk) == received
    assert queries.petition_for(p.xa1_cv, petition.pk) is None
    assert queries.source_of(p.xa1_cv, received) is None
    # the transferring body: both
    assert queries.petition_for(p.ban_clerk, petition.pk) == petition
    assert queries.petition_for(p.ban_cv, received.pk) == received
    assert queries.source_of(p.ban_cv, received) == petition
    assert list(queries.transfers_of(p.ban_cv, petition)) == [received]
    # outsiders and anonymous visitors: nothing
    from django.contrib.auth.models import AnonymousUser

    for user in (p.outsider, p.xa2_cv, p.hu_leader, AnonymousUser()):
        assert queries.petition_for(user, petition.pk) is None
        assert queries.petition_for(user, received.pk) is None
        assert list(queries.visible_to(user)) == []
        assert codes(queries.register_page(user, {"q": "mat abc"})) == []
    assert sorted(x.pk for x in queries.visible_to(p.ban_cv)) == [petition.pk, received.pk]
    assert [x.pk for x in queries.visible_to(p.xa1_cv)] == [received.pk]
    # files: the receiving body gets the redacted copy only; the source body sees only redacted files elsewhere
    original = petition.attachments.get(redacted=False)
    assert [a.original_name for a in queries.attachments_of(p.ban_cv, petition)] == ["goc.pdf", "che.pdf"]
    assert [a.original_name for a in queries.attachments_of(p.xa1_cv, received)] == ["che.pdf"]
    assert queries.attachment_for(p.xa1_cv, original.pk) is None
    assert queries.attachment_for(p.ban_cv, original.pk) == original
    assert queries.attachment_for(p.outsider, received.attachments.get().pk) is None
    assert queries.attachment_for(p.ban_cv, received.attachments.get().pk) is not None


def test_permissions_follow_the_role_and_the_state(p):
    petition = register_at(p, "2027-01-05")
    none = dict.fromkeys(
        ("classify", "accept", "transfer", "guide", "file", "report_result", "report_to_ban"), False
    )
    assert rules.petition_permissions(p.ban_clerk, petition) == {**none, "read_identity": True}
    assert rules.petition_permissions(p.ban_cv, petition) == {**none, "classify": True, "read_identity": True}
    assert rules.petition_permissions(p.xa1_leader, petition) == {**none, "read_identity": False}
    classified(p, petition, "2027-01-05", within=True, complex=True)
    assert rules.petition_permissions(p.ban_leader, petition) == {
        "classify": True,
        "accept": True,
        "transfer": True,
        "guide": True,
        "file": True,
        "report_result": False,
        "report_to_ban": False,  # the Ban itself
        "read_identity": True,
    }
    with time_machine.travel(at("2027-01-06"), tick=False):
        actions.accept(petition, on=day("2027-01-06"), note="", actor=p.ban_leader)
    petition.refresh_from_db()
    assert rules.petition_permissions(p.ban_cv, petition) == {
        **none,
        "report_result": True,
        "read_identity": True,
    }
    assert rules.can_register(p.ban_clerk)
    assert not rules.can_register(p.xa1_leader.__class__())


def test_register_pages_in_keyset_order_with_filters(p):
    a = register_at(p, "2027-01-05", title="Khiếu nại đất đai", kind="complaint")
    b = register_at(p, "2027-01-05", title="Tố cáo cán bộ")
    c = register_at(p, "2027-01-07", title="Phản ánh đường hư hỏng", kind="feedback")
    register_at(p, "2027-01-07", by=p.xa1_clerk, title="Tố cáo ở xã")
    classified(p, b, "2027-01-08", within=True, prolonged=True)
    page = queries.register_page(p.ban_cv, {}, size=2)
    assert codes(page) == ["3/2027", "2/2027"]
    assert page.next
    page2 = queries.register_page(p.ban_cv, {}, page.next, size=2)
    assert codes(page2) == ["1/2027"]
    assert page2.next is None
    assert codes(queries.register_page(p.ban_cv, {"kind": "complaint"})) == [a.register_code]
    assert codes(queries.register_page(p.ban_cv, {"review": "prolonged"})) == [b.register_code]
    assert codes(queries.register_page(p.ban_cv, {"state": PetitionState.RECEIVED})) == [
        "3/2027",
        "2/2027",
        "1/2027",
    ]
    # the search ignores diacritics and case, every word must be there
    assert codes(queries.register_page(p.ban_cv, {"q": "DUONG hu hong"})) == [c.register_code]
    assert codes(queries.register_page(p.ban_cv, {"q": "CÁN bộ"})) == [b.register_code]
    assert codes(queries.register_page(p.ban_cv, {"q": "cán bộ đất"})) == []
    with pytest.raises(BadCursor):
        queries.register_page(p.ban_cv, {}, "not-a-cursor")
    assert [x.register_code for x in queries.export_rows(p.ban_cv, {"kind": "feedback"})] == ["3/2027"]


@pytest.mark.parametrize("n", [1, 3])
def test_the_register_page_is_one_query_at_1_and_3_items(p, n, django_assert_num_queries):
    for i in range(n):
        register_at(p, "2027-01-05", title=f"Đơn {i}")
    with django_assert_num_queries(1):
        page = queries.register_page(p.ban_cv, {"kind": "denunciation"})
        rows = [(x.register_code, x.title, x.state, x.received_on) for x in page.rows]
    assert len(rows) == n
    # a search: the words' counts in the body (one query on PetitionWord's index), then the page
    with django_assert_num_queries(2):
        page = queries.register_page(p.ban_cv, {"q": "don", "kind": "denunciation"})
        rows = [(x.register_code, x.title, x.state, x.received_on) for x in page.rows]
    assert len(rows) == n
    # a word no petition of the body has: the count says so, the page reads nothing more
    with django_assert_num_queries(1):
        assert queries.register_page(p.ban_cv, {"q": "don khongcotu"}).rows == []


def test_the_search_matches_whole_words_by_the_rarest_word_or_by_walking_the_register(p, monkeypatch):
    phong = register_at(
        p, "2027-01-05", title="Phản ánh phòng làm việc xuống cấp", content="Phòng họp dột nát."
    )
    ong = register_at(p, "2027-01-05", title="Tố cáo ông trưởng thôn", content="Ông nhận tiền của dân.")
    both = register_at(
        p, "2027-01-06", title="Ông chủ tịch và phòng tiếp dân", content="Phòng tiếp dân đóng cửa."
    )
    register_at(p, "2027-01-06", by=p.xa1_clerk, title="Tố cáo ông phó chủ tịch xã", content="Ông nhận tiền.")

    def search(q: str) -> list[str]:
        return codes(queries.register_page(p.ban_cv, {"q": q}))

    for driver_max in (queries.DRIVER_MAX, 0):  # read from the rarest word's rows / walk the register
        monkeypatch.setattr(queries, "DRIVER_MAX", driver_max)
        # "ong" is the word "ông", never the end of "phòng"; only the body's own petitions
        assert search("ong") == [both.register_code, ong.register_code]
        assert search("PHÒNG") == [both.register_code, phong.register_code]
        assert search("phong ong") == search("ông phòng") == [both.register_code]
        assert search("hon") == []  # a part of a word is not a word ("phòng", "họp")
        assert search("tiep dan dong cua") == [both.register_code]


def test_the_words_of_a_petition_are_indexed_at_registration(p):
    from phoihop.petitions.models import PetitionWord
    from phoihop.petitions.words import query_words, words_of

    petition = register_at(
        p, "2027-01-05", title="Khiếu nại đền bù", content="Đền bù đất, giải phóng mặt bằng."
    )
    assert sorted(PetitionWord.objects.filter(petition=petition).values_list("word", flat=True)) == sorted(
        ["khieu", "nai", "den", "bu", "dat", "giai", "phong", "mat", "bang"]
    )
    assert set(PetitionWord.objects.filter(petition=petition).values_list("organization_id", flat=True)) == {
        p.ban.pk
    }
    assert words_of("a-b  c_d " + "x" * 50) == ["a", "b", "c_d", "x" * 40]
    assert query_words("  Đền  BÙ đền ") == ["den", "bu"]


def test_for_case_lists_only_visible_petitions_of_the_case(p):
    from tests.cases.conftest import open_case_at

    case = open_case_at(p, "2027-01-04")
    mine = register_at(p, "2027-01-05", case_id=case.pk)
    register_at(p, "2027-01-05", by=p.xa1_clerk, case_id=case.pk)
    assert list(queries.for_case(p.ban_cv, case)) == [mine]
    assert list(queries.for_case(p.outsider, case)) == []
