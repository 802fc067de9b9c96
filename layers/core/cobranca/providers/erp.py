"""The tenant's ERP as cobranca reaches it: one signed POST per notice, no redirects followed (a redirect
could lead past the target check), and the host's addresses for that check."""

from __future__ import annotations

import socket

import httpx

TIMEOUT_SECONDS = 10.0


def post(url: str, headers: dict[str, str], body: str) -> int:
    """The ERP's HTTP status; raises when it did not answer."""
    with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client:
        return client.post(url, content=body.encode(), headers=headers).status_code


def resolve(host: str) -> list[str]:
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
