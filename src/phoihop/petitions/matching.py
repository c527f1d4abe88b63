"""Duplicate detection (issue 13, point 4): the same petition sent to several bodies, or sent again.

Normalisation (`normalise`): NFC, lower case, punctuation out, the Vietnamese formulae of a letter stripped
("kính gửi", "tôi tên là", "xin chân thành cảm ơn", "trân trọng", … — `FORMULAE`) and the commonest function words
(`STOPWORDS`); each word kept twice, with its diacritics and without (`phoihop.formats.vi.collation.fold`), as a
*set*: the order of the words does not count.

The score of two petitions (`score`): the text's similarity — Jaccard's index of the two word sets without
diacritics, averaged with the same index with diacritics when both texts carry them (a text typed without
diacritics is compared on the folded words only) — plus `SUBJECT_BONUS` when they concern the same official or
body and `SIGNER_BONUS` when a signer is the same person (the keyed fingerprint of the name that the identities part
keeps, `Identity.name_fingerprint`: never a name); proposed from `THRESHOLD`. (On the acceptance test's variants,
tests/matters/variants.py, the same petition scores 0.82 or more, different ones 0.34 at most; the overlap
coefficient, tried too, brought a near matter to 0.49.)

`candidates(petition, limit)` proposes the petitions of any body that are likely the same matter, grouped by matter.
What a proposal carries is what the clerk may see of another body's petition: the body, the register code, the
date received and the state — never its title or content. The cost does not grow with the number of petitions:
1 query for the petition's subjects; 1 for the petitions sharing, with it, both words of a pair of its most
distinctive words (`search_text`, among the last `PREFILTER_WINDOW` registered, a range of the primary key); when it
names officials or bodies, 1 for the petitions naming one of them (an index) and 1 for their subjects; when it has
signers, 1 for their fingerprints, and when there are some, 1 for the petitions a same person signed (an index) and 1
for their signers' fingerprints; at most `PREFILTER_LIMIT` rows each — then the scoring in Python. Without a word index (a trigram index on PostgreSQL, a
token table) the window is what bounds the text prefilter.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from phoihop.formats.vi.collation import fold

from .models import Petition, PetitionSigner, PetitionSubject

__all__ = [
    "FORMULAE",
    "PREFILTER_LIMIT",
    "PREFILTER_WINDOW",
    "STOPWORDS",
    "THRESHOLD",
    "Candidate",
    "Normalised",
    "Proposal",
    "candidates",
    "distinctive",
    "normalise",
    "score",
    "similarity",
]

# The formulae of a Vietnamese letter (greetings, introductions, thanks, closings), written without diacritics:
# they are stripped from the folded word sequence, so that a different greeting does not make a different text.
FORMULAE: tuple[str, ...] = (
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap tu do hanh phuc",
    "xin chan thanh cam on",
    "xin tran trong cam on",
    "chan thanh cam on",
    "tran trong cam on",
    "xin cam on",
    "cam on",
    "tran trong",
    "tran trong kinh gui",
    "kinh gui",
    "kinh thua",
    "kinh trinh",
    "kinh de nghi",
    "kinh mong",
    "kinh chuc",
    "kinh",
    "toi ten la",
    "chung toi ten la",
    "chung toi gom",
    "toi la",
    "chung toi la",
    "toi xin trinh bay",
    "xin trinh bay",
    "toi viet don nay",
    "viet don nay",
    "nay toi lam don nay",
    "toi lam don nay",
    "lam don nay",
    "de nghi",
    "don de nghi",
    "don kien nghi",
    "don phan anh",
    "don to cao",
    "don khieu nai",
    "nguoi lam don",
    "nguoi viet don",
    "ky va ghi ro ho ten",
    "ky ghi ro ho ten",
    "ky ten",
    "xin duoc",
    "mong quy co quan",
    "quy co quan",
    "quy cap",
    "xem xet giai quyet",
    "xem xet",
    "giai quyet",
    "ve viec",
    "noi dung",
    "xin chan thanh",
)
# The commonest function words (without diacritics): they say nothing of the matter. (Not "dang": đang, but also
# Đảng; not "boi": bởi, but also bồi thường.)
STOPWORDS: frozenset[str] = frozenset(
    """
    va la cua co cac nhung mot da duoc cho voi tai tu den trong nay do thi ma khong de ve viec nhu nen
    vi neu hay hoac cung con roi se bi theo tren duoi sau truoc khi luc nao gi ai day kia
    toi chung ta minh ho ong ba anh chi em chau co chu bac nguoi gia dinh nha
    xin kinh mong nhan rang ra vao lai lam len nhieu it moi rat qua hon nhat ngay thang nam so
    """.split()
)
# The score from which a petition is proposed as the same matter, and the bonus of a shared subject.
THRESHOLD = 0.55
SUBJECT_BONUS = 0.15
SIGNER_BONUS = 0.15
# How many distinctive words the prefilter looks for, how many it needs, how many rows it reads at most.
PREFILTER_WORDS = 8
PREFILTER_LIMIT = 100
# The text prefilter reads the petitions registered since the WINDOW-th before this one (a range of the primary
# key: a LIKE reads every row it is given; measured on SQLite with 60,000 petitions of 120 words, the whole
# candidates() took 0.13 s with this window and 0.37 s reading them all; 20,000 is some months of a province's
# petitions); a petition naming the same official or body, or signed by the same person, is found whenever it came
# (indexes).
PREFILTER_WINDOW = 20_000

_WORD = re.compile(r"\w+", re.UNICODE)
# a signer's handle (identities.domain.protect.new_handle) stands for a name in a stored text: each body's copy has
# its own, so it is no word of the matter
_HANDLE = re.compile(r"\bNG-[A-Z0-9]{8}\b", re.IGNORECASE)
_FORMULAE_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {}
for _words_of in sorted({tuple(f.split()) for f in FORMULAE}, key=lambda words: (-len(words), words)):
    _FORMULAE_BY_FIRST[_words_of[0]] = (*_FORMULAE_BY_FIRST.get(_words_of[0], ()), _words_of)


@dataclass(frozen=True)
class Normalised:
    """The words of a text that count, as sets: with diacritics and without."""

    accented: frozenset[str]
    folded: frozenset[str]
    has_diacritics: bool


def _words(text: str) -> tuple[list[str], list[str]]:
    """The words of `text` (NFC, lower case, punctuation out) and the same words folded, position by position."""
    text = _HANDLE.sub(" ", unicodedata.normalize("NFC", text or "")).lower()
    accented = _WORD.findall(text)
    folded = _WORD.findall(
        fold(text)
    )  # the whole text folded at once (fast), word by word only if they differ
    if len(folded) != len(accented):
        folded = [fold(w) for w in accented]
    return accented, folded


def _strip_formulae(folded: Sequence[str]) -> list[bool]:
    """Which positions of the folded words are kept: those of a formula (the longest first) and of a stopword are
    not."""
    keep = [True] * len(folded)
    i = 0
    while i < len(folded):
        for words in _FORMULAE_BY_FIRST.get(folded[i], ()):  # the longest formula first
            n = len(words)
            if tuple(folded[i : i + n]) == words:
                for j in range(i, i + n):
                    keep[j] = False
                i += n
                break
        else:
            if folded[i] in STOPWORDS or folded[i].isdigit() and len(folded[i]) < 3:
                keep[i] = False
            i += 1
    return keep


def normalise(text: str) -> Normalised:
    accented, folded = _words(text)
    keep = _strip_formulae(folded)
    acc = frozenset(w for w, k in zip(accented, keep, strict=True) if k)
    fol = frozenset(w for w, k in zip(folded, keep, strict=True) if k)
    return Normalised(
        accented=acc, folded=fol, has_diacritics=any(a != f for a, f in zip(accented, folded, strict=True))
    )


def _set_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def similarity(a: Normalised, b: Normalised) -> float:
    """The texts' similarity, 0…1, whatever the order of the words."""
    folded = _set_similarity(a.folded, b.folded)
    if a.has_diacritics and b.has_diacritics:
        return (folded + _set_similarity(a.accented, b.accented)) / 2
    return folded


