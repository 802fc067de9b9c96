"""SQS job queues."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cobranca.jobs import Job


class SqsQueue:
    def __init__(self, client: Any, url: str) -> None:
        self.client = client
        self.url = url

    def send(self, job: Job, delay_seconds: int = 0) -> None:
        self.client.send_message(
            QueueUrl=self.url,
            MessageBody=job.model_dump_json(),
            DelaySeconds=max(0, min(900, delay_seconds)),
        )

    def send_batch(self, jobs: Sequence[Job]) -> int:
        """SendMessageBatch in tens; an entry SQS refuses raises, so the caller retries (idempotent jobs)."""
        requests = 0
        for start in range(0, len(jobs), 10):
            entries = [
                {"Id": str(n), "MessageBody": job.model_dump_json()}
                for n, job in enumerate(jobs[start : start + 10])
            ]
            response = self.client.send_message_batch(QueueUrl=self.url, Entries=entries)
            requests += 1
            if response.get("Failed"):
                raise RuntimeError(f"SQS refused {len(response['Failed'])} job(s): {response['Failed'][0]}")
        return requests
