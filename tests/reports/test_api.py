"""API of reports (/api/v1/reports/): the whole life cycle, figures and .xlsx validation, permissions with data
that could leak, the receiving body's period table and its downloads, requests, query counts and the schema."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.accounts.enums import Role
from phoihop.audit.models import AuditEvent
from phoihop.notifications.models import Notification
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.regulations.models import ReportingObligation
from phoihop.regulations.queries import current_version
from phoihop.reports.domain import actions
from phoihop.reports.domain.generation import generate_slots
from phoihop.reports.domain.sweep import apply_due
from phoihop.reports.domain.xlsx import XLSX_TYPE
from phoihop.reports.enums import SlotOrigin, SlotState
from phoihop.reports.models import ReportCopy, ReportRequest, ReportSlot, ReportSubmission
from tests.factories import OrganizationFactory, UserFactory

from .api_helpers import API, filled_xlsx, login, org, post_json, snapshot, with_raw_cell, xlsx_rows
from .conftest import FIGURES_003, at, pdf, send, slot_of

pytestmark = pytest.mark.django_db

CODES = list(FIGURES_003)  # the indicators of 003's monthly report, in template order
DUE_RULE = (
    "Văn bản không quy định ngày (Điều 4 khoản 2 điểm g); hệ thống dùng ngày làm việc cuối cùng của kỳ: "
    "29/01/2027."
)
TITLE = "Báo cáo tháng tình hình, kết quả công tác nội chính"
PICK_PERIOD = (
    "Hãy chọn một kỳ báo cáo: ?obligation=<mã số nghĩa vụ>&period=<kỳ>, hoặc ?request=<mã số yêu cầu>."
)
NOT_FOUND = {"error": "not_found", "detail": "Không tìm thấy (hoặc cơ quan của bạn không được xem)."}


@pytest.fixture
def monthly(regs, province):
    """The slots of 2027 of regulation 003 (the communes' monthly, quarterly … reports to the Ban)."""
    generate_slots(2027, codes=["003"])
    return province


def obligation(code: str = "monthly", regulation: str = "003") -> ReportingObligation:
    return ReportingObligation.objects.get(
        regulation__code=regulation, regulation__superseded_by__isnull=True, code=code
    )


def period_query(key: str = "2027-01", code: str = "monthly", regulation: str = "003") -> str:
    return f"obligation={obligation(code, regulation).pk}&period={key}"


def draft(client, slot, figures=None, **extra):
    data = {"document": pdf(), "figures": json.dumps(figures if figures is not None else FIGURES_003)}
    data.update(extra)
    return client.post(f"{API}/slots/{slot.pk}/draft/", data)


def versions(slot) -> list[tuple]:
    return list(
        ReportSubmission.objects.filter(slot=slot)
        .order_by("version")
        .values_list("version", "state", "late", "original_name")
    )


def slot_item(slot, **changes):
    """The exact list item of one slot of 003's January report (changes override the defaults)."""
    item = {
        "id": slot.pk,
        "title": TITLE,
        "origin": "periodic",
        "origin_label": "Định kỳ",
        "regulation": "003",
        "obligation": "monthly",
        "obligation_id": slot.obligation_id,
        "request": None,
        "reporter": org(slot.reporter),
        "receiver": org(slot.receiver),
        "period_key": "2027-01",
        "period_label": "Tháng 1/2027",
        "due_on": "2027-01-29",
        "due_rule": DUE_RULE,
        "state": "not_due",
        "state_label": "Chưa đến kỳ",
        "punctuality": "pending",
        "punctuality_label": "Chưa đến hạn",
        "late": False,
        "first_sent_at": None,
        "last_sent_at": None,
    }
    item.update(changes)
    return item


def ban_clerk(p):
    return UserFactory(organization=p.ban, role=Role.CLERK)


# --- anonymous ---------------------------------------------------------------------------------------


def test_anonymous_gets_401_everywhere(client, monthly):
    slot = slot_of(monthly.xa1)
    with time_machine.travel(at("2027-01-20"), tick=False):
        sub = send(slot, monthly.xa1_cv, monthly.xa1_leader)
    before = snapshot()
    q = period_query()
    gets = [
        "slots/",
        f"slots/{slot.pk}/",
        f"slots/{slot.pk}/template.xlsx",
        f"submissions/{sub.pk}/document/",
        f"periods/?{q}",
        f"periods/xlsx/?{q}",
        f"periods/documents.zip?{q}",
        "requests/",
    ]
    for url in gets:
        response = client.get(f"{API}/{url}")
        assert (url, response.status_code, response.json()["error"]) == (url, 401, "not_authenticated")
    posts = [
        f"slots/{slot.pk}/draft/",
        f"slots/{slot.pk}/xlsx/",
        f"slots/{slot.pk}/accept/",
        f"slots/{slot.pk}/return/",
        f"submissions/{sub.pk}/submit/",
        f"submissions/{sub.pk}/return-draft/",
        f"submissions/{sub.pk}/approve/",
        f"periods/remind/?{q}",
        "requests/",
    ]
    for url in posts:
        assert (url, client.post(f"{API}/{url}").status_code) == (url, 401)
    assert snapshot() == before


# --- the whole life cycle ----------------------------------------------------------------------------


def test_life_cycle_draft_submit_approve_return_correct_accept(client, monthly):
    p = monthly
    slot = slot_of(p.xa1)
    url = f"{API}/slots/{slot.pk}"

    # A specialist of the commune drafts (multipart: document + figures as a JSON string + note).
    login(client, p.xa1_cv)
    with time_machine.travel(at("2027-01-27", 10), tick=False):
        response = draft(client, slot, note="Bản đầu")
    assert response.status_code == 200, response.content
    body = response.json()
    v1 = ReportSubmission.objects.get(slot=slot)
    assert body["versions"] == [
        {
            "id": v1.pk,
            "version": 1,
            "state": "draft",
            "state_label": "Dự thảo",
            "document_name": "bao-cao.pdf",
            "size": 16,
            "content_type": "application/pdf",
            "document_url": f"{API}/submissions/{v1.pk}/document/",
            "figures": FIGURES_003,
            "note": "Bản đầu",
            "created_by": p.xa1_cv.full_name,
            "created_at": "2027-01-27T10:00:00+07:00",
            "approved_by": None,
            "sent_at": None,
            "late": False,
        }
    ]
    assert (body["state"], body["permissions"]) == (
        "not_due",
        {"draft": True, "approve": False, "review": False},
    )
    assert body["template_url"] == f"{url}/template.xlsx"
    assert [i["code"] for i in body["indicators"]] == CODES

    # The same draft corrected as JSON (figures as an object, the document kept).
    with time_machine.travel(at("2027-01-27", 10, 5), tick=False):
        response = post_json(
            client, f"{url}/draft/", {"figures": {**FIGURES_003, "cases_followed": 5}, "note": "Sửa số vụ"}
        )
    assert response.status_code == 200, response.content
    v1.refresh_from_db()
    assert (v1.version, v1.figures["cases_followed"], v1.note, v1.original_name) == (
        1,
        5,
        "Sửa số vụ",
        "bao-cao.pdf",
    )

    # The specialist may not approve; the receiver does not even see the draft.
    before = snapshot()
    response = client.post(f"{API}/submissions/{v1.pk}/approve/")
    assert (response.status_code, response.json()) == (
        403,
        {"error": "not_allowed", "detail": "Chỉ lãnh đạo cơ quan báo cáo mới được duyệt và gửi báo cáo."},
    )
    login(client, p.ban_leader)
    assert client.get(f"{url}/").json()["versions"] == []
    assert client.get(f"{API}/submissions/{v1.pk}/document/").status_code == 404
    for action in ("submit", "return-draft", "approve"):
        response = client.post(f"{API}/submissions/{v1.pk}/{action}/")
        assert (action, response.status_code, response.json()) == (action, 404, NOT_FOUND)
    assert snapshot() == before

    # Submitted for approval: no more edits; the leader returns it once, then approves and sends.
    login(client, p.xa1_cv)
    with time_machine.travel(at("2027-01-27", 10, 10), tick=False):
        response = client.post(f"{API}/submissions/{v1.pk}/submit/")
        assert [v["state"] for v in response.json()["versions"]] == ["pending_approval"]
        before = snapshot()
        response = draft(client, slot)
        assert (response.status_code, response.json()) == (
            422,
            {
                "error": "pending_approval",
                "detail": "Bản báo cáo đang chờ lãnh đạo duyệt; lãnh đạo trả lại thì mới sửa được.",
            },
        )
        assert snapshot() == before
        login(client, p.xa1_leader)
        response = post_json(client, f"{API}/submissions/{v1.pk}/return-draft/", {"reason": " "})
        assert (response.status_code, response.json()) == (
            400,
            {
                "error": "reason_required",
                "detail": "Hãy nêu lý do trả lại dự thảo để người soạn sửa.",
                "fields": {"reason": ["Hãy nêu lý do trả lại dự thảo để người soạn sửa."]},
            },
        )
        response = post_json(client, f"{API}/submissions/{v1.pk}/return-draft/", {"reason": "Bổ sung"})
        assert [v["state"] for v in response.json()["versions"]] == ["draft"]
        login(client, p.xa1_cv)
        client.post(f"{API}/submissions/{v1.pk}/submit/")
        login(client, p.xa1_leader)
    with time_machine.travel(at("2027-01-27", 11), tick=False):
        response = client.post(f"{API}/submissions/{v1.pk}/approve/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert {k: body[k] for k in ("state", "late", "first_sent_at", "last_sent_at", "punctuality")} == {
        "state": "submitted",
        "late": False,
        "first_sent_at": "2027-01-27T11:00:00+07:00",
        "last_sent_at": "2027-01-27T11:00:00+07:00",
        "punctuality": "on_time",
    }
    assert [(v["version"], v["state"], v["sent_at"], v["approved_by"]) for v in body["versions"]] == [
        (1, "sent", "2027-01-27T11:00:00+07:00", p.xa1_leader.full_name)
    ]
    assert slot_of(p.xa1).state == SlotState.SUBMITTED

    # The receiver reads the sent version and its document; it returns the report for correction.
    login(client, p.ban_cv)
    detail = client.get(f"{url}/").json()
    assert [(v["version"], v["state"], v["figures"]["cases_followed"]) for v in detail["versions"]] == [
        (1, "sent", 5)
    ]
    assert detail["permissions"] == {"draft": False, "approve": False, "review": True}
    download = client.get(f"{API}/submissions/{v1.pk}/document/")
    assert (download.status_code, b"".join(download.streaming_content)) == (200, b"%PDF-1.4 bao cao")
    assert download["Content-Disposition"] == 'attachment; filename="bao-cao.pdf"'
    before = snapshot()
    response = post_json(client, f"{url}/return/", {"reason": "  "})
    assert (response.status_code, response.json()) == (
        400,
        {
            "error": "reason_required",
            "detail": "Hãy nêu nội dung cần chỉnh sửa.",
            "fields": {"reason": ["Hãy nêu nội dung cần chỉnh sửa."]},
        },
    )
    assert snapshot() == before
    with time_machine.travel(at("2027-02-02", 9), tick=False):
        response = post_json(client, f"{url}/return/", {"reason": "Số đơn đã xử lý chưa khớp"})
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["return_reason"], response.json()["returned_at"]) == (
        "returned",
        "Số đơn đã xử lý chưa khớp",
        "2027-02-02T09:00:00+07:00",
    )
    assert slot_of(p.xa1).state == SlotState.RETURNED

    # The commune corrects it: version 2 with figures as multipart fields, sent after the due date.
    login(client, p.xa1_cv)
    fields = {f"figures.{code}": str(value) for code, value in FIGURES_003.items()}
    fields["figures.petitions_handled"] = "11"
    with time_machine.travel(at("2027-02-02", 10), tick=False):
        response = client.post(f"{url}/draft/", {"document": pdf("bao-cao-sua.pdf"), **fields})
        assert response.status_code == 200, response.content
        v2 = ReportSubmission.objects.get(slot=slot, version=2)
        assert v2.figures == {**FIGURES_003, "petitions_handled": 11}
        client.post(f"{API}/submissions/{v2.pk}/submit/")
        login(client, p.xa1_leader)
        response = client.post(f"{API}/submissions/{v2.pk}/approve/")
    body = response.json()
    assert (body["state"], body["late"], body["punctuality"], body["last_sent_at"]) == (
        "submitted",
        False,  # the first version decides: on time
        "on_time",
        "2027-02-02T10:00:00+07:00",
    )
    assert versions(slot) == [(1, "sent", False, "bao-cao.pdf"), (2, "sent", True, "bao-cao-sua.pdf")]

    # The receiver's leader accepts; accepting twice is refused with nothing changed.
    login(client, p.ban_leader)
    with time_machine.travel(at("2027-02-03", 9), tick=False):
        response = client.post(f"{url}/accept/")
        assert (response.status_code, response.json()["state"], response.json()["accepted_at"]) == (
            200,
            "accepted",
            "2027-02-03T09:00:00+07:00",
        )
        assert [v["version"] for v in response.json()["versions"]] == [1, 2]
        before = snapshot()
        again = client.post(f"{url}/accept/")
    assert (again.status_code, again.json()) == (
        409,
        {
            "error": "invalid_transition",
            "detail": "Không thể chuyển báo cáo từ trạng thái “Đã tiếp nhận” sang “Đã tiếp nhận”.",
        },
    )
    assert snapshot() == before
    assert slot_of(p.xa1).state == SlotState.ACCEPTED
    events = list(
        AuditEvent.objects.filter(
            target_type="reports.reportslot", target_id=str(slot.pk), action="transition"
        )
        .order_by("pk")
        .values_list("data__from", "data__to")
    )
    assert events == [
        ("not_due", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "accepted"),
    ]
    login(client, p.xa1_cv)
    with time_machine.travel(at("2027-02-03", 10), tick=False):
        response = client.get(f"{API}/slots/?side=own&period=2027-01")
    assert response.json()["results"] == [
        slot_item(
            slot,
            state="accepted",
            state_label="Đã tiếp nhận",
            punctuality="on_time",
            punctuality_label="Đúng hạn",
            first_sent_at="2027-01-27T11:00:00+07:00",
            last_sent_at="2027-02-02T10:00:00+07:00",
        )
    ]


