"""Uploads are limited while they stream in, before anything is written (issue 8, defect 6).

LimitedUploadHandler comes first in settings.FILE_UPLOAD_HANDLERS, before Django's memory and temporary-file
handlers, and sees every multipart body the pages and the API receive:

- a body whose Content-Length is over max_request_bytes() (UPLOAD_MAX_REQUEST_BYTES; by default five files at
  ATTACHMENT_MAX_BYTES plus 1 MB of form fields) is refused before a byte of it is read (413);
- every file is counted chunk by chunk: past ATTACHMENT_MAX_BYTES (max_bytes()) its remaining chunks are read
  and dropped — nothing more reaches memory or the temporary file, which is deleted — and the form receives a
  RefusedUpload in its place, an empty file whose size is the size sent: the domain's validation then names the
  file and the limit like any other bad file (400, the form kept with what the user typed);
- a truncated body is refused whole (400): fewer bytes than its Content-Length, or no closing boundary
  (`--boundary--`), which is what a client that stopped sending leaves; the files already received are deleted
  and the view never runs, so a cut-off text or a missing last file is never saved as if it were complete.

The refusals are UploadRefused exceptions raised while the body is parsed; UploadRefusalMiddleware parses the
body of every multipart POST before the views (and before the CSRF check, which reads it anyway) and answers
them: under /api/ the API error body {"error": code, "detail": message[, "fields": …]}, elsewhere a page with
the Vietnamese message. Django's own refusals of a body (too many fields or files, fields over
DATA_UPLOAD_MAX_MEMORY_SIZE, a malformed multipart body) are answered the same way.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO, Any, cast

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.http.request import UnreadablePostError
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict

MB = 1024 * 1024
INCOMPLETE = "Dữ liệu gửi lên bị cắt giữa chừng (không nhận đủ); không có gì được lưu, hãy gửi lại."
MALFORMED = "Dữ liệu gửi lên không đúng định dạng multipart/form-data; không có gì được lưu."


def max_bytes() -> int:
    """The largest file accepted (settings.ATTACHMENT_MAX_BYTES, 20 MB by default)."""
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", 20 * MB))


def max_request_bytes() -> int:
    """The largest body accepted (settings.UPLOAD_MAX_REQUEST_BYTES; by default five files and 1 MB)."""
    configured = getattr(settings, "UPLOAD_MAX_REQUEST_BYTES", None)
    return int(configured) if configured else 5 * max_bytes() + MB


def readable_size(n: int) -> str:
    """A size as a clerk reads it: "20 MB", "1,5 MB", "500 KB" (Vietnamese decimal comma)."""
    if n >= MB:
        value = f"{n / MB:.1f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{value} MB"
    if n >= 1024:
        return f"{n // 1024} KB"
    return f"{n} byte"


class UploadRefused(MultiPartParserError):
    """A body refused while it was parsed; Django marks the request's POST and FILES as unreadable."""

    def __init__(self, message: str, *, code: str, status: int = 400, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.field = field


class RefusedUpload(UploadedFile):
    """Stands in for a file that went over the limit while streaming: empty, with the size that was sent."""

    refused = True

    def __init__(self, name: str, size: int, content_type: str | None, charset: str | None) -> None:
        super().__init__(io.BytesIO(b""), name=name, content_type=content_type, size=size, charset=charset)


class _WatchedStream:
    """The body as the multipart parser reads it: counts the bytes and notes the closing boundary."""

    def __init__(self, source: Any, boundary: str | bytes) -> None:
        self._source = source
        self._closing = b"--" + (boundary.encode("ascii") if isinstance(boundary, str) else boundary) + b"--"
        self._tail = b""
        self.bytes_read = 0
        self.closed = False

    def read(self, size: int = -1) -> bytes:
        data: bytes = self._source.read(size)
        self.bytes_read += len(data)
        if data and not self.closed:
            window = self._tail + data
            self.closed = self._closing in window
            self._tail = window[-(len(self._closing) - 1) :]
        return data


class LimitedUploadHandler(FileUploadHandler):
    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.file_limit = max_bytes()
        self._parsing = False
        self._received = 0
        self._over = False

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: str | bytes,  # bytes, in fact
        encoding: str | None = None,
    ) -> tuple[QueryDict, MultiValueDict[str, UploadedFile]] | None:
        if self._parsing:
            return None  # the parse started below: let it run through every handler
        limit = max_request_bytes()
        if content_length > limit:
            raise UploadRefused(
                f"Dữ liệu gửi lên ({readable_size(content_length)}) vượt quá giới hạn {readable_size(limit)} "
                f"của một lần gửi (mỗi tệp tối đa {readable_size(self.file_limit)}); không có gì được lưu.",
                code="file_too_large",
                status=413,
            )
        if self.request is None:
            return None
        # Parse here, through a stream that watches the body, so that the end of the body can be checked.
        stream = _WatchedStream(input_data, boundary)
        self._parsing = True
        try:
            parser = MultiPartParser(META, cast("IO[bytes]", stream), self.request.upload_handlers, encoding)
            post, files = parser.parse()
        finally:
            self._parsing = False
        if stream.bytes_read < content_length or not stream.closed:
            for _name, received in files.lists():
                for f in received:
                    f.close()  # a temporary file is deleted when closed
            raise UploadRefused(INCOMPLETE, code="upload_incomplete")
        return post, files

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self._received = 0
        self._over = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self._received += len(raw_data)
        if self._received <= self.file_limit:
            return raw_data
        if not self._over:
            self._over = True
            # The handlers after this one drop what they hold of this file (the temporary file is deleted).
            handlers = self.request.upload_handlers if self.request is not None else []
            for handler in handlers[handlers.index(self) + 1 :] if self in handlers else []:
                handler.upload_interrupted()
        return None  # the chunk goes no further: read from the network, never stored

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self._over:
            return None
        return RefusedUpload(self.file_name or "tep", self._received, self.content_type, self.charset)


