"""The console's deploy step against moto's S3 and CloudFront: the hashed assets cached for a year,
config.json and index.html never cached and written last, an invalidation of those paths; and the
config names the stack's Cognito client at the endpoint the template's CSP allows."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
from moto import mock_aws

from infra import template
from infra.deploy_console import console_config, publish, stack_outputs

REGION = "sa-east-1"
ENDPOINT = f"https://cognito-idp.{REGION}.amazonaws.com/"
S3 = {"S3OriginConfig": {"OriginAccessIdentity": ""}}


def distribution(cloudfront) -> str:
    config = {
        "CallerReference": "console",
        "Comment": "console",
        "Enabled": True,
        "Origins": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "s3",
                    "DomainName": "console.s3.amazonaws.com",
                    "S3OriginConfig": {"OriginAccessIdentity": ""},
                }
            ],
        },
        "DefaultCacheBehavior": {"TargetOriginId": "s3", "ViewerProtocolPolicy": "https-only", "MinTTL": 0},
    }
    return str(cloudfront.create_distribution(DistributionConfig=config)["Distribution"]["Id"])


def built(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "index-Ab12Cd.js").write_text("console.log(1)")
    (tmp_path / "assets" / "index-Ef34.css").write_text("body{}")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    (tmp_path / "index.html").write_text('<script type="module" src="/app/assets/index-Ab12Cd.js"></script>')
    return tmp_path


def test_publish_puts_the_build_under_app_with_its_cache_rules_and_invalidates_the_page(tmp_path: Path):
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="console", CreateBucketConfiguration={"LocationConstraint": "sa-east-1"})
        cloudfront = boto3.client("cloudfront", region_name=REGION)
        outputs = {
            "ConsoleBucketName": "console",
            "ConsoleDistributionId": distribution(cloudfront),
            "UserPoolClientId": "client-123",
        }
        done = publish(s3, cloudfront, outputs, REGION, built(tmp_path))

        assert done.keys[-2:] == ["app/config.json", "app/index.html"]  # the page last, after its assets
        head = {k: s3.head_object(Bucket="console", Key=k) for k in done.keys}
        assert head["app/assets/index-Ab12Cd.js"]["CacheControl"] == "public, max-age=31536000, immutable"
        assert head["app/assets/index-Ab12Cd.js"]["ContentType"].startswith("text/javascript")
        assert head["app/index.html"]["CacheControl"] == "no-cache"
        assert head["app/favicon.svg"]["CacheControl"] == "no-cache"
        config = json.loads(s3.get_object(Bucket="console", Key="app/config.json")["Body"].read())
        assert config == {
            "apiBase": "/api/v1",
            "cognito": {
                "endpoint": f"https://cognito-idp.{REGION}.amazonaws.com/",
                "clientId": "client-123",
                "region": REGION,
            },
        }
        invalidation = cloudfront.get_invalidation(
            DistributionId=outputs["ConsoleDistributionId"], Id=done.invalidation_id
        )["Invalidation"]
        assert sorted(invalidation["InvalidationBatch"]["Paths"]["Items"]) == [
            "/app/",
            "/app/config.json",
            "/app/index.html",
        ]


def test_the_config_endpoint_is_the_one_the_console_csp_allows_and_the_outputs_exist():
    policy = template.load()["Resources"]["ConsoleHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]
    csp = policy["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
    endpoint = console_config({"UserPoolClientId": "x"}, "${AWS::Region}")["cognito"]["endpoint"]
    assert endpoint.rstrip("/") in csp
    outputs = template.load()["Outputs"]
    assert {"ConsoleBucketName", "ConsoleDistributionId", "UserPoolClientId", "ConsoleUrl"} <= set(outputs)


def test_stack_outputs_reads_the_deployed_stack():
    class Cfn:
        def describe_stacks(self, StackName: str):
            assert StackName == "cobranca-prod"
            return {"Stacks": [{"Outputs": [{"OutputKey": "ConsoleBucketName", "OutputValue": "b"}]}]}

    assert stack_outputs(Cfn(), "cobranca-prod") == {"ConsoleBucketName": "b"}
