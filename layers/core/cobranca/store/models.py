"""PynamoDB item classes of the single table; one discriminator tells them apart in a query."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    DiscriminatorAttribute,
    JSONAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model


def _index(name: str, hash_attr: str, range_attr: str) -> type[GlobalSecondaryIndex]:
    meta = type("Meta", (), {"index_name": name, "projection": AllProjection()})
    attrs = {
        "Meta": meta,
        hash_attr: UnicodeAttribute(hash_key=True),
        range_attr: UnicodeAttribute(range_key=True),
    }
    return type(f"{name}Index", (GlobalSecondaryIndex,), attrs)


GSI1 = _index("GSI1", "gsi1pk", "gsi1sk")
GSI2 = _index("GSI2", "gsi2pk", "gsi2sk")
GSI3 = _index("GSI3", "gsi3pk", "gsi3sk")
GSI4 = _index("GSI4", "gsi4pk", "gsi4sk")
ByDueDate = _index("ByDueDate", "duepk", "duesk")


class Item(Model):
    """Base of every item: keys, the optional index keys, and the type discriminator."""

    class Meta:
        table_name = "cobranca"  # replaced by store.configure() from settings
        region = "us-east-1"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    type = DiscriminatorAttribute()
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    gsi3pk = UnicodeAttribute(null=True)
    gsi3sk = UnicodeAttribute(null=True)
    gsi4pk = UnicodeAttribute(null=True)
    gsi4sk = UnicodeAttribute(null=True)
    duepk = UnicodeAttribute(null=True)
    duesk = UnicodeAttribute(null=True)
    ttl = NumberAttribute(null=True)

    gsi1 = GSI1()
    gsi2 = GSI2()
    gsi3 = GSI3()
    gsi4 = GSI4()
    by_due_date = ByDueDate()


class Stamped(Item):
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()


class TenantItem(Item, discriminator="tenant"):
    slug = UnicodeAttribute()
    name = UnicodeAttribute()
    services: ListAttribute[str] = ListAttribute(default=list)


class GuardItem(Item, discriminator="guard"):
    """Uniqueness guard (document, creditor code, title number): put only if absent."""

    target_id = UnicodeAttribute()
    parent_id = UnicodeAttribute(null=True)


class CreditorItem(Stamped, discriminator="creditor"):
    id = UnicodeAttribute()
    code = UnicodeAttribute()
    name = UnicodeAttribute()
    document = UnicodeAttribute()
    document_kind = UnicodeAttribute()
    address = JSONAttribute(null=True)
    policy = JSONAttribute(null=True)
    portador = UnicodeAttribute(null=True)
    wallet_id = UnicodeAttribute(null=True)
    payment_instructions = JSONAttribute(null=True)
    payable_since = UnicodeAttribute(null=True)


class CategoryItem(Stamped, discriminator="category"):
    id = UnicodeAttribute()
    name = UnicodeAttribute()
    color = UnicodeAttribute()


class DebtorSummaryAttrs(Item):
    id = UnicodeAttribute()
    document = UnicodeAttribute()
    document_kind = UnicodeAttribute()
    name = UnicodeAttribute()
    uf = UnicodeAttribute(null=True)
    category_id = UnicodeAttribute(null=True)
    operator_id = UnicodeAttribute(null=True)


class DebtorItem(DebtorSummaryAttrs, discriminator="debtor"):
    birth_date = UnicodeAttribute(null=True)
    opted_out: ListAttribute[str] = ListAttribute(null=True)  # channels asked to stop (a link's opt-out)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()


class CreditorLinkItem(DebtorSummaryAttrs, discriminator="creditor_link"):
    """Lists a debtor under a creditor (GSI3); carries the debtor summary for list screens."""

    creditor_id = UnicodeAttribute()


class NameWordItem(DebtorSummaryAttrs, discriminator="name_word"):
    """A word of the debtor's name on GSI1, with the summary and all the words (' maria silva ')."""

    words = UnicodeAttribute()


class PromiseItem(Item, discriminator="promise"):
    """The debtor's current promise to pay (F05): the ruler leaves the debtor alone until after it."""

    date = UnicodeAttribute()
    amount = UnicodeAttribute()
    by = UnicodeAttribute()
    at = UnicodeAttribute()
    debtor_id = UnicodeAttribute(default="")
    debtor_name = UnicodeAttribute(default="")


