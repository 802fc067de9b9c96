"""Wire shapes of imports."""

from __future__ import annotations

from pydantic import Field

from cobranca.domain.imports import (
    ImportJob,
    RowError,
)
from cobranca.domain.model import Entity


class ImportReport(Entity):
    job: ImportJob
    rejected_rows: list[RowError]
    warnings: list[RowError] = Field(default_factory=list, description="Rows accepted with a notice")
