"""Negocia Online in real Chromium (Playwright + Debian's /usr/bin/chromium) against the local stack:
identify with a wrong then the right code, pick titles, an offer, the method, the date, confirm the
e-mail, review, confirm, and download the termo."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import httpx
import pytest
from playwright.sync_api import Browser, Dialog, Page, ViewportSize, expect
from pypdf import PdfReader

from tests.e2e.conftest import BrowserLog
from tests.e2e.test_console_browser import SHOTS  # one folder of screenshots to look at

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("local-stack")]


@pytest.fixture
def page(browser: Browser, browser_log: BrowserLog) -> Iterator[Page]:
    context = browser_log.watch(browser.new_context(viewport={"width": 390, "height": 844}, locale="pt-BR"))
    yield context.new_page()
    context.close()


def a_debtor_with_something_to_negotiate(base_url: str, headers: dict[str, str]) -> dict:
    page = httpx.get(f"{base_url}/api/v1/debtors", params={"limit": "40"}, headers=headers).json()["items"]
    for summary in page:
        if summary["document_kind"] != "CPF":
            continue
        statement = httpx.get(f"{base_url}/api/v1/debtors/{summary['id']}/statement", headers=headers).json()
        if statement["lines"] and all(
            line["total"] and float(line["total"]) > 300 for line in statement["lines"]
        ):
            return summary
    raise AssertionError("no seeded debtor with open titles above R$ 300")


_USED_MAILS: set[int] = set()


def latest_code(base_url: str, seconds: float = 15) -> str:
    """The code is sent by the queue worker after the answer: wait for a new one to reach the mailbox."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for mail in httpx.get(f"{base_url}/local/mailbox.json").json():  # newest first
            found = re.search(r"código de acesso é (\d{6})", mail["text"])
            if found and mail["id"] not in _USED_MAILS:
                _USED_MAILS.add(mail["id"])
                return found.group(1)
        time.sleep(0.2)
    raise AssertionError("no new code in the mailbox")


def test_a_debtor_negotiates_alone_on_the_phone(base_url: str, login, page: Page):
    debtor = a_debtor_with_something_to_negotiate(base_url, login("admin@demo.local"))
    document = debtor["document"]
    masked = f"{document[:3]}.{document[3:6]}.{document[6:9]}-{document[9:]}"

    page.goto(f"{base_url}/negocia/demo")
    expect(page.locator("#brand")).to_contain_text("Demo Cobranças")
    footer = page.locator("#collector")  # who collects, how to reach them, the LGPD notice
    expect(footer).to_contain_text("CNPJ 11.444.777/0001-61")
    expect(footer.get_by_role("link", name="WhatsApp (falar com um atendente)")).to_have_attribute(
        "href", re.compile(r"^https://wa\.me/55\d{10,11}$")
    )
    footer.get_by_text("Aviso de privacidade").click()
    expect(footer).to_contain_text("art. 7º, X")
    page.fill("#document", masked)
    page.click("#send-code")
    expect(page.locator("#code-box")).to_be_visible()
    expect(page.locator("#message")).to_contain_text("enviamos um código")
    expect(page.locator("#no-code")).to_contain_text("Não recebeu")  # never a dead end

    code = latest_code(base_url)
    page.fill("#code", "000000" if code != "000000" else "111111")
    page.click("#enter")
    expect(page.locator("#message")).to_have_text("código inválido ou expirado")

    page.fill("#code", code)
    page.click("#enter")
    expect(page.locator("#step-titles")).to_be_visible()
    assert page.locator("#titles input[type=checkbox]").count() >= 1

    page.click("#see-offers")
    expect(page.locator("#step-offers")).to_be_visible()
    assert page.locator("input[name=offer]").count() >= 1
    expect(page.locator("input[name=method][value=card]")).to_have_count(1)  # demo has contracted cards
    page.fill("#email", "devedor.e2e@example.com")
    page.click("#review")
    expect(page.locator("#step-review")).to_be_visible()
    expect(page.locator("#summary")).to_contain_text("devedor.e2e@example.com")
    expect(page.locator("#term-text")).to_contain_text("TERMO DE ACORDO")  # the text it will sign
    expect(page.locator("#confirm")).to_be_disabled()  # not before "Li e aceito"
    page.check("#accept")

    page.click("#confirm")
    expect(page.locator("#step-done")).to_be_visible()
    number = page.locator("#agreement-number").inner_text()
    assert re.fullmatch(r"A-\d{6}", number)
    # how the entry is paid: the PIX code (a creditor on Asaas) or the creditor's own instructions
    box = page.locator("#payment")
    expect(box).to_contain_text(re.compile("PIX copia e cola|PIX — chave"), timeout=20_000)
    if "PIX — chave" in box.inner_text():
        expect(box).to_contain_text(f"referente ao acordo {number}")
    page.screenshot(path=str(SHOTS / "negocia-pagamento-390.png"), full_page=True)

    pdf = httpx.get(page.locator("#download").get_attribute("href") or "")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    words = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "ACEITE ELETRÔNICO" in words  # the acceptance is printed in the termo
    assert "SHA-256" in words
    mails = httpx.get(f"{base_url}/local/mailbox.json").json()
    assert any(
        m["subject"] == f"Termo de acordo {number}" and m["to"] == ["devedor.e2e@example.com"] for m in mails
    )


