# Frontdoor's tasks. `make` alone lists them. Everything runs with the Go toolchain on PATH; the
# Redis tests start their own redis-server, the browser tests (browser/, a module of its own)
# drive Debian's chromium.

GO          ?= go
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
IMAGE       ?= frontdoor:$(VERSION)
# staticcheck is pinned here and run with `go run`, so nothing is installed: v0.8.2 supports Go 1.26.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
# docker or podman, whichever is on PATH (buildah bud also reads the Dockerfile).
CONTAINER   ?= $(shell command -v docker 2>/dev/null || command -v podman 2>/dev/null)

.DEFAULT_GOAL := help
.PHONY: help run build test test-short faults faults-full lint ci image deploy-check

help: ## list the tasks
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: ## serve --dev on 127.0.0.1:8080: built-in flows, in memory, the console (its password is in the log)
	$(GO) run ./cmd/frontdoor serve --dev

build: ## build bin/frontdoor with the version
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o bin/frontdoor ./cmd/frontdoor

test: ## every test, with the race detector: the product, then the browser module (about five minutes on 2 cores, the browser part under one)
	$(GO) test -race ./...
	cd browser && $(GO) test -race ./...

test-short: ## the tests without the three-replica, failover and browser tests
	$(GO) test -short ./...

faults: ## the fault suite at CI size: real processes, Redis killed, failovers, outages (about 6 minutes)
	FRONTDOOR_FAULTS=ci $(GO) test -count=1 -v -timeout 30m ./faults/...

faults-full: ## the fault suite at the reliability requirements' sizes (about 10 minutes)
	FRONTDOOR_FAULTS=full $(GO) test -count=1 -v -timeout 60m ./faults/...

lint: ## go vet, gofmt and staticcheck on the product, browser/ and deploy/check; flows lint on the built-in flows
	$(GO) vet ./...
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) run $(STATICCHECK) ./...
	cd browser && $(GO) vet ./... && $(GO) run $(STATICCHECK) ./...
	cd deploy/check && $(GO) vet ./... && $(GO) run $(STATICCHECK) ./...
	$(GO) run ./cmd/frontdoor flows lint --strict

ci: ## what CI runs on a clean checkout (.ci/run)
	./.ci/run

image: ## build the container image (IMAGE, default frontdoor:VERSION) with docker or podman
	@if [ -z "$(CONTAINER)" ]; then echo "make image: neither docker nor podman is on PATH"; exit 1; fi
	$(CONTAINER) build -f deploy/Dockerfile --build-arg VERSION=$(VERSION) -t $(IMAGE) .

deploy-check: ## check deploy/: the manifests and the Dockerfile offline; the image too when a builder is reachable
	cd deploy/check && $(GO) test -count=1 -v ./...
