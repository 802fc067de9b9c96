"""Users (admin only), permissions per screen and access-hour windows, enforced server-side."""

from __future__ import annotations

import pytest

from cobranca.domain.dates import CLOCK
from tests.integration.conftest import Stack

ALWAYS_CLOSED = [{"weekdays": [7], "start": "00:00", "end": "00:01"}]


def test_me_reflects_the_token(stack: Stack):
    me = stack.api.call(stack.operator, "GET", "/api/v1/me").body
    assert (me["tenant"], me["role"], me["screens"]) == ("demo", "operator", ["debtors", "titles"])
    users = stack.api.call(stack.admin, "GET", "/api/v1/users").body["items"]
    profile = next(u for u in users if u["id"] == stack.operator.id)
    assert me["name"] == profile["name"] != ""  # the console greets by it


def test_only_admin_manages_users(stack: Stack):
    assert stack.api.call(stack.supervisor, "GET", "/api/v1/users").status == 403
    users = stack.api.call(stack.admin, "GET", "/api/v1/users").body["items"]
    assert {u["email"] for u in users} == {"admin@demo.local", "supervisor@demo.local", "operador@demo.local"}


def test_admin_creates_a_user_in_cognito_and_the_profile(stack: Stack):
    body = {
        "email": "Nova@Demo.local",
        "name": "Nova",
        "role": "operator",
        "permissions": ["debtors", "imports"],
    }
    r = stack.api.call(stack.admin, "POST", "/api/v1/users", body)
    assert r.status == 201, r.body
    assert (r.body["email"], r.body["permissions"]) == ("nova@demo.local", ["debtors", "imports"])
    assert stack.api.call(stack.admin, "POST", "/api/v1/users", body).status == 409
    import boto3  # the identity lives in (moto's) Cognito

    user = boto3.client("cognito-idp").admin_get_user(
        UserPoolId=stack.resources.refs["UserPool"], Username="nova@demo.local"
    )
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attributes["custom:tenant"] == "demo"


def test_request_outside_the_window_gets_403_with_the_reason(stack: Stack):
    r = stack.api.call(
        stack.admin, "PATCH", f"/api/v1/users/{stack.operator.id}", {"access_ranges": ALWAYS_CLOSED}
    )
    assert r.status == 200, r.body
    denied = stack.api.call(stack.operator, "GET", "/api/v1/debtors")
    assert denied.status == 403
    assert "fora do horário permitido" in denied.body["message"]


def test_admin_is_never_restricted_by_windows(stack: Stack, monkeypatch: pytest.MonkeyPatch):
    r = stack.api.call(
        stack.admin, "PATCH", f"/api/v1/users/{stack.admin.id}", {"access_ranges": ALWAYS_CLOSED}
    )
    assert r.status == 200
    assert stack.api.call(stack.admin, "GET", "/api/v1/debtors").status == 200


def test_windows_follow_sao_paulo_time(stack: Stack, monkeypatch: pytest.MonkeyPatch):
    weekdays_9_to_18 = [{"weekdays": [1, 2, 3, 4, 5], "start": "09:00", "end": "18:00"}]
    stack.api.call(
        stack.admin, "PATCH", f"/api/v1/users/{stack.operator.id}", {"access_ranges": weekdays_9_to_18}
    )
    CLOCK.pin("2026-11-23T11:00:00Z")  # Monday 08:00 in São Paulo
    assert stack.api.call(stack.operator, "GET", "/api/v1/debtors").status == 403
    CLOCK.pin("2026-11-23T12:30:00Z")  # Monday 09:30 in São Paulo
    assert stack.api.call(stack.operator, "GET", "/api/v1/debtors").status == 200


def test_per_screen_permissions_are_enforced(stack: Stack):
    r = stack.api.call(
        stack.admin, "PATCH", f"/api/v1/users/{stack.operator.id}", {"permissions": ["imports"]}
    )
    assert r.status == 200
    assert stack.api.call(stack.operator, "GET", "/api/v1/debtors").status == 403


def test_admin_cannot_demote_themselves_and_bad_windows_are_refused(stack: Stack):
    own = stack.api.call(stack.admin, "PATCH", f"/api/v1/users/{stack.admin.id}", {"role": "operator"})
    assert own.status == 409
    bad = stack.api.call(
        stack.admin,
        "PATCH",
        f"/api/v1/users/{stack.operator.id}",
        {"access_ranges": [{"weekdays": [8], "start": "10:00", "end": "09:00"}]},
    )
    assert bad.status == 422
    assert {e["field"] for e in bad.body["errors"]} >= {"access_ranges.0.weekdays.0"}


