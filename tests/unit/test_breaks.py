"""Breaking agreements (F22): when one breaks, and what its titles owe after the payments are imputed
(CC arts. 354-355). Worked examples by hand, then properties over random debts and payments."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cobranca.domain.agreements import (
    Agreement,
    Charge,
    ChargeStatus,
    Installment,
    InstallmentStatus,
)
from cobranca.domain.breaks import due_to_break, impute, paid_installments
from cobranca.domain.debt import CorrectionIndex, DebtCalculator, Imputed, Policy
from cobranca.domain.portfolio import Title, TitleStatus
from tests.fakes import an_agreement

C = Decimal("0.01")
PLAIN = Policy(fine_percent=Decimal(2), interest_percent_month=Decimal(1), fees_percent=Decimal(10))
DUE = date(2026, 1, 10)


def test_a_payment_goes_to_interest_then_fine_then_principal_and_re_bases_the_title():
    calc = DebtCalculator(PLAIN)
    # 100.00 on 09/02 (30 days late): interest 10.00 and fine 20.00 paid, 70.00 off the principal
    paid = [Imputed(paid_on=date(2026, 2, 9), amount=Decimal("100.00"))]
    u = calc.update(Decimal("1000.00"), DUE, date(2026, 3, 11), paid)
    assert u.paid == Decimal("100.00")
    assert u.corrected == Decimal("930.00")
    assert u.fine == 0  # no second fine on what is left
    assert u.interest == Decimal("9.30")  # 930.00 × 1% × 30 / 30, from the payment's day
    assert u.fees == Decimal("93.93")  # 10% of 939.30: honorários on what remains
    assert u.total == Decimal("1033.23")


def test_a_payment_short_of_the_charges_leaves_the_principal_and_its_interest_running():
    calc = DebtCalculator(PLAIN)
    paid = [Imputed(paid_on=date(2026, 2, 9), amount=Decimal("25.00"))]  # interest 10.00, fine 15 of 20
    u = calc.update(Decimal("1000.00"), DUE, date(2026, 3, 11), paid)
    assert (u.corrected, u.fine, u.interest) == (Decimal("1000.00"), Decimal("5.00"), Decimal("10.00"))
    assert u.fees == Decimal("101.50")
    assert u.total == Decimal("1116.50")
    # and a payment after the calculation date is not deducted yet
    assert (
        calc.update(Decimal("1000.00"), DUE, date(2026, 2, 8), paid).total
        == calc.update(Decimal("1000.00"), DUE, date(2026, 2, 8)).total
    )


def _agreement(installments: list[Installment]) -> Agreement:
    return an_agreement(installments, title_ids=["t1", "t2"])


def _installment(number: int, due: date, amount: str, paid_on: date | None = None) -> Installment:
    charge = None
    if paid_on:
        charge = Charge(
            status=ChargeStatus.PAID, reference=f"a1-{number:02d}", paid_on=paid_on, updated_at="2026-01-01"
        )
    status = InstallmentStatus.PAID if paid_on else InstallmentStatus.PENDING
    return Installment(number=number, due_date=due, amount=Decimal(amount), status=status, charge=charge)


def test_an_installment_breaks_the_agreement_one_day_after_its_limit_and_the_first_may_have_its_own():
    a = _agreement(
        [
            _installment(0, date(2026, 3, 1), "100.00", paid_on=date(2026, 3, 1)),
            _installment(1, date(2026, 4, 1), "100.00"),
        ]
    )
    assert due_to_break(a, PLAIN, date(2026, 5, 1)) is None  # 30 days late: still within the limit
    late = due_to_break(a, PLAIN, date(2026, 5, 2))
    assert late is not None
    assert late.number == 1
    unpaid_entry = _agreement(
        [_installment(0, date(2026, 3, 1), "100.00"), _installment(1, date(2026, 4, 1), "1")]
    )
    strict = PLAIN.model_copy(update={"first_break_after_days": 5})
    # due on Sunday 1 March: payable on time on Monday the 2nd, so five days late on the 7th
    assert due_to_break(unpaid_entry, strict, date(2026, 3, 7)) is None
    assert due_to_break(unpaid_entry, strict, date(2026, 3, 8)) == unpaid_entry.installments[0]
    assert due_to_break(unpaid_entry, PLAIN, date(2026, 3, 8)) is None  # the general limit is 30 days
    on_a_tuesday = _agreement(
        [_installment(0, date(2026, 3, 3), "100.00"), _installment(1, date(2026, 4, 1), "1")]
    )
    assert due_to_break(on_a_tuesday, strict, date(2026, 3, 8)) is None
    assert due_to_break(on_a_tuesday, strict, date(2026, 3, 9)) == on_a_tuesday.installments[0]


def _title(tid: str, amount: str, due: date) -> Title:
    return Title(
        id=tid,
        debtor_id="d1",
        creditor_id="c1",
        number=tid.upper(),
        original_amount=Decimal(amount),
        due_date=due,
        status=TitleStatus.IN_AGREEMENT,
        created_at="2026-01-01T00:00:00Z",
        updated_at="2026-01-01T00:00:00Z",
    )


def test_the_payments_go_to_the_oldest_title_first_and_one_paid_off_reopens_as_paid():
    calc = DebtCalculator(PLAIN)
    older, newer = _title("t1", "100.00", date(2026, 1, 10)), _title("t2", "500.00", date(2026, 2, 10))
    a = _agreement(
        [
            _installment(0, date(2026, 3, 1), "150.00", paid_on=date(2026, 3, 1)),
            _installment(1, date(2026, 4, 1), "150.00"),
        ]
    )
    out = impute(calc, [newer, older], paid_installments(a), a.id, date(2026, 5, 2), "now")
    by_id = {t.id: t for t in out.titles}
    # t1 on 01/03: 100.00 + fine 2.00 + interest 1% × 50 days = 1.67 → 103.67 settles it
    assert by_id["t1"].payments == [
        Imputed(paid_on=date(2026, 3, 1), amount=Decimal("103.67"), agreement_id="a1")
    ]
    assert by_id["t1"].status is TitleStatus.PAID
    assert by_id["t2"].payments[0].amount == Decimal("46.33")
    assert by_id["t2"].status is TitleStatus.OPEN
    assert (out.imputed, out.credit) == (Decimal("150.00"), Decimal(0))


money = st.decimals(min_value=Decimal("10.00"), max_value=Decimal("50000.00"), places=2)
days = st.integers(min_value=-60, max_value=900)


@st.composite
def cases(draw: st.DrawFn) -> tuple[DebtCalculator, list[Title], list[tuple[date, Decimal]], date]:
    policy = Policy(
        fine_percent=draw(st.decimals(min_value=0, max_value=2, places=2)),
        interest_percent_month=draw(st.decimals(min_value=0, max_value=5, places=2)),
        fees_percent=draw(st.decimals(min_value=0, max_value=20, places=2)),
        correction_index=draw(st.sampled_from([CorrectionIndex.NONE, CorrectionIndex.IPCA])),
        financial_institution=True,  # any contract rate
    )
    month = st.decimals(min_value=Decimal("-0.5"), max_value=Decimal("1.5"), places=2)
    series = {f"{y}-{m:02d}": draw(month) for y in (2025, 2026, 2027, 2028) for m in range(1, 13)}
    start = date(2025, 6, 1)
    titles = [
        _title(f"t{n}", str(draw(money)), start + timedelta(days=draw(st.integers(0, 200))))
        for n in range(draw(st.integers(1, 4)))
    ]
    payments = [
        (start + timedelta(days=draw(days) + 60), draw(money)) for _ in range(draw(st.integers(0, 6)))
    ]
    today = max([p[0] for p in payments], default=start) + timedelta(days=draw(st.integers(0, 400)))
    return DebtCalculator(policy, series), titles, payments, today


@settings(max_examples=300, deadline=None)
@given(cases())
def test_imputation_never_loses_money_nor_makes_anyone_owe_more(case):
    calc, titles, payments, today = case
    out = impute(calc, titles, payments, "a1", today, "now")
    assert out.imputed + out.credit == sum((p[1] for p in payments), Decimal(0))  # nothing lost
    for before, after in zip(titles, out.titles, strict=True):
        unpaid = calc.update(before.original_amount, before.due_date, today)
        left = calc.update(after.original_amount, after.due_date, today, after.payments)
        assert left.total <= unpaid.total  # paying never makes the title owe more
        assert left.paid == sum((p.amount for p in after.payments), Decimal(0))
        # what was paid plus what is left is at most what was owed without the payments (honorários
        # apart: they fall on what is left), give or take a centavo of rounding per payment; with a
        # deflation after a payment the debt shrinks but what was paid on its day does not, so the bound
        # is what it owed at its highest, on a payment's day or today
        slack = C * len(after.payments)
        days_owed = [today, *(p.paid_on for p in after.payments)]
        highest = max(calc.update(before.original_amount, before.due_date, d).imputable for d in days_owed)
        assert left.paid + left.imputable <= highest + slack
        assert (after.status is TitleStatus.PAID) == (left.total == 0)
        for n, p in enumerate(after.payments):  # never more to a title than it owed on that day
            owed = calc.update(after.original_amount, after.due_date, p.paid_on, after.payments[:n]).imputable
            assert p.amount <= owed


@settings(max_examples=200, deadline=None)
@given(cases())
def test_paying_what_a_title_owes_on_a_day_settles_it_on_that_day(case):
    calc, titles, _, today = case
    t = titles[0]
    owed = calc.update(t.original_amount, t.due_date, today).imputable
    left = calc.update(t.original_amount, t.due_date, today, [Imputed(paid_on=today, amount=owed)])
    assert left.total == 0
    assert left.paid == owed


def test_a_local_holiday_moves_the_day_an_installment_is_paid_on_time_and_so_its_break():
    a = _agreement([_installment(0, date(2026, 7, 9), "100.00"), _installment(1, date(2026, 8, 9), "1")])
    strict = PLAIN.model_copy(update={"first_break_after_days": 5})
    # Thursday 9 July 2026: a business day nationally, a holiday in São Paulo (Revolução Constitucionalista)
    assert due_to_break(a, strict, date(2026, 7, 15)) == a.installments[0]
    in_sao_paulo = strict.model_copy(update={"local_holidays": [date(2026, 7, 9)]})
    assert due_to_break(a, in_sao_paulo, date(2026, 7, 15)) is None  # payable on time on Friday the 10th
    assert due_to_break(a, in_sao_paulo, date(2026, 7, 16)) == a.installments[0]


def test_a_title_due_on_a_local_holiday_owes_nothing_extra_on_the_next_business_day():
    policy = Policy(fine_percent=Decimal("2"), interest_percent_month=Decimal("1"))
    due, friday = date(2026, 7, 9), date(2026, 7, 10)
    elsewhere = DebtCalculator(policy).update(Decimal("1000.00"), due, friday)
    assert (elsewhere.fine, elsewhere.total) == (Decimal("20.00"), Decimal("1020.33"))
    local = policy.model_copy(update={"local_holidays": [due]})
    on_time = DebtCalculator(local).update(Decimal("1000.00"), due, friday)
    assert (on_time.days_late, on_time.total) == (0, Decimal("1000.00"))
    monday = DebtCalculator(local).update(Decimal("1000.00"), due, date(2026, 7, 13))
    assert (monday.days_late, monday.fine) == (4, Decimal("20.00"))  # after it: as always, from the due date


def test_no_day_counts_toward_a_break_before_the_debtor_had_a_way_to_pay():
    from cobranca.domain.breaks import payable_since, waited_for_a_way_to_pay
    from cobranca.domain.documents import DocumentKind
    from cobranca.domain.payments import PaymentInstructions
    from cobranca.domain.portfolio import Creditor

    a = _agreement([_installment(0, date(2026, 3, 2), "100.00"), _installment(1, date(2026, 4, 1), "1")])
    assert due_to_break(a, PLAIN, date(2026, 4, 2)) == a.installments[0]  # 31 days after the due date
    # the creditor had no portador and no instructions until 20 April: the 30 days count from then
    assert due_to_break(a, PLAIN, date(2026, 5, 20), payable_from=date(2026, 4, 20)) is None
    assert due_to_break(a, PLAIN, date(2026, 5, 21), payable_from=date(2026, 4, 20)) == a.installments[0]

    bare = Creditor(
        id="c1", code="C", name="Condomínio", document="34028316000103", document_kind=DocumentKind.CNPJ,
        policy=PLAIN, created_at="", updated_at="",
    )  # fmt: skip
    assert payable_since(None, bare, date(2026, 4, 20)) is None
    instructed = bare.model_copy(update={"payment_instructions": PaymentInstructions(pix_key="a@b.example")})
    assert payable_since(bare, instructed, date(2026, 4, 20)) == date(2026, 4, 20)
    kept = instructed.model_copy(update={"payable_since": date(2026, 4, 20)})
    assert payable_since(kept, kept, date(2026, 6, 1)) == date(2026, 4, 20)
    # the daily run reads the due dates before that day while such a break may come
    assert date(2026, 3, 2) in waited_for_a_way_to_pay([kept], date(2026, 5, 21), 7)
    assert waited_for_a_way_to_pay([kept], date(2026, 7, 1), 7) == set()
    assert waited_for_a_way_to_pay([bare], date(2026, 5, 21), 7) == set()
