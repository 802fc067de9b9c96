"""The operator console in real Chromium against the local stack: Cognito login (the same calls as in
AWS, here against moto's Cognito on the stack's origin), a first login that sets a new password,
searching a debtor and opening the ficha; axe-core on every screen (no serious or critical violation)
at 1280 px and on a 390 px phone. Screenshots go to .local/screenshots (not the repository) to look at."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, FilePayload, Page, ViewportSize, expect

from infra.template import ROOT
from tests.e2e.conftest import BrowserLog
from tests.fakes import a_cpf

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("local-stack")]

AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(os.environ.get("COBRANCA_SCREENSHOTS", ROOT / ".local" / "screenshots"))
SIZES: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 860},
    "phone": {"width": 390, "height": 844},
}


@pytest.fixture(params=sorted(SIZES))
def size(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def page(
    size: str, browser: Browser, browser_log: BrowserLog, request: pytest.FixtureRequest
) -> Iterator[Page]:
    # bypass_csp only so axe-core can be injected (the served CSP is checked below)
    context = browser_log.watch(browser.new_context(viewport=SIZES[size], locale="pt-BR", bypass_csp=True))
    opened = context.new_page()
    yield opened
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:  # what the screen showed when the test failed
        SHOTS.mkdir(parents=True, exist_ok=True)
        opened.screenshot(path=str(SHOTS / f"failed-{request.node.name}.png"), full_page=True)
    context.close()


def serious_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def look(page: Page, name: str) -> None:
    """No serious accessibility problem on this screen, nothing wider than the window (no sideways
    scrolling on a phone), and a screenshot of it to look at."""
    assert serious_violations(page) == []
    width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= viewport, f"{name}: the page is {width} px wide in a {viewport} px window"
    SHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    page.screenshot(path=str(SHOTS / f"console-{name}-{width}.png"), full_page=True)


def sign_in(page: Page, base_url: str, email: str, password: str = "demo123") -> None:
    page.goto(f"{base_url}/app/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Senha").fill(password)
    page.get_by_role("button", name="Entrar").click()


def open_ficha(page: Page, debtor: dict[str, Any]) -> None:
    """From anywhere in the console: Devedores, the debtor's CPF, the ficha (no reload: tokens live
    in memory only, so a reload asks for the login again)."""
    page.get_by_role("link", name="Devedores").click()
    page.get_by_label("Buscar devedor").fill(debtor["document"])
    page.get_by_role("link", name=debtor["name"]).first.click()
    expect(page.get_by_role("heading", name=debtor["name"], level=1)).to_be_visible()


def test_an_operator_logs_in_finds_a_debtor_and_opens_the_ficha(base_url: str, login, page: Page):
    page.goto(f"{base_url}/app/")
    expect(page.get_by_role("button", name="Entrar")).to_be_visible()
    look(page, "login")
    sign_in(page, base_url, "operador@demo.local")
    expect(page.get_by_role("heading", name="Início")).to_be_visible()
    expect(page.locator(".who")).to_have_text("operador@demo.local · Operador")
    look(page, "inicio")

    page.get_by_role("link", name="Devedores").click()
    wanted = httpx.get(
        f"{base_url}/api/v1/debtors", params={"limit": 1}, headers=login("operador@demo.local")
    )
    debtor = wanted.json()["items"][0]
    search = page.get_by_label("Buscar devedor")
    expect(search).to_be_focused()
    search.fill(debtor["name"].split()[-1][:5].lower())  # the start of the surname, lower case
    link = page.get_by_role("link", name=debtor["name"]).first
    expect(link).to_be_visible()
    look(page, "devedores")

    link.click()
    expect(page.get_by_role("heading", name=debtor["name"], level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Títulos")).to_be_visible()
    expect(page.locator("table.list tbody tr").first).to_be_visible()
    expect(page.get_by_text("Em aberto (atualizado)")).to_be_visible()
    expect(page.get_by_text("R$\u00a0").first).to_be_visible()  # pt-BR money
    look(page, "ficha")

    page.go_back()
    expect(page.get_by_role("heading", name="Devedores")).to_be_visible()
    page.get_by_role("button", name="Sair").click()
    expect(page.get_by_role("button", name="Entrar")).to_be_visible()


def test_a_typed_cpf_is_masked_and_finds_its_debtor(base_url: str, login, page: Page, size: str):
    if size == "desktop":
        pytest.skip("once is enough: the phone run covers it")
    debtor = httpx.get(
        f"{base_url}/api/v1/debtors", params={"limit": 1}, headers=login("operador@demo.local")
    ).json()["items"][0]
    sign_in(page, base_url, "operador@demo.local")
    page.get_by_role("link", name="Devedores").click()
    page.get_by_label("Buscar devedor").press_sequentially(debtor["document"][:7])
    doc = debtor["document"]
    expect(page.get_by_label("Buscar devedor")).to_have_value(f"{doc[:3]}.{doc[3:6]}.{doc[6]}")
    expect(page.get_by_role("link", name=debtor["name"])).to_be_visible()


def test_a_wrong_password_is_announced_in_portuguese(base_url: str, page: Page):
    sign_in(page, base_url, "operador@demo.local", "errada")
    alert = page.get_by_role("alert")
    expect(alert).to_have_text("E-mail ou senha inválidos.")
    expect(alert).to_be_focused()
    look(page, "login-erro")


def test_an_admin_invites_a_user_who_sets_a_new_password_at_first_login(
    base_url: str, login, page: Page, size: str
):
    email = f"nova.{size}@demo.local"
    sign_in(page, base_url, "admin@demo.local")
    page.get_by_role("link", name="Usuários").click()
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Nome").fill("Nova Operadora")
    page.get_by_label("Papel", exact=True).select_option(label="Operador")
    page.get_by_label("Senha temporária").fill("Temp12345!")
    page.get_by_role("button", name="Convidar").click()
    expect(page.get_by_role("status")).to_contain_text(f"{email} convidado")
    expect(page.get_by_role("cell", name=email)).to_be_visible()
    look(page, "usuarios")
    page.get_by_role("button", name="Sair").click()

    sign_in(page, base_url, email, "Temp12345!")
    expect(page.get_by_label("Nova senha", exact=True)).to_be_focused()
    look(page, "nova-senha")
    page.get_by_label("Nova senha", exact=True).fill("Definitiva123")
    page.get_by_label("Confirme a nova senha").fill("Definitiva123")
    page.get_by_role("button", name="Definir senha e entrar").click()
    expect(page.get_by_role("heading", name="Início")).to_be_visible()
    expect(page.get_by_role("link", name="Usuários")).to_have_count(0)  # an operator's console
    # the new password is the one that works now
    token = httpx.post(f"{base_url}/local/token", json={"username": email, "password": "Definitiva123"})
    assert token.status_code == 200, token.text


def test_the_console_is_served_with_its_security_headers_and_config(base_url: str):
    page = httpx.get(f"{base_url}/app/devedores/qualquer")  # any screen's path is the app
    assert page.status_code == 200
    assert '<div id="app">' in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    config = httpx.get(f"{base_url}/app/config.json").json()
    assert config["apiBase"] == "/api/v1"
    assert config["cognito"]["clientId"]
    assert config["cognito"]["endpoint"].rstrip("/") in csp  # the browser may reach Cognito, nothing else
    assert httpx.get(f"{base_url}/app/assets/nao-existe.js").status_code == 404


def a_seeded_debtor(base_url: str, headers: dict[str, str], n: int) -> dict[str, Any]:
    """The n-th debtor of the seed by name (never one the import test adds meanwhile, which would move
    the list between the two window sizes' runs)."""
    items = httpx.get(f"{base_url}/api/v1/debtors", params={"limit": 200}, headers=headers).json()["items"]
    return [d for d in items if not d["name"].endswith("Importado")][n]


def a_debtor_to_negotiate(base_url: str, headers: dict[str, str], skip: int) -> dict[str, Any]:
    """A seeded debtor with open, not prescribed titles of one creditor and a valid e-mail."""
    found = []
    for d in httpx.get(f"{base_url}/api/v1/debtors", params={"limit": 60}, headers=headers).json()["items"]:
        full = httpx.get(f"{base_url}/api/v1/debtors/{d['id']}", headers=headers).json()
        lines = httpx.get(f"{base_url}/api/v1/debtors/{d['id']}/statement", headers=headers).json()["lines"]
        titles = httpx.get(f"{base_url}/api/v1/debtors/{d['id']}/titles", headers=headers).json()["items"]
        open_ids = {t["id"] for t in titles if t["status"] == "open"}
        usable = [line for line in lines if line["title_id"] in open_ids and not line["prescribed"]]
        emails = [c for c in full["contacts"] if c["kind"] == "email" and c["valid"]]
        if usable and emails and len({line["creditor_id"] for line in usable}) == 1:
            found.append(full)
            if len(found) > skip:
                return full
    raise AssertionError("no seeded debtor to negotiate with")


def test_an_operator_negotiates_during_the_call_and_closes_the_agreement(
    base_url: str, login, page: Page, size: str
):
    headers = login("operador@demo.local")
    debtor = a_debtor_to_negotiate(base_url, headers, skip=3 + sorted(SIZES).index(size))
    sign_in(page, base_url, "operador@demo.local")
    expect(page.get_by_role("heading", name="Início")).to_be_visible()
    open_ficha(page, debtor)
    page.get_by_role("button", name="Negociar").click()
    page.get_by_role("button", name="Calcular ofertas").click()
    first_offer = page.get_by_role("radio").first
    expect(first_offer).to_be_checked()
    before = page.locator("label.offer").first.inner_text()
    page.get_by_label("Desconto extra (%)").fill("3")  # the creditor's margin (5% and 3% in the seed)
    # offers computed without the margin are gone: what would be closed is never what was shown
    expect(page.locator("label.offer")).to_have_count(0)
    expect(page.get_by_role("button", name="Fechar acordo")).to_have_count(0)
    page.get_by_role("button", name="Calcular ofertas").click()
    expect(page.locator("label.offer").first).not_to_have_text(before)
    look(page, "negociacao")
    page.get_by_role("button", name="Fechar acordo").click()
    closed = page.get_by_role("status")
    expect(closed).to_contain_text("fechado")
    number = closed.get_by_role("heading").inner_text().split()[1]
    expect(page.get_by_text("Em acordo").first).to_be_visible()
    look(page, "acordo-fechado")
    agreements = httpx.get(f"{base_url}/api/v1/agreements", params={"limit": 200}, headers=headers).json()
    mine = [a for a in agreements["items"] if a["number"] == number]
    assert len(mine) == 1
    assert mine[0]["debtor_id"] == debtor["id"]
    assert mine[0]["created_by"]  # the operator, from the token
    history = httpx.get(f"{base_url}/api/v1/debtors/{debtor['id']}/history", headers=headers).json()["items"]
    [created] = [h for h in history if h["action"] == "agreement.created"]
    assert created["detail"].endswith("margem do operador: +3% de desconto")


def test_the_console_runs_under_its_own_csp(base_url: str, browser: Browser):
    context = browser.new_context(viewport=SIZES["desktop"], locale="pt-BR")  # the CSP enforced
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(page, base_url, "supervisor@demo.local")
    expect(page.get_by_role("heading", name="Início")).to_be_visible()
    page.get_by_role("link", name="Devedores").click()
    expect(page.locator(".dot").first).to_be_visible()  # category colours set from script
    context.close()
    assert refused == []


def test_an_operator_registers_a_promise_to_pay_from_the_ficha(base_url: str, login, page: Page, size: str):
    from datetime import timedelta

    from cobranca.domain.dates import CLOCK, business_today

    headers = login("operador@demo.local")
    items = httpx.get(f"{base_url}/api/v1/debtors", params={"limit": 40}, headers=headers).json()["items"]
    debtor = items[-1 - sorted(SIZES).index(size)]
    promised = business_today(CLOCK) + timedelta(days=3)
    sign_in(page, base_url, "operador@demo.local")
    open_ficha(page, debtor)
    page.get_by_label("Resultado").select_option(label="Promessa de pagamento")
    page.get_by_label("Data prometida").fill(promised.isoformat())
    page.get_by_label("Valor prometido (R$)").fill("150,00")
    page.get_by_label("Observação").fill("paga no Pix")
    look(page, "ligacao")
    page.get_by_role("button", name="Registrar").click()
    expected = f"promessa de pagamento de R$\u00a0150,00 até {promised:%d/%m/%Y}. paga no Pix"
    expect(page.get_by_role("status")).to_contain_text(expected)
    expect(page.locator(".timeline li").first).to_contain_text(expected)  # the history, newest first
    badge = f"Promessa de pagamento: R$\u00a0150,00 até {promised:%d/%m/%Y}"
    expect(page.get_by_text(badge)).to_be_visible()  # on the ficha's heading from now on
    # a one-off message is told, before it is sent, that the promise holds it
    held = f"Esta mensagem só sairá a partir de {promised + timedelta(days=1):%d/%m/%Y}."
    expect(page.locator("#send-held")).to_contain_text(held)
    look(page, "ficha-promessa")

    # the ruler leaves the debtor alone: a batch (a one-step ruler, the same rules) over only this
    # debtor says its message would wait for the promise
    admin = login("admin@demo.local")
    tag = f"Promessa {size} {datetime.now():%H%M%S%f}"
    category = httpx.post(
        f"{base_url}/api/v1/categories", json={"name": tag, "color": "#884400"}, headers=admin
    )
    moved = httpx.patch(
        f"{base_url}/api/v1/debtors/{debtor['id']}",
        json={"category_id": category.json()["id"]},
        headers=admin,
    )
    assert moved.status_code == 200, moved.text
    kinds = {c["kind"] for c in moved.json()["contacts"] if c.get("valid", True)}
    page.get_by_role("button", name="Sair").click()
    sign_in(page, base_url, "supervisor@demo.local")
    page.get_by_role("link", name="Ação em lote").click()
    page.get_by_label("Categoria").select_option(label=tag)
    page.get_by_label("Dias de atraso, de").fill("0")
    page.get_by_label("até", exact=True).fill("1825")
    page.get_by_label("Canal").select_option(label="E-mail" if "email" in kinds else "SMS")
    expect(page.get_by_label("Modelo")).not_to_have_value("")  # the templates have loaded: a choice exists
    page.get_by_role("button", name="Simular").click()
    expect(
        page.get_by_text("1 dos 1 primeiros devedores verificados aguardariam uma promessa de pagamento")
    ).to_be_visible(timeout=30_000)


def test_a_call_back_shows_on_inicio_and_the_next_call_closes_it(base_url: str, login, page: Page, size: str):
    from datetime import datetime, timedelta

    from cobranca.domain.dates import SAO_PAULO

    headers = login("operador@demo.local")
    items = httpx.get(f"{base_url}/api/v1/debtors", params={"limit": 40}, headers=headers).json()["items"]
    debtor = items[-3 - sorted(SIZES).index(size)]
    tomorrow = (datetime.now(SAO_PAULO) + timedelta(days=1)).replace(hour=10, minute=30)
    sign_in(page, base_url, "operador@demo.local")
    open_ficha(page, debtor)
    page.get_by_label("Resultado").select_option(label="Não atendeu")
    page.get_by_label("Agendar retorno (opcional)").fill(tomorrow.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Registrar").click()
    expect(page.get_by_role("status")).to_contain_text("retorno agendado")

    page.get_by_role("link", name="Início").click()
    expect(page.get_by_role("heading", name="Retornos agendados")).to_be_visible()
    row = page.locator("tr", has=page.get_by_role("link", name=debtor["name"]))
    expect(row).to_contain_text(tomorrow.strftime("%d/%m/%Y, 10:30"))
    look(page, "inicio-retornos")
    row.get_by_role("link", name=debtor["name"]).click()
    expect(page.get_by_text("Esta ligação conclui a tarefa")).to_be_visible()
    page.get_by_label("Resultado").select_option(label="Atendeu")
    page.get_by_role("button", name="Registrar").click()
    expect(page.get_by_role("status")).to_contain_text("tarefa concluída")
    page.get_by_role("link", name="Início").click()
    expect(page.get_by_role("heading", name="Ligações a fazer")).to_be_visible()
    expect(page.get_by_role("link", name=debtor["name"])).to_have_count(0)


def test_a_supervisor_imports_a_csv_and_follows_it_to_the_report(
    base_url: str, login, page: Page, size: str, tmp_path: Path
):
    from cobranca.domain.documents import cpf_check_digits

    offset = 500000000 + 10000 * sorted(SIZES).index(size)
    due = "05/11/2027"  # not yet due: the ruler and batch tests sharing this stack do not reach them
    lines = ["document;name;email;phone;creditor;title_number;description;amount;due_date"]
    for n in range(1200):  # three chunks: the bar moves before the end
        body = f"{offset + n:09d}"
        document = body + cpf_check_digits(body)
        lines.append(f"{document};Cliente {n} Importado;;;ACME;IMP-{size}-{n};;10,00;{due}")
    lines.append(f"123;Sem Documento;;;ACME;IMP-X;;10,00;{due}")  # one bad row
    csv = tmp_path / "carteira.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")

    sign_in(page, base_url, "supervisor@demo.local")
    page.get_by_role("link", name="Importações").click()
    page.get_by_label("Arquivo (CSV ou XLSX)").set_input_files(str(csv))
    page.get_by_role("button", name="Importar").click()
    progress = page.locator("#import-progress")
    # moto under a loaded CI machine writes ~25 rows/s
    expect(progress).to_have_attribute("value", "100", timeout=150_000)
    expect(page.get_by_text("Concluída: 1.201 de 1.201 linhas (100%)")).to_be_visible()
    expect(page.get_by_role("heading", name="Linhas rejeitadas")).to_be_visible()
    expect(page.locator("table.list").first).to_contain_text("document")
    with page.expect_download() as got:
        page.get_by_role("button", name="Baixar linhas rejeitadas (CSV)").click()
    assert "123;Sem Documento" in Path(got.value.path()).read_text(encoding="utf-8")
    look(page, "importacao")
    listed = page.locator("tr", has=page.get_by_role("link", name="carteira.csv")).first
    expect(listed).to_contain_text("Concluída")  # the list follows the report
    if size == "desktop":  # the ERP's own names, saved once
        page.get_by_text("Mapeamento de colunas (quando o seu ERP usa outros nomes)").click()
        page.get_by_label("Valor", exact=True).fill("VLR_ABERTO")
        page.get_by_label("Colunas a ignorar (separadas por vírgula)").fill("VENDEDOR, OBS")
        page.get_by_role("button", name="Salvar mapeamento").click()
        expect(page.get_by_text("Mapeamento salvo: vale para os próximos arquivos.")).to_be_visible()
        look(page, "importacao-mapeamento")
        headers = login("supervisor@demo.local")
        saved = httpx.get(f"{base_url}/api/v1/import-mapping", headers=headers).json()["columns"]
        assert saved == {"VLR_ABERTO": "amount", "VENDEDOR": "ignorar", "OBS": "ignorar"}
        httpx.put(f"{base_url}/api/v1/import-mapping", json={"columns": {}}, headers=headers)


def test_an_operator_sees_no_imports_screen(base_url: str, page: Page, size: str):
    if size == "desktop":
        pytest.skip("once is enough")
    sign_in(page, base_url, "operador@demo.local")
    expect(page.get_by_role("heading", name="Início")).to_be_visible()
    expect(page.get_by_role("link", name="Importações")).to_have_count(0)


def test_a_supervisor_finds_an_agreement_and_its_installments(base_url: str, login, page: Page, size: str):
    headers = login("supervisor@demo.local")
    debtor = a_debtor_to_negotiate(base_url, headers, skip=6 + sorted(SIZES).index(size))
    titles = httpx.get(f"{base_url}/api/v1/debtors/{debtor['id']}/titles", headers=headers).json()["items"]
    ids = [t["id"] for t in titles if t["status"] == "open"][:1]
    offers = httpx.post(
        f"{base_url}/api/v1/debtors/{debtor['id']}/offers", json={"title_ids": ids}, headers=headers
    ).json()
    offer = offers["offers"][-1]  # the longest plan
    body = {
        "debtor_id": debtor["id"],
        "title_ids": ids,
        "offer_code": offer["code"],
        "payment_method": "pix",
        "first_due_date": offers["first_due_date"],
        "email": "devedor@example.com",
    }
    closed = httpx.post(
        f"{base_url}/api/v1/agreements", json=body, headers={**headers, "Idempotency-Key": f"e2e-{size}"}
    )
    assert closed.status_code == 201, closed.text
    agreement = closed.json()

    sign_in(page, base_url, "supervisor@demo.local")
    page.get_by_role("link", name="Acordos").click()
    page.get_by_role("link", name=agreement["number"]).click()
    expect(page.get_by_role("heading", name=f"Acordo {agreement['number']} · Ativo")).to_be_visible()
    rows = page.locator("table.list").first.locator("tbody tr")
    expect(rows).to_have_count(len(agreement["installments"]))
    look(page, "acordos")
    page.get_by_label("Fechado por").select_option(label="Sérgio Supervisor")  # who closed it
    page.get_by_role("button", name="Filtrar").click()
    expect(page.get_by_role("link", name=agreement["number"])).to_be_visible()
    page.get_by_label("Fechado por").select_option(label="Otávio Operador")
    page.get_by_role("button", name="Filtrar").click()
    expect(page.get_by_role("link", name=agreement["number"])).to_have_count(0)
    page.get_by_label("Fechado por").select_option(label="Qualquer um")
    page.get_by_label("Situação").select_option(label="Cancelados")
    page.get_by_role("button", name="Filtrar").click()
    expect(page.get_by_role("link", name=agreement["number"])).to_have_count(0)


def test_a_supervisor_writes_a_template_with_wildcards_and_previews_it_for_a_debtor(
    base_url: str, login, page: Page, size: str
):
    debtor = httpx.get(
        f"{base_url}/api/v1/debtors", params={"limit": 1}, headers=login("supervisor@demo.local")
    ).json()["items"][0]
    sign_in(page, base_url, "supervisor@demo.local")
    page.get_by_role("link", name="Régua e mensagens").click()
    expect(page.get_by_role("heading", name="Modelos")).to_be_visible()
    page.get_by_role("button", name="Novo modelo").click()
    page.get_by_label("Canal").select_option(label="SMS")
    page.get_by_label("Nome do modelo").fill(f"Lembrete rápido {size}")
    text = page.get_by_label("Texto")
    text.fill("Olá ")
    page.get_by_role("button", name="#PRIMEIRO_NOME#").click()  # goes in at the cursor
    text.press("End")
    text.press_sequentially(", seu débito de ")
    page.get_by_role("button", name="#VALOR_ATUALIZADO#").click()
    text.press("End")
    text.press_sequentially(" com #CREDOR#.")
    expect(text).to_have_value("Olá #PRIMEIRO_NOME#, seu débito de #VALOR_ATUALIZADO# com #CREDOR#.")
    # "á" and "é" outside GSM-7: the whole SMS is UCS-2, 70 characters each
    expect(page.get_by_text(re.compile(r"^67 caractere\(s\) · 1 SMS \(UCS-2"))).to_be_visible()
    page.get_by_role("button", name="Salvar modelo").click()
    expect(page.locator("#tpl-body-error")).to_contain_text("#CNPJ_CREDOR#")  # CDC art. 42-A
    text.press("End")
    text.press_sequentially(" CNPJ #CNPJ_CREDOR#")
    page.get_by_role("button", name="Salvar modelo").click()
    expect(page.get_by_role("status")).to_have_text(f'Modelo "Lembrete rápido {size}" salvo.')
    expect(page.get_by_role("note", name="Avisos do modelo")).to_contain_text("#LINK_NEGOCIA#")

    page.get_by_label("Devedor para a prévia").fill(debtor["document"])
    page.get_by_role("button", name="Buscar").click()
    page.get_by_role("button", name=f"Prévia para {debtor['name']}").click()
    expect(page.get_by_role("heading", name=f"Como {debtor['name']} receberia")).to_be_visible()
    shown = page.locator(".preview")
    first = debtor["name"].split()[0].title() if debtor["document_kind"] == "CPF" else debtor["name"]
    expect(shown).to_contain_text(f"Olá {first}, seu débito de R$\u00a0")
    expect(shown).not_to_contain_text("#")
    look(page, "modelos")

    page.get_by_role("button", name="Novo modelo").click()  # an e-mail without the creditor is refused
    page.get_by_label("Nome do modelo").fill("Sem credor")
    page.get_by_label("Assunto").fill("Aviso")
    page.get_by_label("Texto").fill("Olá #NOME#")
    page.get_by_role("button", name="Salvar modelo").click()
    expect(page.locator("#tpl-body-error")).to_contain_text("#ENDERECO_CREDOR#")
    page.get_by_label("Texto").fill("Olá #NOME#: avisaremos o seu chefe. #IDENTIFICACAO_CREDOR#")
    page.get_by_role("button", name="Salvar modelo").click()  # a threat is refused, with the reason
    expect(page.locator("#tpl-body-error")).to_contain_text("ameaça interferir no trabalho do devedor")


def test_a_supervisor_builds_a_ruler_on_its_timeline(base_url: str, login, page: Page, size: str):
    name = f"Régua teste {size}"
    sign_in(page, base_url, "supervisor@demo.local")
    page.get_by_role("link", name="Régua e mensagens").click()
    page.get_by_role("link", name="Réguas").click()
    page.get_by_role("button", name="Nova régua").click()
    page.get_by_label("Nome da régua").fill(name)
    page.get_by_label(
        "Ativa (entra na execução diária)"
    ).uncheck()  # the daily run of this stack stays as it is
    page.get_by_label("Dias").first.fill("-5")
    page.get_by_role("button", name="Salvar régua").click()  # no template chosen: the API names the step
    expect(page.locator("#step-0-template-error")).to_have_text("escolha o modelo da mensagem deste passo")
    page.locator("#step-0-template").select_option(label="Aviso de débito")
    page.get_by_role("button", name="Adicionar passo").click()
    page.locator("#step-1-offset").fill("7")
    page.locator("#step-1-channel").select_option(label="Tarefa de ligação")
    expect(page.locator("#step-1-template")).to_be_disabled()
    expect(page.get_by_text("5 dias antes do vencimento do título · E-mail")).to_be_visible()
    page.get_by_role("button", name="Salvar régua").click()
    expect(page.get_by_role("status")).to_have_text(f'Régua "{name}" salva.')
    look(page, "reguas")
    rulers = httpx.get(f"{base_url}/api/v1/rulers", headers=login("supervisor@demo.local")).json()["items"]
    [saved] = [r for r in rulers if r["name"] == name]
    assert saved["active"] is False
    assert [(s["offset_days"], s["channel"]) for s in saved["steps"]] == [(-5, "email"), (7, "call_task")]


def test_a_supervisor_runs_a_batch_action_and_sees_what_it_did(base_url: str, page: Page, size: str):
    if size == "phone":
        pytest.skip("once is enough: the phone layout of the screen is looked at in the desktop run's pair")
    sign_in(page, base_url, "supervisor@demo.local")
    page.get_by_role("link", name="Ação em lote").click()
    page.get_by_label("Credor").select_option(label="Condomínio Jardim das Flores")
    page.get_by_label("Dias de atraso, de").fill("1")
    page.get_by_label("até", exact=True).fill("40")
    page.get_by_label("Canal").select_option(label="E-mail")
    expect(page.get_by_label("Modelo")).not_to_have_value("")  # the templates have loaded
    page.get_by_role("button", name="Simular").click()
    confirm = page.get_by_role("button", name=re.compile(r"Confirmar envio de \d+ mensagens"))
    expect(confirm).to_be_visible(timeout=30_000)
    expect(page.get_by_role("status")).to_contain_text("mensagens sobre")
    first = page.locator("table.list tbody tr").first
    expect(first).to_contain_text("Condomínio Jardim das Flores")
    expect(first.locator(".preview")).not_to_contain_text("#")  # the message as the debtor gets it
    look(page, "lote-simulacao")
    confirm.click()
    progress = page.get_by_role("heading", name=re.compile(r"Ação de .*: (Na fila|Enviando|Concluída)"))
    expect(progress).to_be_visible(timeout=60_000)  # planned by the ruler function from its queue
    look(page, "lote-andamento")

    page.get_by_role("link", name="Régua e mensagens").click()
    page.get_by_role("link", name="Execuções").click()
    row = page.locator("tr", has_text="ação em lote").first
    expect(row).to_be_visible()
    look(page, "execucoes")


def test_an_admin_changes_the_sending_settings_and_a_supervisor_may_not(
    base_url: str, login, page: Page, size: str
):
    quota = str(100_000 + sorted(SIZES).index(size))  # far above what this stack sends
    sign_in(page, base_url, "admin@demo.local")
    page.get_by_role("link", name="Régua e mensagens").click()
    page.get_by_role("link", name="Envio").click()
    page.locator("#whatsapp-daily").fill(quota)
    page.get_by_label("Servidor SMTP próprio").check()  # presets fill the provider's submission port
    page.get_by_role("button", name="Usar Outlook / Office 365").click()
    expect(page.get_by_label("Servidor", exact=True)).to_have_value("smtp.office365.com")
    expect(page.get_by_label("Porta")).to_have_value("587")
    look(page, "envio")
    page.get_by_label("Envio pela plataforma (Amazon SES)", exact=False).check()  # keep the stack on SES
    page.get_by_role("button", name="Salvar configurações").click()
    expect(page.get_by_role("status")).to_have_text("Configurações de envio salvas.")
    saved = httpx.get(f"{base_url}/api/v1/sending-settings", headers=login("admin@demo.local")).json()
    assert saved["channels"]["whatsapp"]["daily_max"] == int(quota)
    assert saved["email"]["mode"] == "platform"

    page.get_by_role("button", name="Sair").click()
    sign_in(page, base_url, "supervisor@demo.local")
    page.get_by_role("link", name="Régua e mensagens").click()
    page.get_by_role("link", name="Envio").click()
    page.get_by_role("button", name="Salvar configurações").click()
    expect(page.get_by_role("alert")).to_contain_text("somente o administrador")


def test_a_supervisor_sees_every_open_task_and_hands_one_to_an_operator(
    base_url: str, login, page: Page, size: str
):
    from datetime import datetime, timedelta

    from cobranca.domain.dates import SAO_PAULO

    supervisor = login("supervisor@demo.local")
    debtor = a_seeded_debtor(base_url, supervisor, 10 + sorted(SIZES).index(size))
    later = (datetime.now(SAO_PAULO) + timedelta(days=2)).replace(hour=11, minute=0, second=0, microsecond=0)
    call = {"outcome": "no_answer", "callback_at": later.isoformat()}
    r = httpx.post(f"{base_url}/api/v1/debtors/{debtor['id']}/calls", json=call, headers=supervisor)
    assert r.status_code == 201, r.text  # the supervisor's own call-back, to hand over

    sign_in(page, base_url, "supervisor@demo.local")
    page.get_by_role("link", name="Tarefas").click()
    row = page.locator("tr", has=page.get_by_role("link", name=debtor["name"]))
    expect(row).to_contain_text(later.strftime("%d/%m/%Y, 11:00"))
    row.get_by_label(f"Responsável pela tarefa de {debtor['name']}").select_option(label="Otávio Operador")
    expect(page.get_by_role("status")).to_have_text(
        f"Tarefa de {debtor['name']} passada para Otávio Operador."
    )
    look(page, "tarefas")

    page.get_by_role("button", name="Sair").click()
    sign_in(page, base_url, "operador@demo.local")
    page.get_by_role("link", name="Tarefas").click()
    expect(page.get_by_role("link", name=debtor["name"])).to_be_visible()
    expect(page.get_by_label(f"Responsável pela tarefa de {debtor['name']}")).to_have_count(0)


def test_a_title_number_or_a_phone_typed_in_the_search_finds_the_debtor(
    base_url: str, login, page: Page, size: str
):
    if size == "desktop":
        pytest.skip("once is enough: the phone run covers it")
    headers = login("operador@demo.local")
    debtor = httpx.get(f"{base_url}/api/v1/debtors", params={"limit": 5}, headers=headers).json()["items"][4]
    titles = httpx.get(f"{base_url}/api/v1/debtors/{debtor['id']}/titles", headers=headers).json()["items"]
    full = httpx.get(f"{base_url}/api/v1/debtors/{debtor['id']}", headers=headers).json()
    phone = next(c["value"] for c in full["contacts"] if c["kind"] == "phone")
    sign_in(page, base_url, "operador@demo.local")
    page.get_by_role("link", name="Devedores").click()
    search = page.get_by_label("Buscar devedor")
    search.fill(titles[0]["number"].lower())
    expect(page.get_by_role("link", name=debtor["name"])).to_be_visible()
    search.fill(f"({phone[3:5]}) {phone[5:-4]}-{phone[-4:]}")  # as an operator types it
    expect(page.get_by_role("link", name=debtor["name"])).to_be_visible()
    look(page, "devedores-telefone")


def test_an_operator_marks_a_title_as_in_a_lawsuit_and_undoes_it(base_url: str, login, page: Page, size: str):
    headers = login("operador@demo.local")
    debtor = a_seeded_debtor(base_url, headers, 20 + sorted(SIZES).index(size))
    titles = httpx.get(f"{base_url}/api/v1/debtors/{debtor['id']}/titles", headers=headers).json()["items"]
    title = next(t for t in titles if t["status"] == "open")
    sign_in(page, base_url, "operador@demo.local")
    open_ficha(page, debtor)
    row = page.locator("tr", has_text=title["number"])
    row.get_by_role("button", name=f"Ajuizar do título {title['number']}").click()
    expect(row).to_contain_text("Ajuizado")
    expect(page.locator(".timeline")).to_contain_text(f"Título {title['number']}: em aberto → ajuizado")
    look(page, "ficha-ajuizado")
    row.get_by_role("button", name=f"Desfazer ajuizamento do título {title['number']}").click()
    expect(row).to_contain_text("Em aberto")


def test_an_operator_sends_a_one_off_message_from_the_ficha(base_url: str, login, page: Page, size: str):
    debtor = a_seeded_debtor(base_url, login("operador@demo.local"), 30 + sorted(SIZES).index(size))
    sign_in(page, base_url, "operador@demo.local")
    open_ficha(page, debtor)
    page.get_by_label("Modelo").select_option(label="SMS · SMS D+10")
    page.get_by_role("button", name="Enviar mensagem").click()
    expect(page.get_by_role("status")).to_have_text(
        'SMS "SMS D+10" na fila: sai no próximo horário permitido.'
    )
    look(page, "ficha-mensagem")
    from cobranca.domain.dates import SAO_PAULO

    today = datetime.now(SAO_PAULO).date().isoformat()
    run = httpx.get(f"{base_url}/api/v1/rulers/runs/{today}", headers=login("supervisor@demo.local")).json()
    manual = [s for s in run["steps"] if s["label"] == "envio avulso"]
    assert sum(s["total"] for s in manual) >= 1


def test_an_admin_gives_an_operator_access_hours_and_lifts_them(base_url: str, login, page: Page, size: str):
    if size == "phone":
        pytest.skip("once is enough: the desktop run covers it")
    sign_in(page, base_url, "admin@demo.local")
    page.get_by_role("link", name="Usuários").click()
    page.get_by_role("button", name="Horário de acesso de Otávio Operador").click()
    panel = page.get_by_role("form", name="Horário de acesso de Otávio Operador")
    for day in ("sáb", "dom"):
        panel.get_by_label(day).check()  # every day, all day: the stack's other tests keep their access
    panel.get_by_label("Das").fill("00:00")
    panel.get_by_label("Até").fill("00:00")
    panel.get_by_role("button", name="Salvar horário").click()
    expect(panel.get_by_role("alert").first).to_contain_text("o horário final deve ser depois do inicial")
    panel.get_by_label("Até").fill("23:59")
    panel.get_by_role("button", name="Salvar horário").click()
    expect(panel.get_by_role("status")).to_have_text("Horário de acesso de Otávio Operador salvo.")
    look(page, "usuarios-horario")
    users = httpx.get(f"{base_url}/api/v1/users", headers=login("admin@demo.local")).json()["items"]
    [otavio] = [u for u in users if u["name"] == "Otávio Operador"]
    assert otavio["access_ranges"] == [
        {"weekdays": [1, 2, 3, 4, 5, 6, 7], "start": "00:00:00", "end": "23:59:00"}
    ]
    panel.get_by_role("button", name="Liberar qualquer horário").click()
    expect(panel.get_by_role("status")).to_have_text("Otávio Operador sem restrição de horário.")


def test_a_supervisor_makes_a_group_and_hands_it_the_unassigned_debtors_of_a_category(
    base_url: str, login, page: Page, size: str
):
    headers = login("supervisor@demo.local")
    tag = f"{size}-{datetime.now():%H%M%S%f}"
    category = httpx.post(
        f"{base_url}/api/v1/categories", json={"name": f"Carteira {tag}", "color": "#3366cc"}, headers=headers
    ).json()
    cat = category["id"]
    seed = int(datetime.now().strftime("%H%M%S%f")[:9])  # CPFs no other run of the stack has used
    made = [
        httpx.post(
            f"{base_url}/api/v1/debtors",
            json={"document": a_cpf(n, base=seed), "name": f"Rodízio {tag} {n}", "category_id": cat},
            headers=headers,
        ).json()
        for n in range(2)
    ]
    sign_in(page, base_url, "supervisor@demo.local")
    page.get_by_role("link", name="Carteira").click()
    expect(page.get_by_role("heading", name="Carteira", level=1)).to_be_visible()
    page.get_by_role("button", name="Novo grupo").click()
    page.get_by_label("Nome do grupo").fill(f"Equipe {tag}")
    page.get_by_role("checkbox", name="Otávio Operador").check()
    page.get_by_role("checkbox", name="Sérgio Supervisor").check()
    page.get_by_role("button", name="Salvar grupo").click()
    expect(page.get_by_role("button", name=f"Editar o grupo Equipe {tag}")).to_be_visible()

    page.get_by_label("Categoria").select_option(label=f"Carteira {tag}")
    page.get_by_label("Operador atual").select_option(label="Sem operador")
    page.get_by_role("radio", name="Um grupo, em rodízio entre os operadores").check()
    page.get_by_label("Grupo", exact=True).select_option(label=f"Equipe {tag}")
    page.get_by_role("button", name="Simular").click()
    expect(page.get_by_role("status")).to_contain_text("2 devedor(es) no filtro")
    page.get_by_role("button", name="Distribuir 2 devedor(es)").click()
    done = page.get_by_role("status")
    expect(done).to_contain_text("Pronto: 2 devedor(es) distribuído(s)")
    expect(done).to_contain_text("Otávio Operador: 1")
    expect(done).to_contain_text("Sérgio Supervisor: 1")
    look(page, "carteira")
    owners = {
        httpx.get(f"{base_url}/api/v1/debtors/{d['id']}", headers=headers).json()["operator_id"] for d in made
    }
    operators = httpx.get(f"{base_url}/api/v1/operators", headers=headers).json()["items"]
    names = {o["id"]: o["name"] for o in operators}
    assert {names[o] for o in owners} == {"Otávio Operador", "Sérgio Supervisor"}


def test_an_operator_sees_no_carteira(base_url: str, page: Page, size: str):
    sign_in(page, base_url, "operador@demo.local")
    expect(page.get_by_role("heading", name="Início")).to_be_visible()
    expect(page.get_by_role("link", name="Tarefas")).to_be_visible()
    expect(page.get_by_role("link", name="Carteira")).to_have_count(0)


def test_an_admin_adds_a_creditor_with_its_policy_and_an_offer(base_url: str, login, page: Page, size: str):
    from cobranca.domain.documents import cnpj_check_digits

    stamp = datetime.now().strftime("%H%M%S%f")
    code = f"E2E{stamp[-6:]}{size[0].upper()}"
    body = f"{stamp[:8]}0001"
    sign_in(page, base_url, "admin@demo.local")
    page.get_by_role("link", name="Configurações").click()
    expect(page.get_by_role("heading", name="Credores", level=2)).to_be_visible()
    expect(page.get_by_role("button", name="Editar o credor Acme Educação Ltda")).to_be_visible()  # listed
    page.get_by_role("button", name="Novo credor").click()
    form = page.get_by_role("form", name="Novo credor")
    form.get_by_label("Código").first.fill(code)
    form.get_by_label("Nome").first.fill(f"Credor {code}")
    form.get_by_label("CPF/CNPJ").fill(body + cnpj_check_digits(body))
    form.get_by_label("Multa (%)").fill("3")
    form.get_by_label("Juros de mora (% ao mês)").fill("1")
    form.get_by_role("button", name="Adicionar oferta").click()
    offer = form.get_by_role("group", name="Oferta 1")
    offer.get_by_label("Código").fill("AV")
    offer.get_by_label("Nome").fill("À vista")
    offer.get_by_label("Desconto nos encargos (%)").fill("50,5")
    form.get_by_label("Comissão da agência (%)").fill("12%")
    form.get_by_role("button", name="Salvar credor").click()  # the console's own pt-BR number check
    expect(form.get_by_role("alert")).to_contain_text("número inválido: use algo como 1.234,56 ou 2,5")
    form.get_by_label("Comissão da agência (%)").fill("12,5")
    form.get_by_role("button", name="Salvar credor").click()
    expect(form.get_by_role("alert")).to_contain_text("multa acima de 2% é vedada em relação de consumo")
    expect(form.get_by_label("Multa (%)")).to_be_focused()  # the field the error is about
    # the creditor and its policy go in one request: refused, nothing was created
    listed = httpx.get(f"{base_url}/api/v1/creditors", headers=login("admin@demo.local")).json()["items"]
    assert code not in [c["code"] for c in listed]
    form.get_by_label("Multa (%)").fill("2")
    form.get_by_label("Feriados locais da praça de pagamento").fill("09/07/2026, 25/01/2027")
    form.get_by_role("button", name="Salvar credor").click()
    expect(page.get_by_role("button", name=f"Editar o credor Credor {code}")).to_be_visible()
    look(page, "configuracoes-credores")
    creditors = httpx.get(f"{base_url}/api/v1/creditors", headers=login("admin@demo.local")).json()["items"]
    [made] = [c for c in creditors if c["code"] == code]
    policy = made["policy"]
    assert (policy["fine_percent"], policy["interest_percent_month"]) == ("2", "1")
    assert policy["commission_percent"] == "12.5"
    assert policy["local_holidays"] == ["2026-07-09", "2027-01-25"]
    assert [(o["code"], o["name"], o["discount_charges_percent"]) for o in policy["offers"]] == [
        ("AV", "À vista", "50.5")
    ]


def test_an_admin_sets_up_categories_company_and_email_domain(base_url: str, login, page: Page, size: str):
    stamp = f"{size}{datetime.now():%H%M%S%f}"
    sign_in(page, base_url, "admin@demo.local")
    page.get_by_role("link", name="Configurações").click()
    tabs = page.get_by_role("navigation", name="Configurações")

    tabs.get_by_role("link", name="Categorias").click()
    page.get_by_role("button", name="Nova categoria").click()
    page.get_by_label("Nome").fill(f"VIP {stamp}")
    page.get_by_label("Cor").fill("#aa3300")
    page.get_by_role("button", name="Salvar categoria").click()
    expect(page.get_by_role("button", name=f"Editar a categoria VIP {stamp}")).to_be_visible()
    look(page, "configuracoes-categorias")

    tabs.get_by_role("link", name="Empresa").click()
    expect(page.get_by_label("Razão social")).to_have_value("Demo Cobranças Ltda")  # the stack's seed
    page.get_by_label("Site (https://…)").fill("http://sem-tls.example")
    page.get_by_role("button", name="Salvar dados da empresa").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("Site (https://…)").fill("https://demo.example")
    page.get_by_label("Horário de atendimento").fill(f"seg a sex, 9h às 17h ({stamp})")
    page.get_by_role("button", name="Salvar dados da empresa").click()
    expect(page.get_by_role("status")).to_have_text("Dados da empresa salvos.")
    look(page, "configuracoes-empresa")
    company = httpx.get(f"{base_url}/api/v1/company", headers=login("operador@demo.local")).json()
    assert company["service_hours"] == f"seg a sex, 9h às 17h ({stamp})"

    tabs.get_by_role("link", name="Meu plano").click()
    expect(page.get_by_text("Negocia Online (portal do devedor): contratado")).to_be_visible()
    look(page, "configuracoes-plano")

    tabs.get_by_role("link", name="E-mail").click()
    page.get_by_role("textbox", name="Domínio").fill(f"{stamp}.demo.example")
    page.get_by_role("button", name="Cadastrar domínio").click()
    records = page.get_by_role("table", name=f"Registros DNS de {stamp}.demo.example")
    expect(records.get_by_role("row")).to_have_count(8)  # the header and 7 records
    expect(records).to_contain_text("v=spf1 include:amazonses.com ~all")
    look(page, "configuracoes-email")


def test_an_admin_sees_the_asaas_account_the_erp_webhook_and_a_creditors_statement_of_account(
    base_url: str, page: Page, size: str
):
    sign_in(page, base_url, "admin@demo.local")
    page.get_by_role("link", name="Configurações").click()
    page.get_by_role("navigation", name="Configurações").get_by_role("link", name="Pagamentos e ERP").click()
    expect(page.get_by_text("chave terminada em 0000")).to_be_visible()  # the seed's account, never the key
    expect(page.get_by_label("Endereço (https)")).to_have_value(re.compile(r"^http://127\.0\.0\.1:\d+"))
    page.get_by_label("Credor").select_option(label="Condomínio Jardim das Flores")
    page.get_by_role("button", name="Ver").click()
    expect(page.get_by_role("list", name="Totais do período")).to_contain_text("Repasse ao credor")
    with page.expect_download() as downloaded:
        page.get_by_role("button", name="Baixar CSV").click()
    assert downloaded.value.suggested_filename.startswith("prestacao-de-contas-")
    look(page, "configuracoes-pagamentos")


def test_an_admin_makes_erp_credentials_whose_secret_shown_once_works_then_revokes_them(
    base_url: str, page: Page, size: str
):
    name = f"ERP {size} {datetime.now():%H%M%S%f}"
    sign_in(page, base_url, "admin@demo.local")
    page.get_by_role("link", name="Configurações").click()
    page.get_by_role("navigation", name="Configurações").get_by_role("link", name="Pagamentos e ERP").click()
    page.get_by_label("Nome da integração").fill(name)
    page.get_by_role("button", name="Criar credencial").click()
    shown = page.locator(".secret-once")
    expect(shown.get_by_role("heading", name=f'Credencial "{name}" criada')).to_be_visible()
    client_id = shown.locator("dt:text-is('client_id') + dd").inner_text().strip()
    secret = shown.locator("dt:text-is('client_secret') + dd .code").inner_text().strip()
    token_url = shown.locator("dt:text-is('Endereço do token') + dd").inner_text().strip()
    assert f"-u '{client_id}:{secret}'" in shown.locator("pre").inner_text()
    look(page, "configuracoes-erp-credencial")
    # what the page showed is what the ERP needs: a token, then a call the API accepts
    granted = httpx.post(token_url, data={"grant_type": "client_credentials"}, auth=(client_id, secret))
    assert granted.status_code == 200, granted.text
    machine = {"Authorization": f"Bearer {granted.json()['access_token']}"}
    answer = httpx.post(
        f"{base_url}/api/v1/erp/titles/NAO-EXISTE/settle", json={"reason": ""}, headers=machine
    )
    assert answer.status_code == 404  # authorized: the title is simply not there

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=f"Revogar {name}").click()
    expect(page.get_by_role("row", name=re.compile(name))).to_contain_text("revogada")
    expect(shown).to_have_count(0)  # the secret is gone from the screen
    assert (
        httpx.post(token_url, data={"grant_type": "client_credentials"}, auth=(client_id, secret)).status_code
        == 401
    )