def test_an_unknown_tenant_shows_a_clear_message(base_url: str, page: Page):
    page.goto(f"{base_url}/negocia/outra")  # outra has not contracted Negocia Online
    expect(page.locator("#message")).to_have_text("Página não encontrada.")


HOSTILE = [
    '<img src=x onerror="window.__xss=1">',
    "<script>window.__xss=2</script>",
    '"><svg onload="window.__xss=3">',
]


def test_hostile_text_from_operators_and_erps_is_shown_never_run(base_url: str, login, page: Page):
    """Stored XSS: every operator-editable text the portal shows is set to markup; it must appear as
    text, and nothing may run (no dialog, no window.__xss, no element made from it)."""
    admin = login("admin@demo.local")
    creditor = httpx.post(
        f"{base_url}/api/v1/creditors",
        json={"code": "XSS", "name": HOSTILE[0], "document": "45.723.174/0001-10"},
        headers=admin,
    )
    assert creditor.status_code == 201, creditor.text
    offers = [
        {"code": "AV", "name": HOSTILE[1], "installments": 0, "discount_principal_percent": "5"},
        {"code": "2X", "name": HOSTILE[2], "installments": 2},
    ]
    policy = {"fees_percent": "10", "min_installment": "10.00", "max_first_due_days": 10, "offers": offers}
    r = httpx.patch(
        f"{base_url}/api/v1/creditors/{creditor.json()['id']}", json={"policy": policy}, headers=admin
    )
    assert r.status_code == 200, r.text
    debtor = a_debtor_with_something_to_negotiate(base_url, admin)
    title = httpx.post(
        f"{base_url}/api/v1/debtors/{debtor['id']}/titles",
        json={
            "creditor_id": creditor.json()["id"],
            "number": HOSTILE[0][:60],
            "description": HOSTILE[1],
            "original_amount": "450.00",
            "due_date": "2026-01-10",
        },
        headers=admin,
    )
    assert title.status_code == 201, title.text

    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    response = page.goto(f"{base_url}/negocia/demo")
    assert response is not None
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "max-age=" in response.headers["strict-transport-security"]

    document = debtor["document"]
    page.fill("#document", document)
    page.click("#send-code")
    expect(page.locator("#code-box")).to_be_visible()
    page.fill("#code", latest_code(base_url))
    page.click("#enter")
    expect(page.locator("#step-titles")).to_be_visible()
    expect(page.locator("#titles")).to_contain_text(HOSTILE[0][:60])
    page.locator(f"#titles input[value='{title.json()['id']}']").check()  # its creditor's group alone
    assert page.locator("#titles input:checked").count() == 1
    page.click("#see-offers")
    expect(page.locator("#step-offers")).to_be_visible()
    expect(page.locator("#offers")).to_contain_text(HOSTILE[1])
    expect(page.locator("#offers")).to_contain_text(HOSTILE[2])

    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("main img, main svg, main script").count() == 0
    assert dialogs == []


