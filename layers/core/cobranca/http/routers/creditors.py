"""Creditors (credores) and debtor categories."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from cobranca.bootstrap import services
from cobranca.domain.portfolio import Category, CategoryIn, CategoryPatch, Creditor, CreditorIn, CreditorPatch
from cobranca.http.openapi import CREATED
from cobranca.http.routers.common import caller
from cobranca.schemas.common import Page

router = Router()


@router.post("/creditors", responses=CREATED)
def create_creditor(body: CreditorIn) -> tuple[Creditor, int]:
    return services().portfolio.create_creditor(caller(router), body), 201


@router.get("/creditors")
def list_creditors() -> Page[Creditor]:
    return Page[Creditor](items=services().portfolio.list_creditors(caller(router)))


@router.get("/creditors/<creditor_id>")
def get_creditor(creditor_id: str) -> Creditor:
    return services().portfolio.get_creditor(caller(router), creditor_id)


@router.patch("/creditors/<creditor_id>")
def update_creditor(creditor_id: str, body: CreditorPatch) -> Creditor:
    return services().portfolio.update_creditor(caller(router), creditor_id, body)


@router.post("/categories", responses=CREATED)
def create_category(body: CategoryIn) -> tuple[Category, int]:
    return services().portfolio.create_category(caller(router), body), 201


@router.get("/categories")
def list_categories() -> Page[Category]:
    return Page[Category](items=services().portfolio.list_categories(caller(router)))


@router.get("/categories/<category_id>")
def get_category(category_id: str) -> Category:
    return services().portfolio.get_category(caller(router), category_id)


@router.patch("/categories/<category_id>")
def update_category(category_id: str, body: CategoryPatch) -> Category:
    return services().portfolio.update_category(caller(router), category_id, body)
