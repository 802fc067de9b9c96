"""The portfolio's owners (F07): operator groups, bulk assignment by filter, the import rule."""

from __future__ import annotations

from cobranca import bootstrap
from cobranca.domain.access import Role
from cobranca.domain.users import UserIn
from tests.fakes import a_cpf
from tests.integration.conftest import Stack
from tests.integration.test_imports import post_csv, run_worker
from tests.integration.test_portfolio_api import creditor, debtor

CPFS = [a_cpf(n, base=700000000) for n in range(6)]


def second_operator(stack: Stack) -> str:
    user = bootstrap.services().users.register(
        "demo", UserIn(email="op2@demo.local", name="Beatriz Operadora", role=Role.OPERATOR)
    )
    return user.id


def group(stack: Stack, members: list[str], name: str = "Equipe A") -> dict:
    r = stack.api.call(
        stack.supervisor, "POST", "/api/v1/operator-groups", {"name": name, "member_ids": members}
    )
    assert r.status == 201, r.body
    return r.body


def assign(stack: Stack, body: dict, user=None):
    return stack.api.call(user or stack.supervisor, "POST", "/api/v1/assignments", body)


def operators_of(stack: Stack) -> dict[str, str | None]:
    items = stack.api.call(stack.admin, "GET", "/api/v1/debtors", query={"limit": "200"}).body["items"]
    return {d["name"]: d.get("operator_id") for d in items}


def test_a_group_takes_the_unassigned_debtors_in_turn_page_by_page_and_again_changes_nothing(stack: Stack):
    other = second_operator(stack)
    for n, cpf in enumerate(CPFS):
        debtor(stack, document=cpf, name=f"Devedor {n}")
    team = group(stack, [stack.operator.id, other])

    body = {"filter": {"unassigned": True}, "to": {"group_id": team["id"]}}
    assert assign(stack, {**body, "dry_run": True}).body["matched"] == 6
    first = assign(stack, body)
    assert first.status == 200, first.body
    assert (first.body["matched"], first.body["assigned"], first.body["next_position"]) == (6, 6, 6)
    assert first.body["by_operator"] == {stack.operator.id: 3, other: 3}
    owners = operators_of(stack)
    # in turn, in the list's order (by name): 0, 2, 4 to the first member; 1, 3, 5 to the second
    assert [owners[f"Devedor {n}"] for n in range(6)] == [stack.operator.id, other] * 3

    assert assign(stack, {**body, "dry_run": True}).body["matched"] == 0
    again = assign(
        stack, {"filter": {"operator_id": stack.operator.id}, "to": {"operator_id": stack.operator.id}}
    )
    assert (again.body["matched"], again.body["assigned"], again.body["unchanged"]) == (3, 0, 3)

    mine = stack.api.call(stack.operator, "GET", "/api/v1/debtors", query={"operator": stack.operator.id})
    assert len(mine.body["items"]) == 3
    history = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{mine.body['items'][0]['id']}/history")
    detail = next(h["detail"] for h in history.body["items"] if h["action"] == "debtor.assigned")
    assert detail == "Carteira distribuída: de sem operador para operador"


def test_moving_one_operators_debtors_to_another_by_filter(stack: Stack):
    other = second_operator(stack)
    acme = creditor(stack)
    for n, cpf in enumerate(CPFS[:3]):
        d = debtor(stack, document=cpf, name=f"Cliente {n}", operator_id=stack.operator.id)
        title = {
            "creditor_id": acme["id"],
            "number": f"NF-{n}",
            "original_amount": "100.00",
            "due_date": "2026-10-01",
        }
        assert stack.api.call(stack.admin, "POST", f"/api/v1/debtors/{d['id']}/titles", title).status == 201
    debtor(stack, document=CPFS[3], name="Sem título", operator_id=stack.operator.id)

    moved = assign(stack, {"filter": {"creditor_id": acme["id"]}, "to": {"operator_id": other}})
    assert (moved.body["assigned"], moved.body["next_cursor"]) == (3, None)
    owners = operators_of(stack)
    assert {owners[f"Cliente {n}"] for n in range(3)} == {other}
    assert owners["Sem título"] == stack.operator.id


def test_only_supervisors_and_admins_assign_and_targets_must_be_active_users(stack: Stack):
    assert assign(stack, {"to": {"operator_id": stack.operator.id}}, user=stack.operator).status == 403
    ghost = assign(stack, {"to": {"operator_id": "nobody"}})
    assert ghost.status == 422
    assert ghost.body["errors"][0]["field"] == "to.operator_id"
    both = assign(stack, {"to": {"operator_id": stack.operator.id, "group_id": "x"}})
    assert both.status == 422
    bad_member = stack.api.call(
        stack.supervisor,
        "POST",
        "/api/v1/operator-groups",
        {"name": "X", "member_ids": [stack.operator.id, "nobody"]},
    )
    assert bad_member.status == 422
    assert bad_member.body["errors"][0]["field"] == "member_ids.1"
    empty = group(stack, [], name="Vazia")
    assert (
        assign(stack, {"to": {"group_id": empty["id"]}}).body["errors"][0]["reason"]
        == "o grupo não tem operadores"
    )


def test_groups_are_listed_renamed_and_removed_unless_the_import_rule_uses_them(stack: Stack):
    team = group(stack, [stack.operator.id])
    renamed = stack.api.call(
        stack.supervisor, "PATCH", f"/api/v1/operator-groups/{team['id']}", {"name": "Equipe B"}
    )
    assert renamed.body["name"] == "Equipe B"
    twin = stack.api.call(stack.supervisor, "POST", "/api/v1/operator-groups", {"name": "equipe b"})
    assert twin.status == 422
    assert twin.body["errors"][0] == {"field": "name", "reason": "já existe um grupo com este nome"}
    rule = stack.api.call(
        stack.admin, "PUT", "/api/v1/assignment-rule", {"imports": "group", "group_id": team["id"]}
    )
    assert rule.status == 200, rule.body
    assert stack.api.call(stack.admin, "DELETE", f"/api/v1/operator-groups/{team['id']}").status == 409
    stack.api.call(stack.admin, "PUT", "/api/v1/assignment-rule", {"imports": "none"})
    assert stack.api.call(stack.admin, "DELETE", f"/api/v1/operator-groups/{team['id']}").status == 204
    assert stack.api.call(stack.admin, "GET", "/api/v1/operator-groups").body["items"] == []
    missing = stack.api.call(stack.admin, "PUT", "/api/v1/assignment-rule", {"imports": "operator"})
    assert missing.status == 422


def test_an_import_gives_its_new_debtors_to_the_rules_group_in_turn_and_keeps_existing_owners(stack: Stack):
    other = second_operator(stack)
    team = group(stack, [stack.operator.id, other])
    stack.api.call(
        stack.admin, "PUT", "/api/v1/assignment-rule", {"imports": "group", "group_id": team["id"]}
    )
    creditor(stack, code="ACME")
    debtor(stack, document=CPFS[0], name="Já Cadastrado")
    rows = (
        ["document;name;creditor;title_number;amount;due_date"]
        + [f"{cpf};Importado {n};ACME;NF-{n};100,00;01/10/2026" for n, cpf in enumerate(CPFS[1:5])]
        + [f"{CPFS[0]};Já Cadastrado;ACME;NF-9;50,00;01/10/2026"]
    )
    assert post_csv(stack, "\n".join(rows).encode()).status == 202
    assert run_worker(stack) == 1
    owners = operators_of(stack)
    assert [owners[f"Importado {n}"] for n in range(4)] == [stack.operator.id, other] * 2
    assert owners["Já Cadastrado"] is None
