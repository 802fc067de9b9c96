"""Banco Central do Brasil SGS (Sistema Gerenciador de Séries Temporais): monthly price indices.

GET {base}/dados/serie/bcdata.sgs.{code}/dados?formato=json&dataInicial=dd/MM/aaaa&dataFinal=dd/MM/aaaa
-> [{"data": "dd/mm/aaaa", "valor": "0.42"}]. Date filters are mandatory (at most 10 years).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import httpx

SERIES = {"IPCA": 433, "INPC": 188, "IGPM": 189}


class SgsClient:
    def __init__(self, base_url: str, timeout: float = 20.0) -> None:
        self.client = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout)

    def monthly(self, index: str, start: date, end: date) -> dict[str, Decimal]:
        """{'YYYY-MM': monthly % variation} between the two dates."""
        response = self.client.get(
            f"/dados/serie/bcdata.sgs.{SERIES[index]}/dados",
            params={"formato": "json", "dataInicial": f"{start:%d/%m/%Y}", "dataFinal": f"{end:%d/%m/%Y}"},
        )
        response.raise_for_status()
        values = {}
        for item in response.json():
            _, month, year = str(item["data"]).split("/")
            values[f"{year}-{month}"] = Decimal(str(item["valor"]).replace(",", "."))
        return values
