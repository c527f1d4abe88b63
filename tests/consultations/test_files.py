"""Attachments on create and on answer, through the pages and the API: a disallowed type, content that does
not match its extension, an oversized file — a clear Vietnamese error, nothing created, nothing changed."""

from __future__ import annotations

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from phoihop.consultations.models import Attachment, CoordinationRequest
from tests.consultations.conftest import at
from tests.consultations.test_pages import SUBJECT, delivery, pdf, sent, snapshot, texts

pytestmark = pytest.mark.django_db

API = "/api/v1/consultations"
ONE_MB = 1024 * 1024
ALLOWED = "doc, docx, jpeg, jpg, ods, odt, pdf, png, xls, xlsx"


def exe() -> SimpleUploadedFile:
    return SimpleUploadedFile("cai-dat.exe", b"MZ\x90\x00\x03", content_type="application/octet-stream")


def fake_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("bao-cao.pdf", b"<html>not a pdf</html>", content_type="application/pdf")


def big_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("lon.pdf", b"%PDF" + b"0" * ONE_MB, content_type="application/pdf")


BAD_FILES = [
    (exe, "file_type", f"Tệp “cai-dat.exe” không đúng loại cho phép ({ALLOWED})."),
    (fake_pdf, "file_content", "Nội dung tệp “bao-cao.pdf” không khớp với phần mở rộng .pdf."),
    (big_pdf, "file_too_large", "Tệp “lon.pdf” vượt quá dung lượng cho phép 1 MB."),
]


@pytest.fixture(autouse=True)
def _one_megabyte(settings):
    settings.ATTACHMENT_MAX_BYTES = ONE_MB


def _create_form(bodies, regulation, files):
    return {
        "regulation": regulation.pk,
        "kind": "consultation",
        "subject": SUBJECT,
        "recipients": [bodies.xa1.pk, bodies.xa2.pk],
        "attachments": files,
    }


@pytest.mark.parametrize(("make", "code", "message"), BAD_FILES, ids=["exe", "fake-pdf", "too-large"])
def test_page_create_with_a_bad_file_creates_nothing(client, bodies, regulation, make, code, message):
    client.force_login(bodies.specialist)
    response = client.post(
        reverse("consult-create"), _create_form(bodies, regulation, [pdf("tot.pdf"), make()])
    )
    assert response.status_code == 400
    assert texts(response, "//div[contains(@class,'has-error')]//div[@class='errors']") == [message]
    assert (CoordinationRequest.objects.count(), Attachment.objects.count()) == (0, 0)


@pytest.mark.parametrize(("make", "code", "message"), BAD_FILES, ids=["exe", "fake-pdf", "too-large"])
def test_api_create_with_a_bad_file_creates_nothing(client, bodies, regulation, make, code, message):
    client.force_login(bodies.specialist)
    response = client.post(
        f"{API}/requests/",
        {
            "regulation": regulation.code,
            "kind": "consultation",
            "subject": SUBJECT,
            "recipients": [bodies.xa1.code],
            "files": [pdf("tot.pdf"), make()],
        },
    )
    assert (response.status_code, response.json()) == (
        400,
        {"error": code, "detail": message, "fields": {"files": [message]}},
    )
    assert (CoordinationRequest.objects.count(), Attachment.objects.count()) == (0, 0)


@pytest.mark.parametrize(("make", "code", "message"), BAD_FILES, ids=["exe", "fake-pdf", "too-large"])
def test_page_answer_with_a_bad_file_changes_nothing(client, bodies, regulation, make, code, message):
    req = sent(bodies, regulation, files=[pdf("du-thao.pdf")])
    d1 = delivery(req, bodies.xa1)
    before = snapshot(req)
    client.force_login(bodies.xa1_leader)
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        response = client.post(
            reverse("consult-answer", args=[d1.pk]),
            {"position": "disagree", "text": "Không nhất trí", "attachments": [pdf("tot.pdf"), make()]},
        )
    assert response.status_code == 400
    assert texts(response, "//div[@id='action-error']") == [message]
    assert texts(response, "//form[@class='answer-form']//ul[@class='errorlist']") == [message]
    # the text the user typed is still in the form
    assert texts(response, "//form[@class='answer-form']//textarea") == ["Không nhất trí"]
    assert snapshot(req) == before


@pytest.mark.parametrize(("make", "code", "message"), BAD_FILES, ids=["exe", "fake-pdf", "too-large"])
def test_api_answer_with_a_bad_file_changes_nothing(client, bodies, regulation, make, code, message):
    req = sent(bodies, regulation)
    d1 = delivery(req, bodies.xa1)
    before = snapshot(req)
    client.force_login(bodies.xa1_leader)
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        response = client.post(
            f"{API}/deliveries/{d1.pk}/answer/",
            {"position": "disagree", "text": "Không nhất trí", "files": [pdf("tot.pdf"), make()]},
        )
    assert (response.status_code, response.json()) == (
        400,
        {"error": code, "detail": message, "fields": {"files": [message]}},
    )
    assert snapshot(req) == before


def test_a_file_at_the_exact_limit_is_accepted_and_downloads_with_its_name(client, bodies, regulation):
    content = b"%PDF" + b"0" * (ONE_MB - 4)
    client.force_login(bodies.specialist)
    with time_machine.travel(at("2025-01-22", 8), tick=False):
        response = client.post(
            reverse("consult-create"),
            _create_form(bodies, regulation, [SimpleUploadedFile("Kế hoạch 2025 (bản cuối).pdf", content)]),
        )
    assert response.status_code == 302
    att = Attachment.objects.get()
    assert (att.original_name, att.size, att.file.name) == (
        "Kế hoạch 2025 (bản cuối).pdf",
        ONE_MB,
        "consultations/2025/01/Ke-hoach-2025-ban-cuoi.pdf",
    )
    download = client.get(reverse("consult-attachment", args=[att.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Disposition"] == (
        "attachment; filename*=utf-8''K%E1%BA%BF%20ho%E1%BA%A1ch%202025%20%28b%E1%BA%A3n%20cu%E1%BB%91i%29.pdf"
    )


def test_a_missing_stored_file_is_404_not_500(client, bodies, regulation):
    req = sent(bodies, regulation, files=[pdf("du-thao.pdf")])
    att = Attachment.objects.get(request=req)
    att.file.storage.delete(att.file.name)
    client.force_login(bodies.xa1_cv)
    page = client.get(reverse("consult-attachment", args=[att.pk]))
    assert (page.status_code, page["Content-Type"]) == (404, "text/html; charset=utf-8")
    assert "Không tìm thấy trang" in page.content.decode()  # the 404 page, not a server error
    api = client.get(f"{API}/attachments/{att.pk}/")
    assert (api.status_code, api.json()) == (
        404,
        {"error": "not_found", "detail": "Không tìm thấy (hoặc bạn không có quyền xem)."},
    )
    assert Attachment.objects.filter(pk=att.pk).exists()  # the record stays: only its file is gone


def test_a_limit_under_one_megabyte_is_stated_readably(client, bodies, regulation, settings):
    settings.ATTACHMENT_MAX_BYTES = 500 * 1024
    client.force_login(bodies.specialist)
    response = client.post(
        f"{API}/requests/",
        {
            "regulation": regulation.code,
            "kind": "consultation",
            "subject": SUBJECT,
            "recipients": [bodies.xa1.code],
            "files": [SimpleUploadedFile("vua.pdf", b"%PDF" + b"0" * 600 * 1024)],
        },
    )
    assert response.status_code == 400
    assert "0 MB" not in response.json()["detail"]