def test_a_leader_may_approve_a_draft_directly_and_a_late_first_version_makes_the_slot_late(client, monthly):
    p = monthly
    slot = slot_of(p.xa2)
    login(client, p.xa2_leader)
    with time_machine.travel(at("2027-01-30", 8), tick=False):
        draft(client, slot)
        sub = ReportSubmission.objects.get(slot=slot)
        response = client.post(f"{API}/submissions/{sub.pk}/approve/")
    body = response.json()
    assert (body["state"], body["late"], body["punctuality"], body["punctuality_label"]) == (
        "submitted",
        True,
        "late",
        "Trễ hạn",
    )
    assert versions(slot) == [(1, "sent", True, "bao-cao.pdf")]


# --- bad input: figures, files, spreadsheets ---------------------------------------------------------


def _partial() -> dict[str, int]:
    figures = dict(FIGURES_003)
    del figures["specialist_visits"]
    return figures


@pytest.mark.parametrize(
    ("data", "status", "body"),
    [
        (
            {"document": "pdf", "figures": "{12"},
            400,
            {
                "error": "invalid",
                "detail": "Dữ liệu không hợp lệ.",
                "fields": {"figures": ["Số liệu phải là một đối tượng JSON dạng {“mã chỉ tiêu”: số}."]},
            },
        ),
        (
            {"document": "pdf", "figures": "[1, 2]"},
            400,
            {
                "error": "invalid",
                "detail": "Dữ liệu không hợp lệ.",
                "fields": {"figures": ["Số liệu phải là một đối tượng JSON dạng {“mã chỉ tiêu”: số}."]},
            },
        ),
        (
            {"document": "pdf", "figures": '{"petitions_received": NaN}'},
            400,
            {
                "error": "invalid",
                "detail": "Dữ liệu không hợp lệ.",
                "fields": {"figures": ["Số liệu phải là một đối tượng JSON dạng {“mã chỉ tiêu”: số}."]},
            },
        ),
        (
            {"document": "pdf", "figures": json.dumps({**FIGURES_003, "cases_followed": "bốn"})},
            400,
            {
                "error": "figures",
                "detail": "“Số vụ án, vụ việc đang theo dõi, đôn đốc”: phải là số",
                "fields": {"figures": ["“Số vụ án, vụ việc đang theo dõi, đôn đốc”: phải là số"]},
            },
        ),
        (
            {"document": "pdf", "figures": json.dumps(_partial())},
            400,
            {
                "error": "figures",
                "detail": "Thiếu số liệu “Số buổi làm việc với chuyên viên theo dõi địa bàn”",
                "fields": {"figures": ["Thiếu số liệu “Số buổi làm việc với chuyên viên theo dõi địa bàn”"]},
            },
        ),
        (
            {
                "document": "pdf",
                "figures": json.dumps({**FIGURES_003, "khac": 1, "petitions_received": -2}),
            },
            400,
            {
                "error": "figures",
                "detail": "Chỉ tiêu “khac” không có trong mẫu báo cáo này; "
                "“Số đơn, thư khiếu nại, tố cáo, kiến nghị, phản ánh tiếp nhận”: phải là số nguyên không âm",
                "fields": {
                    "figures": [
                        "Chỉ tiêu “khac” không có trong mẫu báo cáo này; "
                        "“Số đơn, thư khiếu nại, tố cáo, kiến nghị, phản ánh tiếp nhận”: phải là số nguyên không âm"
                    ]
                },
            },
        ),
        (
            {"figures": json.dumps(FIGURES_003)},
            400,
            {
                "error": "document_required",
                "detail": "Hãy đính kèm văn bản báo cáo.",
                "fields": {"document": ["Hãy đính kèm văn bản báo cáo."]},
            },
        ),
        (
            {"document": "txt", "figures": json.dumps(FIGURES_003)},
            400,
            {
                "error": "file_type",
                "detail": "Tệp “bao-cao.txt” không đúng loại cho phép "
                "(doc, docx, jpeg, jpg, ods, odt, pdf, png, xls, xlsx).",
                "fields": {
                    "document": [
                        "Tệp “bao-cao.txt” không đúng loại cho phép "
                        "(doc, docx, jpeg, jpg, ods, odt, pdf, png, xls, xlsx)."
                    ]
                },
            },
        ),
        (
            {"document": "fake-pdf", "figures": json.dumps(FIGURES_003)},
            400,
            {
                "error": "file_content",
                "detail": "Nội dung tệp “bao-cao.pdf” không khớp với phần mở rộng .pdf.",
                "fields": {"document": ["Nội dung tệp “bao-cao.pdf” không khớp với phần mở rộng .pdf."]},
            },
        ),
    ],
    ids=[
        "json",
        "not-object",
        "nan",
        "text",
        "missing",
        "unknown-and-negative",
        "no-document",
        "txt",
        "fake",
    ],
)
def test_bad_figures_or_document_are_refused_and_nothing_is_saved(client, monthly, data, status, body):
    slot = slot_of(monthly.xa1)
    files = {
        "pdf": pdf(),
        "txt": SimpleUploadedFile("bao-cao.txt", b"bao cao", content_type="text/plain"),
        "fake-pdf": SimpleUploadedFile("bao-cao.pdf", b"MZ not a pdf", content_type="application/pdf"),
    }
    if "document" in data:
        data = {**data, "document": files[data["document"]]}
    before = snapshot()
    login(client, monthly.xa1_cv)
    with time_machine.travel(at("2027-01-27", 10), tick=False):
        response = client.post(f"{API}/slots/{slot.pk}/draft/", data)
    assert (response.status_code, response.json()) == (status, body)
    assert snapshot() == before
    assert slot_of(monthly.xa1).state == SlotState.NOT_DUE
    assert ReportSubmission.objects.count() == 0


