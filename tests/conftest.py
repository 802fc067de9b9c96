"""Shared settings for every test: no real AWS, deterministic Powertools."""

import os

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "cobranca")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "cobranca-test")
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
os.environ.pop("AWS_ENDPOINT_URL", None)
os.environ.pop("COBRANCA_NOW", None)
