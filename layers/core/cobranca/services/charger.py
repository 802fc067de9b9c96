"""The ChargeQueue worker's use case (F30, B4): an agreement's installments each get exactly one payment at
the creditor's portador, with the creditor's split fixed at negotiation; a cancelled agreement's pending
(or broken) agreement's open payments are deleted there.

Exactly once, whatever fails where: before creating, the installment's payment is looked up by its
externalReference (a retry after a time-out, or after a crash between Asaas's answer and our write,
finds the one made); the payment id is written under a condition that only the same id may be written
again. A portador that does not answer fails the job (SQS tries it again later); a refusal marks that
installment failed with the portador's reason and the others go on."""

from __future__ import annotations

from collections.abc import Callable
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
)
from cobranca.domain.charges import ChargeRequest
from cobranca.domain.dates import Clock, utc_timestamp
from cobranca.domain.payments import Portador as PortadorKind
from cobranca.domain.portfolio import Creditor
from cobranca.gateways import JobQueue, Portador, PortadorRefused, SecretStore
from cobranca.jobs import ChargeJob
from cobranca.ports import AgreementRepository, PortfolioRepository


class QueuedCharges:
    """ChargeGateway: closing or cancelling an agreement only queues the work for the charger."""

    def __init__(self, queue: JobQueue) -> None:
        self.queue = queue

    def charge(self, tenant: str, agreement: Agreement) -> None:
        self.queue.send(ChargeJob(tenant=tenant, agreement_id=agreement.id))

    def cancel(self, tenant: str, agreement: Agreement) -> None:
        self.queue.send(ChargeJob(tenant=tenant, agreement_id=agreement.id, cancel=True))


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
    ) -> None:
        self.on_charged = on_charged  # the termo e-mail, once the first charge exists (or was refused)
        self.agreements = agreements
        self.portfolio = portfolio
        self.secrets = secrets
        self.portador = portador
        self.clock = clock
        self.stage = stage

    def run(self, job: ChargeJob) -> str:
        agreement = self.agreements.get(job.tenant, job.agreement_id)
        creditor = self.portfolio.get_creditor(job.tenant, agreement.creditor_id)
        if creditor.portador is not PortadorKind.ASAAS:
            return "no portador"
        key = self.secrets.get(secret_names.asaas_api_key(self.stage, job.tenant))
        if not key:
            self._fail_all(job.tenant, agreement, "pagamentos não configurados: cadastre a chave do Asaas")
            self._charged(job.tenant, agreement)
            return "not configured"
        asaas = self.portador(key)
        if job.cancel or agreement.status in (AgreementStatus.CANCELLED, AgreementStatus.BROKEN):
            return self._cancel(job.tenant, agreement, asaas)
        debtor = self.portfolio.get_debtor(job.tenant, agreement.debtor_id)
        customer = asaas.customer_for(debtor.name, debtor.document, agreement.email, debtor.id)
        made = 0
        for inst in agreement.installments:
            if inst.status is InstallmentStatus.PENDING and not _created(inst):
                made += self._charge_one(job.tenant, agreement, creditor, inst, customer, asaas)
        self._charged(job.tenant, agreement)
        return f"{made} charge(s)"

    def _charged(self, tenant: str, a: Agreement) -> None:
        if self.on_charged is not None and a.status is AgreementStatus.ACTIVE:
            self.on_charged(tenant, a.id)

    def _charge_one(
        self, tenant: str, a: Agreement, creditor: Creditor, inst: Installment, customer: str, asaas: Portador
    ) -> int:
        reference = charge_reference(a.id, inst.number)
        split = inst.charge.split_value if inst.charge else None
        try:
            payment = asaas.find_payment(reference) or asaas.create_payment(
                _request(a, creditor, inst, customer, reference, split)
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
        return 1 if self.agreements.record_charge(tenant, a.id, inst.number, charge) else 0

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
            if (
                charge
                and charge.provider_id
                and charge.status in (ChargeStatus.CREATED, ChargeStatus.OVERDUE)
            ):
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


def _created(inst: Installment) -> bool:
    return inst.charge is not None and inst.charge.status in (ChargeStatus.CREATED, ChargeStatus.CANCELLED)
