"""The monthly refresh: the indices function reads SGS (a loopback server in its format) into every tenant."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from cobranca import bootstrap
from cobranca.domain.dates import CLOCK
from cobranca.domain.portfolio import Service, Tenant
from infra.local.fake_sgs import FakeSgs
from infra.local.seed import INDICES
from tests.integration.conftest import LambdaContext, Stack


def test_the_schedule_refreshes_each_index_for_every_tenant(stack: Stack, monkeypatch: pytest.MonkeyPatch):
    sgs = FakeSgs()
    try:
        monkeypatch.setenv("SGS_BASE_URL", sgs.url)
        CLOCK.pin("2026-11-22T12:00:00-03:00")
        bootstrap.reset()
        repo = bootstrap.services().portfolio.repo
        for slug in ("demo", "outra"):
            repo.put_tenant(Tenant(slug=slug, name=slug, services=[Service.EMAIL]))
        stack.api.call(stack.admin, "PUT", "/api/v1/indices/IPCA", {"2019-01": "0.32"})  # kept: older month

        from functions.indices import handler

        result = handler.lambda_handler({"source": "aws.scheduler"}, LambdaContext())
        data = json.loads(INDICES.read_text())
        expected = {i: sum("2024-11" <= m <= "2026-11" for m in data[i]) for i in ("IPCA", "INPC", "IGPM")}
        assert result["months"] == expected  # the window: 24 months back from November 2026
        assert expected["IPCA"] > 0
        assert sorted(r.split("bcdata.sgs.")[1].split("/")[0] for r in sgs.requests) == ["188", "189", "433"]
        assert all(
            "dataInicial=01%2F11%2F2024" in r and "dataFinal=22%2F11%2F2026" in r for r in sgs.requests
        )

        published = data["IPCA"]
        recent = max(m for m in published if m <= "2026-10")
        for caller in (stack.admin, stack.other_admin):
            series = stack.api.call(caller, "GET", "/api/v1/indices/IPCA").body["values"]
            assert Decimal(series[recent]) == Decimal(published[recent])
        assert stack.api.call(stack.admin, "GET", "/api/v1/indices/IPCA").body["values"]["2019-01"] == "0.32"
    finally:
        sgs.stop()