SIZES: dict[str, ViewportSize] = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 800},
}


@pytest.mark.parametrize("size", sorted(SIZES))
def test_a_debtor_of_two_creditors_sees_whom_they_owe_the_saving_and_comes_back_to_the_agreement(
    base_url: str, login, browser: Browser, size: str
):
    """Two creditors' titles in two groups (name and CNPJ), one negotiated at a time, each with its
    demonstrativo; the offer shows the discount in R$ and % and, in installments, the CET; the
    first-payment date is bounded by the policy; the termo is read and accepted; after closing, a reload
    keeps the session and "Meus acordos" shows the agreement, its parcels and the entry's PIX (2ª via).
    On the desktop the debtor comes in through a message's personal link (the document filled in)."""
    admin = login("admin@demo.local")
    # leaves the condominium's own debtors to the PIX test; each size its own debtor
    debtor = a_debtor_of(base_url, admin, "ACME", skip=sorted(SIZES).index(size))
    context = browser.new_context(viewport=SIZES[size], locale="pt-BR", accept_downloads=True)
    page = context.new_page()
    try:
        two_creditors(base_url, admin, page, debtor, size)
    finally:
        context.close()


def two_creditors(base_url: str, admin: dict[str, str], page: Page, debtor: dict, size: str) -> None:
    creditors = httpx.get(f"{base_url}/api/v1/creditors", headers=admin).json()["items"]
    other = next(c for c in creditors if c["code"] == "CONDO")
    added = httpx.post(
        f"{base_url}/api/v1/debtors/{debtor['id']}/titles",
        json={
            "creditor_id": other["id"],
            "number": f"E2E-2CRED-{size}",
            "description": "Mensalidade março",
            "original_amount": "2380.00",  # enough for installments
            "due_date": "2026-03-10",
        },
        headers=admin,
    )
    assert added.status_code == 201, added.text

    if size == "desktop":  # the link a ruler message carries: the document shown masked, read-only
        page.goto(f"{base_url}/negocia/demo?d={debtor['id']}")
        d = debtor["document"]
        expect(page.locator("#document")).to_have_value(f"***.{d[3:6]}.{d[6:9]}-**")
        expect(page.locator("#document")).not_to_be_editable()
        expect(page.locator("#not-me")).to_be_visible()
    else:
        page.goto(f"{base_url}/negocia/demo")
        page.fill("#document", debtor["document"])
        expect(page.locator("#document")).to_have_value(re.compile(r"^\d{3}\.\d{3}\.\d{3}-\d{2}$"))  # masked
    page.click("#send-code")
    page.fill("#code", latest_code(base_url))
    page.click("#enter")
    groups = page.locator("#titles fieldset.creditor")
    expect(groups).to_have_count(2)
    page.screenshot(path=str(SHOTS / f"negocia-titulos-{SIZES[size]['width']}.png"), full_page=True)
    with page.expect_download() as got:
        groups.filter(has_text=other["name"]).get_by_role("button", name=re.compile("demonstrativo")).click()
    statement = " ".join(p.extract_text() for p in PdfReader(got.value.path()).pages)
    assert f"E2E-2CRED-{size}" in statement  # this creditor's titles only
    assert "Total devido em" in statement
    expect(page.locator("#titles")).to_contain_text(other["name"])
    expect(page.locator("#titles")).to_contain_text("CNPJ")
    first, second = groups.nth(0), groups.nth(1)
    assert first.locator("input:checked").count() >= 1
    assert second.locator("input:checked").count() == 0  # no pre-checked mix
    second.locator("input[type=checkbox]").first.check()
    assert first.locator("input:checked").count() == 0  # one creditor at a time
    ours = groups.filter(has_not_text=other["name"])
    theirs = groups.filter(has_text=other["name"])
    ours.locator("input[type=checkbox]").first.check()
    assert theirs.locator("input:checked").count() == 0
    theirs.locator("input[type=checkbox]").first.check()  # the condominium charges through Asaas: a PIX
    assert ours.locator("input:checked").count() == 0

    page.click("#see-offers")
    expect(page.locator("#offers")).to_contain_text("Desconto de R$")
    date_input = page.locator("#first-due")
    limit = date_input.get_attribute("max")
    assert limit
    too_late = (date.fromisoformat(limit) + timedelta(days=1)).isoformat()
    date_input.fill(too_late)
    date_input.dispatch_event("change")
    expect(page.locator("#message")).to_contain_text("escolha uma data entre")  # at the offers step
    date_input.fill(limit)
    date_input.dispatch_event("change")
    expect(page.locator("#message")).to_be_hidden()
    installments = page.locator("#offers label.item", has_text="parcela").first
    expect(installments).to_contain_text("ao mês")
    installments.locator("input[name=offer]").check()
    page.locator("input[name=method][value=pix]").check()
    page.fill("#email", f"dois.credores.{size}@example.com")
    page.click("#review")
    expect(page.locator("#term-text")).to_contain_text("TERMO DE ACORDO")
    page.check("#accept")
    page.click("#confirm")
    expect(page.locator("#step-done")).to_be_visible()
    number = page.locator("#agreement-number").inner_text()
    expect(page.locator("#pix-code")).to_have_value(re.compile(r"^000201"), timeout=20_000)  # issued

    page.reload()  # the session survives a reload (this tab, 30 minutes)
    expect(page.locator("#agreements")).to_be_visible()
    card = page.locator("#agreements article", has_text=number)
    expect(card).to_contain_text("Entrada")
    expect(card).to_contain_text("em dia")
    acme = next(c for c in creditors if c["code"] == "ACME")
    expect(page.locator("#titles")).to_contain_text(acme["name"])  # the other creditor is still open
    expect(page.locator("#titles")).not_to_contain_text(other["name"])
    card.get_by_role("button", name=re.compile("2ª via")).click()
    expect(card.locator("textarea.pix-code")).to_have_value(re.compile(r"^000201"))
    page.screenshot(path=str(SHOTS / f"negocia-meus-acordos-{SIZES[size]['width']}.png"), full_page=True)


