"""The page /can-bo/nhap/ (upload → preview → confirm) and its API twin."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from phoihop.officials.domain import importing
from phoihop.officials.models import Official

from .workbooks import official_row, xlsx

pytestmark = pytest.mark.django_db


def upload(content: bytes, file_name: str = "can-bo.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(file_name, content, content_type=importing.XLSX_TYPE)


def test_anonymous_goes_to_the_login_page(client):
    for name in ("officials-import", "officials-import-template"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["xa1_cv", "farmers_leader", "btc_clerk"])
def test_the_page_is_refused_to_those_who_may_not_import(client, p, who):
    client.force_login(getattr(p, who))
    page = client.get(reverse("officials-import"))
    assert page.status_code == 200  # it holds no data, and says who may import
    assert 'id="import-not-allowed"' in page.content.decode()
    assert 'id="import-form"' not in page.content.decode()
    response = client.post(
        reverse("officials-import"), {"loai": "can-bo", "file": upload(xlsx([official_row(0, p)]))}
    )
    assert response.status_code == 403
    assert client.post(reverse("officials-import-confirm"), {"token": "0" * 32}).status_code == 403
    assert Official.objects.count() == 0


def test_the_form_offers_the_lists_the_user_may_import(client, p):
    client.force_login(p.front_cv)
    page = client.get(reverse("officials-import")).content.decode()
    assert 'id="columns-giam-sat"' in page
    assert 'id="columns-can-bo"' not in page
    client.force_login(p.btc_cv)
    page = client.get(reverse("officials-import")).content.decode()
    assert 'id="columns-giam-sat"' in page
    assert 'id="columns-can-bo"' in page
    assert "Nơi công tác (mã hoặc tên cơ quan)" in page


def test_upload_preview_confirm(client, p):
    rows = [official_row(0, p), official_row(1, p)]
    rows[1][1] = "abc"
    client.force_login(p.btc_cv)

    response = client.post(reverse("officials-import"), {"loai": "can-bo", "file": upload(xlsx(rows))})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Dòng 3: Năm sinh “abc” không phải một năm" in page
    assert 'id="import-confirm"' in page
    assert "data-confirm" in page
    assert Official.objects.count() == 0
    token = response.context["preview"].token

    response = client.post(reverse("officials-import-confirm"), {"token": token}, follow=True)

    assert response.redirect_chain == [(reverse("officials-import"), 302)]
    assert "Đã nhập 1 cán bộ từ tệp “can-bo.xlsx”; 0 dòng đã có từ trước, 1 dòng có lỗi không được nhập." in (
        response.content.decode()
    )
    assert list(Official.objects.values_list("full_name", flat=True)) == ["Nguyễn Văn An"]


def test_a_get_of_the_confirmation_goes_back_to_the_form(client, p):
    client.force_login(p.btc_cv)
    response = client.get(reverse("officials-import-confirm"))
    assert (response.status_code, response["Location"]) == (302, reverse("officials-import"))


def test_a_bad_file_on_the_page_is_a_message(client, p):
    client.force_login(p.btc_cv)
    response = client.post(
        reverse("officials-import"), {"loai": "can-bo", "file": upload(b"a;b\n", "ds.csv")}
    )
    assert response.status_code == 400
    assert "Tệp “ds.csv” không phải bảng tính .xlsx" in response.content.decode()


def test_another_users_token_on_the_page_is_not_found(client, p):
    preview = importing.preview(p.btc_cv, importing.OFFICIALS, upload(xlsx([official_row(0, p)])))
    client.force_login(p.btc_leader)
    response = client.post(reverse("officials-import-confirm"), {"token": preview.token})
    assert response.status_code == 404
    assert Official.objects.count() == 0


@pytest.mark.parametrize(
    ("slug", "first", "last"),
    [("can-bo", "Họ và tên", "Ngày bắt đầu giữ chức vụ (dd/mm/yyyy)"), ("giam-sat", "Họ và tên", "Từ ngày")],
)
def test_the_templates(client, p, slug, first, last):
    client.force_login(p.btc_cv)
    response = client.get(reverse("officials-import-template") + f"?loai={slug}")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    header = next(ws.iter_rows(values_only=True))
    assert (header[0], header[-1]) == (first, last)
    assert list(ws.iter_rows(min_row=2, values_only=True)) == []


# --- the API ---------------------------------------------------------------------------------------------


def test_api_preview_and_confirm(client, p):
    rows = [official_row(0, p), official_row(1, p)]
    rows[1][3] = "Không có"
    client.force_login(p.btc_cv)

    response = client.post(
        reverse("api-officials-import-preview"), {"kind": "officials", "file": upload(xlsx(rows))}
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["rows"], body["valid"], body["invalid"], body["registered"]) == (2, 1, 1, 0)
    assert body["items"][1] == {
        "row": 3,
        "status": "error",
        "messages": ["Dòng 3: không tìm thấy cơ quan, tổ chức “Không có”"],
        "values": {
            "full_name": "Trần Văn An",
            "birth_year": "1971",
            "position": "Chuyên viên",
            "workplace": "Không có",
            "is_party_member": "có",
            "party_organization": p.xa1.code,
            "managing_body": p.btv.name,
            "managing_basis": "Quy định 80-QĐ/TW",
            "started_on": "01/07/2025",
        },
    }
    assert Official.objects.count() == 0

    client.force_login(p.btc_leader)
    refused = client.post(reverse("api-officials-import-confirm"), {"token": body["token"]})
    assert (refused.status_code, refused.json()["error"]) == (404, "not_found")

    client.force_login(p.btc_cv)
    done = client.post(reverse("api-officials-import-confirm"), {"token": body["token"]})
    assert done.status_code == 200
    assert done.json() == {
        "kind": "officials",
        "file_name": "can-bo.xlsx",
        "created": 1,
        "registered": 0,
        "invalid": 1,
    }


def test_api_bad_file_is_a_400_with_a_machine_readable_body(client, p):
    client.force_login(p.btc_cv)
    response = client.post(
        reverse("api-officials-import-preview"), {"kind": "officials", "file": upload(b"a;b\n", "ds.csv")}
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": "file_type",
        "detail": "Tệp “ds.csv” không phải bảng tính .xlsx; hãy lưu danh sách dưới dạng Excel (.xlsx) theo tệp mẫu.",
        "fields": {
            "file": [
                "Tệp “ds.csv” không phải bảng tính .xlsx; hãy lưu danh sách dưới dạng Excel (.xlsx) theo tệp mẫu."
            ]
        },
    }
    missing = client.post(reverse("api-officials-import-preview"), {"kind": "officials"})
    assert (missing.status_code, missing.json()["error"]) == (400, "required")


def test_api_refuses_those_who_may_not_import(client, p):
    client.force_login(p.xa1_cv)
    response = client.post(
        reverse("api-officials-import-preview"),
        {"kind": "officials", "file": upload(xlsx([official_row(0, p)]))},
    )
    assert (response.status_code, response.json()["error"]) == (403, "not_allowed")
    assert client.post(reverse("api-officials-import-confirm"), {"token": "0" * 32}).status_code == 403
    assert client.post(reverse("api-officials-import-preview")).status_code == 403
    client.logout()
    assert client.post(reverse("api-officials-import-preview")).status_code == 401


def test_the_officials_list_links_to_the_import_for_those_who_may(client, p):
    client.force_login(p.btc_cv)
    assert 'id="officials-import-link"' in client.get(reverse("official-list")).content.decode()
    client.force_login(p.xa1_admin)
    assert 'id="officials-import-link"' in client.get(reverse("official-list")).content.decode()
    client.force_login(p.xa1_cv)
    assert 'id="officials-import-link"' not in client.get(reverse("official-list")).content.decode()
