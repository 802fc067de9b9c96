"""Every key of the single table, built in one place. All keys start with the tenant."""

from __future__ import annotations


def tenant_pk(tenant: str) -> str:
    return f"T#{tenant}"


def debtor_pk(tenant: str, debtor_id: str) -> str:
    return f"T#{tenant}#D#{debtor_id}"


def document_guard_pk(tenant: str, document: str) -> str:
    return f"T#{tenant}#DOC#{document}"


def title_guard_pk(tenant: str, creditor_id: str, number: str) -> str:
    return f"T#{tenant}#TNUM#{creditor_id}#{number}"


def creditor_code_pk(tenant: str, code: str) -> str:
    return f"T#{tenant}#CREDCODE#{code.upper()}"


def import_pk(tenant: str, import_id: str) -> str:
    return f"T#{tenant}#IMPORT#{import_id}"


# Sort keys inside a partition
TENANT_SK = "TENANT"
DEBTOR_SK = "DEBTOR"
GUARD_SK = "GUARD"
IMPORT_SK = "IMPORT"
CONTACT_PREFIX = "CONTACT#"
TITLE_PREFIX = "TITLE#"
HISTORY_PREFIX = "HIST#"
LINK_PREFIX = "LINK#"
CREDITOR_PREFIX = "CRED#"
CATEGORY_PREFIX = "CAT#"
USER_PREFIX = "USER#"
INDEX_PREFIX = "INDEX#"
TEMPLATE_PREFIX = "TEMPLATE#"
REJECT_PREFIX = "REJECT#"
MESSAGE_TEMPLATE_PREFIX = "MSGTPL#"
RULER_PREFIX = "RULER#"
SENDING_SK = "SENDING"
RULER_STATE_SK = "RULERSTATE"
CONTACT_CAP_SK = "CONTACTCAP"
MESSAGE_SK = "MESSAGE"
TASK_SK = "TASK"
BATCH_PREFIX = "BATCH#"
GROUP_PREFIX = "OPGROUP#"
PROFILE_PREFIX = "PROFILE#"
EMAIL_DOMAIN_PREFIX = "EMAILDOMAIN#"
COMPANY_SK = "COMPANY"
PAYMENT_SETTINGS_SK = "PAYMENTSETTINGS"
ERP_WEBHOOK_SK = "ERPWEBHOOK"
ERP_DELIVERY_SK = "DELIVERY"
ASSIGNMENT_RULE_SK = "ASSIGNRULE"
IMPORT_MAPPING_SK = "IMPORTMAP"


def reject_sk(row: int) -> str:
    return f"{REJECT_PREFIX}{row:09d}"


def history_sk(at: str, entry_id: str) -> str:
    return f"{HISTORY_PREFIX}{at}#{entry_id}"


# Index partitions
TENANTS_LIST = "TENANTS"


def debtors_list(tenant: str) -> str:
    return f"T#{tenant}#DEBTORS"


def imports_list(tenant: str) -> str:
    return f"T#{tenant}#IMPORTS"


def by_category(tenant: str, category_id: str) -> str:
    return f"T#{tenant}#CAT#{category_id}"


def by_creditor(tenant: str, creditor_id: str) -> str:
    return f"T#{tenant}#CRED#{creditor_id}"


def titles_by_creditor(tenant: str, creditor_id: str) -> str:
    return f"T#{tenant}#CREDTITLES#{creditor_id}"


def by_operator(tenant: str, operator_id: str) -> str:
    return f"T#{tenant}#OP#{operator_id}"


def due_on(tenant: str, day: str) -> str:
    """Sparse ByDueDate partition: open items due on one business date."""
    return f"T#{tenant}#DUE#{day}"


def name_sort(name_key: str, debtor_id: str) -> str:
    return f"{name_key}#{debtor_id}"


def agreement_pk(tenant: str, agreement_id: str) -> str:
    return f"T#{tenant}#AGR#{agreement_id}"


