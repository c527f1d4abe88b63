"""Domain errors carry a Vietnamese message for users and a machine-readable code for the API."""

from __future__ import annotations


class DomainError(Exception):
    code = "invalid"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field


class NotAllowed(DomainError):
    code = "not_allowed"
    status = 403


class InvalidTransition(DomainError):
    code = "invalid_transition"
    status = 409


class Conflict(DomainError):
    code = "conflict"
    status = 409


class PolicyViolation(DomainError):
    """A regulation's rule refuses the action; the message quotes the article."""

    code = "policy_violation"
    status = 422
