"""data/demo/hung-yen.yaml, the demo province's data: checked against phoihop.demo.schema before anything is
loaded; an error names the file, the field and the reason, and `manage.py load_demo` exits without a
traceback and without loading anything."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from phoihop.accounts.models import User
from phoihop.demo.loader import DemoError, account_specs, organization_specs, read_data
from phoihop.organizations.models import Organization

SOURCE = Path(__file__).resolve().parents[2] / "data" / "demo" / "hung-yen.yaml"


def _raw() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(SOURCE.read_text(encoding="utf-8"))


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "demo" / "hung-yen.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path, raw: object) -> str:
    path = _write(tmp_path, yaml.safe_dump(raw, allow_unicode=True))

    def load() -> None:
        data = read_data(path)
        organization_specs(data)
        account_specs(data)

    with pytest.raises(DemoError) as exc:
        load()
    return str(exc.value).replace(str(path), "<tệp>")


def test_the_shipped_file_gives_the_demo_province():
    data = read_data(SOURCE)
    specs = organization_specs(data)
    assert (len(specs), sum(1 for s in specs if s.dissolved_on is not None)) == (152, 22)
    assert [s.code for s in specs if s.superior is None] == ["hy-tinh-uy"]
    assert len(account_specs(data)) == 44


def test_an_unknown_kind_names_the_file_and_the_field(tmp_path):
    raw = _raw()
    raw["province_bodies"][3]["kind"] = "ban-bi-mat"
    message = _error(tmp_path, raw)
    assert message.startswith(
        "Dữ liệu tỉnh mẫu sai — <tệp>, trường “province_bodies[3].kind”: giá trị 'ban-bi-mat' không hợp lệ; "
        "phải là một trong: "
    )


def test_a_missing_field_and_a_bad_date(tmp_path):
    raw = _raw()
    del raw["former_districts"]["bodies"][0]["abbreviation"]
    assert _error(tmp_path, raw) == (
        "Dữ liệu tỉnh mẫu sai — <tệp>, trường “former_districts.bodies[0]”: thiếu trường bắt buộc ('abbreviation')"
    )
    raw = _raw()
    raw["former_districts"]["dissolved_on"] = "01/07/2025"
    assert _error(tmp_path, raw) == (
        "Dữ liệu tỉnh mẫu sai — <tệp>, trường “former_districts.dissolved_on”: phải là ngày dạng YYYY-MM-DD"
    )
    raw["former_districts"]["dissolved_on"] = "2025-02-30"
    assert _error(tmp_path, raw) == (
        "Dữ liệu tỉnh mẫu sai — <tệp>, trường “former_districts.dissolved_on”: ngày “2025-02-30” không có thật"
    )


def test_an_unknown_placeholder_superior_or_organisation(tmp_path):
    raw = _raw()
    raw["province_bodies"][1]["name"] = "Ban Thường vụ {tinh}"
    assert _error(tmp_path, raw) == (
        "Dữ liệu tỉnh mẫu sai — <tệp>, trường “province_bodies[1].name”: mẫu “Ban Thường vụ {tinh}” dùng chỗ "
        "trống không có ở đây ('tinh')"
    )
    raw = _raw()
    raw["accounts"]["groups"][0]["roles"] = ["vanthu", "thuky"]
    assert _error(tmp_path, raw) == (
        "Dữ liệu tỉnh mẫu sai — <tệp>, trường “accounts.groups[0].roles”: hậu tố “thuky” không có trong accounts.roles"
    )
    raw = _raw()
    raw["province"]["code"] = 99
    assert _error(tmp_path, raw) == (
        "Dữ liệu tỉnh mẫu sai — <tệp>, trường “province.code”: không có tỉnh mã 99 trong danh mục 2025"
    )


def test_load_demo_refuses_a_bad_file_and_loads_nothing(db, settings, tmp_path, monkeypatch):
    call_command("load_regulations", stdout=io.StringIO())
    raw = _raw()
    raw["former_districts"]["bodies"][2]["superior"] = "{district}-khong-co"
    _write(tmp_path, yaml.safe_dump(raw, allow_unicode=True))
    settings.DATA_DIR = tmp_path
    settings.DEBUG = True
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    with pytest.raises(CommandError) as exc:
        call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    assert str(exc.value) == (
        f"Dữ liệu tỉnh mẫu sai — {tmp_path / 'demo' / 'hung-yen.yaml'}, trường “former_districts.bodies[2].superior”: "
        "không có tổ chức mã “khoai-chau-khong-co” trong tệp"
    )
    assert (Organization.objects.count(), User.objects.count()) == (0, 0)
