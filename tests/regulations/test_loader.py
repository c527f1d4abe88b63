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
    RequestKindRule,
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
    RequestKindRule,
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
        ("loaded", c, v) for c, v in {"000": 3, "001": 3, "002": 2, "003": 3, "004": 3}.items()
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
    assert "Đã nạp quy chế 000 phiên bản 3: 521-QĐ/HU." in out.getvalue()
    before = counts()
    out = StringIO()
    call_command("load_regulations", "--dir", str(data_copy), stdout=out)
    assert out.getvalue().splitlines() == [
        *[
            f"Quy chế {c} phiên bản {v}: không thay đổi."
            for c, v in {"000": 3, "001": 3, "002": 2, "003": 3, "004": 3}.items()
        ],
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
    old_kinds = list(old.request_kind_rules.values_list("pk", "kind", "working_days"))
    edit(data_copy / "003.yaml", "version: 3", "version: 4")
    # the consultation block and the rule of the request kind "consultation"
    edit(data_copy / "003.yaml", "  working_days: 5", "  working_days: 6", count=2)

    result = load_regulation_files([data_copy / "003.yaml"])

    assert [(r.code, r.version) for r in result.created] == [("003", 4)]
    assert [(r.code, r.version) for r in result.superseded] == [("003", 3)]
    assert result.summary().splitlines() == [
        "Đã nạp quy chế 003 phiên bản 4: Ban Nội chính Tỉnh ủy – các đảng ủy xã, phường (Hưng Yên).",
        "Quy chế 003 phiên bản 3 được thay bằng phiên bản 4 (việc đã tạo trước đó giữ phiên bản cũ).",
        "Tổng cộng: 1 phiên bản mới, 0 không thay đổi, 1 phiên bản bị thay thế.",
    ]
    new = result.created[0]
    old.refresh_from_db()
    assert old.superseded_by == new
    assert old.superseded_at == new.loaded_at
    assert queries.current_version("003") == new
    versions = Regulation.objects.filter(code="003").order_by("-version")
    assert list(versions.values_list("version", flat=True)) == [4, 3]
    # the old version keeps every row as it was
    assert ConsultationRule.objects.get(regulation=old).working_days == 5
    assert ConsultationRule.objects.get(pk=old_rule.pk).working_days == 5
    assert list(old.reporting_obligations.values_list("code", "due_type")) == old_reports
    assert list(old.request_kind_rules.values_list("pk", "kind", "working_days")) == old_kinds
    assert old_kinds[:2] == [(old_kinds[0][0], "consultation", 5), (old_kinds[1][0], "appraisal", 5)]
    assert ConsultationRule.objects.get(regulation=new).working_days == 6
    assert list(new.request_kind_rules.values_list("kind", "working_days"))[:2] == [
        ("consultation", 6),
        ("appraisal", 5),
    ]
    assert {r.code for r in queries.current()} == {"000", "001", "002", "003", "004"}
    assert queries.current().get(code="003").version == 4
    event = AuditEvent.objects.get(target_type="regulations.regulation", target_id=str(new.pk))
    assert (event.data["version"], event.data["supersedes_version"]) == (4, 3)
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
        f"{data_copy / '004.yaml'}: version: nội dung khác với phiên bản 3 đã nạp; "
        "muốn thay đổi thì tăng version (ví dụ version: 4)"
    ]
    assert counts() == before
    assert ConsultationRule.objects.get(regulation__code="004").extension_total_cap_working_days == 7


def test_changed_text_file_also_needs_a_new_version(loaded, data_copy):
    with (data_copy / "texts" / "002.txt").open("a", encoding="utf-8") as fh:
        fh.write("\nThêm một dòng.\n")
    problems = refused(data_files(data_copy))
    assert len(problems) == 1
    assert problems[0].startswith(f"{data_copy / '002.yaml'}: version: nội dung khác với phiên bản 2 đã nạp")