def a_debtor_of(base_url: str, headers: dict[str, str], creditor_code: str, skip: int = 0) -> dict:
    """A seeded CPF debtor whose open titles are all with this creditor (the one after `skip` others)."""
    creditors = httpx.get(f"{base_url}/api/v1/creditors", headers=headers).json()["items"]
    creditor = next(c for c in creditors if c["code"] == creditor_code)
    page = httpx.get(f"{base_url}/api/v1/debtors", params={"limit": "60"}, headers=headers).json()["items"]
    for summary in page:
        if summary["document_kind"] != "CPF":
            continue
        found = httpx.get(f"{base_url}/api/v1/debtors/{summary['id']}/titles", headers=headers).json()
        open_titles = [t for t in found["items"] if t["status"] == "open"]
        if open_titles and all(t["creditor_id"] == creditor["id"] for t in open_titles):
            if skip == 0:
                return summary
            skip -= 1
    raise AssertionError(f"no seeded debtor with open titles only at {creditor_code}")


def test_a_debtor_pays_the_entry_by_pix_and_confirming_it_at_asaas_settles_it(
    base_url: str, login, page: Page
):
    """The loop: the portal's agreement is charged at the (fake) Asaas, the debtor sees the PIX code and
    its QR, "Confirmar pagamento" on /local/asaas posts the webhook and the installment is paid."""
    admin = login("admin@demo.local")
    debtor = a_debtor_of(base_url, admin, "CONDO")  # the seeded condominium charges through Asaas
    page.goto(f"{base_url}/negocia/demo")
    page.fill("#document", debtor["document"])
    page.click("#send-code")
    page.fill("#code", latest_code(base_url))
    page.click("#enter")
    page.click("#see-offers")
    # installments (an entry and parcels), whichever place the best-saving-first order gives them
    page.locator("#offers label.item", has_text="parcela").first.locator("input[name=offer]").check()
    page.locator("input[name=method][value=pix]").check()
    page.fill("#email", "pagador.e2e@example.com")
    page.click("#review")
    page.check("#accept")
    page.click("#confirm")
    expect(page.locator("#step-done")).to_be_visible()
    expect(page.locator("#pix-code")).to_have_value(re.compile(r"^000201"), timeout=20_000)
    expect(page.locator("#payment img.qr")).to_be_visible()
    number = page.locator("#agreement-number").inner_text()
    agreements = httpx.get(f"{base_url}/api/v1/agreements", headers=admin).json()["items"]
    agreement = next(a for a in agreements if a["number"] == number)

    page.goto(f"{base_url}/local/asaas")
    row = page.locator("tr", has_text=f"{agreement['id']}-")
    row.first.get_by_role("button", name="Confirmar pagamento").click()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        found = httpx.get(f"{base_url}/api/v1/agreements/{agreement['id']}", headers=admin).json()
        if found["installments"][0]["status"] == "paid":
            break
        time.sleep(0.3)
    first = found["installments"][0]
    assert first["status"] == "paid", first
    assert first["charge"]["status"] == "paid"
    history = httpx.get(f"{base_url}/api/v1/debtors/{debtor['id']}/history", headers=admin).json()["items"]
    assert any(h["action"] == "payment.settle" and number in h["detail"] for h in history)

    # the tenant's ERP (/local/erp) was told, signed
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        received = httpx.get(f"{base_url}/local/erp.json").json()["received"]
        told = [
            r
            for r in received
            if r["body"]["event"] == "installment.paid"
            and r["body"]["data"]["agreement_id"] == agreement["id"]
        ]
        if told:
            break
        time.sleep(0.3)
    assert told, "the ERP received no installment.paid"
    assert all(r["valid"] and r["status"] == 200 for r in told)

    # nothing more is paid: past the next installment's limit, the daily run breaks the agreement
    late = date.fromisoformat(found["installments"][1]["due_date"]) + timedelta(days=31)
    httpx.post(f"{base_url}/local/clock", json={"now": f"{late.isoformat()}T07:00"})
    try:
        run = httpx.post(f"{base_url}/local/schedules/BreaksFunction/Daily", timeout=60).json()
        assert agreement["id"] in next(t for t in run["tenants"] if t["tenant"] == "demo")["broken"]
        broken = httpx.get(f"{base_url}/api/v1/agreements/{agreement['id']}", headers=admin).json()
        assert broken["status"] == "broken"
        # the creditor's statement of account has the payment and reconciles
        query = {"from": first["charge"]["paid_on"], "to": first["charge"]["paid_on"]}
        account = httpx.get(
            f"{base_url}/api/v1/creditors/{agreement['creditor_id']}/statement-of-account",
            params=query,
            headers=admin,
        ).json()
        [line] = [x for x in account["lines"] if x["agreement_id"] == agreement["id"]]
        assert Decimal(line["paid"]) == Decimal(first["amount"])
        t = {k: Decimal(v) for k, v in account["totals"].items()}
        assert (t["net"] + t["fee"], t["split"] + t["agency"]) == (t["paid"], t["net"])
    finally:
        httpx.post(f"{base_url}/local/clock", json={})
