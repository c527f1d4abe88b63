"""The cases data file (data/cases/cases.yaml): valid, every reference an article of the texts, a typo refused
naming the field, and an edited file taken at once (cached by fingerprint)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from phoihop.cases.schema import DATA_FILE, CasesDataError, cases_data, load, problems

TEXTS = Path(__file__).resolve().parents[2] / "data" / "regulations" / "texts"


def _raw() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def test_the_shipped_file_is_valid_and_says_what_the_texts_name() -> None:
    data = cases_data()
    assert list(data.levels) == ["steering", "internal_affairs", "local"]
    assert data.levels["steering"].monitored_by_steering
    assert not data.levels["internal_affairs"].monitored_by_steering
    assert [lv.stale_after.working_days for lv in data.levels.values()] == [10, 15, 20]
    assert all(lv.stale_after.system_reading for lv in data.levels.values())
    assert data.first_stage.code == "received"
    assert data.closing_stage.code == "closed"
    assert data.moves["received"] == frozenset({"verification", "prosecution", "closed"})
    assert data.progress_request.working_days == 5
    assert data.regulation_by_locality_level == {"commune": "003", "district": "004"}


def _refs(raw: dict) -> list[str]:
    found = list(raw["stage_refs"]) + list(raw["progress_request"]["refs"])
    for block in ("categories", "levels"):
        for item in raw[block]:
            found += item["refs"]
    return found


def _has(text: str, article: str) -> bool:
    """'4.1.d': Điều 4, khoản 1, điểm d; '1.4' (004's numbering): a paragraph '1.4.'."""
    parts = article.split(".")
    if re.search(rf"(?m)^{re.escape(article)}\. ", text):
        return True
    if not re.search(rf"(?m)^Điều {parts[0]}\. ", text):
        return False
    body = text.split(f"Điều {parts[0]}. ", 1)[1]
    nxt = re.search(rf"(?m)^Điều {int(parts[0]) + 1}\. ", body)
    body = body[: nxt.start()] if nxt else body
    if len(parts) >= 2 and not re.search(rf"(?m)^{parts[1]}\. ", body):
        return False
    if len(parts) == 3:
        clause = body.split(f"\n{parts[1]}. ", 1)[1]
        nxt = re.search(rf"(?m)^{int(parts[1]) + 1}\. ", clause)
        clause = clause[: nxt.start()] if nxt else clause
        return bool(re.search(rf"(?m)^{parts[2]}\) ", clause))
    return True


def test_every_reference_is_an_article_of_its_text() -> None:
    raw = _raw()
    refs = _refs(raw)
    assert refs
    for ref in refs:
        code, article = ref.split(" ")
        (text_file,) = TEXTS.glob(f"{code}*.txt")
        assert _has(text_file.read_text(encoding="utf-8"), article), ref


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda r: r["levels"][0].update(monitor="steerin_committee"),
            "levels/0/monitor: giá trị 'steerin_committee'",
        ),
        (
            lambda r: r["levels"][1]["stale_after"].update(working_day=3),
            "levels/1/stale_after: có trường không được phép: working_day",
        ),
        (
            lambda r: r["levels"][2]["stale_after"].pop("working_days"),
            "levels/2/stale_after: thiếu trường bắt buộc ('working_days')",
        ),
        (lambda r: r["stages"][0]["moves"].append("verificaton"), "stages/0/moves: giai đoạn 'verificaton'"),
        (
            lambda r: r["categories"][0].update(refs=["003 3,5"]),
            "categories/0/refs/0: giá trị '003 3,5' không đúng định dạng",
        ),
        (
            lambda r: r["stages"][1].update(first=True),
            "stages: phải có đúng một giai đoạn first: true (đang có 2)",
        ),
    ],
)
def test_a_typo_is_refused_naming_the_field(edit, message: str) -> None:
    raw = _raw()
    edit(raw)
    found = problems(raw)
    assert any(p.startswith(message) for p in found), found


def test_a_broken_file_is_refused_whole_with_its_name(tmp_path: Path) -> None:
    raw = _raw()
    raw["levels"][0]["stale_after"]["working_days"] = "mười"
    path = tmp_path / "cases.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(
        CasesDataError, match=r"^cases.yaml: levels/0/stale_after/working_days: sai kiểu dữ liệu"
    ):
        load(path)


def test_an_edited_file_is_read_again(tmp_path: Path) -> None:
    raw = _raw()
    path = tmp_path / "cases.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert cases_data(path).levels["local"].stale_after.working_days == 20
    assert cases_data(path) is cases_data(path)  # cached while unchanged
    raw["levels"][2]["stale_after"]["working_days"] = 21
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert cases_data(path).levels["local"].stale_after.working_days == 21
