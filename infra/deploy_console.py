"""Publishes the built console (web/dist) to a deployed stack: the hashed assets first (cached for a
year: their names change with their content), then config.json (the API on the same origin, the stack's
Cognito user pool client) and index.html (never cached), then a CloudFront invalidation of those two.
Old assets stay, so a tab opened before the deploy still loads its chunks.

    python -m infra.deploy_console --stack cobranca-prod      (after `sam deploy`; `make deploy` runs it)
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra.template import ROOT

DIST = ROOT / "web" / "dist"
PREFIX = "app/"  # the bucket policy lets CloudFront read only under app/
IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"


@dataclass(frozen=True)
class Published:
    assets: int
    keys: list[str]
    invalidation_id: str


def stack_outputs(cloudformation: Any, stack: str) -> dict[str, str]:
    found = cloudformation.describe_stacks(StackName=stack)["Stacks"][0].get("Outputs", [])
    return {o["OutputKey"]: o["OutputValue"] for o in found}


def console_config(outputs: dict[str, str], region: str) -> dict[str, Any]:
    """What web/src/config.ts reads; the endpoint is the one the CSP (ConsoleHeadersPolicy) allows."""
    return {
        "apiBase": "/api/v1",
        "cognito": {
            "endpoint": f"https://cognito-idp.{region}.amazonaws.com/",
            "clientId": outputs["UserPoolClientId"],
            "region": region,
        },
    }


def publish(s3: Any, cloudfront: Any, outputs: dict[str, str], region: str, dist: Path = DIST) -> Published:
    index = dist / "index.html"
    if not index.is_file():
        raise SystemExit(f"{index} não existe: rode `make web` antes")
    bucket = outputs["ConsoleBucketName"]
    files = sorted(p for p in dist.rglob("*") if p.is_file() and p != index)
    keys = []
    for file in files:  # the assets (and anything else the build made) before the page that names them
        key = PREFIX + file.relative_to(dist).as_posix()
        cache = IMMUTABLE if file.relative_to(dist).parts[0] == "assets" else NO_CACHE
        s3.put_object(
            Bucket=bucket, Key=key, Body=file.read_bytes(), ContentType=_type(file), CacheControl=cache
        )
        keys.append(key)
    config = json.dumps(console_config(outputs, region), indent=2).encode()
    s3.put_object(
        Bucket=bucket,
        Key=f"{PREFIX}config.json",
        Body=config,
        ContentType="application/json",
        CacheControl=NO_CACHE,
    )
    s3.put_object(
        Bucket=bucket,
        Key=f"{PREFIX}index.html",
        Body=index.read_bytes(),
        ContentType="text/html; charset=utf-8",
        CacheControl=NO_CACHE,
    )
    keys += [f"{PREFIX}config.json", f"{PREFIX}index.html"]
    paths = ["/app/", "/app/index.html", "/app/config.json"]
    invalidation = cloudfront.create_invalidation(
        DistributionId=outputs["ConsoleDistributionId"],
        InvalidationBatch={
            "Paths": {"Quantity": len(paths), "Items": paths},
            "CallerReference": f"{time.time_ns()}",
        },
    )
    return Published(len(files), keys, str(invalidation["Invalidation"]["Id"]))


def _type(file: Path) -> str:
    kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return (
        f"{kind}; charset=utf-8"
        if kind.startswith("text/") or kind.endswith(("javascript", "json"))
        else kind
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Publishes web/dist to the stack's console bucket")
    parser.add_argument("--stack", required=True, help="the CloudFormation stack `sam deploy` made")
    parser.add_argument("--region", default=None)
    args = parser.parse_args()
    import boto3

    session = boto3.session.Session(region_name=args.region)
    region = session.region_name or "us-east-1"
    outputs = stack_outputs(session.client("cloudformation"), args.stack)
    done = publish(session.client("s3"), session.client("cloudfront"), outputs, region)
    print(f"console: {done.assets} arquivos + config.json + index.html; invalidação {done.invalidation_id}")
    print(f"  {outputs.get('ConsoleUrl', '')}")


if __name__ == "__main__":
    main()
