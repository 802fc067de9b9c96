"""`make dev`: the whole system on loopback — moto (DynamoDB, S3, SQS, SES, Cognito…), resources from
template.yaml, the HTTP API gateway, SQS pollers and demo data. Ctrl-C stops everything it started."""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
JSON = "application/json"
REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


Route = tuple[int, Any, str]  # status, body (a dict, a JSON string, HTML or bytes), content type


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--no-seed", action="store_true", help="start empty")
    args = parser.parse_args()
    started = time.monotonic()
    moto, endpoint = start_moto()

    import boto3

    from infra.local import gateway, pollers, schedules
    from infra.local.fake_asaas import FakeAsaas
    from infra.local.fake_erp import FakeErp
    from infra.local.fake_messaging import FakeMessaging
    from infra.local.seed import ERP_SECRET

    providers = FakeMessaging()  # Zenvia and the WhatsApp Cloud API on loopback
    asaas = FakeAsaas()  # Asaas v3 on loopback, unless ASAAS_BASE_URL names another (the sandbox)
    from cobranca.domain.dates import CLOCK

    erp = FakeErp(ERP_SECRET, lambda: CLOCK.now().timestamp())  # the demo tenant's ERP
    port = args.port or free_port()
    resources = create_resources(endpoint, providers, os.environ.get("ASAAS_BASE_URL") or asaas.url, port)

    from cobranca import bootstrap

    bootstrap.reset()
    services = bootstrap.services()
    functions = gateway.Functions()
    local = LocalRoutes(resources, providers, functions, asaas, erp)
    verifier = gateway.JwtVerifier.cognito(
        endpoint, REGION, resources.refs["UserPool"], resources.refs["UserPoolClient"]
    )
    server = gateway.GatewayServer(port, functions, verifier, local.routes(), cognito_upstream=endpoint)
    base = server.base
    from infra.local.console import Console, local_config

    console = server.console = Console(local_config(base, resources.refs["UserPoolClient"], REGION))
    from infra.local.fake_cognito import TokenEndpoint

    # the user pool domain's token endpoint (the ERP's client-credentials grant), on this gateway
    server.oauth = TokenEndpoint(local.cognito, resources.refs["UserPool"], verifier.issuer)
    if not args.no_seed:  # links in messages point at this stack's real address
        from cobranca.domain.dates import business_today
        from infra.local.seed import ASAAS_WEBHOOK_TOKEN, backdated, seed

        today = business_today(services.clock)
        # the demo portfolio was loaded days ago (its contacts can log in): the clock moves back for
        # the seed alone, before the gateway answers anyone (a request now waits in the listen queue)
        with backdated(days=3):
            local.seeded.update(seed(services, today, base, erp.url))
        asaas.send_webhooks_to(f"{base}/webhooks/asaas/demo", ASAAS_WEBHOOK_TOKEN)
    gateway.open_doors(server)
    from infra.local.cognito_proxy import answers_a_preflight

    refused = answers_a_preflight(console.config["cognito"]["endpoint"], base)
    if refused is not None:
        moto.stop()
        sys.exit(f"local stack not started: {refused}")
    stop = threading.Event()
    pollers.start(functions, resources, boto3.client("sqs", region_name=REGION), stop)
    schedules.start(functions, stop)
    print(banner(base, endpoint, local.seeded, time.monotonic() - started), flush=True)

    def shutdown(*_: Any) -> None:
        stop.set()
        server.shutdown()
        moto.stop()
        sys.exit(0)

    signal.signal(signal.SIGINT, shutdown)
    signal.signal(signal.SIGTERM, shutdown)
    while True:
        time.sleep(3600)


def start_moto() -> tuple[Any, str]:
    """moto's server on a free loopback port (MOTO_PORT pins it), with the local fixes applied."""
    os.environ.update(
        AWS_ACCESS_KEY_ID="local",
        AWS_SECRET_ACCESS_KEY="local",
        AWS_DEFAULT_REGION=REGION,
        AWS_REGION=REGION,
        COBRANCA_LOCAL="1",
        POWERTOOLS_METRICS_DISABLED="true",
        POWERTOOLS_TRACE_DISABLED="true",
    )
    import logging

    from moto.server import ThreadedMotoServer

    from infra.local import moto_fixes

    moto_fixes.apply()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's per-request access log
    moto_port = int(os.environ.get("MOTO_PORT") or free_port())
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=moto_port, verbose=False)
    moto.start()
    endpoint = f"http://127.0.0.1:{moto_port}"
    os.environ["AWS_ENDPOINT_URL"] = endpoint
    return moto, endpoint


