"""The portfolio's owners (F07): operator groups, bulk assignment, the rule for imported debtors."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from cobranca.bootstrap import services
from cobranca.domain.assignment import (
    AssignIn,
    Assignment,
    AssignmentRule,
    GroupIn,
    GroupPatch,
    OperatorGroup,
)
from cobranca.http.openapi import CREATED, NO_CONTENT
from cobranca.http.routers.common import caller
from cobranca.schemas.common import Page

router = Router()


@router.get("/operator-groups")
def list_groups() -> Page[OperatorGroup]:
    return Page[OperatorGroup](items=services().assignment.list_groups(caller(router)))


@router.post("/operator-groups", responses=CREATED)
def create_group(body: GroupIn) -> tuple[OperatorGroup, int]:
    return services().assignment.create_group(caller(router), body), 201


@router.patch("/operator-groups/<group_id>")
def update_group(group_id: str, body: GroupPatch) -> OperatorGroup:
    return services().assignment.update_group(caller(router), group_id, body)


@router.delete("/operator-groups/<group_id>", responses=NO_CONTENT)
def delete_group(group_id: str) -> Response[None]:
    services().assignment.delete_group(caller(router), group_id)
    return Response(204)


@router.get("/assignment-rule")
def get_rule() -> AssignmentRule:
    """Who gets the debtors an import creates."""
    return services().assignment.get_rule(caller(router))


@router.put("/assignment-rule")
def put_rule(body: AssignmentRule) -> AssignmentRule:
    return services().assignment.put_rule(caller(router), body)


@router.post("/assignments")
def assign(body: AssignIn) -> Assignment:
    """One page (100 debtors) of a bulk assignment; repeat with next_cursor/next_position until
    next_cursor is null. With dry_run, how many debtors the filter reaches, nothing moved."""
    return services().assignment.assign(caller(router), body)
