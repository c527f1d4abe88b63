"""The legacy encodings (officials.encodings): the tables read back every Vietnamese letter, and detection needs
evidence."""

from __future__ import annotations

import unicodedata

import pytest

from phoihop.officials.encodings import TCVN3, VNI_PAIRS, VNI_SINGLES, decode, detect

BASES = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
LETTERS = [unicodedata.normalize("NFC", b + t) for b in BASES for t in TONES] + ["đ"]


def test_tcvn3_has_one_byte_for_every_lower_case_letter():
    read = {v: k for k, v in TCVN3.items()}
    non_ascii = [x for x in LETTERS if not x.isascii()]
    assert len(non_ascii) == 12 * 6 - 6 + 1  # 12 vowels × 6 forms, less the 6 plain ASCII vowels; and đ
    for letter in non_ascii:
        assert letter in read, letter
        assert 0xA1 <= ord(read[letter]) <= 0xFE
    assert len(set(read.values())) == len(read)  # no byte for two letters


def test_vni_spells_every_letter_and_capital():
    spelled = {v: k for k, v in {**VNI_PAIRS, **VNI_SINGLES}.items()}
    for letter in LETTERS:
        if letter.isascii():
            continue
        assert letter in spelled or letter in "íì", letter
        assert letter.upper() in spelled or letter in "íì", letter.upper()


@pytest.mark.parametrize(
    ("text", "encoding", "reading"),
    [
        ("NguyÔn V¨n An", "tcvn3", "Nguyễn Văn An"),
        ("TrÇn ThÞ H\u00ad¬ng", "tcvn3", "Trần Thị Hương"),
        ("Ban Tæ chøc TØnh ñy", "tcvn3", "Ban Tổ chức Tỉnh ủy"),
        ("§¶ng ñy x· An Mét", "tcvn3", "Đảng ủy xã An Một"),
        ("Nguyeãn Vaên An", "vni", "Nguyễn Văn An"),
        ("Traàn Thò Höông", "vni", "Trần Thị Hương"),
        ("Ñaûng uûy xaõ An Moät", "vni", "Đảng ủy xã An Một"),
        ("NGUYEÃN VAÊN AN", "vni", "NGUYỄN VĂN AN"),
    ],
)
def test_legacy_text_is_named_with_its_reading(text, encoding, reading):
    found = detect(text)
    assert found is not None
    assert (found.encoding, found.reading) == (encoding, reading)
    assert decode(text, encoding) == reading


@pytest.mark.parametrize(
    "text",
    [
        "John Smith",  # pure ASCII is never flagged
        "Nguyen Van An",
        "Nguyễn Văn An",
        "Đảng ủy xã An Một",
        "Hoà",  # a Unicode word (old tone placement) and "Hồ" in VNI: not flagged without evidence
        "Müller",  # not Vietnamese, but no legacy reading either
        "Phó Chủ tịch UBND xã",
        "",
    ],
)
def test_unicode_and_ascii_text_is_not_flagged(text):
    assert detect(text) is None
