"""A loopback stand-in for the Banco Central SGS API, speaking its documented format.

GET /dados/serie/bcdata.sgs.{code}/dados?formato=json&dataInicial=dd/MM/aaaa&dataFinal=dd/MM/aaaa
-> [{"data": "01/mm/aaaa", "valor": "0.42"}]; without both dates -> 400, as the real service since 2025.
Serves the vendored series (infra/local/data/indices.json) and records every request.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

from infra.local.loopback import LoopbackServer
from infra.local.seed import INDICES

JSON = "application/json"

_PATH = re.compile(r"^/dados/serie/bcdata\.sgs\.(\d+)/dados$")


def _day(text: str) -> date:
    d, m, y = text.split("/")
    return date(int(y), int(m), int(d))


class FakeSgs(LoopbackServer):
    def __init__(self) -> None:
        data = json.loads(INDICES.read_text())
        self.series = {int(code): data[name] for name, code in data["sgs_codes"].items()}
        self.requests: list[str] = []
        super().__init__()

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, Any, str]:
        self.requests.append(path)
        url = urlsplit(path)
        match = _PATH.match(url.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if method != "GET" or not match or int(match.group(1)) not in self.series:
            return 404, {"error": "série não encontrada"}, JSON
        if "dataInicial" not in query or "dataFinal" not in query:
            return 400, {"error": "informe dataInicial e dataFinal"}, JSON
        start, end = _day(query["dataInicial"]), _day(query["dataFinal"])
        rows = [
            {"data": f"01/{month[5:]}/{month[:4]}", "valor": value}
            for month, value in sorted(self.series[int(match.group(1))].items())
            if start <= date(int(month[:4]), int(month[5:]), 1) <= end
        ]
        return 200, rows, JSON
