"""The operator console on the local stack: the built app (web/dist, `make web`) under /app/, its
config.json for this stack (the API on the same origin, moto's Cognito as the user pool behind the
stack's own `/local/cognito-idp/`), and the security headers of the template's ConsoleHeadersPolicy (what CloudFront adds in AWS)."""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path
from typing import Any

from infra import template
from infra.local import cognito_proxy

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "web" / "dist"
PREFIX = "/app/"

Response = tuple[int, bytes, dict[str, str]]


COGNITO = "https://cognito-idp.${AWS::Region}.amazonaws.com"


def security_headers(cognito_endpoint: str) -> dict[str, str]:
    """The template's ConsoleHeadersPolicy, naming this stack's login endpoint where AWS's Cognito is."""
    resource = template.load()["Resources"]["ConsoleHeadersPolicy"]
    policy = resource["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    csp = str(policy["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"])
    assert COGNITO in csp, "the console's CSP names Cognito's endpoint"
    return {
        "Content-Security-Policy": csp.replace(COGNITO, cognito_endpoint),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": str(policy["ReferrerPolicy"]["ReferrerPolicy"]),
        "X-Frame-Options": str(policy["FrameOptions"]["FrameOption"]),
    }


class Console:
    def __init__(self, config: dict[str, Any], dist: Path = DIST) -> None:
        self.config = config
        self.dist = dist.resolve()
        self.headers = security_headers(config["cognito"]["endpoint"])

    def get(self, path: str) -> Response:
        if path in ("/app", PREFIX[:-1]):
            return 308, b"", {"Location": PREFIX}
        relative = path[len(PREFIX) :]
        if relative == "config.json":
            body = json.dumps(self.config).encode()
            return (
                200,
                body,
                {**self.headers, "Content-Type": "application/json", "Cache-Control": "no-store"},
            )
        index = self.dist / "index.html"
        if not index.is_file():
            page = (
                "<!doctype html><title>console</title><p>Console não construído: rode <code>make web</code>."
            )
            return 503, page.encode(), {"Content-Type": "text/html; charset=utf-8"}
        file = (self.dist / relative).resolve()
        if relative and file.is_file() and file.is_relative_to(self.dist):
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            cache = "public, max-age=31536000, immutable" if relative.startswith("assets/") else "no-cache"
            return 200, file.read_bytes(), {**self.headers, "Content-Type": kind, "Cache-Control": cache}
        if relative.startswith("assets/"):
            return 404, b"not found", {"Content-Type": "text/plain"}
        # every other path is a screen of the app: index.html, whose router reads the path
        headers = {**self.headers, "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache"}
        return 200, index.read_bytes(), headers


def local_config(base: str, client_id: str, region: str) -> dict[str, Any]:
    """The console's config.json on the stack at `base`: its login endpoint on the same origin."""
    endpoint = base.rstrip("/") + cognito_proxy.PATH
    return {"apiBase": "/api/v1", "cognito": {"endpoint": endpoint, "clientId": client_id, "region": region}}
