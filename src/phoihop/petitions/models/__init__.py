"""Models of petitions, denunciations and the matters they form (issue 13)."""

from .petition import (
    Matter,
    Petition,
    PetitionAttachment,
    PetitionDeadline,
    PetitionEvent,
    PetitionSigner,
    PetitionSubject,
    PetitionWord,
)

__all__ = [
    "Matter",
    "Petition",
    "PetitionAttachment",
    "PetitionDeadline",
    "PetitionEvent",
    "PetitionSigner",
    "PetitionSubject",
    "PetitionWord",
]