def create_resources(endpoint: str, providers: Any, asaas_url: str, port: int) -> Any:
    """Every resource of template.yaml in moto, the functions' environment in this process and in
    .local/env (for the CLI), and the providers' tokens in Secrets Manager."""
    import boto3

    from infra import template
    from infra.local.fake_messaging import WHATSAPP_TOKEN, ZENVIA_TOKEN
    from infra.local.resources import create_all

    resources = create_all(endpoint, REGION)
    environment: dict[str, str] = {}
    for spec in template.functions():
        environment.update(resources.environment(spec))
    environment["ZENVIA_BASE_URL"] = environment["WHATSAPP_BASE_URL"] = providers.url
    environment["ASAAS_BASE_URL"] = asaas_url
    # moto publishes the pool's keys under its own address; the pool domain's /oauth2/token is the gateway's
    environment["COGNITO_JWKS_URL"] = f"{endpoint}/{resources.refs['UserPool']}/.well-known/jwks.json"
    environment["ERP_TOKEN_URL"] = f"http://127.0.0.1:{port}/oauth2/token"
    boto3.client("secretsmanager", region_name=REGION).create_secret(
        Name=environment["PROVIDER_SECRET"],
        SecretString=json.dumps({"zenvia_token": ZENVIA_TOKEN, "whatsapp_token": WHATSAPP_TOKEN}),
    )
    os.environ.update(environment)
    local_dir = ROOT / ".local"
    local_dir.mkdir(exist_ok=True)
    keep = ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")
    env_file = {**environment, **{k: os.environ[k] for k in keep}}
    (local_dir / "env").write_text("".join(f"{k}={v}\n" for k, v in env_file.items()))
    return resources


class LocalRoutes:
    """The local stack's own pages under /local: tokens, health, the mailbox, the SMS/WhatsApp outbox
    and firing a schedule by hand."""

    def __init__(self, resources: Any, providers: Any, functions: Any, asaas: Any, erp: Any) -> None:
        import boto3

        self.asaas = asaas
        self.erp = erp

        self.cognito = boto3.client("cognito-idp", region_name=REGION)
        self.client_id = resources.refs["UserPoolClient"]
        self.providers = providers
        self.functions = functions
        self.seeded: dict[str, int] = {}

    def routes(self) -> dict[tuple[str, str], Any]:
        return {
            ("POST", "/local/token"): self.token,
            ("GET", "/local/health"): self.health,
            ("GET", "/local/mailbox"): self.mailbox_html,
            ("GET", "/local/mailbox.json"): self.mailbox_json,
            ("GET", "/local/mailbox/*"): self.mailbox_file,
            ("GET", "/local/outbox"): self.outbox_html,
            ("GET", "/local/outbox.json"): self.outbox_json,
            ("POST", "/local/schedules/*"): self.fire,
            ("POST", "/local/clock"): self.clock,
            ("GET", "/local/asaas"): self.asaas_html,
            ("GET", "/local/asaas.json"): self.asaas_json,
            ("POST", "/local/asaas/*"): self.asaas_act,
            ("GET", "/local/erp"): self.erp_html,
            ("GET", "/local/erp.json"): self.erp_json,
            ("POST", "/local/erp/fail/*"): self.erp_fail,
        }

    def erp_html(self, _: bytes) -> Route:
        return 200, self.erp.page(), "text/html; charset=utf-8"

    def erp_json(self, _: bytes) -> Route:
        return 200, {"received": self.erp.received}, JSON

    def erp_fail(self, path: bytes) -> Route:
        """/local/erp/fail/<n>: the ERP answers 500 to the next n notices (then the retries go through)."""
        count = path.decode().rsplit("/", 1)[-1]
        if not count.isdigit():
            return 404, {"message": "use /local/erp/fail/<n>"}, JSON
        self.erp.fail_next(int(count))
        return 200, {"failing_next": int(count)}, JSON

    def asaas_html(self, _: bytes) -> Route:
        return 200, self.asaas.page(), "text/html; charset=utf-8"

    def asaas_json(self, _: bytes) -> Route:
        payments = list(self.asaas.payments.values())
        return 200, {"payments": payments, "deliveries": self.asaas.deliveries}, JSON

    def asaas_act(self, path: bytes) -> Route:
        """/local/asaas/<payment>/<confirm|overdue|refund>[/<duplicate|reverse>], /local/asaas/fault/<f>"""
        parts = path.decode().split("/")[3:]
        if len(parts) == 2 and parts[0] == "fault" and parts[1] in self.asaas.FAULTS:
            self.asaas.fail_next(parts[1])
            return 200, {"next_call": parts[1]}, JSON
        done = self.asaas.act(*parts[:3]) if 2 <= len(parts) <= 3 else None
        if done is None:
            return 404, {"message": "cobrança ou ação desconhecida"}, JSON
        return 200, {"events": [e["event"] for e in done]}, JSON

    def token(self, body: bytes) -> Route:
        cognito = self.cognito
        try:
            payload = json.loads(body or b"{}")
            result = cognito.initiate_auth(
                ClientId=self.client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": str(payload["username"]), "PASSWORD": str(payload["password"])},
            )["AuthenticationResult"]
        except (ValueError, KeyError, TypeError):
            return 400, {"message": 'envie {"username": ..., "password": ...}'}, JSON
        except (cognito.exceptions.NotAuthorizedException, cognito.exceptions.UserNotFoundException):
            return 401, {"message": "usuário ou senha inválidos"}, JSON
        # The HTTP API authorizer's audience is the app client: that is the ID token's 'aud'.
        return (
            200,
            {"access_token": result["IdToken"], "token_type": "Bearer", "expires_in": result["ExpiresIn"]},
            JSON,
        )

    def health(self, _: bytes) -> Route:
        return 200, {"status": "ok", "seeded": self.seeded}, JSON

    def mailbox_json(self, _: bytes) -> Route:
        from infra.local import mailbox

        return 200, json.dumps(mailbox.messages(REGION), ensure_ascii=False), JSON

    def mailbox_html(self, _: bytes) -> Route:
        from infra.local import mailbox

        return 200, mailbox.html_page(REGION), "text/html; charset=utf-8"

    def mailbox_file(self, path: bytes) -> Route:
        from infra.local import mailbox

        _, _, _, index, filename = path.decode().split("/", 4)
        found = mailbox.attachment(REGION, int(index), filename) if index.isdigit() else None
        if found is None:
            return 404, {"message": "anexo não encontrado"}, JSON
        return 200, found[0], found[1]

    def outbox_json(self, _: bytes) -> Route:
        return 200, json.dumps(self.providers.sent, ensure_ascii=False), JSON

    def outbox_html(self, _: bytes) -> Route:
        return 200, self.providers.page(), "text/html; charset=utf-8"

    def clock(self, body: bytes) -> Route:
        """Moves the functions' clock: {"now": "2027-02-01T07:00"} (São Paulo time) pins it there, {}
        lets it run again; e.g. to see an agreement break or the ruler's later steps without waiting."""
        from cobranca.domain.dates import CLOCK

        try:
            CLOCK.pin(json.loads(body or b"{}").get("now"))
        except (ValueError, AttributeError):
            return 400, {"message": 'now: informe {"now": "AAAA-MM-DDTHH:MM"} ou {}'}, JSON
        return 200, {"now": CLOCK.now().isoformat()}, JSON

    def fire(self, path: bytes) -> Route:
        from infra.local import schedules

        parts = path.decode().split("/")  # /local/schedules/<Function>/<Event>
        name, event = ([*parts, "", ""])[3:5] if len(parts) >= 4 else ("", "")
        found = schedules.schedules().get((name, event))
        if found is None:
            return 404, {"message": f"schedules: {sorted('/'.join(k) for k in schedules.schedules())}"}, JSON
        return 200, json.dumps(self.functions.invoke(name, schedules.payload(found)), default=str), JSON


