"""The ChargeQueue worker's use case (F30, B4): an agreement's installments each get exactly one payment at
the creditor's portador, with the creditor's split fixed at negotiation; a cancelled agreement's pending
(or broken) agreement's open payments are deleted there.

Exactly once, whatever fails where: the first job ever to charge an agreement claims it (a guard item);
any later one — a retry after a time-out, a crash between Asaas's answer and our write, a re-charge
after a refund — first looks the installment's payment up by its externalReference and finds the one
made. The first needs no lookup, since nothing before it could have reached Asaas: 2 + 2n requests for
n payments instead of 2 + 3n (the customer, then each payment and its PIX code or boleto line). The
payment id is written under a condition that only the same id may be written again. A portador that
does not answer fails the job (SQS tries it again later); a refusal marks that installment failed with
the portador's reason and the others go on."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from cobranca import secret_names
from cobranca.domain.agreements import (
    Agreement,
    AgreementStatus,
    Charge,
    ChargeStatus,
    Installment,
    InstallmentStatus,
    PaymentMethod,
    charge_reference,
    is_card_plan,
    plan_reference,
    reference_generation,
)
from cobranca.domain.charges import ChargeRequest
from cobranca.domain.dates import Clock, business_today, utc_timestamp
from cobranca.domain.manual_payments import payment_task
from cobranca.domain.messages import Task
from cobranca.domain.payments import Portador as PortadorKind
from cobranca.domain.portal import acts_alone
from cobranca.domain.portfolio import Creditor
from cobranca.gateways import (
    JobQueue,
    Portador,
    PortadorRefused,
    PortadorUnavailable,
    QuotaExceeded,
    SecretStore,
)
from cobranca.jobs import ChargeJob
from cobranca.ports import AgreementRepository, PortfolioRepository

REQUESTS_PER_CHARGE = 2  # create the payment, read its PIX code or boleto line (+1 to look it up first)
FIRST_ATTEMPT = "charge-attempt"  # the guard the first job to charge an agreement claims
MAX_DELAY_SECONDS = 900  # SQS's longest message delay
MAX_HOPS = 110  # about a day: ten short backoffs, then 15-minute waits


class QueuedCharges:
    """ChargeGateway: closing or cancelling an agreement only queues the work for the charger."""

    def __init__(self, queue: JobQueue) -> None:
        self.queue = queue

    def charge(self, tenant: str, agreement: Agreement) -> None:
        self.queue.send(ChargeJob(tenant=tenant, agreement_id=agreement.id))

    def cancel(self, tenant: str, agreement: Agreement) -> None:
        self.queue.send(ChargeJob(tenant=tenant, agreement_id=agreement.id, cancel=True))


def retry_delay(wait: float, hops: int) -> int:
    """Seconds until a job the portador could not take is tried again: the wait it named (a 429's
    RateLimit-Reset, our quota's refill), at least 2^hops, at most SQS's 15 minutes."""
    return int(min(MAX_DELAY_SECONDS, max(math.ceil(wait), 2 ** min(hops, 10))))


@dataclass(frozen=True, slots=True)
class Charging:
    """One job's charging of one agreement: whom it charges, at which account, and whether an earlier
    attempt may have reached the portador (then each payment is looked up before it is made)."""

    agreement: Agreement
    creditor: Creditor
    customer: str
    asaas: Portador
    look_up: bool


class ChargeService:
    def __init__(
        self,
        agreements: AgreementRepository,
        portfolio: PortfolioRepository,
        secrets: SecretStore,
        portador: Callable[[str], Portador],
        clock: Clock,
        stage: str,
        on_charged: Callable[[str, str], object] | None = None,
        quota: Callable[[str, int], float] | None = None,
        queue: JobQueue | None = None,
        tasks: Callable[[str, Task], object] | None = None,
    ) -> None:
        self.tasks = tasks  # an agreement no portador charges: the operator's task to send how to pay it
        self.on_charged = on_charged  # the termo e-mail, once the first charge exists (or was refused)
        self.quota = quota  # tokens of the tenant's Asaas quota: 0 granted, else seconds to wait
        self.queue = queue  # where a job waiting for the quota (or a long rate limit) goes back
        self.agreements = agreements
        self.portfolio = portfolio
        self.secrets = secrets
        self.portador = portador
        self.clock = clock
        self.stage = stage

    def handle(self, job: ChargeJob) -> str:
        """The worker's entry: a portador that did not answer (a 5xx, a time-out, a 429, our own quota)
        has the job put back on the queue after the wait it named, or a short backoff (1, 2, 4 … s, at
        most 15 min), so a transient fault costs seconds, not the queue's visibility timeout; after
        MAX_HOPS it fails as any other (then the dead-letter queue). The copy is the same job: the
        first-attempt claim and the lookups keep it exactly once."""
        try:
            return self.run(job)
        except PortadorUnavailable as exc:
            if self.queue is None or job.hops >= MAX_HOPS:
                raise
            delay = retry_delay(exc.wait, job.hops)
            self.queue.send(job.model_copy(update={"hops": job.hops + 1}), delay_seconds=delay)
            return f"deferred {delay} s"

    def _payment_task(self, tenant: str, a: Agreement) -> None:
        """Once per agreement: the operator who closed it (the shared queue for the portal's) is asked to
        send the debtor how to pay it (the creditor's instructions, or its own payment document)."""
        if self.tasks is None or a.status is not AgreementStatus.ACTIVE:
            return
        now = utc_timestamp(self.clock)
        if not self.agreements.claim(tenant, "payment-task", a.id, now):
            return
        debtor = self.portfolio.get_debtor(tenant, a.debtor_id)
        operator = None if acts_alone(a.created_by) else a.created_by
        self.tasks(tenant, payment_task(a, debtor, operator, now, business_today(self.clock)))

    def _spend(self, tenant: str, requests: int) -> None:
        wait = self.quota(tenant, requests) if self.quota else 0.0
        if wait:
            raise QuotaExceeded(f"cota do Asaas desta empresa: aguardar {int(wait)} s", wait=wait)

    def run(self, job: ChargeJob) -> str:
        agreement = self.agreements.get(job.tenant, job.agreement_id)
        creditor = self.portfolio.get_creditor(job.tenant, agreement.creditor_id)
        if creditor.portador is not PortadorKind.ASAAS:
            self._payment_task(job.tenant, agreement)
            return "no portador"
        key = self.secrets.get(secret_names.asaas_api_key(self.stage, job.tenant))
        if not key:
            self._fail_all(job.tenant, agreement, "pagamentos não configurados: cadastre a chave do Asaas")
            self._charged(job.tenant, agreement)
            return "not configured"
        asaas = self.portador(key)
        if job.cancel or agreement.status in (AgreementStatus.CANCELLED, AgreementStatus.BROKEN):
            self._spend(job.tenant, sum(1 for i in agreement.installments if _open_at_portador(i)))
            return self._cancel(job.tenant, agreement, asaas)
        todo = [
            i for i in agreement.installments if i.status is InstallmentStatus.PENDING and not _created(i)
        ]
        if not todo:
            self._charged(job.tenant, agreement)
            return "0 charge(s)"
        made = self._create(job.tenant, agreement, creditor, asaas, todo)
        self._charged(job.tenant, agreement)
        return f"{made} charge(s)"

    def _create(
        self, tenant: str, agreement: Agreement, creditor: Creditor, asaas: Portador, todo: list[Installment]
    ) -> int:
        """The charges of `todo` at Asaas (a card agreement as one plan), the quota spent first: what is
        sent, and the lookups only when an earlier attempt may have reached Asaas."""
        self._spend(tenant, 2 + REQUESTS_PER_CHARGE * len(todo))
        first = self.agreements.claim(tenant, FIRST_ATTEMPT, agreement.id, utc_timestamp(self.clock))
        if not first:
            self._spend(tenant, len(todo))
        debtor = self.portfolio.get_debtor(tenant, agreement.debtor_id)
        customer = asaas.customer_for(debtor.name, debtor.document, agreement.email, debtor.id)
        charge = Charging(agreement, creditor, customer, asaas, look_up=not first)
        if not is_card_plan(agreement):
            return sum(self._charge_one(tenant, charge, inst) for inst in todo)
        again = [i for i in todo if i.charge is not None and i.charge.status is ChargeStatus.REFUNDED]
        fresh = [i for i in todo if i not in again]
        made = self._charge_plan(tenant, charge) if fresh else 0
        # a part given back (refund, chargeback) is owed again: a charge of its own, paid at Asaas's
        # checkout (invoiceUrl); the debtor's card is never charged again without the debtor
        return made + sum(self._charge_one(tenant, charge, i) for i in again)

    def _charge_plan(self, tenant: str, c: Charging) -> int:
        """F31: a card agreement is one instalment plan, the card charged once: its parts (looked up by
        the plan's reference first when an earlier attempt may have made it) are the installments, in
        order."""
        a, creditor, customer, asaas = c.agreement, c.creditor, c.customer, c.asaas
        reference = plan_reference(a.id)
        ordered = sorted(a.installments, key=lambda i: i.number)
        try:
            parts = asaas.plan_parts(reference) if c.look_up else []
            if not parts:
                asaas.create_payment(_plan_request(a, creditor, customer, reference))
                parts = asaas.plan_parts(reference)
        except PortadorRefused as exc:
            for inst in ordered:
                self._fail(tenant, a, inst, str(exc)[:300])
            return 0
        if len(parts) != len(ordered):
            raise PortadorUnavailable(
                f"o plano do cartão tem {len(parts)} parcelas; o acordo, {len(ordered)}"
            )
        made = 0
        for inst, part in zip(ordered, parts, strict=True):
            if _outside_plan(inst, reference):
                continue
            charge = Charge(
                status=ChargeStatus.CREATED,
                provider_id=part.id,
                reference=reference,
                split_value=inst.charge.split_value if inst.charge else None,
                invoice_url=part.invoice_url,
                updated_at=utc_timestamp(self.clock),
            )
            made += self.agreements.record_charge(tenant, a.id, inst.number, charge)
        return made

    def _charged(self, tenant: str, a: Agreement) -> None:
        if self.on_charged is not None and a.status is AgreementStatus.ACTIVE:
            self.on_charged(tenant, a.id)

    def _charge_one(self, tenant: str, c: Charging, inst: Installment) -> int:
        a, asaas = c.agreement, c.asaas
        previous = inst.charge
        again = previous is not None and previous.status is ChargeStatus.REFUNDED and previous.provider_id
        # after a refund the installment is owed again: a new payment, under the next reference
        generation = reference_generation(previous.reference) + 1 if again and previous else 1
        reference = charge_reference(a.id, inst.number, generation)
        split = inst.charge.split_value if inst.charge else None
        try:
            made_before = asaas.find_payment(reference) if c.look_up or again else None
            payment = made_before or asaas.create_payment(
                _request(a, c.creditor, inst, c.customer, reference, split)
            )
        except PortadorRefused as exc:
            self._fail(tenant, a, inst, str(exc)[:300])
            return 0
        pix = asaas.pix_code(payment.id) if a.payment_method is PaymentMethod.PIX else None
        line = asaas.boleto_line(payment.id) if a.payment_method is PaymentMethod.BOLETO else None
        charge = Charge(
            status=ChargeStatus.CREATED,
            provider_id=payment.id,
            reference=reference,
            split_value=split,
            invoice_url=payment.invoice_url,
            boleto_url=payment.boleto_url,
            pix_payload=pix,
            boleto_line=line,
            updated_at=utc_timestamp(self.clock),
        )
        replacing = previous.provider_id if again and previous else None
        return 1 if self.agreements.record_charge(tenant, a.id, inst.number, charge, replacing) else 0

    def _fail(self, tenant: str, a: Agreement, inst: Installment, reason: str) -> None:
        failed = Charge(
            status=ChargeStatus.FAILED,
            reference=charge_reference(a.id, inst.number),
            split_value=inst.charge.split_value if inst.charge else None,
            reason=reason,
            updated_at=utc_timestamp(self.clock),
        )
        self.agreements.record_charge(tenant, a.id, inst.number, failed)

    def _cancel(self, tenant: str, a: Agreement, asaas: Portador) -> str:
        done = 0
        for inst in a.installments:
            charge = inst.charge
            if charge and charge.provider_id and _open_at_portador(inst):
                asaas.delete_payment(charge.provider_id)
                now = utc_timestamp(self.clock)
                gone = charge.model_copy(update={"status": ChargeStatus.CANCELLED, "updated_at": now})
                done += self.agreements.record_charge(tenant, a.id, inst.number, gone)
        return f"{done} cancelled"

    def _fail_all(self, tenant: str, a: Agreement, reason: str) -> None:
        for inst in a.installments:
            if inst.status is InstallmentStatus.PENDING and not _created(inst):
                self._fail(tenant, a, inst, reason)


def _request(
    a: Agreement, creditor: Creditor, inst: Installment, customer: str, reference: str, split: Decimal | None
) -> ChargeRequest:
    last = max(i.number for i in a.installments)
    label = "entrada" if inst.number == 0 else f"parcela {inst.number}/{last}"
    return ChargeRequest(
        customer=customer,
        method=a.payment_method.value,
        amount=inst.amount,
        due_date=inst.due_date,
        reference=reference,
        description=f"{creditor.name}: acordo {a.number}, {label}",
        fine_percent=creditor.policy.fine_percent,
        interest_percent_month=creditor.policy.interest_percent_month,
        split_wallet=creditor.wallet_id,
        split_value=split,
    )


def _plan_request(a: Agreement, creditor: Creditor, customer: str, reference: str) -> ChargeRequest:
    """The whole agreement as one card plan: its total in as many parts, the creditor's split on each."""
    first = min(a.installments, key=lambda i: i.number)
    return ChargeRequest(
        customer=customer,
        method=a.payment_method.value,
        amount=sum((i.amount for i in a.installments), Decimal(0)),
        due_date=first.due_date,
        reference=reference,
        description=f"{creditor.name}: acordo {a.number}, {len(a.installments)}x no cartão",
        fine_percent=creditor.policy.fine_percent,
        interest_percent_month=creditor.policy.interest_percent_month,
        split_wallet=creditor.wallet_id,
        split_value=first.charge.split_value if first.charge else None,  # the same on every part
        parts=len(a.installments),
    )


def _open_at_portador(inst: Installment) -> bool:
    """A charge the debtor could still pay at the portador (deleted when the agreement ends)."""
    c = inst.charge
    return c is not None and bool(c.provider_id) and c.status in (ChargeStatus.CREATED, ChargeStatus.OVERDUE)


def _created(inst: Installment) -> bool:
    return inst.charge is not None and inst.charge.status in (ChargeStatus.CREATED, ChargeStatus.CANCELLED)


def _outside_plan(inst: Installment, reference: str) -> bool:
    """A card plan's part the plan no longer speaks for: paid, given back, or charged on its own since."""
    c = inst.charge
    if c is None:
        return False
    return c.status in (ChargeStatus.REFUNDED, ChargeStatus.PAID) or (
        c.reference != reference and bool(c.provider_id)
    )
