"""EventBridge Scheduler, locally: fires each ScheduleV2 event of template.yaml at its moment.

cron(M H * * ? *) fires daily at H:M in its ScheduleExpressionTimezone; rate(N minutes) every N
minutes. The clock is the one functions read (COBRANCA_NOW pins it). POST /local/schedules/<Function>/
<Event> fires one on demand.
"""

from __future__ import annotations

import json
import re
import threading
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cobranca.domain.dates import CLOCK
from infra import template
from infra.local.gateway import Functions

_CRON_DAILY = re.compile(r"^cron\((\d+) (\d+) \* \* \? \*\)$")
_RATE = re.compile(r"^rate\((\d+) minutes?\)$")


def schedules() -> dict[tuple[str, str], dict[str, Any]]:
    found = {}
    for name, r in template.resources("AWS::Serverless::Function").items():
        for event, e in (r["Properties"].get("Events") or {}).items():
            if e["Type"] == "ScheduleV2":
                found[(name, event)] = e["Properties"]
    return found


def payload(properties: dict[str, Any]) -> dict[str, Any]:
    return json.loads(properties.get("Input") or "{}")


def due(properties: dict[str, Any], last: datetime | None, now: datetime) -> bool:
    """Whether the schedule has a firing moment in (last, now]; the first check only primes `last`."""
    if last is None:
        return False
    expression = properties["ScheduleExpression"]
    rate = _RATE.match(expression)
    if rate:
        step = int(rate.group(1)) * 60
        return int(now.timestamp()) // step > int(last.timestamp()) // step
    cron = _CRON_DAILY.match(expression)
    if not cron:
        return False  # monthly and other shapes fire on demand only
    zone = ZoneInfo(properties.get("ScheduleExpressionTimezone", "UTC"))
    local_now = now.astimezone(zone)
    moment = local_now.replace(hour=int(cron.group(2)), minute=int(cron.group(1)), second=0, microsecond=0)
    if moment > local_now:
        moment -= timedelta(days=1)
    return last < moment <= now


def start(functions: Functions, stop: threading.Event, interval: float = 20.0) -> threading.Thread:
    found = schedules()

    def loop() -> None:
        last: datetime | None = None
        while not stop.wait(0 if last is None else interval):
            now = CLOCK.now()
            for (name, _event), properties in found.items():
                if due(properties, last, now):
                    functions.invoke(name, payload(properties))
            last = now

    thread = threading.Thread(target=loop, name="schedules", daemon=True)
    thread.start()
    return thread
