"""The personnel consultations block of the regulation data (issue 12, part 3): its schema names the file and
field of a typo, and the kind "personnel" is answered as the data says (001 Điều 3 khoản 1)."""

from __future__ import annotations

import pytest

from phoihop.regulations.domain import RegulationDataError, load_regulation_files

from .conftest import edit

pytestmark = pytest.mark.django_db


def _problems(path) -> list[str]:
    with pytest.raises(RegulationDataError) as info:
        load_regulation_files([path])
    return info.value.problems


def test_an_unknown_procedure_is_refused_naming_the_file_and_field(data_copy):
    path = data_copy / "001.yaml"
    edit(
        path,
        "procedures: [appointment, dismissal, reward, discipline]",
        "procedures: [appointment, promotion]",
    )
    problems = _problems(path)
    assert len(problems) == 1
    assert problems[0].endswith(
        "001.yaml: personnel_consultations[2].procedures[1]: giá trị 'promotion' không hợp lệ; phải là một trong: "
        "planning, nomination, appointment, reappointment, dismissal, transfer, rotation, reward, discipline"
    )


def test_an_unknown_body_kind_in_a_direction_is_refused(data_copy):
    path = data_copy / "001.yaml"
    edit(
        path,
        "      - kind: bloc_agency\n        level: province\n        name: Lãnh đạo cơ quan thuộc Khối",
        "      - kind: bloc_agencies\n        level: province\n        name: Lãnh đạo cơ quan thuộc Khối",
    )
    problems = _problems(path)
    assert len(problems) == 1
    assert "001.yaml" in problems[0]
    assert "bloc_agencies" in problems[0]


def test_a_direction_without_procedures_is_refused(data_copy):
    path = data_copy / "001.yaml"
    edit(path, "procedures: [appointment, dismissal, reward, discipline]", "procedures: []")
    problems = _problems(path)
    assert len(problems) == 1
    assert "001.yaml" in problems[0]


def test_the_personnel_kind_is_loaded_with_its_period_and_deemed_consent(data_copy):
    regulation = load_regulation_files([data_copy / "001.yaml"]).created[0]
    rule = regulation.kind_rule("personnel")
    assert (
        rule.answer_period,
        rule.working_days,
        rule.deemed_consent,
        rule.shared_responsibility,
        rule.extension,
        rule.article,
    ) == ("working_days", 7, True, True, True, "Điều 3 khoản 1")
    assert [d["article"] for d in regulation.data["personnel_consultations"]] == [
        "Điều 5 khoản 2 điểm a",
        "Điều 5 khoản 2 điểm c",
        "Điều 11 khoản 2",
        "Điều 13 khoản 4",
        "Điều 13 khoản 6",
    ]
