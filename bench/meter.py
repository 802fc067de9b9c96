"""Counting what a benchmark costs where botocore makes each call (PynamoDB's included): requests per
service and operation, DynamoDB items read and write units, and the time spent inside moto."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

# AWS list prices, us-east-1, on demand (November 2026 price pages), for the benchmarks' bills
PRICE_RRU = 0.125 / 1e6  # DynamoDB read request unit
PRICE_WRU = 0.625 / 1e6  # DynamoDB write request unit
PRICE_SQS = 0.40 / 1e6  # SQS standard request (each 64 KB chunk)
PRICE_HTTP_API = 1.00 / 1e6  # API Gateway HTTP API request
PRICE_LAMBDA_REQ = 0.20 / 1e6
PRICE_LAMBDA_GBS = 0.0000133334  # arm64
PRICE_SES = 0.10 / 1000  # e-mail sent
PRICE_SECRETS_CALL = 0.05 / 10_000  # Secrets Manager API call


class Meter:
    """Counts every AWS call botocore makes (PynamoDB's included), and DynamoDB items read/written."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.read = 0  # items DynamoDB reads (and bills): Query/Scan ScannedCount, GetItem, BatchGetItem keys
        self.written = 0  # write units at ≤1 KB per item; a transaction bills each item twice
        self.on = False
        self.moto_seconds = 0.0  # time inside moto's request handling (DynamoDB's stand-in, not ours)

    def install(self) -> None:
        from botocore.client import BaseClient
        from moto.core.botocore_stubber import BotocoreStubber

        stub = BotocoreStubber.__call__

        def timed(stubber: Any, *args: Any, **kwargs: Any) -> Any:  # all moto does with one request
            started = time.perf_counter()
            try:
                return stub(stubber, *args, **kwargs)
            finally:
                self.moto_seconds += time.perf_counter() - started

        BotocoreStubber.__call__ = timed  # type: ignore[method-assign,assignment]

        original = BaseClient._make_api_call  # type: ignore[attr-defined]
        meter = self

        def counted(client: Any, operation: str, params: dict[str, Any]) -> Any:
            response: dict[str, Any] = {}
            try:
                response = original(client, operation, params)
                return response
            finally:  # a failed conditional write is billed too
                if meter.on:
                    meter.record(client.meta.service_model.service_name, operation, params, response)

        BaseClient._make_api_call = counted  # type: ignore[attr-defined]

    def record(self, service: str, operation: str, params: dict[str, Any], response: dict[str, Any]) -> None:
        self.calls[f"{service}:{operation}"] += 1
        if service != "dynamodb":
            return
        if operation in ("Query", "Scan"):
            self.read += int(response.get("ScannedCount", 0))
        elif operation == "GetItem":
            self.read += 1
        elif operation == "BatchGetItem":
            self.read += sum(len(r["Keys"]) for r in params["RequestItems"].values())
        elif operation in ("PutItem", "UpdateItem", "DeleteItem"):
            self.written += 1
        elif operation == "TransactWriteItems":
            self.written += 2 * len(params["TransactItems"])
        elif operation == "BatchWriteItem":
            self.written += sum(len(r) for r in params["RequestItems"].values())

    def reset(self) -> None:
        self.calls.clear()
        self.read = self.written = 0
        self.moto_seconds = 0.0

    def dynamodb_calls(self) -> int:
        return sum(n for op, n in self.calls.items() if op.startswith("dynamodb:"))

    def sqs_calls(self) -> int:
        return sum(n for op, n in self.calls.items() if op.startswith("sqs:"))
