"""The PaymentEventQueue worker's use case (F32, B4): a portador event applied to its installment once.

The event's id is the guard: checked first (a redelivery costs one read), then written in the same
transaction as the effect, so a crash between the two cannot apply it twice. The installment is found
by our externalReference (agreement and number), so an event may come before the charger wrote the
payment's id. The last installment paid makes the agreement and its titles paid."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from cobranca import object_keys, secret_names
from cobranca.domain.access import Role, Screen
from cobranca.domain.account import movement
from cobranca.domain.agreements import (
    Agreement,
    AgreementStatus,
    Charge,
    ChargeStatus,
    Installment,
    InstallmentStatus,
    PaymentMethod,
)
from cobranca.domain.dates import SAO_PAULO, Clock, utc_timestamp
from cobranca.domain.erp import ErpEvent, agreement_data, installment_data, title_data
from cobranca.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from cobranca.domain.manual_payments import ManualPaymentIn, manual_event, receipt_file
from cobranca.domain.portfolio import HistoryEntry, Title
from cobranca.domain.settlement import (
    MONEY_KINDS,
    Effect,
    EventKind,
    PaymentEvent,
    agreement_of,
    all_paid,
    applied_before,
    applied_to,
    installment_of,
    transition,
)
from cobranca.gateways import (
    ChargeGateway,
    NoNotices,
    Notices,
    ObjectStore,
    Portador,
    PortadorRefused,
    SecretStore,
)
from cobranca.jobs import PaymentEventJob
from cobranca.ports import AgreementRepository, PortfolioRepository
from cobranca.services.caller import Caller

ATTEMPTS = 3  # an event is applied again on a fresh read when another one changed the agreement meanwhile
RECEIPT_LINK_SECONDS = 900
KEY_SECONDS = 300.0  # the tenant's Asaas key is read again after this (or at once when Asaas refuses it)


class SettlementService:
    def __init__(
        self,
        agreements: AgreementRepository,
        secrets: SecretStore,
        portador: Callable[[str], Portador],
        parse: Callable[[dict[str, Any]], PaymentEvent | None],
        clock: Clock,
        stage: str,
        portfolio: PortfolioRepository | None = None,
        notices: Notices | None = None,
        charges: ChargeGateway | None = None,
        late: Callable[[str, Agreement, Installment], bool] | None = None,
        objects: ObjectStore | None = None,
    ) -> None:
        self.objects = objects  # the comprovantes of payments registered by hand
        self.late = late  # a payment after the break: imputed to the reopened titles (BreakService)
        self.charges = charges  # a reversed payment: the installment is owed again, charged again
        self.agreements = agreements
        self.portfolio = portfolio
        self.notices = notices or NoNotices()
        self.secrets = secrets
        self.portador = portador
        self.parse = parse
        self.clock = clock
        self.stage = stage
        self._keys: dict[str, tuple[str | None, float]] = {}
        self._accounts: dict[str, Portador] = {}

    def apply(self, job: PaymentEventJob) -> str:
        event = self.parse(job.event)
        if event is None:
            return "not a payment event"
        where = agreement_of(event.reference)
        if where is None:
            return "not one of our charges"
        for _ in range(ATTEMPTS - 1):
            try:
                return self._apply(job.tenant, where[0], event)
            except Conflict:  # another event of this agreement was applied meanwhile: read it again
                continue
        return self._apply(job.tenant, where[0], event)

    def _apply(self, tenant: str, agreement_id: str, event: PaymentEvent) -> str:
        found = self._installment(tenant, agreement_id, event)
        if found is None:
            return "not one of our charges"
        agreement, inst = found
        if applied_before(inst, event.id):
            if event.kind is EventKind.PAID:  # the worker may have died before completing it
                self._paid(tenant, agreement, inst)
            return "duplicate"
        if event.kind in MONEY_KINDS:  # the body's amounts are not trusted: Asaas's record of it is
            confirmed = self._confirmed(tenant, event)
            if confirmed is None:
                return "not confirmed by the portador"
            event = confirmed
        return self._applied(tenant, agreement, inst, event)

    def register(self, caller: Caller, agreement_id: str, number: int, body: ManualPaymentIn) -> Agreement:
        """Registrar pagamento: money seen outside a portador (a creditor without one) settles the
        installment as a portador's event would, once (a re-sent registration changes nothing)."""
        caller.require(Screen.DEBTORS)
        if caller.role is Role.OPERATOR:
            raise Forbidden("somente supervisores e administradores registram pagamentos")
        agreement = self.agreements.get(caller.tenant, agreement_id, consistent=True)
        inst = next((i for i in agreement.installments if i.number == number), None)
        if inst is None:
            raise NotFound("parcela não encontrada")
        now = self.clock.now().astimezone(SAO_PAULO)
        event = manual_event(agreement, inst, body, now.date(), now.strftime("%Y-%m-%d %H:%M:%S"))
        if not self.agreements.event_applied(caller.tenant, event.id):
            if inst.status is not InstallmentStatus.PENDING:
                raise Conflict(f"a parcela não está em aberto ({inst.status.value})")
            receipt = self._receipt(caller.tenant, agreement, number, body) if body.receipt else None
            note = f" Registrado por {caller.email}." + (f" {body.note}" if body.note else "")
            note += " Comprovante anexado." if receipt else ""
            self._applied(caller.tenant, agreement, inst, event, caller.user_id, note, receipt)
        return self.agreements.get(caller.tenant, agreement_id, consistent=True)

    def _receipt(self, tenant: str, a: Agreement, number: int, body: ManualPaymentIn) -> str:
        """The comprovante stored before the payment is (a failed registration leaves only a file the
        next attempt writes over)."""
        if self.objects is None or body.receipt is None:
            raise InvalidInput("receipt", "comprovantes não estão disponíveis aqui")
        data, content_type, extension = receipt_file(body.receipt)
        key = object_keys.receipt(tenant, a.id, number, extension)
        self.objects.put(key, data, content_type)
        return key

    def receipt_url(self, caller: Caller, agreement_id: str, number: int) -> str:
        """A link, valid for 15 minutes, to the comprovante of a payment registered by hand."""
        caller.require(Screen.DEBTORS)
        agreement = self.agreements.get(caller.tenant, agreement_id)
        inst = next((i for i in agreement.installments if i.number == number), None)
        key = inst.charge.receipt_key if inst and inst.charge else None
        if key is None or self.objects is None:
            raise NotFound("esta parcela não tem comprovante")
        name = f"comprovante-{agreement.number}-{number:02d}.{key.rsplit('.', 1)[-1]}"
        return self.objects.presigned_url(key, RECEIPT_LINK_SECONDS, name)

    def _installment(
        self, tenant: str, agreement_id: str, event: PaymentEvent
    ) -> tuple[Agreement, Installment] | None:
        try:
            agreement = self.agreements.get(tenant, agreement_id, consistent=True)
        except NotFound:
            return None
        inst = installment_of(agreement, event.reference, event.part)
        return None if inst is None else (agreement, inst)

    def _applied(
        self,
        tenant: str,
        agreement: Agreement,
        inst: Installment,
        event: PaymentEvent,
        actor: str = "system",
        note: str = "",
        receipt: str | None = None,
    ) -> str:
        now = utc_timestamp(self.clock)
        step = transition(agreement, inst, event, now)
        if step.effect is Effect.NONE or step.charge is None:
            return step.outcome
        charge = self._refreshed(tenant, agreement, step.charge) if step.refresh else step.charge
        if receipt:
            charge = charge.model_copy(update={"receipt_key": receipt})
        history = (
            HistoryEntry.new(
                at=now,
                actor=actor,
                action=f"payment.{step.effect.value}",
                detail=step.history + note,
                data={"agreement_id": agreement.id, "installment": inst.number, "event": event.name}
                | ({"alert": True} if step.alert else {}),
            )
            if step.history
            else None
        )
        entry = movement(agreement, inst, charge, date.fromisoformat(event.occurred_at[:10]))
        applied = self.agreements.apply_event(
            tenant, agreement, inst.number, step.effect, charge, history, event.id, now, entry
        )
        if not applied:  # an event older than those the charge remembers: its guard said so
            again = self._installment(tenant, agreement.id, event) if event.kind is EventKind.PAID else None
            if again is not None:
                self._paid(tenant, *again)
            return "duplicate"
        after = applied_to(agreement, inst.number, step.effect, charge)
        self._after(tenant, after, step.effect, event, charge)
        return step.outcome

    def _after(
        self, tenant: str, agreement: Agreement, effect: Effect, event: PaymentEvent, charge: Charge
    ) -> None:
        """What follows an applied effect (`agreement` as the write left it): a settlement tells the ERP
        and may complete the agreement (a payment after the break is imputed to the titles); a reversal
        has the installment charged again (the charger makes the new payment, …r2)."""
        late = effect is Effect.RECORD and agreement.status is AgreementStatus.BROKEN
        if effect is Effect.SETTLE or (late and charge.status is ChargeStatus.PAID):
            inst = installment_of(agreement, event.reference, event.part)
            if inst is not None:
                self._paid(tenant, agreement, inst)
        elif effect is Effect.REVERSE and self.charges is not None:
            self.charges.charge(tenant, agreement)

    def _confirmed(self, tenant: str, event: PaymentEvent) -> PaymentEvent | None:
        key = self._key(tenant)
        if not key:
            return None
        try:
            return self._account(key).confirmed(event)
        except PortadorRefused:  # a key rotated meanwhile: read it again on the next try
            self._keys.pop(tenant, None)
            raise

    def _account(self, key: str) -> Portador:
        """One client per key, kept: its connection to Asaas is reused from event to event."""
        found = self._accounts.get(key)
        if found is None:
            found = self._accounts[key] = self.portador(key)
        return found

    def _key(self, tenant: str) -> str | None:
        """The tenant's Asaas key, read from Secrets Manager at most every KEY_SECONDS per container (not
        once per event)."""
        key, read_at = self._keys.get(tenant, (None, -KEY_SECONDS))
        if time.monotonic() - read_at >= KEY_SECONDS:
            key = self.secrets.get(secret_names.asaas_api_key(self.stage, tenant))
            self._keys[tenant] = (key, time.monotonic())
        return key

    def _refreshed(self, tenant: str, a: Agreement, charge: Charge) -> Charge:
        """The boleto line or PIX code read again (they change when the charge is updated)."""
        key = self._key(tenant)
        if not key or not charge.provider_id:
            return charge
        asaas = self._account(key)
        if a.payment_method is PaymentMethod.PIX:
            return charge.model_copy(update={"pix_payload": asaas.pix_code(charge.provider_id)})
        if a.payment_method is PaymentMethod.BOLETO:
            return charge.model_copy(update={"boleto_line": asaas.boleto_line(charge.provider_id)})
        return charge

    def _paid(self, tenant: str, a: Agreement, inst: Installment) -> None:
        """After a settlement (or its redelivery: the worker may have died after the write), with `a` as
        the write left it: the ERP is told, and the agreement completed when it was the last one; after
        the break, the payment is imputed to the reopened titles instead. Of two installments settled
        at once, the second write fails on the first's change and is applied again on the new state,
        so one of them sees both paid."""
        if a.status is AgreementStatus.BROKEN and self.late is not None:
            self.late(tenant, a, inst)  # once per payment: a redelivery after a crash finishes it
            return
        told = self.notices.wants(tenant, ErpEvent.INSTALLMENT_PAID) or self.notices.wants(
            tenant, ErpEvent.AGREEMENT_PAID
        )
        titles = self._titles(tenant, a) if told else []
        if inst.status is InstallmentStatus.PAID and inst.charge:
            subject = f"{inst.charge.reference}@{inst.charge.last_money_at}"
            self.notices.notify(tenant, ErpEvent.INSTALLMENT_PAID, subject, installment_data(a, inst, titles))
        if a.status is AgreementStatus.ACTIVE and all_paid(a):
            self._complete(tenant, a)  # by this call or a concurrent one: paid either way
            a = a.model_copy(update={"status": AgreementStatus.PAID})
        if a.status is AgreementStatus.PAID:
            self.notices.notify(tenant, ErpEvent.AGREEMENT_PAID, a.id, agreement_data(a, titles))
            for t in titles:
                if t.id in a.title_ids:
                    self.notices.notify(tenant, ErpEvent.TITLE_PAID, f"{t.id}@{a.id}", title_data(t, a.id))

    def _titles(self, tenant: str, a: Agreement) -> list[Title]:
        if self.portfolio is None:
            return []
        return [t for t in self.portfolio.list_titles(tenant, a.debtor_id) if t.id in a.title_ids]

    def _complete(self, tenant: str, a: Agreement) -> None:
        now = utc_timestamp(self.clock)
        history = HistoryEntry.new(
            at=now,
            actor="system",
            action="agreement.paid",
            detail=f"Acordo {a.number} quitado: todas as parcelas pagas, títulos baixados",
            data={"agreement_id": a.id},
        )
        self.agreements.complete(tenant, a, history, now)
