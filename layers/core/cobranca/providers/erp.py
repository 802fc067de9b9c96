"""The tenant's ERP as cobranca reaches it: one signed POST per notice to the very address that was
checked (the host is not looked up again at connect time, so a DNS answer that changes in between —
rebinding — cannot lead it into the network), TLS still verified for the host's name; no redirects
followed (a redirect could lead past the check); and the host's addresses for that check."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit, urlunsplit

import httpx

TIMEOUT_SECONDS = 10.0


def post(url: str, address: str, headers: dict[str, str], body: str) -> int:
    """The ERP's HTTP status, connecting to `address` (one the check allowed); raises when it did not
    answer."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{address}]" if ":" in address else address
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client:
        request = client.build_request(
            "POST",
            pinned,
            content=body.encode(),
            headers={**headers, "Host": parts.netloc},
            extensions={"sni_hostname": host},  # TLS: SNI and the certificate check are the host's
        )
        return client.send(request).status_code


def resolve(host: str) -> list[str]:
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
