"""Uploads that would exhaust the server or smuggle another format (issue 8, defect 6), through the pages and
the API: a body over the request limit is refused before it is read, a file over the limit is not written
past the limit, a truncated multipart body is refused whole, and a file is checked as a whole container
(a zip named .docx, a zip bomb, a PDF carrying a Windows program or a zip) — a clear Vietnamese message, a 4xx
with the API error body, nothing created, nothing left on disk."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from openpyxl import Workbook

from phoihop.common import files as files_module
from phoihop.common.errors import DomainError
from phoihop.consultations.domain.files import validate_files
from phoihop.consultations.models import Attachment, CoordinationRequest
from tests.consultations.conftest import at
from tests.consultations.test_pages import SUBJECT, delivery, pdf, sent, snapshot, texts

pytestmark = pytest.mark.django_db

API = "/api/v1/consultations"
ONE_MB = 1024 * 1024
INCOMPLETE = "Dữ liệu gửi lên bị cắt giữa chừng (không nhận đủ); không có gì được lưu, hãy gửi lại."
TOO_BIG_REQUEST = (
    "Dữ liệu gửi lên (200 MB) vượt quá giới hạn 6 MB của một lần gửi (mỗi tệp tối đa 1 MB); "
    "không có gì được lưu."
)


@pytest.fixture(autouse=True)
def _one_megabyte(settings):
    settings.ATTACHMENT_MAX_BYTES = ONE_MB


def stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- builders -----------------------------------------------------------------------------------------


def zip_of(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def docx_bytes(**extra: bytes) -> bytes:
    return zip_of(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
            "word/document.xml": b'<?xml version="1.0"?><w:document/>',
            **extra,
        }
    )


def xlsx_bytes() -> bytes:
    wb = Workbook()
    wb.active["A1"] = "Số liệu"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def odt_bytes(mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # stored, first, as ODF requires
        zf.writestr("content.xml", b'<?xml version="1.0"?><office:document-content/>')
        zf.writestr("META-INF/manifest.xml", b'<?xml version="1.0"?><manifest:manifest/>')
    return out.getvalue()


def windows_program(*, stub_text: bool = True) -> bytes:
    """The first bytes of a Windows program: a DOS header pointing (e_lfanew) at the "PE" header."""
    dos = bytearray(0x80)
    dos[0:6] = b"MZ\x90\x00\x03\x00"
    dos[0x3C:0x40] = (0x80).to_bytes(4, "little")
    if stub_text:
        dos[0x4E : 0x4E + 39] = b"This program cannot be run in DOS mode."
    return bytes(dos) + b"PE\x00\x00\x4c\x01" + bytes(250)


def bare_pe_header() -> bytes:
    """Only the structure (no usual DOS header values, no stub text): MZ, e_lfanew, PE."""
    dos = bytearray(0x40)
    dos[0:2] = b"MZ"
    dos[0x3C:0x40] = (0x40).to_bytes(4, "little")
    return bytes(dos) + b"PE\x00\x00" + bytes(100)


def docx_with_stored_program() -> bytes:
    members = {
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": b"<w:document/>",
        "word/embeddings/cai-dat.exe": windows_program(),
    }
    return zip_of(members, zipfile.ZIP_STORED)


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def content_error(name: str, ext: str) -> str:
    return f"Nội dung tệp “{name}” không khớp với phần mở rộng {ext}."


def program_error(name: str) -> str:
    return f"Tệp “{name}” có chứa chương trình chạy được (tệp .exe); không nhận tệp này."


BAD_CONTAINERS = [
    ("zip-named-docx", lambda: upload("bao-cao.docx", zip_of({"a.txt": b"x"})), "file_content",
     content_error("bao-cao.docx", ".docx")),
    ("xlsx-named-docx", lambda: upload("bao-cao.docx", xlsx_bytes()), "file_content",
     content_error("bao-cao.docx", ".docx")),
    ("docx-named-xlsx", lambda: upload("so-lieu.xlsx", docx_bytes()), "file_content",
     content_error("so-lieu.xlsx", ".xlsx")),
    ("odt-wrong-mimetype", lambda: upload("bao-cao.odt", odt_bytes(b"application/zip")), "file_content",
     content_error("bao-cao.odt", ".odt")),
    ("broken-zip", lambda: upload("bao-cao.docx", b"PK\x03\x04" + b"\x00" * 200), "file_content",
     content_error("bao-cao.docx", ".docx")),
    ("pdf-then-windows-program", lambda: upload("ke-hoach.pdf", PDF + windows_program()), "file_content",
     program_error("ke-hoach.pdf")),
    ("pdf-magic-then-mz", lambda: upload("ke-hoach.pdf", b"%PDF" + b"MZ\x90\x00\x03"), "file_content",
     program_error("ke-hoach.pdf")),
    ("pdf-with-dos-header", lambda: upload("ke-hoach.pdf", b"%PDF-1.4\n" + b"MZ\x90\x00\x03"), "file_content",
     program_error("ke-hoach.pdf")),
    ("pdf-with-bare-pe", lambda: upload("ke-hoach.pdf", PDF + bare_pe_header() + PDF), "file_content",
     program_error("ke-hoach.pdf")),
    ("pdf-that-is-a-zip", lambda: upload("ke-hoach.pdf", PDF + zip_of({"a.txt": b"x"})), "file_content",
     "Nội dung tệp “ke-hoach.pdf” không khớp với phần mở rộng .pdf: tệp đồng thời là một tệp nén .zip."),
    ("png-that-is-a-zip", lambda: upload("anh.png", b"\x89PNG\r\n\x1a\n" + zip_of({"a.txt": b"x"})),
     "file_content",
     "Nội dung tệp “anh.png” không khớp với phần mở rộng .png: tệp đồng thời là một tệp nén .zip."),
    ("docx-with-a-stored-program", lambda: upload("bao-cao.docx", docx_with_stored_program()), "file_content",
     program_error("bao-cao.docx")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("make", "code", "message"), [c[1:] for c in BAD_CONTAINERS], ids=[c[0] for c in BAD_CONTAINERS]
)
def test_a_file_is_checked_as_a_whole_container(make, code, message):
    with pytest.raises(DomainError) as exc:
        validate_files([make()])
    assert (exc.value.code, exc.value.message, exc.value.field, exc.value.status) == (
        code,
        message,
        "files",
        400,
    )


GOOD_FILES = [
    ("docx", lambda: upload("bao-cao.docx", docx_bytes())),
    ("xlsx", lambda: upload("so-lieu.xlsx", xlsx_bytes())),
    ("odt", lambda: upload("bao-cao.odt", odt_bytes())),
    ("ods", lambda: upload("so-lieu.ods", odt_bytes(b"application/vnd.oasis.opendocument.spreadsheet"))),
    ("pdf", lambda: upload("ke-hoach.pdf", PDF)),
    # "MZ" alone is two ordinary bytes in compressed streams: without a program's header it is not refused
    ("pdf-with-mz-bytes", lambda: upload("ke-hoach.pdf", PDF[:-6] + b"stream\nxxMZ\x00\x01\x02\nendstream\n" + PDF)),
    ("pdf-without-eof-marker", lambda: upload("ke-hoach.pdf", b"%PDF-1.4\n% test\n")),
]  # fmt: skip


@pytest.mark.parametrize("make", [g[1] for g in GOOD_FILES], ids=[g[0] for g in GOOD_FILES])
def test_genuine_files_are_accepted_and_read_from_the_start_afterwards(make):
    f = make()
    validate_files([f])
    assert f.tell() == 0


def test_a_zip_bomb_is_refused_by_its_unpacked_size(settings):
    settings.ATTACHMENT_MAX_UNCOMPRESSED_BYTES = 2 * ONE_MB
    bomb = upload("bao-cao.docx", docx_bytes(**{"word/media/image1.png": bytes(3 * ONE_MB)}))
    assert bomb.size is not None
    assert bomb.size < 20 * 1024  # 3 MB of zeros deflate to a few KB
    with pytest.raises(DomainError) as exc:
        validate_files([bomb])
    assert (exc.value.code, exc.value.message) == (
        "file_too_large",
        "Tệp “bao-cao.docx” khi giải nén vượt quá 2 MB.",
    )
    # at the limit it is accepted
    settings.ATTACHMENT_MAX_UNCOMPRESSED_BYTES = 4 * ONE_MB
    validate_files([bomb])


def test_the_unpacked_size_limit_is_100_mb_by_default():
    assert files_module.max_unpacked_bytes() == 100 * ONE_MB


def test_a_zip_with_too_many_members_is_refused(monkeypatch):
    monkeypatch.setattr(files_module, "ZIP_MAX_MEMBERS", 10)
    many = upload("bao-cao.docx", docx_bytes(**{f"word/media/{i}.png": b"x" for i in range(8)}))
    with pytest.raises(DomainError) as exc:
        validate_files([many])
    assert (exc.value.code, exc.value.message) == (
        "file_content",
        "Tệp “bao-cao.docx” có quá nhiều thành phần nén (hơn 10).",
    )


# --- the same refusals through the pages and the API --------------------------------------------------


def _create_form(bodies, regulation, files):
    return {
        "regulation": regulation.pk,
        "kind": "consultation",
        "subject": SUBJECT,
        "recipients": [bodies.xa1.pk, bodies.xa2.pk],
        "attachments": files,
    }


def _api_create(bodies, regulation, files):
    return {
        "regulation": regulation.code,
        "kind": "consultation",
        "subject": SUBJECT,
        "recipients": [bodies.xa1.code],
        "files": files,
    }


SMUGGLED = [c for c in BAD_CONTAINERS if c[0] in ("zip-named-docx", "pdf-then-windows-program")]


@pytest.mark.parametrize(("make", "code", "message"), [c[1:] for c in SMUGGLED], ids=[c[0] for c in SMUGGLED])
def test_page_create_with_a_smuggled_file_creates_nothing(client, bodies, regulation, make, code, message):
    client.force_login(bodies.specialist)
    response = client.post(
        reverse("consult-create"), _create_form(bodies, regulation, [pdf("tot.pdf"), make()])
    )
    assert response.status_code == 400
    assert texts(response, "//div[contains(@class,'has-error')]//div[@class='errors']") == [message]
    assert (CoordinationRequest.objects.count(), Attachment.objects.count(), stored_files()) == (0, 0, [])


@pytest.mark.parametrize(("make", "code", "message"), [c[1:] for c in SMUGGLED], ids=[c[0] for c in SMUGGLED])
def test_api_answer_with_a_smuggled_file_changes_nothing(client, bodies, regulation, make, code, message):
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


# --- limits enforced while the body streams in --------------------------------------------------------


class CountingInput(io.BytesIO):
    """A client's body as the server reads it: counts what was read."""

    bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.bytes_read += len(data)
        return data


