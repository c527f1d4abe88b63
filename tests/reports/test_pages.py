"""Report pages: lists, the period table, one slot with its actions; permissions (404 for outsiders), bad
input (a Vietnamese message, nothing saved) and query counts at 1 and 3 items."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from phoihop.accounts.enums import Role
from phoihop.notifications.models import Notification
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.regulations.models import CopyToDuty
from phoihop.reports.domain import actions
from phoihop.reports.domain.generation import generate_slots
from phoihop.reports.domain.xlsx import template
from phoihop.reports.enums import SlotOrigin, SlotState, SubmissionState
from phoihop.reports.models import ReportCopy, ReportRequest, ReportSlot, ReportSubmission
from tests.factories import OrganizationFactory, UserFactory
from tests.layout import LAYOUT_QUERIES

from .conftest import FIGURES_003, at, pdf, send, slot_of

K = OrganizationKind


@pytest.fixture
def slots(regs, province):
    generate_slots(2027, codes=["003"])
    return province


def _figures_post(figures, **extra):
    data = {f"fig_{k}": str(v) for k, v in figures.items()}
    data.update(extra)
    return data


def _period_url(slot: ReportSlot) -> str:
    return reverse("reports-period", args=[slot.obligation_id, slot.period_key])


# --- access ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["reports-own", "reports-received", "reports-copies", "reports-requests"])
def test_anonymous_users_are_sent_to_login(client, db, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_a_commune_sees_its_own_slots_only(client, slots):
    p = slots
    client.force_login(p.xa1_cv)
    body = client.get(reverse("reports-own") + "?nam=2027").content.decode()
    own = set(ReportSlot.objects.filter(reporter=p.xa1).values_list("pk", flat=True))
    other = set(ReportSlot.objects.filter(reporter=p.xa2).values_list("pk", flat=True))
    assert len(own) == 18  # 12 monthly + 4 quarterly + the half-year (H1) + the yearly (003 Art. 4.2.g)
    assert all(f'id="slot-{pk}"' in body for pk in own)
    assert not any(f'id="slot-{pk}"' in body for pk in other)
    assert "29/01/2027" in body


def test_another_commune_gets_404_on_every_page_of_a_slot(client, slots):
    p = slots
    slot = slot_of(p.xa1)
    with time_machine.travel(at("2027-01-20"), tick=False):
        version = send(slot, p.xa1_cv, p.xa1_leader)
    client.force_login(p.xa2_leader)
    urls = [
        reverse("reports-slot", args=[slot.pk]),
        reverse("reports-xlsx-template", args=[slot.pk]),
        reverse("reports-document", args=[version.pk]),
        _period_url(slot),
    ]
    assert [client.get(u).status_code for u in urls] == [404, 404, 404, 404]
    posts = [
        reverse("reports-draft", args=[slot.pk]),
        reverse("reports-accept", args=[slot.pk]),
        reverse("reports-return", args=[slot.pk]),
        reverse("reports-period-remind", args=[slot.obligation_id, slot.period_key]),
        reverse("reports-approve", args=[version.pk]),
    ]
    assert [client.post(u, {"reason": "x"}).status_code for u in posts] == [404] * 5
    slot.refresh_from_db()
    assert slot.state == SlotState.SUBMITTED


def test_the_receiver_never_sees_a_draft(client, slots):
    p = slots
    slot = slot_of(p.xa1)
    draft = actions.save_draft(p.xa1_cv, slot, document=pdf("du-thao.pdf"), figures=FIGURES_003)
    client.force_login(p.ban_cv)
    body = client.get(reverse("reports-slot", args=[slot.pk])).content.decode()
    assert "du-thao.pdf" not in body
    assert client.get(reverse("reports-document", args=[draft.pk])).status_code == 404


# --- the whole life cycle through the pages ----------------------------------------------------------


def test_draft_submit_approve_return_and_resubmit_through_the_pages(client, slots):
    p = slots
    slot = slot_of(p.xa1)
    url = reverse("reports-slot", args=[slot.pk])
    with time_machine.travel(at("2027-01-20"), tick=False):
        client.force_login(p.xa1_cv)
        response = client.post(
            reverse("reports-draft", args=[slot.pk]),
            _figures_post(FIGURES_003, document=pdf("thang-1.pdf"), note="Bản đầu"),
        )
        assert response.status_code == 302
        assert response["Location"] == url
        draft = ReportSubmission.objects.get(slot=slot)
        assert (draft.version, draft.state, draft.figures) == (1, SubmissionState.DRAFT, FIGURES_003)
        assert client.post(reverse("reports-submit", args=[draft.pk])).status_code == 302
        # a specialist cannot approve
        response = client.post(reverse("reports-approve", args=[draft.pk]))
        assert response.status_code == 403
        assert "Chỉ lãnh đạo cơ quan báo cáo" in response.content.decode()
        client.force_login(p.xa1_leader)
        assert client.post(reverse("reports-approve", args=[draft.pk])).status_code == 302
    slot.refresh_from_db()
    assert (slot.state, slot.late) == (SlotState.SUBMITTED, False)

    with time_machine.travel(at("2027-01-21"), tick=False):
        client.force_login(p.ban_cv)
        table = client.get(_period_url(slot)).content.decode()
        assert f'id="reporter-{p.xa1.pk}" class="punctuality-on_time"' in table
        assert f'id="reporter-{p.xa2.pk}" class="punctuality-pending"' in table
        response = client.post(
            reverse("reports-return", args=[slot.pk]), {"reason": "Bổ sung số liệu tiếp dân"}
        )
        assert response.status_code == 302
    slot.refresh_from_db()
    assert (slot.state, slot.return_reason) == (SlotState.RETURNED, "Bổ sung số liệu tiếp dân")

    corrected = {**FIGURES_003, "citizens_received": 31}
    with time_machine.travel(at("2027-01-22"), tick=False):
        client.force_login(p.xa1_leader)
        body = client.get(url).content.decode()
        assert "Bổ sung số liệu tiếp dân" in body
        response = client.post(
            reverse("reports-draft", args=[slot.pk]), _figures_post(corrected, document=pdf("thang-1-v2.pdf"))
        )
        assert response.status_code == 302
        v2 = ReportSubmission.objects.get(slot=slot, version=2)
        assert client.post(reverse("reports-approve", args=[v2.pk])).status_code == 302
    versions = list(ReportSubmission.objects.filter(slot=slot).values_list("version", "state", "figures"))
    assert versions == [(1, "sent", FIGURES_003), (2, "sent", corrected)]
    client.force_login(p.ban_cv)
    body = client.get(url).content.decode()
    assert 'id="version-1"' in body
    assert 'id="version-2"' in body
    assert client.post(reverse("reports-accept", args=[slot.pk])).status_code == 302
    slot.refresh_from_db()
    assert slot.state == SlotState.ACCEPTED


def test_a_leader_returns_a_draft_with_a_reason_the_drafter_reads(client, slots):
    """Issue 11: "return to draft" asks a reason; without one nothing changes and the page says why; the drafter
    reads it in the report's history."""
    p = slots
    slot = slot_of(p.xa1)
    url = reverse("reports-slot", args=[slot.pk])
    with time_machine.travel(at("2027-01-20"), tick=False):
        client.force_login(p.xa1_cv)
        client.post(
            reverse("reports-draft", args=[slot.pk]), _figures_post(FIGURES_003, document=pdf("t1.pdf"))
        )
        draft = ReportSubmission.objects.get(slot=slot)
        assert client.post(reverse("reports-submit", args=[draft.pk])).status_code == 302
        client.force_login(p.xa1_leader)
        assert 'id="return-draft-reason"' in client.get(url).content.decode()
        response = client.post(reverse("reports-return-draft", args=[draft.pk]), {"reason": "  "})
        assert response.status_code == 400
        assert "Hãy nêu lý do trả lại dự thảo để người soạn sửa." in response.content.decode()
        draft.refresh_from_db()
        assert draft.state == SubmissionState.PENDING_APPROVAL
        response = client.post(
            reverse("reports-return-draft", args=[draft.pk]), {"reason": "Thiếu số liệu tháng 1"}
        )
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.state == SubmissionState.DRAFT
        client.force_login(p.xa1_cv)
        assert (
            "Lãnh đạo trả lại dự thảo báo cáo (lần 1): Thiếu số liệu tháng 1"
            in client.get(url).content.decode()
        )


