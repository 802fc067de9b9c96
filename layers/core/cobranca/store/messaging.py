"""ports.MessagingRepository on the single table: configuration documents, the outbox (due items,
messages, caps, quotas) and call tasks, one class each, composed."""

from __future__ import annotations

from cobranca.store.messaging_config import DynamoMessagingConfig
from cobranca.store.outbox import DynamoOutbox
from cobranca.store.tasks import DynamoTasks


class DynamoMessaging(DynamoMessagingConfig, DynamoOutbox, DynamoTasks):
    """The messaging repositories together (the sender takes only ports.SenderStore of it)."""
