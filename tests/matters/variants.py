"""Twelve hand-written Vietnamese variants of three petitions (the acceptance test of issue 13, point 4): each
petition as first written, without diacritics, with its sentences reordered and another greeting, with its words
reordered within the sentences and sent to another body. The three share the words of a commune's life (xã An
Một, Ủy ban nhân dân, cán bộ, gia đình, đề nghị …), so that telling them apart means something. Signers' names
stand as handles (NG-…), as the register stores them."""

from __future__ import annotations

# (petition key, variant key, body key of tests/personas.py, title, content)
VARIANTS: tuple[tuple[str, str, str, str, str], ...] = (
    # --- A: a complaint about the compensation for land taken for a road -----------------------------------
    (
        "A",
        "original",
        "xa1",
        "Khiếu nại về việc bồi thường đất làm đường liên thôn",
        "Kính gửi: Đảng ủy xã An Một. Tôi tên là NG-AAAA2222, trú tại thôn Phú Mỹ, xã An Một. Năm 2026 Ủy ban "
        "nhân dân xã thu hồi 320 mét vuông đất trồng lúa của gia đình tôi để làm đường liên thôn nhưng chỉ bồi "
        "thường theo giá đất nông nghiệp thấp hơn nhiều so với giá thị trường, không hỗ trợ chuyển đổi nghề "
        "nghiệp. Cán bộ địa chính Lê Văn Tám đo đạc thiếu 40 mét vuông. Đề nghị xem xét bồi thường đúng diện "
        "tích và hỗ trợ theo quy định. Xin chân thành cảm ơn.",
    ),
    (
        "A",
        "no_diacritics",
        "ban",
        "Khieu nai ve viec boi thuong dat lam duong lien thon",
        "Kinh gui: Ban Noi chinh Tinh uy. Toi ten la NG-BBBB3333, tru tai thon Phu My, xa An Mot. Nam 2026 Uy ban "
        "nhan dan xa thu hoi 320 met vuong dat trong lua cua gia dinh toi de lam duong lien thon nhung chi boi "
        "thuong theo gia dat nong nghiep thap hon nhieu so voi gia thi truong, khong ho tro chuyen doi nghe "
        "nghiep. Can bo dia chinh Le Van Tam do dac thieu 40 met vuong. De nghi xem xet boi thuong dung dien "
        "tich va ho tro theo quy dinh. Xin chan thanh cam on.",
    ),
    (
        "A",
        "sentences_reordered",
        "hu",
        "Đơn khiếu nại bồi thường đất đường liên thôn thôn Phú Mỹ",
        "Kính thưa Huyện ủy Tây Sơn! Cán bộ địa chính Lê Văn Tám đo đạc thiếu 40 mét vuông đất của gia đình tôi. "
        "Tôi là NG-CCCC4444 ở thôn Phú Mỹ, xã An Một. Ủy ban nhân dân xã chỉ bồi thường theo giá đất nông "
        "nghiệp, thấp hơn nhiều so với giá thị trường, và không hỗ trợ chuyển đổi nghề nghiệp, khi thu hồi 320 "
        "mét vuông đất trồng lúa năm 2026 để làm đường liên thôn. Kính đề nghị bồi thường đúng diện tích, hỗ "
        "trợ theo quy định. Trân trọng.",
    ),
    (
        "A",
        "words_reordered",
        "xa2",
        "Bồi thường đất làm đường liên thôn: khiếu nại",
        "Kính gửi Đảng ủy xã An Hai. Chúng tôi là gia đình NG-DDDD5555 ở xã An Một, thôn Phú Mỹ. Để làm đường "
        "liên thôn, năm 2026 đất trồng lúa 320 mét vuông của gia đình bị Ủy ban nhân dân xã thu hồi; giá bồi "
        "thường là giá đất nông nghiệp, so với giá thị trường thấp hơn nhiều; hỗ trợ chuyển đổi nghề nghiệp "
        "không có. Đo đạc thiếu 40 mét vuông là do cán bộ địa chính Lê Văn Tám. Theo quy định, đề nghị hỗ trợ "
        "và bồi thường đúng diện tích. Xin cảm ơn quý cơ quan.",
    ),
    # --- B: a denunciation of a school principal collecting fees ---------------------------------------------
    (
        "B",
        "original",
        "ban",
        "Tố cáo hiệu trưởng trường tiểu học An Một thu tiền trái quy định",
        "Kính gửi: Ban Nội chính Tỉnh ủy. Chúng tôi là phụ huynh học sinh trường tiểu học An Một, xã An Một. "
        "Từ đầu năm học 2026 hiệu trưởng Trần Thị Bích tự đặt ra khoản thu xây dựng cơ sở vật chất 500 nghìn "
        "đồng mỗi học sinh, bắt mua đồng phục tại cửa hàng của người nhà và thu tiền học thêm bắt buộc, không "
        "có biên lai, không công khai trước hội phụ huynh. Đề nghị kiểm tra, xử lý nghiêm và trả lại tiền cho "
        "phụ huynh. Trân trọng cảm ơn.",
    ),
    (
        "B",
        "no_diacritics",
        "xa1",
        "To cao hieu truong truong tieu hoc An Mot thu tien trai quy dinh",
        "Kinh gui: Dang uy xa An Mot. Chung toi la phu huynh hoc sinh truong tieu hoc An Mot, xa An Mot. Tu dau "
        "nam hoc 2026 hieu truong Tran Thi Bich tu dat ra khoan thu xay dung co so vat chat 500 nghin dong moi "
        "hoc sinh, bat mua dong phuc tai cua hang cua nguoi nha va thu tien hoc them bat buoc, khong co bien "
        "lai, khong cong khai truoc hoi phu huynh. De nghi kiem tra, xu ly nghiem va tra lai tien cho phu huynh. "
        "Tran trong cam on.",
    ),
    (
        "B",
        "sentences_reordered",
        "ubkt",
        "Phụ huynh tố cáo hiệu trưởng Trần Thị Bích thu tiền sai",
        "Kính thưa Ủy ban Kiểm tra Huyện ủy. Hiệu trưởng Trần Thị Bích bắt mua đồng phục tại cửa hàng của "
        "người nhà, thu tiền học thêm bắt buộc, tự đặt ra khoản thu xây dựng cơ sở vật chất 500 nghìn đồng mỗi "
        "học sinh từ đầu năm học 2026, không có biên lai, không công khai trước hội phụ huynh. Chúng tôi là phụ "
        "huynh học sinh trường tiểu học An Một. Kính mong kiểm tra, xử lý nghiêm, trả lại tiền cho phụ huynh. "
        "Xin chân thành cảm ơn.",
    ),
    (
        "B",
        "words_reordered",
        "hu",
        "Thu tiền trái quy định ở trường tiểu học An Một: tố cáo hiệu trưởng",
        "Tôi xin trình bày: phụ huynh học sinh chúng tôi ở xã An Một, trường tiểu học An Một. Khoản thu xây "
        "dựng cơ sở vật chất 500 nghìn đồng mỗi học sinh do hiệu trưởng Trần Thị Bích tự đặt ra từ đầu năm học "
        "2026; đồng phục bắt mua tại cửa hàng người nhà; tiền học thêm thu bắt buộc; biên lai không có; trước hội "
        "phụ huynh không công khai. Xử lý nghiêm, kiểm tra và trả lại tiền cho phụ huynh là đề nghị của chúng "
        "tôi. Kính gửi Huyện ủy Tây Sơn.",
    ),
    # --- C: feedback about a pig farm's waste water ----------------------------------------------------------
    (
        "C",
        "original",
        "xa2",
        "Phản ánh trại heo xả nước thải gây ô nhiễm",
        "Kính gửi: Đảng ủy xã An Hai. Tôi tên là NG-EEEE6666, ở thôn Hòa Bình, xã An Một. Trại heo của ông Phạm "
        "Văn Lực nuôi hơn 2000 con, xả nước thải chưa xử lý ra mương thủy lợi, mùi hôi thối bốc lên cả xóm, "
        "nhiều cháu nhỏ bị ho, nước giếng đổi màu. Người dân đã báo Ủy ban nhân dân xã nhiều lần nhưng cán bộ "
        "môi trường chỉ nhắc nhở. Đề nghị kiểm tra, đình chỉ xả thải. Xin cảm ơn.",
    ),
    (
        "C",
        "no_diacritics",
        "xa1",
        "Phan anh trai heo xa nuoc thai gay o nhiem",
        "Kinh gui: Dang uy xa An Mot. Toi ten la NG-FFFF7777, o thon Hoa Binh, xa An Mot. Trai heo cua ong Pham "
        "Van Luc nuoi hon 2000 con, xa nuoc thai chua xu ly ra muong thuy loi, mui hoi thoi boc len ca xom, "
        "nhieu chau nho bi ho, nuoc gieng doi mau. Nguoi dan da bao Uy ban nhan dan xa nhieu lan nhung can bo "
        "moi truong chi nhac nho. De nghi kiem tra, dinh chi xa thai. Xin cam on.",
    ),
    (
        "C",
        "sentences_reordered",
        "front",
        "Ô nhiễm do trại heo ông Phạm Văn Lực xả thải",
        "Kính thưa Ủy ban MTTQ tỉnh. Mùi hôi thối bốc lên cả xóm, nhiều cháu nhỏ bị ho, nước giếng đổi màu vì "
        "trại heo của ông Phạm Văn Lực nuôi hơn 2000 con xả nước thải chưa xử lý ra mương thủy lợi. Tôi là "
        "NG-GGGG8888 ở thôn Hòa Bình, xã An Một. Cán bộ môi trường chỉ nhắc nhở dù người dân đã báo Ủy ban "
        "nhân dân xã nhiều lần. Kính đề nghị kiểm tra, đình chỉ xả thải. Trân trọng.",
    ),
    (
        "C",
        "words_reordered",
        "ban",
        "Trại heo gây ô nhiễm, xả nước thải: phản ánh",
        "Kính gửi Ban Nội chính Tỉnh ủy. Thôn Hòa Bình, xã An Một, tôi NG-HHHH9999 xin phản ánh: nước thải chưa "
        "xử lý từ trại heo hơn 2000 con của ông Phạm Văn Lực xả ra mương thủy lợi; cả xóm mùi hôi thối bốc lên; "
        "nước giếng đổi màu; cháu nhỏ nhiều bị ho. Ủy ban nhân dân xã được người dân báo nhiều lần, cán bộ môi "
        "trường chỉ nhắc nhở. Đình chỉ xả thải, kiểm tra: đề nghị như vậy. Chân thành cảm ơn.",
    ),
)

# A petition on the same subject as A (land taken in xã An Một, compensation) but another matter: another family,
# another project, another plot. It must be proposed for none of the twelve, nor they for it.
DECOY: tuple[str, str, str, str, str] = (
    "D",
    "decoy",
    "xa1",
    "Khiếu nại giá bồi thường đất làm kênh mương nội đồng",
    "Kính gửi: Đảng ủy xã An Một. Tôi tên là NG-JJJJ2345, trú tại thôn Tân Lập, xã An Một. Năm 2025 Ủy ban "
    "nhân dân xã thu hồi 150 mét vuông đất vườn của gia đình tôi để làm kênh mương nội đồng. Giá bồi thường "
    "đất vườn áp dụng như đất trồng lúa, cây ăn quả trên đất không được tính. Đề nghị xem xét tính lại giá "
    "bồi thường cho đúng loại đất và bồi thường cây trồng. Xin chân thành cảm ơn.",
)
