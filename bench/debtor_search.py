"""Debtor search ("Buscar devedor") by any word of the name, and by a title number, an e-mail or a phone:
DynamoDB items read per query at 10k and 100k debtors (BENCH_SEARCH_SIZES), against what a Scan would
read to find the same debtors. The lookups go through the service, as the API does: a text that finds
no CPF/CNPJ is tried as a phone, then a title number, and those reads count too.

Each debtor is written as the API writes it (the debtor and its name words on the word index); names
are drawn from the local seed's first names and surnames. A query reads one page (limit 50) of the
word index's partition for its longest word; the other typed words are a filter, so such a query
reads on until it has a page (or the word's range ends): its reads per result are the inverse of how
often the other words go with the first.

The console's list asks for each row's balance (its titles read, updated by the creditor's policy):
BALANCED queries measure that, items read and requests per row, for a page of 25; a balance filter
no debtor passes shows the cap (five index pages of 25, every row's titles read, nothing found).
"""

from __future__ import annotations

import os
import random
import time
from datetime import date
from decimal import Decimal
from typing import Any

from bench import offline_aws

SIZES = [int(n) for n in os.environ.get("BENCH_SEARCH_SIZES", "10000,100000").split(",")]
QUERIES = ["silva", "sil", "oliv", "ana", "maria souza", "souza ana", "wagner costa", "zzz"]
# a title number (one, then ten), an e-mail and a phone (each debtor has one of each)
LOOKUPS = ["NF-000123", "nf-00012", "cliente123@", "(11) 90000-0123", "11900000123"]
TENANT = "bench"
# (label, search text, status filter): the console's page of 25 with each row's balance
BALANCED: list[tuple[str, str, str | None]] = [
    ("list+balance", "", None),
    ("silva+balance", "silva", None),
    ("in agreement", "", "in_agreement"),
]


def seed(size: int) -> int:
    from cobranca.domain.contacts import Contact, ContactKind
    from cobranca.domain.documents import DocumentKind, cpf_check_digits
    from cobranca.domain.portfolio import Creditor, Debtor, DebtorSummary, Title, TitleStatus
    from cobranca.store.items import contact_item, creditor_item, debtor_item, title_item, word_items
    from cobranca.store.models import Item
    from infra.local.seed import FIRST, LAST

    rng = random.Random(7)
    first = [*FIRST, "Maria"]
    written = 0
    with Item.batch_write() as batch:
        creditor = Creditor(
            id="c1",
            code="C1",
            name="Credor",
            document="11222333000181",
            document_kind=DocumentKind.CNPJ,
            created_at="",
            updated_at="",
        )
        batch.save(creditor_item(TENANT, creditor))
        for n in range(size):
            body = f"{100000000 + n:09d}"
            name = f"{rng.choice(first)} {rng.choice(LAST)} {rng.choice(LAST)}"
            summary = DebtorSummary(
                id=f"d{n:07d}",
                document=body + cpf_check_digits(body),
                document_kind=DocumentKind.CPF,
                name=name,
            )
            from cobranca.domain.portfolio import Debtor

            debtor = Debtor(**summary.model_dump(), contacts=[], created_at="", updated_at="")
            batch.save(debtor_item(TENANT, debtor))
            written += 1
            for word in word_items(TENANT, summary):
                batch.save(word)
                written += 1
            email = Contact(
                id=f"e{n}",
                kind=ContactKind.EMAIL,
                value=f"cliente{n}@example.com",
                created_at="",
                updated_at="",
            )
            phone = Contact(
                id=f"p{n}",
                kind=ContactKind.PHONE,
                value=f"+5511{900000000 + n}",
                created_at="",
                updated_at="",
            )
            title = Title(
                id=f"t{n}",
                debtor_id=summary.id,
                creditor_id="c1",
                number=f"NF-{n:06d}",
                original_amount=Decimal("10.00"),
                due_date=date(2026, 10, 1),
                status=TitleStatus.OPEN,
                created_at="",
                updated_at="",
            )
            batch.save(contact_item(TENANT, summary.id, email))
            batch.save(contact_item(TENANT, summary.id, phone))
            batch.save(title_item(TENANT, title, summary))
            written += 3
    return written


def one_size(size: int) -> list[dict[str, Any]]:
    from moto import mock_aws

    from bench.ruler import Meter
    from cobranca.domain.access import Role
    from cobranca.domain.balances import BalanceFilter, DebtorStatus
    from cobranca.domain.search import DebtorQuery
    from cobranca.services.caller import Caller
    from cobranca.store.debtors import DynamoDebtors
    from infra import template
    from infra.local.resources import create_all

    meter = Meter()
    meter.install()
    rows = []
    with mock_aws():
        resources = create_all()
        os.environ.update(resources.environment(next(iter(template.functions()))))
        from cobranca import bootstrap

        bootstrap.reset()
        bootstrap.services()  # points the store at the table
        started = time.perf_counter()
        items = seed(size)
        print(f"  {size:,} debtors seeded ({items:,} items) in {time.perf_counter() - started:.0f} s")
        debtors = DynamoDebtors()
        caller = Caller(TENANT, "u", "bench@example.com", Role.ADMIN)
        portfolio = bootstrap.services().portfolio
        for q in QUERIES + LOOKUPS:
            meter.reset()
            meter.on = True
            if q in LOOKUPS:
                found, _ = portfolio.list_debtors(caller, DebtorQuery.search(q))
            else:
                found, _ = debtors.list_debtors(TENANT, DebtorQuery.search(q))
            meter.on = False
            rows.append({"size": size, "q": q, "found": len(found), "read": meter.read, "items": items})
        listing = bootstrap.services().debtor_list
        for label, q, only in BALANCED:
            meter.reset()
            meter.on = True
            query = DebtorQuery.search(q or None, limit=25)
            status = DebtorStatus(only) if only else None
            rows_found, _ = listing.rows(caller, query, with_balance=True, only=BalanceFilter(status=status))
            meter.on = False
            requests = sum(meter.calls.values())
            rows.append(
                {
                    "size": size,
                    "q": label,
                    "found": len(rows_found),
                    "read": meter.read,
                    "items": items,
                    "requests": requests,
                }
            )
    return rows


def main() -> None:
    offline_aws(POWERTOOLS_LOG_LEVEL="WARNING")
    from infra.local import moto_fixes

    moto_fixes.apply()
    print(
        "Debtor search by a word of the name, a title number, an e-mail or a phone: items read for one page"
    )
    results = [row for size in SIZES for row in one_size(size)]
    print(
        f"{'debtors':>9} {'query':<16} {'found':>5} {'read':>5} {'read/found':>10} {'requests':>8}"
        f" {'a Scan reads':>12}"
    )
    for r in results:
        ratio = f"{r['read'] / r['found']:.2f}" if r["found"] else "-"
        requests = r.get("requests", "")
        print(
            f"{r['size']:>9,} {r['q']:<16} {r['found']:>5} {r['read']:>5} {ratio:>10} {requests:>8}"
            f" {r['items']:>12,}"
        )


if __name__ == "__main__":
    main()
