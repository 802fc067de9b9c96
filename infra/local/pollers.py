"""SQS event source mappings, as Lambda runs them: poll, invoke with an SQS event, delete what succeeded."""

from __future__ import annotations

import threading
from typing import Any

from infra import template
from infra.local.events import sqs_event
from infra.local.gateway import Functions
from infra.local.resources import Resources


def start(
    functions: Functions, resources: Resources, sqs: Any, stop: threading.Event
) -> list[threading.Thread]:
    threads = []
    for spec in template.functions():
        if spec.sqs_queue is None:
            continue
        url, arn = resources.refs[spec.sqs_queue], resources.arns[spec.sqs_queue]
        thread = threading.Thread(
            target=_poll,
            args=(functions, spec.name, sqs, url, arn, stop),
            name=f"poll-{spec.name}",
            daemon=True,
        )
        thread.start()
        threads.append(thread)
    return threads


def _poll(functions: Functions, name: str, sqs: Any, url: str, arn: str, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            messages = sqs.receive_message(
                QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1, AttributeNames=["All"]
            ).get("Messages", [])
        except Exception:  # the server is stopping
            if stop.is_set():
                return
            raise
        if not messages:
            continue
        result = functions.invoke(name, sqs_event(messages, arn)) or {}
        failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:
            entries = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)]
            sqs.delete_message_batch(QueueUrl=url, Entries=entries)
