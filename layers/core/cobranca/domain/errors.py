"""Domain exceptions; the HTTP layer maps each to one status code in one place."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a caller can act on."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    """A value broke a rule; names the field and the reason (pt-BR, shown to users)."""

    code = "invalid_input"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class Forbidden(DomainError):
    code = "forbidden"


class Unauthorized(DomainError):
    code = "unauthorized"


class TooLarge(DomainError):
    """A body over what the route accepts (413); the message says the limit."""

    code = "too_large"


class TooManyRequests(DomainError):
    """A limit was reached; `retry_after` seconds from now it no longer holds (the Retry-After header)."""

    code = "too_many_requests"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SharedLimitReached(TooManyRequests):
    """A limit everyone of a tenant shares was reached (not one client's own): logged as
    "shared limit reached", which a metric filter and an alarm in template.yaml watch."""
