"""Operator API, portfolio: handlers driven with HTTP API events under moto."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from cobranca import bootstrap
from cobranca.domain.access import Role
from cobranca.domain.errors import Conflict
from cobranca.domain.portfolio import DebtorIn
from cobranca.services.caller import Caller
from tests.fakes import a_cpf
from tests.integration.conftest import EVENTS, LambdaContext, Stack

CNPJ = "11.222.333/0001-81"
CPF = "529.982.247-25"


def creditor(stack: Stack, code: str = "ACME") -> dict:
    r = stack.api.call(
        stack.admin, "POST", "/api/v1/creditors", {"code": code, "name": "Acme Ltda", "document": CNPJ}
    )
    assert r.status == 201, r.body
    return r.body


def debtor(stack: Stack, document: str = CPF, name: str = "José da Silva", **extra) -> dict:
    body = {"document": document, "name": name, **extra}
    r = stack.api.call(stack.admin, "POST", "/api/v1/debtors", body)
    assert r.status == 201, r.body
    return r.body


def test_the_sample_event_creates_a_debtor(stack: Stack):
    event = json.loads((EVENTS / "api_post_debtor.json").read_text())
    event["requestContext"]["authorizer"]["jwt"]["claims"]["sub"] = stack.admin.id
    result = stack.api.handler.lambda_handler(event, LambdaContext())
    assert result["statusCode"] == 201
    body = json.loads(result["body"])
    assert body["document"] == "52998224725"
    assert body["contacts"][0]["value"] == "+5511912345678"


def test_debtor_document_is_unique_per_tenant_but_not_across_tenants(stack: Stack):
    debtor(stack)
    again = stack.api.call(
        stack.admin, "POST", "/api/v1/debtors", {"document": "52998224725", "name": "Outro"}
    )
    assert again.status == 409
    other = stack.api.call(stack.other_admin, "POST", "/api/v1/debtors", {"document": CPF, "name": "Outro"})
    assert other.status == 201


def test_concurrent_creation_of_the_same_document_stores_one_debtor(stack: Stack):
    # parallel requests at the service layer: in AWS each has its own container
    services = bootstrap.services()
    caller = Caller("demo", stack.admin.id, stack.admin.email, Role.ADMIN)
    barrier = Barrier(4)

    def create(i: int) -> int:
        barrier.wait()
        try:
            services.portfolio.create_debtor(caller, DebtorIn(document=CPF, name=f"N{i}"))
        except Conflict:
            return 409
        return 201

    with ThreadPoolExecutor(4) as pool:
        statuses = sorted(pool.map(create, range(4)))
    assert statuses == [201, 409, 409, 409]
    assert stack.api.call(stack.admin, "GET", "/api/v1/debtors").body["items"][0]["name"].startswith("N")


def test_bad_input_names_every_field_and_reason_in_portuguese(stack: Stack):
    r = stack.api.call(
        stack.admin,
        "POST",
        "/api/v1/debtors",
        {
            "document": "529.982.247-26",
            "name": "",
            "uf": "XX",
            "contacts": [{"kind": "phone", "value": "12"}],
        },
    )
    assert r.status == 422
    fields = {e["field"]: e["reason"] for e in r.body["errors"]}
    assert "dígito verificador" in fields["document"]
    assert fields["name"] == "não pode ser vazio"
    assert "UF 'XX' não existe" in fields["uf"]
    assert "telefone inválido" in fields["contacts.0.value"]


def test_another_tenants_ids_answer_404(stack: Stack):
    d = debtor(stack)
    c = creditor(stack)
    for path in (
        f"/api/v1/debtors/{d['id']}",
        f"/api/v1/debtors/{d['id']}/titles",
        f"/api/v1/creditors/{c['id']}",
    ):
        r = stack.api.call(stack.other_admin, "GET", path)
        assert r.status == 404, path
        assert "José" not in json.dumps(r.body)
    by_doc = stack.api.call(stack.other_admin, "GET", "/api/v1/debtors/by-document/52998224725")
    assert by_doc.status == 404


def test_list_filters_by_name_document_category_creditor_and_operator(stack: Stack):
    cat = stack.api.call(stack.admin, "POST", "/api/v1/categories", {"name": "VIP", "color": "#ff0000"}).body
    cred = creditor(stack)
    jose = debtor(stack, category_id=cat["id"], operator_id=stack.operator.id)
    maria = debtor(stack, document="111.444.777-35", name="Maria Souza")
    stack.api.call(
        stack.admin,
        "POST",
        f"/api/v1/debtors/{maria['id']}/titles",
        {"creditor_id": cred["id"], "number": "1", "original_amount": "10.00", "due_date": "2026-11-01"},
    )

    def ids(**query: str) -> list[str]:
        r = stack.api.call(stack.admin, "GET", "/api/v1/debtors", query=query)
        assert r.status == 200, r.body
        return [i["id"] for i in r.body["items"]]

    assert ids(q="jose") == [jose["id"]]  # accent-insensitive
    assert ids(q="529.98") == [jose["id"]]
    assert ids(q="1114") == [maria["id"]]
    assert ids(category=cat["id"]) == [jose["id"]]
    assert ids(operator=stack.operator.id) == [jose["id"]]
    assert ids(creditor=cred["id"]) == [maria["id"]]
    assert ids(category=cat["id"], q="mar") == []
    assert ids() == [jose["id"], maria["id"]]  # by name


def test_cursor_pagination_walks_every_debtor_once(stack: Stack):
    made = {debtor(stack, document=a_cpf(i), name=f"Pessoa {i}")["id"] for i in range(7)}
    seen, cursor = [], None
    while True:
        query = {"limit": "3", **({"cursor": cursor} if cursor else {})}
        page = stack.api.call(stack.admin, "GET", "/api/v1/debtors", query=query).body
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(made)


def test_a_cursor_from_another_tenant_is_refused(stack: Stack):
    debtor(stack)
    debtor(stack, document="111.444.777-35", name="Maria")
    cursor = stack.api.call(stack.admin, "GET", "/api/v1/debtors", query={"limit": "1"}).body["next_cursor"]
    r = stack.api.call(stack.other_admin, "GET", "/api/v1/debtors", query={"cursor": cursor})
    assert r.status == 422
    assert r.body["errors"][0]["field"] == "cursor"


def test_titles_are_unique_per_creditor_and_number_and_status_changes_are_recorded(stack: Stack):
    cred = creditor(stack)
    d = debtor(stack)
    body = {
        "creditor_id": cred["id"],
        "number": "NF-1",
        "original_amount": "1234.5",
        "due_date": "2026-11-01",
    }
    t = stack.api.call(stack.admin, "POST", f"/api/v1/debtors/{d['id']}/titles", body)
    assert t.status == 201
    assert t.body["original_amount"] == "1234.50"
    assert stack.api.call(stack.admin, "POST", f"/api/v1/debtors/{d['id']}/titles", body).status == 409

    status_path = f"/api/v1/debtors/{d['id']}/titles/{t.body['id']}/status"
    paid = stack.api.call(stack.operator, "POST", status_path, {"status": "paid", "reason": "pago no caixa"})
    assert paid.body["status"] == "paid"
    assert stack.api.call(stack.operator, "POST", status_path, {"status": "open"}).status == 409
    bad = stack.api.call(stack.operator, "POST", status_path, {"status": "quitado"})
    assert bad.status == 422
    assert bad.body["errors"][0]["field"] == "status"

    history = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/history").body["items"]
    actions = [h["action"] for h in history]
    assert actions == ["title.status", "title.created", "debtor.created"]
    assert history[0]["actor"] == stack.operator.id
    assert "pago no caixa" in history[0]["detail"]


def test_contacts_are_added_marked_invalid_with_a_reason_and_restored(stack: Stack):
    d = debtor(stack)
    base = f"/api/v1/debtors/{d['id']}/contacts"
    phone = stack.api.call(stack.operator, "POST", base, {"kind": "phone", "value": "11 3333-4444"})
    assert phone.status == 201
    assert (
        stack.api.call(stack.operator, "POST", base, {"kind": "phone", "value": "(11) 3333-4444"}).status
        == 409
    )
    no_reason = stack.api.call(stack.operator, "PATCH", f"{base}/{phone.body['id']}", {"valid": False})
    assert no_reason.status == 422
    assert no_reason.body["errors"][0]["field"] == "invalid_reason"
    invalid = stack.api.call(
        stack.operator, "POST", f"{base}/{phone.body['id']}/invalid", {"reason": "não atende"}
    )
    assert (invalid.body["valid"], invalid.body["invalid_reason"]) == (False, "não atende")
    valid = stack.api.call(stack.operator, "POST", f"{base}/{phone.body['id']}/valid")
    assert (valid.body["valid"], valid.body["invalid_reason"]) == (True, None)
    details = [
        h["detail"]
        for h in stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/history").body["items"]
    ]
    assert "Contato phone marcado como inválido (não atende)" in details
    assert "Contato phone marcado como válido" in details


def test_debtor_update_is_recorded_with_what_changed(stack: Stack):
    d = debtor(stack)
    r = stack.api.call(
        stack.admin, "PATCH", f"/api/v1/debtors/{d['id']}", {"name": "José S. Santos", "uf": "rj"}
    )
    assert (r.body["name"], r.body["uf"]) == ("José S. Santos", "RJ")
    entry = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/history").body["items"][0]
    assert entry["data"]["changes"]["uf"] == {"de": None, "para": "RJ"}
    bad = stack.api.call(stack.admin, "PATCH", f"/api/v1/debtors/{d['id']}", {"operator_id": "nobody"})
    assert bad.status == 422
    assert bad.body["errors"][0]["field"] == "operator_id"


def test_operator_cannot_create_creditors_and_nobody_passes_without_claims(stack: Stack):
    r = stack.api.call(
        stack.operator, "POST", "/api/v1/creditors", {"code": "X", "name": "X", "document": CNPJ}
    )
    assert r.status == 403
    assert stack.api.call(None, "GET", "/api/v1/debtors").status == 401


def test_any_word_of_the_name_finds_the_debtor_and_a_rename_moves_it(stack: Stack):
    names = ["Maria da Silva Souza", "José Silveira", "Ana Souza Lima", "Silvana Costa", "Pedro D'Ávila"]
    made = {
        name: debtor(stack, document=a_cpf(n, base=300000000), name=name)["id"]
        for n, name in enumerate(names)
    }
    cat = stack.api.call(stack.admin, "POST", "/api/v1/categories", {"name": "VIP", "color": "#ff0000"}).body

    def names_for(**query: str) -> list[str]:
        r = stack.api.call(stack.admin, "GET", "/api/v1/debtors", query=query)
        assert r.status == 200, r.body
        return [i["name"] for i in r.body["items"]]

    # a surname in the middle of the name; the start of any word, by word then name
    assert names_for(q="silva") == ["Maria da Silva Souza", "Silvana Costa"]
    assert names_for(q="SILV") == ["Maria da Silva Souza", "Silvana Costa", "José Silveira"]
    assert names_for(q="souza") == ["Ana Souza Lima", "Maria da Silva Souza"]
    assert names_for(q="maria souza") == ["Maria da Silva Souza"]  # every typed word, any order
    assert names_for(q="souza maria") == ["Maria da Silva Souza"]
    assert names_for(q="avila") == ["Pedro D'Ávila"]  # accents and apostrophes folded
    assert names_for(q="da") == []  # a particle alone is no search

    rename = {"name": "Silvana Prado"}
    r = stack.api.call(stack.admin, "PATCH", f"/api/v1/debtors/{made['Silvana Costa']}", rename)
    assert r.status == 200, r.body
    assert names_for(q="costa") == []  # the old word left the index
    assert names_for(q="prado") == ["Silvana Prado"]
    jose = f"/api/v1/debtors/{made['José Silveira']}"
    assert stack.api.call(stack.admin, "PATCH", jose, {"category_id": cat["id"]}).status == 200
    assert names_for(q="silv", category=cat["id"]) == ["José Silveira"]  # the words carry the summary

    seen: list[str] = []
    cursor = None
    while True:  # pages of one, walked with the cursor
        query = {"q": "si", "limit": "1"} | ({"cursor": cursor} if cursor else {})
        body = stack.api.call(stack.admin, "GET", "/api/v1/debtors", query=query).body
        seen += [i["name"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == ["Maria da Silva Souza", "Silvana Prado", "José Silveira"]


def test_a_title_number_an_email_or_a_phone_finds_its_debtor(stack: Stack):
    cred = creditor(stack)
    contacts = [
        {"kind": "email", "value": "Jose.Silva@Example.com"},
        {"kind": "phone", "value": "(41) 98793-8822"},
    ]
    jose = debtor(stack, contacts=contacts)
    other = debtor(stack, document="11144477735", name="Maria Souza")
    for owner, number in ((jose, "NF-2024/0017"), (jose, "NF-2024/0018"), (other, "CT 99")):
        title = {
            "creditor_id": cred["id"],
            "number": number,
            "original_amount": "10.00",
            "due_date": "2026-10-01",
        }
        r = stack.api.call(stack.admin, "POST", f"/api/v1/debtors/{owner['id']}/titles", title)
        assert r.status == 201, r.body

    def found(q: str) -> list[str]:
        r = stack.api.call(stack.operator, "GET", "/api/v1/debtors", query={"q": q})
        assert r.status == 200, r.body
        return [d["name"] for d in r.body["items"]]

    assert found("nf-2024/00") == ["José da Silva"]  # two titles, one debtor
    assert found("CT 99") == ["Maria Souza"]
    assert found("jose.silva@") == ["José da Silva"]
    assert found("(41) 98793") == ["José da Silva"]
    assert found("41987938822") == ["José da Silva"]  # no CPF starts so: tried as a phone
    assert found("529.982") == ["José da Silva"]  # a CPF prefix is still a CPF
    assert found("nobody@example.com") == []


def test_a_creditor_is_created_with_its_policy_in_one_request_or_not_at_all(stack: Stack):
    def create(body: dict) -> tuple[int, dict]:
        r = stack.api.call(
            stack.admin, "POST", "/api/v1/creditors", {"name": "Loja X", "document": CNPJ, **body}
        )
        return r.status, r.body

    status, body = create({"code": "LOJA X!"})
    assert (status, body["errors"][0]["field"]) == (422, "code")
    assert "letras maiúsculas" in body["errors"][0]["reason"]
    usury = {"code": "LOJAX", "policy": {"interest_percent_month": "30"}}
    status, body = create(usury)
    assert (status, body["errors"][0]["field"]) == (422, "policy.interest_percent_month")
    assert "Decreto 22.626/33" in body["errors"][0]["reason"]
    assert stack.api.call(stack.admin, "GET", "/api/v1/creditors").body["items"] == []  # nothing was left

    bank = {"interest_percent_month": "30", "financial_institution": True, "fine_percent": "2"}
    status, made = create({"code": "BANCO_X-1", "policy": bank})
    assert status == 201, made
    assert (made["policy"]["interest_percent_month"], made["policy"]["financial_institution"]) == ("30", True)
    (listed,) = stack.api.call(stack.admin, "GET", "/api/v1/creditors").body["items"]
    assert listed["policy"]["fine_percent"] == "2"
