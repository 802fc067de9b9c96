# Entry points. Everything runs from a virtual environment this file creates from the lock (uv.lock),
# so a fresh machine with Python 3.11 and the package registries is enough, and installs exactly what
# CI installs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STACK  ?= cobranca
# uv itself, pinned, in its own small environment (uv sync makes .venv exactly the lock: it would remove
# a uv installed there)
UV_VERSION := 0.13.10
UV_HOME    := .tools/uv-$(UV_VERSION)
UV         := UV_PROJECT_ENVIRONMENT=$(VENV) UV_PYTHON_DOWNLOADS=never $(UV_HOME)/bin/uv
EXTRAS     := --extra dev --extra cli --extra authorizer
# the stamp is keyed on the lock (and pyproject, which --locked checks against it): a changed lock
# rebuilds the environment, so a warm .venv never differs from a fresh one
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml uv.lock | cksum | cut -d' ' -f1)

.PHONY: dev test lint unit integration e2e bench openapi requirements upgrade versions build deploy clean chromium web

$(UV_HOME)/bin/uv:
	$(PYTHON) -m venv $(UV_HOME)
	$(UV_HOME)/bin/python -m pip install -q uv==$(UV_VERSION)

$(STAMP): pyproject.toml uv.lock | $(UV_HOME)/bin/uv
	$(UV) sync --locked $(EXTRAS) --python $(PYTHON)
	rm -f $(VENV)/.installed-* && touch $@

## make dev: the whole system on loopback (moto, gateway, Cognito issuer, workers) with demo data
dev: $(STAMP) web/dist/index.html
	$(BIN)/python -m infra.local

## make test: every check CI runs (the versions that matter first, so two runs compare at a glance)
test: chromium versions lint web
	$(BIN)/python -m pytest -n 2 --dist loadgroup

## make versions: python, uv, moto, boto3, pydantic, playwright and chromium as installed
versions: $(STAMP)
	@$(BIN)/python -m infra.versions

## make web: the operator console (web/): locked install, type check, unit tests, build to web/dist
web:
	cd web && npm ci --no-audit --no-fund --loglevel=error
	cd web && npx tsc --noEmit
	cd web && npx vitest run
	cd web && npx vite build

web/dist/index.html:
	$(MAKE) web

## Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium; it cannot download one)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/cfn-lint template.yaml
	$(BIN)/lint-imports
	# radon-style complexity (ruff's C901 does not count conditional expressions): no function above
	# C (McCabe 20), no module above C, the average A
	$(BIN)/xenon --max-absolute C --max-modules C --max-average A layers/core/cobranca functions infra

unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit
integration: $(STAMP)
	$(BIN)/python -m pytest tests/integration
e2e: $(STAMP) web
	$(BIN)/python -m pytest tests/e2e

## make bench: benchmarks that print figures (not part of make test)
bench: $(STAMP)
	$(UV) sync --locked $(EXTRAS) --extra bench --python $(PYTHON)
	rm -f $(VENV)/.installed-*
	$(BIN)/python -m bench.cold_import
	$(BIN)/python -m bench.list_debtors
	$(BIN)/python -m bench.debt_math
	$(BIN)/python -m bench.pdf_render
	$(BIN)/python -m bench.csv_import
	$(BIN)/python -m bench.ruler
	$(BIN)/python -m bench.negocia_code
	$(BIN)/python -m bench.payments
	$(BIN)/python -m bench.erp_token
	$(BIN)/python -m bench.portal

## make openapi: regenerate the committed OpenAPI document
openapi: $(STAMP)
	$(BIN)/python -m cobranca.http.openapi > openapi.json

## make requirements: the layer's (and the ERP authorizer's) requirements.txt from the lock (exact pins)
requirements: $(STAMP)
	$(BIN)/python -m infra.requirements > layers/core/requirements.txt
	$(BIN)/python -m infra.requirements authorizer > functions/erp_authorizer/requirements.txt

## make upgrade: re-resolve every dependency to its newest release (held ones stay held), regenerate the
## layer's pins and run the whole suite; commit the new lock only if it is green (README: Dependencies)
upgrade: | $(UV_HOME)/bin/uv
	$(UV) lock --upgrade
	$(MAKE) requirements test

build:
	sam build
deploy: build web  ## STACK=<name>: the stack, then the console (web/dist, config.json, invalidation)
	sam deploy --guided --stack-name $(STACK)
	$(BIN)/python -m infra.deploy_console --stack $(STACK)

clean:
	rm -rf $(VENV) .tools .pytest_cache .mypy_cache .ruff_cache .aws-sam .local
