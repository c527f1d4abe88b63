"""Vietnamese alphabetical order (issue 11, part 8) and the search normalisation."""

from __future__ import annotations

import random

import pytest

from phoihop.formats.vi.collation import fold, sort_key, sorted_vi


def test_alphabet_order_of_single_letters() -> None:
    letters = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    shuffled = letters[:]
    random.Random(11).shuffle(shuffled)
    assert sorted_vi(shuffled) == letters


def test_bac_before_binh_whatever_the_tones() -> None:
    assert sorted_vi(["Bình Minh", "Bắc Ninh", "Bạch Đằng", "Ba Đình"]) == [
        "Ba Đình",
        "Bạch Đằng",  # a before ă: the letters decide, the tone never does
        "Bắc Ninh",
        "Bình Minh",
    ]


def test_d_stroke_after_d_not_at_the_end() -> None:
    names = ["Yên Mỹ", "Đoàn Thanh niên", "Dân vận", "Đảng ủy xã", "Duy Tiên", "Ân Thi"]
    assert sorted_vi(names) == ["Ân Thi", "Dân vận", "Duy Tiên", "Đảng ủy xã", "Đoàn Thanh niên", "Yên Mỹ"]


def test_letters_with_marks_are_letters_of_their_own() -> None:
    # o < ô < ơ < p and u < ư < v, even when a tone would say otherwise
    assert sorted_vi(["Ơn", "Ốc", "Ong", "Phố", "Ưng", "Út", "Văn"]) == [
        "Ong",
        "Ốc",
        "Ơn",
        "Phố",
        "Út",
        "Ưng",
        "Văn",
    ]


def test_tones_are_a_secondary_key_in_dictionary_order() -> None:
    # ngang, huyền, hỏi, ngã, sắc, nặng
    assert sorted_vi(["má", "mạ", "mà", "mã", "ma", "mả"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    # the letters decide first: "mác" (m a c) before "mai" (m a i) although "mai" has no tone
    assert sorted_vi(["mai", "mác"]) == ["mác", "mai"]


def test_case_insensitive_with_lower_case_first_on_ties() -> None:
    assert sorted_vi(["hội nông dân", "Hội Liên hiệp", "HỘI CỰU CHIẾN BINH"]) == [
        "HỘI CỰU CHIẾN BINH",
        "Hội Liên hiệp",
        "hội nông dân",
    ]
    assert sorted_vi(["Xã", "xã"]) == ["xã", "Xã"]


def test_words_shorter_first_and_digits_before_letters() -> None:
    assert sorted_vi(["Phường Hiến Nam", "Phường 2", "Phố Hiến", "Phố", "Phường"]) == [
        "Phố",
        "Phố Hiến",
        "Phường",
        "Phường 2",
        "Phường Hiến Nam",
    ]


def test_composed_and_decomposed_input_sort_the_same() -> None:
    import unicodedata

    word = "Hưng Yên Đoàn Thượng Tầng"
    assert sort_key(unicodedata.normalize("NFD", word)) == sort_key(word)


def test_realistic_list_of_bodies() -> None:
    names = [
        "Ủy ban Kiểm tra Tỉnh ủy",
        "Ban Tổ chức Tỉnh ủy",
        "Đảng ủy xã Đông Kết",
        "Hội Nông dân tỉnh",
        "Ban Dân vận Tỉnh ủy",
        "Đảng ủy phường Phố Hiến",
        "Đảng ủy phường An Tảo",
        "Văn phòng Tỉnh ủy",
        "Ban Tuyên giáo Tỉnh ủy",
    ]
    assert sorted_vi(names) == [
        "Ban Dân vận Tỉnh ủy",
        "Ban Tổ chức Tỉnh ủy",
        "Ban Tuyên giáo Tỉnh ủy",
        "Đảng ủy phường An Tảo",
        "Đảng ủy phường Phố Hiến",
        "Đảng ủy xã Đông Kết",
        "Hội Nông dân tỉnh",
        "Ủy ban Kiểm tra Tỉnh ủy",
        "Văn phòng Tỉnh ủy",
    ]


def test_sorted_vi_with_a_key_and_none() -> None:
    rows = [{"name": "Đông"}, {"name": None}, {"name": "Dương"}]
    assert sorted_vi(rows, key=lambda r: r["name"]) == [{"name": None}, {"name": "Dương"}, {"name": "Đông"}]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Phố Hiến", "pho hien"),
        ("Đảng ủy ĐÔNG KẾT", "dang uy dong ket"),
        ("  Hưng   Yên ", "hung yen"),
        ("Ưng Hòa – Ứng", "ung hoa – ung"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold(text: str | None, folded: str) -> None:
    assert fold(text) == folded


def test_the_period_table_xlsx_lists_bodies_in_vietnamese_order() -> None:
    import io
    from types import SimpleNamespace

    from openpyxl import load_workbook

    from phoihop.reports.domain.xlsx import table_xlsx

    def row(name: str) -> SimpleNamespace:
        return SimpleNamespace(
            slot=SimpleNamespace(reporter=SimpleNamespace(name=name)),
            punctuality=SimpleNamespace(label="Đúng hạn"),
            submission=None,
            values=[],
        )

    names = [
        "Hội Nông dân tỉnh",
        "Đảng ủy xã Đông Kết",
        "Ban Dân vận Tỉnh ủy",
        "Đảng ủy phường An Tảo",
        "Ủy ban MTTQ",
    ]
    table = SimpleNamespace(
        title="Báo cáo tháng",
        period_label="Tháng 1/2027",
        due_on=None,
        indicators=[],
        rows=[row(n) for n in names],
        totals=[],
    )
    ws = load_workbook(io.BytesIO(table_xlsx(table))).active
    assert [ws.cell(r, 1).value for r in range(5, 5 + len(names))] == [
        "Ban Dân vận Tỉnh ủy",
        "Đảng ủy phường An Tảo",
        "Đảng ủy xã Đông Kết",
        "Hội Nông dân tỉnh",
        "Ủy ban MTTQ",
    ]


def test_the_period_table_lists_reporting_bodies_in_vietnamese_order():
    """The period table (page, .xlsx) orders its bodies as a Vietnamese reader expects: "Đ" after "D", not last."""
    import datetime as dt
    from types import SimpleNamespace

    from phoihop.reports.domain.consolidation import build_table

    names = ["Đảng ủy xã Đông Kết", "Ủy ban Kiểm tra", "Dân vận", "Ban Nội chính", "Bí thư"]
    slots = [
        SimpleNamespace(
            pk=i,
            reporter=SimpleNamespace(name=name),
            first_sent_at=None,
            late=False,
            due_on=dt.date(2027, 1, 5),
            title="Báo cáo tháng",
            period_label="Tháng 1/2027",
            due_rule="",
        )
        for i, name in enumerate(names)
    ]
    table = build_table(slots, [], dt.date(2027, 1, 4))  # type: ignore[arg-type]
    assert [row.reporter.name for row in table.rows] == [
        "Ban Nội chính",
        "Bí thư",
        "Dân vận",
        "Đảng ủy xã Đông Kết",
        "Ủy ban Kiểm tra",
    ]