class ContactItem(Stamped, discriminator="contact"):
    id = UnicodeAttribute()
    kind = UnicodeAttribute()
    value = UnicodeAttribute()
    address = JSONAttribute(null=True)
    label = UnicodeAttribute(default="")
    valid = BooleanAttribute(default=True)
    invalid_reason = UnicodeAttribute(null=True)
    login = BooleanAttribute(default=False)


class TitleItem(Stamped, discriminator="title"):
    id = UnicodeAttribute()
    debtor_id = UnicodeAttribute()
    creditor_id = UnicodeAttribute()
    number = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    original_amount_cents = NumberAttribute()
    due_date = UnicodeAttribute()
    status = UnicodeAttribute()
    # copied from the debtor so the ruler decides its scope from the due-date index alone
    debtor_kind = UnicodeAttribute(null=True)
    category_id = UnicodeAttribute(null=True)
    payments = JSONAttribute(null=True)  # imputed payments (Title.payments); absent when none


class HistoryItem(Item, discriminator="history"):
    id = UnicodeAttribute()
    debtor_id = UnicodeAttribute(null=True)  # on alerts only (GSI1 lists them for the tenant)
    at = UnicodeAttribute()
    actor = UnicodeAttribute()
    action = UnicodeAttribute()
    detail = UnicodeAttribute()
    data = JSONAttribute(default=dict)


class UserItem(Stamped, discriminator="user"):
    id = UnicodeAttribute()
    email = UnicodeAttribute()
    name = UnicodeAttribute()
    role = UnicodeAttribute()
    permissions: ListAttribute[str] = ListAttribute(null=True)
    profile_id = UnicodeAttribute(null=True)
    access_ranges = JSONAttribute(default=list)
    active = BooleanAttribute(default=True)


class ImportItem(Stamped, discriminator="import"):
    id = UnicodeAttribute()
    status = UnicodeAttribute()
    filename = UnicodeAttribute(default="")
    object_key = UnicodeAttribute()
    created_by = UnicodeAttribute()
    next_row = NumberAttribute(default=0)
    total_rows = NumberAttribute(null=True)
    counts = JSONAttribute(default=dict)
    error = UnicodeAttribute(null=True)
    finished_at = UnicodeAttribute(null=True)
    delimiter = UnicodeAttribute(null=True)
    columns: ListAttribute[str] = ListAttribute(null=True)
    headers: ListAttribute[str] = ListAttribute(null=True)


class IndexSeriesItem(Item, discriminator="index_series"):
    name = UnicodeAttribute()
    values = JSONAttribute(default=dict)  # {"YYYY-MM": "0.42"}: monthly % variation
    updated_at = UnicodeAttribute()


class AgreementItem(Stamped, discriminator="agreement"):
    id = UnicodeAttribute()
    number = UnicodeAttribute()
    debtor_id = UnicodeAttribute()
    creditor_id = UnicodeAttribute()
    title_ids: ListAttribute[str] = ListAttribute()
    offer_code = UnicodeAttribute()
    payment_method = UnicodeAttribute()
    status = UnicodeAttribute()
    total_cents = NumberAttribute()
    email = UnicodeAttribute()
    created_by = UnicodeAttribute()
    warnings: ListAttribute[str] = ListAttribute(default=list)
    creditor_share_cents = NumberAttribute(null=True)
    commission_percent = UnicodeAttribute(null=True)
    acceptance = JSONAttribute(null=True)
    owed = UnicodeAttribute(null=True)
    discount = UnicodeAttribute(null=True)
    interest_percent_month = UnicodeAttribute(null=True)
    cet_month_percent = UnicodeAttribute(null=True)
    term_sha256 = UnicodeAttribute(null=True)
    verification_code = UnicodeAttribute(null=True)
    revision = NumberAttribute(null=True)
    debtor_name = UnicodeAttribute(null=True)
    debtor_document = UnicodeAttribute(null=True)
    title_numbers: ListAttribute[str] = ListAttribute(null=True)


class VerificationItem(Item, discriminator="verification"):
    """A termo's verification code -> its tenant and agreement (the public /verificar page's lookup)."""

    tenant = UnicodeAttribute()
    agreement_id = UnicodeAttribute()


