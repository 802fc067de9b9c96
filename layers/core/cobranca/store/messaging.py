"""ports.MessagingRepository and ports.SenderStore on the single table: configuration documents, the
outbox (due items, message records as the ruler decides them), deliveries (contact view, claim, cap,
quota, final record) and call tasks, one class each, composed."""

from __future__ import annotations

from cobranca.store.deliveries import DynamoDeliveries
from cobranca.store.messaging_config import DynamoMessagingConfig
from cobranca.store.outbox import DynamoOutbox
from cobranca.store.tasks import DynamoTasks


class DynamoMessaging(DynamoMessagingConfig, DynamoOutbox, DynamoDeliveries, DynamoTasks):
    """The messaging repositories together (the sender takes only ports.SenderStore of it)."""
