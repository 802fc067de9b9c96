"""Titles paid or cancelled at the source (F04): the ERP (or an operator reading it) says so, and all
collection of the title stops at once: charging what was paid is the CDC art. 42 "cobrança indevida",
refunded in double. The title is found by the ERP's own number.

- An open (or ajuizado) title becomes paid or cancelled: it leaves the due-date index.
- A title in an active agreement: the agreement is cancelled in the same transaction, this title paid
  or cancelled and the agreement's other titles reopened; the agreement's pending charges are then
  deleted at the portador.
- Told again, it changes nothing (the same answer)."""

from __future__ import annotations

from cobranca.domain.access import Screen
from cobranca.domain.agreements import AgreementStatus
from cobranca.domain.dates import Clock, utc_timestamp
from cobranca.domain.errors import Conflict, NotFound
from cobranca.domain.portfolio import HistoryEntry, SourceChangeIn, Title, TitleStatus
from cobranca.domain.search import Lookup, lookup_key
from cobranca.gateways import ChargeGateway
from cobranca.ports import AgreementRepository, PortfolioRepository
from cobranca.services.caller import Caller

WORDS = {TitleStatus.PAID: "pago", TitleStatus.CANCELLED: "cancelado"}


class SourceChanges:
    def __init__(
        self,
        portfolio: PortfolioRepository,
        agreements: AgreementRepository,
        charges: ChargeGateway,
        clock: Clock,
    ) -> None:
        self.portfolio = portfolio
        self.agreements = agreements
        self.charges = charges
        self.clock = clock

    def settle(self, caller: Caller, number: str, body: SourceChangeIn) -> Title:
        return self._change(caller, number, body, TitleStatus.PAID)

    def cancel(self, caller: Caller, number: str, body: SourceChangeIn) -> Title:
        return self._change(caller, number, body, TitleStatus.CANCELLED)

    def _change(self, caller: Caller, number: str, body: SourceChangeIn, target: TitleStatus) -> Title:
        caller.require(Screen.TITLES)
        t = self._title(caller.tenant, number, body.creditor_id)
        return self.apply(caller.tenant, t, target, body.reason, caller.user_id)

    def from_import(self, tenant: str, creditor_id: str, number: str, target: TitleStatus, file: str) -> bool:
        """A CSV row's `status` column: the same change, by the import; False when nothing changed."""
        t = self._title(tenant, number, creditor_id)
        if t.status is target or t.status in (TitleStatus.PAID, TitleStatus.CANCELLED):
            return False
        self.apply(tenant, t, target, f"importação {file}".strip(), "import")
        return True

    def apply(self, tenant: str, t: Title, target: TitleStatus, why: str, actor: str) -> Title:
        if t.status is target:
            return t
        if t.status in (TitleStatus.PAID, TitleStatus.CANCELLED):
            raise Conflict(f"o título {t.number} já está {t.status.label.lower()}")
        now = utc_timestamp(self.clock)
        word = WORDS[target]
        reason = f": {why}" if why else ""
        changed = t.model_copy(update={"status": target, "updated_at": now})
        if t.status is not TitleStatus.IN_AGREEMENT:
            detail = f"Título {t.number} {word} na origem (ERP){reason}; a cobrança dele para"
            entry = self._history(actor, now, "title.source", detail, t, target)
            self.portfolio.change_title_status(tenant, changed, t.status, entry)
            return changed
        return self._out_of_agreement(tenant, actor, t, changed, f"{word} na origem (ERP){reason}", now)

    def _out_of_agreement(
        self, tenant: str, actor: str, t: Title, changed: Title, what: str, now: str
    ) -> Title:
        for agreement_id in self.agreements.active_of(tenant, t.debtor_id):
            a = self.agreements.get(tenant, agreement_id, consistent=True)
            if t.id not in a.title_ids or a.status is not AgreementStatus.ACTIVE:
                continue
            others = [
                x.model_copy(update={"status": TitleStatus.OPEN, "updated_at": now})
                for x in self.portfolio.list_titles(tenant, a.debtor_id)
                if x.id in a.title_ids and x.id != t.id
            ]
            detail = f"Acordo {a.number} cancelado: título {t.number} {what}" + (
                "; os demais títulos reabertos" if others else ""
            )
            entry = self._history(actor, now, "agreement.cancelled", detail, t, changed.status, a.id)
            ended = self.agreements.end(tenant, a, AgreementStatus.CANCELLED, [changed, *others], entry, now)
            if not ended:
                raise Conflict("o acordo mudou enquanto isso; tente de novo")
            self.charges.cancel(tenant, a)
            return changed
        raise Conflict(f"o título {t.number} está em acordo, mas o acordo não foi encontrado ativo")

    def _title(self, tenant: str, number: str, creditor_id: str | None) -> Title:
        key = lookup_key(Lookup.TITLE, number)
        found = [
            t
            for t in self.portfolio.titles_numbered(tenant, number)
            if lookup_key(Lookup.TITLE, t.number) == key
            and (creditor_id is None or t.creditor_id == creditor_id)
        ]
        if not found:
            raise NotFound(f"título {number} não encontrado")
        if len(found) > 1:
            raise Conflict(f"há {len(found)} títulos com o número {number}: informe o creditor_id")
        return found[0]

    @staticmethod
    def _history(
        actor: str,
        now: str,
        action: str,
        detail: str,
        t: Title,
        target: TitleStatus,
        agreement_id: str | None = None,
    ) -> HistoryEntry:
        data: dict[str, object] = {"title_id": t.id, "para": target.value, "origem": "erp"}
        if agreement_id:
            data["agreement_id"] = agreement_id
        return HistoryEntry.new(at=now, actor=actor, action=action, detail=detail, data=data)