def debtor_agreements(tenant: str, debtor_id: str) -> str:
    """GSI3: a debtor's agreements by creation (Negocia Online's "Meus acordos")."""
    return f"T#{tenant}#DAGR#{debtor_id}"


def agreements_list(tenant: str) -> str:
    return f"T#{tenant}#AGREEMENTS"


def account_entries(tenant: str, creditor_id: str) -> str:
    """GSI2: a creditor's ledger of money movements (payments, refunds) by date: the statement of account."""
    return f"T#{tenant}#ACCT#{creditor_id}"


def account_entry_sk(key: str) -> str:
    return f"ACCT#{key}"


def quota_sk(name: str) -> str:
    return f"QUOTA#{name}"


def alerts(tenant: str) -> str:
    """GSI1: the tenant's history entries that call for someone (refunds, chargebacks, credits)."""
    return f"T#{tenant}#ALERTS"


def erp_delivery_pk(tenant: str, delivery_id: str) -> str:
    return f"T#{tenant}#ERPDLV#{delivery_id}"


def erp_deliveries(tenant: str) -> str:
    """GSI1: the tenant's ERP deliveries, by creation."""
    return f"T#{tenant}#ERPDLVS"


ERP_CLIENT_SK = "ERPCLIENT"


def erp_client_pk(client_id: str) -> str:
    """An ERP's machine client, keyed by its id alone: what the authorizer reads from a token."""
    return f"ERPCLIENT#{client_id}"


def erp_clients(tenant: str) -> str:
    """GSI1: the tenant's ERP clients, by creation."""
    return f"T#{tenant}#ERPCLIENTS"


def idempotency_pk(tenant: str, scope: str, key: str) -> str:
    return f"T#{tenant}#IDEM#{scope}#{key}"


AGREEMENT_SK = "AGREEMENT"
# In the debtor's partition while an agreement is active; sorts before CONTACT#, so the sender reads
# markers, contacts and the debtor in one query.
ACTIVE_AGREEMENT_PREFIX = "AGRACTIVE#"
# The debtor's promise to pay: sorts between AGRACTIVE# and CONTACT#, in the sender's one query.
PROMISE_SK = "CALLPROMISE"
INSTALLMENT_PREFIX = "INST#"
COUNTER_PREFIX = "COUNTER#"


def installment_sk(number: int) -> str:
    return f"{INSTALLMENT_PREFIX}{number:03d}"


def negocia_code_pk(tenant: str, document: str) -> str:
    return f"T#{tenant}#NCODE#{document}"


def negocia_counter_pk(tenant: str, scope: str, key: str, window: int) -> str:
    return f"T#{tenant}#NCOUNT#{scope}#{key}#{window}"


def negocia_session_pk(token_digest: str) -> str:
    """Looked up before the tenant is known (the token is all the request carries); holds the tenant."""
    return f"NSESSION#{token_digest}"


def message_pk(tenant: str, key: str) -> str:
    return f"T#{tenant}#MSG#{key}"


def messages_on(tenant: str, day: str) -> str:
    """Messages of one run date (operator view, the letters' print batch)."""
    return f"T#{tenant}#MSGS#{day}"


def deferred_on(tenant: str, day: str) -> str:
    """Sparse ByDueDate partition: messages waiting for a moment on that São Paulo date."""
    return f"T#{tenant}#DEFER#{day}"


def task_pk(tenant: str, key: str) -> str:
    return f"T#{tenant}#TASK#{key}"


def tasks_of(tenant: str, operator_id: str | None) -> str:
    return f"T#{tenant}#TASKS#{operator_id or '-'}"


def lookup(tenant: str, kind: str) -> str:
    """GSI2 partition of one way to find a debtor (portfolio.Lookup): sorted by the lookup key."""
    return f"T#{tenant}#FIND#{kind}"


def lookup_sort(key: str, debtor_id: str) -> str:
    return f"{key}#{debtor_id}"


def promises_by(tenant: str, user_id: str) -> str:
    """GSI2 partition of the promises an operator registered, by promised date."""
    return f"T#{tenant}#PROMISES#{user_id}"


