"""NegociaFunction: Negocia Online's page and JSON API (debtor-facing). Its login codes are sent by
LoginCodeFunction (functions/login_codes)."""

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from cobranca import snapstart
from cobranca.http.portal import build_portal_resolver

snapstart.register()
logger = Logger()
metrics = Metrics()
app = build_portal_resolver()
if snapstart.initialized_ahead():
    app.include_everything()


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return app.resolve(event, context)
