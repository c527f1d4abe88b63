"""The words of a petition's folded text, for the register's search (issue 13, measured at 250,000 petitions).

The register's search asks for petitions whose text has every word of the query, without diacritics. Testing
`search_text LIKE '%word%'` row by row walks the body's whole register when the words are rare (≈28,000 rows
for a topic in one village at 250,000 petitions: 3.5× its template, bench/README.md). `PetitionWord` keeps one row
per distinct word of each petition (its body and day beside it), so the search reads the rarest word's rows from
an index and checks the others on the petition's own words.

A query word matches a whole word of the text (folded: lower case, no diacritics, đ → d), which is what a
person typing Vietnamese syllables means ("ong" finds "ông", not "phòng").
"""

from __future__ import annotations

import re

from phoihop.formats.vi.collation import fold

WORD_MAX = 40  # longer tokens (a URL, a run of digits) are cut: a query word is cut the same way
_WORD = re.compile(r"\w+")

__all__ = ["WORD_MAX", "query_words", "words_of"]


def words_of(search_text: str) -> list[str]:
    """The distinct words of a folded text, in their first order."""
    return list(dict.fromkeys(w[:WORD_MAX] for w in _WORD.findall(search_text)))


def query_words(query: str, limit: int = 10) -> list[str]:
    """The distinct words of what a person typed, folded like the texts, at most `limit`."""
    return words_of(fold(query))[:limit]
