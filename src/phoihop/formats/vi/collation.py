"""Vietnamese alphabetical order and diacritics-insensitive search (issue 11, part 8).

PyICU is not installed, so the order is a small key function instead of ICU's "vi" collation, with the same
result for Vietnamese names:

- letters in the Vietnamese alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (the foreign
  letters f j w z where Latin puts them), so "Đ" sorts right after "D", not after "Z";
- the tone marks are a secondary key, compared only when the letters are the same: no mark, huyền (`), hỏi (?),
  ngã (~), sắc (´), nặng (.) — "Bắc" sorts before "Bình" because ă comes before i, whatever the tones;
- case is a tertiary key (lower before upper), so the order is case-insensitive;
- spaces and punctuation before digits, digits before letters; any other character after the letters.

`fold()` is the search normalisation used on both sides of a search box (the picker's JS does the same):
NFD, combining marks dropped, đ → d, lowercase: "pho hien" finds "Phố Hiến".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

__all__ = ["fold", "sort_key", "sorted_vi"]

T = TypeVar("T")

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}

# marks that make a different letter (ă â ê ô ơ ư): part of the primary key
_LETTER_MARKS = frozenset({"\u0306", "\u0302", "\u031b"})
# tone marks, in dictionary order: huyền, hỏi, ngã, sắc, nặng (no mark = 0)
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

_SPACE, _DIGIT, _LETTER, _OTHER = 0, 1, 2, 3


def _letters(text: str) -> list[tuple[str, int, bool]]:
    """Each base letter of `text` with its letter marks recomposed (ă, ơ, …), its tone and whether it was upper
    case."""
    out: list[tuple[str, int, bool]] = []
    for ch in unicodedata.normalize("NFD", text):
        if ch in _LETTER_MARKS and out:
            base, tone, upper = out[-1]
            out[-1] = (unicodedata.normalize("NFC", base + ch), tone, upper)
        elif ch in _TONES and out:
            base, _, upper = out[-1]
            out[-1] = (base, _TONES[ch], upper)
        elif unicodedata.combining(ch) and out:
            continue  # another mark (none in Vietnamese): ignored
        else:
            lower = ch.lower()
            out.append((lower, 0, ch != lower))
    return out


def sort_key(text: str | None) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[bool, ...]]:
    """A key for sorted(): Vietnamese alphabetical order, tones second, case third."""
    primary: list[tuple[int, int]] = []
    tones: list[int] = []
    cases: list[bool] = []
    for letter, tone, upper in _letters(text or ""):
        if letter in _RANK:
            primary.append((_LETTER, _RANK[letter]))
        elif letter.isdigit():
            primary.append((_DIGIT, ord(letter)))
        elif letter.isspace() or not letter.isalnum():
            primary.append((_SPACE, 0 if letter.isspace() else ord(letter)))
        else:
            primary.append((_OTHER, ord(letter)))
        tones.append(tone)
        cases.append(upper)
    return tuple(primary), tuple(tones), tuple(cases)


def sorted_vi(items: Iterable[T], key: Callable[[T], str | None] = str) -> list[T]:
    """The items in Vietnamese order of key(item) (a stable sort)."""
    return sorted(items, key=lambda item: sort_key(key(item)))


def fold(text: str | None) -> str:
    """Lowercase, no diacritics, đ → d, spaces collapsed: the form both sides of a search are compared in."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())
