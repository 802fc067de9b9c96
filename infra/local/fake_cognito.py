"""The user pool domain's OAuth 2.0 token endpoint (POST /oauth2/token), client-credentials grant only:
moto has app clients but no domain endpoints. It speaks Cognito's documented wire format and issues what
Cognito issues to a machine client, signed with the key moto's JWKS publishes, so the ERP authorizer
verifies it exactly as it would verify Cognito's.

- Request: `application/x-www-form-urlencoded` with `grant_type=client_credentials` and an optional
  `scope` (space-separated); the client authenticates with `Authorization: Basic base64(id:secret)`
  (or `client_id` + `client_secret` in the body).
- Answer 200: `{"access_token", "expires_in", "token_type": "Bearer"}`; errors 400 (401 for a bad
  client): `{"error": "invalid_request" | "invalid_client" | "unauthorized_client" | "invalid_scope" |
  "unsupported_grant_type"}`.
- The token's claims: sub (= client id), token_use "access", scope, auth_time, iss, exp, iat, version 2,
  jti, client_id.
"""

from __future__ import annotations

import base64
import binascii
import time
import uuid
from typing import Any
from urllib.parse import parse_qsl

import jwt
from moto.utilities.utils import load_resource

MOTO_KID = "dummy"  # the key id moto's jwks.json publishes


class TokenEndpoint:
    def __init__(self, cognito: Any, pool_id: str, issuer: str) -> None:
        self.cognito = cognito
        self.pool_id = pool_id
        self.issuer = issuer
        self.key = jwt.PyJWK(load_resource("cognitoidp/resources/jwks-private.json")).key

    def token(self, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        form = dict(parse_qsl(body.decode("utf-8", "replace")))
        if form.get("grant_type") != "client_credentials":
            error = "unsupported_grant_type" if form.get("grant_type") else "invalid_request"
            return 400, {"error": error}
        client_id, secret = self._credentials(headers, form)
        client = self._client(client_id)
        if client is None or not secret or client.get("ClientSecret") != secret:
            return 401, {"error": "invalid_client"}
        if "client_credentials" not in client.get("AllowedOAuthFlows", []):
            return 400, {"error": "unauthorized_client"}
        allowed = client.get("AllowedOAuthScopes", [])
        asked = form.get("scope", "").split() or allowed
        if not asked or any(s not in allowed for s in asked):
            return 400, {"error": "invalid_scope"}
        minutes = int(client.get("AccessTokenValidity", 60))
        now = int(time.time())
        claims = {
            "sub": client_id,
            "token_use": "access",
            "scope": " ".join(asked),
            "auth_time": now,
            "iss": self.issuer,
            "exp": now + minutes * 60,
            "iat": now,
            "version": 2,
            "jti": str(uuid.uuid4()),
            "client_id": client_id,
        }
        token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": MOTO_KID})
        return 200, {"access_token": token, "expires_in": minutes * 60, "token_type": "Bearer"}

    @staticmethod
    def _credentials(headers: dict[str, str], form: dict[str, str]) -> tuple[str, str]:
        basic = {k.lower(): v for k, v in headers.items()}.get("authorization", "")
        if basic.lower().startswith("basic "):
            try:
                client_id, _, secret = base64.b64decode(basic[6:].strip()).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return "", ""
            return client_id, secret
        return form.get("client_id", ""), form.get("client_secret", "")

    def _client(self, client_id: str) -> dict[str, Any] | None:
        if not client_id:
            return None
        try:
            found: dict[str, Any] = self.cognito.describe_user_pool_client(
                UserPoolId=self.pool_id, ClientId=client_id
            )["UserPoolClient"]
        except self.cognito.exceptions.ResourceNotFoundException:
            return None
        return found
