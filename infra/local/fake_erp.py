"""A tenant's ERP on loopback: receives cobranca's notices, checks Cobranca-Signature with the secret it
shares with the tenant's webhook settings, dedupes by Cobranca-Delivery, and answers 200, or a failure
on demand (`fail_next`), so the retries can be watched at /local/erp."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from html import escape
from typing import Any

from cobranca.domain.erp import DELIVERY_HEADER, SIGNATURE_HEADER, verify
from infra.local.loopback import LoopbackServer

JSON = "application/json"


class FakeErp(LoopbackServer):
    def __init__(self, secret: str, clock: Callable[[], float] = time.time) -> None:
        self.secret = secret
        self.clock = clock  # the stack's clock (which /local/clock moves), so signatures stay recent
        self.received: list[dict[str, Any]] = []  # every POST, as it came, with the check's result
        self.failures = 0  # the next N POSTs are answered 500
        super().__init__()

    def fail_next(self, count: int) -> None:
        self.failures = count

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Any:
        if method != "POST":
            return 405, {"message": "POST only"}, JSON
        lowered = {k.lower(): v for k, v in headers.items()}
        text = body.decode()
        valid = verify(self.secret, lowered.get(SIGNATURE_HEADER.lower(), ""), text, int(self.clock()))
        delivery = lowered.get(DELIVERY_HEADER.lower(), "")
        seen = any(r["delivery"] == delivery and r["status"] == 200 for r in self.received)
        status = 401 if not valid else 500 if self.failures else 200
        if valid and self.failures:
            self.failures -= 1
        self.received.append(
            {
                "delivery": delivery,
                "valid": valid,
                "duplicate": seen,
                "status": status,
                "body": json.loads(text),
            }
        )
        return status, {"ok": status == 200}, JSON

    def notices(self) -> list[dict[str, Any]]:
        """What the ERP took: valid, answered 200, once per delivery."""
        out: dict[str, dict[str, Any]] = {}
        for r in self.received:
            if r["valid"] and r["status"] == 200:
                out.setdefault(r["delivery"], r["body"])
        return list(out.values())

    def page(self) -> str:
        rows = "".join(
            f"<tr><td>{escape(r['body'].get('event', ''))}</td><td><code>{escape(r['delivery'])}</code></td>"
            f"<td>{'válida' if r['valid'] else 'INVÁLIDA'}</td><td>{r['status']}</td>"
            f"<td>{'repetida' if r['duplicate'] else ''}</td>"
            f"<td><code>{escape(json.dumps(r['body'].get('data', {}), ensure_ascii=False))[:300]}</code></td></tr>"
            for r in reversed(self.received)
        )
        return f"""<!doctype html><html lang="pt-BR"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>ERP (local)</title>
<style>body{{font:14px system-ui;margin:1.5rem}}table{{border-collapse:collapse;width:100%}}
td,th{{border:1px solid #ccc;padding:.35rem;text-align:left;vertical-align:top}}code{{font-size:12px}}</style>
</head><body><h1>ERP do cliente (local)</h1>
<p>Notificações recebidas de <code>PUT /api/v1/erp-webhook</code>, com a assinatura
<code>Cobranca-Signature</code> conferida. <form method="post" action="/local/erp/fail/3" style="display:inline">
<button>Responder 500 às próximas 3</button></form></p>
<table><thead><tr><th>Evento</th><th>Entrega</th><th>Assinatura</th><th>HTTP</th><th></th><th>Dados</th></tr></thead>
<tbody>{rows or '<tr><td colspan="6">nenhuma ainda</td></tr>'}</tbody></table></body></html>"""
