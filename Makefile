# The README's two commands: `make run` and `make test`. Meson + Ninja do
# the building; this file only strings the steps together.
BUILD      ?= build
BUILD_ASAN ?= build-asan
DATA_DIR   ?= data
LISTEN     ?= 127.0.0.1:8080

.PHONY: all deps deps-test run test test-pg-api test-sanitize check bench clean deb

all: $(BUILD)/loket

deps:
	@sh tools/deps.sh

deps-test:
	@sh tools/deps.sh --test
	@# playwright-core and axe-core for the browser tests, pinned in tests/browser/package-lock.json
	@[ -d tests/browser/node_modules/playwright-core ] && [ -d tests/browser/node_modules/axe-core ] || \
	    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

$(BUILD)/loket: $(BUILD)/build.ninja FORCE
	ninja -C $(BUILD)

$(BUILD_ASAN)/build.ninja:
	meson setup $(BUILD_ASAN) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

run: deps $(BUILD)/loket
	@if [ ! -f $(DATA_DIR)/loket.db ]; then \
	    $(BUILD)/loket init --demo --data-dir $(DATA_DIR) || exit 1; fi
	@echo
	@echo "Loket on http://localhost:8080 — demo logins (password: loket-demo):"
	@echo "  admin@demo.test       admin"
	@echo "  leader@demo.test      leader (read-only)"
	@echo "  agent@demo.test       agent, tier 1; the clinic's front desk (appointments)"
	@echo "  pic@demo.test         agent, tier 2 (Diskominfo), partner admin"
	@echo "  vendor@demo.test      agent, tier 3 (PT Mitra Jaringan)"
	@echo "  requester@demo.test   requester (Dinas Kesehatan)"
	@echo "  requester2@demo.test  requester (Dinas Pendidikan)"
	@echo
	exec $(BUILD)/loket serve --data-dir $(DATA_DIR) --listen $(LISTEN)

# The suite pg (the PostgreSQL driver, issue #19) runs against a private
# cluster that tests/pg/with_cluster.sh starts and stops around the run;
# after the whole suite, on the same cluster, the api suite and the browser
# suite run a second time on PostgreSQL (tests/pg/api_on_pg.sh and
# browser_on_pg.sh, one line each, output in test-output-pg.txt and
# test-output-pg-browser.txt; their logs testlog-pg*.json are counted beside
# testlog.json); any pass failing fails.
test: deps-test $(BUILD)/loket
	@rm -f $(BUILD)/meson-logs/testlog-pg.json $(BUILD)/meson-logs/testlog-pg-browser.json
	@sh tests/pg/with_cluster.sh sh -c 'meson test -C $(BUILD) --print-errorlogs --num-processes 2 \
	    > $(BUILD)/test-output.txt 2>&1; s=$$?; \
	    sh tests/pg/api_on_pg.sh $(BUILD) > $(BUILD)/test-output-pg.txt 2>&1 || s=1; \
	    sh tests/pg/browser_on_pg.sh $(BUILD) > $(BUILD)/test-output-pg-browser.txt 2>&1 || s=1; \
	    exit $$s'; \
	    status=$$?; tail -n 40 $(BUILD)/test-output.txt; \
	    echo "-- the api suite on PostgreSQL ($(BUILD)/test-output-pg.txt):"; \
	    tail -n 12 $(BUILD)/test-output-pg.txt; \
	    echo "-- the browser suite on PostgreSQL ($(BUILD)/test-output-pg-browser.txt):"; \
	    tail -n 12 $(BUILD)/test-output-pg-browser.txt; \
	    python3 tools/count_tests.py $(BUILD) && [ $$status -eq 0 ]

# The api suite's PostgreSQL pass of `make test` alone.
test-pg-api: deps-test $(BUILD)/loket
	@sh tests/pg/with_cluster.sh sh tests/pg/api_on_pg.sh $(BUILD) > $(BUILD)/test-output-pg.txt 2>&1; \
	    status=$$?; tail -n 40 $(BUILD)/test-output-pg.txt; \
	    python3 tools/count_tests.py $(BUILD) && [ $$status -eq 0 ]

test-sanitize: deps-test $(BUILD_ASAN)/build.ninja
	ninja -C $(BUILD_ASAN)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    sh tests/pg/with_cluster.sh meson test -C $(BUILD_ASAN) --print-errorlogs --num-processes 2 --timeout-multiplier 3 \
	    > $(BUILD_ASAN)/test-output.txt 2>&1; \
	    status=$$?; tail -n 40 $(BUILD_ASAN)/test-output.txt; \
	    python3 tools/count_tests.py $(BUILD_ASAN) && [ $$status -eq 0 ]

check: test test-sanitize

bench: $(BUILD)/loket
	bench/http.sh

# The Debian package, built by dpkg-buildpackage from a copy of the tracked
# (and new, unignored) files in $(DEB_DIR)/src; the .deb lands in $(DEB_DIR).
# DEB_VERSION=V overrides the changelog's version (tests build an "older"
# package this way).
DEB_DIR ?= build-deb
deb:
	@sh tools/build_deb.sh $(DEB_DIR)

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) build-deb

FORCE:
