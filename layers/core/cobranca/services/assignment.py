"""Who works which debtors (F07): operator groups, bulk assignment by filter (to one operator, or a
group's members in turn) and the rule that gives an import's new debtors an operator."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from cobranca.domain.access import Role, Screen
from cobranca.domain.assignment import (
    ASSIGN_PAGE,
    AssignIn,
    Assignment,
    AssignmentRule,
    GroupIn,
    GroupPatch,
    ImportRule,
    OperatorGroup,
    Target,
    in_turn,
)
from cobranca.domain.dates import Clock, utc_timestamp
from cobranca.domain.errors import Conflict, Forbidden, InvalidInput
from cobranca.domain.ids import new_id
from cobranca.domain.portfolio import DebtorSummary, HistoryEntry
from cobranca.domain.search import DebtorQuery
from cobranca.domain.users import User
from cobranca.ports import PortfolioRepository, UserDirectory
from cobranca.services.caller import Caller

WRITERS = 8  # debtors moved at once: each move is a few reads and one transaction


class AssignmentStore(Protocol):
    def put_group(self, tenant: str, g: OperatorGroup, *, new: bool) -> None: ...
    def get_group(self, tenant: str, group_id: str) -> OperatorGroup: ...
    def list_groups(self, tenant: str) -> list[OperatorGroup]: ...
    def delete_group(self, tenant: str, group_id: str) -> None: ...
    def get_rule(self, tenant: str) -> AssignmentRule: ...
    def put_rule(self, tenant: str, rule: AssignmentRule, at: str) -> None: ...


class AssignmentService:
    def __init__(
        self, store: AssignmentStore, portfolio: PortfolioRepository, users: UserDirectory, clock: Clock
    ) -> None:
        self.store = store
        self.portfolio = portfolio
        self.users = users
        self.clock = clock

    @staticmethod
    def _supervise(caller: Caller) -> None:
        caller.require(Screen.DEBTORS)
        if caller.role is Role.OPERATOR:
            raise Forbidden("somente supervisores e administradores distribuem a carteira")

    def _active(
        self,
        tenant: str,
        ids: list[str],
        field: str,
        listed: bool = False,
        everyone: list[User] | None = None,
    ) -> dict[str, str]:
        """Each id's name; an id that is not an active user of the tenant is refused (by its position
        when `field` is a list). `everyone`: the tenant's users when the caller has read them already."""
        users = {
            u.id: u for u in (everyone if everyone is not None else self.users.list_users(tenant)) if u.active
        }
        for n, user_id in enumerate(ids):
            if user_id not in users:
                raise InvalidInput(f"{field}.{n}" if listed else field, "operador não encontrado ou inativo")
        return {i: users[i].name for i in ids}

    # ------------------------------------------------------------- groups
    def list_groups(self, caller: Caller) -> list[OperatorGroup]:
        self._supervise(caller)
        return self.store.list_groups(caller.tenant)

    def _unique(self, tenant: str, name: str, group_id: str | None = None) -> None:
        if any(g.name.lower() == name.lower() and g.id != group_id for g in self.store.list_groups(tenant)):
            raise InvalidInput("name", "já existe um grupo com este nome")

    def create_group(self, caller: Caller, body: GroupIn) -> OperatorGroup:
        self._supervise(caller)
        self._unique(caller.tenant, body.name)
        members = list(dict.fromkeys(body.member_ids))
        self._active(caller.tenant, members, "member_ids", listed=True)
        now = utc_timestamp(self.clock)
        group = OperatorGroup(id=new_id(), name=body.name, member_ids=members, created_at=now, updated_at=now)
        self.store.put_group(caller.tenant, group, new=True)
        return group

    def update_group(self, caller: Caller, group_id: str, body: GroupPatch) -> OperatorGroup:
        self._supervise(caller)
        group = self.store.get_group(caller.tenant, group_id)
        changes = body.changes()
        if body.name is not None:
            self._unique(caller.tenant, body.name, group_id)
        if body.member_ids is not None:
            members = list(dict.fromkeys(body.member_ids))
            self._active(caller.tenant, members, "member_ids", listed=True)
            changes["member_ids"] = members
        updated = group.model_copy(update={**changes, "updated_at": utc_timestamp(self.clock)})
        self.store.put_group(caller.tenant, updated, new=False)
        return updated

    def delete_group(self, caller: Caller, group_id: str) -> None:
        self._supervise(caller)
        self.store.get_group(caller.tenant, group_id)
        rule = self.store.get_rule(caller.tenant)
        if rule.imports is ImportRule.GROUP and rule.group_id == group_id:
            raise Conflict("o grupo recebe os devedores importados: mude a regra de distribuição antes")
        self.store.delete_group(caller.tenant, group_id)

    # ------------------------------------------------------------- the import rule
    def get_rule(self, caller: Caller) -> AssignmentRule:
        self._supervise(caller)
        return self.store.get_rule(caller.tenant)

    def put_rule(self, caller: Caller, body: AssignmentRule) -> AssignmentRule:
        self._supervise(caller)
        if body.imports is ImportRule.OPERATOR and body.operator_id:
            self._active(caller.tenant, [body.operator_id], "operator_id")
        if body.imports is ImportRule.GROUP and body.group_id:
            everyone = self.users.list_users(caller.tenant)
            self._members(caller.tenant, Target(group_id=body.group_id), "group_id", everyone)
        rule = AssignmentRule(
            imports=body.imports,
            operator_id=body.operator_id if body.imports is ImportRule.OPERATOR else None,
            group_id=body.group_id if body.imports is ImportRule.GROUP else None,
        )
        self.store.put_rule(caller.tenant, rule, utc_timestamp(self.clock))
        return rule

    # ------------------------------------------------------------- bulk assignment
    def _members(self, tenant: str, to: Target, field: str, everyone: list[User]) -> dict[str, str]:
        if to.operator_id:
            return self._active(tenant, [to.operator_id], field, everyone=everyone)
        assert to.group_id is not None
        group = self.store.get_group(tenant, to.group_id)
        if not group.member_ids:
            raise InvalidInput(field, "o grupo não tem operadores")
        users = {u.id: u.name for u in everyone if u.active}
        members = {m: users[m] for m in group.member_ids if m in users}
        if not members:
            raise InvalidInput(field, "nenhum operador do grupo está ativo")
        return members

    def assign(self, caller: Caller, body: AssignIn) -> Assignment:
        """One page of the filter: each debtor to its operator (the group's members in turn, counting
        from `position`). A debtor already with its operator is left as it is, so a repeated call
        changes nothing; the answer's cursor and position are where the next call goes on."""
        self._supervise(caller)
        f = body.filter
        field = "to.operator_id" if body.to.operator_id else "to.group_id"
        everyone = self.users.list_users(caller.tenant)
        members = self._members(caller.tenant, body.to, field, everyone)
        query = DebtorQuery(
            creditor_id=f.creditor_id,
            category_id=f.category_id,
            operator_id=f.operator_id,
            unassigned=f.unassigned,
            limit=ASSIGN_PAGE,
            cursor=body.cursor,
        )
        if body.dry_run:
            return Assignment(matched=self.portfolio.count_debtors(caller.tenant, query))
        debtors, cursor = self.portfolio.list_debtors(caller.tenant, query)
        order = list(members)
        wanted = [(d, in_turn(order, body.position + n)) for n, d in enumerate(debtors)]
        moves = [(d, op) for d, op in wanted if d.operator_id != op]
        by = caller.user_id
        names = {u.id: u.name for u in everyone}
        with ThreadPoolExecutor(WRITERS) as pool:
            list(pool.map(lambda m: self._move(caller.tenant, m[0], m[1], names, by), moves))
        return Assignment(
            matched=len(debtors),
            assigned=len(moves),
            unchanged=len(debtors) - len(moves),
            by_operator=dict(Counter(op for _, op in moves)),
            next_cursor=cursor,
            next_position=body.position + len(debtors),
        )

    def _move(
        self, tenant: str, summary: DebtorSummary, operator_id: str, names: dict[str, str], by: str
    ) -> None:
        debtor = self.portfolio.get_debtor(tenant, summary.id)
        before = names.get(debtor.operator_id, "outro operador") if debtor.operator_id else "sem operador"
        now = utc_timestamp(self.clock)
        entry = HistoryEntry.new(
            at=now,
            actor=by,
            action="debtor.assigned",
            detail=f"Carteira distribuída: de {before} para {names[operator_id]}",
            data={"from": debtor.operator_id, "to": operator_id},
        )
        moved = debtor.model_copy(update={"operator_id": operator_id, "updated_at": now})
        self.portfolio.update_debtor(tenant, moved, entry)
