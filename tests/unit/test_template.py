"""template.yaml is the single source of truth: every handler it names exists; the layer ships its deps."""

import importlib

import pytest

from cobranca.domain.erp_clients import ERP_RESOURCE_SERVER, ERP_SCOPE
from infra import template
from infra.template import ROOT


@pytest.mark.parametrize("spec", template.functions(), ids=lambda s: s.name)
def test_every_handler_in_the_template_imports_and_is_callable(spec):
    module = importlib.import_module(spec.module)
    assert callable(getattr(module, spec.attribute))
    assert (ROOT / spec.code_uri / "handler.py").is_file()


def test_functions_target_python_313_on_arm64():
    function_globals = template.load()["Globals"]["Function"]
    assert function_globals["Runtime"] == "python3.13"
    assert function_globals["Architectures"] == ["arm64"]


def test_every_function_has_an_error_alarm():
    alarmed = {
        a["Properties"]["Dimensions"][0]["Value"]["Ref"]
        for a in template.resources("AWS::CloudWatch::Alarm").values()
        if a["Properties"]["MetricName"] == "Errors"
    }
    assert alarmed == set(template.resources("AWS::Serverless::Function"))


def test_the_due_date_index_exists_for_the_ruler():
    table = next(iter(template.resources("AWS::DynamoDB::Table").values()))["Properties"]
    indexes = {
        i["IndexName"]: [k["AttributeName"] for k in i["KeySchema"]] for i in table["GlobalSecondaryIndexes"]
    }
    assert indexes["ByDueDate"] == ["duepk", "duesk"]
    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert table["SSESpecification"] == {"SSEEnabled": True}


def test_every_operator_route_requires_the_jwt_authorizer():
    operator = [r for r in template.routes() if r.function == "ApiFunction"]
    assert operator
    assert all(route.authorized for route in operator)


def test_only_the_debtor_portal_and_the_webhooks_skip_cognito_and_they_check_their_own_credentials():
    public = {(r.function, r.path) for r in template.routes() if not r.authorized}
    assert public == {
        ("NegociaFunction", "/negocia/{tenant}"),
        ("NegociaFunction", "/negocia/api/{tenant}/code"),
        ("NegociaFunction", "/negocia/api/{tenant}/session"),
        ("NegociaFunction", "/negocia/api/{tenant}/link/{ref}"),  # a personal link: the masked document
        ("NegociaFunction", "/verificar/{code}"),  # a termo's code: number, date, parties, no amount
        ("NegociaFunction", "/descadastrar/{tenant}/{token}"),  # an e-mail's opt-out, signed (HMAC)
        ("NegociaFunction", "/negocia/api/{proxy+}"),
        ("WebhooksFunction", "/webhooks/asaas/{tenant}"),  # the tenant's Asaas token (401 without it)
    }
    webhooks = template.resources("AWS::Serverless::Function")["WebhooksFunction"]["Properties"]
    assert "DynamoDBCrudPolicy" not in str(webhooks["Policies"])  # it reads a token and queues, no more


def test_the_erp_token_reaches_only_the_machine_routes_and_operator_tokens_never_do():
    erp = {(r.function, r.method, r.path) for r in template.routes() if r.authorizer == "ErpToken"}
    assert erp == {("ApiFunction", "ANY", "/api/v1/erp/{proxy+}")}
    others = [r for r in template.routes() if r.function == "ApiFunction" and r.authorizer != "ErpToken"]
    assert {r.authorizer for r in others} == {"CognitoJwt"}
    spec = template.lambda_authorizers()["ErpToken"]
    assert (spec.function, spec.header, spec.ttl_seconds) == ("ErpAuthorizerFunction", "Authorization", 300)
    assert template.http_api_auth()["Authorizers"]["ErpToken"]["EnableFunctionDefaultPermissions"] is True


def test_the_erp_resource_server_and_scope_are_the_ones_the_domain_checks():
    server = next(iter(template.resources("AWS::Cognito::UserPoolResourceServer").values()))["Properties"]
    scopes = [f"{server['Identifier']}/{s['ScopeName']}" for s in server["Scopes"]]
    assert server["Identifier"] == ERP_RESOURCE_SERVER
    assert scopes == [ERP_SCOPE]


def test_the_erp_authorizer_reads_only_its_clients_registry_item():
    actions = _actions("ErpAuthorizerFunction")
    assert actions == {"dynamodb:GetItem"}  # it reads a client's registry item, no more


def _policies(name: str) -> list:
    return template.load()["Resources"][name]["Properties"].get("Policies", [])


def _statements(name: str) -> list[dict]:
    return [s for p in _policies(name) if isinstance(p, dict) for s in p.get("Statement", [])]


def _actions(name: str) -> set[str]:
    out: set[str] = set()
    for s in _statements(name):
        out |= set(s["Action"] if isinstance(s["Action"], list) else [s["Action"]])
    return out


