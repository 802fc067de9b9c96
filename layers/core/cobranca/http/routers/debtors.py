"""Debtors, their contacts, titles and history."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Header, Query

from cobranca.bootstrap import services
from cobranca.domain.balances import BalanceFilter, DebtorRow, DebtorStatus
from cobranca.domain.calls import CallIn, OneOffIn
from cobranca.domain.contacts import Contact, ContactIn, ContactPatch
from cobranca.domain.messages import Message
from cobranca.domain.portfolio import (
    Alert,
    Debtor,
    DebtorIn,
    DebtorPatch,
    HistoryEntry,
    PromiseView,
    SourceChangeIn,
    Title,
    TitleIn,
    TitleStatusIn,
)
from cobranca.domain.search import DebtorQuery
from cobranca.domain.templates import TemplateChoice
from cobranca.http.openapi import ACCEPTED, CREATED
from cobranca.http.routers.common import caller
from cobranca.schemas.common import Page
from cobranca.schemas.portfolio import InvalidContactIn

router = Router()
Limit = Annotated[int, Query(ge=1, le=200)]


@router.post("/debtors", responses=CREATED)
def create_debtor(body: DebtorIn) -> tuple[Debtor, int]:
    return services().portfolio.create_debtor(caller(router), body), 201


@router.get("/debtors")
def list_debtors(
    q: Annotated[
        str | None,
        Query(
            description="The start of any word of the name (every typed word), a CPF/CNPJ, a title "
            "number, an e-mail or a phone (prefixes)"
        ),
    ] = None,
    category: Annotated[str | None, Query()] = None,
    creditor: Annotated[str | None, Query()] = None,
    operator: Annotated[str | None, Query()] = None,
    unassigned: Annotated[bool, Query(description="Only debtors without an operator")] = False,
    balance: Annotated[bool, Query(description="Each row with its balance (reads its titles)")] = False,
    status: Annotated[DebtorStatus | None, Query()] = None,
    min_days_late: Annotated[int | None, Query(ge=0, le=36500)] = None,
    max_days_late: Annotated[int | None, Query(ge=0, le=36500)] = None,
    min_amount: Annotated[Decimal | None, Query(ge=0, description="On the updated amount")] = None,
    max_amount: Annotated[Decimal | None, Query(ge=0)] = None,
    limit: Limit = 50,
    cursor: Annotated[str | None, Query()] = None,
) -> Page[DebtorRow]:
    """Debtors by search text and filters. The balance filters (status, days late of the oldest open
    title, updated amount) read each listed debtor's titles: a page may come back shorter than `limit`
    with a cursor to go on."""
    query = DebtorQuery.search(
        q,
        category_id=category,
        creditor_id=creditor,
        operator_id=operator,
        unassigned=unassigned,
        limit=limit,
        cursor=cursor,
    )
    only = BalanceFilter(status, min_days_late, max_days_late, min_amount, max_amount)
    items, next_cursor = services().debtor_list.rows(caller(router), query, with_balance=balance, only=only)
    return Page[DebtorRow](items=items, next_cursor=next_cursor)


@router.get("/promises")
def list_promises() -> Page[PromiseView]:
    """The caller's promises to pay whose date passed in the last 30 days, each marked broken when the
    debtor's titles are still open (Início)."""
    return Page[PromiseView](items=services().calls.promises(caller(router)))


@router.get("/debtors/by-document/<document>")
def debtor_by_document(document: str) -> Debtor:
    return services().portfolio.debtor_by_document(caller(router), document)


@router.get("/debtors/<debtor_id>")
def get_debtor(debtor_id: str) -> Debtor:
    return services().portfolio.get_debtor(caller(router), debtor_id)


@router.patch("/debtors/<debtor_id>")
def update_debtor(debtor_id: str, body: DebtorPatch) -> Debtor:
    return services().portfolio.update_debtor(caller(router), debtor_id, body)


@router.post("/debtors/<debtor_id>/contacts", responses=CREATED)
def add_contact(debtor_id: str, body: ContactIn) -> tuple[Contact, int]:
    return services().portfolio.add_contact(caller(router), debtor_id, body), 201


