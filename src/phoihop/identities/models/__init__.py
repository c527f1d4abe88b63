"""Models of protected identities (issue 13, point 5)."""

from .identity import Custodian, Identity
from .protection import ProtectionRequest

__all__ = ["Custodian", "Identity", "ProtectionRequest"]
