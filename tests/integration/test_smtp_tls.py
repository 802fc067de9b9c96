"""A tenant's own SMTP server (F42): never a password or a message without verified TLS, never a
server on our own network. Real SMTP servers on loopback (plain, STARTTLS, SMTPS; self-signed)."""

from __future__ import annotations

import base64
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from cobranca.domain.messages import DeliveryFailed
from cobranca.domain.sending import EmailMode, EmailSettings, SmtpSecurity, SmtpSettings
from cobranca.providers.email import TenantEmail
from tests.integration.conftest import Stack
from tests.integration.fake_smtp import FakeSmtp

PASSWORD = "s3cr3t-pass-do-tenant"


class Secrets:
    def get(self, name: str) -> str:
        return PASSWORD


def settings(port: int, security: SmtpSecurity = SmtpSecurity.AUTO) -> EmailSettings:
    # model_construct: loopback is refused by validation (tested below); here we test the TLS rules
    smtp = SmtpSettings.model_construct(
        host="127.0.0.1", port=port, user="cobranca", security=security, password=None, password_set=True
    )
    return EmailSettings.model_construct(
        mode=EmailMode.SMTP, from_address="cobranca@tenant.example", from_name="Tenant", smtp=smtp
    )


def mailer(trust: Path | None = None) -> TenantEmail:
    tls = ssl.create_default_context(cafile=str(trust)) if trust else None
    return TenantEmail(
        None, "nao-responda@cobranca.example", Secrets(), timeout=5, reachable=lambda h, p: True, tls=tls
    )


def leaked(server: FakeSmtp) -> bool:
    seen = server.received()
    secret = base64.b64encode(f"\0cobranca\0{PASSWORD}".encode())
    return PASSWORD.encode() in seen or secret in seen or b"AUTH" in seen.upper()


@pytest.fixture
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FakeSmtp]:
    fake = FakeSmtp(request.param, tmp_path)
    yield fake
    fake.stop()


@pytest.mark.parametrize("server", ["plain"], indirect=True)
def test_a_server_without_starttls_gets_neither_the_password_nor_the_message(server: FakeSmtp):
    with pytest.raises(DeliveryFailed, match="STARTTLS") as failed:
        mailer().send_email("demo", settings(server.port), "devedor@example.com", "Aviso", "Débito de R$ 100")
    assert failed.value.permanent
    assert not failed.value.bad_destination  # the debtor's address is not to blame
    assert not leaked(server)
    assert server.messages == []


@pytest.mark.parametrize("server", ["starttls", "smtps"], indirect=True)
def test_a_self_signed_certificate_is_refused_before_anything_is_sent(server: FakeSmtp):
    security = SmtpSecurity.SSL if server.mode == "smtps" else SmtpSecurity.STARTTLS
    with pytest.raises(DeliveryFailed, match="TLS") as failed:
        mailer().send_email("demo", settings(server.port, security), "devedor@example.com", "Aviso", "texto")
    assert failed.value.permanent
    assert not leaked(server)
    assert server.messages == []


@pytest.mark.parametrize("server", ["starttls", "smtps"], indirect=True)
def test_a_verified_certificate_carries_the_login_and_the_message(server: FakeSmtp):
    security = SmtpSecurity.SSL if server.mode == "smtps" else SmtpSecurity.AUTO
    mailer(trust=server.cert).send_email(
        "demo", settings(server.port, security), "devedor@example.com", "Aviso", "texto"
    )
    assert b"AUTH" in server.received().upper()  # logged in, inside TLS
    assert len(server.messages) == 1


@pytest.mark.parametrize("server", ["starttls"], indirect=True)
def test_a_server_on_our_own_network_is_never_contacted(server: FakeSmtp):
    default = TenantEmail(None, "nao-responda@cobranca.example", Secrets(), timeout=5)
    with pytest.raises(DeliveryFailed, match="público"):
        default.send_email("demo", settings(server.port), "devedor@example.com", "Aviso", "texto")
    assert server.lines == []


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "10.0.0.5", "169.254.169.254", "[::1]", "::1", "smtp"]
)
def test_settings_refuse_loopback_private_and_link_local_hosts(stack: Stack, host: str):
    body = {"email": {"mode": "smtp", "smtp": {"host": host, "port": 587, "user": "u", "password": "p"}}}
    r = stack.api.call(stack.admin, "PUT", "/api/v1/sending-settings", body)
    assert r.status == 422, r.body
    assert r.body["errors"][0]["field"] == "email.smtp.host"