def test_a_json_number_beyond_the_float_range_is_a_400(client, monthly):
    slot = slot_of(monthly.xa1)
    login(client, monthly.xa1_cv)
    raw = json.dumps({"figures": FIGURES_003}).replace(
        '"petitions_received": 12', '"petitions_received": 1e999'
    )
    response = client.post(f"{API}/slots/{slot.pk}/draft/", raw, content_type="application/json")
    assert (response.status_code, response.json()["fields"]) == (
        400,
        {"figures": ["Số liệu “petitions_received” không phải là số hữu hạn."]},
    )
    assert ReportSubmission.objects.count() == 0


def test_an_absurdly_large_figure_is_a_400_not_a_500(client, monthly):
    slot = slot_of(monthly.xa1)
    login(client, monthly.xa1_cv)
    response = draft(client, slot, figures={**FIGURES_003, "petitions_received": "1e5000"})
    assert (response.status_code, response.json()["error"]) == (400, "figures")
    assert response.json()["detail"] == (
        "“Số đơn, thư khiếu nại, tố cáo, kiến nghị, phản ánh tiếp nhận”: quá lớn (tối đa 1.000.000.000)"
    )
    assert ReportSubmission.objects.count() == 0


def test_xlsx_upload_saves_the_figures(client, monthly):
    slot = slot_of(monthly.xa1)
    login(client, monthly.xa1_cv)
    figures = {code: i + 3 for i, code in enumerate(CODES)}
    with time_machine.travel(at("2027-01-27", 10), tick=False):
        response = client.post(
            f"{API}/slots/{slot.pk}/xlsx/",
            {"xlsx": filled_xlsx(slot, figures=figures), "document": pdf(), "note": "Từ bảng tính"},
        )
    assert response.status_code == 200, response.content
    assert [(v["version"], v["state"], v["figures"], v["note"]) for v in response.json()["versions"]] == [
        (1, "draft", figures, "Từ bảng tính")
    ]


def _text(ws):
    ws["C4"] = "mười hai"


def _wrong_template(ws):
    ws["B2"] = "003/quarterly/v2"


def _empty_and_extra(ws):
    ws["C6"] = None
    ws["A11"] = "them"


@pytest.mark.parametrize(
    ("edit", "detail"),
    [
        (_text, "Dòng 4, cột C: phải là số"),
        (
            _wrong_template,
            "Tệp không đúng mẫu của báo cáo này (dòng 2, cột B phải là “003/monthly/v3”); "
            "hãy tải mẫu trên trang báo cáo",
        ),
        (
            _empty_and_extra,
            "Dòng 6, cột C: chưa nhập số liệu “Số đơn do Ban Nội chính Tỉnh ủy chuyển về đã giải quyết”; "
            "Dòng 11, cột A: chỉ tiêu “them” không có trong mẫu",
        ),
    ],
    ids=["text-in-number-cell", "wrong-template", "empty-and-extra"],
)
def test_a_bad_xlsx_names_row_and_column_and_saves_nothing(client, monthly, edit, detail):
    slot = slot_of(monthly.xa1)
    before = snapshot()
    login(client, monthly.xa1_cv)
    response = client.post(
        f"{API}/slots/{slot.pk}/xlsx/", {"xlsx": filled_xlsx(slot, edit), "document": pdf()}
    )
    assert (response.status_code, response.json()) == (
        400,
        {"error": "figures", "detail": detail, "fields": {"xlsx": [detail]}},
    )
    assert snapshot() == before
    assert ReportSubmission.objects.count() == 0


