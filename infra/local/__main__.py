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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--no-seed", action="store_true", help="start empty")
    args = parser.parse_args()
    started = time.monotonic()

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

    import boto3

    from infra import template
    from infra.local import gateway, pollers, schedules
    from infra.local.resources import create_all

    resources = create_all(endpoint, REGION)
    environment: dict[str, str] = {}
    for spec in template.functions():
        environment.update(resources.environment(spec))
    from infra.local.fake_messaging import WHATSAPP_TOKEN, ZENVIA_TOKEN, FakeMessaging

    providers = FakeMessaging()  # Zenvia and the WhatsApp Cloud API on loopback
    environment["ZENVIA_BASE_URL"] = environment["WHATSAPP_BASE_URL"] = providers.url
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

    from cobranca import bootstrap

    bootstrap.reset()
    services = bootstrap.services()
    seeded: dict[str, int] = {}

    cognito = boto3.client("cognito-idp", region_name=REGION)
    pool, client_id = resources.refs["UserPool"], resources.refs["UserPoolClient"]

    def token(body: bytes) -> tuple[int, dict[str, Any] | str, str]:
        try:
            payload = json.loads(body or b"{}")
            result = cognito.initiate_auth(
                ClientId=client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": str(payload["username"]), "PASSWORD": str(payload["password"])},
            )["AuthenticationResult"]
        except (ValueError, KeyError, TypeError):
            return 400, {"message": 'envie {"username": ..., "password": ...}'}, "application/json"
        except cognito.exceptions.NotAuthorizedException:
            return 401, {"message": "usuário ou senha inválidos"}, "application/json"
        except cognito.exceptions.UserNotFoundException:
            return 401, {"message": "usuário ou senha inválidos"}, "application/json"
        # The HTTP API authorizer's audience is the app client: that is the ID token's 'aud'.
        return (
            200,
            {"access_token": result["IdToken"], "token_type": "Bearer", "expires_in": result["ExpiresIn"]},
            "application/json",
        )

    def health(_: bytes) -> tuple[int, dict[str, Any] | str, str]:
        return 200, {"status": "ok", "seeded": seeded}, "application/json"

    from infra.local import mailbox

    def mailbox_json(_: bytes) -> tuple[int, dict[str, Any] | str, str]:
        return 200, json.dumps(mailbox.messages(REGION), ensure_ascii=False), "application/json"

    def mailbox_html(_: bytes) -> tuple[int, dict[str, Any] | str, str]:
        return 200, mailbox.html_page(REGION), "text/html; charset=utf-8"

    def mailbox_file(path: bytes) -> tuple[int, Any, str]:
        _, _, _, index, filename = path.decode().split("/", 4)
        found = mailbox.attachment(REGION, int(index), filename) if index.isdigit() else None
        if found is None:
            return 404, {"message": "anexo não encontrado"}, "application/json"
        return 200, found[0], found[1]

    def outbox_json(_: bytes) -> tuple[int, Any, str]:
        return 200, json.dumps(providers.sent, ensure_ascii=False), "application/json"

    def outbox_html(_: bytes) -> tuple[int, Any, str]:
        return 200, providers.page(), "text/html; charset=utf-8"

    def fire(path: bytes) -> tuple[int, Any, str]:
        parts = path.decode().split("/")  # /local/schedules/<Function>/<Event>
        name, event = ([*parts, "", ""])[3:5] if len(parts) >= 4 else ("", "")
        found = schedules.schedules().get((name, event))
        if found is None:
            return 404, {"message": f"schedules: {sorted('/'.join(k) for k in schedules.schedules())}"}, JSON
        return 200, json.dumps(functions.invoke(name, schedules.payload(found)), default=str), JSON

    functions = gateway.Functions()
    verifier = gateway.JwtVerifier.cognito(endpoint, REGION, pool, client_id)
    server = gateway.serve(
        args.port,
        functions,
        verifier,
        {
            ("POST", "/local/token"): token,
            ("GET", "/local/health"): health,
            ("GET", "/local/mailbox"): mailbox_html,
            ("GET", "/local/mailbox.json"): mailbox_json,
            ("GET", "/local/mailbox/*"): mailbox_file,
            ("GET", "/local/outbox"): outbox_html,
            ("GET", "/local/outbox.json"): outbox_json,
            ("POST", "/local/schedules/*"): fire,
        },
    )
    port = server.server_address[1]
    base = f"http://127.0.0.1:{port}"
    if not args.no_seed:  # links in messages point at this stack's real address
        from cobranca.domain.dates import SystemClock, business_today
        from infra.local.seed import backdated, seed

        today = business_today(SystemClock())
        with backdated(days=3):  # the demo portfolio was loaded days ago: its contacts can log in
            seeded.update(seed(services, today, base))
    stop = threading.Event()
    pollers.start(functions, resources, boto3.client("sqs", region_name=REGION), stop)
    schedules.start(functions, stop)

    print(
        f"""
cobranca local stack ready in {time.monotonic() - started:.1f}s
  API          {base}/api/v1        (Authorization: Bearer <token>)
  Swagger UI   {base}/docs
  Negocia      {base}/negocia/demo    (debtor portal: a seeded CPF, the code arrives in the mailbox)
  mailbox      {base}/local/mailbox   (every e-mail sent: codes, termos, collection e-mails)
  outbox       {base}/local/outbox    (every SMS and WhatsApp accepted by the Zenvia/WhatsApp fakes)
  ruler        curl -X POST {base}/local/schedules/RulerFunction/Daily   (Release: deferred messages)
  clock        COBRANCA_NOW=2026-11-23T10:00 make dev   (pins "now" for windows and catch-up)
  token        curl -s {base}/local/token -d '{{"username":"admin@demo.local","password":"demo123"}}'
  moto (AWS)   {endpoint}         (.local/env has the variables for the CLI: cobranca import --local)
  seeded       {seeded or "nothing (--no-seed)"}
  logins       admin@demo.local, supervisor@demo.local, operador@demo.local, admin@outra.local
               password demo123 (local stack only)
Ctrl-C stops everything.""",
        flush=True,
    )

    def shutdown(*_: Any) -> None:
        stop.set()
        server.shutdown()
        moto.stop()
        sys.exit(0)

    signal.signal(signal.SIGINT, shutdown)
    signal.signal(signal.SIGTERM, shutdown)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
