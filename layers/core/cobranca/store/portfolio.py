"""Portfolio repository: tenants, creditors, categories, debtors, contacts, titles, history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pynamodb.exceptions import DoesNotExist, PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from cobranca.domain.debt import Policy
from cobranca.domain.documents import DocumentKind
from cobranca.domain.errors import Conflict, NotFound
from cobranca.domain.money import from_cents, to_cents
from cobranca.domain.portfolio import (
    Address,
    Category,
    Contact,
    ContactKind,
    Creditor,
    Debtor,
    DebtorSummary,
    HistoryEntry,
    Tenant,
    Title,
    TitleStatus,
    name_key,
)
from cobranca.store import keys as k
from cobranca.store.codec import decode_cursor, encode_cursor
from cobranca.store.models import (
    CategoryItem,
    ContactItem,
    CreditorItem,
    CreditorLinkItem,
    DebtorItem,
    DebtorSummaryAttrs,
    GuardItem,
    HistoryItem,
    IndexSeriesItem,
    Item,
    TemplateItem,
    TenantItem,
    TitleItem,
)

Page = tuple[list[Any], str | None]


def _conflict_on_condition(exc: TransactWriteError | PutError | UpdateError) -> bool:
    if isinstance(exc, PutError | UpdateError):
        return exc.cause_response_code == "ConditionalCheckFailedException"
    reasons = exc.cancellation_reasons or []
    return any(r is not None and r.code == "ConditionalCheckFailed" for r in reasons)


def _transact() -> TransactWrite:
    # The models' own connection: a new Connection would build a new botocore client (and re-read
    # the service model from disk) on every transaction.
    return TransactWrite(connection=Item._get_connection().connection)


# ------------------------------------------------------------------ item builders
def debtor_summary_keys(tenant: str, s: DebtorSummary) -> dict[str, Any]:
    sort = k.name_sort(name_key(s.name), s.id)
    return {
        "gsi1pk": k.debtors_list(tenant),
        "gsi1sk": sort,
        "gsi2pk": k.debtors_list(tenant),
        "gsi2sk": f"{s.document}#{s.id}",
        "gsi3pk": k.by_category(tenant, s.category_id) if s.category_id else None,
        "gsi3sk": sort if s.category_id else None,
        "gsi4pk": k.by_operator(tenant, s.operator_id) if s.operator_id else None,
        "gsi4sk": sort if s.operator_id else None,
    }


def _summary_attrs(s: DebtorSummary) -> dict[str, Any]:
    return {
        "id": s.id,
        "document": s.document,
        "document_kind": s.document_kind.value,
        "name": s.name,
        "uf": s.uf,
        "category_id": s.category_id,
        "operator_id": s.operator_id,
    }


def debtor_item(tenant: str, d: Debtor) -> DebtorItem:
    return DebtorItem(
        pk=k.debtor_pk(tenant, d.id),
        sk=k.DEBTOR_SK,
        birth_date=d.birth_date.isoformat() if d.birth_date else None,
        created_at=d.created_at,
        updated_at=d.updated_at,
        **_summary_attrs(d),
        **debtor_summary_keys(tenant, d),
    )


def link_item(tenant: str, s: DebtorSummary, creditor_id: str) -> CreditorLinkItem:
    return CreditorLinkItem(
        pk=k.debtor_pk(tenant, s.id),
        sk=f"{k.LINK_PREFIX}{creditor_id}",
        creditor_id=creditor_id,
        gsi3pk=k.by_creditor(tenant, creditor_id),
        gsi3sk=k.name_sort(name_key(s.name), s.id),
        **_summary_attrs(s),
    )


def guard_item(pk: str, target_id: str, parent_id: str | None = None) -> GuardItem:
    return GuardItem(pk=pk, sk=k.GUARD_SK, target_id=target_id, parent_id=parent_id)


TABLE_KEY = frozenset({"pk", "sk"})


def index_key(index: Any) -> frozenset[str]:
    """The attributes of a page's last key on a GSI: the table's key and the index's (GSI1 -> gsi1pk)."""
    name = str(index.Meta.index_name).lower()
    return TABLE_KEY | {f"{name}pk", f"{name}sk"}


def contact_item(tenant: str, debtor_id: str, c: Contact) -> ContactItem:
    return ContactItem(
        pk=k.debtor_pk(tenant, debtor_id),
        sk=f"{k.CONTACT_PREFIX}{c.id}",
        id=c.id,
        kind=c.kind.value,
        value=c.value,
        address=c.address.model_dump(mode="json") if c.address else None,
        label=c.label,
        valid=c.valid,
        invalid_reason=c.invalid_reason,
        login=c.login,
        created_at=c.created_at,
        updated_at=c.updated_at,
    )


def history_item(tenant: str, debtor_id: str, h: HistoryEntry) -> HistoryItem:
    return HistoryItem(
        pk=k.debtor_pk(tenant, debtor_id),
        sk=k.history_sk(h.at, h.id),
        id=h.id,
        at=h.at,
        actor=h.actor,
        action=h.action,
        detail=h.detail,
        data=h.data,
    )


def title_item(tenant: str, t: Title, debtor: DebtorSummary | None) -> TitleItem:
    is_open = t.status is TitleStatus.OPEN
    return TitleItem(
        debtor_kind=debtor.document_kind.value if debtor else None,
        category_id=debtor.category_id if debtor else None,
        pk=k.debtor_pk(tenant, t.debtor_id),
        sk=f"{k.TITLE_PREFIX}{t.id}",
        id=t.id,
        debtor_id=t.debtor_id,
        creditor_id=t.creditor_id,
        number=t.number,
        description=t.description,
        original_amount_cents=to_cents(t.original_amount),
        due_date=t.due_date.isoformat(),
        status=t.status.value,
        created_at=t.created_at,
        updated_at=t.updated_at,
        gsi3pk=k.titles_by_creditor(tenant, t.creditor_id),
        gsi3sk=f"{t.due_date.isoformat()}#{t.id}",
        duepk=k.due_on(tenant, t.due_date.isoformat()) if is_open else None,
        duesk=f"{k.TITLE_PREFIX}{t.id}" if is_open else None,
    )


def due_index_actions(tenant: str, t: Title) -> list[Any]:
    """Open titles sit on the sparse due-date index; any other status leaves it."""
    if t.status is TitleStatus.OPEN:
        return [
            TitleItem.duepk.set(k.due_on(tenant, t.due_date.isoformat())),
            TitleItem.duesk.set(f"{k.TITLE_PREFIX}{t.id}"),
        ]
    return [TitleItem.duepk.remove(), TitleItem.duesk.remove()]


# ------------------------------------------------------------------ item readers
def _summary(i: DebtorSummaryAttrs) -> dict[str, Any]:
    return {
        "id": i.id,
        "document": i.document,
        "document_kind": DocumentKind(i.document_kind),
        "name": i.name,
        "uf": i.uf,
        "category_id": i.category_id,
        "operator_id": i.operator_id,
    }


def to_debtor(i: DebtorItem, contacts: list[Contact]) -> Debtor:
    return Debtor(
        **_summary(i),
        birth_date=date.fromisoformat(i.birth_date) if i.birth_date else None,
        contacts=contacts,
        created_at=i.created_at,
        updated_at=i.updated_at,
    )


def to_contact(i: ContactItem) -> Contact:
    return Contact(
        id=i.id,
        kind=ContactKind(i.kind),
        value=i.value,
        address=Address.model_validate(i.address) if i.address else None,
        label=i.label,
        valid=i.valid,
        invalid_reason=i.invalid_reason,
        login=bool(i.login),
        created_at=i.created_at,
        updated_at=i.updated_at,
    )


