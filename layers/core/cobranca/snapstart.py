"""Lambda SnapStart (ApiFunction, NegociaFunction): what to redo when an execution environment resumes
from the snapshot taken at publish time."""

from __future__ import annotations


def initialized_ahead() -> bool:
    """Whether this environment is initialized before any request (a SnapStart snapshot, provisioned
    concurrency): then everything a request may need is loaded now, so the snapshot holds it; on demand
    a cold start loads only what its first request needs."""
    from cobranca.config import settings

    return settings().aws_lambda_initialization_type in ("snap-start", "provisioned-concurrency")


def register() -> None:
    """Registers `restored` as an after-restore hook. Lambda's managed Python runtime ships
    snapshot_restore_py; elsewhere (tests, the local stack) there is no snapshot to restore."""
    try:
        from snapshot_restore_py import register_after_restore
    except ImportError:
        return
    register_after_restore(restored)


def restored() -> None:
    """Many environments resume from one snapshot: nothing built before it may be shared. The services
    (boto3 clients and their connections, secrets read once) are rebuilt on first use. Identifiers and
    tokens come from `secrets` (the OS's randomness, read per call), never from a seeded generator."""
    from cobranca import bootstrap

    bootstrap.reset()
