"""One lock, used everywhere: the environment the tests run in and the layer a deploy ships are both
exactly uv.lock, package by package."""

from __future__ import annotations

from importlib.metadata import distributions

from packaging.markers import Marker

from infra.requirements import ROOT, authorizer_requirements, locked, runtime_requirements

EXTRAS = ("dev", "cli", "bench", "authorizer")
WINDOWS = "sys_platform == 'win32'"


def _normal(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def test_the_layer_requirements_are_the_locks_runtime_packages_pinned_exactly() -> None:
    shipped = (ROOT / "layers" / "core" / "requirements.txt").read_text()
    assert shipped == runtime_requirements(), "run `make requirements` after changing the lock"
    pins = [line.split(" ;")[0] for line in shipped.splitlines() if line and not line.startswith("#")]
    assert pins
    assert all("==" in pin and not set(pin) & set("<>~!*,") for pin in pins)
    names = {pin.split("==")[0] for pin in pins}
    assert {"pydantic", "boto3", "aws-lambda-powertools", "pynamodb", "httpx"} <= names
    assert not names & {"moto", "pytest", "playwright", "typer"}, "the layer ships the runtime only"


def test_the_erp_authorizer_ships_its_locked_packages_pinned_exactly() -> None:
    shipped = (ROOT / "functions" / "erp_authorizer" / "requirements.txt").read_text()
    assert shipped == authorizer_requirements(), "run `make requirements` after changing the lock"
    pins = [line.split(" ;")[0] for line in shipped.splitlines() if line and not line.startswith("#")]
    assert {pin.split("==")[0] for pin in pins} >= {"pyjwt", "cryptography"}
    assert all("==" in pin for pin in pins)


def test_every_installed_package_is_the_locked_version() -> None:
    wanted: dict[str, set[str]] = {}
    for package in locked(EXTRAS):
        if package.marker is None or Marker(package.marker).evaluate():
            wanted.setdefault(package.name, set()).add(package.version)
    installed = {_normal(str(d.metadata["Name"])): d.version for d in distributions()}
    installed.pop("cobranca")  # the project itself, editable
    drifted = {name: v for name, v in installed.items() if v not in wanted.get(name, set())}
    assert not drifted, f"installed but not as locked (rebuild: rm -rf .venv && make test): {drifted}"
    core = ("moto", "boto3", "pydantic", "playwright", "pytest", "ruff", "mypy")
    assert all(name in installed for name in core), "the dev environment is installed from the lock"


def test_the_lock_walk_follows_extras_markers_and_versions_per_python() -> None:
    lock = {
        "package": [
            {
                "name": "cobranca",
                "version": "0.1.0",
                "dependencies": [{"name": "a"}],
                "optional-dependencies": {"dev": [{"name": "b", "extra": ["x"]}]},
            },
            {"name": "a", "version": "1.0", "dependencies": [{"name": "c", "marker": WINDOWS}]},
            {"name": "b", "version": "2.0", "optional-dependencies": {"x": [{"name": "d"}]}},
            {"name": "c", "version": "3.0"},
            {
                "name": "d",
                "version": "4.0",
                "dependencies": [
                    {"name": "e", "version": "1", "marker": "python_full_version < '3.12'"},
                    {"name": "e", "version": "2", "marker": "python_full_version >= '3.12'"},
                    {"name": "c"},
                ],
            },
            {"name": "e", "version": "1"},
            {"name": "e", "version": "2"},
        ]
    }
    runtime = {(p.name, p.version): p.marker for p in locked(lock=lock)}
    assert runtime == {("a", "1.0"): None, ("c", "3.0"): WINDOWS}
    dev = {(p.name, p.version): p.marker for p in locked(("dev",), lock=lock)}
    assert dev[("c", "3.0")] is None  # d needs it everywhere
    assert dev[("e", "1")] == "python_full_version < '3.12'"
    assert dev[("e", "2")] == "python_full_version >= '3.12'"
    assert dev[("b", "2.0")] is None
    assert dev[("d", "4.0")] is None
