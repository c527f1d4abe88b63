"""Vietnamese text typed in the legacy encodings of the 1990s fonts, found in spreadsheet cells.

A cell typed with a TCVN3 (ABC) keyboard in a .VnTime font, or with a VNI keyboard in a VNI-Times font, holds the
font's bytes read as Windows-1252 characters: "NguyÔn V¨n An" (TCVN3) or "Nguyeãn Vaên An" (VNI) for
"Nguyễn Văn An". The tables below are the published character tables:

- TCVN3 = TCVN 5712:1993, table VN3 (one byte per letter; the lower-case letters, and the seven upper-case letters
  Ă Â Ê Ô Ơ Ư Đ at 0xA1–0xA7; a capital with a tone mark needs the separate upper-case font .VnTimeH, whose bytes
  are those of the lower-case letters);
- VNI = the VNI Windows table (a letter is its base letter followed by one byte for its mark and tone; i, y with
  the dot below, ơ, ư and đ are single bytes).

`detect(text)` names the encoding only on evidence: the text as it stands has a word that is not a Vietnamese
word (a character outside the Vietnamese alphabet, two tone marks, a shape no syllable has), and the text read in
that encoding has none. Pure-ASCII text is never flagged; ambiguous text ("Hoà" is a Unicode word and "Hồ" in
VNI) is not flagged either. Nothing is converted here without the caller telling the user (`decode`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["LEGACY_LABELS", "Legacy", "decode", "detect", "is_vietnamese_text"]

LEGACY_LABELS = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}

# --- TCVN3 (TCVN 5712:1993, VN3): byte -> letter ------------------------------------------------------------
_TCVN3_ROWS = {
    # base: (plain, grave, hook, tilde, acute, dot) as bytes; None where the letter is the ASCII one
    "a": (None, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (None, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (None, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (None, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (None, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (None, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
# combining marks of the tones, in the order of the rows above (after the plain letter)
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


def _toned(base: str, tone: int) -> str:
    return base if tone == 0 else unicodedata.normalize("NFC", base + _TONES[tone - 1])


TCVN3: dict[str, str] = {}
for _base, _codes in _TCVN3_ROWS.items():
    for _tone, _code in enumerate(_codes):
        if _code is not None:
            TCVN3[chr(_code)] = _toned(_base, _tone)
TCVN3.update({chr(0xAE): "đ", chr(0xA1): "Ă", chr(0xA2): "Â", chr(0xA3): "Ê", chr(0xA4): "Ô"})
TCVN3.update({chr(0xA5): "Ơ", chr(0xA6): "Ư", chr(0xA7): "Đ"})

# --- VNI Windows: the byte after a base letter -> its mark/tone -------------------------------------------
# lower-case mark bytes; the upper-case ones are the same letters in upper case (ù -> Ù, â -> Â ...)
_VNI_TONE = {"ø": 1, "û": 2, "õ": 3, "ù": 4, "ï": 5}  # grave, hook, tilde, acute, dot
_VNI_HAT = {"â": 0, "à": 1, "å": 2, "ã": 3, "á": 4, "ä": 5}  # circumflex with its tone
_VNI_BREVE = {"ê": 0, "è": 1, "ú": 2, "ü": 3, "é": 4, "ë": 5}  # breve with its tone (a only)
_VNI_SINGLE = {"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ô": "ơ", "ö": "ư", "ñ": "đ"}


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    pairs: dict[str, str] = {}
    for base in "aeouy":
        for mark, tone in _VNI_TONE.items():
            pairs[base + mark] = _toned(base, tone)
    for base, hat in (("a", "â"), ("e", "ê"), ("o", "ô")):
        for mark, tone in _VNI_HAT.items():
            pairs[base + mark] = _toned(hat, tone)
    for mark, tone in _VNI_BREVE.items():
        pairs["a" + mark] = _toned("ă", tone)
    for base, horn in (("ô", "ơ"), ("ö", "ư")):  # ơ and ư are single bytes, followed by their tone
        for mark, tone in _VNI_TONE.items():
            pairs[base + mark] = _toned(horn, tone)
    upper = {k.upper(): v.upper() for k, v in pairs.items()}
    singles = dict(_VNI_SINGLE)
    singles.update({k.upper(): v.upper() for k, v in _VNI_SINGLE.items()})
    return {**pairs, **upper}, singles


VNI_PAIRS, VNI_SINGLES = _vni_tables()


def decode(text: str, encoding: str) -> str:
    """`text` read as typed in `encoding` ("tcvn3" or "vni"); characters outside the table are kept."""
    if encoding == "tcvn3":
        return "".join(TCVN3.get(c, c) for c in text)
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = VNI_PAIRS.get(text[i : i + 2])
        if pair is not None:
            out.append(pair)
            i += 2
            continue
        out.append(VNI_SINGLES.get(text[i], text[i]))
        i += 1
    return "".join(out)


# --- what a Vietnamese word looks like -------------------------------------------------------------------
_MARKED = "ăâêôơưđ"
_INITIALS = "ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEI = (
    "uyê|uyu|uya|ươu|ươi|yêu|iêu|oai|oay|oeo|uây|uôi|uơ|ươ|uô|iê|yê|ia|ua|ưa|oa|oă|oe|uê|uy|uâ|ai|ao|au|ay|âu|ây"
    "|eo|êu|iu|oi|ôi|ơi|ui|ưi|ưu|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
_FINALS = "ch|ng|nh|c|m|n|p|t"
_SYLLABLE = re.compile(rf"^(?:{_INITIALS})?(?:{_NUCLEI})(?:{_FINALS})?$")
_WORD = re.compile(r"[^\W\d_]+")


def _syllable(word: str) -> bool:
    """Whether a word with a non-ASCII letter is a Vietnamese syllable: letters of the alphabet, one tone."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in decomposed if c in _TONES)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    if any(not ("a" <= c <= "z" or c in _MARKED) for c in bare):
        return False
    return bool(_SYLLABLE.match(bare))


def is_vietnamese_text(text: str) -> bool:
    """Whether every word with a non-ASCII letter is a Vietnamese syllable, and no character is outside the
    alphabet, the digits, spaces and ASCII punctuation."""
    for ch in text:
        if ord(ch) >= 128 and not ch.isalpha():
            return False
    return all(word.isascii() or _syllable(word) for word in _WORD.findall(text))


@dataclass(frozen=True)
class Legacy:
    encoding: str  # "tcvn3" or "vni"
    reading: str  # the text read in that encoding

    @property
    def label(self) -> str:
        return LEGACY_LABELS[self.encoding]


def detect(text: str) -> Legacy | None:
    """The legacy encoding `text` was typed in, on evidence (see the module's docstring), else None."""
    if text.isascii() or is_vietnamese_text(text):
        return None
    for encoding in ("tcvn3", "vni"):
        reading = decode(text, encoding)
        if reading != text and is_vietnamese_text(reading):
            return Legacy(encoding, reading)
    return None
