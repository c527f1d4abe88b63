"""The legal time-limit file: the shipped one is valid and honest about what was verified; a broken file is
refused as a whole with the file, the field and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from phoihop.legal import rules as legal
from phoihop.legal.schema import LegalDataError, problems, read_file, read_files

SHIPPED = legal.DATA_DIR / "petitions.yaml"

GOOD_RULE = {
    "code": "denunciation.classify",
    "title": "Vào sổ, phân loại",
    "law": "Luật Tố cáo 2018",
    "article": "Điều 24 khoản 1",
    "status": "reading",
    "reading": "Cách hiểu.",
    "counts": "working_days",
    "days": 7,
    "starts": "received",
    "ends": "classified",
    "applies_to": ["denunciation"],
}


def doc(*rules: dict) -> dict:
    return {"schema_version": 1, "title": "Thời hạn", "rules": list(rules)}


def write(tmp_path: Path, data: object, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_shipped_file_is_valid_and_has_every_rule_the_issue_names():
    codes = [r.code for r in legal.all_rules()]
    assert codes == [
        "denunciation.classify",
        "denunciation.transfer",
        "denunciation.resolve",
        "complaint.accept",
        "complaint.resolve",
        "petition.handle",
        "reception.written_answer",
    ]
    assert problems(yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))) == []


def test_verified_rules_cite_the_page_they_were_checked_against_and_readings_say_why():
    statuses = {r.code: r.status for r in legal.all_rules()}
    assert statuses == {
        "denunciation.classify": "reading",
        "denunciation.transfer": "reading",
        "denunciation.resolve": "verified",
        "complaint.accept": "verified",
        "complaint.resolve": "verified",
        "petition.handle": "reading",
        "reception.written_answer": "reading",
    }
    for r in legal.all_rules():
        if r.verified:
            assert r.source.startswith("https://"), r.code
        else:
            assert r.reading, r.code
            assert not r.source, r.code


def test_the_numbers_of_each_rule():
    got = {
        r.code: (
            r.counts,
            r.days,
            r.complex_days,
            r.extension_days,
            r.extension_times,
            r.starts,
            r.ends,
            r.when,
        )
        for r in legal.all_rules()
    }
    assert got == {
        "denunciation.classify": ("working_days", 7, 10, None, 0, "received", "classified", ""),
        "denunciation.transfer": (
            "working_days",
            5,
            None,
            None,
            0,
            "received",
            "transferred",
            "not_competent",
        ),
        "denunciation.resolve": ("calendar_days", 30, None, 30, 2, "accepted", "closed", ""),
        "complaint.accept": ("calendar_days", 10, None, None, 0, "received", "accepted", ""),
        "complaint.resolve": ("calendar_days", 30, 45, None, 0, "accepted", "closed", ""),
        "petition.handle": ("working_days", 10, None, None, 0, "received", "classified", ""),
        "reception.written_answer": ("working_days", 10, None, None, 0, "reception", "answered", ""),
    }


def test_lookups():
    assert legal.rule("reception.written_answer").applies_to == ("reception",)
    with pytest.raises(KeyError):
        legal.rule("no.such_rule")
    assert [r.code for r in legal.rules_starting("denunciation", "received")] == [
        "denunciation.classify",
        "denunciation.transfer",
    ]
    assert [r.code for r in legal.rules_starting("complaint", "accepted")] == ["complaint.resolve"]
    assert [r.code for r in legal.rules_starting("feedback", "received")] == ["petition.handle"]
    assert [r.code for r in legal.rules_starting("reception", "reception")] == ["reception.written_answer"]
    assert [r.code for r in legal.rules_ending("closed")] == ["denunciation.resolve", "complaint.resolve"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"days": "bảy"}, "bad.yaml: rules/0/days: sai kiểu dữ liệu ('bảy')"),
        ({"days": 0}, "bad.yaml: rules/0/days: giá trị 0 nằm ngoài khoảng cho phép"),
        ({"counts": "hours"}, "bad.yaml: rules/0/counts: giá trị 'hours' không thuộc danh sách cho phép"),
        ({"starts": "sent"}, "bad.yaml: rules/0/starts: giá trị 'sent' không thuộc danh sách cho phép"),
        (
            {"applies_to": ["gossip"]},
            "bad.yaml: rules/0/applies_to/0: giá trị 'gossip' không thuộc danh sách cho phép",
        ),
        ({"code": "Tố cáo"}, "bad.yaml: rules/0/code: giá trị 'Tố cáo' không đúng định dạng"),
        ({"status": "verified"}, "bad.yaml: rules/0: thiếu trường bắt buộc ('source')"),
        ({"reading": None}, "bad.yaml: rules/0: thiếu trường bắt buộc ('reading')"),
        ({"article": None}, "bad.yaml: rules/0: thiếu trường bắt buộc ('article')"),
        ({"hours": 3}, "bad.yaml: rules/0: có trường không được phép: hours"),
        ({"extension": {"days": 30}}, "bad.yaml: rules/0/extension: thiếu trường bắt buộc ('times')"),
        (
            {"in_force": "2026-07-01", "until": "2026-01-01"},
            "bad.yaml: rules/0/until: ngày hết hiệu lực phải sau ngày có hiệu lực",
        ),
    ],
)
def test_a_broken_rule_is_named_by_file_field_and_reason(tmp_path, change, message):
    rule = {**GOOD_RULE, **change}
    rule = {k: v for k, v in rule.items() if v is not None}
    with pytest.raises(LegalDataError) as refused:
        read_file(write(tmp_path, doc(rule)))
    assert str(refused.value) == message


def test_a_duplicate_code_in_one_file_or_across_files_is_refused(tmp_path):
    with pytest.raises(LegalDataError) as refused:
        read_file(write(tmp_path, doc(GOOD_RULE, GOOD_RULE)))
    assert str(refused.value) == "bad.yaml: rules/1/code: mã 'denunciation.classify' bị trùng"
    a = write(tmp_path, doc(GOOD_RULE), "a.yaml")
    b = write(tmp_path, doc(GOOD_RULE), "b.yaml")
    with pytest.raises(LegalDataError) as refused:
        read_files([a, b])
    assert str(refused.value) == "b.yaml: rules/code: mã 'denunciation.classify' đã có trong a.yaml"


def test_an_unreadable_or_empty_file_is_refused(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("rules: [", encoding="utf-8")
    with pytest.raises(LegalDataError, match=r"^broken\.yaml: không đọc được tệp"):
        read_file(broken)
    with pytest.raises(LegalDataError) as refused:
        read_file(write(tmp_path, {"schema_version": 1, "title": "T", "rules": []}))
    assert str(refused.value) == "bad.yaml: rules: không được để trống"
    with pytest.raises(LegalDataError, match=r"^missing\.yaml: không đọc được tệp"):
        read_file(tmp_path / "missing.yaml")


def test_a_rule_in_force_from_a_day_replaces_the_old_one_for_starts_from_that_day(tmp_path, monkeypatch):
    old = {**GOOD_RULE, "until": "2026-07-01"}
    new = {**GOOD_RULE, "code": "denunciation.classify_2026", "days": 5, "in_force": "2026-07-01"}
    write(tmp_path, doc(old, new), "petitions.yaml")
    monkeypatch.setattr(legal, "DATA_DIR", tmp_path)
    legal.reload()
    import datetime as dt

    assert [r.code for r in legal.rules_starting("denunciation", "received", dt.date(2026, 6, 30))] == [
        "denunciation.classify"
    ]
    assert [r.code for r in legal.rules_starting("denunciation", "received", dt.date(2026, 7, 1))] == [
        "denunciation.classify_2026"
    ]


def test_check_legal_lists_the_rules_and_refuses_a_broken_file(tmp_path):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    call_command("check_legal", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "denunciation.classify: 7 ngày làm việc — Luật Tố cáo 2018 (Luật số 25/2018/QH14), Điều 24 khoản 1"
        " (cách hiểu của hệ thống)"
    )
    assert lines[-1] == (
        "Tệp thời hạn pháp định hợp lệ: 7 quy định (3 đã đối chiếu văn bản, 4 là cách hiểu của hệ thống)."
    )
    bad = write(tmp_path, doc({**GOOD_RULE, "days": 0}))
    with pytest.raises(CommandError) as refused:
        call_command("check_legal", "--file", str(bad), stdout=StringIO())
    assert str(refused.value) == "bad.yaml: rules/0/days: giá trị 0 nằm ngoài khoảng cho phép"


def test_the_system_check_refuses_a_broken_file(tmp_path, monkeypatch):
    from phoihop.legal.apps import check_legal_files

    assert check_legal_files() == []
    write(tmp_path, doc({**GOOD_RULE, "counts": "hours"}), "petitions.yaml")
    monkeypatch.setattr(legal, "DATA_DIR", tmp_path)
    errors = check_legal_files()
    assert [(e.id, e.msg) for e in errors] == [
        ("legal.E001", "petitions.yaml: rules/0/counts: giá trị 'hours' không thuộc danh sách cho phép")
    ]
