"""Prints the versions that decide whether two runs behave alike (first lines of `make test`)."""

from __future__ import annotations

import platform
import shutil
import subprocess
from importlib.metadata import PackageNotFoundError, version

PACKAGES = ("moto", "boto3", "pydantic", "aws-lambda-powertools", "playwright", "pynamodb", "httpx")


def _installed(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        return "not installed"
    done = subprocess.run([found, "--version"], capture_output=True, text=True, timeout=30, check=False)
    return done.stdout.strip().removeprefix("Chromium ") or done.stderr.strip()[:80]


def versions() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        **{n: _installed(n) for n in PACKAGES},
        "chromium": chromium(),
    }


if __name__ == "__main__":
    print("versions: " + ", ".join(f"{name} {v}" for name, v in versions().items()), flush=True)