def test_older_version_than_loaded_is_refused(loaded, data_copy):
    edit(data_copy / "001.yaml", "version: 3", "version: 4")
    load_regulation_files([data_copy / "001.yaml"])
    Regulation.objects.filter(code="001", version=3).update(superseded_by=None)  # simulate: only v4 known
    Regulation.objects.filter(code="001", version=3).delete()
    edit(data_copy / "001.yaml", "version: 4", "version: 3")
    edit(data_copy / "001.yaml", "short_title: Quy chế", "short_title: Bản cũ của Quy chế")
    assert refused([data_copy / "001.yaml"]) == [
        f"{data_copy / '001.yaml'}: version: phiên bản 3 cũ hơn phiên bản 4 đã nạp"
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
    # the adoption block and the rules per request kind are required
    (
        "001.yaml",
        "adoption:\n  level: province\n  area: Hưng Yên\n"
        "  note: Bản triển khai mẫu áp dụng quy chế này cho tỉnh Hưng Yên.\n",
        "",
        "adoption: thiếu trường bắt buộc",
    ),
    (
        "001.yaml",
        "adoption:\n  level: province\n",
        "adoption:\n  level: commune\n",
        "adoption.level: giá trị 'commune' không hợp lệ; phải là một trong: province, district",
    ),
    (
        "002.yaml",
        "request_kinds:\n  - kind: notice\n    answer_period: none\n    deemed_consent: false\n"
        "    extension: false\n    article: Mục II.3\n",
        "",
        "request_kinds: thiếu trường bắt buộc",
    ),
    (
        "002.yaml",
        "request_kinds:\n  - kind: notice\n    answer_period: none\n    deemed_consent: false\n"
        "    extension: false\n    article: Mục II.3\n",
        "request_kinds: []\n",
        "request_kinds: phải có ít nhất 1 phần tử",
    ),
    (
        "002.yaml",
        "    answer_period: none\n    deemed_consent: false\n",
        "    answer_period: none\n    deemed_consent: true\n    deemed_consent_article: Mục II.3\n",
        "request_kinds[0].deemed_consent: phải bằng False",
    ),
    (
        "002.yaml",
        "    answer_period: none\n    deemed_consent: false\n    extension: false\n",
        "    answer_period: stated\n    deemed_consent: false\n    extension: true\n",
        "request_kinds[0].extension: không có khối consultation để lấy quy tắc gia hạn",
    ),
    (
        "003.yaml",
        "  - kind: appraisal\n",
        "  - kind: petition\n",
        "request_kinds[1].kind: giá trị 'petition' không hợp lệ; phải là một trong: "
        "consultation, information_request, secondment, notice, appraisal, personnel",
    ),
    (
        "004.yaml",
        "  - kind: notice\n",
        "  - kind: secondment\n",
        "request_kinds[4].kind: trùng loại đề nghị 'secondment'",
    ),
    (
        "000.yaml",
        "    stated_period: needed_by\n    send_ahead_working_days: 7\n",
        "    stated_period: needed_by\n",
        "request_kinds[0].send_ahead_working_days: thiếu trường bắt buộc",
    ),
    (
        "004.yaml",
        "    stated_period: none\n",
        "",
        "request_kinds[0].stated_period: thiếu trường bắt buộc",
    ),
    (
        "004.yaml",
        "    deemed_consent_article: Điều 5 khoản 3\n",
        "",
        "request_kinds[0].deemed_consent_article: thiếu trường bắt buộc",
    ),
    (
        "003.yaml",
        "  - target: request_kinds.appraisal\n",
        "  - target: request_kinds.petition\n",
        "readings[7].target: không có quy tắc 'request_kinds.petition' trong tệp này",
    ),
    (
        "003.yaml",
        "    route: via_lead\n",
        "    route: sideways\n",
        "consultation.disagreement.route: giá trị 'sideways' không hợp lệ; phải là một trong: direct, via_lead",
    ),
    # an evaluation may name no receiver (null), but must say so
    ("000.yaml", "    receiver: null\n", "", "evaluations[2].receiver: thiếu trường bắt buộc"),
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
    edit(data_copy / "000.yaml", "version: 3", "version: một")
    assert refused(data_files(data_copy)) == [
        f"{data_copy / '000.yaml'}: version: phải là số nguyên dương",
        f"{data_copy / '003.yaml'}: consultation.working_days: phải là số nguyên dương",
    ]


def test_broken_file_refused_even_when_already_loaded_files_change_nothing(loaded, data_copy):
    edit(data_copy / "003.yaml", "version: 3", "version: 4")  # would be a valid new version …
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