def post_raw(client, url, body, *, content_length=None, stream=None):
    """POST a multipart body as given (possibly cut, possibly with a Content-Length it does not honour)."""
    return client.generic(
        "POST",
        url,
        body,
        content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(len(body) if content_length is None else content_length),
        **{"wsgi.input": stream if stream is not None else io.BytesIO(body)},
    )


def page_error(response) -> list[str]:
    return texts(response, "//p[@id='upload-error']")


@pytest.mark.parametrize("where", ["page", "api"])
def test_a_body_over_the_request_limit_is_refused_before_it_is_read(client, bodies, regulation, where):
    client.force_login(bodies.specialist)
    if where == "page":
        url, data = reverse("consult-create"), _create_form(bodies, regulation, [pdf("tot.pdf")])
    else:
        url, data = f"{API}/requests/", _api_create(bodies, regulation, [pdf("tot.pdf")])
    body = encode_multipart(BOUNDARY, data)
    stream = CountingInput(body)
    response = post_raw(client, url, body, content_length=200 * ONE_MB, stream=stream)
    assert response.status_code == 413
    if where == "page":
        assert page_error(response) == [TOO_BIG_REQUEST]
    else:
        assert response.json() == {"error": "file_too_large", "detail": TOO_BIG_REQUEST}
    assert stream.bytes_read == 0
    assert (CoordinationRequest.objects.count(), Attachment.objects.count(), stored_files()) == (0, 0, [])