def test_not_a_spreadsheet_or_no_file_is_a_400(client, monthly):
    slot = slot_of(monthly.xa1)
    before = snapshot()
    login(client, monthly.xa1_cv)
    response = client.post(f"{API}/slots/{slot.pk}/xlsx/", {"xlsx": pdf("so-lieu.xlsx"), "document": pdf()})
    assert (response.status_code, response.json()) == (
        400,
        {
            "error": "figures",
            "detail": "Tệp không phải bảng tính .xlsx đọc được",
            "fields": {"xlsx": ["Tệp không phải bảng tính .xlsx đọc được"]},
        },
    )
    response = client.post(f"{API}/slots/{slot.pk}/xlsx/", {"document": pdf()})
    assert (response.status_code, response.json()["error"], list(response.json()["fields"])) == (
        400,
        "invalid",
        ["xlsx"],
    )
    response = post_json(client, f"{API}/slots/{slot.pk}/xlsx/", {"xlsx": "x"})
    assert (response.status_code, response.json()["error"]) == (415, "unsupported_media_type")
    assert snapshot() == before


def test_an_infinite_number_in_the_xlsx_names_its_cell(client, monthly):
    slot = slot_of(monthly.xa1)
    upload = with_raw_cell(
        filled_xlsx(slot, figures={**FIGURES_003, "petitions_received": 987654}), 987654, "1e999"
    )
    login(client, monthly.xa1_cv)
    response = client.post(f"{API}/slots/{slot.pk}/xlsx/", {"xlsx": upload, "document": pdf()})
    assert (response.status_code, response.json()["detail"]) == (400, "Dòng 4, cột C: phải là số")
    assert ReportSubmission.objects.count() == 0


def test_template_download(client, monthly):
    slot = slot_of(monthly.xa1)
    login(client, monthly.xa1_cv)
    response = client.get(f"{API}/slots/{slot.pk}/template.xlsx")
    assert (response.status_code, response["Content-Type"], response["Content-Disposition"]) == (
        200,
        XLSX_TYPE,
        'attachment; filename="mau-so-lieu-thang-1-2027.xlsx"',
    )
    rows = xlsx_rows(response.content)
    assert rows[0][0] == f"{TITLE} — Tháng 1/2027 — Đảng ủy xã An Một"
    assert rows[1][:2] == ["Mã mẫu (không sửa)", "003/monthly/v3"]
    assert [r[0] for r in rows[3:]] == CODES


def test_a_report_without_indicators_has_no_template(client, regs, province):
    with time_machine.travel(at("2027-03-01"), tick=False):
        req = actions.create_request(
            province.ban_cv,
            origin=SlotOrigin.AD_HOC,
            subject="Vụ việc",
            reporters=[province.xa1],
            working_days=3,
        )
    slot = ReportSlot.objects.get(request=req)
    login(client, province.xa1_cv)
    assert client.get(f"{API}/slots/{slot.pk}/").json()["template_url"] is None
    response = client.get(f"{API}/slots/{slot.pk}/template.xlsx")
    assert (response.status_code, response.json()) == (
        404,
        {"error": "not_found", "detail": "Báo cáo này không có mẫu số liệu."},
    )
    response = client.post(f"{API}/slots/{slot.pk}/xlsx/", {"xlsx": pdf("x.xlsx")})
    assert (response.status_code, response.json()["error"], response.json()["detail"]) == (
        400,
        "no_template",
        "Báo cáo này không có mẫu số liệu.",
    )


# --- permissions with data that could leak -----------------------------------------------------------


SLOT_POSTS = {"draft": {"figures": FIGURES_003}, "accept": {}, "return": {"reason": "X"}}
SUBMISSION_POSTS = {"submit": {}, "return-draft": {"reason": "X"}, "approve": {}}


def _everything_is_404(client, slot, subs):
    for url in (f"slots/{slot.pk}/", f"slots/{slot.pk}/template.xlsx"):
        response = client.get(f"{API}/{url}")
        assert (url, response.status_code, response.json()) == (url, 404, NOT_FOUND)
    for name, data in SLOT_POSTS.items():
        response = post_json(client, f"{API}/slots/{slot.pk}/{name}/", data)
        assert (name, response.status_code) == (name, 404)
    response = client.post(f"{API}/slots/{slot.pk}/xlsx/", {"xlsx": pdf("x.xlsx"), "document": pdf()})
    assert response.status_code == 404
    for sub in subs:
        assert client.get(f"{API}/submissions/{sub.pk}/document/").status_code == 404
        for name, data in SUBMISSION_POSTS.items():
            response = post_json(client, f"{API}/submissions/{sub.pk}/{name}/", data)
            assert (name, response.status_code) == (name, 404)


def test_another_commune_sees_nothing_of_its_neighbour(client, monthly):
    p = monthly
    slot = slot_of(p.xa1)
    with time_machine.travel(at("2027-01-20"), tick=False):
        sent = send(slot, p.xa1_cv, p.xa1_leader)
        actions.return_for_correction(p.ban_cv, slot_of(p.xa1), "Sửa")
        pending = actions.save_draft(p.xa1_cv, slot_of(p.xa1), document=pdf(), figures=FIGURES_003)
    before = snapshot()
    for user in (p.xa2_cv, p.xa2_leader, p.outsider, UserFactory(organization=None)):
        login(client, user)
        _everything_is_404(client, slot, [sent, pending])
        for side in ("", "?side=own", "?side=received", "?side=copies", "?period=2027-01"):
            ids = {s["id"] for s in client.get(f"{API}/slots/{side}").json()["results"]}
            assert slot.pk not in ids
        response = client.get(f"{API}/periods/?{period_query()}")
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
        assert post_json(client, f"{API}/periods/remind/?{period_query()}").status_code == 404
    assert snapshot() == before


def test_a_copy_holder_sees_sent_versions_only_and_another_district_nothing(client, regs, province):
    """000 Art. 4.2.4: the district's Ban Dân vận reports to BTV Huyện ủy with a copy to its own UBKT; the
    other district's UBKT must never see it; the copy-holder reads sent versions only and cannot review."""
    p = province
    login(client, p.btv_hu_leader)
    with time_machine.travel(at("2027-03-01", 9), tick=False):
        response = post_json(
            client,
            f"{API}/requests/",
            {
                "origin": "ad_hoc",
                "subject": "Báo cáo giám sát cán bộ",
                "reporters": [p.dan_van.code],
                "working_days": 5,
                "regulation": "000",
            },
        )
        assert response.status_code == 201, response.content
        slot = ReportSlot.objects.get(request_id=response.json()["id"])
        v1 = send(slot, p.dan_van_cv, p.dan_van_leader, figures={})
        actions.return_for_correction(p.btv_hu_leader, ReportSlot.objects.get(pk=slot.pk), "Bổ sung")
        v2 = actions.save_draft(p.dan_van_cv, ReportSlot.objects.get(pk=slot.pk), document=pdf("v2.pdf"))
    copy = ReportCopy.objects.get()
    assert (copy.copy_to, copy.submission) == (p.ubkt, v1)
    before = snapshot()

    login(client, p.ubkt_cv)
    detail = client.get(f"{API}/slots/{slot.pk}/").json()
    assert [(v["id"], v["state"]) for v in detail["versions"]] == [(v1.pk, "sent")]
    assert detail["copies"] == [
        {
            "id": copy.pk,
            "copy_to": org(p.ubkt),
            "submission": v1.pk,
            "version": 1,
            "duty": copy.duty.code,
            "article": copy.duty.article,
            "created_at": "2027-03-01T09:00:00+07:00",
        }
    ]
    assert detail["permissions"] == {"draft": False, "approve": False, "review": False}
    assert [s["id"] for s in client.get(f"{API}/slots/?side=copies").json()["results"]] == [slot.pk]
    assert client.get(f"{API}/slots/?side=received").json()["results"] == []
    assert client.get(f"{API}/submissions/{v1.pk}/document/").status_code == 200
    assert client.get(f"{API}/submissions/{v2.pk}/document/").status_code == 404
    for name in SUBMISSION_POSTS:
        assert (name, client.post(f"{API}/submissions/{v2.pk}/{name}/").status_code) == (name, 404)
    response = client.post(f"{API}/slots/{slot.pk}/accept/")
    assert (response.status_code, response.json()) == (
        403,
        {
            "error": "not_allowed",
            "detail": "Chỉ chuyên viên, lãnh đạo của cơ quan nhận báo cáo mới được tiếp nhận.",
        },
    )
    response = draft(client, slot, figures={})
    assert (response.status_code, response.json()["error"]) == (403, "not_allowed")
    response = client.get(f"{API}/periods/?request={slot.request_id}")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)

    login(client, p.ubkt2_cv)  # the other district's inspection committee
    _everything_is_404(client, slot, [v1, v2])
    assert client.get(f"{API}/slots/").json()["results"] == []
    assert snapshot() == before

    login(client, p.btv_hu_leader)  # the receiver sees the sent version, not the new draft
    assert [v["id"] for v in client.get(f"{API}/slots/{slot.pk}/").json()["versions"]] == [v1.pk]
    login(client, p.dan_van_cv)  # the reporter sees both
    assert [v["id"] for v in client.get(f"{API}/slots/{slot.pk}/").json()["versions"]] == [v1.pk, v2.pk]