@router.patch("/debtors/<debtor_id>/contacts/<contact_id>")
def update_contact(debtor_id: str, contact_id: str, body: ContactPatch) -> Contact:
    return services().portfolio.update_contact(caller(router), debtor_id, contact_id, body)


@router.post("/debtors/<debtor_id>/contacts/<contact_id>/invalid")
def mark_contact_invalid(debtor_id: str, contact_id: str, body: InvalidContactIn) -> Contact:
    patch = ContactPatch(valid=False, invalid_reason=body.reason)
    return services().portfolio.update_contact(caller(router), debtor_id, contact_id, patch)


@router.post("/debtors/<debtor_id>/contacts/<contact_id>/valid")
def mark_contact_valid(debtor_id: str, contact_id: str) -> Contact:
    return services().portfolio.update_contact(
        caller(router), debtor_id, contact_id, ContactPatch(valid=True)
    )


@router.post("/debtors/<debtor_id>/titles", responses=CREATED)
def add_title(debtor_id: str, body: TitleIn) -> tuple[Title, int]:
    return services().portfolio.add_title(caller(router), debtor_id, body), 201


@router.get("/debtors/<debtor_id>/titles")
def list_titles(debtor_id: str) -> Page[Title]:
    return Page[Title](items=services().portfolio.list_titles(caller(router), debtor_id))


@router.post("/debtors/<debtor_id>/titles/<title_id>/status")
def change_title_status(debtor_id: str, title_id: str, body: TitleStatusIn) -> Title:
    return services().portfolio.change_title_status(caller(router), debtor_id, title_id, body)


@router.post("/titles/<number>/settle")
def settle_at_source(number: str, body: SourceChangeIn) -> Title:
    """The ERP says the title was paid at the source: all collection of it stops at once (an agreement
    holding it is cancelled, its other titles reopened, its charges deleted). Told again: the same."""
    return services().source.settle(caller(router), number, body)


@router.post("/titles/<number>/cancel")
def cancel_at_source(number: str, body: SourceChangeIn) -> Title:
    """The ERP says the title was cancelled at the source (a credit note, an error): as settle."""
    return services().source.cancel(caller(router), number, body)


@router.get("/alerts")
def list_alerts(limit: Limit = 20) -> Page[Alert]:
    """History entries someone must act on, for the whole tenant, newest first: refunds, chargebacks,
    money received after an agreement ended, a debtor's credit after a break."""
    return Page[Alert](items=services().portfolio.list_alerts(caller(router), limit))


@router.get("/debtors/<debtor_id>/history")
def list_history(
    debtor_id: str, limit: Limit = 50, cursor: Annotated[str | None, Query()] = None
) -> Page[HistoryEntry]:
    items, next_cursor = services().portfolio.list_history(caller(router), debtor_id, limit, cursor)
    return Page[HistoryEntry](items=items, next_cursor=next_cursor)


@router.post("/debtors/<debtor_id>/calls", responses=CREATED)
def register_call(debtor_id: str, body: CallIn) -> tuple[HistoryEntry, int]:
    """A call's outcome (F05): a wrong number marks the phone invalid; a promise pauses the ruler."""
    return services().calls.register(caller(router), debtor_id, body), 201


@router.get("/debtors/<debtor_id>/message-templates")
def message_templates(debtor_id: str) -> Page[TemplateChoice]:
    """The templates a one-off message to this debtor may use (sendable, a channel they can receive)."""
    return Page[TemplateChoice](items=services().calls.message_options(caller(router), debtor_id))


@router.post("/debtors/<debtor_id>/messages", responses=ACCEPTED)
def send_message(
    debtor_id: str,
    body: OneOffIn,
    idempotency_key: Annotated[str | None, Header(alias="idempotency-key")] = None,
) -> tuple[Message, int]:
    """A one-off message from a template (e-mail, SMS, WhatsApp, letter): queued for the sender, which
    sends it within the windows and limits like any other (202)."""
    return services().calls.send_message(caller(router), debtor_id, body, idempotency_key), 202
