"""SQS job queues."""

from __future__ import annotations

import json
from typing import Any


class SqsQueue:
    def __init__(self, client: Any, url: str) -> None:
        self.client = client
        self.url = url

    def send(self, body: dict[str, Any], delay_seconds: int = 0) -> None:
        self.client.send_message(
            QueueUrl=self.url,
            MessageBody=json.dumps(body, separators=(",", ":")),
            DelaySeconds=max(0, min(900, delay_seconds)),
        )

    def send_batch(self, bodies: list[dict[str, Any]]) -> int:
        """SendMessageBatch in tens; an entry SQS refuses raises, so the caller retries (idempotent jobs)."""
        requests = 0
        for start in range(0, len(bodies), 10):
            entries = [
                {"Id": str(n), "MessageBody": json.dumps(body, separators=(",", ":"))}
                for n, body in enumerate(bodies[start : start + 10])
            ]
            response = self.client.send_message_batch(QueueUrl=self.url, Entries=entries)
            requests += 1
            if response.get("Failed"):
                raise RuntimeError(f"SQS refused {len(response['Failed'])} job(s): {response['Failed'][0]}")
        return requests
