"""Replacing the signers' name, address and contact in a petition's text by their handles, before anything is
stored (issue 13 point 5: no identity is ever stored in plain text outside phoihop.identities).

A text is compared letter by letter in its folded form (lower case, no diacritics, đ → d), so "Nguyễn Thị Hồng
Nhung", "NGUYỄN THỊ HỒNG NHUNG" and "Nguyen Thi Hong Nhung" are all found, whatever the spaces between the
words; each occurrence is replaced in the original text (NFC) by the handle. Over-redacting a word that folds
the same (Nhung / Nhưng) is the safe side."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    if ch.isspace():
        return " "
    bare = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)).lower()
    return bare if len(bare) == 1 else ch


def fold_aligned(text: str) -> str:
    """The folded form of `text` (already NFC), one character for one character."""
    return "".join(_fold_char(ch) for ch in text)


def _pattern(needle: str) -> re.Pattern[str] | None:
    words = fold_aligned(unicodedata.normalize("NFC", needle)).split()
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")


def redact(text: str, replacements: Iterable[tuple[str, str]]) -> str:
    """`text` (NFC) with every occurrence of each needle replaced by its handle: (needle, handle) pairs; the
    longest needles first (an address may contain a name)."""
    out = unicodedata.normalize("NFC", text or "")
    pairs = sorted(
        ((n, h) for n, h in replacements if n and n.strip()), key=lambda pair: -len(pair[0].strip())
    )
    for needle, handle in pairs:
        pattern = _pattern(needle)
        if pattern is None:
            continue
        for match in reversed(list(pattern.finditer(fold_aligned(out)))):
            out = out[: match.start()] + handle + out[match.end() :]
    return out
