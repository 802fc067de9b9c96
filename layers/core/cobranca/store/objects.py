"""S3 documents bucket (private, encrypted): uploads and generated files."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


class S3Objects:
    def __init__(self, client: Any, bucket: str) -> None:
        self.client = client
        self.bucket = bucket

    def put(self, key: str, body: bytes, content_type: str) -> None:
        self.client.put_object(Bucket=self.bucket, Key=key, Body=body, ContentType=content_type)

    def lines(self, key: str) -> Iterator[bytes]:
        """Streams the object line by line: a 100,000-row file never sits whole in memory."""
        body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
        yield from body.iter_lines()
