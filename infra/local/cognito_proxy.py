"""The console's login endpoint on the stack's own origin: moto's Cognito behind `/local/cognito-idp/`.

The browser calls it exactly as it calls Cognito in AWS (POST, `X-Amz-Target:
AWSCognitoIdentityProviderService.InitiateAuth`, `application/x-amz-json-1.1`); being same-origin it
needs no preflight, and a preflight that does come (a console served from another origin, e.g. Vite's
dev server) is answered here, so the login never depends on how moto answers `OPTIONS` (moto 5.2.6
answered it with a 500 and no CORS headers, and every login failed)."""

from __future__ import annotations

import httpx

PATH = "/local/cognito-idp/"
TARGET_PREFIX = "AWSCognitoIdentityProviderService."
ALLOWED_HEADERS = "content-type, x-amz-target, x-amz-user-agent, cache-control"

Answer = tuple[int, bytes, dict[str, str]]


def _cors(origin: str | None) -> dict[str, str]:
    """Only loopback pages may call it from elsewhere (what AWS's Cognito allows is any origin)."""
    if origin and origin.startswith(("http://127.0.0.1:", "http://localhost:")):
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
    return {}


def preflight(origin: str | None) -> Answer:
    headers = {
        **_cors(origin),
        "Access-Control-Allow-Methods": "POST",
        "Access-Control-Allow-Headers": ALLOWED_HEADERS,
        "Access-Control-Max-Age": "600",
    }
    return 204, b"", headers


def forward(upstream: str, body: bytes, target: str | None, origin: str | None) -> Answer:
    """One Cognito call passed to moto as the browser made it; moto's answer passed back."""
    if not (target or "").startswith(TARGET_PREFIX):
        error = b'{"__type": "UnknownOperationException", "message": "X-Amz-Target ausente ou desconhecido"}'
        return 400, error, {"Content-Type": "application/x-amz-json-1.1", **_cors(origin)}
    answer = httpx.post(
        upstream.rstrip("/") + "/",
        content=body,
        headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": str(target)},
        timeout=30,
    )
    kind = answer.headers.get("Content-Type", "application/x-amz-json-1.1")
    return answer.status_code, answer.content, {"Content-Type": kind, **_cors(origin)}


def answers_a_preflight(endpoint: str, origin: str) -> str | None:
    """None when `endpoint` answers a browser's login preflight from `origin`; else why not, in a line."""
    try:
        answer = httpx.options(
            endpoint,
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type,x-amz-target",
            },
            timeout=10,
        )
    except httpx.HTTPError as error:
        return f"the console's login endpoint {endpoint} did not answer: {error!r}"
    allowed = answer.headers.get("Access-Control-Allow-Origin")
    if answer.status_code >= 300 or allowed not in (origin, "*"):
        return (
            f"the console's login endpoint {endpoint} refuses the browser's preflight "
            f"(HTTP {answer.status_code}, Access-Control-Allow-Origin {allowed!r}): logins would fail"
        )
    return None