class InstallmentItem(Item, discriminator="installment"):
    """One payment of an agreement; pending ones carry the ByDueDate keys for the ruler."""

    agreement_id = UnicodeAttribute()
    debtor_id = UnicodeAttribute()
    number = NumberAttribute()
    due_date = UnicodeAttribute()
    amount_cents = NumberAttribute()
    status = UnicodeAttribute()
    creditor_id = UnicodeAttribute(null=True)
    debtor_kind = UnicodeAttribute(null=True)
    category_id = UnicodeAttribute(null=True)
    charge = JSONAttribute(null=True)
    charge_id = UnicodeAttribute(null=True)  # the portador's id, once: the condition of every write of it


class AccountEntryItem(Item, discriminator="account_entry"):
    """One movement of a creditor's money (a payment, a refund) in its agreement's partition: the
    prestação de contas' ledger, on GSI2 under the creditor by the movement's date."""

    line = JSONAttribute()


class ActiveAgreementItem(Item, discriminator="active_agreement"):
    """Marks a debtor with an active agreement (B5: installment reminders, not title collection)."""

    agreement_id = UnicodeAttribute()


class IdempotencyItem(Item, discriminator="idempotency"):
    target_id = UnicodeAttribute()
    fingerprint = UnicodeAttribute()


class CounterItem(Item, discriminator="counter"):
    value = NumberAttribute(default=0)
    members = UnicodeSetAttribute(null=True)  # distinct members, when a limit counts those


class TemplateItem(Item, discriminator="template"):
    text = UnicodeAttribute()
    updated_at = UnicodeAttribute()


class NegociaCodeItem(Item, discriminator="negocia_code"):
    digest = UnicodeAttribute()
    expires_at = NumberAttribute()
    request_id = UnicodeAttribute(default="")  # the code request that made it (redeliveries skip)


class NegociaSessionItem(Item, discriminator="negocia_session"):
    tenant = UnicodeAttribute()
    debtor_id = UnicodeAttribute()
    expires_at = NumberAttribute()


class RejectItem(Item, discriminator="reject"):
    row = NumberAttribute()
    field = UnicodeAttribute()
    reason = UnicodeAttribute()
    warning = BooleanAttribute(default=False)


class ConfigItem(Item, discriminator="config"):
    """A tenant's configuration document: message template, ruler, sending settings, ruler state."""

    data = JSONAttribute(default=dict)
    updated_at = UnicodeAttribute()
    marker = UnicodeAttribute(null=True)  # a value conditions compare (the ruler's last run date)


class MessageItem(Item, discriminator="message"):
    """One contact (the dedupe record itself); deferred ones sit on ByDueDate under DEFER#date."""

    data = JSONAttribute(default=dict)
    status = UnicodeAttribute()
    lease_until = UnicodeAttribute(null=True)


class ContactCapItem(Item, discriminator="contact_cap"):
    days: ListAttribute[str] = ListAttribute(default=list)
    version = NumberAttribute(default=0)


class TaskItem(Item, discriminator="task"):
    data = JSONAttribute(default=dict)
    status = UnicodeAttribute()


def configure(table_name: str, region: str, host: str | None = None) -> None:
    """Points every item class at the deployed table (class attributes: once per cold start)."""
    Item.Meta.table_name = table_name
    Item.Meta.region = region
    Item.Meta.host = host  # type: ignore[attr-defined]
    # One connection for the whole table: PynamoDB caches one per model class, and each opens its own
    # botocore session (endpoint resolver, service model: ~120 ms of a cold start each). Subclasses
    # drop their cached one and inherit Item's.
    for cls in _all_subclasses(Item):
        if "_connection" in cls.__dict__:
            delattr(cls, "_connection")
    Item._connection = None
    Item._get_connection()


def _all_subclasses(cls: type[Item]) -> list[type[Item]]:
    found: list[type[Item]] = []
    for sub in cls.__subclasses__():
        found += [sub, *_all_subclasses(sub)]
    return found


class ErpDeliveryItem(Item, discriminator="erp_delivery"):
    """One notice to the tenant's ERP and how its delivery goes (domain.erp.ErpDelivery)."""

    id = UnicodeAttribute()
    event = UnicodeAttribute()
    body = UnicodeAttribute()
    status = UnicodeAttribute()
    attempts = NumberAttribute(default=0)
    last_status = NumberAttribute(null=True)
    last_error = UnicodeAttribute(null=True)
    next_attempt_at = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    delivered_at = UnicodeAttribute(null=True)


class QuotaItem(Item, discriminator="quota"):
    """A tenant's token bucket for a provider (store/quota.py)."""

    tokens = NumberAttribute()
    at = NumberAttribute()  # epoch seconds of the last take
