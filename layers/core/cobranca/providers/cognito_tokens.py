"""Verifies the user pool's access tokens (RS256, the pool's JWKS): the ERP authorizer's only check of a
signature. The keys are fetched once per cold start and again when a token names an unknown `kid`
(Cognito rotates them rarely). PyJWT ships with the authorizer function only (its requirements.txt)."""

from __future__ import annotations

from typing import Any

import httpx
import jwt

LEEWAY_SECONDS = 30


class AccessTokens:
    def __init__(self, issuer: str, jwks_url: str, fetch: Any = None) -> None:
        self.issuer = issuer
        self.jwks_url = jwks_url
        self.fetch = fetch or (lambda url: httpx.get(url, timeout=5).raise_for_status().json())
        self.keys: dict[str, jwt.PyJWK] = {}

    def _key(self, kid: str) -> jwt.PyJWK | None:
        if kid not in self.keys:
            jwks = self.fetch(self.jwks_url)
            self.keys = {k["kid"]: jwt.PyJWK(k) for k in jwks.get("keys", []) if "kid" in k}
        return self.keys.get(kid)

    def verify(self, token: str) -> dict[str, Any] | None:
        """The claims of a valid access token of this pool (signature, issuer, expiry), else None."""
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            key = self._key(str(kid)) if kid else None
            if key is None:
                return None
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                issuer=self.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "client_id", "token_use"], "verify_aud": False},
            )
        except jwt.PyJWTError:
            return None
        return claims
