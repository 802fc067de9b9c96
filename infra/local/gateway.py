"""HTTP gateway on loopback: turns requests into the HTTP API v2 events AWS sends, JWT claims included.

Routes come from template.yaml; tokens are verified against the user pool's JWKS with the issuer and
audience the template's authorizer declares, so a handler cannot tell local from AWS.
"""

from __future__ import annotations

import base64
import importlib
import json
import re
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import httpx
import jwt

from infra import template
from infra.local import cognito_proxy
from infra.local.console import Console
from infra.local.events import http_api_event
from infra.local.fake_cognito import TokenEndpoint


class LambdaContext:
    def __init__(self, name: str) -> None:
        self.function_name = name
        self.memory_limit_in_mb = 512
        self.invoked_function_arn = f"arn:aws:lambda:us-east-1:000000000000:function:{name}"
        self.aws_request_id = "local"


class Functions:
    """Imports each handler once and serializes calls per function (one container each)."""

    def __init__(self) -> None:
        self._handlers: dict[str, Callable[..., Any]] = {}
        self._locks: dict[str, threading.Lock] = {}
        for spec in template.functions():
            module = importlib.import_module(spec.module)
            self._handlers[spec.name] = getattr(module, spec.attribute)
            self._locks[spec.name] = threading.Lock()

    def invoke(self, name: str, event: dict[str, Any]) -> Any:
        with self._locks[name]:
            return self._handlers[name](event, LambdaContext(name))


@dataclass
class CompiledRoute:
    route: template.Route
    pattern: re.Pattern[str]

    @property
    def key(self) -> str:
        return f"{self.route.method} {self.route.path}"


def compile_routes() -> list[CompiledRoute]:
    compiled = []
    for r in template.routes():
        regex = re.sub(r"\{(\w+)\+\}", r"(?P<\1>.+)", r.path)
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", regex)
        compiled.append(CompiledRoute(r, re.compile(f"^{regex}$")))
    # exact paths before greedy ones, and the longer greedy prefix first, as API Gateway matches the
    # most specific route (/api/v1/erp/{proxy+} before /api/v1/{proxy+})
    return sorted(compiled, key=lambda c: ("+}" in c.route.path, -len(c.route.path)))


class JwtVerifier:
    """What the HTTP API JWT authorizer checks: signature (JWKS), issuer, audience, expiry and issue
    time present and valid, and (Cognito) that it is an ID token: the audience is the app client."""

    def __init__(self, keys: dict[str, jwt.PyJWK], issuer: str, audience: str) -> None:
        self.keys, self.issuer, self.audience = keys, issuer, audience

    @classmethod
    def cognito(cls, endpoint: str, region: str, pool_id: str, client_id: str) -> JwtVerifier:
        jwks = httpx.get(f"{endpoint}/{pool_id}/.well-known/jwks.json", timeout=10).json()
        keys = {k["kid"]: jwt.PyJWK(k) for k in jwks["keys"]}
        return cls(keys, f"https://cognito-idp.{region}.amazonaws.com/{pool_id}", client_id)

    def claims(self, authorization: str | None) -> dict[str, Any] | None:
        token = (authorization or "").removeprefix("Bearer ").strip()
        if not token:
            return None
        try:
            key = self.keys[jwt.get_unverified_header(token)["kid"]]
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except (jwt.PyJWTError, KeyError):
            return None
        return claims if claims.get("token_use") == "id" else None


class LambdaAuthorizers:
    """What API Gateway does for a route with a Lambda authorizer (payload 2.0, simple responses): no
    identity header → 401 without calling it; `isAuthorized` false → 403; its context reaches the
    integration as requestContext.authorizer.lambda; answers cached per header value for the TTL."""

    def __init__(self, functions: Functions, clock: Callable[[], float] = time.monotonic) -> None:
        self.functions = functions
        self.clock = clock
        self.specs = template.lambda_authorizers()
        self._cache: dict[tuple[str, str], tuple[float, dict[str, Any] | None]] = {}

    def context(self, name: str, event: dict[str, Any]) -> tuple[int, dict[str, Any] | None]:
        """(200, context) when allowed, else (401|403, None)."""
        spec = self.specs[name]
        identity = event["headers"].get(spec.header.lower())
        if not identity:
            return 401, None
        now = self.clock()
        cached = self._cache.get((name, identity))
        if cached is None or now - cached[0] >= spec.ttl_seconds:
            request = {
                **event,
                "type": "REQUEST",
                "routeArn": f"arn:aws:execute-api:us-east-1:000000000000:local/$default/{event['routeKey']}",
                "identitySource": [identity],
            }
            answer = self.functions.invoke(spec.function, request)
            allowed = bool(answer.get("isAuthorized"))
            cached = self._cache[(name, identity)] = (
                now,
                dict(answer.get("context") or {}) if allowed else None,
            )
        return (200, cached[1]) if cached[1] is not None else (403, None)


LocalRoute = Callable[[bytes], tuple[int, Any, str]]


