"""In-memory stand-ins for the ports, shared by the tests and checked by mypy against the protocols."""

from __future__ import annotations

from collections.abc import Iterator

from cobranca.ports import ObjectStore


class MemoryObjects:
    """The bucket as a dict: what was put is what is read back."""

    def __init__(self) -> None:
        self.objects: dict[str, tuple[bytes, str]] = {}

    def put(self, key: str, body: bytes, content_type: str) -> None:
        self.objects[key] = (body, content_type)

    def lines(self, key: str) -> Iterator[bytes]:
        yield from self.objects[key][0].splitlines(keepends=True)

    def exists(self, key: str) -> bool:
        return key in self.objects

    def presigned_url(self, key: str, seconds: int, filename: str) -> str:
        return f"memory://{key}?filename={filename}&expires={seconds}"


_: type[ObjectStore] = MemoryObjects  # mypy: the fake keeps the port's shape