def _text(title: str, content: str) -> str:
    return f"{title}\n{content}"


def score(a: Normalised, b: Normalised, *, same_subject: bool = False, same_signer: bool = False) -> float:
    bonus = (SUBJECT_BONUS if same_subject else 0.0) + (SIGNER_BONUS if same_signer else 0.0)
    return min(1.0, similarity(a, b) + bonus)


def distinctive(words: Iterable[str], n: int = PREFILTER_WORDS) -> list[str]:
    """The petition's most distinctive folded words for the SQL prefilter: the longest (a long syllable is a rarer
    one), then in alphabetical order (deterministic)."""
    return sorted({w for w in words if len(w) >= 3 and not w.isdigit()}, key=lambda w: (-len(w), w))[:n]


@dataclass(frozen=True)
class Candidate:
    """What a clerk may see of a petition of any body: never its title or content."""

    petition_id: int
    organization_id: int
    organization_name: str
    register_code: str
    received_on: dt.date
    state: str
    matter_id: int | None
    score: float


@dataclass(frozen=True)
class Proposal:
    """A likely matter: an existing one (`matter_id`) with its petitions found, or one petition not yet in any
    matter (`matter_id` None: linking to it creates the matter)."""

    matter_id: int | None
    petitions: tuple[Candidate, ...]
    score: float

    @property
    def target_petition_id(self) -> int:
        """The petition to link to when there is no matter yet (the best one found)."""
        return self.petitions[0].petition_id