def test_an_admin_makes_a_named_profile_and_invites_with_it(base_url: str, login, page: Page, size: str):
    stamp = f"{size}{datetime.now():%H%M%S%f}"
    sign_in(page, base_url, "admin@demo.local")
    page.get_by_role("link", name="Usuários").click()
    page.get_by_role("button", name="Novo perfil").click()
    page.get_by_label("Nome do perfil").fill(f"Operador WhatsApp {stamp}")
    page.get_by_role("checkbox", name="Títulos").check()
    page.get_by_role("button", name="Salvar perfil").click()
    expect(page.get_by_role("button", name=f"Editar o perfil Operador WhatsApp {stamp}")).to_be_visible()

    invite = page.get_by_role("form", name="Convidar usuário")
    invite.get_by_label("E-mail").fill(f"wa-{stamp}@demo.local")
    invite.get_by_label("Nome").fill(f"Wanda {stamp}")
    invite.get_by_label("Perfil de acesso").select_option(label=f"Operador WhatsApp {stamp}")
    invite.get_by_label("Senha temporária").fill("Temporaria123")
    invite.get_by_role("button", name="Convidar").click()
    expect(invite.get_by_role("status")).to_contain_text("convidado")
    expect(page.get_by_label(f"Perfil de acesso de Wanda {stamp}")).to_have_value(re.compile(r"\w+"))
    look(page, "usuarios-perfis")

    page.get_by_role("button", name=f"Editar o perfil Operador WhatsApp {stamp}").click()
    page.get_by_role("checkbox", name="Importações").check()
    page.get_by_role("button", name="Salvar perfil").click()
    expect(page.get_by_role("cell", name=re.compile("Importações"))).to_be_visible()
    users = httpx.get(f"{base_url}/api/v1/users", headers=login("admin@demo.local")).json()["items"]
    [wanda] = [u for u in users if u["name"] == f"Wanda {stamp}"]
    assert wanda["permissions"] == ["debtors", "imports", "titles"]


