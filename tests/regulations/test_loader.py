"""Loading is idempotent, versioned and all-or-nothing; broken files are refused with file, field, reason."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from phoihop.audit.models import AuditEvent
from phoihop.regulations import queries
from phoihop.regulations.domain import RegulationDataError, data_files, load_regulation_files
from phoihop.regulations.models import (
    ConsultationRule,
    Content,
    Party,
    Reading,
    Regulation,
    ReportIndicator,
    ReportingObligation,
)

from .conftest import edit

pytestmark = pytest.mark.django_db

ROW_MODELS = [
    Regulation,
    Party,
    Content,
    Reading,
    ConsultationRule,
    ReportingObligation,
    ReportIndicator,
    AuditEvent,
]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in ROW_MODELS}


def refused(paths: list[Path]) -> list[str]:
    with pytest.raises(RegulationDataError) as info:
        load_regulation_files(paths)
    return info.value.problems


def test_load_writes_one_audit_event_per_version(loaded):
    events = AuditEvent.objects.filter(target_type="regulations.regulation")
    assert sorted((e.action, e.data["code"], e.data["version"]) for e in events) == [
        ("loaded", c, 1) for c in ["000", "001", "002", "003", "004"]
    ]
    assert {e.target_id for e in events} == {str(r.pk) for r in loaded.values()}


def test_loading_twice_creates_nothing(loaded, data_copy):
    before = counts()
    result = load_regulation_files(data_files(data_copy))
    assert (len(result.created), len(result.unchanged), len(result.superseded)) == (0, 5, 0)
    assert counts() == before


def test_command_is_idempotent_and_prints_a_vietnamese_summary(db, data_copy):
    out = StringIO()
    call_command("load_regulations", "--dir", str(data_copy), stdout=out)
    assert (
        out.getvalue().splitlines()[-1]
        == "Tổng cộng: 5 phiên bản mới, 0 không thay đổi, 0 phiên bản bị thay thế."
    )
    assert "Đã nạp quy chế 000 phiên bản 1: 521-QĐ/HU." in out.getvalue()
    before = counts()
    out = StringIO()
    call_command("load_regulations", "--dir", str(data_copy), stdout=out)
    assert out.getvalue().splitlines() == [
        *[f"Quy chế {c} phiên bản 1: không thay đổi." for c in ["000", "001", "002", "003", "004"]],
        "Tổng cộng: 0 phiên bản mới, 5 không thay đổi, 0 phiên bản bị thay thế.",
    ]
    assert counts() == before


def test_command_default_dir_is_the_settings_dir(db):
    out = StringIO()
    call_command("load_regulations", stdout=out)
    assert Regulation.objects.count() == 5


def test_higher_version_supersedes_and_old_rows_stay(loaded, data_copy):
    old = loaded["003"]
    old_rule = ConsultationRule.objects.get(regulation=old)
    old_reports = list(old.reporting_obligations.values_list("code", "due_type"))
    edit(data_copy / "003.yaml", "version: 1", "version: 2")
    edit(data_copy / "003.yaml", "  working_days: 5", "  working_days: 6")

    result = load_regulation_files([data_copy / "003.yaml"])

    assert [(r.code, r.version) for r in result.created] == [("003", 2)]
    assert [(r.code, r.version) for r in result.superseded] == [("003", 1)]
    assert result.summary().splitlines() == [
        "Đã nạp quy chế 003 phiên bản 2: Ban Nội chính Tỉnh ủy – các đảng ủy xã, phường (Hưng Yên).",
        "Quy chế 003 phiên bản 1 được thay bằng phiên bản 2 (việc đã tạo trước đó giữ phiên bản cũ).",
        "Tổng cộng: 1 phiên bản mới, 0 không thay đổi, 1 phiên bản bị thay thế.",
    ]
    new = result.created[0]
    old.refresh_from_db()
    assert old.superseded_by == new
    assert old.superseded_at == new.loaded_at
    assert queries.current_version("003") == new
    assert [r.version for r in queries.versions_of("003")] == [2, 1]
    # the old version keeps every row as it was
    assert ConsultationRule.objects.get(regulation=old).working_days == 5
    assert ConsultationRule.objects.get(pk=old_rule.pk).working_days == 5
    assert list(old.reporting_obligations.values_list("code", "due_type")) == old_reports
    assert ConsultationRule.objects.get(regulation=new).working_days == 6
    assert {r.code for r in queries.current()} == {"000", "001", "002", "003", "004"}
    assert queries.current().get(code="003").version == 2
    event = AuditEvent.objects.get(target_type="regulations.regulation", target_id=str(new.pk))
    assert (event.data["version"], event.data["supersedes_version"]) == (2, 1)
    # loading the whole directory again changes nothing
    before = counts()
    result = load_regulation_files(data_files(data_copy))
    assert (len(result.created), len(result.unchanged)) == (0, 5)
    assert counts() == before


def test_same_version_with_changed_content_is_refused(loaded, data_copy):
    edit(data_copy / "004.yaml", "total_cap_working_days: 7", "total_cap_working_days: 8")
    before = counts()
    problems = refused(data_files(data_copy))
    assert problems == [
        f"{data_copy / '004.yaml'}: version: nội dung khác với phiên bản 1 đã nạp; "
        "muốn thay đổi thì tăng version (ví dụ version: 2)"
    ]
    assert counts() == before
    assert ConsultationRule.objects.get(regulation__code="004").extension_total_cap_working_days == 7


def test_changed_text_file_also_needs_a_new_version(loaded, data_copy):
    with (data_copy / "texts" / "002.txt").open("a", encoding="utf-8") as fh:
        fh.write("\nThêm một dòng.\n")
    problems = refused(data_files(data_copy))
    assert len(problems) == 1
    assert problems[0].startswith(f"{data_copy / '002.yaml'}: version: nội dung khác với phiên bản 1 đã nạp")


def test_older_version_than_loaded_is_refused(loaded, data_copy):
    edit(data_copy / "001.yaml", "version: 1", "version: 2")
    load_regulation_files([data_copy / "001.yaml"])
    Regulation.objects.filter(code="001", version=1).update(superseded_by=None)  # simulate: only v2 known
    Regulation.objects.filter(code="001", version=1).delete()
    edit(data_copy / "001.yaml", "version: 2", "version: 1")
    edit(data_copy / "001.yaml", "short_title: Quy chế", "short_title: Bản cũ của Quy chế")
    assert refused([data_copy / "001.yaml"]) == [
        f"{data_copy / '001.yaml'}: version: phiên bản 1 cũ hơn phiên bản 2 đã nạp"
    ]


BROKEN = [
    (
        "003.yaml",
        "  working_days: 5",
        "  working_days: năm",
        "consultation.working_days: phải là số nguyên dương",
    ),
    (
        "003.yaml",
        "  working_days: 5",
        "  working_days: 0",
        "consultation.working_days: phải là số nguyên dương",
    ),
    ("000.yaml", 'replaces: ""\n', "", "replaces: thiếu trường bắt buộc"),
    (
        "001.yaml",
        "doc_type: rules",
        "doc_type: law",
        "doc_type: giá trị 'law' không hợp lệ; phải là một trong: decision, rules, programme, provision",
    ),
    ("002.yaml", "      day: 20\n", '      day: "20"\n', "reports[0].due.day: phải là số nguyên"),
    (
        "004.yaml",
        "    total_cap_working_days: 7",
        "    total_cap_working_days: null",
        "consultation.extension.total_cap_working_days: phải là số nguyên dương",
    ),
    ("003.yaml", "issued_on: null", "issued_on: 2025-13-01", "issued_on: ngày không tồn tại: 2025-13-01"),
    (
        "000.yaml",
        "  lead:\n    kind: inspection_committee",
        "  lead:\n    kind: secret_police",
        "parties.lead.kind: giá trị 'secret_police' không hợp lệ; phải là một trong: "
        + ", ".join(__import__("phoihop.organizations.enums", fromlist=["x"]).OrganizationKind.values),
    ),
    (
        "003.yaml",
        "  - target: monitoring.area-specialist-visit",
        "  - target: monitoring.nowhere",
        "readings[6].target: không có quy tắc 'monitoring.nowhere' trong tệp này",
    ),
    ("002.yaml", 'code: "002"', 'code: "003"', "code: phải trùng tên tệp (002), đang là '003'"),
    (
        "004.yaml",
        "text_file: texts/004.txt",
        "text_file: texts/khong-co.txt",
        "text_file: không tìm thấy tệp texts/khong-co.txt bên cạnh tệp dữ liệu",
    ),
    (
        "001.yaml",
        'derivation: ""',
        'derivation: ""\nextra_key: 1',
        "(gốc): trường không được phép: extra_key",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), BROKEN)
def test_broken_file_refuses_the_whole_batch(db, data_copy, file, old, new, message):
    edit(data_copy / file, old, new)
    before = counts()
    assert refused(data_files(data_copy)) == [f"{data_copy / file}: {message}"]
    assert counts() == before == {m.__name__: 0 for m in ROW_MODELS}


def test_invalid_yaml_is_refused_with_the_line(db, data_copy):
    (data_copy / "002.yaml").write_text('code: "002"\nversion: [1\n', encoding="utf-8")
    problems = refused(data_files(data_copy))
    assert problems == [
        f"{data_copy / '002.yaml'}: (cú pháp YAML): tệp YAML không hợp lệ ở dòng 3, cột 1 "
        "(expected ',' or ']', but got '<stream end>')"
    ]
    assert counts() == {m.__name__: 0 for m in ROW_MODELS}


def test_empty_file_and_missing_file(db, data_copy):
    (data_copy / "001.yaml").write_text("", encoding="utf-8")
    assert refused([data_copy / "000.yaml", data_copy / "001.yaml", data_copy / "999.yaml"]) == [
        f"{data_copy / '001.yaml'}: (gốc): phải là một bảng khóa – giá trị (tệp rỗng hoặc sai cấu trúc)",
        f"{data_copy / '999.yaml'}: (tệp): không tìm thấy tệp",
    ]
    assert Regulation.objects.count() == 0


def test_every_problem_of_every_file_is_listed(db, data_copy):
    edit(data_copy / "003.yaml", "  working_days: 5", "  working_days: -1")
    edit(data_copy / "000.yaml", "version: 1", "version: một")
    assert refused(data_files(data_copy)) == [
        f"{data_copy / '000.yaml'}: version: phải là số nguyên dương",
        f"{data_copy / '003.yaml'}: consultation.working_days: phải là số nguyên dương",
    ]


def test_broken_file_refused_even_when_already_loaded_files_change_nothing(loaded, data_copy):
    edit(data_copy / "003.yaml", "version: 1", "version: 2")  # would be a valid new version …
    edit(data_copy / "002.yaml", "      day: 20\n", "      day: 0\n")  # … but another file is broken
    before = counts()
    assert refused(data_files(data_copy)) == [
        f"{data_copy / '002.yaml'}: reports[0].due.day: phải lớn hơn hoặc bằng 1"
    ]
    assert counts() == before
    assert Regulation.objects.filter(code="003").count() == 1


def test_command_refuses_with_a_vietnamese_message(db, data_copy):
    edit(data_copy / "003.yaml", "  working_days: 5", "  working_days: năm")
    with pytest.raises(CommandError) as info:
        call_command("load_regulations", "--dir", str(data_copy), stdout=StringIO())
    assert str(info.value) == (
        "Không nạp quy chế nào do dữ liệu không hợp lệ:\n"
        f"- {data_copy / '003.yaml'}: consultation.working_days: phải là số nguyên dương"
    )
    assert Regulation.objects.count() == 0


def test_command_unknown_dir(db, tmp_path):
    with pytest.raises(CommandError) as info:
        call_command("load_regulations", "--dir", str(tmp_path / "khong-co"), stdout=StringIO())
    assert str(info.value) == f"Không tìm thấy thư mục dữ liệu quy chế: {tmp_path / 'khong-co'}"


def test_repository_file_names_are_relative_in_messages(db, settings, tmp_path):
    # files under the project are named relative to it, as in data/regulations/003.yaml
    from phoihop.regulations.domain.loader import _label

    assert _label(Path(settings.REGULATIONS_DATA_DIR) / "003.yaml") == "data/regulations/003.yaml"
