"""An operator's call to a debtor (F05): the outcome goes to the history; a wrong number marks the phone
invalid; a promise to pay is kept on the debtor and pauses the ruler (domain/calls.py has the rules)."""

from __future__ import annotations

from cobranca.domain.access import Screen
from cobranca.domain.calls import CallIn, CallOutcome, Promise, call_detail, check_call
from cobranca.domain.contacts import ContactKind
from cobranca.domain.dates import Clock, business_today, utc_timestamp
from cobranca.domain.errors import InvalidInput
from cobranca.domain.ids import new_id
from cobranca.domain.portfolio import HistoryEntry
from cobranca.domain.privacy import mask_phone
from cobranca.ports import PortfolioRepository
from cobranca.services.caller import Caller


class CallService:
    def __init__(self, repo: PortfolioRepository, clock: Clock) -> None:
        self.repo = repo
        self.clock = clock

    def register(self, caller: Caller, debtor_id: str, body: CallIn) -> HistoryEntry:
        caller.require(Screen.DEBTORS)
        check_call(body, business_today(self.clock))
        debtor = self.repo.get_debtor(caller.tenant, debtor_id)
        phone = None
        if body.contact_id:
            phone = next((c for c in debtor.contacts if c.id == body.contact_id), None)
            if phone is None or phone.kind is not ContactKind.PHONE:
                raise InvalidInput("contact_id", "telefone não encontrado nos contatos do devedor")
        now = utc_timestamp(self.clock)
        entry = HistoryEntry(
            id=new_id(),
            at=now,
            actor=caller.user_id,
            action=f"call.{body.outcome.value}",
            detail=call_detail(body, mask_phone(phone.value) if phone else None),
            data={"outcome": body.outcome.value, "contact_id": body.contact_id},
        )
        if body.outcome is CallOutcome.WRONG_NUMBER and phone is not None:
            wrong = phone.model_copy(
                update={"valid": False, "invalid_reason": "número errado", "updated_at": now}
            )
            self.repo.update_contact(caller.tenant, debtor_id, wrong, entry)
        elif body.outcome is CallOutcome.PROMISE and body.promise_date and body.promise_amount is not None:
            promise = Promise(
                date=body.promise_date, amount=str(body.promise_amount), by=caller.user_id, at=now
            )
            self.repo.put_promise(caller.tenant, debtor_id, promise, entry)
        else:
            self.repo.add_history(caller.tenant, debtor_id, entry)
        return entry
