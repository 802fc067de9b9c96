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

    def get(self, key: str) -> bytes:
        body: bytes = self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        return body

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except self.client.exceptions.ClientError:
            return False
        return True

    def presigned_url(self, key: str, seconds: int, filename: str) -> str:
        url: str = self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ResponseContentDisposition": f'attachment; filename="{filename}"',
            },
            ExpiresIn=seconds,
        )
        return url

    def lines(self, key: str) -> Iterator[bytes]:
        """Streams the object line by line: a 100,000-row file never sits whole in memory."""
        body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
        yield from body.iter_lines()