# --- answering a refused body -------------------------------------------------------------------------


def _refusal(exc: Exception) -> UploadRefused:
    if isinstance(exc, UploadRefused):
        return exc
    if isinstance(exc, UnreadablePostError):
        return UploadRefused(INCOMPLETE, code="upload_incomplete")
    if isinstance(exc, RequestDataTooBig):
        limit = readable_size(int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0))
        return UploadRefused(
            f"Các trường nội dung (không kể tệp) vượt quá {limit}; không có gì được lưu.",
            code="request_too_large",
            status=413,
        )
    if isinstance(exc, TooManyFilesSent):
        return UploadRefused(
            f"Gửi quá {settings.DATA_UPLOAD_MAX_NUMBER_FILES} tệp một lần; không có gì được lưu.",
            code="too_many_files",
        )
    if isinstance(exc, TooManyFieldsSent):
        return UploadRefused(
            f"Gửi quá {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} trường một lần; không có gì được lưu.",
            code="too_many_fields",
        )
    return UploadRefused(MALFORMED, code="upload_malformed")


def refusal_response(request: HttpRequest, refused: UploadRefused) -> HttpResponse:
    if request.path.startswith("/api/"):
        body: dict[str, Any] = {"error": refused.code, "detail": refused.message}
        if refused.field:
            body["fields"] = {refused.field: [refused.message]}
        return JsonResponse(body, status=refused.status)
    return render(
        request,
        "web/upload_refused.html",
        {"message": refused.message, "code": refused.code},
        status=refused.status,
    )


class UploadRefusalMiddleware:
    """Parses every multipart POST body before the views, so that a refused body gets a clear answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                request.POST  # noqa: B018 (parsing is the point)
            except (
                MultiPartParserError,
                UnreadablePostError,
                RequestDataTooBig,
                TooManyFieldsSent,
                TooManyFilesSent,
            ) as exc:
                return refusal_response(request, _refusal(exc))
        return self.get_response(request)
