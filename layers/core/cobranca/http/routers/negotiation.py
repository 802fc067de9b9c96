"""Price indices, the debt statement (demonstrativo) and offers."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from cobranca.bootstrap import services
from cobranca.domain.dates import NearDate
from cobranca.domain.debt import CorrectionIndex
from cobranca.domain.statement import Statement
from cobranca.http.routers.common import caller, pdf_response
from cobranca.schemas.negotiation import IndexSeries, Offers, OffersIn

router = Router()


@router.put("/indices/<name>")
def put_index(name: CorrectionIndex, body: dict[str, Decimal]) -> IndexSeries:
    return services().negotiation.put_index(caller(router), name, body)


@router.get("/indices/<name>")
def get_index(name: CorrectionIndex) -> IndexSeries:
    return services().negotiation.get_index(caller(router), name)


@router.get("/debtors/<debtor_id>/statement")
def statement(
    debtor_id: str,
    date: Annotated[
        NearDate | None, Query(description="Calculation date (YYYY-MM-DD); today when omitted")
    ] = None,
    titles: Annotated[
        str | None, Query(description="Comma-separated title ids; all open titles when omitted")
    ] = None,
) -> Statement:
    ids = [t for t in titles.split(",") if t] if titles else None
    return services().negotiation.statement(caller(router), debtor_id, date, ids)


@router.get("/debtors/<debtor_id>/statement.pdf")
def statement_pdf(
    debtor_id: str,
    date: Annotated[NearDate | None, Query()] = None,
    titles: Annotated[str | None, Query()] = None,
):  # no return model: Powertools would re-serialize the PDF bytes as text
    ids = [t for t in titles.split(",") if t] if titles else None
    pdf = services().negotiation.statement_pdf(caller(router), debtor_id, date, ids)
    return pdf_response(pdf, f"demonstrativo-{debtor_id}.pdf", download=False)


@router.post("/debtors/<debtor_id>/offers")
def offers(debtor_id: str, body: OffersIn) -> Offers:
    return services().negotiation.offers(caller(router), debtor_id, body)
