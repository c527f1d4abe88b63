"""Routing: one test per article the issue names, with the personas' bodies: the exact set of recipients and the
rules applied (regulations YAML `information_routing`)."""

from __future__ import annotations

import pytest

from phoihop.information.domain.routing import recipients_for
from phoihop.information.enums import InformationKind
from phoihop.regulations.schema import INFORMATION_KINDS

from .conftest import Province, make_official

pytestmark = pytest.mark.django_db
IK = InformationKind


def route(sender, official, kind):
    r = recipients_for(sender, official, kind)
    return {o.pk for o in r.recipients}, [(rule.regulation.code, rule.article) for rule in r.rules]


def test_the_schema_knows_every_kind():
    assert INFORMATION_KINDS == list(IK.values)


def test_000_4_2_2_a_denunciation_about_a_btv_managed_official_goes_to_the_ubkt(province: Province):
    p = province.p
    official = make_official("Nguyễn Văn Hai", managing_body=p.btv_hu, workplace=p.dan_van)
    assert route(p.dan_van, official, IK.DENUNCIATION) == ({p.ubkt.pk}, [("000", "Điều 4 khoản 2 điểm 2.2")])


def test_000_4_2_6_signs_gathered_by_the_front_go_to_the_ubkt(province: Province):
    p = province.p
    official = make_official("Trần Thị Sáu", managing_body=p.btv_hu)
    assert route(p.front_hu, official, IK.SIGNS_OF_VIOLATION) == (
        {p.ubkt.pk},
        [("000", "Điều 4 khoản 2 điểm 2.2"), ("000", "Điều 4 khoản 2 điểm 2.6")],
    )


def test_000_binds_only_its_district_and_only_btv_managed_officials(province: Province):
    p = province.p
    # a Phù Cát official: 000 is adopted for Tây Sơn only, and the UBKT would be Phù Cát's anyway
    other = make_official("Lê Văn Bảy", managing_body=p.btv_hu2)
    assert route(p.dan_van, other, IK.DENUNCIATION) == ({p.ubkt2.pk}, [("000", "Điều 4 khoản 2 điểm 2.2")])
    not_btv = make_official("Lê Văn Tám", managing_body=p.xa1)
    assert route(p.dan_van, not_btv, IK.DENUNCIATION) == (set(), [])
    # a body that is no sender of any rule
    assert route(p.farmers, make_official("Phạm Văn Chín", managing_body=p.btv_hu), IK.DENUNCIATION) == (
        set(),
        [],
    )


def test_001_9_3_internal_affairs_to_the_bloc_for_bloc_managed_officials(province: Province):
    p = province.p
    official = make_official("Hoàng Văn Mười", managing_body=province.btv_agencies, workplace=province.office)
    assert route(p.ban, official, IK.COMPLAINT) == (
        {p.agencies.pk},
        [("001", "Điều 9 khoản 3"), ("004", "Điều 4 khoản 1 điểm 1.6")],
    )


def test_001_14_2_a_district_informs_the_bloc_of_a_bloc_member(province: Province):
    p = province.p
    official = make_official("Đỗ Thị Một", managing_body=p.btv, party_organization=province.bloc_cell)
    assert route(p.hu, official, IK.SIGNS_OF_VIOLATION) == ({p.agencies.pk}, [("001", "Điều 14 khoản 2")])
    # not a member of the bloc: nothing
    outside = make_official("Đỗ Thị Hai", managing_body=p.btv, party_organization=p.xa1)
    assert route(p.hu, outside, IK.SIGNS_OF_VIOLATION) == (set(), [])


def test_001_15_2_the_police_informs_the_bloc_of_a_prosecuted_member(province: Province):
    p = province.p
    official = make_official("Vũ Văn Ba", managing_body=p.btv, party_organization=province.bloc_cell)
    assert route(province.police, official, IK.PROSECUTED) == ({p.agencies.pk}, [("001", "Điều 15 khoản 2")])


def test_003_4_1_g_internal_affairs_to_the_commune_for_commune_managed_officials(province: Province):
    p = province.p
    official = make_official("Bùi Văn Tư", managing_body=p.xa1, workplace=p.xa1)
    assert route(p.ban, official, IK.SIGNS_OF_VIOLATION) == ({p.xa1.pk}, [("003", "Điều 4 khoản 1 điểm g")])


def test_003_4_2_d_a_commune_reports_the_handling_result_of_its_official_to_the_ban(province: Province):
    p = province.p
    official = make_official("Ngô Văn Năm", managing_body=p.xa1)
    assert route(p.xa1, official, IK.HANDLING_RESULT) == ({p.ban.pk}, [("003", "Điều 4 khoản 2 điểm đ")])
    # not its own official: no route
    assert route(p.xa2, official, IK.HANDLING_RESULT) == (set(), [])


def test_003_3_7_a_commune_informs_the_ban_and_the_managing_body(province: Province):
    p = province.p
    official = make_official("Đinh Văn Sáu", managing_body=p.btv, workplace=p.xa1)
    assert route(p.xa1, official, IK.SIGNS_OF_VIOLATION) == (
        {p.ban.pk, p.btv.pk},
        [("003", "Điều 3 khoản 7")],
    )


def test_004_1_6_internal_affairs_to_the_managing_unit(province: Province):
    p = province.p
    official = make_official("Lý Văn Bảy", managing_body=p.btv_hu)
    # the district's standing committee manages: the unit is the district committee
    assert route(p.ban, official, IK.DENUNCIATION) == ({p.hu.pk}, [("004", "Điều 4 khoản 1 điểm 1.6")])


def test_004_2_6_a_district_reports_the_handling_result_to_the_ban(province: Province):
    p = province.p
    official = make_official("Mai Văn Tám", managing_body=p.btv_hu)
    assert route(p.hu, official, IK.HANDLING_RESULT) == ({p.ban.pk}, [("004", "Điều 4 khoản 2 điểm 2.6")])
    assert route(p.hu2, official, IK.HANDLING_RESULT) == (set(), [])
