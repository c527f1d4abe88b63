"""The routing block of the regulation data: a typo is refused naming the file and the field; every rule's kinds and
bodies are known; the evaluation counts information sent and results reported on time."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from phoihop.evaluation.sources import Bounds
from phoihop.information.domain import actions
from phoihop.information.evaluation import information_results, information_sent
from phoihop.information.models import InformationCopy
from phoihop.regulations.domain import data_files, load_regulation_files
from phoihop.regulations.domain.loader import parse_file

from .conftest import Province, draft, make_official

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "regulations"
    shutil.copytree(Path(settings.REGULATIONS_DATA_DIR), target)
    return target


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        (
            "    to:\n      - sibling_of_managing_body",
            "    too:\n      - sibling_of_managing_body",
            "information_routing[0]",
            "trường không được phép: too",
        ),
        (
            "    kinds: [signs_of_violation, denunciation]",
            "    kinds: [signs_of_violaton, denunciation]",
            "information_routing[0].kinds[0]",
            "giá trị 'signs_of_violaton' không hợp lệ",
        ),
        (
            "      - {kind: mass_mobilization_board, level: district}",
            "      - {kind: mass_mobilisation_board, level: district}",
            "information_routing[0].senders[0].kind",
            "giá trị 'mass_mobilisation_board' không hợp lệ",
        ),
    ],
)
def test_a_typo_in_a_routing_rule_names_the_file_and_the_field(data_copy: Path, old, new, field, reason):
    path = data_copy / "000.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    parsed, problems = parse_file(path)
    assert parsed is None
    assert any(p.startswith(f"{path}: {field}") and reason in p for p in problems), problems


@pytest.mark.django_db
def test_every_routing_rule_is_loaded_with_the_regulation():
    result = load_regulation_files(data_files(Path(settings.REGULATIONS_DATA_DIR)))
    codes = {reg.code: [r["code"] for r in reg.data.get("information_routing", [])] for reg in result.created}
    assert codes == {
        "000": ["btv-managed-to-ubkt", "opinions-to-ubkt"],
        "001": ["internal-affairs-to-bloc", "district-to-bloc", "police-to-bloc"],
        "002": [],
        "003": [
            "commune-about-province-managed",
            "internal-affairs-to-commune",
            "commune-results-to-internal-affairs",
        ],
        "004": ["internal-affairs-to-managing-unit", "unit-results-to-internal-affairs"],
    }


@pytest.mark.django_db
def test_the_evaluation_counts_sent_and_answered_on_time(province: Province):
    p = province.p
    with time_machine.travel(dt.datetime(2027, 1, 20, 9, tzinfo=TZ), tick=False):
        for name in ("Một", "Hai", "Ba"):
            official = make_official(f"Cán bộ {name}", managing_body=p.btv, workplace=p.xa1)
            actions.send(p.xa1_cv, draft(p.xa1_cv, official, result_due_on=dt.date(2027, 2, 5)))
    copies = list(InformationCopy.objects.filter(recipient=p.btv).order_by("pk"))
    with time_machine.travel(dt.datetime(2027, 2, 11, 15, tzinfo=TZ), tick=False):  # the due day (after Tết)
        actions.report_result(p.btv_leader, copies[0], text="Đúng hạn")
    with time_machine.travel(dt.datetime(2027, 2, 12, 8, tzinfo=TZ), tick=False):
        actions.report_result(p.btv_leader, copies[1], text="Muộn")
    bounds = Bounds(code="003", year=2027, today=dt.date(2027, 2, 15))
    assert information_sent(bounds) == {p.xa1.pk: {"information_sent": 3}}
    results = information_results(bounds)
    assert results[p.btv.pk] == {"results_on_time": 1, "results_late": 1, "results_overdue": 1}
    assert results[p.ban.pk] == {"results_on_time": 0, "results_late": 0, "results_overdue": 3}
