"""The stored keys of an official's name: `name_key` (the diacritics-insensitive search key, formats.vi.collation.
fold) and `sort_name` (a collation key whose plain string order is the Vietnamese alphabetical order of
collation.sort_key, so that the registry's keyset pages read an index in Vietnamese order on SQLite and on
PostgreSQL alike).

The collation key is written with the characters 0-9 and a-z only (every database collation orders such strings
as plain ASCII): each character of the name as two base-36 digits of its primary rank (space and punctuation,
digits, the Vietnamese alphabet a ă â b c d đ …, anything else last), "00" (lower than every rank, so that a name
sorts before the longer names it begins), then one digit per character for its tone, then one for its case."""

from __future__ import annotations

from phoihop.formats.vi.collation import fold, sort_key

__all__ = ["SORT_NAME_LENGTH", "collation_key", "fold", "words_of"]

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
# primary units as sort_key gives them: (class, value); class 0 space/punctuation, 1 digit, 2 letter, 3 other
_BASE = {0: 1, 1: 10, 2: 30}
_OTHER = 36 * 36 - 1
SORT_NAME_LENGTH = 4 * 200 + 2


def _two(code: int) -> str:
    return _DIGITS[code // 36] + _DIGITS[code % 36]


def _rank(unit: tuple[int, int]) -> int:
    kind, value = unit
    if kind == 0:
        return 1 if value == 0 else 2  # a space before any punctuation
    if kind == 1:
        return _BASE[1] + value - ord("0")
    if kind == 2:
        return _BASE[2] + value
    return _OTHER


def collation_key(text: str) -> str:
    """A string whose order is the Vietnamese order of `text` (sort_key's primary, tone and case levels)."""
    primary, tones, cases = sort_key(text.strip())
    return (
        "".join(_two(_rank(unit)) for unit in primary)
        + "00"
        + "".join(str(tone) for tone in tones)
        + "".join("1" if upper else "0" for upper in cases)
    )


def words_of(query: str) -> list[str]:
    """The folded words of a search box's text (at most eight)."""
    return fold(query).split()[:8]
