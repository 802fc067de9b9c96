"""Creates the template's table, bucket, queues and user pool in moto (server or in-process)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import Any

import boto3

from infra import template

LOCAL_PASSWORD_POLICY = {
    # Local stack only: the demo password 'demo123' is shorter than the template's policy.
    "MinimumLength": 6,
    "RequireUppercase": False,
    "RequireLowercase": False,
    "RequireNumbers": False,
    "RequireSymbols": False,
}


@dataclass
class Resources:
    """Physical names/ids of the created resources, by logical id (what !Ref resolves to)."""

    refs: dict[str, str] = field(default_factory=dict)
    arns: dict[str, str] = field(default_factory=dict)

    def resolve(self, value: Any) -> str:
        if isinstance(value, dict) and "Ref" in value:
            return str(self.refs.get(value["Ref"], value["Ref"]))
        if isinstance(value, dict) and "Fn::Sub" in value:
            return re.sub(
                r"\$\{([\w:]+)\}", lambda m: self.refs.get(m.group(1), m.group(0)), value["Fn::Sub"]
            )
        return str(value)

    def environment(self, spec: template.FunctionSpec) -> dict[str, str]:
        return {key: self.resolve(v) for key, v in spec.environment.items()}


def _clients(endpoint: str | None, region: str) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"region_name": region}
    if endpoint:
        kwargs["endpoint_url"] = endpoint
    return {
        s: boto3.client(s, **kwargs)
        for s in ("dynamodb", "s3", "sqs", "cognito-idp", "ses", "secretsmanager")
    }


def create_all(
    endpoint: str | None = None, region: str = "us-east-1", prefix: str = "cobranca-local"
) -> Resources:
    c = _clients(endpoint, region)
    parameters = {
        name: str(p.get("Default", "")) for name, p in template.load().get("Parameters", {}).items()
    }
    pseudo = {"AWS::Region": region, "AWS::AccountId": "123456789012"}  # moto's default account
    out = Resources(refs={**parameters, **pseudo, "Stage": "local"})
    for name, r in template.resources("AWS::DynamoDB::Table").items():
        p = r["Properties"]
        table = f"{prefix}-{name}"
        c["dynamodb"].create_table(
            TableName=table,
            BillingMode=p["BillingMode"],
            AttributeDefinitions=p["AttributeDefinitions"],
            KeySchema=p["KeySchema"],
            GlobalSecondaryIndexes=p.get("GlobalSecondaryIndexes", []),
        )
        ttl = p.get("TimeToLiveSpecification")
        if ttl:
            c["dynamodb"].update_time_to_live(TableName=table, TimeToLiveSpecification=ttl)
        out.refs[name] = table
    for name in template.resources("AWS::S3::Bucket"):
        bucket = f"{prefix}-{name}".lower()
        c["s3"].create_bucket(Bucket=bucket)
        out.refs[name] = bucket
    queues = template.resources("AWS::SQS::Queue")
    # dead-letter queues first, so redrive policies can point at them
    for name in sorted(queues, key=lambda n: "RedrivePolicy" in queues[n]["Properties"]):
        p = queues[name]["Properties"]
        attributes = {"VisibilityTimeout": str(p.get("VisibilityTimeout", 30))}
        if "RedrivePolicy" in p:
            dlq = p["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
            attributes["RedrivePolicy"] = (
                f'{{"deadLetterTargetArn":"{out.arns[dlq]}","maxReceiveCount":"{p["RedrivePolicy"]["maxReceiveCount"]}"}}'
            )
        url = c["sqs"].create_queue(QueueName=f"{prefix}-{name}", Attributes=attributes)["QueueUrl"]
        out.refs[name] = url
        arn = c["sqs"].get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        out.arns[name] = arn
    for name, r in template.resources("AWS::SecretsManager::Secret").items():
        p = r["Properties"]
        secret_name = out.resolve(p["Name"])
        value = secrets.token_urlsafe(p.get("GenerateSecretString", {}).get("PasswordLength", 32))
        out.arns[name] = c["secretsmanager"].create_secret(Name=secret_name, SecretString=value)["ARN"]
        out.refs[name] = out.arns[name]  # !Ref of a secret is its ARN
    _create_user_pool(c["cognito-idp"], out, prefix)
    for r in template.resources("AWS::SES::EmailIdentity").values():
        c["ses"].verify_email_identity(EmailAddress=out.resolve(r["Properties"]["EmailIdentity"]))
    return out


def _create_user_pool(cognito: Any, out: Resources, prefix: str) -> None:
    for name, r in template.resources("AWS::Cognito::UserPool").items():
        p = r["Properties"]
        pool = cognito.create_user_pool(
            PoolName=f"{prefix}-{name}",
            UsernameAttributes=p.get("UsernameAttributes", []),
            Policies={"PasswordPolicy": LOCAL_PASSWORD_POLICY},
            Schema=p.get("Schema", []),
        )["UserPool"]
        out.refs[name] = pool["Id"]
        out.arns[name] = pool["Arn"]
    for name, r in template.resources("AWS::Cognito::UserPoolClient").items():
        p = r["Properties"]
        pool_id = out.resolve(p["UserPoolId"])
        client = cognito.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName=f"{prefix}-{name}",
            ExplicitAuthFlows=p["ExplicitAuthFlows"],
            ReadAttributes=p.get("ReadAttributes", []),
            WriteAttributes=p.get("WriteAttributes", []),
        )["UserPoolClient"]
        out.refs[name] = client["ClientId"]
    for r in template.resources("AWS::Cognito::UserPoolResourceServer").values():
        p = r["Properties"]
        cognito.create_resource_server(
            UserPoolId=out.resolve(p["UserPoolId"]),
            Identifier=p["Identifier"],
            Name=out.resolve(p["Name"]),
            Scopes=p["Scopes"],
        )
    for name, r in template.resources("AWS::Cognito::UserPoolDomain").items():
        p = r["Properties"]
        out.refs[name] = out.resolve(p["Domain"])
        cognito.create_user_pool_domain(UserPoolId=out.resolve(p["UserPoolId"]), Domain=out.refs[name])
    for r in template.resources("AWS::Cognito::UserPoolGroup").values():
        p = r["Properties"]
        cognito.create_group(UserPoolId=out.resolve(p["UserPoolId"]), GroupName=p["GroupName"])