def test_only_a_leader_of_the_reporting_body_approves(client, monthly):
    p = monthly
    slot = slot_of(p.xa1)
    with time_machine.travel(at("2027-01-20"), tick=False):
        sub = actions.save_draft(p.xa1_cv, slot, document=pdf(), figures=FIGURES_003)
        actions.submit_for_approval(p.xa1_cv, sub)
    before = snapshot()
    for user in (p.xa1_cv, p.xa1_clerk):
        login(client, user)
        for name, message in (
            ("approve", "Chỉ lãnh đạo cơ quan báo cáo mới được duyệt và gửi báo cáo."),
            ("return-draft", "Chỉ lãnh đạo cơ quan báo cáo mới được trả lại dự thảo."),
        ):
            response = client.post(f"{API}/submissions/{sub.pk}/{name}/")
            assert (name, response.status_code, response.json()) == (
                name,
                403,
                {"error": "not_allowed", "detail": message},
            )
    for user in (p.ban_leader, p.xa2_leader):  # the receiver and another commune: the version is invisible
        login(client, user)
        assert client.post(f"{API}/submissions/{sub.pk}/approve/").status_code == 404
    assert snapshot() == before
    assert (slot_of(p.xa1).state, versions(slot)) == (
        SlotState.NOT_DUE,
        [(1, "pending_approval", False, "bao-cao.pdf")],
    )
    login(client, p.xa1_leader)
    with time_machine.travel(at("2027-01-21"), tick=False):
        assert client.post(f"{API}/submissions/{sub.pk}/approve/").json()["state"] == "submitted"


def test_only_the_receivers_specialist_or_leader_accepts_returns_and_reminds(client, monthly):
    p = monthly
    slot = slot_of(p.xa1)
    with time_machine.travel(at("2027-01-20"), tick=False):
        send(slot, p.xa1_cv, p.xa1_leader)
    before = snapshot()
    clerk = ban_clerk(p)
    for user in (p.xa1_leader, p.xa1_cv, clerk):
        login(client, user)
        response = client.post(f"{API}/slots/{slot.pk}/accept/")
        assert (response.status_code, response.json()) == (
            403,
            {
                "error": "not_allowed",
                "detail": "Chỉ chuyên viên, lãnh đạo của cơ quan nhận báo cáo mới được tiếp nhận.",
            },
        )
        response = post_json(client, f"{API}/slots/{slot.pk}/return/", {"reason": "Sửa"})
        assert (response.status_code, response.json()) == (
            403,
            {
                "error": "not_allowed",
                "detail": "Chỉ chuyên viên, lãnh đạo của cơ quan nhận báo cáo mới được trả lại báo cáo.",
            },
        )
    login(client, p.xa1_leader)  # the reporter has no period table
    assert client.post(f"{API}/periods/remind/?{period_query()}").status_code == 404
    login(client, clerk)  # the receiver's clerk reads the table but may not remind
    assert client.get(f"{API}/periods/?{period_query()}").status_code == 200
    response = client.post(f"{API}/periods/remind/?{period_query()}")
    assert (response.status_code, response.json()) == (
        403,
        {
            "error": "not_allowed",
            "detail": "Chỉ chuyên viên, lãnh đạo của cơ quan nhận báo cáo mới được nhắc báo cáo.",
        },
    )
    assert snapshot() == before
    assert slot_of(p.xa1).state == SlotState.SUBMITTED


def test_an_id_beyond_the_database_range_is_a_404_or_400(client, monthly):
    login(client, monthly.ban_cv)
    huge = "9" * 20
    not_found = {"error": "not_found", "detail": "Không tìm thấy (hoặc cơ quan của bạn không được xem)."}
    for url in (f"{API}/slots/{huge}/", f"{API}/submissions/{huge}/document/"):
        response = client.get(url)
        assert (url, response.status_code, response.json()) == (url, 404, not_found)
    response = client.get(f"{API}/periods/?request={huge}")
    assert (response.status_code, response.json()["fields"]) == (400, {"request": ["Mã số quá lớn."]})


# --- lists and filters -------------------------------------------------------------------------------


def test_slot_list_sides_and_filters(client, monthly):
    p = monthly
    with time_machine.travel(at("2027-01-20"), tick=False):
        send(slot_of(p.xa1), p.xa1_cv, p.xa1_leader)
    login(client, p.ban_cv)

    def ids(query: str) -> list[int]:
        response = client.get(f"{API}/slots/?{query}")
        assert response.status_code == 200, response.content
        return [s["id"] for s in response.json()["results"]]

    january = sorted([slot_of(p.xa1).pk, slot_of(p.xa2).pk])  # same due date: by id
    with time_machine.travel(at("2027-01-21"), tick=False):
        assert ids("period=2027-01") == january
        assert ids("side=received&period=2027-01&regulation=003") == january
        assert ids("side=own") == []
        assert ids("state=submitted") == [slot_of(p.xa1).pk]
        assert ids("period=2027-01&state=not_due") == [slot_of(p.xa2).pk]
        assert ids("regulation=002") == []
        everything = ids("")
        assert ids("side=&period=&state=&regulation=&obligation=&request=") == everything
        assert ids(f"obligation={obligation('quarterly').pk}&period=2027-Q1") == sorted(
            [slot_of(p.xa1, "quarterly", "2027-Q1").pk, slot_of(p.xa2, "quarterly", "2027-Q1").pk]
        )
        assert (
            client.get(f"{API}/slots/").json()["count"] == ReportSlot.objects.filter(receiver=p.ban).count()
        )
        login(client, p.xa1_cv)
        item = client.get(f"{API}/slots/?period=2027-01").json()["results"]
    assert item == [
        slot_item(
            slot_of(p.xa1),
            state="submitted",
            state_label="Đã gửi",
            punctuality="on_time",
            punctuality_label="Đúng hạn",
            first_sent_at="2027-01-20T09:00:00+07:00",
            last_sent_at="2027-01-20T09:00:00+07:00",
        )
    ]


