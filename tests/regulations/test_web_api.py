"""Pages /quy-che/ and /quy-che/<code>/, API /api/v1/regulations/, and the queries behind them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from phoihop.regulations import queries
from phoihop.regulations.domain import load_regulation_files
from phoihop.regulations.models import Regulation
from tests.layout import LAYOUT_QUERIES

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
    edit(data_copy / "000.yaml", "version: 3", "version: 4")
    load_regulation_files([data_copy / "000.yaml"])
    response = client_logged_in.get(reverse("regulation-list"))
    assert [(r.code, r.version) for r in response.context["regulations"]] == [
        ("000", 4),
        ("001", 3),
        ("002", 2),
        ("003", 3),
        ("004", 3),
    ]


@pytest.mark.parametrize("codes", [("000",), ("000", "001", "002")])
def test_list_page_query_count(client_logged_in, django_assert_num_queries, codes):
    load(*codes)
    client_logged_in.get(reverse("regulation-list"))  # warm up the session
    # session, user, the user's organisation (page header), regulations; the layout's counts
    with django_assert_num_queries(4 + LAYOUT_QUERIES):
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


def _text(node) -> str:
    return " ".join(node.text_content().split())


def test_detail_page_labels_readings_and_shows_kinds_adoption_and_asking(client_logged_in, loaded):
    html = client_logged_in.get(reverse("regulation-detail", args=["003"])).content.decode()
    page = lxml_html.fromstring(html)
    labels = {_text(x) for x in page.xpath("//*[contains(@class, 'reading')]/strong")}
    assert labels == {"Cách hiểu của hệ thống:"}
    assert "Cách hiểu:" not in html
    # the parties' Reading and the disagreement Reading of 003 (which has no clause on differing views)
    readings = [_text(x) for x in page.xpath("//p[@class='reading']")]
    assert (
        "Cách hiểu của hệ thống: Quy chế không nêu cấp quyết định khi còn ý kiến khác nhau; hệ thống đưa vấn đề "
        "qua Ban Nội chính Tỉnh ủy để Ban báo cáo Ban Thường vụ Tỉnh ủy, như với khó khăn, vướng mắc ở Điều 6 "
        "khoản 4."
    ) in readings
    assert any(
        r.startswith("Cách hiểu của hệ thống: Quy chế 003 không có điều khoản về ý kiến khác nhau")
        for r in readings
    )
    assert "Văn bản không có điều khoản về trường hợp còn ý kiến khác nhau" in html
    authority = page.xpath("//table[contains(@class, 'parties')]//tr[@class='authority']/td")
    assert [_text(x) for x in authority[1].xpath("span[@class='muted']")] == [
        "Quy chế không có điều khoản về ý kiến khác nhau; xem cách hiểu của hệ thống."
    ]
    assert _text(authority[-1]) == ""
    assert [[_text(c) for c in tr.xpath("th|td")] for tr in page.xpath("//tr[@class='adoption']")] == [
        [
            "Áp dụng cho",
            "Hệ thống áp dụng văn bản này cho tỉnh Hưng Yên: ràng buộc các cơ quan của địa bàn này. "
            "Quy chế của tỉnh Hưng Yên; bản triển khai mẫu áp dụng cho tỉnh Hưng Yên.",
        ]
    ]
    assert [_text(x) for x in page.xpath("//p[@class='asking']")] == [
        "Đề nghị được gửi giữa cơ quan chủ trì và cơ quan phối hợp, theo cả hai chiều; các cơ quan phối hợp "
        "không đề nghị lẫn nhau theo văn bản này."
    ]
    headings = [_text(h) for h in page.xpath("//h3")]
    assert headings.index("Các loại đề nghị") + 1 == headings.index("Xin ý kiến, trả lời")
    kinds = page.xpath("//h3[.='Các loại đề nghị']/following-sibling::div[@class='rule']")
    assert [_text(x).split(":")[0] for x in kinds[:5]] == [
        "Xin ý kiến",
        "Đề nghị thẩm định văn bản",
        "Đề nghị cung cấp thông tin, tài liệu",
        "Đề nghị cử cán bộ phối hợp",
        "Thông báo",
    ]
    assert _text(kinds[4]) == "Thông báo: không cần trả lời — Điều 5 khoản 1 điểm a"
    assert _text(kinds[3]).endswith(
        "Cách hiểu của hệ thống: Văn bản không quy định thời hạn trả lời loại đề nghị này; hạn là ngày (hoặc số "
        "ngày làm việc) nêu trong văn bản đề nghị. Quá hạn không trả lời thì ghi quá hạn, không coi như đồng ý "
        "(coi như đồng ý chỉ áp dụng với việc lấy ý kiến)."
    )


def test_detail_page_periods_and_evaluations_without_receiver(client_logged_in, loaded):
    page_001 = lxml_html.fromstring(client_logged_in.get(reverse("regulation-detail", args=["001"])).content)
    periods = {
        _text(tr.xpath("td")[0]): _text(tr.xpath("td")[1])
        for tr in page_001.xpath("//table[contains(@class, 'reports')]/tbody/tr")
    }
    assert {t: p for t, p in periods.items() if t.startswith("Trao đổi thông tin")} == {
        "Trao đổi thông tin 6 tháng của Ban Thường vụ Đảng ủy Khối với Ban cán sự đảng UBND tỉnh": "6 tháng một lần",
        "Trao đổi thông tin 6 tháng của Ban cán sự đảng UBND tỉnh với Ban Thường vụ Đảng ủy Khối": "6 tháng một lần",
    }
    html_000 = client_logged_in.get(reverse("regulation-detail", args=["000"])).content.decode()
    assert (
        "thành phần để sơ kết, tổng kết việc thực hiện Quy chế (thực hiện: Ủy ban Kiểm tra Huyện ủy; "
        "văn bản không nêu nơi nhận) — Điều 7 khoản 2"
    ) in html_000
    assert "(thực hiện: Ủy ban Kiểm tra Huyện ủy; gửi: Ban Thường vụ Huyện ủy) — Điều 7 khoản 1" in html_000
    assert (
        "Trường hợp phức tạp cần thêm thời gian: bên được đề nghị thông báo bằng văn bản cho bên đề nghị biết"
        " — Điều 5 khoản 1"
    ) in html_000


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
    response = client_logged_in.get(reverse("regulation-detail", args=["999"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html  # the project's 404 page, not a regulation's
    assert "Mã lỗi: 404" in " ".join(lxml_html.fromstring(html).text_content().split())


def test_detail_version_history(client_logged_in, loaded, data_copy):
    edit(data_copy / "003.yaml", "version: 3", "version: 4")
    edit(data_copy / "003.yaml", "  working_days: 5", "  working_days: 6", count=2)
    load_regulation_files([data_copy / "003.yaml"])
    response = client_logged_in.get(reverse("regulation-detail", args=["003"]))
    assert (response.context["reg"].version, [v.version for v in response.context["versions"]]) == (4, [4, 3])
    html = response.content.decode()
    assert "Trả lời trong 06 ngày làm việc" in html
    assert "Xin ý kiến: trả lời trong 06 ngày làm việc" in html
    old = client_logged_in.get(reverse("regulation-detail", args=["003"]) + "?phien-ban=3")
    html = old.content.decode()
    assert old.context["reg"].version == 3
    assert "Trả lời trong 05 ngày làm việc" in html
    assert "Xin ý kiến: trả lời trong 05 ngày làm việc" in html
    assert "Phiên bản này đã được thay bằng phiên bản 4" in html


@pytest.mark.parametrize("code", ["000", "003"])
def test_detail_page_query_count(client_logged_in, loaded, django_assert_num_queries, code):
    client_logged_in.get(reverse("regulation-list"))
    # session, user, organisation, versions, the version (+ consultation rule, superseded_by), 11 prefetches
    # (incl. the rules per request kind)
    with django_assert_num_queries(16 + LAYOUT_QUERIES):
        response = client_logged_in.get(reverse("regulation-detail", args=[code]))
    assert response.status_code == 200
    assert (response.context["reg"].code, response.context["reg"].version) == (code, 3)


# --- API ---------------------------------------------------------------------------------------------


def test_api_needs_authentication(client, loaded):
    for url in ("/api/v1/regulations/", "/api/v1/regulations/003/"):
        response = client.get(url)
        assert (url, response.status_code, response.json()["error"]) == (url, 401, "not_authenticated")
        assert response["WWW-Authenticate"] == "Token"
        assert "Quy chế" not in response.content.decode()


def test_api_list(client_logged_in, loaded):
    body = client_logged_in.get("/api/v1/regulations/").json()
    assert body["count"] == 5
    assert [r["code"] for r in body["results"]] == ["000", "001", "002", "003", "004"]
    assert body["results"][0] == {
        "code": "000",
        "version": 3,
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
    assert (body["code"], body["version"], body["versions"][0]["version"]) == ("003", 3, 3)
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
        "consultation.disagreement",
        "parties",
        "reports.monthly",
    }
    # every Reading is labelled as the system's reading
    assert {r["reading_label"] for r in body["readings"]} == {"Cách hiểu của hệ thống"}
    assert list(body["readings"][0]) == ["target", "source", "reading_label", "text"]
    # 003 has no clause on differing views
    assert (c["disagreement_article"], c["disagreement_text"]) == ("", "")
    assert c["disagreement_sentence"] == "Văn bản không có điều khoản về trường hợp còn ý kiến khác nhau"
    assert body["parties"][2]["article"] == ""
    assert [
        (k["kind"], k["answer_period"], k["working_days"], k["stated_period"]) for k in body["request_kinds"]
    ] == [
        ("consultation", "working_days", 5, "any"),
        ("appraisal", "working_days", 5, "any"),
        ("information_request", "stated", None, "none"),
        ("secondment", "stated", None, "none"),
        ("notice", "none", None, "none"),
    ]
    appraisal = body["request_kinds"][1]
    assert appraisal == {
        "kind": "appraisal",
        "answer_period": "working_days",
        "working_days": 5,
        "stated_period": "any",
        "send_ahead_working_days": None,
        "deemed_consent": False,
        "shared_responsibility": False,
        "extension": True,
        "article": "Điều 3 khoản 4",
        "deemed_consent_article": "",
        "sentence": "Đề nghị thẩm định văn bản: trả lời trong 05 ngày làm việc kể từ ngày nhận hoặc thời hạn nêu "
        "trong văn bản đề nghị (ngắn hơn hay dài hơn); quá hạn không trả lời thì quá hạn, không coi như đồng ý; "
        "được gia hạn theo quy tắc gia hạn — Điều 3 khoản 4",
        "reading": appraisal["reading"],
        "reading_label": "Cách hiểu của hệ thống",
    }
    assert appraisal["reading"].startswith("Văn bản không quy định riêng thời hạn thẩm định")
    assert [k["reading_label"] for k in body["request_kinds"]] == [
        "",
        "Cách hiểu của hệ thống",
        "",
        "Cách hiểu của hệ thống",
        "",
    ]
    assert body["adoption"] == {
        "level": "province",
        "area": "Hưng Yên",
        "note": "Quy chế của tỉnh Hưng Yên; bản triển khai mẫu áp dụng cho tỉnh Hưng Yên.",
        "sentence": "Hệ thống áp dụng văn bản này cho tỉnh Hưng Yên: ràng buộc các cơ quan của địa bàn này. "
        "Quy chế của tỉnh Hưng Yên; bản triển khai mẫu áp dụng cho tỉnh Hưng Yên.",
        "partner_to_partner": False,
        "asking": "Đề nghị được gửi giữa cơ quan chủ trì và cơ quan phối hợp, theo cả hai chiều; các cơ quan phối "
        "hợp không đề nghị lẫn nhau theo văn bản này.",
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
    edit(data_copy / "004.yaml", "version: 3", "version: 4")
    load_regulation_files([data_copy / "004.yaml"])
    body = client_logged_in.get("/api/v1/regulations/004/").json()
    assert (body["version"], [v["version"] for v in body["versions"]]) == (4, [4, 3])
    assert [v["is_current"] for v in body["versions"]] == [True, False]
    old = client_logged_in.get("/api/v1/regulations/004/?version=3").json()
    assert (old["version"], old["is_current"]) == (3, False)
    assert client_logged_in.get("/api/v1/regulations/004/?version=1").status_code == 404
    assert client_logged_in.get("/api/v1/regulations/004/?version=7").status_code == 404


@pytest.mark.parametrize("code", ["000", "003"])
def test_api_detail_query_count(client_logged_in, loaded, django_assert_num_queries, code):
    client_logged_in.get("/api/v1/regulations/")
    # session, user, the version with its consultation rule, 11 prefetches (incl. indicators and the rules per
    # request kind), the version list
    with django_assert_num_queries(15):
        response = client_logged_in.get(f"/api/v1/regulations/{code}/")
    assert response.status_code == 200
    assert (response.json()["code"], response.json()["version"]) == (code, 3)


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
    assert reg.lead is not None
    assert reg.lead.kind == "internal_affairs_board"
    assert reg.binds("enterprises_bloc_committee", "province") is True
    assert reg.binds("party_committee", "commune") is False
    assert str(Regulation.objects.get(code="000")) == "521-QĐ/HU (phiên bản 3)"
    assert reg.role_of("enterprises_bloc_committee", "province") == "partner"
    assert reg.role_of("internal_affairs_board", "province") == "lead"
    assert reg.role_of("standing_committee", "province") is None  # the authority neither asks nor is asked
    assert reg.kind_rule("appraisal").article == "Điều 3 khoản 6"
    assert reg.kind_rule("consultation").working_days == 5
    assert Path(DATA_DIR).name == "regulations"