def banner(base: str, endpoint: str, seeded: dict[str, int], seconds: float) -> str:
    return f"""
cobranca local stack ready in {seconds:.1f}s
  console      {base}/app/           (operator console: log in with a seeded user below)
  API          {base}/api/v1        (Authorization: Bearer <token>)
  Swagger UI   {base}/docs
  Negocia      {base}/negocia/demo    (debtor portal: a seeded CPF, the code arrives in the mailbox)
  mailbox      {base}/local/mailbox   (every e-mail sent: codes, termos, collection e-mails)
  outbox       {base}/local/outbox    (every SMS and WhatsApp accepted by the Zenvia/WhatsApp fakes)
  Asaas        {base}/local/asaas     (the fake's charges: Confirmar pagamento, Vencer, Estornar -> webhooks)
  ERP          {base}/local/erp       (the demo tenant's ERP: signed notices received, failures on demand)
  ruler        curl -X POST {base}/local/schedules/RulerFunction/Daily   (ReleaseFunction/Release: deferred)
  breaks       curl -X POST {base}/local/schedules/BreaksFunction/Daily  (agreements unpaid past the limit)
  clock        COBRANCA_NOW=2026-11-23T10:00 make dev   (pins "now" for windows and catch-up)
               curl -X POST {base}/local/clock -d '{{"now":"2027-02-01T07:00"}}'   (moves it; {{}} lets it run)
  ERP token    curl -s -u <client_id>:<secret> {base}/oauth2/token -d grant_type=client_credentials
               (a client from Configurações → Pagamentos e ERP → Credenciais do ERP)
  token        curl -s {base}/local/token -d '{{"username":"admin@demo.local","password":"demo123"}}'
  moto (AWS)   {endpoint}         (.local/env has the variables for the CLI: cobranca import --local)
  seeded       {seeded or "nothing (--no-seed)"}
  logins       admin@demo.local, supervisor@demo.local, operador@demo.local, admin@outra.local
               password demo123 (local stack only)
Ctrl-C stops everything."""


if __name__ == "__main__":
    main()
