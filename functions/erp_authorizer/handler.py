"""ErpAuthorizerFunction: the HTTP API's Lambda authorizer of /api/v1/erp/... (payload 2.0, simple
responses). An access token of the tenant's ERP client (client-credentials grant, the ERP scope) is
allowed with {tenant, client_id, client_name} as the context the API reads; anything else is refused.
API Gateway caches the answer per Authorization header for five minutes (template.yaml)."""

from aws_lambda_powertools import Logger

from cobranca.bootstrap import services

logger = Logger()


@logger.inject_lambda_context
def lambda_handler(event: dict, context: object) -> dict:
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    allowed = services().erp_authorizer.authorize(headers.get("authorization"))
    # the token is never logged; the client id names an integration, not a person
    logger.info(
        "erp token", extra={"allowed": allowed is not None, "client_id": (allowed or {}).get("client_id")}
    )
    return {"isAuthorized": allowed is not None, "context": allowed or {}}