def test_the_request_limit_is_five_files_and_a_megabyte_by_default(settings):
    from phoihop.common.uploads import max_request_bytes

    assert max_request_bytes() == 6 * ONE_MB
    settings.ATTACHMENT_MAX_BYTES = 20 * ONE_MB
    assert max_request_bytes() == 101 * ONE_MB
    settings.UPLOAD_MAX_REQUEST_BYTES = 30 * ONE_MB
    assert max_request_bytes() == 30 * ONE_MB


@pytest.fixture
def written(monkeypatch):
    """Bytes handed to Django's storing upload handlers (memory or temporary file), per file name."""
    seen: dict[str, int] = {}
    for cls in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        original = cls.receive_data_chunk

        def spy(self, raw_data, start, _original=original):
            if getattr(self, "activated", True):  # the memory handler passes chunks on when not activated
                seen[self.file_name] = seen.get(self.file_name, 0) + len(raw_data)
            return _original(self, raw_data, start)

        monkeypatch.setattr(cls, "receive_data_chunk", spy)
    return seen


@pytest.mark.parametrize("where", ["page", "api"])
def test_a_file_over_the_limit_is_not_written_past_the_limit(client, bodies, regulation, written, where):
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * (3 * ONE_MB), content_type="application/pdf")
    message = "Tệp “lon.pdf” vượt quá dung lượng cho phép 1 MB."
    client.force_login(bodies.specialist)
    if where == "page":
        response = client.post(
            reverse("consult-create"), _create_form(bodies, regulation, [pdf("tot.pdf"), big])
        )
        assert response.status_code == 400
        assert texts(response, "//div[contains(@class,'has-error')]//div[@class='errors']") == [message]
    else:
        response = client.post(f"{API}/requests/", _api_create(bodies, regulation, [pdf("tot.pdf"), big]))
        assert (response.status_code, response.json()) == (
            400,
            {"error": "file_too_large", "detail": message, "fields": {"files": [message]}},
        )
    assert written["tot.pdf"] == len(b"%PDF-1.4\n% test\n")
    assert written["lon.pdf"] <= ONE_MB
    assert (CoordinationRequest.objects.count(), Attachment.objects.count(), stored_files()) == (0, 0, [])


