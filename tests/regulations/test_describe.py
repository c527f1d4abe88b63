"""Rules in plain Vietnamese: exact sentences with their article."""

from __future__ import annotations

import pytest

from phoihop.regulations import queries
from phoihop.regulations.describe import (
    consultation_sentence,
    copy_to_sentence,
    describe,
    designation_sentence,
    extension_sentence,
    meeting_sentence,
    monitoring_sentence,
    report_sentence,
    split_articles,
)

pytestmark = pytest.mark.django_db


def reg(code: str):  # type: ignore[no-untyped-def]
    return queries.with_rules(queries.current().filter(code=code)).get()


def test_consultation_sentences(loaded):
    assert consultation_sentence(reg("003").consultation_rule) == (
        "Trả lời trong 05 ngày làm việc kể từ ngày nhận (hoặc thời hạn nêu trong văn bản đề nghị); "
        "quá hạn coi như đồng ý, cùng chịu trách nhiệm — Điều 5 khoản 1 điểm c"
    )
    assert consultation_sentence(reg("000").consultation_rule) == (
        "Trả lời trong 07 ngày làm việc kể từ ngày nhận; quá hạn coi như đồng ý, cùng chịu trách nhiệm — Điều 5 khoản 1"
    )
    assert consultation_sentence(reg("001").consultation_rule) == (
        "Trả lời trong 07 ngày làm việc kể từ ngày nhận; quá hạn coi như đồng ý, cùng chịu trách nhiệm — Điều 3 khoản 1"
    )
    assert consultation_sentence(reg("004").consultation_rule) == (
        "Trả lời trong 05 ngày làm việc kể từ ngày nhận; quá hạn coi như đồng ý, cùng chịu trách nhiệm — Điều 5 khoản 3"
    )


def test_extension_sentences(loaded):
    assert extension_sentence(reg("000").consultation_rule) == (
        "Trường hợp phức tạp cần thêm thời gian: bên được đề nghị thông báo bằng văn bản trước khi hết hạn, "
        "nêu ngày trả lời mới; không giới hạn số ngày gia hạn — Điều 5 khoản 1"
    )
    assert extension_sentence(reg("001").consultation_rule) == (
        "Cần thêm thời gian: bên được đề nghị thông báo trước khi hết hạn và tự xác định thời gian phản hồi"
        " — Điều 3 khoản 1"
    )
    assert extension_sentence(reg("003").consultation_rule) == (
        "Trường hợp phức tạp cần thêm thời gian: bên được đề nghị thông báo bằng văn bản chậm nhất 01 ngày làm việc "
        "trước khi hết hạn — Điều 5 khoản 1 điểm c"
    )
    assert extension_sentence(reg("004").consultation_rule) == (
        "Nội dung phức tạp: thời gian trả lời không quá 07 ngày làm việc kể từ ngày nhận — Điều 5 khoản 3"
    )


def test_report_sentences(loaded):
    sentences = {o.code: report_sentence(o) for o in reg("002").reporting_obligations.all()}
    assert sentences["quarterly"] == "Báo cáo quý: trước ngày 20 tháng cuối quý (hạn cuối ngày 19) — Mục IV.3"
    assert sentences["half-year"] == "Báo cáo 6 tháng: trước ngày 20/06 (hạn cuối ngày 19/06) — Mục IV.3"
    assert sentences["annual"] == "Báo cáo năm: trước ngày 15/12 (hạn cuối ngày 14/12) — Mục IV.3"
    assert sentences["ad-hoc"] == "Báo cáo đột xuất: khi phát sinh hoặc khi có yêu cầu — Mục IV.3"
    assert report_sentence(reg("000").reporting_obligations.get(code="annual-supervision")) == (
        "Báo cáo năm: trước ngày 10/12 (hạn cuối ngày 09/12) — Điều 7 khoản 1"
    )
    assert report_sentence(reg("003").reporting_obligations.get(code="monthly")) == (
        "Báo cáo tháng: văn bản không quy định ngày; hệ thống dùng ngày làm việc cuối cùng của tháng"
        " — Điều 4 khoản 2 điểm g"
    )
    assert report_sentence(reg("004").reporting_obligations.get(code="annual-implementation")) == (
        "Báo cáo năm: trước ngày 15/12 (hạn cuối ngày 14/12) — Điều 6 khoản 1"
    )


