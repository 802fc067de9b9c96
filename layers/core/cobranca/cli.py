"""Command line for operators with AWS credentials: `cobranca import FILE --tenant T`."""

from __future__ import annotations

import os
from pathlib import Path

import typer

app = typer.Typer(help="cobranca command line", no_args_is_help=True)
LOCAL_ENV = Path(".local/env")


def _load_local_env() -> None:
    """Points the CLI at a running local stack (`make dev` writes .local/env)."""
    if not LOCAL_ENV.exists():
        raise typer.BadParameter("local stack not running: start it with `make dev`")
    for line in LOCAL_ENV.read_text().splitlines():
        key, _, value = line.partition("=")
        os.environ[key] = value


@app.command("import")
def import_file(
    file: Path = typer.Argument(..., exists=True, readable=True, help="CSV file exported by the ERP"),
    tenant: str = typer.Option(..., "--tenant", "-t", help="Tenant slug"),
    local: bool = typer.Option(False, "--local", help="Use the local stack started by `make dev`"),
) -> None:
    """Stores FILE, processes it here with a progress bar, and prints the counts and rejected rows."""
    from tqdm import tqdm

    if local:
        _load_local_env()
    from cobranca.bootstrap import services
    from cobranca.domain.errors import DomainError
    from cobranca.domain.import_layout import read_header
    from cobranca.domain.imports import FIRST_DATA_ROW

    body = file.read_bytes()
    try:
        read_header(body.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace"))
    except DomainError as exc:
        raise typer.BadParameter(exc.message) from exc
    imports = services().imports
    job = imports.create_job(tenant, "cli", body, file.name)
    total = max(body.count(b"\n") - (0 if body.endswith(b"\n") else -1) - 1, 0)
    with tqdm(total=total, unit="row", desc=f"import {job.id}") as bar:
        last = [FIRST_DATA_ROW]

        def progress(current):
            bar.update(current.next_row - last[0])
            last[0] = current.next_row

        job = imports.process(tenant, job.id, progress=progress)
    typer.echo(f"status: {job.status}  " + "  ".join(f"{k}={v}" for k, v in job.counts.model_dump().items()))
    for error in imports.imports.list_rejects(tenant, job.id):
        typer.echo(f"  linha {error.row}: {error.field}: {error.reason}")


ruler_app = typer.Typer(help="the régua de cobrança", no_args_is_help=True)
app.add_typer(ruler_app, name="ruler")


@ruler_app.command("run")
def ruler_run(
    date: str = typer.Option(None, "--date", "-d", help="YYYY-MM-DD; omitted: catch up to today (≤ 7 days)"),
    tenant: str = typer.Option(None, "--tenant", "-t", help="Tenant slug; omitted: every tenant"),
    local: bool = typer.Option(False, "--local", help="Use the local stack started by `make dev`"),
) -> None:
    """Runs the ruler as the daily schedule does; a date already run sends nothing twice."""
    import datetime

    if local:
        _load_local_env()
    from cobranca.bootstrap import services
    from cobranca.domain.errors import DomainError

    try:
        reports = services().ruler.run(tenant, datetime.date.fromisoformat(date) if date else None)
    except DomainError as exc:
        raise typer.BadParameter(exc.message) from exc
    for r in reports:
        typer.echo(
            f"{r.tenant} {r.run_date}: {r.due_items} due item(s), {r.actions} action(s), "
            f"{r.queued} queued, {r.requeued} re-queued, {r.already_decided} already decided, "
            f"{r.tasks} task(s)"
        )


asaas_app = typer.Typer(help="the tenants' Asaas accounts", no_args_is_help=True)
app.add_typer(asaas_app, name="asaas")


@asaas_app.command("create-subaccount")
def create_subaccount(
    tenant: str = typer.Option(..., "--tenant", "-t", help="Tenant slug (its Configurações → Empresa data)"),
    income: float = typer.Option(
        ..., "--income", help="the tenant's monthly revenue (R$), which Asaas requires"
    ),
    company_type: str = typer.Option(
        "LIMITED", "--company-type", help="MEI, LIMITED, INDIVIDUAL or ASSOCIATION"
    ),
    environment: str = typer.Option("sandbox", "--environment", help="sandbox or production"),
    webhook_base: str = typer.Option(
        ..., "--webhook-base", envvar="COBRANCA_PUBLIC_URL", help="the stack's public address (webhooks)"
    ),
    local: bool = typer.Option(False, "--local", help="Use the local stack started by `make dev`"),
) -> None:
    """Creates the tenant's Asaas sub-account under the platform's root account (root key in Secrets
    Manager), with its payment webhook set, and stores its API key, wallet and a new webhook token."""
    from decimal import Decimal

    if local:
        _load_local_env()
    from cobranca.bootstrap import services
    from cobranca.domain.errors import DomainError
    from cobranca.domain.payments import Environment
    from cobranca.gateways import PortadorRefused, PortadorUnavailable

    s = services()
    company = s.company.store.get_company(tenant)
    if company is None:
        raise typer.BadParameter(f"{tenant}: cadastre os dados da empresa antes (Configurações → Empresa)")
    try:
        shown = s.payment_settings.create_subaccount(
            tenant,
            company,
            s.asaas_root(),
            Decimal(str(income)),
            company_type,
            Environment(environment),
            webhook_base,
        )
    except (DomainError, PortadorRefused, PortadorUnavailable, ValueError, RuntimeError) as exc:
        raise typer.BadParameter(getattr(exc, "message", str(exc))) from exc
    typer.echo(
        f"{tenant}: subconta {shown.account_id}, wallet {shown.wallet_id}, chave ****{shown.api_key_last4} "
        "guardada no Secrets Manager"
    )


@app.command("version")
def version() -> None:
    typer.echo("cobranca 0.1.0")


def main() -> None:
    app()
