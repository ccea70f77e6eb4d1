# Master IA — `make run` starts the product, `make test` runs every test.
SHELL := /bin/bash
GO ?= go
BIN := bin/masteria
PG_URL ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable
NATS_URL ?= nats://127.0.0.1:4222
export MASTERIA_TEST_POSTGRES_URL ?= $(PG_URL)
export MASTERIA_TEST_NATS_URL ?= $(NATS_URL)

.PHONY: build run test test-go test-web services bench web chromium clean fmt vet
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

build: web
	$(GO) build -trimpath -ldflags "-s -w" -o $(BIN) ./cmd/masteria

# web builds the dashboard into web/dist when its sources exist.
web:
	@if [ -f web/package.json ]; then cd web && npm ci --no-audit --no-fund && npm run build; fi

run: build
	./$(BIN) serve --demo

# services starts what the tests talk to: the local Postgres and NATS.
services:
	@scripts/services.sh

test: test-go test-web

test-go: services
	$(GO) vet ./...
	cd sdk && $(GO) vet ./... && $(GO) test -count=1 ./...
	$(GO) test -count=1 -timeout 20m ./...

# test-web: unit tests, then browser tests (Debian chromium, nothing
# downloaded) against the real binary carrying this dashboard build.
test-web: web chromium
	$(GO) build -o $(BIN) ./cmd/masteria
	cd web && npm run check:api && npm test && npx playwright test

# chromium installs Debian's browser for the browser tests and the
# dashboard's benchmark (nothing is downloaded by Playwright).
chromium:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

bench: services build chromium
	@scripts/bench.sh

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin data
