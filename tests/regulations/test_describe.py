"""Rules in plain Vietnamese: exact sentences with their article."""

from __future__ import annotations

import pytest

from phoihop.regulations import queries
from phoihop.regulations.describe import (
    adoption_sentence,
    asking_sentence,
    consultation_sentence,
    copy_to_sentence,
    describe,
    designation_sentence,
    disagreement_sentence,
    evaluation_sentence,
    extension_sentence,
    kind_sentence,
    meeting_sentence,
    monitoring_sentence,
    report_sentence,
    split_articles,
)

pytestmark = pytest.mark.django_db

SECONDMENT_STATED_READING = (
    "Văn bản không quy định thời hạn trả lời loại đề nghị này; hạn là ngày (hoặc số ngày làm việc) nêu trong "
    "văn bản đề nghị. Quá hạn không trả lời thì ghi quá hạn, không coi như đồng ý (coi như đồng ý chỉ áp dụng "
    "với việc lấy ý kiến)."
)


def reg(code: str):
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
    # only what the texts say; "before the deadline, with a new date" of 000 is its Reading, shown apart
    assert extension_sentence(reg("000").consultation_rule) == (
        "Trường hợp phức tạp cần thêm thời gian: bên được đề nghị thông báo bằng văn bản cho bên đề nghị biết"
        " — Điều 5 khoản 1"
    )
    assert extension_sentence(reg("001").consultation_rule) == (
        "Cần thêm thời gian: bên được đề nghị thông báo và tự xác định thời gian phản hồi — Điều 3 khoản 1"
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
    assert d.consultation[1].reading == (
        "Thông báo cần thêm thời gian phải đến cơ quan đề nghị trước khi hết hạn trả lời và nêu ngày trả lời mới; "
        "văn bản không giới hạn số ngày gia hạn."
    )
    assert "trước khi hết hạn" not in d.consultation[1].sentence
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
    assert [x.reading for x in d.kinds] == [
        "Văn bản đề nghị có thể nêu ngày cần có ý kiến; ngày đó không làm thay đổi hạn trả lời (07 ngày làm việc "
        "kể từ ngày nhận). Văn bản phải gửi trước ngày cần có ý kiến ít nhất 07 ngày làm việc (chậm nhất vào ngày "
        "làm việc thứ 07 trước ngày đó); gửi muộn hơn thì hệ thống cảnh báo người gửi.",
        SECONDMENT_STATED_READING,
        SECONDMENT_STATED_READING,
        "",
    ]
    assert d.other_readings == []
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


def test_evaluation_sentence_without_receiver(loaded):
    sentences = [evaluation_sentence(x) for x in reg("000").evaluation_duties.all()]
    assert sentences[1:] == [
        "Ủy ban Kiểm tra Huyện ủy tổng hợp báo cáo hằng năm của các cơ quan phối hợp về công tác giám sát và việc "
        "thực hiện Quy chế, trình Ban Thường vụ Huyện ủy và Ban Chỉ đạo Chương trình hành động số 03-CTr/HU "
        "(thực hiện: Ủy ban Kiểm tra Huyện ủy; gửi: Ban Thường vụ Huyện ủy) — Điều 7 khoản 1",
        "Ủy ban Kiểm tra Huyện ủy chủ trì chuẩn bị nội dung, thời gian, địa điểm, thành phần để sơ kết, tổng kết "
        "việc thực hiện Quy chế (thực hiện: Ủy ban Kiểm tra Huyện ủy; văn bản không nêu nơi nhận) — Điều 7 khoản 2",
    ]
    assert sentences[0].endswith("; gửi: Ủy ban Kiểm tra Huyện ủy) — Điều 7 khoản 1")
    assert [x.sentence for x in describe(reg("000")).evaluations] == sentences


def _kinds(code: str) -> list[str]:
    r = reg(code)
    return [kind_sentence(k, r.consultation_rule) for k in r.request_kind_rules.all()]


def test_kind_sentences(loaded):
    assert _kinds("000") == [
        "Xin ý kiến: trả lời trong 07 ngày làm việc kể từ ngày nhận; văn bản gửi trước ít nhất 07 ngày làm việc; "
        "quá hạn không trả lời coi như đồng ý, cùng chịu trách nhiệm; được gia hạn theo quy tắc gia hạn"
        " — Điều 5 khoản 1",
        "Đề nghị cử cán bộ phối hợp: trả lời theo thời hạn nêu trong văn bản đề nghị; quá hạn không trả lời thì "
        "quá hạn, không coi như đồng ý — Điều 5 khoản 1",
        "Đề nghị cung cấp thông tin, tài liệu: trả lời theo thời hạn nêu trong văn bản đề nghị; quá hạn không trả "
        "lời thì quá hạn, không coi như đồng ý — Điều 5 khoản 2",
        "Thông báo: không cần trả lời — Điều 4 khoản 1 điểm 1.4",
    ]
    not_earlier = (
        ": trả lời trong 07 ngày làm việc kể từ ngày nhận hoặc thời hạn theo văn bản đề nghị (không sớm hơn); "
        "quá hạn không trả lời coi như đồng ý, cùng chịu trách nhiệm; được gia hạn theo quy tắc gia hạn"
        " — Điều 3 khoản 1"
    )
    assert _kinds("001") == [
        "Xin ý kiến" + not_earlier,
        "Đề nghị cung cấp thông tin, tài liệu" + not_earlier,
        "Đề nghị cử cán bộ phối hợp" + not_earlier,
        "Đề nghị thẩm định văn bản" + not_earlier,
        "Thông báo: không cần trả lời — Điều 3 khoản 1",
        "Xin ý kiến về nhân sự" + not_earlier,  # issue 12: personnel consultations
    ]
    assert _kinds("003")[:2] == [
        "Xin ý kiến: trả lời trong 05 ngày làm việc kể từ ngày nhận hoặc thời hạn nêu trong văn bản đề nghị "
        "(ngắn hơn hay dài hơn); quá hạn không trả lời coi như đồng ý, cùng chịu trách nhiệm; được gia hạn theo "
        "quy tắc gia hạn — Điều 5 khoản 1 điểm c",
        "Đề nghị thẩm định văn bản: trả lời trong 05 ngày làm việc kể từ ngày nhận hoặc thời hạn nêu trong văn "
        "bản đề nghị (ngắn hơn hay dài hơn); quá hạn không trả lời thì quá hạn, không coi như đồng ý; được gia "
        "hạn theo quy tắc gia hạn — Điều 3 khoản 4",
    ]
    assert _kinds("004")[:2] == [
        "Xin ý kiến: trả lời trong 05 ngày làm việc kể từ ngày nhận; quá hạn không trả lời coi như đồng ý, cùng "
        "chịu trách nhiệm; được gia hạn theo quy tắc gia hạn — Điều 5 khoản 3",
        "Đề nghị thẩm định văn bản: trả lời trong 05 ngày làm việc kể từ ngày nhận; quá hạn không trả lời thì "
        "quá hạn, không coi như đồng ý; được gia hạn theo quy tắc gia hạn — Điều 3 khoản 6",
    ]
    # without a consultation rule to take the extension rule from, no extension is promised
    r = reg("003")
    assert kind_sentence(r.kind_rule("appraisal")).endswith(
        "quá hạn không trả lời thì quá hạn, không coi như đồng ý — Điều 3 khoản 4"
    )
    only_002 = describe(reg("002"))
    assert [(x.sentence, x.reading) for x in only_002.kinds] == [
        ("Thông báo: không cần trả lời — Mục II.3", "")
    ]


def test_describe_003_disagreement_without_a_clause(loaded):
    d = describe(reg("003"))
    assert disagreement_sentence(reg("003").consultation_rule) == (
        "Văn bản không có điều khoản về trường hợp còn ý kiến khác nhau"
    )
    assert (d.consultation[2].sentence, d.consultation[2].reading) == (
        "Văn bản không có điều khoản về trường hợp còn ý kiến khác nhau",
        "Quy chế 003 không có điều khoản về ý kiến khác nhau. Khi còn ý kiến khác nhau, vấn đề đi qua Ban Nội "
        "chính Tỉnh ủy: Ban báo cáo Ban Thường vụ Tỉnh ủy như với khó khăn, vướng mắc ở Điều 6 khoản 4; ý kiến "
        "khác nhau của một đảng ủy xã, phường được phản ánh về Ban, Ban tổng hợp, báo cáo.",
    )
    assert d.consultation[3].sentence.startswith("Đối với những vấn đề cần lấy ý kiến gấp, đột xuất")
    assert len(d.consultation) == 4
    assert d.parties_reading == (
        "Quy chế không nêu cấp quyết định khi còn ý kiến khác nhau; hệ thống đưa vấn đề qua Ban Nội chính Tỉnh ủy "
        "để Ban báo cáo Ban Thường vụ Tỉnh ủy, như với khó khăn, vướng mắc ở Điều 6 khoản 4."
    )
    assert d.other_readings == []
    # a version with a disagreement clause and no Reading on it keeps the clause as its sentence
    assert disagreement_sentence(reg("004").consultation_rule).endswith(
        "với cấp có thẩm quyền theo quy định — Điều 5 khoản 3"
    )


def test_adoption_and_asking_sentences(loaded):
    assert adoption_sentence(reg("000")) == (
        "Hệ thống áp dụng văn bản này cho tỉnh Hưng Yên: ràng buộc các cơ quan của địa bàn này. Bản triển khai "
        "mẫu áp dụng quy chế này (ban hành cho huyện Tây Sơn) cho tỉnh Hưng Yên; quy chế ràng buộc các cơ quan cấp "
        "huyện của địa bàn áp dụng."
    )
    assert describe(reg("004")).adoption == (
        "Hệ thống áp dụng văn bản này cho tỉnh Hưng Yên: ràng buộc các cơ quan của địa bàn này. Bản triển khai "
        "mẫu áp dụng quy định này cho tỉnh Hưng Yên."
    )
    no_partner_to_partner = (
        "Đề nghị được gửi giữa cơ quan chủ trì và cơ quan phối hợp, theo cả hai chiều; các cơ quan phối hợp không "
        "đề nghị lẫn nhau theo văn bản này."
    )
    assert {describe(reg(c)).asking for c in ["000", "001", "002", "003", "004"]} == {no_partner_to_partner}
    r = reg("003")
    r.partner_to_partner, r.partner_to_partner_article = True, "Điều 5 khoản 1"
    assert asking_sentence(r) == (
        "Đề nghị được gửi giữa cơ quan chủ trì và cơ quan phối hợp, theo cả hai chiều; các cơ quan phối hợp cũng "
        "được đề nghị lẫn nhau — Điều 5 khoản 1"
    )
    r.adopted_level, r.adopted_area, r.adoption_note = "district", "Tây Sơn", ""
    assert adoption_sentence(r) == (
        "Hệ thống áp dụng văn bản này cho huyện Tây Sơn: ràng buộc các cơ quan của địa bàn này."
    )