def open_tasks(tenant: str) -> str:
    """Sparse GSI2 partition: every open task of the tenant, whoever has it (supervisors' view)."""
    return f"T#{tenant}#OPENTASKS"


def send_counter_sk(channel: str, day: str) -> str:
    return f"{COUNTER_PREFIX}send#{channel}#{day}"


# Sort keys of one item kind, each built here and nowhere else
def link_sk(creditor_id: str) -> str:
    return f"{LINK_PREFIX}{creditor_id}"


WORD_PREFIX = "WORD#"


def word_sk(word: str) -> str:
    """One searchable word of the debtor's name, in its partition."""
    return f"{WORD_PREFIX}{word}"


def name_words_on(tenant: str, word: str) -> str:
    """GSI1 partition of the name words starting with these two letters (debtor search by any word)."""
    return f"T#{tenant}#WORDS#{word[:2]}"


def word_sort(word: str, name_key: str, debtor_id: str) -> str:
    return f"{word}#{name_key}#{debtor_id}"


def contact_sk(contact_id: str) -> str:
    return f"{CONTACT_PREFIX}{contact_id}"


def title_sk(title_id: str) -> str:
    return f"{TITLE_PREFIX}{title_id}"


def creditor_sk(creditor_id: str) -> str:
    return f"{CREDITOR_PREFIX}{creditor_id}"


def category_sk(category_id: str) -> str:
    return f"{CATEGORY_PREFIX}{category_id}"


def index_sk(name: str) -> str:
    return f"{INDEX_PREFIX}{name}"


def term_template_sk(scope: str) -> str:
    return f"{TEMPLATE_PREFIX}term#{scope}"


def message_template_sk(template_id: str) -> str:
    return f"{MESSAGE_TEMPLATE_PREFIX}{template_id}"


def ruler_sk(ruler_id: str) -> str:
    return f"{RULER_PREFIX}{ruler_id}"


def email_domain_sk(domain: str) -> str:
    return f"{EMAIL_DOMAIN_PREFIX}{domain}"


def email_domain_guard_pk(domain: str) -> str:
    """Platform-wide: one tenant owns a sending domain (SES identities are the account's, not a tenant's)."""
    return f"{EMAIL_DOMAIN_PREFIX}{domain}"


def profile_sk(profile_id: str) -> str:
    return f"{PROFILE_PREFIX}{profile_id}"


def group_sk(group_id: str) -> str:
    return f"{GROUP_PREFIX}{group_id}"


def batch_sk(batch_id: str) -> str:
    return f"{BATCH_PREFIX}{batch_id}"


def user_sk(user_id: str) -> str:
    return f"{USER_PREFIX}{user_id}"


def active_agreement_sk(agreement_id: str) -> str:
    return f"{ACTIVE_AGREEMENT_PREFIX}{agreement_id}"


def due_installment_sk(agreement_id: str, number: int) -> str:
    """An installment's sort key on the due-date index (titles use title_sk there)."""
    return f"{INSTALLMENT_PREFIX}{agreement_id}#{number:03d}"


def deferred_sk(not_before: str, message_key: str) -> str:
    """A deferred message on the due-date index: sorted by the moment it may go."""
    return f"{not_before}#{message_key}"


def agreements_counter_sk() -> str:
    return f"{COUNTER_PREFIX}agreements"


def verification_pk(code: str) -> str:
    """Not under a tenant: the public page has only the code."""
    return f"VERIFY#{code}"


def offer_uses_prefix(creditor_id: str) -> str:
    return f"{COUNTER_PREFIX}offer#{creditor_id}#"


def offer_uses_sk(creditor_id: str, offer_code: str) -> str:
    """Agreements closed with a creditor's offer: what its quota (a flash campaign) counts."""
    return f"{offer_uses_prefix(creditor_id)}{offer_code}"


def sort_key(*parts: str) -> str:
    """An index sort key from its parts, in order (a date or a name first, the id last for uniqueness)."""
    return "#".join(parts)
