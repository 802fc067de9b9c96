"""Portfolio use cases (F01–F05): creditors, categories, debtors, contacts, titles, history."""

from __future__ import annotations

from typing import Any

from cobranca.domain.access import Screen
from cobranca.domain.calls import contacts_paused_until
from cobranca.domain.contacts import Contact, ContactIn, ContactPatch, check_login_contact, contact_id
from cobranca.domain.dates import Clock, business_today, utc_timestamp
from cobranca.domain.documents import parse_document
from cobranca.domain.errors import InvalidInput, NotFound
from cobranca.domain.ids import new_id
from cobranca.domain.money import brl
from cobranca.domain.portfolio import (
    Alert,
    Debtor,
    DebtorIn,
    DebtorPatch,
    DebtorSummary,
    HistoryEntry,
    Title,
    TitleIn,
    TitleStatus,
    TitleStatusIn,
    changed_fields,
    check_manual_transition,
    promise_broken,
)
from cobranca.domain.search import DebtorQuery
from cobranca.ports import PortfolioRepository, UserDirectory
from cobranca.services.caller import Caller


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {f: {"de": before.get(f), "para": after.get(f)} for f in after if before.get(f) != after.get(f)}


class PortfolioService:
    def __init__(self, repo: PortfolioRepository, users: UserDirectory, clock: Clock) -> None:
        self.repo = repo
        self.users = users
        self.clock = clock

    def _now(self) -> str:
        return utc_timestamp(self.clock)

    def history(self, who: Caller | str, action: str, detail: str, **data: Any) -> HistoryEntry:
        actor = who if isinstance(who, str) else who.user_id
        return HistoryEntry.new(at=self._now(), actor=actor, action=action, detail=detail, data=data)

    # ------------------------------------------------------------- debtors
    def _check_references(self, caller: Caller, category_id: str | None, operator_id: str | None) -> None:
        if category_id:
            try:
                self.repo.get_category(caller.tenant, category_id)
            except NotFound:
                raise InvalidInput("category_id", "categoria não encontrada") from None
        if operator_id and not self.users.user_exists(caller.tenant, operator_id):
            raise InvalidInput("operator_id", "operador não encontrado")

    def new_contact(self, debtor_id: str, body: ContactIn, now: str) -> Contact:
        return Contact(
            id=contact_id(debtor_id, body.kind.value, body.value),
            kind=body.kind,
            value=body.value,
            address=body.address,
            label=body.label,
            created_at=now,
            updated_at=now,
        )

    def create_debtor(self, caller: Caller, body: DebtorIn) -> Debtor:
        caller.require(Screen.DEBTORS)
        self._check_references(caller, body.category_id, body.operator_id)
        doc = parse_document(body.document)
        now, debtor_id = self._now(), new_id()
        contacts = {c.id: c for c in (self.new_contact(debtor_id, b, now) for b in body.contacts)}
        debtor = Debtor(
            id=debtor_id,
            document=doc.number,
            document_kind=doc.kind,
            name=body.name,
            birth_date=body.birth_date,
            uf=body.uf,
            category_id=body.category_id,
            operator_id=body.operator_id,
            contacts=list(contacts.values()),
            created_at=now,
            updated_at=now,
        )
        self.repo.add_debtor(
            caller.tenant, debtor, self.history(caller, "debtor.created", "Devedor cadastrado")
        )
        return debtor

    def get_debtor(self, caller: Caller, debtor_id: str) -> Debtor:
        """The debtor; with a promise to pay, until when it holds the debtor's messages, and past its date,
        whether it broke (one titles query more)."""
        caller.require(Screen.DEBTORS)
        debtor = self.repo.get_debtor(caller.tenant, debtor_id)
        today, p = business_today(self.clock), debtor.promise
        if p is None:
            return debtor
        p = p.model_copy(update={"holds_until": contacts_paused_until(p.date, today)})
        if p.date >= today:
            return debtor.model_copy(update={"promise": p})
        titles = self.repo.list_titles(caller.tenant, debtor_id)
        broken = promise_broken(p, any(t.status is TitleStatus.OPEN for t in titles), today)
        return debtor.model_copy(update={"promise": p.model_copy(update={"broken": broken})})

    def debtor_by_document(self, caller: Caller, document: str) -> Debtor:
        caller.require(Screen.DEBTORS)
        number = parse_document(document).number
        debtor_id = self.repo.debtor_id_by_document(caller.tenant, number)
        if debtor_id is None:
            raise NotFound("nenhum devedor com este documento")
        return self.repo.get_debtor(caller.tenant, debtor_id)

    def update_debtor(self, caller: Caller, debtor_id: str, body: DebtorPatch) -> Debtor:
        caller.require(Screen.DEBTORS)
        changes = body.changes()
        self._check_references(caller, body.category_id, body.operator_id)
        current = self.repo.get_debtor(caller.tenant, debtor_id)
        updated = current.model_copy(update={**changes, "updated_at": self._now()})
        diff = _changes(
            current.model_dump(mode="json"), updated.model_dump(mode="json", include=set(changes))
        )
        detail = f"Cadastro alterado: {changed_fields(diff)}"
        entry = self.history(caller, "debtor.updated", detail, changes=diff)
        self.repo.update_debtor(caller.tenant, updated, entry)
        return updated

    def list_debtors(self, caller: Caller, query: DebtorQuery) -> tuple[list[DebtorSummary], str | None]:
        """A CPF/CNPJ or name that finds nothing is tried as a phone, then a title number."""
        caller.require(Screen.DEBTORS)
        items, cursor = self.repo.list_debtors(caller.tenant, query)
        for other in [] if items else query.fallbacks():
            items, cursor = self.repo.list_debtors(caller.tenant, other)
            if items:
                return items, other.next_cursor(cursor)
        return items, cursor

    # ------------------------------------------------------------- contacts
    def add_contact(self, caller: Caller, debtor_id: str, body: ContactIn) -> Contact:
        caller.require(Screen.DEBTORS)
        contact = self.new_contact(debtor_id, body, self._now())
        entry = self.history(
            caller, "contact.added", f"Contato incluído ({body.kind.value})", contact_id=contact.id
        )
        self.repo.add_contact(caller.tenant, debtor_id, contact, entry)
        return contact

    def update_contact(self, caller: Caller, debtor_id: str, contact_id_: str, body: ContactPatch) -> Contact:
        caller.require(Screen.DEBTORS)
        debtor = self.repo.get_debtor(caller.tenant, debtor_id)
        current = next((c for c in debtor.contacts if c.id == contact_id_), None)
        if current is None:
            raise NotFound("contato não encontrado")
        changes = body.changes()
        if changes.get("valid") is True:
            changes["invalid_reason"] = None
        now = self._now()
        updated = current.model_copy(update={**changes, "updated_at": now})
        check_login_contact(updated)
        if "valid" in changes and changes["valid"] != current.valid:
            state = "válido" if updated.valid else f"inválido ({updated.invalid_reason})"
            detail = f"Contato {current.kind.value} marcado como {state}"
        elif updated.login and not current.login:
            detail = f"Contato {current.kind.value} designado para receber o código do Negocia Online"
        else:
            detail = f"Contato {current.kind.value} alterado"
        entry = self.history(caller, "contact.updated", detail, contact_id=current.id, valid=updated.valid)
        self.repo.update_contact(caller.tenant, debtor_id, updated, entry)
        if updated.login and not current.login:  # one login contact per debtor
            for other in (c for c in debtor.contacts if c.login and c.id != current.id):
                cleared = other.model_copy(update={"login": False, "updated_at": now})
                note = self.history(
                    caller, "contact.updated", "Contato deixou de receber o código", contact_id=other.id
                )
                self.repo.update_contact(caller.tenant, debtor_id, cleared, note)
        return updated

    # ------------------------------------------------------------- titles
    def add_title(self, caller: Caller, debtor_id: str, body: TitleIn) -> Title:
        caller.require(Screen.TITLES)
        debtor = self.repo.get_debtor(caller.tenant, debtor_id)
        try:
            self.repo.get_creditor(caller.tenant, body.creditor_id)
        except NotFound:
            raise InvalidInput("creditor_id", "credor não encontrado") from None
        now = self._now()
        title = Title(
            id=new_id(),
            debtor_id=debtor.id,
            creditor_id=body.creditor_id,
            number=body.number,
            description=body.description,
            original_amount=body.original_amount,
            due_date=body.due_date,
            status=TitleStatus.OPEN,
            created_at=now,
            updated_at=now,
        )
        detail = (
            f"Título {title.number} incluído: {brl(title.original_amount)} venc. {title.due_date:%d/%m/%Y}"
        )
        entry = self.history(caller, "title.created", detail, title_id=title.id)
        self.repo.add_title(caller.tenant, title, debtor, entry)
        return title

    def list_titles(self, caller: Caller, debtor_id: str) -> list[Title]:
        caller.require(Screen.TITLES)
        self.repo.get_debtor(caller.tenant, debtor_id)
        return self.repo.list_titles(caller.tenant, debtor_id)

    def change_title_status(
        self, caller: Caller, debtor_id: str, title_id: str, body: TitleStatusIn
    ) -> Title:
        caller.require(Screen.TITLES)
        current = self.repo.get_title(caller.tenant, debtor_id, title_id)
        check_manual_transition(current.status, body.status)
        if body.status == current.status:
            return current
        updated = current.model_copy(update={"status": body.status, "updated_at": self._now()})
        reason = f": {body.reason}" if body.reason else ""
        detail = f"Título {current.number}: {current.status.label} → {body.status.label}{reason}"
        entry = self.history(
            caller, "title.status", detail, title_id=title_id, de=current.status, para=body.status
        )
        self.repo.change_title_status(caller.tenant, updated, current.status, entry)
        return updated

    # ------------------------------------------------------------- history
    def list_alerts(self, caller: Caller, limit: int = 20) -> list[Alert]:
        """The tenant's latest payment alerts (refunds, chargebacks, credits to give back)."""
        caller.require(Screen.DEBTORS)
        return self.repo.list_alerts(caller.tenant, limit)

    def list_history(
        self, caller: Caller, debtor_id: str, limit: int = 50, cursor: str | None = None
    ) -> tuple[list[HistoryEntry], str | None]:
        caller.require(Screen.DEBTORS)
        self.repo.get_debtor(caller.tenant, debtor_id)
        return self.repo.list_history(caller.tenant, debtor_id, limit, cursor)
