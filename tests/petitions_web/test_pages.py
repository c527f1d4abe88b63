"""The petitions pages and API (issue 13, points 1, 2, 7): need-to-know with data that could leak (404 for
outsiders, signers by their handles only), the register's filters, search and export, every decision through its
page with its form's error messages, and query counts at 1 and 3 rows (the page's own + the layout's)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from phoihop.formats.vi.collation import fold
from phoihop.petitions.models import Petition
from tests.layout import LAYOUT_QUERIES, page_queries

from .conftest import SIGNER, classify_at, client_of, register_at, transfer_at

pytestmark = pytest.mark.django_db

MARK = "MAT-DON-THU-WEB-7Q"
ACTIONS = (
    "petition-classify",
    "petition-accept",
    "petition-transfer",
    "petition-guide",
    "petition-file",
    "petition-result",
    "petition-report-ban",
)
API_ACTIONS = (
    "api-petition-classify",
    "api-petition-accept",
    "api-petition-transfer",
    "api-petition-guide",
    "api-petition-file",
    "api-petition-result",
    "api-petition-report-ban",
)


@pytest.fixture
def secret(p) -> Petition:
    """A denunciation at the Ban Nội chính naming its signer in the text, with the mark in title and content."""
    return register_at(
        p.ban_clerk,
        "2027-03-01",
        title=f"Tố cáo {MARK}",
        content=f"Tôi là {SIGNER}, tố cáo {MARK}.",
    )


def test_anonymous_goes_to_the_login_page(p, secret) -> None:
    c = Client()
    for url in (
        reverse("petition-list"),
        reverse("petition-new"),
        reverse("petition-detail", args=[secret.pk]),
        *(reverse(a, args=[secret.pk]) for a in ACTIONS),
    ):
        r = c.get(url)
        assert (r.status_code, r["Location"].startswith(f"{reverse('login')}?next=")) == (302, True), url
    assert c.get(reverse("api-petition-list")).status_code == 401
    assert c.get(reverse("api-petition-detail", args=[secret.pk])).status_code == 401


@pytest.mark.parametrize("who", ["outsider", "outsider_cv", "xa1_cv", "xa2_leader", "btv_leader"])
def test_outsiders_get_404_and_never_the_petition(p, secret, who: str) -> None:
    c = client_of(getattr(p, who))
    for route in ("petition-list", "api-petition-list"):
        body = c.get(reverse(route)).content.decode()
        assert MARK not in body
        assert SIGNER not in body
    assert c.get(reverse("petition-list"), {"format": "xlsx"}).status_code == 200
    assert MARK not in _export_text(c)
    assert c.get(reverse("petition-detail", args=[secret.pk])).status_code == 404
    assert c.get(reverse("api-petition-detail", args=[secret.pk])).status_code == 404
    for route in ACTIONS:
        assert c.post(reverse(route, args=[secret.pk]), {"note": "x"}).status_code == 404, route
        assert c.get(reverse(route, args=[secret.pk])).status_code == 404, route
    for route in API_ACTIONS:
        assert (
            c.post(reverse(route, args=[secret.pk]), {}, content_type="application/json").status_code == 404
        )
    secret.refresh_from_db()
    assert secret.state == "received"


def test_the_receiving_body_sees_handles_never_the_name(p, secret) -> None:
    handle = secret.signers.get().identity.handle
    for who in ("ban_clerk", "ban_cv", "ban_leader"):
        c = client_of(getattr(p, who))
        page = c.get(reverse("petition-detail", args=[secret.pk])).content.decode()
        assert MARK in page
        assert handle in page
        assert SIGNER not in page
        assert fold(SIGNER) not in fold(page)
        api = c.get(reverse("api-petition-detail", args=[secret.pk])).json()
        assert api["signers"] == [handle]
        assert SIGNER not in str(api)
        listing = c.get(reverse("petition-list")).content.decode()
        assert "1/2027" in listing
        assert MARK in listing


def test_the_transfer_carries_no_identity_and_the_source_follows_it(p, secret) -> None:
    classify_at(secret, p.ban_cv, within=False)
    moved = transfer_at(secret, p.ban_leader, p.xa1)
    xa1 = client_of(p.xa1_leader)
    page = xa1.get(reverse("petition-detail", args=[moved.pk])).content.decode()
    assert MARK in page
    assert SIGNER not in page
    assert "Xem danh tính" not in page
    api = xa1.get(reverse("api-petition-detail", args=[moved.pk])).json()
    assert (api["signers"], api["channel"], api["content"]) == (
        [],
        "transfer",
        f"Tôi là {secret.signers.get().identity.handle}, tố cáo {MARK}.",
    )
    assert SIGNER not in str(api)
    assert "Danh tính người ký không được chuyển kèm đơn" in page
    # the first body sees its follow-up: where, letter, due date, no result yet
    ban = client_of(p.ban_cv).get(reverse("petition-detail", args=[secret.pk])).content.decode()
    follow = ban.split('id="petition-followup"')[1].split("</dl>")[0]
    assert "Đảng ủy xã An Một" in follow
    assert "12/CV-BNC, 03/03/2027" in follow
    assert "31/03/2027" in follow
    assert "Chưa có kết quả." in follow
    # xã Hai still sees neither
    xa2 = client_of(p.xa2_cv)
    assert xa2.get(reverse("petition-detail", args=[moved.pk])).status_code == 404
    assert xa2.get(reverse("petition-detail", args=[secret.pk])).status_code == 404


# --- the register: filters, search, export, pages ---------------------------------------------------------


@pytest.fixture
def register(p):
    a = register_at(
        p.ban_clerk, "2027-03-01", title="Khiếu nại về đền bù giải phóng mặt bằng", kind="complaint"
    )
    b = register_at(p.ban_clerk, "2027-03-02", title="Phản ánh ô nhiễm môi trường", kind="feedback")
    c = register_at(p.ban_clerk, "2027-03-03", title="Tố cáo cán bộ nhận hối lộ", anonymous=True)
    classify_at(a, p.ban_cv, day="2027-03-04", complex=True, mass=True)
    return {"a": a, "b": b, "c": c}


def _titles(c: Client, **params) -> list[str]:
    return [r["title"] for r in c.get(reverse("api-petition-list"), params).json()["results"]]


def test_the_register_newest_first_with_its_filters(p, register) -> None:
    c = client_of(p.ban_cv)
    assert _titles(c) == [
        "Tố cáo cán bộ nhận hối lộ",
        "Phản ánh ô nhiễm môi trường",
        "Khiếu nại về đền bù giải phóng mặt bằng",
    ]
    assert _titles(c, kind="feedback") == ["Phản ánh ô nhiễm môi trường"]
    assert _titles(c, review="complex") == ["Khiếu nại về đền bù giải phóng mặt bằng"]
    assert _titles(c, review="mass") == ["Khiếu nại về đền bù giải phóng mặt bằng"]
    assert _titles(c, review="backlog") == []
    assert _titles(c, state="received") == [
        "Tố cáo cán bộ nhận hối lộ",
        "Phản ánh ô nhiễm môi trường",
        "Khiếu nại về đền bù giải phóng mặt bằng",
    ]
    # a search without diacritics finds the text with them
    assert _titles(c, q="o nhiem moi truong") == ["Phản ánh ô nhiễm môi trường"]
    assert _titles(c, q="ĐỀN BÙ") == ["Khiếu nại về đền bù giải phóng mặt bằng"]
    page = c.get(reverse("petition-list"), {"q": "hoi lo"}).content.decode()
    assert "Tố cáo cán bộ nhận hối lộ" in page
    assert "Phản ánh ô nhiễm" not in page
    assert '<span class="badge">Nặc danh</span>' in page
    page = c.get(reverse("petition-list"), {"review": "complex"}).content.decode()
    rows = page.split('id="petition-list"')[1]
    assert "<td>1/2027</td>" in rows
    assert "<td>01/03/2027</td>" in rows
    assert "Khiếu nại</td>" in rows
    assert "Phức tạp" in rows
    assert "Đông người" in rows
    assert "Phản ánh ô nhiễm" not in rows


def _export_text(c: Client, **params) -> str:
    r = c.get(reverse("petition-list"), {**params, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(r.content)).active
    return str(list(sheet.values))


def test_the_export_has_the_filtered_rows_exactly(p, register) -> None:
    c = client_of(p.ban_cv)
    r = c.get(reverse("petition-list"), {"format": "xlsx", "kind": "complaint"})
    assert r.status_code == 200
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert r["Content-Disposition"].startswith('attachment; filename="so-don-thu-')
    rows = list(load_workbook(io.BytesIO(r.content)).active.values)
    handle = register["a"].signers.get().identity.handle
    assert rows == [
        (
            "Số vào sổ",
            "Ngày nhận",
            "Nguồn đơn",
            "Loại đơn",
            "Trích yếu",
            "Người ký (bí danh)",
            "Trạng thái",
            "Chuyển đến",
            "Hạn báo cáo kết quả",
            "Ghi chú",
        ),
        (
            "1/2027",
            "01/03/2027",
            "Qua bưu điện",
            "Khiếu nại",
            "Khiếu nại về đền bù giải phóng mặt bằng",
            handle,
            "Mới tiếp nhận, chờ phân loại",
            None,
            None,
            "Phức tạp, Đông người",
        ),
    ]
    everything = list(
        load_workbook(io.BytesIO(c.get(reverse("petition-list"), {"format": "xlsx"}).content)).active.values
    )
    assert [row[0] for row in everything] == ["Số vào sổ", "3/2027", "2/2027", "1/2027"]
    assert SIGNER not in str(everything)


@pytest.mark.parametrize("route", ["petition-list", "api-petition-list"])
def test_list_query_count_at_1_and_3_rows(p, route: str) -> None:
    c = client_of(p.ban_cv)
    register_at(p.ban_clerk, "2027-03-01", title="Đơn 0")
    one = page_queries(c, reverse(route))
    register_at(p.ban_clerk, "2027-03-02", title="Đơn 1")
    register_at(p.ban_clerk, "2027-03-03", title="Đơn 2")
    three = page_queries(c, reverse(route))
    assert one == three
    if route == "petition-list":
        # session, user, the page's rows, the user's body (the page's user box) + the layout
        assert one == 4 + LAYOUT_QUERIES
    else:
        assert one == 3  # session, user, the page's rows


def test_the_export_query_count_at_1_and_3_rows(p) -> None:
    c = client_of(p.ban_cv)
    register_at(p.ban_clerk, "2027-03-01", title="Đơn 0")
    one = page_queries(c, reverse("petition-list"), format="xlsx")
    register_at(p.ban_clerk, "2027-03-02", title="Đơn 1")
    register_at(p.ban_clerk, "2027-03-03", title="Đơn 2")
    # session, user, the rows, their signers, the signers' handles
    assert page_queries(c, reverse("petition-list"), format="xlsx") == one == 5


def test_the_detail_page_costs_the_same_at_1_and_3_rows(p) -> None:
    one = register_at(p.ban_clerk, "2027-03-01", signers=("Trần Văn An",), organization_ids=[p.xa1.pk])
    three = register_at(
        p.ban_clerk,
        "2027-03-01",
        signers=("Trần Văn An", "Lê Thị Bình", "Phạm Văn Cường"),
        organization_ids=[p.xa1.pk, p.xa2.pk, p.hu.pk],
    )
    c = client_of(p.ban_leader)
    for route in ("petition-detail", "api-petition-detail"):
        counts = [page_queries(c, reverse(route, args=[x.pk])) for x in (one, three)]
        assert counts[0] == counts[1], route
    page = c.get(reverse("petition-detail", args=[three.pk])).content.decode()
    subjects = page.split('id="petition-subjects"')[1].split("</ul>")[0]
    assert [name in subjects for name in ("Đảng ủy xã An Một", "Đảng ủy xã An Hai", "Huyện ủy Tây Sơn")] == [
        True,
        True,
        True,
    ]
    assert page.split('id="petition-signers"')[1].split("</ul>")[0].count("<li>") == 3


def test_keyset_pages_and_a_bad_cursor(p) -> None:
    for i in range(3):
        register_at(p.ban_clerk, f"2027-03-0{i + 1}", title=f"Đơn {i}")
    c = client_of(p.ban_cv)
    first = c.get(reverse("api-petition-list"), {"limit": 2}).json()
    assert [r["title"] for r in first["results"]] == ["Đơn 2", "Đơn 1"]
    second = c.get(first["next"]).json()
    assert ([r["title"] for r in second["results"]], second["next"]) == (["Đơn 0"], None)
    r = c.get(reverse("api-petition-list"), {"cursor": "xxx"})
    assert (r.status_code, r.json()["error"]) == (400, "bad_cursor")
    page = c.get(reverse("petition-list"), {"cursor": "xxx"})
    assert page.status_code == 200
    assert "Liên kết trang không hợp lệ: đang hiện trang đầu." in page.content.decode()


# --- registering --------------------------------------------------------------------------------------------


def _intake(**over) -> dict[str, str]:
    data = {
        "received_on": "01/03/2027",
        "channel": "suggestion_box",
        "kind": "denunciation",
        "title": "Tố cáo chủ tịch xã",
        "content": f"Tôi là {SIGNER}, tố cáo việc thu tiền sai quy định.",
        "signer-TOTAL_FORMS": "3",
        "signer-INITIAL_FORMS": "0",
        "signer-MIN_NUM_FORMS": "0",
        "signer-MAX_NUM_FORMS": "50",
        "signer-0-name": SIGNER,
        "signer-0-address": "Thôn Hai, xã An Một",
        "signer-0-contact": "0987654321",
    }
    data.update(over)
    return data


def test_register_through_the_page(p) -> None:
    c = client_of(p.ban_clerk)
    page = c.get(reverse("petition-new")).content.decode()
    assert 'id="anonymous-rule"' in page
    assert "Điều 25 khoản 2" in page
    assert 'name="signer-2-name"' in page
    assert 'id="signer-template"' in page
    r = c.post(reverse("petition-new"), _intake())
    petition = Petition.objects.get()
    assert r.status_code == 302
    assert r.url == reverse("petition-detail", args=[petition.pk])
    assert (petition.register_code, petition.channel, petition.kind) == (
        "1/2027",
        "suggestion_box",
        "denunciation",
    )
    handle = petition.signers.get().identity.handle
    assert petition.content == f"Tôi là {handle}, tố cáo việc thu tiền sai quy định."
    page = c.get(r.url).content.decode()
    assert "Đã vào sổ đơn thư số 1/2027." in page
    assert SIGNER not in page
    assert "0987654321" not in page


def test_register_refusals_and_form_errors(p) -> None:
    assert client_of(p.outsider).get(reverse("petition-new")).status_code == 200  # a leader of its own body
    c = client_of(p.ban_clerk)
    no_signer = c.post(
        reverse("petition-new"),
        _intake(**{"signer-0-name": "", "signer-0-address": "", "signer-0-contact": ""}),
    )
    bad_date = c.post(reverse("petition-new"), _intake(received_on="2027-03-01"))
    future = c.post(reverse("petition-new"), _intake(received_on="11/03/2027"))
    address_only = c.post(reverse("petition-new"), _intake(**{"signer-0-name": ""}))
    anonymous_named = c.post(reverse("petition-new"), _intake(anonymous="on"))
    assert "Hãy nhập ít nhất một người ký đơn, hoặc đánh dấu đơn nặc danh." in no_signer.content.decode()
    assert "Ngày không hợp lệ. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/02/2025." in bad_date.content.decode()
    assert "Ngày nhận đơn không được sau hôm nay." in future.content.decode()
    assert "Hãy ghi họ và tên người ký." in address_only.content.decode()
    assert "Đơn nặc danh không có người ký: hãy bỏ thông tin người ký." in anonymous_named.content.decode()
    assert Petition.objects.count() == 0
    r = client_of(p.ban_clerk).post(
        reverse("api-petition-list"),
        {"received_on": "2027-03-01", "channel": "post", "kind": "complaint", "title": "X", "content": "Y"},
        content_type="application/json",
    )
    assert (r.status_code, r.json()["detail"]) == (
        400,
        "Hãy nhập ít nhất một người ký đơn, hoặc đánh dấu đơn nặc danh.",
    )
    assert r.json()["fields"] == {
        "signers": ["Hãy nhập ít nhất một người ký đơn, hoặc đánh dấu đơn nặc danh."]
    }


def test_an_anonymous_denunciation_says_the_law(p) -> None:
    petition = register_at(p.ban_clerk, "2027-03-01", anonymous=True)
    page = client_of(p.ban_cv).get(reverse("petition-detail", args=[petition.pk])).content.decode()
    assert 'id="anonymous-notice"' in page
    assert "không được xử lý theo thủ tục giải quyết tố cáo" in page
    assert "Đơn nặc danh." in page
    api = client_of(p.ban_cv).get(reverse("api-petition-detail", args=[petition.pk])).json()
    assert api["anonymous_notice"].endswith("(Luật Tố cáo 2018, Điều 25 khoản 2).")
    other = register_at(p.ban_clerk, "2027-03-01", kind="complaint", anonymous=True)
    page = client_of(p.ban_cv).get(reverse("petition-detail", args=[other.pk])).content.decode()
    assert 'id="anonymous-notice"' not in page


# --- decisions through the pages ------------------------------------------------------------------------------


def test_every_decision_through_its_page(p, secret) -> None:
    cv, leader = client_of(p.ban_cv), client_of(p.ban_leader)
    url = reverse("petition-detail", args=[secret.pk])
    page = cv.get(url).content.decode()
    assert 'id="petition-classify-form"' in page
    assert 'id="petition-transfer-form"' not in page
    # a GET of an action goes to the petition's page (never 405)
    assert cv.get(reverse("petition-classify", args=[secret.pk])).url == url
    # the form's own error
    r = cv.post(reverse("petition-classify", args=[secret.pk]), {})
    assert r.status_code == 200
    assert "Trường này là bắt buộc." in r.content.decode()
    # a decision before classification is refused (403), nothing changes
    assert leader.post(reverse("petition-accept", args=[secret.pk]), {"on": "10/03/2027"}).status_code == 403
    r = cv.post(reverse("petition-classify", args=[secret.pk]), {"within_competence": "0", "complex": "on"})
    assert r.url == url
    secret.refresh_from_db()
    assert (secret.within_competence, secret.complex, secret.classified_on.isoformat()) == (
        False,
        True,
        "2027-03-10",
    )
    page = leader.get(url).content.decode()
    assert 'data-confirm="Chuyển đơn này? Sau khi chuyển không hoàn tác được."' in page
    assert 'id="petition-ban-form"' not in page  # the Ban reports to nobody
    # the transfer form's errors: a bad date, then the domain's own message
    r = leader.post(
        reverse("petition-transfer", args=[secret.pk]),
        {"to_organization": p.xa1.pk, "letter": "12/CV", "on": "3/3/27x", "result_due_on": "31/03/2027"},
    )
    assert "Ngày không hợp lệ. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/02/2025." in r.content.decode()
    r = leader.post(
        reverse("petition-transfer", args=[secret.pk]),
        {"to_organization": p.xa1.pk, "letter": "12/CV", "on": "10/03/2027", "result_due_on": "01/03/2027"},
    )
    assert r.status_code == 200
    errors = r.content.decode().split('id="petition-transfer-form"')[1].split("</form>")[0]
    assert "Hạn báo cáo kết quả phải sau ngày chuyển đơn." in errors
    r = leader.post(
        reverse("petition-transfer", args=[secret.pk]),
        {"to_organization": p.ban.pk, "letter": "12/CV", "on": "10/03/2027", "result_due_on": "31/03/2027"},
    )
    errors = r.content.decode().split('id="petition-transfer-form"')[1].split("</form>")[0]
    assert "Không chuyển đơn cho chính cơ quan mình." in errors
    assert leader.post(reverse("petition-report-ban", args=[secret.pk]), {"note": "x"}).status_code == 403
    r = leader.post(
        reverse("petition-transfer", args=[secret.pk]),
        {"to_organization": p.xa1.pk, "letter": "12/CV", "on": "10/03/2027", "result_due_on": "31/03/2027"},
    )
    assert r.url == url
    secret.refresh_from_db()
    assert (secret.state, secret.transferred_to_id, secret.transfer_letter) == (
        "transferred",
        p.xa1.pk,
        "12/CV",
    )
    moved = Petition.objects.get(source=secret)
    # the receiving body: classify, accept, report the result; the first body's follow-up ends with it
    xa1cv, xa1 = client_of(p.xa1_cv), client_of(p.xa1_leader)
    murl = reverse("petition-detail", args=[moved.pk])
    assert xa1cv.post(reverse("petition-classify", args=[moved.pk]), {"within_competence": "1"}).url == murl
    r = xa1.post(reverse("petition-accept", args=[moved.pk]), {"on": ""})
    assert "Trường này là bắt buộc." in r.content.decode()
    assert xa1.post(reverse("petition-accept", args=[moved.pk]), {"on": "10/03/2027"}).url == murl
    r = xa1cv.post(reverse("petition-result", args=[moved.pk]), {"on": "10/03/2027", "text": ""})
    assert "Trường này là bắt buộc." in r.content.decode()
    assert (
        xa1cv.post(
            reverse("petition-result", args=[moved.pk]),
            {"on": "10/03/2027", "text": "Đã xác minh, xử lý kỷ luật"},
        ).url
        == murl
    )
    secret.refresh_from_db()
    assert (secret.state, secret.result_text) == ("closed", "Đã xác minh, xử lý kỷ luật")
    page = cv.get(url).content.decode()
    assert "Đã có kết quả" in page.split('id="petition-state"')[1].split("</dd>")[0]
    assert "Đã xác minh, xử lý kỷ luật" in page.split('id="petition-followup-result"')[1].split("</dd>")[0]


def test_guide_and_file_ask_first_and_lower_roles_are_refused(p) -> None:
    a = register_at(p.ban_clerk, "2027-03-01", title="Đơn A")
    b = register_at(p.ban_clerk, "2027-03-01", title="Đơn B")
    classify_at(a, p.ban_cv)
    classify_at(b, p.ban_cv)
    leader, cv = client_of(p.ban_leader), client_of(p.ban_cv)
    page = leader.get(reverse("petition-detail", args=[a.pk])).content.decode()
    assert 'data-confirm="Lưu đơn này? Không hoàn tác được."' in page
    assert 'data-confirm="Kết thúc đơn bằng việc hướng dẫn người gửi? Không hoàn tác được."' in page
    for route in ("petition-guide", "petition-file", "petition-accept", "petition-transfer"):
        assert cv.post(reverse(route, args=[a.pk]), {"on": "10/03/2027"}).status_code == 403
    r = cv.post(
        reverse("api-petition-guide", args=[a.pk]), {"on": "2027-03-10"}, content_type="application/json"
    )
    assert (r.status_code, r.json()["detail"]) == (
        403,
        "Chỉ lãnh đạo của cơ quan tiếp nhận được quyết định xử lý đơn.",
    )
    assert (
        leader.post(
            reverse("petition-guide", args=[a.pk]), {"on": "10/03/2027", "note": "Hướng dẫn gửi UBND"}
        ).status_code
        == 302
    )
    r = leader.post(
        reverse("api-petition-file", args=[b.pk]), {"on": "2027-03-10"}, content_type="application/json"
    )
    assert (r.status_code, r.json()["state"]) == (200, "filed")
    a.refresh_from_db()
    assert a.state == "guided"


def test_a_commune_reports_a_mass_complaint_to_the_ban(p) -> None:
    petition = register_at(p.xa1_clerk, "2027-03-01", kind="complaint", title=f"Khiếu nại đông người {MARK}")
    classify_at(petition, p.xa1_cv, mass=True)
    leader = client_of(p.xa1_leader)
    url = reverse("petition-detail", args=[petition.pk])
    assert leader.post(reverse("petition-report-ban", args=[petition.pk]), {"note": "Đông người"}).url == url
    petition.refresh_from_db()
    assert petition.reported_to_id == p.ban.pk
    # the Ban sees what was reported to it (handles only), and the form is gone for the commune
    page = client_of(p.ban_cv).get(url).content.decode()
    assert MARK in page
    assert SIGNER not in page
    assert 'id="petition-ban-form"' not in leader.get(url).content.decode()
    other = register_at(p.xa1_clerk, "2027-03-01", kind="complaint", title="Khiếu nại đông người khác")
    classify_at(other, p.xa1_cv, mass=True)
    r = leader.post(reverse("petition-report-ban", args=[other.pk]), {"note": ""})
    assert "Trường này là bắt buộc." in r.content.decode().split('id="petition-ban-form"')[1]
    r = leader.post(
        reverse("api-petition-report-ban", args=[petition.pk]), {"note": "x"}, content_type="application/json"
    )
    assert (r.status_code, r.json()["detail"]) == (
        403,
        "Chỉ lãnh đạo của cơ quan tiếp nhận được báo cáo Ban Nội chính.",
    )
