# Entry points. Everything runs from a virtual environment this file creates,
# so a fresh machine with Python 3.11 and the package registries is enough.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STACK  ?= cobranca
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: dev test lint unit integration e2e bench openapi requirements build deploy clean chromium web

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,cli]'
	rm -f $(VENV)/.installed-* && touch $@

## make dev: the whole system on loopback (moto, gateway, Cognito issuer, workers) with demo data
dev: $(STAMP) web/dist/index.html
	$(BIN)/python -m infra.local

## make test: every check CI runs
test: lint chromium web
	$(BIN)/python -m pytest -n 2 --dist loadgroup

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

unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit
integration: $(STAMP)
	$(BIN)/python -m pytest tests/integration
e2e: $(STAMP) web
	$(BIN)/python -m pytest tests/e2e

## make bench: benchmarks that print figures (not part of make test)
bench: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[dev,cli,bench]'
	$(BIN)/python -m bench.cold_import
	$(BIN)/python -m bench.list_debtors
	$(BIN)/python -m bench.debt_math
	$(BIN)/python -m bench.pdf_render
	$(BIN)/python -m bench.csv_import
	$(BIN)/python -m bench.ruler
	$(BIN)/python -m bench.negocia_code
	$(BIN)/python -m bench.payments

## make openapi: regenerate the committed OpenAPI document
openapi: $(STAMP)
	$(BIN)/python -m cobranca.http.openapi > openapi.json

## make requirements: the layer's requirements.txt from pyproject's runtime dependencies
requirements: $(STAMP)
	$(BIN)/python -m infra.requirements > layers/core/requirements.txt

build:
	sam build
deploy: build web  ## STACK=<name>: the stack, then the console (web/dist, config.json, invalidation)
	sam deploy --guided --stack-name $(STACK)
	$(BIN)/python -m infra.deploy_console --stack $(STACK)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .aws-sam .local