def test_the_debtor_list_shows_balances_and_filters_by_status_and_days_late(
    base_url: str, login, page: Page, size: str
):
    headers = login("operador@demo.local")
    me = httpx.get(f"{base_url}/api/v1/me", headers=headers).json()
    wanted = {"operator": me["user_id"], "status": "open", "min_days_late": 30, "balance": True, "limit": 25}
    listed = httpx.get(f"{base_url}/api/v1/debtors", params=wanted, headers=headers).json()["items"]
    assert listed, "the seeded portfolio has the operator's debtors 30+ days late"
    sign_in(page, base_url, "operador@demo.local")
    page.get_by_role("link", name="Devedores").click()
    rows = page.locator("table.list tbody tr")
    expect(rows.first).to_be_visible()
    expect(rows.first.locator('td[data-label="Em aberto (atualizado)"]')).to_contain_text("R$")
    page.get_by_text("Filtros", exact=True).click()
    page.get_by_label("Operador").select_option(label="Só os meus")
    page.get_by_label("Situação").select_option(label="Em aberto")
    page.get_by_label("Atraso, de (dias)").fill("30")
    expect(rows).to_have_count(len(listed), timeout=30000)
    expect(rows.first).to_contain_text(listed[0]["name"])
    look(page, "devedores-filtros")
    for days in rows.locator('td[data-label="Atraso"]').all_inner_texts():
        assert int(days.split()[-2]) >= 30, days
    for status in rows.locator('td[data-label="Situação"]').all_inner_texts():
        assert status.endswith("Em aberto"), status