def to_title(i: TitleItem) -> Title:
    return Title(
        id=i.id,
        debtor_id=i.debtor_id,
        creditor_id=i.creditor_id,
        number=i.number,
        description=i.description,
        original_amount=from_cents(int(i.original_amount_cents)),
        due_date=date.fromisoformat(i.due_date),
        status=TitleStatus(i.status),
        created_at=i.created_at,
        updated_at=i.updated_at,
    )


def to_creditor(i: CreditorItem) -> Creditor:
    return Creditor(
        id=i.id,
        code=i.code,
        name=i.name,
        document=i.document,
        document_kind=DocumentKind(i.document_kind),
        address=Address.model_validate(i.address) if i.address else None,
        policy=Policy.model_validate(i.policy) if i.policy else Policy(),
        created_at=i.created_at,
        updated_at=i.updated_at,
    )


def to_category(i: CategoryItem) -> Category:
    return Category(id=i.id, name=i.name, color=i.color, created_at=i.created_at, updated_at=i.updated_at)


def to_history(i: HistoryItem) -> HistoryEntry:
    return HistoryEntry(id=i.id, at=i.at, actor=i.actor, action=i.action, detail=i.detail, data=i.data)


def _page(results: Any, convert: Any) -> Page:
    items = [convert(i) for i in results]
    return items, encode_cursor(results.last_evaluated_key)