def test_meeting_monitoring_copy_to_designation_sentences(loaded):
    assert [meeting_sentence(m) for m in reg("003").meeting_rules.all()] == [
        "Cơ quan chủ trì tổ chức cuộc họp gửi thông tin, tài liệu ít nhất 05 ngày làm việc trước ngày họp"
        " — Điều 5 khoản 2"
    ]
    assert [meeting_sentence(m) for m in reg("004").meeting_rules.all()] == [
        "Đơn vị chủ trì gửi thông tin, tài liệu ít nhất 05 ngày làm việc trước ngày họp — Điều 5 khoản 4"
    ]
    assert [monitoring_sentence(m) for m in reg("003").monitoring_duties.all()] == [
        "Chuyên viên Ban Nội chính Tỉnh ủy được phân công theo dõi địa bàn làm việc với từng xã, phường "
        "(Văn phòng Đảng ủy) ít nhất 01 lần mỗi tháng — Điều 5 khoản 3 điểm a"
    ]
    assert [copy_to_sentence(x) for x in reg("004").copy_to_duties.all()] == [
        "Mọi báo cáo (thường kỳ, đột xuất, chuyên đề) về công tác nội chính, phòng, chống tham nhũng, tiêu cực "
        "và cải cách tư pháp gửi Ban Thường vụ Tỉnh ủy, Thường trực Tỉnh ủy: đồng thời gửi Ban Nội chính Tỉnh ủy "
        "(bên gửi: Các huyện ủy, thị ủy, thành ủy, Đảng ủy Các cơ quan tỉnh, Đảng ủy Khối doanh nghiệp tỉnh)"
        " — Điều 4 khoản 2 điểm 2.4"
    ]
    assert [designation_sentence(x) for x in reg("003").designation_duties.all()] == [
        "Ban Nội chính Tỉnh ủy thông báo bằng văn bản cho các đảng ủy xã, phường về việc phân công hoặc thay đổi "
        "lãnh đạo, chuyên viên theo dõi địa bàn — Điều 4 khoản 1 điểm h"
    ]


def test_describe_attaches_readings(loaded):
    d = describe(reg("000"))
    assert [x.sentence for x in d.consultation][0].startswith("Trả lời trong 07 ngày làm việc")
    assert d.consultation[0].reading == ""
    assert d.consultation[1].reading.startswith("Thông báo cần thêm thời gian phải đến cơ quan đề nghị")
    assert d.consultation[2].sentence == (
        "Nếu hai cơ quan vẫn còn có ý kiến khác nhau thì báo cáo đầy đủ các ý kiến đó để Ban Thường vụ Huyện ủy "
        "xem xét, quyết định — Điều 5 khoản 3"
    )
    assert [(x.sentence, x.reading) for x in d.reports] == [
        (
            "Báo cáo năm: trước ngày 10/12 (hạn cuối ngày 09/12) — Điều 7 khoản 1",
            "“Trước ngày 10/12” được hiểu là đúng hạn nếu nhận được chậm nhất ngày 09/12.",
        ),
        (
            "Báo cáo năm: văn bản không quy định ngày; hệ thống dùng ngày làm việc cuối cùng của năm — Điều 7 khoản 1",
            "Văn bản không quy định ngày gửi báo cáo tổng hợp; hệ thống dùng ngày làm việc cuối cùng của năm.",
        ),
    ]
    assert describe(reg("002")).consultation == []
    assert describe(reg("004")).parties_reading.startswith("Văn bản ghi “cấp có thẩm quyền theo quy định”")


def test_split_articles(loaded):
    blocks = split_articles(reg("003").full_text)
    assert [b.heading for b in blocks] == [
        "",
        "Điều 1. Phạm vi điều chỉnh, đối tượng áp dụng",
        "Điều 2. Nguyên tắc phối hợp",
        "Điều 3. Nội dung phối hợp",
        "Điều 4. Trách nhiệm phối hợp",
        "Điều 5. Phương pháp phối hợp",
        "Điều 6. Tổ chức thực hiện",
    ]
    assert "Trong thời hạn 05 (năm) ngày làm việc" in blocks[5].body
    only = split_articles(reg("002").full_text)
    assert [(b.anchor, b.heading) for b in only] == [("toan-van", "")]
    assert "trước ngày 20 tháng cuối quý" in only[0].body
    headings_001 = [b.heading for b in split_articles(reg("001").full_text)]
    assert headings_001[1] == "Điều 1. Đối tượng và phạm vi phối hợp"
    assert "**" not in "".join(headings_001)
    decision = split_articles(reg("000").full_text)
    assert decision[1].heading == "Điều 1."
    assert decision[1].body.startswith("Ban hành kèm theo Quyết định này Quy chế phối hợp")


def test_evaluation_sentence(loaded):
    from phoihop.regulations.describe import evaluation_sentence

    assert evaluation_sentence(reg("003").evaluation_duties.get(code="annual-regulation-evaluation")) == (
        "Hằng năm hoặc khi cần thiết đánh giá kết quả thực hiện Quy chế, báo cáo Ban Thường vụ Tỉnh ủy xem xét, "
        "chỉ đạo (thực hiện: Ban Nội chính Tỉnh ủy (chủ trì), Các đảng ủy xã, phường; gửi: Ban Thường vụ Tỉnh ủy)"
        " — Điều 6 khoản 3"
    )


def test_report_rules_are_labelled_with_their_title(loaded):
    d = describe(reg("002"))
    assert [(x.label, x.sentence) for x in d.reports][:2] == [
        (
            "Báo cáo quý kết quả giám sát theo Quy định 124-QĐ/TW",
            "Báo cáo quý: trước ngày 20 tháng cuối quý (hạn cuối ngày 19) — Mục IV.3",
        ),
        (
            "Báo cáo 6 tháng kết quả giám sát theo Quy định 124-QĐ/TW",
            "Báo cáo 6 tháng: trước ngày 20/06 (hạn cuối ngày 19/06) — Mục IV.3",
        ),
    ]