def test_the_unauthenticated_portal_function_gets_only_what_it_uses():
    managed = {
        next(iter(p)) for p in _policies("NegociaFunction") if isinstance(p, dict) and "Statement" not in p
    }
    assert managed == {"SQSSendMessagePolicy"}  # no DynamoDBCrudPolicy, no S3CrudPolicy
    actions = _actions("NegociaFunction")
    assert "dynamodb:Scan" not in actions
    assert "dynamodb:BatchWriteItem" not in actions
    assert not any(a.startswith("s3:Delete") for a in actions)
    s3 = next(s for s in _statements("NegociaFunction") if "s3:PutObject" in s["Action"])
    assert s3["Resource"] == {"Fn::Sub": "${DocumentsBucket.Arn}/agreements/*"}


def test_no_function_can_delete_documents():
    for name in template.resources("AWS::Serverless::Function"):
        assert not any(isinstance(p, dict) and "S3CrudPolicy" in p for p in _policies(name)), name
        assert not any(a.startswith("s3:Delete") for a in _actions(name)), name


def test_every_secret_a_function_may_read_or_write_is_under_its_stage():
    for name in template.resources("AWS::Serverless::Function"):
        for s in _statements(name):
            if not any(a.startswith("secretsmanager:") for a in s["Action"]):
                continue
            resources = s["Resource"] if isinstance(s["Resource"], list) else [s["Resource"]]
            for r in resources:
                assert r == {"Ref": "NegociaKeySecret"} or "cobranca/${Stage}/" in r["Fn::Sub"], (name, r)


def test_cors_names_its_origins_and_the_portal_routes_are_throttled_harder():
    api = template.load()["Resources"]["HttpApi"]["Properties"]
    assert api["CorsConfiguration"]["AllowOrigins"] == {"Ref": "AllowedOrigins"}
    assert "*" not in template.load()["Parameters"]["AllowedOrigins"]["Default"]
    default = api["DefaultRouteSettings"]["ThrottlingRateLimit"]
    for route in ("POST /negocia/api/{tenant}/code", "POST /negocia/api/{tenant}/session"):
        assert api["RouteSettings"][route]["ThrottlingRateLimit"] < default


def test_access_logs_never_carry_the_path_or_the_query_string():
    fmt = template.load()["Resources"]["HttpApi"]["Properties"]["AccessLogSettings"]["Format"]
    assert "$context.routeKey" in fmt
    assert "$context.path" not in fmt
    assert "querystring" not in fmt.lower()


def test_every_function_has_a_log_group_with_retention():
    groups = template.resources("AWS::Logs::LogGroup")
    named = {g["Properties"]["LogGroupName"]["Fn::Sub"] for g in groups.values()}
    for name in template.resources("AWS::Serverless::Function"):
        assert f"/aws/lambda/${{{name}}}" in named
    assert all(g["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"} for g in groups.values())


def test_the_portal_web_acl_rate_limits_the_negocia_routes():
    acl = template.load()["Resources"]["PortalWebAcl"]
    rule = acl["Properties"]["Rules"][0]["Statement"]["RateBasedStatement"]
    assert rule["AggregateKeyType"] == "IP"
    assert rule["ScopeDownStatement"]["ByteMatchStatement"]["SearchString"] == "/negocia/"
    assert acl["Condition"] == "PortalWaf"


def test_old_termo_versions_and_exports_expire():
    rules = {
        r["Id"]: r
        for r in template.load()["Resources"]["DocumentsBucket"]["Properties"]["LifecycleConfiguration"][
            "Rules"
        ]
    }
    assert rules["termos-old-versions"]["NoncurrentVersionExpiration"]["NoncurrentDays"] > 0
    assert rules["expire-exports"]["ExpirationInDays"] > 0


def test_the_api_and_the_portal_start_from_a_snapshot_and_rebuild_their_services_after_a_restore():
    from cobranca import bootstrap, snapstart

    for name in ("ApiFunction", "NegociaFunction"):
        props = template.resources("AWS::Serverless::Function")[name]["Properties"]
        assert props["SnapStart"] == {"ApplyOn": "PublishedVersions"}
        assert props["AutoPublishAlias"]
    before = bootstrap.services()
    snapstart.restored()
    assert bootstrap.services() is not before


def test_a_snapshot_holds_every_route_and_an_on_demand_cold_start_loads_only_what_it_serves(monkeypatch):
    import sys

    from cobranca import snapstart
    from cobranca.config import settings
    from cobranca.http.app import build_resolver

    settings.cache_clear()
    monkeypatch.setenv("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")
    assert snapstart.initialized_ahead()
    monkeypatch.setenv("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")
    settings.cache_clear()
    assert not snapstart.initialized_ahead()
    settings.cache_clear()
    lazy = build_resolver()
    assert lazy.included == set()
    lazy.include_everything()
    assert {"debtors", "messaging", "health"} <= lazy.included
    assert "cobranca.http.routers.messaging" in sys.modules


def test_each_document_prefix_is_the_boundary_the_template_draws():
    from cobranca import object_keys

    text = (ROOT / "template.yaml").read_text()
    assert f"${{DocumentsBucket.Arn}}/{object_keys.AGREEMENTS}*" in text  # the portal: termos only
    assert f"${{DocumentsBucket.Arn}}/{object_keys.LETTERS}*" in text  # the sender: letters only
    assert f"Prefix: {object_keys.IMPORTS}" in text  # old imports expire
