"""What a message may show of a debtor's data (LGPD): masked CPF/CNPJ, phone and e-mail."""

from __future__ import annotations


def mask_document(document: str) -> str:
    """CPF 12345678909 -> ***.456.789-**; CNPJ keeps the branch and hides the rest (LGPD)."""
    if len(document) == 11:
        return f"***.{document[3:6]}.{document[6:9]}-**"
    return f"**.***.{document[5:8]}/{document[8:12]}-**"


def mask_phone(phone: str) -> str:
    return f"{phone[:5]}*****{phone[-2:]}" if len(phone) > 8 else "***"


def mask_email(email: str) -> str:
    user, _, domain = email.partition("@")
    return f"{user[:1]}***@{domain}"
