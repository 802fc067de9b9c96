"""The Lambda entry point of an HTTP function (the operator API, the portal): observability, the
SnapStart hook, and everything included at init when the environment is initialized ahead."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from cobranca import snapstart

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]  # Lambda passes its context object


class LazyResolver(Protocol):
    def resolve(self, event: dict[str, Any], context: LambdaContext) -> dict[str, Any]: ...
    def include_everything(self) -> None: ...


def http_handler(app: LazyResolver) -> Handler:
    snapstart.register()
    if snapstart.initialized_ahead():
        app.include_everything()
    logger, metrics = Logger(), Metrics()

    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
    @metrics.log_metrics
    def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return app.resolve(event, context)

    return lambda_handler
