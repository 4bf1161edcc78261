# raceline — build, demo and test. `make demo` and `make test` are all a
# fresh machine needs (Go from the machine; modules from the Go proxy).

GO      ?= go
BIN     := bin/raceline
VERSION ?= 0.1.0-dev
# Nested modules under testdata/ (heavy test-only dependencies): DESIGN §1.
NESTED  := $(patsubst %/go.mod,%,$(shell find testdata -name go.mod -not -path '*/.*' | sort))
DEMO    := testdata/demo/shop.otlp.jsonl.gz

.PHONY: all build demo test vet fuzz bench clean

all: build

build:
	$(GO) build -ldflags "-X github.com/raceline/raceline/internal/cli.Version=$(VERSION)" -o $(BIN) ./cmd/raceline

# demo: the main job on the bundled example dump: what is in it, the
# findings, and the timeline of the first finding.
demo: build
	$(BIN) stats $(DEMO)
	$(BIN) analyze $(DEMO)
	@id=$$($(BIN) analyze -q -o ndjson $(DEMO) | sed -n 's/^{"id":"\(rl-[0-9a-f]*\)".*/\1/p' | head -n 1); \
	if [ -n "$$id" ]; then echo; echo "$$ raceline timeline $(DEMO) --finding $$id"; $(BIN) timeline -q $(DEMO) --finding $$id; fi

# test: vet and every test, in the root module and in each nested module.
# Fuzz seed corpora run as ordinary tests.
test: vet
	$(GO) test -count=1 ./...
	@set -e; for m in $(NESTED); do \
		echo "== $$m"; \
		(cd $$m && $(GO) vet ./... && $(GO) test -count=1 ./...); \
	done

vet:
	@test -z "$$(gofmt -l cmd internal testdata)" || { gofmt -l cmd internal testdata; echo "gofmt needed"; exit 1; }
	$(GO) vet ./...

# fuzz: run every fuzz target of every package for FUZZTIME each.
FUZZTIME ?= 30s
fuzz:
	@set -e; for p in $$($(GO) list ./internal/...); do \
		for t in $$($(GO) test -list '^Fuzz' $$p | grep '^Fuzz' || true); do \
			echo "== $$p $$t"; \
			$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$p; \
		done; \
	done

# bench: ingest benchmarks against the Collector's pdata on a generated
# 100 MB+ dump (see testdata/bench/README.md).
bench:
	cd testdata/bench && RACELINE_BENCH=1 $(GO) test -run '^$$' -bench . -benchtime 3x -timeout 60m .

clean:
	rm -rf bin
