"""Monthly schedule: refreshes IPCA, INPC and IGP-M from the Banco Central SGS API into every tenant."""

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.utilities.typing import LambdaContext

from cobranca.bootstrap import services

logger = Logger()
metrics = Metrics()


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    s = services()
    months = s.negotiation.refresh_indices(s.index_source)
    logger.info("indices refreshed", extra={"months_per_index": months})
    return {"months": months}
