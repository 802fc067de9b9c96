"""A loopback stand-in for the Banco Central SGS API, speaking its documented format.

GET /dados/serie/bcdata.sgs.{code}/dados?formato=json&dataInicial=dd/MM/aaaa&dataFinal=dd/MM/aaaa
-> [{"data": "01/mm/aaaa", "valor": "0.42"}]; without both dates -> 400, as the real service since 2025.
Serves the vendored series (infra/local/data/indices.json) and records every request.
"""

from __future__ import annotations

import json
import re
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from infra.local.seed import INDICES

_PATH = re.compile(r"^/dados/serie/bcdata\.sgs\.(\d+)/dados$")


def _day(text: str) -> date:
    d, m, y = text.split("/")
    return date(int(y), int(m), int(d))


class FakeSgs:
    def __init__(self) -> None:
        data = json.loads(INDICES.read_text())
        self.series = {int(code): data[name] for name, code in data["sgs_codes"].items()}
        self.requests: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                fake.requests.append(self.path)
                url = urlsplit(self.path)
                match = _PATH.match(url.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if not match or int(match.group(1)) not in fake.series:
                    return self._send(404, {"error": "série não encontrada"})
                if "dataInicial" not in query or "dataFinal" not in query:
                    return self._send(400, {"error": "informe dataInicial e dataFinal"})
                start, end = _day(query["dataInicial"]), _day(query["dataFinal"])
                rows = [
                    {"data": f"01/{month[5:]}/{month[:4]}", "valor": value}
                    for month, value in sorted(fake.series[int(match.group(1))].items())
                    if start <= date(int(month[:4]), int(month[5:]), 1) <= end
                ]
                self._send(200, rows)

            def _send(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
