"""Where documents live in the documents bucket. Each prefix is also a boundary in template.yaml: the
portal may read and write only agreements/, the sender write only letters/, a lifecycle rule expires
old imports/ (a test checks the template against these prefixes)."""

from __future__ import annotations

from datetime import date

AGREEMENTS = "agreements/"
LETTERS = "letters/"
IMPORTS = "imports/"
RECEIPTS = "receipts/"


def term(tenant: str, agreement_id: str, number: str) -> str:
    """The termo de acordo's PDF (a new version of the same key when it is rendered again)."""
    return f"{AGREEMENTS}{tenant}/{agreement_id}/termo-{number}.pdf"


def letter(tenant: str, run_date: date, message_key: str) -> str:
    """One collection letter, by the ruler's run date (the print batch reads them by day)."""
    return f"{LETTERS}{tenant}/{run_date.isoformat()}/{message_key.replace(':', '_')}.pdf"


def import_file(tenant: str, import_id: str) -> str:
    """The CSV as the operator sent it (kept for resuming and for the rejected-rows download)."""
    return f"{IMPORTS}{tenant}/{import_id}.csv"


def receipt(tenant: str, agreement_id: str, number: int, extension: str) -> str:
    """The proof of a payment registered by hand (PDF or image), one per installment."""
    return f"{RECEIPTS}{tenant}/{agreement_id}/{number:02d}.{extension}"