class GatewayServer(ThreadingHTTPServer):
    """The HTTP server and what its requests reach: the template's routes, the functions, the token
    verifier, the local stack's own /local pages, the console and its login endpoint (moto's Cognito,
    `cognito_upstream`, under this origin). Bound and listening once built; it answers from `open()`,
    and a request that comes before waits in the listen queue."""

    def __init__(
        self,
        port: int,
        functions: Functions,
        verifier: JwtVerifier,
        local: dict[tuple[str, str], LocalRoute],
        console: Console | None = None,
        cognito_upstream: str | None = None,
    ) -> None:
        super().__init__(("127.0.0.1", port), GatewayHandler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.cognito_upstream = cognito_upstream
        self.daemon_threads = True
        self.routes = compile_routes()
        self.api_function = next(f.name for f in template.functions() if f.name == "ApiFunction")
        self.functions = functions
        self.verifier = verifier
        self.authorizers = LambdaAuthorizers(functions)
        self.oauth: TokenEndpoint | None = None
        self.local = local
        self.console = console

    def local_route(self, method: str, path: str) -> LocalRoute | None:
        """An exact /local route, else the nearest '/local/x/*' one (which gets the path as its body)."""
        found = self.local.get((method, path))
        prefix = path.rsplit("/", 1)[0]
        while found is None and path.startswith("/local/") and prefix.count("/") >= 2:
            found = self.local.get((method, f"{prefix}/*"))
            prefix = prefix.rsplit("/", 1)[0]
        return found

    def match(self, method: str, path: str) -> tuple[CompiledRoute, re.Match[str]] | None:
        for r in self.routes:
            if r.route.method in (method, "ANY") and (m := r.pattern.match(path)):
                return r, m
        return None


class GatewayHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: GatewayServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the functions log
        return

    def _respond(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, payload: Any) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode()
        self._respond(status, body, {"Content-Type": "application/json"})

    def _handle(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if url.path == cognito_proxy.PATH and self.server.cognito_upstream:
            return self._cognito(body)
        console = self.server.console
        if console is not None and self.command in ("GET", "HEAD") and url.path.startswith("/app"):
            return self._respond(*console.get(url.path))
        local = self.server.local_route(self.command, url.path)
        if local is not None:
            exact = (self.command, url.path) in self.server.local
            return self._local(local, body if exact else url.path.encode())
        headers = dict(self.headers.items())
        if url.path == "/oauth2/token" and self.command == "POST" and self.server.oauth is not None:
            status, answer = self.server.oauth.token(headers, body)  # the user pool domain's endpoint
            return self._json(status, answer)
        if url.path == "/docs":  # Swagger UI, local stack only, served by the api function
            event = http_api_event(
                self.command, url.path, route_key="GET /docs", query=url.query, headers=headers
            )
            return self._invoke(self.server.api_function, event)
        self._route(url.path, url.query, headers, body)

    def _route(self, path: str, query: str, headers: dict[str, str], body: bytes) -> None:
        """A template route: its authorizer (the JWT one or a Lambda one), then its function."""
        match = self.server.match(self.command, path)
        if match is None:
            return self._json(404, {"message": "Not Found"})
        route, m = match
        authorizer = route.route.authorizer
        lambda_authorizer = authorizer in self.server.authorizers.specs
        claims = None
        if authorizer is not None and not lambda_authorizer:  # the JWT one
            claims = self.server.verifier.claims(self.headers.get("Authorization"))
            if claims is None:
                return self._json(401, {"message": "Unauthorized"})
        event = http_api_event(
            self.command,
            path,
            route_key=route.key,
            query=query,
            headers=headers,
            body=body or None,
            claims=claims,
            path_parameters=m.groupdict() or None,
            source_ip=self.client_address[0],
        )
        if lambda_authorizer and not self._lambda_authorize(str(authorizer), event):
            return None
        self._invoke(route.route.function, event)

    def _lambda_authorize(self, name: str, event: dict[str, Any]) -> bool:
        """Runs the route's Lambda authorizer; answers 401/403/500 itself when it does not allow."""
        try:
            status, context = self.server.authorizers.context(name, event)
        except Exception:
            traceback.print_exc()
            self._json(500, {"message": "Internal Server Error"})
            return False
        if context is None:
            self._json(status, {"message": "Unauthorized" if status == 401 else "Forbidden"})
            return False
        event["requestContext"]["authorizer"] = {"lambda": context}
        return True

    def _cognito(self, body: bytes) -> None:
        origin = self.headers.get("Origin")
        if self.command == "OPTIONS":
            return self._respond(*cognito_proxy.preflight(origin))
        if self.command != "POST":
            return self._json(405, {"message": "use POST"})
        upstream = str(self.server.cognito_upstream)
        return self._respond(*cognito_proxy.forward(upstream, body, self.headers.get("X-Amz-Target"), origin))

    def _local(self, route: LocalRoute, body: bytes) -> None:
        status, payload, content_type = route(body)
        if isinstance(payload, bytes):
            data = payload
        else:
            data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
        self._respond(status, data, {"Content-Type": content_type})

    def _invoke(self, name: str, event: dict[str, Any]) -> None:
        """What API Gateway does when the function raises: a bare 500 (the traceback is in the log)."""
        try:
            result = self.server.functions.invoke(name, event)
        except Exception:
            traceback.print_exc()
            return self._json(500, {"message": "Internal Server Error"})
        return self._lambda_response(result)

    def _lambda_response(self, result: dict[str, Any]) -> None:
        raw = result.get("body") or ""
        data = base64.b64decode(raw) if result.get("isBase64Encoded") else raw.encode()
        headers = {k: str(v) for k, v in (result.get("headers") or {}).items()}
        self._respond(int(result.get("statusCode", 200)), data, headers)

    def __getattr__(self, name: str) -> Any:
        """Every method (GET … TRACE, QUERY) reaches the routes: ANY routes take them all, as in AWS."""
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)


def open_doors(server: GatewayServer) -> None:
    """Starts answering: the requests waiting in the listen queue first."""
    threading.Thread(target=server.serve_forever, name="gateway", daemon=True).start()