def _cut_inside_the_last_file(body: bytes) -> bytes:
    return body[: len(body) - 1000]


def _without_closing_boundary(body: bytes) -> bytes:
    closing = f"--{BOUNDARY}--\r\n".encode()
    assert body.endswith(closing)
    return body[: -len(closing)]


CUTS = {
    "cut-in-a-file-short-of-its-length": (_cut_inside_the_last_file, "declared"),
    "cut-in-a-file-honest-length": (_cut_inside_the_last_file, "actual"),
    "no-closing-boundary": (_without_closing_boundary, "actual"),
}


@pytest.mark.parametrize("cut", list(CUTS))
@pytest.mark.parametrize("where", ["page", "api"])
def test_a_truncated_body_is_refused_and_nothing_is_stored(
    client, bodies, regulation, settings, tmp_path, cut, where
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every file goes to a temporary file: none may be left behind
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "tmp")
    (tmp_path / "tmp").mkdir()
    make_cut, length = CUTS[cut]
    files = [pdf("tot.pdf"), pdf("phu-luc.pdf", b"%PDF-1.4\n" + b"1" * 200_000)]
    client.force_login(bodies.specialist)
    if where == "page":
        url, data = reverse("consult-create"), _create_form(bodies, regulation, files)
    else:
        url, data = f"{API}/requests/", _api_create(bodies, regulation, files)
    full = encode_multipart(BOUNDARY, data)
    body = make_cut(full)
    response = post_raw(client, url, body, content_length=len(full) if length == "declared" else len(body))
    assert response.status_code == 400
    if where == "page":
        assert page_error(response) == [INCOMPLETE]
    else:
        assert response.json() == {"error": "upload_incomplete", "detail": INCOMPLETE}
    assert (CoordinationRequest.objects.count(), Attachment.objects.count(), stored_files()) == (0, 0, [])
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_body_cut_inside_a_text_field_is_refused(client, bodies, regulation):
    req = sent(bodies, regulation)
    d1 = delivery(req, bodies.xa1)
    before = snapshot(req)
    client.force_login(bodies.xa1_cv)
    text = "Không nhất trí với mục 3 của dự thảo vì chưa phù hợp với quy định hiện hành. " * 20
    full = encode_multipart(BOUNDARY, {"position": "disagree", "text": text})
    body = full[: full.index("mục 3".encode()) + 5]
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        response = post_raw(client, f"{API}/deliveries/{d1.pk}/answer/", body, content_length=len(full))
        assert (response.status_code, response.json()) == (
            400,
            {"error": "upload_incomplete", "detail": INCOMPLETE},
        )
        response = post_raw(client, reverse("consult-answer", args=[d1.pk]), body, content_length=len(full))
        assert (response.status_code, page_error(response)) == (400, [INCOMPLETE])
    assert snapshot(req) == before