def test_a_supervisor_registers_by_hand_what_a_creditor_without_portador_received(
    base_url: str, login, page: Page, size: str
):
    """ACME charges through no portador: the agreement's page shows how it is paid and a supervisor
    registers the entry the debtor paid by PIX to ACME's key; it is paid, once."""
    headers = login("supervisor@demo.local")
    creditors = httpx.get(f"{base_url}/api/v1/creditors", headers=headers).json()["items"]
    acme = next(c for c in creditors if c["code"] == "ACME")
    assert acme["payment_instructions"]["pix_key"] == "11.222.333/0001-81"
    debtor, skip = None, 20 + sorted(SIZES).index(size)
    while debtor is None or debtor["titles"][0]["creditor_id"] != acme["id"]:
        found = a_debtor_to_negotiate(base_url, headers, skip=skip)
        titles = httpx.get(f"{base_url}/api/v1/debtors/{found['id']}/titles", headers=headers).json()["items"]
        debtor, skip = {**found, "titles": [t for t in titles if t["status"] == "open"]}, skip + 1
    ids = [t["id"] for t in debtor["titles"]]
    offers = httpx.post(
        f"{base_url}/api/v1/debtors/{debtor['id']}/offers", json={"title_ids": ids}, headers=headers
    ).json()
    offer = offers["offers"][0]
    email = next(c["value"] for c in debtor["contacts"] if c["kind"] == "email")
    body = {
        "debtor_id": debtor["id"],
        "title_ids": offers["title_ids"],
        "offer_code": offer["code"],
        "payment_method": "pix",
        "first_due_date": offers["first_due_date"],
        "email": email,
        "shown": {"total": offer["total"], "payments": offer["payments"]},
    }
    key = {**headers, "Idempotency-Key": f"e2e-by-hand-{size}-{datetime.now():%H%M%S%f}"}
    closed = httpx.post(f"{base_url}/api/v1/agreements", json=body, headers=key)
    assert closed.status_code == 201, closed.text
    agreement = closed.json()

    sign_in(page, base_url, "supervisor@demo.local")
    expect(page.get_by_role("heading", name="Início")).to_be_visible()
    page.get_by_role("link", name="Acordos").click()  # tokens live in memory: navigate, no reload
    page.get_by_role("link", name=agreement["number"]).click()
    expect(page.get_by_role("heading", name=re.compile(f"Acordo {agreement['number']}"))).to_be_visible()
    page.get_by_role("button", name="Registrar pagamento").first.click()
    form = page.get_by_role("form", name=re.compile("Registrar pagamento"))
    form.get_by_label("Meio").select_option("pix")
    proof: FilePayload = {
        "name": "comprovante.pdf",
        "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4 comprovante",
    }
    form.get_by_label(re.compile("^Comprovante")).set_input_files(files=[proof])
    look(page, "registrar-pagamento")
    form.get_by_role("button", name=re.compile("Confirmar pagamento")).click()
    expect(page.get_by_text(re.compile("^Paga ")).first).to_be_visible()
    with page.expect_download() as got:
        page.get_by_role("button", name="Ver comprovante").first.click()
    assert Path(got.value.path()).read_bytes() == b"%PDF-1.4 comprovante"
    after = httpx.get(f"{base_url}/api/v1/agreements/{agreement['id']}", headers=headers).json()
    first = min(after["installments"], key=lambda i: i["number"])
    assert (first["status"], first["charge"]["status"]) == ("paid", "paid")
    history = httpx.get(f"{base_url}/api/v1/debtors/{debtor['id']}/history", headers=headers).json()["items"]
    assert any("PIX, registrado à mão" in h["detail"] for h in history)