def _subjects(ids: Sequence[int]) -> dict[int, set[tuple[str, int]]]:
    out: dict[int, set[tuple[str, int]]] = {}
    rows = PetitionSubject.objects.filter(petition_id__in=list(ids)).values_list(
        "petition_id", "official_id", "organization_id"
    )
    for pid, official, org in rows:
        keys = out.setdefault(pid, set())
        if official is not None:
            keys.add(("official", official))
        if org is not None:
            keys.add(("organization", org))
    return out


_FIELDS = (
    "id",
    "organization__id",
    "organization__name",
    "year",
    "number",
    "received_on",
    "state",
    "matter_id",
    "title",
    "content",
)


def _rows(qs: QuerySet[Petition]) -> list[Petition]:
    return list(qs.select_related("organization").only(*_FIELDS).order_by("-id")[:PREFILTER_LIMIT])


def _signers(ids: Sequence[int]) -> dict[int, set[str]]:
    """The keyed fingerprints of the signers' names (identities.Identity.name_fingerprint), by petition."""
    out: dict[int, set[str]] = {}
    rows = (
        PetitionSigner.objects.filter(petition_id__in=list(ids))
        .exclude(identity__name_fingerprint="")
        .values_list("petition_id", "identity__name_fingerprint")
    )
    for pid, fp in rows:
        out.setdefault(pid, set()).add(fp)
    return out


def candidates(petition: Petition, limit: int = 5) -> list[Proposal]:
    """The likely same matters of `petition`, at most `limit`: the existing matters first, then the petitions in no
    matter yet, each by its best score; the petitions already in its matter are left out. Three queries (two more
    when it names officials or bodies, two more when its signers have fingerprints), whatever the number of
    petitions."""
    own = normalise(_text(petition.title, petition.content))
    mine = _subjects([petition.pk]).get(petition.pk, set())
    senders = set() if petition.anonymous else _signers([petition.pk]).get(petition.pk, set())
    others = Petition.objects.exclude(pk=petition.pk)
    if petition.matter_id is not None:
        others = others.exclude(matter_id=petition.matter_id)
    words = distinctive(own.folded)
    found: dict[int, Petition] = {}
    if len(words) >= 2:
        # a pair of distinctive words, for each pair: cheap (a row failing the first word is dropped), and a
        # duplicate, sharing most of its words, has both of some pair; on the primary key's range (the window)
        pairs = Q()
        for a, b in zip(words[0::2], words[1::2], strict=False):
            pairs |= Q(search_text__contains=a) & Q(search_text__contains=b)
        window = others.filter(pk__gt=petition.pk - PREFILTER_WINDOW).filter(pairs)
        found |= {r.pk: r for r in _rows(window)}
    theirs: dict[int, set[tuple[str, int]]] = {}
    if mine:
        officials = [k for kind, k in mine if kind == "official"]
        orgs = [k for kind, k in mine if kind == "organization"]
        same = PetitionSubject.objects.filter(Q(official_id__in=officials) | Q(organization_id__in=orgs))
        found |= {r.pk: r for r in _rows(others.filter(pk__in=same.values("petition_id")))}
    signed: dict[int, set[str]] = {}
    if senders:
        by = PetitionSigner.objects.filter(identity__name_fingerprint__in=sorted(senders))
        found |= {r.pk: r for r in _rows(others.filter(pk__in=by.values("petition_id")))}
    if mine and found:
        theirs = _subjects(list(found))
    if senders and found:
        signed = _signers(list(found))
    scored: list[Candidate] = []
    for r in found.values():
        s = score(
            own,
            normalise(_text(r.title, r.content)),
            same_subject=bool(mine & theirs.get(r.pk, set())),
            same_signer=bool(senders & signed.get(r.pk, set())),
        )
        if s >= THRESHOLD:
            scored.append(
                Candidate(
                    petition_id=r.pk,
                    organization_id=r.organization.pk,
                    organization_name=r.organization.name,
                    register_code=r.register_code,
                    received_on=r.received_on,
                    state=r.state,
                    matter_id=r.matter_id,
                    score=round(s, 3),
                )
            )
    return _group(scored)[:limit]


def _group(found: Sequence[Candidate]) -> list[Proposal]:
    groups: dict[tuple[str, int], list[Candidate]] = {}
    for c in sorted(found, key=lambda c: (-c.score, c.petition_id)):
        key = ("matter", c.matter_id) if c.matter_id is not None else ("petition", c.petition_id)
        groups.setdefault(key, []).append(c)
    proposals = [
        Proposal(matter_id=key[1] if key[0] == "matter" else None, petitions=tuple(cs), score=cs[0].score)
        for key, cs in groups.items()
    ]
    # an existing matter first (a clerk joins it rather than start another), then the best score
    return sorted(proposals, key=lambda p: (p.matter_id is None, -p.score, p.petitions[0].petition_id))
