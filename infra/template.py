"""Reads template.yaml (CloudFormation tags included): the one description of resources and routes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"


class _CfnLoader(yaml.SafeLoader):
    """Turns !Ref/!GetAtt/!Sub… into their long forms ({'Ref': x}, {'Fn::GetAtt': [..]})."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = str(value).split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


_CfnLoader.add_multi_constructor("!", _tag)


@lru_cache(maxsize=1)
def load() -> dict[str, Any]:
    document: dict[str, Any] = yaml.load(TEMPLATE.read_text(), Loader=_CfnLoader)  # noqa: S506 - SafeLoader subclass
    return document


def resources(kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in load()["Resources"].items() if r["Type"] == kind}


@dataclass(frozen=True)
class Route:
    function: str
    method: str
    path: str
    authorizer: str | None  # the HttpApi authorizer's name (its DefaultAuthorizer when unnamed), or None

    @property
    def authorized(self) -> bool:
        return self.authorizer is not None


@dataclass(frozen=True)
class LambdaAuthorizer:
    """An HttpApi Lambda authorizer (payload 2.0, simple responses): its function and cache."""

    name: str
    function: str
    header: str
    ttl_seconds: int


def http_api_auth() -> dict[str, Any]:
    api = next(iter(resources("AWS::Serverless::HttpApi").values()))
    auth: dict[str, Any] = api["Properties"]["Auth"]
    return auth


def lambda_authorizers() -> dict[str, LambdaAuthorizer]:
    found = {}
    for name, a in http_api_auth()["Authorizers"].items():
        if "FunctionArn" in a:
            identity = a.get("Identity", {})
            found[name] = LambdaAuthorizer(
                name,
                a["FunctionArn"]["Fn::GetAtt"][0],
                identity.get("Headers", ["Authorization"])[0],
                int(identity.get("ReauthorizeEvery", 300)),
            )
    return found


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    code_uri: str
    handler: str
    environment: dict[str, Any]
    sqs_queue: str | None  # logical id of the queue that triggers it

    @property
    def module(self) -> str:
        """Import path of the handler module as tests import it: functions.api.handler."""
        return ".".join([*Path(self.code_uri).parts, self.handler.rsplit(".", 1)[0]])

    @property
    def attribute(self) -> str:
        return self.handler.rsplit(".", 1)[1]


def functions() -> list[FunctionSpec]:
    doc = load()
    global_env = doc.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    specs = []
    for name, r in resources("AWS::Serverless::Function").items():
        props = r["Properties"]
        env = {**global_env, **props.get("Environment", {}).get("Variables", {})}
        queue = None
        for event in props.get("Events", {}).values():
            if event["Type"] == "SQS":
                queue = event["Properties"]["Queue"]["Fn::GetAtt"][0]
        specs.append(FunctionSpec(name, props["CodeUri"], props["Handler"], env, queue))
    return specs


def routes() -> list[Route]:
    found = []
    for name, r in resources("AWS::Serverless::Function").items():
        for event in r["Properties"].get("Events", {}).values():
            if event["Type"] != "HttpApi":
                continue
            props = event["Properties"]
            auth = props.get("Auth", {}).get("Authorizer") or http_api_auth()["DefaultAuthorizer"]
            found.append(
                Route(name, props["Method"].upper(), props["Path"], None if auth == "NONE" else auth)
            )
    return found
