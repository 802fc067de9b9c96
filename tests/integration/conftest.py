"""Integration fixtures: one moto world in-process (resources from template.yaml, seeded users), put
back to its first state before every test."""

from __future__ import annotations

import base64
import copy
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from moto import mock_aws

from cobranca import bootstrap
from cobranca.domain.access import Role
from cobranca.domain.dates import CLOCK
from cobranca.domain.users import UserIn
from infra import template
from infra.local import moto_fixes
from infra.local.fake_asaas import FakeAsaas
from infra.local.resources import Resources, create_all

moto_fixes.apply()  # the same moto as the local stack (transactions without whole-table copies)

EVENTS = Path(__file__).resolve().parents[2] / "events"


class LambdaContext:
    function_name = "test"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:000000000000:function:test"
    aws_request_id = "test-request"


@dataclass
class Response:
    status: int
    body: Any


@dataclass
class User:
    id: str
    tenant: str
    role: Role
    email: str

    @property
    def claims(self) -> dict[str, str]:
        return {
            "sub": self.id,
            "custom:tenant": self.tenant,
            "cognito:groups": f"[{self.role.value}]",
            "email": self.email,
        }

    @property
    def authorizer(self) -> dict[str, Any]:
        """What the HTTP API's JWT authorizer puts in the event for this user's ID token."""
        return {"jwt": {"claims": self.claims, "scopes": None}}


@dataclass
class Machine:
    """An ERP client, as the ErpToken Lambda authorizer hands it to the API (its context)."""

    context: dict[str, str]

    @property
    def authorizer(self) -> dict[str, Any]:
        return {"lambda": self.context}


class Api:
    """Drives functions/api/handler.py with events shaped like events/api_post_debtor.json."""

    def __init__(self, module: str = "functions.api.handler") -> None:
        import importlib

        self.handler = importlib.import_module(module)
        self.base = json.loads((EVENTS / "api_post_debtor.json").read_text())
        self.last_raw: dict[str, Any] = {}

    def call(
        self,
        user: User | Machine | None,
        method: str,
        path: str,
        body: Any = None,
        query: dict[str, str] | None = None,
        raw: bytes | None = None,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
        source_ip: str | None = None,
    ) -> Response:
        event = copy.deepcopy(self.base)
        stage = event["requestContext"]["stage"]  # a named stage prefixes rawPath, as in AWS
        event["rawPath"] = event["requestContext"]["http"]["path"] = f"/{stage}{path}"
        event["requestContext"]["http"]["method"] = method
        if source_ip:
            event["requestContext"]["http"]["sourceIp"] = source_ip
        event["headers"] = {"content-type": content_type, **(headers or {})}
        event["queryStringParameters"] = query or None
        event["rawQueryString"] = "&".join(f"{k}={v}" for k, v in (query or {}).items())
        event["isBase64Encoded"] = raw is not None  # what API Gateway does with a file body
        event["body"] = (
            base64.b64encode(raw).decode() if raw is not None else (json.dumps(body) if body else None)
        )
        if user is None:
            del event["requestContext"]["authorizer"]
        else:
            event["requestContext"]["authorizer"] = user.authorizer
        result = self.handler.lambda_handler(event, LambdaContext())
        self.last_raw = result
        text = result.get("body") or ""
        is_json = "json" in (result.get("headers") or {}).get("Content-Type", "application/json")
        return Response(result["statusCode"], json.loads(text) if text and is_json else text)


@dataclass
class Stack:
    resources: Resources
    api: Api
    negocia: Api
    admin: User
    supervisor: User
    operator: User
    other_admin: User

    def run_queue(self, queue: str) -> int:
        """Delivers every message on `queue` to the handler template.yaml subscribes to it, as Lambda's
        event source mapping would."""
        import importlib

        import boto3

        from infra.local.events import sqs_event

        spec = next(f for f in template.functions() if f.sqs_queue == queue)
        handler = getattr(importlib.import_module(spec.module), spec.attribute)
        sqs = boto3.client("sqs")
        url, delivered = self.resources.refs[queue], 0
        while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages"):
            result = handler(sqs_event(messages, self.resources.arns[queue]), LambdaContext())
            assert result == {"batchItemFailures": []}
            for m in messages:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            delivered += len(messages)
        return delivered

    def send_login_codes(self) -> int:
        return self.run_queue("LoginCodeQueue")