class DynamoPortfolio:
    """Implements ports.PortfolioRepository on the single table."""

    # ------------------------------------------------------------- tenants
    def get_tenant(self, slug: str) -> Tenant | None:
        try:
            i = TenantItem.get(k.tenant_pk(slug), k.TENANT_SK)
        except DoesNotExist:
            return None
        return Tenant(slug=i.slug, name=i.name, services=list(i.services or []))

    def list_tenants(self) -> list[Tenant]:
        return [
            Tenant(slug=i.slug, name=i.name, services=list(i.services or []))
            for i in TenantItem.gsi1.query(k.TENANTS_LIST)
        ]

    def put_tenant(self, t: Tenant) -> None:
        TenantItem(
            pk=k.tenant_pk(t.slug),
            sk=k.TENANT_SK,
            slug=t.slug,
            name=t.name,
            services=[s.value for s in t.services],
            gsi1pk=k.TENANTS_LIST,
            gsi1sk=t.slug,
        ).save()

    # ------------------------------------------------------------- creditors
    def add_creditor(self, tenant: str, c: Creditor) -> None:
        try:
            with _transact() as tx:
                tx.save(
                    guard_item(k.creditor_code_pk(tenant, c.code), c.id),
                    condition=GuardItem.pk.does_not_exist(),
                )
                tx.save(self._creditor_item(tenant, c), condition=CreditorItem.pk.does_not_exist())
        except TransactWriteError as exc:
            if _conflict_on_condition(exc):
                raise Conflict(f"já existe um credor com o código '{c.code}'") from exc
            raise

    def update_creditor(self, tenant: str, c: Creditor, old_code: str) -> None:
        try:
            with _transact() as tx:
                if c.code.upper() != old_code.upper():
                    tx.delete(guard_item(k.creditor_code_pk(tenant, old_code), c.id))
                    tx.save(
                        guard_item(k.creditor_code_pk(tenant, c.code), c.id),
                        condition=GuardItem.pk.does_not_exist(),
                    )
                tx.save(self._creditor_item(tenant, c), condition=CreditorItem.pk.exists())
        except TransactWriteError as exc:
            if _conflict_on_condition(exc):
                raise Conflict(f"já existe um credor com o código '{c.code}'") from exc
            raise

    @staticmethod
    def _creditor_item(tenant: str, c: Creditor) -> CreditorItem:
        return CreditorItem(
            pk=k.tenant_pk(tenant),
            sk=f"{k.CREDITOR_PREFIX}{c.id}",
            id=c.id,
            code=c.code,
            name=c.name,
            document=c.document,
            document_kind=c.document_kind.value,
            address=c.address.model_dump(mode="json") if c.address else None,
            policy=c.policy.model_dump(mode="json"),
            created_at=c.created_at,
            updated_at=c.updated_at,
        )

    def get_creditor(self, tenant: str, creditor_id: str) -> Creditor:
        try:
            return to_creditor(CreditorItem.get(k.tenant_pk(tenant), f"{k.CREDITOR_PREFIX}{creditor_id}"))
        except DoesNotExist:
            raise NotFound("credor não encontrado") from None

    def list_creditors(self, tenant: str) -> list[Creditor]:
        results = CreditorItem.query(k.tenant_pk(tenant), CreditorItem.sk.startswith(k.CREDITOR_PREFIX))
        return [to_creditor(i) for i in results]

    # ------------------------------------------------------------- categories
    def put_category(self, tenant: str, c: Category, *, new: bool) -> None:
        item = CategoryItem(
            pk=k.tenant_pk(tenant),
            sk=f"{k.CATEGORY_PREFIX}{c.id}",
            id=c.id,
            name=c.name,
            color=c.color,
            created_at=c.created_at,
            updated_at=c.updated_at,
        )
        item.save(condition=CategoryItem.pk.does_not_exist() if new else CategoryItem.pk.exists())

    def get_category(self, tenant: str, category_id: str) -> Category:
        try:
            return to_category(CategoryItem.get(k.tenant_pk(tenant), f"{k.CATEGORY_PREFIX}{category_id}"))
        except DoesNotExist:
            raise NotFound("categoria não encontrada") from None

    def list_categories(self, tenant: str) -> list[Category]:
        results = CategoryItem.query(k.tenant_pk(tenant), CategoryItem.sk.startswith(k.CATEGORY_PREFIX))
        return [to_category(i) for i in results]

    # ------------------------------------------------------------- debtors
    def add_debtor(self, tenant: str, d: Debtor, history: HistoryEntry) -> None:
        """Creates the debtor only if no debtor holds the document (one conditional transaction)."""
        try:
            with _transact() as tx:
                tx.save(
                    guard_item(k.document_guard_pk(tenant, d.document), d.id),
                    condition=GuardItem.pk.does_not_exist(),
                )
                tx.save(debtor_item(tenant, d))
                for c in d.contacts:
                    tx.save(contact_item(tenant, d.id, c))
                tx.save(history_item(tenant, d.id, history))
        except TransactWriteError as exc:
            if _conflict_on_condition(exc):
                raise Conflict("já existe um devedor com este documento") from exc
            raise

    def get_debtor(self, tenant: str, debtor_id: str) -> Debtor:
        # One query reads the debtor and its contacts: CONTACT#… sorts before DEBTOR.
        rows = list(
            Item.query(k.debtor_pk(tenant, debtor_id), Item.sk.between(k.CONTACT_PREFIX, k.DEBTOR_SK))
        )
        debtor = next((r for r in rows if isinstance(r, DebtorItem)), None)
        if debtor is None:
            raise NotFound("devedor não encontrado")
        return to_debtor(debtor, [to_contact(r) for r in rows if isinstance(r, ContactItem)])

    def debtor_id_by_document(self, tenant: str, document: str) -> str | None:
        try:
            return str(GuardItem.get(k.document_guard_pk(tenant, document), k.GUARD_SK).target_id)
        except DoesNotExist:
            return None

    def update_debtor(self, tenant: str, d: Debtor, history: HistoryEntry) -> None:
        """Saves the debtor and refreshes the summary copied onto its creditor links."""
        links = list(
            CreditorLinkItem.query(k.debtor_pk(tenant, d.id), CreditorLinkItem.sk.startswith(k.LINK_PREFIX))
        )
        titles = list(TitleItem.query(k.debtor_pk(tenant, d.id), TitleItem.sk.startswith(k.TITLE_PREFIX)))
        stale = [t for t in titles if t.category_id != d.category_id]
        room = max(0, 90 - len(links))
        first, rest = stale[:room], stale[room:]
        category = (
            TitleItem.category_id.set(d.category_id) if d.category_id else TitleItem.category_id.remove()
        )
        with _transact() as tx:
            tx.save(debtor_item(tenant, d), condition=DebtorItem.pk.exists())
            for link in links:
                tx.save(link_item(tenant, d, link.creditor_id))
            for t in first:
                tx.update(t, actions=[category])
            tx.save(history_item(tenant, d.id, history))
        for group in (rest[n : n + 100] for n in range(0, len(rest), 100)):  # a debtor with 90+ titles
            with _transact() as tx:
                for t in group:
                    tx.update(t, actions=[category])

    def list_debtors(
        self,
        tenant: str,
        *,
        name_prefix: str | None,
        document_prefix: str | None,
        category_id: str | None,
        creditor_id: str | None,
        operator_id: str | None,
        limit: int,
        cursor: str | None,
    ) -> Page:
        """Queries the most selective index for the filters; the other filters become conditions.

        creditor > category > operator > document prefix > all (by name). Every index's sort key is
        the accent-free name, so a name prefix is always a key condition, never a filter.
        """
        attrs = DebtorSummaryAttrs
        filters = {"category_id": category_id, "operator_id": operator_id}
        if creditor_id:
            index, hash_key, sort_attr = (
                CreditorLinkItem.gsi3,
                k.by_creditor(tenant, creditor_id),
                Item.gsi3sk,
            )
        elif category_id:
            index, hash_key, sort_attr = DebtorItem.gsi3, k.by_category(tenant, category_id), Item.gsi3sk
            filters.pop("category_id")
        elif operator_id:
            index, hash_key, sort_attr = DebtorItem.gsi4, k.by_operator(tenant, operator_id), Item.gsi4sk
            filters.pop("operator_id")
        elif document_prefix:
            index, hash_key, sort_attr = DebtorItem.gsi2, k.debtors_list(tenant), Item.gsi2sk
        else:
            index, hash_key, sort_attr = DebtorItem.gsi1, k.debtors_list(tenant), Item.gsi1sk
        key_prefix = (
            document_prefix if sort_attr is Item.gsi2sk else (name_key(name_prefix) if name_prefix else None)
        )
        conditions = [getattr(attrs, name) == value for name, value in filters.items() if value]
        if document_prefix and sort_attr is not Item.gsi2sk:
            conditions.append(attrs.document.startswith(document_prefix))
        filter_condition = None
        for condition in conditions:
            filter_condition = condition if filter_condition is None else filter_condition & condition
        results = index.query(
            hash_key,
            sort_attr.startswith(key_prefix) if key_prefix else None,
            filter_condition=filter_condition,
            limit=limit,
            last_evaluated_key=decode_cursor(cursor, tenant, index_key(index)),
        )
        return _page(results, lambda i: DebtorSummary(**_summary(i)))

    # ------------------------------------------------------------- contacts
    def add_contact(self, tenant: str, debtor_id: str, c: Contact, history: HistoryEntry) -> None:
        try:
            with _transact() as tx:
                tx.condition_check(
                    DebtorItem, k.debtor_pk(tenant, debtor_id), k.DEBTOR_SK, DebtorItem.pk.exists()
                )
                tx.save(contact_item(tenant, debtor_id, c), condition=ContactItem.pk.does_not_exist())
                tx.save(history_item(tenant, debtor_id, history))
        except TransactWriteError as exc:
            reasons = exc.cancellation_reasons or []
            if reasons and reasons[0] is not None and reasons[0].code == "ConditionalCheckFailed":
                raise NotFound("devedor não encontrado") from exc
            if _conflict_on_condition(exc):
                raise Conflict("este contato já está cadastrado para o devedor") from exc
            raise

    def update_contact(self, tenant: str, debtor_id: str, c: Contact, history: HistoryEntry) -> None:
        with _transact() as tx:
            tx.save(contact_item(tenant, debtor_id, c), condition=ContactItem.pk.exists())
            tx.save(history_item(tenant, debtor_id, history))

    # ------------------------------------------------------------- titles
    def add_title(self, tenant: str, t: Title, debtor: DebtorSummary, history: HistoryEntry) -> None:
        """Unique per creditor + number: the guard and the title are written together or not at all."""
        try:
            with _transact() as tx:
                tx.save(
                    guard_item(k.title_guard_pk(tenant, t.creditor_id, t.number), t.id, t.debtor_id),
                    condition=GuardItem.pk.does_not_exist(),
                )
                tx.save(title_item(tenant, t, debtor))
                tx.save(link_item(tenant, debtor, t.creditor_id))
                tx.save(history_item(tenant, t.debtor_id, history))
        except TransactWriteError as exc:
            if _conflict_on_condition(exc):
                raise Conflict(f"o título '{t.number}' já existe para este credor") from exc
            raise

    def list_titles(self, tenant: str, debtor_id: str) -> list[Title]:
        results = TitleItem.query(k.debtor_pk(tenant, debtor_id), TitleItem.sk.startswith(k.TITLE_PREFIX))
        return [to_title(i) for i in results]

    def get_title(self, tenant: str, debtor_id: str, title_id: str) -> Title:
        try:
            return to_title(TitleItem.get(k.debtor_pk(tenant, debtor_id), f"{k.TITLE_PREFIX}{title_id}"))
        except DoesNotExist:
            raise NotFound("título não encontrado") from None

    def change_title_status(
        self, tenant: str, t: Title, expected: TitleStatus, history: HistoryEntry
    ) -> None:
        """Optimistic: applies only if the status is still the one the caller saw."""
        try:
            with _transact() as tx:
                tx.update(
                    TitleItem(k.debtor_pk(tenant, t.debtor_id), f"{k.TITLE_PREFIX}{t.id}"),
                    actions=[
                        TitleItem.status.set(t.status.value),
                        TitleItem.updated_at.set(t.updated_at),
                        *due_index_actions(tenant, t),
                    ],
                    condition=TitleItem.status == expected.value,
                )
                tx.save(history_item(tenant, t.debtor_id, history))
        except TransactWriteError as exc:
            if _conflict_on_condition(exc):
                raise Conflict(
                    "o título foi alterado por outra operação; recarregue e tente de novo"
                ) from exc
            raise

    # ------------------------------------------------------------- price indices
    def get_index_series(self, tenant: str, name: str) -> dict[str, Decimal]:
        try:
            item = IndexSeriesItem.get(k.tenant_pk(tenant), f"{k.INDEX_PREFIX}{name}")
        except DoesNotExist:
            return {}
        return {month: Decimal(value) for month, value in (item.values or {}).items()}

    def put_index_series(self, tenant: str, name: str, values: dict[str, Decimal], at: str) -> None:
        IndexSeriesItem(
            pk=k.tenant_pk(tenant),
            sk=f"{k.INDEX_PREFIX}{name}",
            name=name,
            values={month: str(value) for month, value in sorted(values.items())},
            updated_at=at,
        ).save()

    # ------------------------------------------------------------- term templates
    def get_term_template(self, tenant: str, scope: str) -> str | None:
        try:
            return str(TemplateItem.get(k.tenant_pk(tenant), f"{k.TEMPLATE_PREFIX}term#{scope}").text)
        except DoesNotExist:
            return None

    def put_term_template(self, tenant: str, scope: str, text: str, at: str) -> None:
        TemplateItem(
            pk=k.tenant_pk(tenant), sk=f"{k.TEMPLATE_PREFIX}term#{scope}", text=text, updated_at=at
        ).save()

    # ------------------------------------------------------------- history
    def add_history(self, tenant: str, debtor_id: str, h: HistoryEntry) -> None:
        history_item(tenant, debtor_id, h).save()

    def list_history(self, tenant: str, debtor_id: str, limit: int, cursor: str | None) -> Page:
        results = HistoryItem.query(
            k.debtor_pk(tenant, debtor_id),
            HistoryItem.sk.startswith(k.HISTORY_PREFIX),
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=decode_cursor(cursor, tenant, TABLE_KEY),
        )
        return _page(results, to_history)