def test_a_text_in_a_figure_is_refused_naming_it_and_nothing_is_saved(client, slots):
    p = slots
    slot = slot_of(p.xa1)
    client.force_login(p.xa1_cv)
    bad = {**FIGURES_003, "petitions_received": "mười hai"}
    bad.pop("cases_followed")
    response = client.post(reverse("reports-draft", args=[slot.pk]), _figures_post(bad, document=pdf()))
    assert response.status_code == 400
    body = response.content.decode()
    assert "“Số đơn, thư khiếu nại, tố cáo, kiến nghị, phản ánh tiếp nhận”: phải là số" in body
    assert "Thiếu số liệu “Số vụ án, vụ việc đang theo dõi, đôn đốc”" in body
    assert ReportSubmission.objects.filter(slot=slot).count() == 0


def test_a_disallowed_document_is_refused_and_nothing_is_saved(client, slots):
    p = slots
    slot = slot_of(p.xa1)
    client.force_login(p.xa1_cv)
    exe = SimpleUploadedFile("bao-cao.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(reverse("reports-draft", args=[slot.pk]), _figures_post(FIGURES_003, document=exe))
    assert response.status_code == 400
    assert "không đúng loại cho phép" in response.content.decode()
    assert ReportSubmission.objects.filter(slot=slot).count() == 0


def test_figures_from_an_xlsx_template_and_a_wrong_cell_named(client, slots):
    p = slots
    slot = slot_of(p.xa1)
    client.force_login(p.xa1_cv)
    response = client.get(reverse("reports-xlsx-template", args=[slot.pk]))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.active
    codes = [ws.cell(row=r, column=1).value for r in range(4, 4 + len(FIGURES_003))]
    assert codes == list(FIGURES_003)
    for i, code in enumerate(codes):
        ws.cell(row=4 + i, column=3, value=FIGURES_003[code])
    ws.cell(row=5, column=3, value="nhiều")
    out = io.BytesIO()
    wb.save(out)
    upload = SimpleUploadedFile("so-lieu.xlsx", out.getvalue())
    response = client.post(
        reverse("reports-xlsx-upload", args=[slot.pk]), {"xlsx": upload, "document": pdf()}
    )
    assert response.status_code == 400
    assert "Dòng 5, cột C" in response.content.decode()
    assert ReportSubmission.objects.filter(slot=slot).count() == 0

    ws.cell(row=5, column=3, value=FIGURES_003[codes[1]])
    out = io.BytesIO()
    wb.save(out)
    upload = SimpleUploadedFile("so-lieu.xlsx", out.getvalue())
    response = client.post(
        reverse("reports-xlsx-upload", args=[slot.pk]), {"xlsx": upload, "document": pdf()}
    )
    assert response.status_code == 302
    assert ReportSubmission.objects.get(slot=slot).figures == FIGURES_003


# --- the receiving body --------------------------------------------------------------------------------


def test_period_table_flags_missing_and_late_and_downloads_hold_the_same_numbers(client, slots):
    p = slots
    slot = slot_of(p.xa1)
    with time_machine.travel(at("2027-01-20"), tick=False):
        send(slot, p.xa1_cv, p.xa1_leader, name="xa1.pdf")
    with time_machine.travel(at("2027-02-01"), tick=False):
        client.force_login(p.ban_cv)
        body = client.get(_period_url(slot)).content.decode()
        assert f'id="reporter-{p.xa1.pk}" class="punctuality-on_time"' in body
        assert f'id="reporter-{p.xa2.pk}" class="punctuality-missing"' in body
        assert "Đúng hạn: 1 · Trễ hạn: 0 · Chưa gửi, đã quá hạn: 1 · Chưa đến hạn: 0" in body
        xlsx = client.get(_period_url(slot) + "?dang=xlsx")
        ws = load_workbook(io.BytesIO(xlsx.content)).active
        rows = [list(r) for r in ws.iter_rows(min_row=5, values_only=True)]
        assert rows == [
            ["Đảng ủy xã An Hai", "Chưa gửi, đã quá hạn", None, *[None] * len(FIGURES_003)],
            ["Đảng ủy xã An Một", "Đúng hạn", 1, *FIGURES_003.values()],
            ["Tổng cộng", None, None, *FIGURES_003.values()],
        ]
        archive = client.get(_period_url(slot) + "?dang=zip")
        with zipfile.ZipFile(io.BytesIO(archive.content)) as zf:
            assert zf.namelist() == ["Đảng ủy xã An Một/lan-1-xa1.pdf"]
        assert (xlsx["Content-Disposition"], archive["Content-Disposition"]) == (
            'attachment; filename="tong-hop-thang-1-2027.xlsx"',
            'attachment; filename="van-ban-thang-1-2027.zip"',
        )

        # one action reminds the missing commune (once a day)
        remind = reverse("reports-period-remind", args=[slot.obligation_id, slot.period_key])
        assert client.post(remind).status_code == 302
        assert client.post(remind).status_code == 302
    manual = Notification.objects.filter(kind="report.reminder.manual")
    assert sorted(manual.values_list("user__organization__abbreviation", flat=True)) == ["DUX2", "DUX2"]
    assert {n.user_id for n in manual} == {p.xa2_cv.pk, p.xa2_leader.pk}


def test_a_receiving_clerk_reads_the_table_but_cannot_remind(client, slots):
    p = slots
    clerk = UserFactory(organization=p.ban, role=Role.CLERK)
    slot = slot_of(p.xa1)
    client.force_login(clerk)
    assert client.get(_period_url(slot)).status_code == 200
    remind = reverse("reports-period-remind", args=[slot.obligation_id, slot.period_key])
    client.post(remind)
    assert Notification.objects.filter(kind="report.reminder.manual").count() == 0


def test_received_list_counts_per_period(client, slots):
    p = slots
    with time_machine.travel(at("2027-01-20"), tick=False):
        send(slot_of(p.xa1), p.xa1_cv, p.xa1_leader)
    with time_machine.travel(at("2027-02-02"), tick=False):
        client.force_login(p.ban_cv)
        response = client.get(reverse("reports-received") + "?nam=2027")
    rows = {(r["period_key"], r["obligation_id"]): r for r in response.context["rows"]}
    jan = rows[("2027-01", slot_of(p.xa1).obligation_id)]
    reporters = [p.xa1, p.xa2]  # under 003 the communes report to the Ban; xã An Một sent on time
    assert (jan["total"], jan["sent"], jan["late"], jan["missing"]) == (
        len(reporters),
        1,
        0,
        len(reporters) - 1,
    )
    # 12 months, 4 quarters, the first half-year (the second is the annual report) and the year
    months = [f"2027-{m:02d}" for m in range(1, 13)]
    assert sorted(key for key, _obligation in rows) == sorted(
        [*months, "2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4", "2027-H1", "2027"]
    )
    assert len(rows) == 12 + 4 + 1 + 1


def test_an_ad_hoc_request_from_the_page(client, slots):
    p = slots
    with time_machine.travel(at("2027-03-01"), tick=False):
        client.force_login(p.ban_cv)
        assert client.get(reverse("reports-request-create")).status_code == 200
        bad = client.post(
            reverse("reports-request-create"),
            {"origin": "ad_hoc", "subject": "Vụ việc X", "reporters": [p.xa1.pk], "due_on": "31-03-2027"},
        )
        assert bad.status_code == 400
        assert "Ngày không hợp lệ" in bad.content.decode()
        assert ReportRequest.objects.count() == 0
        ok = client.post(
            reverse("reports-request-create"),
            {
                "origin": "ad_hoc",
                "subject": "Vụ việc X",
                "reporters": [p.xa1.pk, p.xa2.pk],
                "working_days": "5",
            },
        )
    req = ReportRequest.objects.get()
    assert ok.status_code == 302
    assert ok["Location"] == reverse("reports-request-table", args=[req.pk])
    assert (req.due_on.isoformat(), sorted(req.slots.values_list("reporter__abbreviation", flat=True))) == (
        "2027-03-08",
        ["DUX1", "DUX2"],
    )
    client.force_login(p.xa1_cv)
    assert client.get(reverse("reports-request-table", args=[req.pk])).status_code == 404


def test_the_template_of_another_obligation_is_refused(client, slots):
    p = slots
    slot = slot_of(p.xa1)
    quarterly = slot_of(p.xa1, obligation="quarterly", period="2027-Q1")
    data = template(quarterly.obligation, list(quarterly.obligation.indicators.all()))
    client.force_login(p.xa1_cv)
    response = client.post(
        reverse("reports-xlsx-upload", args=[slot.pk]),
        {"xlsx": SimpleUploadedFile("q.xlsx", data), "document": pdf()},
    )
    assert response.status_code == 400
    assert (
        "Tệp không đúng mẫu của báo cáo này (dòng 2, cột B phải là “003/monthly/v"
        in response.content.decode()
    )
    assert ReportSubmission.objects.filter(slot=slot).count() == 0


# --- query counts at 1 and 3 items ------------------------------------------------------------------


def _communes(n: int):
    tu = OrganizationFactory(name="Tỉnh ủy", abbreviation="TU", kind=K.PARTY_COMMITTEE, level=Level.PROVINCE)
    ban = OrganizationFactory(
        name="Ban Nội chính",
        abbreviation="BNC",
        kind=K.INTERNAL_AFFAIRS_BOARD,
        level=Level.PROVINCE,
        superior=tu,
    )
    communes = [
        OrganizationFactory(
            name=f"Đảng ủy xã {i}",
            abbreviation=f"X{i}",
            kind=K.PARTY_COMMITTEE,
            level=Level.COMMUNE,
            superior=tu,
        )
        for i in range(n)
    ]
    generate_slots(2027, codes=["003"])
    return ban, communes


@pytest.mark.parametrize("n", [1, 3])
def test_query_counts_of_the_period_table(client, regs, django_assert_num_queries, n):
    ban, communes = _communes(n)
    user = UserFactory(organization=ban, role=Role.SPECIALIST)
    slot = ReportSlot.objects.filter(reporter=communes[0], period_key="2027-01").get()
    client.force_login(user)
    client.get(_period_url(slot))
    # session, user, obligation, indicators, slots, sent versions, upward slot, calendar overrides, the
    # user's organisation (page header)
    with django_assert_num_queries(9 + LAYOUT_QUERIES):
        response = client.get(_period_url(slot))
    assert len(response.context["table"].rows) == n


@pytest.mark.parametrize("n", [1, 3])
def test_query_counts_of_the_received_list(client, regs, django_assert_num_queries, n):
    ban, communes = _communes(3)
    user = UserFactory(organization=ban, role=Role.SPECIALIST)
    keep = ReportSlot.objects.filter(period_key__in=["2027-01", "2027-02", "2027-03"][:n])
    ReportSlot.objects.exclude(pk__in=keep.values("pk")).delete()
    client.force_login(user)
    # session, user, the period rows, the user's organisation; the layout's counts
    with django_assert_num_queries(4 + LAYOUT_QUERIES):
        response = client.get(reverse("reports-received") + "?nam=2027")
    assert len(response.context["rows"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_query_counts_of_the_own_list(client, regs, django_assert_num_queries, n):
    ban, communes = _communes(1)
    user = UserFactory(organization=communes[0], role=Role.SPECIALIST)
    keep = ReportSlot.objects.filter(period_key__in=["2027-01", "2027-02", "2027-03"][:n])
    ReportSlot.objects.exclude(pk__in=keep.values("pk")).delete()
    client.force_login(user)
    with django_assert_num_queries(4 + LAYOUT_QUERIES):  # session, user, the slots, the user's organisation
        response = client.get(reverse("reports-own") + "?nam=2027")
    assert len(response.context["slots"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_query_counts_of_the_requests_list(client, regs, province, django_assert_num_queries, n):
    p = province
    for i in range(n):
        actions.create_request(
            p.ban_cv,
            origin=SlotOrigin.AD_HOC,
            subject=f"Yêu cầu {i}",
            reporters=[p.xa1, p.xa2],
            due_on=timezone.localdate() + dt.timedelta(days=30),
        )
    client.force_login(p.ban_cv)
    # session, user, the requests with their counts, the organisation; the layout's counts
    with django_assert_num_queries(4 + LAYOUT_QUERIES):
        response = client.get(reverse("reports-requests"))
    assert [r.subject for r in response.context["items"]] == [f"Yêu cầu {i}" for i in reversed(range(n))]


@pytest.mark.parametrize("n", [1, 3])
def test_query_counts_of_the_copies_list(client, slots, django_assert_num_queries, n):
    p = slots
    duty = CopyToDuty.objects.first()
    for month in range(1, n + 1):
        slot = slot_of(p.xa1, period=f"2027-{month:02d}")
        with time_machine.travel(at(f"2027-{month:02d}-20"), tick=False):
            version = send(slot, p.xa1_cv, p.xa1_leader)
        ReportCopy.objects.create(
            slot=slot, submission=version, copy_to=p.btv, duty=duty, created_at=version.sent_at
        )
    client.force_login(p.btv_leader)
    # session, user, the leader's authenticator app (two-factor), the copies with slot/reporter/receiver/duty,
    # organisation
    with django_assert_num_queries(5 + LAYOUT_QUERIES):
        response = client.get(reverse("reports-copies"))
    assert len(response.context["copies"]) == n
    # a copy-holder opens the slot and sees the sent version only
    assert client.get(reverse("reports-slot", args=[slot.pk])).status_code == 200
