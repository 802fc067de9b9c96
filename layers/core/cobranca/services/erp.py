"""Notices to the tenant's ERP (F04, domain/erp.py): the webhook's settings, telling a fact (the services
that settle, close and break call `ErpNotices.notify`), and the ErpDeliveryQueue worker that POSTs each
notice until the ERP answers 2xx.

A notice is a delivery record created once by its id, then a job. The worker re-reads the record, so a
job told twice sends once more at most (the receiver dedupes by Cobranca-Delivery). A failed try is
queued again with its delay (SQS delays reach 15 minutes: a longer wait hops through the queue, each hop
one read); after three days it is `failed`, and POST /erp-deliveries/{id}/retry tries it again."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Protocol
from urllib.parse import urlsplit

from cobranca import secret_names
from cobranca.domain.dates import Clock, from_iso, iso_utc, utc_timestamp
from cobranca.domain.erp import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    RETRY_FOR_SECONDS,
    SIGNATURE_HEADER,
    DeliveryStatus,
    ErpDelivery,
    ErpEvent,
    ErpWebhook,
    ErpWebhookIn,
    check_target,
    delivery_id,
    notice_body,
    retry_delay,
    signature,
    target_refusal,
)
from cobranca.domain.errors import Conflict, NotFound
from cobranca.domain.payments import last4
from cobranca.gateways import JobQueue, SecretStore
from cobranca.jobs import ErpDeliveryJob
from cobranca.services.caller import Caller

MAX_DELAY = 900  # SQS's longest DelaySeconds
HOOK_SECONDS = 60  # how long a function keeps the tenant's webhook settings
STALE_SECONDS = 900  # a pending delivery whose job was not seen for this long is queued again
REFUSAL = "somente o administrador vê e altera o webhook do ERP"


class ErpStore(Protocol):
    def get_webhook(self, tenant: str) -> ErpWebhook | None: ...
    def put_webhook(self, tenant: str, webhook: ErpWebhook) -> None: ...
    def add_delivery(self, tenant: str, d: ErpDelivery) -> bool: ...
    def get_delivery(self, tenant: str, delivery_id: str) -> ErpDelivery | None: ...
    def save_delivery(self, tenant: str, d: ErpDelivery) -> None: ...
    def list_deliveries(
        self, tenant: str, status: DeliveryStatus | None, limit: int
    ) -> list[ErpDelivery]: ...


# url, the address checked, headers, body -> HTTP status (raises when none)
Post = Callable[[str, str, dict[str, str], str], int]
Resolve = Callable[[str], list[str]]  # host -> its addresses


class ErpNotices:
    """What the other services call when something the ERP cares about happened. The webhook's settings
    are read once a minute per tenant (a warm function settling a burst of payments reads them once; a
    changed webhook is heard within the minute, and the worker always reads the current one)."""

    def __init__(self, store: ErpStore, queue: JobQueue, clock: Clock) -> None:
        self.store = store
        self.queue = queue
        self.clock = clock
        self._hooks: dict[str, tuple[float, ErpWebhook | None]] = {}

    def _hook(self, tenant: str) -> ErpWebhook | None:
        now = time.monotonic()
        cached = self._hooks.get(tenant)
        if cached is None or now - cached[0] > HOOK_SECONDS:
            cached = self._hooks[tenant] = (now, self.store.get_webhook(tenant))
        return cached[1]

    def wants(self, tenant: str, event: ErpEvent) -> bool:
        hook = self._hook(tenant)
        return hook is not None and event in hook.events

    def notify(self, tenant: str, event: ErpEvent, subject: str, data: dict[str, Any]) -> None:
        """Tells `event` about `subject` (an entity id) once; nothing without a webhook for it."""
        if not self.wants(tenant, event):
            return
        now = utc_timestamp(self.clock)
        did = delivery_id(event, subject)
        body = json.dumps(
            notice_body(did, event, now, tenant, data), ensure_ascii=False, separators=(",", ":")
        )
        fresh = ErpDelivery(
            id=did, event=event, body=body, status=DeliveryStatus.PENDING, created_at=now, next_attempt_at=now
        )
        if not self.store.add_delivery(tenant, fresh):
            told = self.store.get_delivery(tenant, did)
            due = told.next_attempt_at if told else None
            stale = due is not None and (self.clock.now() - from_iso(due)).total_seconds() > STALE_SECONDS
            if told is None or told.status is not DeliveryStatus.PENDING or not stale:
                return  # told before, and its job is on its way (or it is done)
        self.queue.send(ErpDeliveryJob(tenant=tenant, delivery_id=did))


class ErpService:
    def __init__(
        self,
        store: ErpStore,
        secrets: SecretStore,
        queue: JobQueue,
        post: Post,
        resolve: Resolve,
        allow_private: bool,
        clock: Clock,
        stage: str,
    ) -> None:
        self.store = store
        self.secrets = secrets
        self.queue = queue
        self.post = post
        self.resolve = resolve
        self.allow_private = allow_private
        self.clock = clock
        self.stage = stage

    # ------------------------------------------------------------- settings (admin)
    def get_webhook(self, caller: Caller) -> ErpWebhook:
        caller.require_admin(REFUSAL)
        found = self.store.get_webhook(caller.tenant)
        if found is None:
            raise NotFound("webhook do ERP não configurado")
        return found

    def put_webhook(self, caller: Caller, body: ErpWebhookIn) -> ErpWebhook:
        caller.require_admin(REFUSAL)
        check_target(body.url, self._addresses(body.url), self.allow_private)
        self.secrets.put(secret_names.erp_webhook_secret(self.stage, caller.tenant), body.secret)
        shown = ErpWebhook(
            url=body.url,
            events=sorted(set(body.events)),
            secret_last4=last4(body.secret),
            updated_at=utc_timestamp(self.clock),
        )
        self.store.put_webhook(caller.tenant, shown)
        return shown

    # ------------------------------------------------------------- deliveries
    def list_deliveries(self, caller: Caller, status: DeliveryStatus | None, limit: int) -> list[ErpDelivery]:
        caller.require_admin(REFUSAL)
        return self.store.list_deliveries(caller.tenant, status, limit)

    def retry(self, caller: Caller, did: str) -> ErpDelivery:
        """Sends a failed (or still pending) notice again now; a delivered one is not sent twice."""
        caller.require_admin(REFUSAL)
        d = self.store.get_delivery(caller.tenant, did)
        if d is None:
            raise NotFound("entrega não encontrada")
        if d.status is DeliveryStatus.DELIVERED:
            raise Conflict("esta notificação já foi entregue")
        now = utc_timestamp(self.clock)
        again = d.model_copy(
            update={"status": DeliveryStatus.PENDING, "next_attempt_at": now, "created_at": now}
        )
        self.store.save_delivery(caller.tenant, again)
        self.queue.send(ErpDeliveryJob(tenant=caller.tenant, delivery_id=did))
        return again

    def deliver(self, job: ErpDeliveryJob) -> str:
        """The worker: one try of a pending notice whose moment has come."""
        d = self.store.get_delivery(job.tenant, job.delivery_id)
        if d is None or d.status is not DeliveryStatus.PENDING:
            return "nothing to do"
        now = self.clock.now()
        wait = (from_iso(d.next_attempt_at) - now).total_seconds() if d.next_attempt_at else 0
        if wait > 0:
            self.queue.send(job, delay_seconds=int(min(MAX_DELAY, wait + 1)))
            return "waiting"
        hook = self.store.get_webhook(job.tenant)
        if hook is None:
            self._end(job.tenant, d, DeliveryStatus.FAILED, None, "webhook do ERP removido")
            return "no webhook"
        addresses = self._addresses(hook.url)
        refusal = target_refusal(hook.url, addresses, self.allow_private) or (
            None if addresses else "o endereço do ERP não resolve"
        )
        if refusal:
            self._end(job.tenant, d, DeliveryStatus.FAILED, None, refusal)
            return "refused target"
        secret = self.secrets.get(secret_names.erp_webhook_secret(self.stage, job.tenant)) or ""
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: signature(secret, int(now.timestamp()), d.body),
            DELIVERY_HEADER: d.id,
            EVENT_HEADER: d.event.value,
        }
        status: int | None = None
        error = None
        try:
            status = self.post(hook.url, addresses[0], headers, d.body)  # the address just checked
        except Exception as exc:  # the ERP did not answer: time-out, refused connection, TLS
            error = type(exc).__name__
        if status is not None and 200 <= status < 300:
            self._end(job.tenant, d, DeliveryStatus.DELIVERED, status, None)
            return "delivered"
        return self._later(job, d, status, error or f"HTTP {status}")

    def _later(self, job: ErpDeliveryJob, d: ErpDelivery, status: int | None, error: str) -> str:
        attempts = d.attempts + 1
        delay = retry_delay(attempts)
        now = self.clock.now()
        if (now - from_iso(d.created_at)).total_seconds() + delay > RETRY_FOR_SECONDS:
            self._end(
                job.tenant,
                d.model_copy(update={"attempts": attempts - 1}),
                DeliveryStatus.FAILED,
                status,
                error,
            )
            return "failed"
        later = iso_utc(now + timedelta(seconds=delay))
        self.store.save_delivery(
            job.tenant,
            d.model_copy(
                update={
                    "attempts": attempts,
                    "last_status": status,
                    "last_error": error,
                    "next_attempt_at": later,
                }
            ),
        )
        self.queue.send(job, delay_seconds=min(MAX_DELAY, delay))
        return "retry later"

    def _end(
        self, tenant: str, d: ErpDelivery, status: DeliveryStatus, http: int | None, error: str | None
    ) -> None:
        now = utc_timestamp(self.clock)
        done = d.model_copy(
            update={
                "status": status,
                "attempts": d.attempts + 1,
                "last_status": http,
                "last_error": error,
                "next_attempt_at": None,
                "delivered_at": now if status is DeliveryStatus.DELIVERED else None,
            }
        )
        self.store.save_delivery(tenant, done)

    def _addresses(self, url: str) -> list[str]:
        host = urlsplit(url).hostname or ""
        try:
            return self.resolve(host)
        except OSError:
            return []