def test_role_change_moves_the_user_between_cognito_groups(stack: Stack):
    import boto3

    r = stack.api.call(stack.admin, "PATCH", f"/api/v1/users/{stack.operator.id}", {"role": "supervisor"})
    assert (r.status, r.body["role"]) == (200, "supervisor")
    groups = boto3.client("cognito-idp").admin_list_groups_for_user(
        UserPoolId=stack.resources.refs["UserPool"], Username="operador@demo.local"
    )["Groups"]
    assert [g["GroupName"] for g in groups] == ["supervisor"]


def test_a_demoted_supervisor_loses_the_role_on_the_next_request_with_the_same_token(stack: Stack):
    assert stack.api.call(stack.supervisor, "GET", "/api/v1/templates").status == 200
    r = stack.api.call(stack.admin, "PATCH", f"/api/v1/users/{stack.supervisor.id}", {"role": "operator"})
    assert r.status == 200
    # the supervisor's token still says 'supervisor' in cognito:groups
    assert stack.supervisor.claims["cognito:groups"] == "[supervisor]"
    assert stack.api.call(stack.supervisor, "GET", "/api/v1/templates").status == 403
    assert stack.api.call(stack.supervisor, "GET", "/api/v1/me").body["role"] == "operator"


def test_a_named_profile_gives_its_screens_to_its_users_and_its_changes_reach_them(stack: Stack):
    def admin(method: str, path: str, body: dict | None = None):
        return stack.api.call(stack.admin, method, f"/api/v1{path}", body)

    created = admin("POST", "/profiles", {"name": "Operador WhatsApp", "screens": ["debtors"]})
    assert created.status == 201, created.body
    profile = created.body
    assert admin("POST", "/profiles", {"name": "operador whatsapp", "screens": []}).status == 422
    users_only = admin("POST", "/profiles", {"name": "X", "screens": ["users"]})
    reason = "a tela de usuários é só do administrador"
    assert users_only.body["errors"][0] == {"field": "screens", "reason": reason}
    assert stack.api.call(stack.supervisor, "GET", "/api/v1/profiles").status == 403

    given = admin("PATCH", f"/users/{stack.operator.id}", {"profile_id": profile["id"]})
    assert (given.body["profile_id"], given.body["permissions"]) == (profile["id"], ["debtors"])
    assert stack.api.call(stack.operator, "GET", "/api/v1/me").body["screens"] == ["debtors"]
    titles = stack.api.call(stack.operator, "GET", "/api/v1/debtors/x/titles")
    assert titles.status == 403  # titles are not in the profile

    admin("PATCH", f"/profiles/{profile['id']}", {"screens": ["debtors", "titles"]})
    assert stack.api.call(stack.operator, "GET", "/api/v1/me").body["screens"] == ["debtors", "titles"]

    in_use = admin("DELETE", f"/profiles/{profile['id']}")
    assert in_use.status == 409
    assert "operador" in in_use.body["message"]
    own = admin("PATCH", f"/users/{stack.operator.id}", {"permissions": ["debtors"]})
    assert (own.body["profile_id"], own.body["permissions"]) == (None, ["debtors"])  # own screens: no profile
    assert admin("DELETE", f"/profiles/{profile['id']}").status == 204
    assert admin("GET", "/profiles").body["items"] == []


def test_a_user_invited_with_a_profile_gets_its_screens_and_an_unknown_profile_is_refused(stack: Stack):
    profile = stack.api.call(
        stack.admin, "POST", "/api/v1/profiles", {"name": "Importador", "screens": ["imports", "debtors"]}
    ).body
    body = {"email": "imp@demo.local", "name": "Imp", "role": "operator", "profile_id": profile["id"]}
    r = stack.api.call(stack.admin, "POST", "/api/v1/users", body)
    assert r.status == 201, r.body
    assert r.body["permissions"] == ["debtors", "imports"]
    ghost = {**body, "email": "x@demo.local", "profile_id": "nope"}
    refused = stack.api.call(stack.admin, "POST", "/api/v1/users", ghost)
    assert refused.status == 422
    assert refused.body["errors"][0]["field"] == "profile_id"