def _register(tenant: str, email: str, role: Role) -> User:
    user = bootstrap.services().users.register(
        tenant, UserIn(email=email, name=email.split("@")[0], role=role)
    )
    return User(user.id, tenant, role, email)


class World:
    """One moto world per test run (per xdist worker): every resource of template.yaml and the four
    users are created once, and each test starts from exactly that state. Between tests the stateful
    backends are put back (DynamoDB items, secrets, SES, Cognito users and groups, S3 buckets) and the
    queues are emptied; building the world again per test was 80 % of this layer's time."""

    def __init__(self) -> None:
        from moto.cognitoidp.models import cognitoidp_backends
        from moto.core import DEFAULT_ACCOUNT_ID
        from moto.dynamodb.models import dynamodb_backends
        from moto.s3.models import s3_backends
        from moto.secretsmanager.models import secretsmanager_backends
        from moto.ses.models import ses_backends
        from moto.sqs.models import sqs_backends

        region = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
        self.restored = [
            dynamodb_backends[DEFAULT_ACCOUNT_ID][region],
            secretsmanager_backends[DEFAULT_ACCOUNT_ID][region],
            ses_backends[DEFAULT_ACCOUNT_ID][region],
            cognitoidp_backends[DEFAULT_ACCOUNT_ID][region],
            s3_backends[DEFAULT_ACCOUNT_ID]["aws"],
        ]
        self.sqs = sqs_backends[DEFAULT_ACCOUNT_ID][region]
        self.snapshot: list[dict[str, Any]] = []

    def save(self) -> None:
        self.snapshot = [copy.deepcopy(b.__dict__) for b in self.restored]

    def restore(self) -> None:
        for backend, state in zip(self.restored, self.snapshot, strict=True):
            backend.__dict__.update(copy.deepcopy(state))
        for queue in self.sqs.queues.values():
            queue._messages, queue._pending_messages = [], set()


@pytest.fixture(scope="session")
def world() -> Iterator[tuple[World, Stack]]:
    with mock_aws(), pytest.MonkeyPatch.context() as env:
        resources = create_all()
        for spec in template.functions():  # what the local stack does: one environment for all
            for key, value in resources.environment(spec).items():
                env.setenv(key, value)
        bootstrap.reset()
        stack = Stack(
            resources=resources,
            api=Api(),
            negocia=Api("functions.negocia.handler"),
            admin=_register("demo", "admin@demo.local", Role.ADMIN),
            supervisor=_register("demo", "supervisor@demo.local", Role.SUPERVISOR),
            operator=_register("demo", "operador@demo.local", Role.OPERATOR),
            other_admin=_register("outra", "admin@outra.local", Role.ADMIN),
        )
        state = World()
        state.save()
        yield state, stack
        bootstrap.reset()


@pytest.fixture
def stack(world: tuple[World, Stack]) -> Iterator[Stack]:
    """The shared world as it was first built. The services are kept between tests (they hold clients,
    no data); a test that rebuilt them (after pointing a provider at its fake) leaves them to be rebuilt
    from the restored environment. Tests replace a service's part with monkeypatch, which puts it back."""
    state, shared = world
    state.restore()
    services = bootstrap.services()
    yield shared
    CLOCK.pin(None)
    if bootstrap.services() is not services:
        bootstrap.reset()


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAsaas]:
    """Asaas on loopback for the services (ASAAS_BASE_URL), with São Paulo's clock pinned."""
    server = FakeAsaas(drop_seconds=0.5)
    monkeypatch.setenv("ASAAS_BASE_URL", server.url)
    bootstrap.reset()  # the services read the fake's address (the stack fixture rebuilds them after)
    CLOCK.pin("2026-04-09T12:00:00-03:00")
    yield server
    server.stop()
