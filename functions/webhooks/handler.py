"""WebhooksFunction: the portadores' webhooks, outside Cognito (each checks its provider's token).

`asaas`: POST /webhooks/asaas/{tenant}. The token is checked, the body queued for PaymentEventsFunction
and 200 answered at once (Asaas waits 10 s and counts only a 200). Nothing else is imported here: this
is the path whose latency Asaas measures."""

import base64
import json

from aws_lambda_powertools import Logger

from cobranca.bootstrap import services

logger = Logger()


def _body(event: dict) -> bytes:
    raw = event.get("body") or ""
    return base64.b64decode(raw) if event.get("isBase64Encoded") else raw.encode()


@logger.inject_lambda_context
def asaas(event: dict, context: object) -> dict:
    tenant = (event.get("pathParameters") or {}).get("tenant", "")
    token = {k.lower(): v for k, v in (event.get("headers") or {}).items()}.get("asaas-access-token")
    answer = services().webhooks.asaas(tenant, token, _body(event))
    logger.info("asaas webhook", extra={"tenant": tenant, "status": answer.status})
    return {
        "statusCode": answer.status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(answer.body),
    }