def test_slot_list_refuses_bad_filters(client, monthly):
    login(client, monthly.ban_cv)
    response = client.get(f"{API}/slots/?side=all&state=sent&obligation=abc&request=-1")
    assert (response.status_code, response.json()) == (
        400,
        {
            "error": "invalid",
            "detail": "Dữ liệu không hợp lệ.",
            "fields": {
                "side": ["“all” không hợp lệ: chọn own, received hoặc copies."],
                "state": ["Trạng thái “sent” không hợp lệ."],
                "obligation": ["Mã số phải là số nguyên dương."],
                "request": ["Mã số phải là số nguyên dương."],
            },
        },
    )


# --- the receiving body's period table ---------------------------------------------------------------


@pytest.fixture
def january(monthly):
    """xa1 sent on time on 20/01 (with figures); xa2 has not sent; the sweep has flagged it overdue."""
    p = monthly
    with time_machine.travel(at("2027-01-20"), tick=False):
        send(slot_of(p.xa1), p.xa1_cv, p.xa1_leader, name="xa1.pdf")
    with time_machine.travel(at("2027-01-30", 1), tick=False):
        apply_due(at("2027-01-30", 1))
    return p


def test_period_table(client, january):
    p = january
    s1, s2 = slot_of(p.xa1), slot_of(p.xa2)
    v1 = ReportSubmission.objects.get(slot=s1)
    login(client, p.ban_cv)
    with time_machine.travel(at("2027-02-01", 10), tick=False):
        response = client.get(f"{API}/periods/?{period_query()}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [i["code"] for i in body.pop("indicators")] == CODES
    assert body == {
        "title": TITLE,
        "period_key": "2027-01",
        "period_label": "Tháng 1/2027",
        "obligation": obligation().pk,
        "request": None,
        "due_on": "2027-01-29",
        "due_rule": DUE_RULE,
        "rows": [
            {
                "slot": s2.pk,
                "reporter": org(p.xa2),
                "state": "overdue",
                "state_label": "Quá hạn, chưa gửi",
                "punctuality": "missing",
                "punctuality_label": "Chưa gửi, đã quá hạn",
                "late": False,
                "first_sent_at": None,
                "submission": None,
                "version": None,
                "sent_at": None,
                "values": [None] * 7,
            },
            {
                "slot": s1.pk,
                "reporter": org(p.xa1),
                "state": "submitted",
                "state_label": "Đã gửi",
                "punctuality": "on_time",
                "punctuality_label": "Đúng hạn",
                "late": False,
                "first_sent_at": "2027-01-20T09:00:00+07:00",
                "submission": v1.pk,
                "version": 1,
                "sent_at": "2027-01-20T09:00:00+07:00",
                "values": [FIGURES_003[c] for c in CODES],
            },
        ],
        "totals": [FIGURES_003[c] for c in CODES],
        "counts": {"on_time": 1, "late": 0, "missing": 1, "pending": 0},
        "to_remind": 1,
        "upward": None,
    }


def test_period_downloads(client, january):
    p = january
    login(client, p.ban_cv)
    with time_machine.travel(at("2027-02-01", 10), tick=False):
        response = client.get(f"{API}/periods/xlsx/?{period_query()}")
        assert (response.status_code, response["Content-Type"], response["Content-Disposition"]) == (
            200,
            XLSX_TYPE,
            'attachment; filename="tong-hop-thang-1-2027.xlsx"',
        )
        assert xlsx_rows(response.content, min_row=5) == [
            ["Đảng ủy xã An Hai", "Chưa gửi, đã quá hạn", None, *[None] * 7],
            ["Đảng ủy xã An Một", "Đúng hạn", 1, *[FIGURES_003[c] for c in CODES]],
            ["Tổng cộng", None, None, *[FIGURES_003[c] for c in CODES]],
        ]
        response = client.get(f"{API}/periods/documents.zip?{period_query()}")
    assert (response.status_code, response["Content-Type"], response["Content-Disposition"]) == (
        200,
        "application/zip",
        'attachment; filename="van-ban-thang-1-2027.zip"',
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
        assert zf.namelist() == ["Đảng ủy xã An Một/lan-1-xa1.pdf"]
        assert zf.read("Đảng ủy xã An Một/lan-1-xa1.pdf") == b"%PDF-1.4 bao cao"
    login(client, p.xa1_leader)
    for url in (f"periods/xlsx/?{period_query()}", f"periods/documents.zip?{period_query()}"):
        assert (url, client.get(f"{API}/{url}").status_code) == (url, 404)


def test_remind_reaches_only_the_missing_body_once_a_day(client, january):
    p = january
    login(client, p.ban_cv)
    with time_machine.travel(at("2027-02-01", 10), tick=False):
        assert client.post(f"{API}/periods/remind/?{period_query()}").json() == {"reminded": 1}
        assert client.post(f"{API}/periods/remind/?{period_query()}").json() == {"reminded": 0}
    with time_machine.travel(at("2027-02-02", 10), tick=False):
        assert client.post(f"{API}/periods/remind/?{period_query()}").json() == {"reminded": 1}
    manual = Notification.objects.filter(kind="report.reminder.manual")
    assert sorted(manual.values_list("user__organization__abbreviation", flat=True)) == ["DUX2"] * 4
    assert manual.filter(user=p.xa1_cv).count() == 0


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("", {"non_field_errors": [PICK_PERIOD]}),
        ("obligation=1", {"non_field_errors": [PICK_PERIOD]}),
        ("request=1&period=2027-01", {"non_field_errors": [PICK_PERIOD]}),
        ("obligation=abc&period=2027-01", {"obligation": ["Mã số phải là số nguyên dương."]}),
        ("request=1.5", {"request": ["Mã số phải là số nguyên dương."]}),
        ("obligation=&period=&request=", {"non_field_errors": [PICK_PERIOD]}),
    ],
)
def test_period_table_refuses_a_bad_query(client, january, query, fields):
    login(client, january.ban_cv)
    before = snapshot()
    for url in ("periods/", "periods/xlsx/", "periods/documents.zip"):
        response = client.get(f"{API}/{url}?{query}")
        assert (url, response.status_code, response.json()) == (
            url,
            400,
            {"error": "invalid", "detail": "Dữ liệu không hợp lệ.", "fields": fields},
        )
    assert client.post(f"{API}/periods/remind/?{query}").status_code == 400
    assert snapshot() == before


def test_period_table_of_the_front_shows_its_own_upward_report(client, regs, province):
    p = province
    generate_slots(2027, codes=["002"])
    women = ReportSlot.objects.select_related("reporter", "receiver", "obligation").get(
        reporter=p.women, obligation__code="quarterly", period_key="2027-Q2"
    )
    women_figures = {  # in the order of 002's quarterly template
        "officials_supervised": 4,
        "feedback_received": 3,
        "denunciations_received": 0,
        "feedback_handled": 2,
        "dialogues_held": 1,
    }
    with time_machine.travel(at("2027-06-10"), tick=False):
        send(women, p.women_cv, p.women_leader, figures=women_figures)
    up = ReportSlot.objects.get(
        reporter=p.front, obligation__code="consolidated-quarterly", period_key="2027-Q2"
    )
    login(client, p.front_cv)
    with time_machine.travel(at("2027-06-10", 10), tick=False):
        body = client.get(f"{API}/periods/?{period_query('2027-Q2', 'quarterly', '002')}").json()
    assert body["upward"] == {
        "id": up.pk,
        "title": "Báo cáo tổng hợp kết quả giám sát 3 tháng gửi Ban Thường vụ Tỉnh ủy",
        "receiver": org(p.btv),
        "period_label": "Quý II/2027",
        "due_on": "2027-06-30",
        "state": "not_due",
        "state_label": "Chưa đến kỳ",
    }
    members = [
        p.veterans,
        p.women,
        p.farmers,
        p.labour,
        p.youth,
    ]  # the front's member bodies, by abbreviation
    assert [r["reporter"]["abbreviation"] for r in body["rows"]] == [m.abbreviation for m in members]
    assert [m.abbreviation for m in members] == ["HCCB", "HLHPN", "HND", "LDLD", "TD"]
    # only the women's union has sent: the totals are its figures, the other members are pending
    assert (body["totals"], body["counts"]) == (
        list(women_figures.values()),
        {"on_time": 1, "late": 0, "missing": 0, "pending": len(members) - 1},
    )


