"""The ERP's machine routes (/api/v1/erp/...): reached only with an access token of the tenant's ERP
client (client-credentials grant; the ErpToken authorizer in template.yaml), never an operator's."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from cobranca.bootstrap import services
from cobranca.domain.portfolio import SourceChangeIn, Title
from cobranca.http.routers.common import caller

router = Router()


@router.post("/erp/titles/<number>/settle")
def erp_settle(number: str, body: SourceChangeIn) -> Title:
    """The ERP says the title was paid at the source: all collection of it stops at once (as the
    operator's POST /titles/{number}/settle; the history names the ERP client). Told again: the same."""
    return services().source.settle(caller(router), number, body)


@router.post("/erp/titles/<number>/cancel")
def erp_cancel(number: str, body: SourceChangeIn) -> Title:
    """The ERP says the title was cancelled at the source: as settle."""
    return services().source.cancel(caller(router), number, body)
