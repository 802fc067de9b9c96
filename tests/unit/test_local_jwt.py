"""The local stack's JWT check is as strict as the HTTP API authorizer: exp, iat and token_use."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from infra.local.gateway import JwtVerifier

ISSUER, AUDIENCE = "https://cognito-idp.us-east-1.amazonaws.com/pool", "client"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def verifier() -> JwtVerifier:
    public = jwt.PyJWK.from_dict(
        {**jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key(), as_dict=True), "alg": "RS256"}
    )
    return JwtVerifier({"k1": public}, ISSUER, AUDIENCE)


def token(**overrides: object) -> str:
    now = int(time.time())
    claims = {"sub": "u1", "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 600, "token_use": "id"}
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, KEY, algorithm="RS256", headers={"kid": "k1"})


def test_a_complete_id_token_is_accepted():
    claims = verifier().claims(f"Bearer {token()}")
    assert claims is not None
    assert claims["sub"] == "u1"


@pytest.mark.parametrize(
    "overrides",
    [
        {"exp": None},
        {"iat": None},
        {"token_use": None},
        {"token_use": "access"},
        {"exp": int(time.time()) - 5},
    ],
    ids=["no-exp", "no-iat", "no-token_use", "access-token", "expired"],
)
def test_tokens_the_authorizer_would_refuse_are_refused(overrides: dict):
    assert verifier().claims(f"Bearer {token(**overrides)}") is None