# --- requests ----------------------------------------------------------------------------------------


def test_create_a_request_by_codes_and_ids_and_list_it(client, regs, province):
    p = province
    login(client, p.ban_cv)
    with time_machine.travel(at("2027-04-28", 10), tick=False):
        response = post_json(
            client,
            f"{API}/requests/",
            {
                "origin": "thematic",
                "subject": "Báo cáo chuyên đề tiếp công dân",
                "body": "Số liệu 6 tháng",
                "reporters": [p.xa1.code, p.xa2.pk],
                "working_days": 3,
                "regulation": "003",
                "obligation": obligation().pk,
            },
        )
    assert response.status_code == 201, response.content
    req = ReportRequest.objects.get()
    s1, s2 = (ReportSlot.objects.get(request=req, reporter=o) for o in (p.xa1, p.xa2))
    slot = {
        "state": "due",
        "state_label": "Đến kỳ báo cáo",
        "punctuality": "pending",
        "punctuality_label": "Chưa đến hạn",
        "late": False,
        "first_sent_at": None,
    }
    expected = {
        "id": req.pk,
        "origin": "thematic",
        "origin_label": "Chuyên đề",
        "subject": "Báo cáo chuyên đề tiếp công dân",
        "body": "Số liệu 6 tháng",
        "regulation": "003",
        "obligation": "monthly",
        "obligation_id": obligation().pk,
        "receiver": org(p.ban),
        "due_on": "2027-05-05",
        "due_working_days": 3,
        "due_rule": "3 ngày làm việc kể từ ngày yêu cầu 28/04/2027 (không tính ngày yêu cầu): hạn 05/05/2027.",
        "created_by": p.ban_cv.full_name,
        "created_at": "2027-04-28T10:00:00+07:00",
        "slots": [
            {"id": s2.pk, "reporter": org(p.xa2), **slot},  # by reporter name: An Hai, An Một
            {"id": s1.pk, "reporter": org(p.xa1), **slot},
        ],
    }
    assert response.json() == expected
    with time_machine.travel(at("2027-04-28", 11), tick=False):
        assert client.get(f"{API}/requests/").json()["results"] == [expected]
        login(client, p.xa1_cv)  # the reporting body sees its slot, not the request list of the Ban
        assert client.get(f"{API}/requests/").json()["results"] == []
        assert [s["id"] for s in client.get(f"{API}/slots/?request={req.pk}").json()["results"]] == [s1.pk]
        # The request's figures template is that of the obligation.
        assert (
            client.get(f"{API}/slots/{s1.pk}/").json()["template_url"] == f"{API}/slots/{s1.pk}/template.xlsx"
        )
        login(client, p.ban_cv)
        table = client.get(f"{API}/periods/?request={req.pk}").json()
    assert (
        table["request"],
        table["period_label"],
        [r["slot"] for r in table["rows"]],
        len(table["indicators"]),
    ) == (
        req.pk,
        "hạn 05/05/2027",
        [s2.pk, s1.pk],
        7,
    )


def test_create_a_request_due_on_a_date_in_either_format(client, regs, province):
    login(client, province.ban_cv)
    with time_machine.travel(at("2027-04-28", 10), tick=False):
        for value in ("2027-05-10", "10/05/2027"):
            response = post_json(
                client,
                f"{API}/requests/",
                {"origin": "ad_hoc", "subject": "Vụ việc", "reporters": [province.xa1.code], "due_on": value},
            )
            assert (value, response.status_code, response.json()["due_on"]) == (value, 201, "2027-05-10")
    assert response.json()["due_rule"] == "Hạn gửi do Ban Nội chính Tỉnh ủy ấn định: 10/05/2027."


@pytest.mark.parametrize(
    ("change", "status", "error", "fields"),
    [
        (
            {"due_on": "10-05-2027"},
            400,
            "invalid",
            {
                "due_on": [
                    "Ngày không hợp lệ. Hãy nhập theo dạng YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 05/02/2025."
                ]
            },
        ),
        ({"due_on": "2027-04-27"}, 400, "invalid", {"due_on": ["Hạn gửi không được trước ngày hôm nay."]}),
        (
            {"due_on": "2027-05-10", "working_days": 3},
            400,
            "invalid",
            {"due_on": ["Hãy nhập hạn gửi: một ngày cụ thể hoặc số ngày làm việc."]},
        ),
        (
            {"working_days": None},
            400,
            "invalid",
            {"due_on": ["Hãy nhập hạn gửi: một ngày cụ thể hoặc số ngày làm việc."]},
        ),
        ({"working_days": 0}, 400, "invalid", None),
        (
            {"reporters": ["khong-co", "999999"]},
            400,
            "invalid",
            {"reporters": ["Không có tổ chức: khong-co, 999999."]},
        ),
        ({"reporters": []}, 400, "invalid", None),
        (
            {"reporters": ["SELF"]},
            400,
            "invalid",
            {"reporters": ["Cơ quan không thể tự yêu cầu chính mình báo cáo."]},
        ),
        ({"origin": "periodic"}, 400, "invalid", None),
        ({"subject": "  "}, 400, "invalid", None),
        ({"regulation": "999"}, 400, "invalid", {"regulation": ["Không có quy chế mã 999."]}),
        ({"obligation": "abc"}, 400, "invalid", {"obligation": ["Mã số phải là số nguyên dương."]}),
        ({"obligation": 999999}, 400, "invalid", {"obligation": ["Không có nghĩa vụ báo cáo này."]}),
        (
            {"obligation": "OTHER"},
            400,
            "invalid",
            {"obligation": ["Mẫu chỉ tiêu không thuộc quy chế đã chọn."]},
        ),
    ],
)
def test_create_a_request_with_bad_input_creates_nothing(
    client, regs, province, change, status, error, fields
):
    p = province
    data = {
        "origin": "ad_hoc",
        "subject": "Vụ việc",
        "reporters": [p.xa1.code],
        "working_days": 3,
        "regulation": "003",
    }
    if "due_on" in change and "working_days" not in change:
        del data["working_days"]
    data.update(change)
    if data["reporters"] == ["SELF"]:
        data["reporters"] = [p.ban.code]
    if data.get("obligation") == "OTHER":
        data["obligation"] = obligation("quarterly", "002").pk
    before = snapshot()
    login(client, p.ban_cv)
    with time_machine.travel(at("2027-04-28", 10), tick=False):
        response = post_json(client, f"{API}/requests/", data)
    body = response.json()
    assert (response.status_code, body["error"]) == (status, error)
    assert set(body) == {"error", "detail", "fields"}
    if fields is not None:
        assert body["fields"] == fields
    assert snapshot() == before


def test_a_clerk_may_not_request_reports(client, regs, province):
    before = snapshot()
    login(client, province.xa1_clerk)
    response = post_json(
        client,
        f"{API}/requests/",
        {"origin": "ad_hoc", "subject": "X", "reporters": [province.xa2.code], "working_days": 3},
    )
    assert (response.status_code, response.json()) == (
        403,
        {"error": "not_allowed", "detail": "Chỉ chuyên viên, lãnh đạo mới được yêu cầu báo cáo."},
    )
    assert snapshot() == before


# --- query counts ------------------------------------------------------------------------------------


def _third_commune(p):
    xa3 = OrganizationFactory(
        name="Đảng ủy xã An Ba",
        abbreviation="DUX3",
        kind=OrganizationKind.PARTY_COMMITTEE,
        level=Level.COMMUNE,
        superior=p.tu,
    )
    return (
        xa3,
        UserFactory(organization=xa3, role=Role.SPECIALIST),
        UserFactory(organization=xa3, role=Role.LEADER),
    )


