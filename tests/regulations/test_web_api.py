"""Pages /quy-che/ and /quy-che/<code>/, API /api/v1/regulations/, and the queries behind them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from phoihop.regulations import queries
from phoihop.regulations.domain import load_regulation_files
from phoihop.regulations.models import Regulation

from .conftest import DATA_DIR, edit

pytestmark = pytest.mark.django_db


def load(*codes: str) -> None:
    load_regulation_files([DATA_DIR / f"{c}.yaml" for c in codes])


# --- queries -----------------------------------------------------------------------------------------


def test_visible_to(loaded, user):
    from django.contrib.auth.models import AnonymousUser

    assert set(queries.visible_to(user).values_list("code", flat=True)) == {"000", "001", "002", "003", "004"}
    assert list(queries.visible_to(AnonymousUser())) == []
    assert list(queries.visible_to(None)) == []


def test_current_version(loaded):
    assert queries.current_version("003") == loaded["003"]
    assert queries.current_version("999") is None


def test_applicable_to(loaded):
    def codes(**kw: str) -> list[str]:
        return [r.code for r in queries.applicable_to(**kw)]

    # a commune party committee writing to the provincial Ban Nội chính, and back
    assert codes(
        sender_kind="party_committee",
        sender_level="commune",
        recipient_kind="internal_affairs_board",
        recipient_level="province",
    ) == ["003"]
    assert codes(
        sender_kind="internal_affairs_board",
        sender_level="province",
        recipient_kind="party_committee",
        recipient_level="district",
    ) == ["004"]
    assert codes(
        sender_kind="internal_affairs_board",
        sender_level="province",
        recipient_kind="agencies_bloc_committee",
        recipient_level="province",
    ) == ["001", "004"]
    # two partners of the same regulation are not bound to each other by it
    assert (
        codes(
            sender_kind="fatherland_front",
            sender_level="district",
            recipient_kind="womens_union",
            recipient_level="district",
        )
        == []
    )
    assert codes(sender_kind="fatherland_front", sender_level="district") == ["000"]
    assert codes(sender_kind="fatherland_front") == ["000", "002"]
    assert codes(recipient_kind="internal_affairs_board", recipient_level="province") == ["001", "003", "004"]
    assert [r.code for r in queries.binding("youth_union", "province")] == ["002"]
    assert codes() == ["000", "001", "002", "003", "004"]


def test_applicable_to_only_current_versions(loaded, data_copy):
    edit(data_copy / "003.yaml", "version: 1", "version: 2")
    load_regulation_files([data_copy / "003.yaml"])
    found = list(queries.applicable_to(sender_kind="party_committee", sender_level="commune"))
    assert [(r.code, r.version) for r in found] == [("003", 2)]
    every = queries.applicable_to(
        sender_kind="party_committee", sender_level="commune", include_superseded=True
    )
    assert [(r.code, r.version) for r in every] == [("003", 2), ("003", 1)]


# --- pages -------------------------------------------------------------------------------------------


def test_pages_need_login(client, loaded):
    for url in [reverse("regulation-list"), reverse("regulation-detail", args=["003"])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_list_page(client_logged_in, loaded):
    response = client_logged_in.get(reverse("regulation-list"))
    assert response.status_code == 200
    assert [r.code for r in response.context["regulations"]] == ["000", "001", "002", "003", "004"]
    html = response.content.decode()
    assert "521-QĐ/HU" in html
    assert "20/07/2022" in html
    assert "Ban Thường vụ Huyện ủy Tây Sơn" in html
    assert reverse("regulation-detail", args=["004"]) in html


def test_list_page_hides_superseded_versions(client_logged_in, loaded, data_copy):
    edit(data_copy / "000.yaml", "version: 1", "version: 2")
    load_regulation_files([data_copy / "000.yaml"])
    response = client_logged_in.get(reverse("regulation-list"))
    assert [(r.code, r.version) for r in response.context["regulations"]] == [
        ("000", 2),
        ("001", 1),
        ("002", 1),
        ("003", 1),
        ("004", 1),
    ]


@pytest.mark.parametrize("codes", [("000",), ("000", "001", "002")])
def test_list_page_query_count(client_logged_in, django_assert_num_queries, codes):
    load(*codes)
    client_logged_in.get(reverse("regulation-list"))  # warm up the session
    # session, user, the user's organisation (page header), regulations
    with django_assert_num_queries(4):
        response = client_logged_in.get(reverse("regulation-list"))
    assert len(response.context["regulations"]) == len(codes)


def test_detail_page_shows_rules_in_plain_vietnamese(client_logged_in, loaded):
    response = client_logged_in.get(reverse("regulation-detail", args=["003"]))
    assert response.status_code == 200
    html = response.content.decode()
    for sentence in [
        "Trả lời trong 05 ngày làm việc kể từ ngày nhận (hoặc thời hạn nêu trong văn bản đề nghị); "
        "quá hạn coi như đồng ý, cùng chịu trách nhiệm — Điều 5 khoản 1 điểm c",
        "Trường hợp phức tạp cần thêm thời gian: bên được đề nghị thông báo bằng văn bản chậm nhất 01 ngày làm việc "
        "trước khi hết hạn — Điều 5 khoản 1 điểm c",
        "Cơ quan chủ trì tổ chức cuộc họp gửi thông tin, tài liệu ít nhất 05 ngày làm việc trước ngày họp"
        " — Điều 5 khoản 2",
        "ít nhất 01 lần mỗi tháng — Điều 5 khoản 3 điểm a",
        "Báo cáo tháng: văn bản không quy định ngày; hệ thống dùng ngày làm việc cuối cùng của tháng"
        " — Điều 4 khoản 2 điểm g",
        "Văn bản không quy định ngày gửi báo cáo tháng; hệ thống dùng ngày làm việc cuối cùng của tháng.",
        "Ban Nội chính Tỉnh ủy",
        "Cấp ủy (Tỉnh ủy, Huyện ủy, Đảng ủy xã/phường)",  # partner kind label
        "Ban Thường vụ cấp ủy",  # authority kind label
        "Điều 5. Phương pháp phối hợp",  # article text heading
        "Số đơn, thư đã xử lý, giải quyết",  # indicator
        "Hiện hành",
    ]:
        assert sentence in html, sentence
    assert [b.heading for b in response.context["articles"]][
        1
    ] == "Điều 1. Phạm vi điều chỉnh, đối tượng áp dụng"


def test_detail_page_of_000_shows_readings_and_copy_to(client_logged_in, loaded):
    html = client_logged_in.get(reverse("regulation-detail", args=["000"])).content.decode()
    assert "Báo cáo năm: trước ngày 10/12 (hạn cuối ngày 09/12) — Điều 7 khoản 1" in html
    assert "“Trước ngày 10/12” được hiểu là đúng hạn nếu nhận được chậm nhất ngày 09/12." in html
    assert "đồng thời gửi Ủy ban Kiểm tra Huyện ủy" in html
    assert "Điều 4 khoản 2 điểm 2.4" in html


def test_detail_page_of_002_without_consultation_and_articles(client_logged_in, loaded):
    response = client_logged_in.get(reverse("regulation-detail", args=["002"]))
    html = response.content.decode()
    assert "Văn bản không quy định thời hạn trả lời xin ý kiến." in html
    assert "Báo cáo quý: trước ngày 20 tháng cuối quý (hạn cuối ngày 19) — Mục IV.3" in html
    assert [(a.anchor, a.heading) for a in response.context["articles"]] == [("toan-van", "")]


def test_detail_unknown_code_is_404(client_logged_in, loaded):
    assert client_logged_in.get(reverse("regulation-detail", args=["999"])).status_code == 404


def test_detail_version_history(client_logged_in, loaded, data_copy):
    edit(data_copy / "003.yaml", "version: 1", "version: 2")
    edit(data_copy / "003.yaml", "  working_days: 5", "  working_days: 6")
    load_regulation_files([data_copy / "003.yaml"])
    response = client_logged_in.get(reverse("regulation-detail", args=["003"]))
    assert (response.context["reg"].version, [v.version for v in response.context["versions"]]) == (2, [2, 1])
    assert "Trả lời trong 06 ngày làm việc" in response.content.decode()
    old = client_logged_in.get(reverse("regulation-detail", args=["003"]) + "?phien-ban=1")
    html = old.content.decode()
    assert old.context["reg"].version == 1
    assert "Trả lời trong 05 ngày làm việc" in html
    assert "Phiên bản này đã được thay bằng phiên bản 2" in html


@pytest.mark.parametrize("code", ["000", "003"])
def test_detail_page_query_count(client_logged_in, loaded, django_assert_num_queries, code):
    client_logged_in.get(reverse("regulation-list"))
    # session, user, organisation, versions, the version (+ consultation rule, superseded_by), 10 prefetches
    with django_assert_num_queries(15):
        client_logged_in.get(reverse("regulation-detail", args=[code]))


# --- API ---------------------------------------------------------------------------------------------


def test_api_needs_authentication(client, loaded):
    assert client.get("/api/v1/regulations/").status_code in (401, 403)
    assert client.get("/api/v1/regulations/003/").status_code in (401, 403)


def test_api_list(client_logged_in, loaded):
    body = client_logged_in.get("/api/v1/regulations/").json()
    assert body["count"] == 5
    assert [r["code"] for r in body["results"]] == ["000", "001", "002", "003", "004"]
    assert body["results"][0] == {
        "code": "000",
        "version": 1,
        "number": "521-QĐ/HU",
        "display_name": "521-QĐ/HU",
        "doc_type": "decision",
        "doc_type_label": "Quyết định",
        "title": body["results"][0]["title"],
        "short_title": "UBKT Huyện ủy – Ban Dân vận, MTTQ và các đoàn thể huyện (Tây Sơn)",
        "issuer_name": "Ban Thường vụ Huyện ủy Tây Sơn",
        "issuer_kind": "standing_committee",
        "issuer_level": "district",
        "issued_on": "2022-07-20",
        "effective_from": "2022-07-20",
        "replaces": "",
        "is_current": True,
    }
    assert body["results"][0]["title"].startswith("Quyết định ban hành Quy chế phối hợp giữa Ủy ban Kiểm tra")
    assert body["results"][4]["replaces"] == "231-QĐ/TU ngày 30/8/2021"


@pytest.mark.parametrize("codes", [("000",), ("000", "001", "002")])
def test_api_list_query_count(client_logged_in, django_assert_num_queries, codes):
    load(*codes)
    client_logged_in.get("/api/v1/regulations/")
    with django_assert_num_queries(4):
        body = client_logged_in.get("/api/v1/regulations/").json()
    assert body["count"] == len(codes)


def test_api_detail(client_logged_in, loaded):
    body = client_logged_in.get("/api/v1/regulations/003/").json()
    assert (body["code"], body["version"], body["versions"][0]["version"]) == ("003", 1, 1)
    c = body["consultation"]
    assert (
        c["working_days"],
        c["counted_from"],
        c["deemed_consent"],
        c["shared_responsibility"],
        c["allow_request_stated_period"],
        c["extension_policy"],
        c["extension_lead_working_days"],
        c["extension_total_cap_working_days"],
    ) == (5, "receipt", True, True, True, "notice_lead_working_days", 1, None)
    assert c["sentence"] == (
        "Trả lời trong 05 ngày làm việc kể từ ngày nhận (hoặc thời hạn nêu trong văn bản đề nghị); "
        "quá hạn coi như đồng ý, cùng chịu trách nhiệm — Điều 5 khoản 1 điểm c"
    )
    assert [(m["code"], m["documents_lead_working_days"]) for m in body["meetings"]] == [
        ("meeting-documents", 5)
    ]
    monthly = next(r for r in body["reports"] if r["code"] == "monthly")
    assert monthly["due"] == {
        "type": "unspecified",
        "month": None,
        "day": None,
        "system_rule": "last_working_day_of_period",
        "text": "văn bản không quy định ngày; hệ thống dùng ngày làm việc cuối cùng của tháng",
    }
    assert monthly["receiver"] == {
        "kind": "internal_affairs_board",
        "level": "province",
        "name": "Ban Nội chính Tỉnh ủy",
    }
    assert monthly["reporters"] == [
        {"kind": "party_committee", "level": "commune", "name": "Các đảng ủy xã, phường"}
    ]
    assert [(m["frequency_count"], m["frequency_period"]) for m in body["monitoring"]] == [(1, "monthly")]
    assert [p["role"] for p in body["parties"]] == ["lead", "partner", "authority"]
    assert body["parties"][2]["kind_label"] == "Ban Thường vụ cấp ủy"
    assert len(body["contents"]) == 9
    assert body["contents"][4]["ref"] == "Điều 3 khoản 5"
    assert {r["target"] for r in body["readings"]} >= {
        "consultation",
        "consultation.extension",
        "reports.monthly",
    }


def test_api_detail_of_002_has_no_consultation(client_logged_in, loaded):
    body = client_logged_in.get("/api/v1/regulations/002/").json()
    assert body["consultation"] is None
    quarterly = next(r for r in body["reports"] if r["code"] == "quarterly")
    assert quarterly["due"]["type"] == "before_day_of_quarter_last_month"
    assert quarterly["due"]["day"] == 20
    assert quarterly["sentence"] == "Báo cáo quý: trước ngày 20 tháng cuối quý (hạn cuối ngày 19) — Mục IV.3"


def test_api_detail_unknown_and_versions(client_logged_in, loaded, data_copy):
    response = client_logged_in.get("/api/v1/regulations/999/")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    edit(data_copy / "004.yaml", "version: 1", "version: 2")
    load_regulation_files([data_copy / "004.yaml"])
    body = client_logged_in.get("/api/v1/regulations/004/").json()
    assert (body["version"], [v["version"] for v in body["versions"]]) == (2, [2, 1])
    assert [v["is_current"] for v in body["versions"]] == [True, False]
    old = client_logged_in.get("/api/v1/regulations/004/?version=1").json()
    assert (old["version"], old["is_current"]) == (1, False)
    assert client_logged_in.get("/api/v1/regulations/004/?version=7").status_code == 404


@pytest.mark.parametrize("code", ["000", "003"])
def test_api_detail_query_count(client_logged_in, loaded, django_assert_num_queries, code):
    client_logged_in.get("/api/v1/regulations/")
    # session, user, the version with its consultation rule, 10 prefetches (incl. indicators), the version list
    with django_assert_num_queries(14):
        client_logged_in.get(f"/api/v1/regulations/{code}/")


def test_api_in_openapi_schema(client_logged_in):
    response = client_logged_in.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/regulations/", "/api/v1/regulations/{code}/"} <= set(paths)
    assert paths["/api/v1/regulations/{code}/"]["get"]["operationId"] == "regulations_detail"


def test_regulation_model_helpers(loaded):
    reg = Regulation.objects.prefetch_related("parties").get(code="004")
    assert (
        reg.display_name
        == "Ban Nội chính Tỉnh ủy – huyện ủy, thị ủy, thành ủy, Đảng ủy Các cơ quan tỉnh, Đảng ủy Khối doanh nghiệp"
    )
    assert reg.lead is not None and reg.lead.kind == "internal_affairs_board"
    assert reg.binds("enterprises_bloc_committee", "province") is True
    assert reg.binds("party_committee", "commune") is False
    assert str(Regulation.objects.get(code="000")) == "521-QĐ/HU (v1)"
    assert Path(DATA_DIR).name == "regulations"
