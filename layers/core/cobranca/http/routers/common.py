"""What every router needs: the caller from the middleware, a file or PDF answer (the page shape is
schemas/common.Page)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from cobranca.services.caller import Caller


def caller(router: Router) -> Caller:
    found: Caller = router.context["caller"]
    return found


def file_response(body: bytes, filename: str, content_type: str, *, download: bool = True) -> Response:
    """A file as it is (routers returning one declare no return model: Powertools would re-serialize it)."""
    disposition = "attachment" if download else "inline"
    return Response(
        status_code=200,
        content_type=content_type,
        body=body,
        headers={"Content-Disposition": f'{disposition}; filename="{filename}"'},
    )


def pdf_response(pdf: bytes, filename: str, *, download: bool) -> Response:
    return file_response(pdf, filename, "application/pdf", download=download)