def test_a_complete_raw_body_still_goes_through(client, bodies, regulation):
    """The checks above refuse only what is wrong: the same body, whole, creates the request."""
    client.force_login(bodies.specialist)
    body = encode_multipart(BOUNDARY, _api_create(bodies, regulation, [pdf("tot.pdf"), pdf("phu-luc.pdf")]))
    with time_machine.travel(at("2025-01-22", 8), tick=False):
        response = post_raw(client, f"{API}/requests/", body)
    assert response.status_code == 201
    assert sorted(Attachment.objects.values_list("original_name", flat=True)) == ["phu-luc.pdf", "tot.pdf"]


# --- Django's own refusals of a body get the same clear answer -----------------------------------------


class BrokenInput(io.BytesIO):
    """A client that disconnects after `after` bytes (the server's read fails)."""

    def __init__(self, data: bytes, after: int) -> None:
        super().__init__(data)
        self.after = after

    def read(self, size: int | None = -1) -> bytes:
        if self.tell() >= self.after:
            raise OSError("connection reset by peer")
        return super().read(
            min(size, self.after - self.tell()) if size and size > 0 else self.after - self.tell()
        )


@pytest.mark.parametrize("where", ["page", "api"])
def test_a_client_that_disconnects_mid_body_is_refused(client, bodies, regulation, where):
    client.force_login(bodies.specialist)
    files = [pdf("tot.pdf"), pdf("phu-luc.pdf", b"%PDF-1.4\n" + b"1" * 200_000)]
    if where == "page":
        url, data = reverse("consult-create"), _create_form(bodies, regulation, files)
    else:
        url, data = f"{API}/requests/", _api_create(bodies, regulation, files)
    body = encode_multipart(BOUNDARY, data)
    response = post_raw(client, url, body, stream=BrokenInput(body, after=len(body) // 2))
    assert response.status_code == 400
    if where == "page":
        assert page_error(response) == [INCOMPLETE]
    else:
        assert response.json() == {"error": "upload_incomplete", "detail": INCOMPLETE}
    assert (CoordinationRequest.objects.count(), Attachment.objects.count(), stored_files()) == (0, 0, [])


def test_fields_over_the_form_data_limit_are_refused_with_the_error_body(
    client, bodies, regulation, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    client.force_login(bodies.specialist)
    data = {**_api_create(bodies, regulation, [pdf("tot.pdf")]), "body": "x" * 4000}
    response = client.post(f"{API}/requests/", data)
    assert (response.status_code, response.json()) == (
        413,
        {
            "error": "request_too_large",
            "detail": "Các trường nội dung (không kể tệp) vượt quá 2 KB; không có gì được lưu.",
        },
    )
    assert CoordinationRequest.objects.count() == 0


def test_a_malformed_multipart_body_is_refused_with_the_error_body(client, bodies):
    client.force_login(bodies.specialist)
    body = b"--x\r\nnot a part\r\n"
    response = client.generic("POST", f"{API}/requests/", body, content_type="multipart/form-data; boundary=")
    assert (response.status_code, response.json()) == (
        400,
        {
            "error": "upload_malformed",
            "detail": "Dữ liệu gửi lên không đúng định dạng multipart/form-data; không có gì được lưu.",
        },
    )
    response = client.generic(
        "POST", reverse("consult-create"), body, content_type="multipart/form-data; boundary="
    )
    assert (response.status_code, page_error(response)) == (
        400,
        ["Dữ liệu gửi lên không đúng định dạng multipart/form-data; không có gì được lưu."],
    )
