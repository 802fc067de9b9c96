"""template.yaml is the single source of truth: every handler it names exists; the layer ships its deps."""

import importlib

import pytest

from infra import template
from infra.requirements import runtime_requirements
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


def test_only_the_debtor_portal_skips_cognito_and_it_checks_its_own_sessions():
    public = {(r.function, r.path) for r in template.routes() if not r.authorized}
    assert public == {
        ("NegociaFunction", "/negocia/{tenant}"),
        ("NegociaFunction", "/negocia/api/{tenant}/code"),
        ("NegociaFunction", "/negocia/api/{tenant}/session"),
        ("NegociaFunction", "/negocia/api/{proxy+}"),
    }


def test_layer_requirements_match_pyproject():
    assert (ROOT / "layers/core/requirements.txt").read_text() == runtime_requirements()
