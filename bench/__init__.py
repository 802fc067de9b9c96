"""Benchmarks that print figures (`make bench`); not part of `make test`."""

from __future__ import annotations

import os
import warnings


def offline_aws(**extra: str) -> None:
    """moto's stand-in credentials and the Lambda switches every in-process benchmark sets first."""
    warnings.filterwarnings("ignore", "No application metrics to publish")
    os.environ.update(
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        POWERTOOLS_METRICS_DISABLED="true",
        PYDANTIC_DISABLE_PLUGINS="__all__",
        **extra,
    )


class LambdaContext:
    function_name = "bench"
    memory_limit_in_mb = 512
    aws_request_id = "bench"
    invoked_function_arn = "arn:aws:lambda:us-east-1:000000000000:function:bench"


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile `p` (0-100) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]
