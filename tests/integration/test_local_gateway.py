"""The local stack's gateway on loopback: nothing is answered while the seed runs under a moved clock,
and the console's login endpoint is the stack's own origin, whatever moto does with a preflight."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any

import httpx

from cobranca.domain.dates import CLOCK
from infra.local import cognito_proxy
from infra.local.console import Console, local_config
from infra.local.gateway import GatewayServer, open_doors
from infra.local.loopback import LoopbackServer
from infra.local.seed import backdated

JSON = "application/json"


class FakeCognito(LoopbackServer):
    """Answers a Cognito call with what it received; `OPTIONS` with a 500 and no CORS headers, as moto
    5.2.6 did."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Any:
        if method == "OPTIONS":
            return 500, "AssertionError", "text/plain"
        self.calls.append((headers.get("X-Amz-Target", ""), json.loads(body)))
        return 200, {"AuthenticationResult": {"IdToken": "t"}}, "application/x-amz-json-1.1"


def a_gateway(local: dict[tuple[str, str], Any] | None = None, cognito: str | None = None) -> GatewayServer:
    return GatewayServer(0, functions=None, verifier=None, local=local or {}, cognito_upstream=cognito)  # type: ignore[arg-type]


def test_a_request_made_while_the_seed_runs_waits_and_then_sees_todays_clock() -> None:
    now = {("GET", "/local/now"): lambda _: (200, {"now": CLOCK.now().isoformat()}, JSON)}
    server = a_gateway(now)
    answers: list[str] = []
    asking = threading.Thread(
        target=lambda: answers.append(httpx.get(f"{server.base}/local/now", timeout=20).json()["now"])
    )
    try:
        with backdated(days=3):  # what the local stack does while it seeds
            seeding = CLOCK.now()
            asking.start()
            asking.join(0.8)
            assert answers == [], "answered while the clock was moved back"
        open_doors(server)
        asking.join(20)
        assert len(answers) == 1
        assert answers[0] >= (seeding + timedelta(days=3)).isoformat()[:16]
    finally:
        server.shutdown()
        server.server_close()


def test_the_login_endpoint_answers_the_browser_on_the_stacks_origin_when_moto_refuses_preflights() -> None:
    cognito = FakeCognito()
    server = a_gateway(cognito=cognito.url)
    open_doors(server)
    try:
        config = local_config(server.base, "client-1", "us-east-1")
        endpoint = config["cognito"]["endpoint"]
        assert endpoint == f"{server.base}/local/cognito-idp/"
        csp = Console(config).headers["Content-Security-Policy"]
        assert f"connect-src 'self' {endpoint};" in csp  # the CSP names exactly the endpoint used
        # moto itself refuses the preflight, as 5.2.6 did; the stack's endpoint answers it
        refused = cognito_proxy.answers_a_preflight(cognito.url + "/", server.base)
        assert refused is not None
        assert "HTTP 500" in refused
        assert "\n" not in refused
        assert cognito_proxy.answers_a_preflight(endpoint, server.base) is None
        # the call itself goes through as the browser makes it in AWS
        answer = httpx.post(
            endpoint,
            content=json.dumps({"ClientId": "client-1", "AuthFlow": "USER_PASSWORD_AUTH"}),
            headers={
                "Content-Type": "application/x-amz-json-1.1",
                "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
                "Origin": server.base,
            },
        )
        assert answer.status_code == 200
        assert answer.json() == {"AuthenticationResult": {"IdToken": "t"}}
        assert cognito.calls == [
            (
                "AWSCognitoIdentityProviderService.InitiateAuth",
                {"ClientId": "client-1", "AuthFlow": "USER_PASSWORD_AUTH"},
            )
        ]
        unknown = httpx.post(endpoint, content=b"{}", headers={"X-Amz-Target": "Other.Action"})
        assert unknown.status_code == 400
        assert len(cognito.calls) == 1
    finally:
        server.shutdown()
        server.server_close()
        cognito.stop()
