"""The Lambda entry point of an HTTP function (the operator API, the portal): observability, the
SnapStart hook, and everything included at init when the environment is initialized ahead."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging import correlation_paths

from cobranca import snapstart
from cobranca.http.app import Resolver

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]  # Lambda passes its context object


def http_handler(app: Resolver) -> Handler:
    snapstart.register()
    if snapstart.initialized_ahead():
        app.include_everything()
    logger, metrics = Logger(), Metrics()

    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
    @metrics.log_metrics
    def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return app.resolve(event, context)

    return lambda_handler