def _count(client, url, n):
    client.get(url)  # warm-up (token, caches)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


@pytest.mark.parametrize(
    ("viewer", "query", "expected"),
    [
        # token, count, page
        ("xa1_cv", "", 3),
        ("ban_cv", "side=received&regulation=003", 3),
    ],
)
def test_slot_list_query_count_does_not_grow(
    client, regs, province, django_assert_num_queries, viewer, query, expected
):
    p = province
    login(client, getattr(p, viewer))
    counts = []
    with time_machine.travel(at("2027-03-01", 9), tick=False):
        for n in (1, 3):
            ReportRequest.objects.all().delete()
            for i in range(n):
                req = actions.create_request(
                    p.ban_cv,
                    origin=SlotOrigin.AD_HOC,
                    subject=f"Yêu cầu {i}",
                    reporters=[p.xa1],
                    working_days=3,
                    regulation=current_version("003"),
                )
                send(ReportSlot.objects.get(request=req), p.xa1_cv, p.xa1_leader, figures={})
            count, body = _count(client, f"{API}/slots/?{query}", n)
            assert body["count"] == n
            counts.append(count)
        assert counts == [expected, expected]
        with django_assert_num_queries(expected):
            client.get(f"{API}/slots/?{query}")


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        # token, slots, sent versions, indicators, upward slot
        ("obligation", 5),
        # token, slots, sent versions, the request's obligation, indicators (no upward for a request)
        ("request", 5),
    ],
)
def test_period_table_query_count_does_not_grow(
    client, regs, province, django_assert_num_queries, by, expected
):
    p = province
    xa3, xa3_cv, xa3_leader = _third_commune(p)
    bodies = [(p.xa1, p.xa1_cv, p.xa1_leader), (p.xa2, p.xa2_cv, p.xa2_leader), (xa3, xa3_cv, xa3_leader)]
    login(client, p.ban_cv)
    counts = []
    for n in (1, 3):
        ReportSlot.objects.all().delete()
        ReportRequest.objects.all().delete()
        reporters = [b[0] for b in bodies[:n]]
        with time_machine.travel(at("2027-01-20", 9), tick=False):
            if by == "obligation":
                generate_slots(2027, codes=["003"])
                ReportSlot.objects.filter(period_key="2027-01").exclude(reporter__in=reporters).delete()
                slots = [slot_of(r) for r in reporters]
                url = f"{API}/periods/?{period_query()}"
            else:
                req = actions.create_request(
                    p.ban_cv,
                    origin=SlotOrigin.AD_HOC,
                    subject="X",
                    reporters=reporters,
                    working_days=5,
                    obligation=obligation(),
                )
                slots = [ReportSlot.objects.get(request=req, reporter=r) for r in reporters]
                url = f"{API}/periods/?request={req.pk}"
            for slot, (_, cv, leader) in zip(slots, bodies, strict=False):
                send(ReportSlot.objects.select_related("reporter", "receiver").get(pk=slot.pk), cv, leader)
            count, body = _count(client, url, n)
        assert (len(body["rows"]), body["counts"]["on_time"], body["totals"][0]) == (
            n,
            n,
            FIGURES_003[CODES[0]] * n,  # each of the n reporters sent FIGURES_003
        )
        counts.append(count)
    assert counts == [expected, expected]
    with time_machine.travel(at("2027-01-20", 9), tick=False), django_assert_num_queries(expected):
        client.get(url)


def test_request_list_query_count_does_not_grow(client, regs, province, django_assert_num_queries):
    p = province
    login(client, p.ban_cv)
    expected = 4  # token, count, page, slots with their reporters
    counts = []
    with time_machine.travel(at("2027-03-01", 9), tick=False):
        for n in (1, 3):
            ReportRequest.objects.all().delete()
            for i in range(n):
                actions.create_request(
                    p.ban_cv,
                    origin=SlotOrigin.THEMATIC,
                    subject=f"Chuyên đề {i}",
                    reporters=[p.xa1, p.xa2],
                    working_days=3,
                    obligation=obligation(),
                )
            count, body = _count(client, f"{API}/requests/", n)
            assert (body["count"], [len(r["slots"]) for r in body["results"]]) == (n, [2] * n)
            counts.append(count)
        assert counts == [expected, expected]
        with django_assert_num_queries(expected):
            client.get(f"{API}/requests/")


# --- schema ------------------------------------------------------------------------------------------

OPERATIONS = {
    ("/api/v1/reports/slots/", "get"): "reports_slots_list",
    ("/api/v1/reports/slots/{id}/", "get"): "reports_slots_retrieve",
    ("/api/v1/reports/slots/{id}/draft/", "post"): "reports_slots_draft",
    ("/api/v1/reports/slots/{id}/xlsx/", "post"): "reports_slots_xlsx",
    ("/api/v1/reports/slots/{id}/template.xlsx", "get"): "reports_slots_template",
    ("/api/v1/reports/slots/{id}/accept/", "post"): "reports_slots_accept",
    ("/api/v1/reports/slots/{id}/return/", "post"): "reports_slots_return",
    ("/api/v1/reports/submissions/{id}/submit/", "post"): "reports_submissions_submit",
    ("/api/v1/reports/submissions/{id}/return-draft/", "post"): "reports_submissions_return_draft",
    ("/api/v1/reports/submissions/{id}/approve/", "post"): "reports_submissions_approve",
    ("/api/v1/reports/submissions/{id}/document/", "get"): "reports_submissions_document",
    ("/api/v1/reports/periods/", "get"): "reports_periods_retrieve",
    ("/api/v1/reports/periods/xlsx/", "get"): "reports_periods_xlsx",
    ("/api/v1/reports/periods/documents.zip", "get"): "reports_periods_documents",
    ("/api/v1/reports/periods/remind/", "post"): "reports_periods_remind",
    ("/api/v1/reports/requests/", "get"): "reports_requests_list",
    ("/api/v1/reports/requests/", "post"): "reports_requests_create",
}


def test_schema_lists_every_endpoint_with_its_own_enums(client, province):
    login(client, province.ban_cv)
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    found = {
        (path, method): op["operationId"]
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/reports/")
        for method, op in item.items()
        if method in {"get", "post"}
    }
    assert found == OPERATIONS
    components = schema["components"]["schemas"]
    assert components["ReportSlotStateEnum"]["enum"] == [s.value for s in SlotState]
    assert components["ReportSubmissionStateEnum"]["enum"] == ["draft", "pending_approval", "sent"]
    assert components["ReportPunctualityEnum"]["enum"] == ["on_time", "late", "missing", "pending"]
    assert components["ReportRequestOriginEnum"]["enum"] == ["ad_hoc", "thematic"]
    assert components["ReportSlot"]["properties"]["state"] == {
        "$ref": "#/components/schemas/ReportSlotStateEnum"
    }
    draft_body = schema["paths"]["/api/v1/reports/slots/{id}/draft/"]["post"]["requestBody"]["content"]
    ref = draft_body["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    document = components[ref]["properties"]["document"]
    assert (document["type"], document["format"]) == ("string", "binary")
    list_params = {p["name"] for p in schema["paths"]["/api/v1/reports/slots/"]["get"]["parameters"]}
    assert list_params == {
        "side",
        "period",
        "state",
        "regulation",
        "obligation",
        "request",
        "limit",
        "offset",
    }


def test_schema_generation_emits_no_warning_about_reports():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    messages = list(GENERATOR_STATS._warn_cache) + list(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    ours = [m for m in messages if "api/reports/" in m or "reports_" in m or re.search(r"Report[A-Z]", m)]
    assert ours == []
    # and none of ours falls into the shared enum-name collision resolution of other apps
    assert [m for m in messages if '"state"' in m or '"origin"' in m or '"punctuality"' in m] == []
