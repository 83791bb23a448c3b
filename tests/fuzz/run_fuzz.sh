#!/bin/sh
# Builds the libFuzzer targets with clang and runs each for a bounded time
# (LOKET_FUZZ_SECONDS, default 30), printing one TAP line per target so the
# run counts as a test. usage: run_fuzz.sh SOURCE_DIR BUILD_DIR
set -u
src=$1
out=$2/fuzz
secs=${LOKET_FUZZ_SECONDS:-30}
mkdir -p "$out"
echo "1..1"
bin=$out/fuzz_tmpl
if ! clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
        -fno-sanitize-recover=undefined -I"$src/src" \
        "$src/tests/fuzz/fuzz_tmpl.c" "$src/src/notify/tmpl.c" "$src/src/core/err.c" \
        "$src/src/core/buf.c" "$src/src/core/arena.c" "$src/src/core/die.c" \
        $(pkg-config --cflags --libs jansson) -o "$bin" 2>"$out/build.log"; then
    echo "not ok 1 - fuzz-tmpl: clang build failed"
    sed 's/^/# /' "$out/build.log"
    exit 1
fi
# A scratch corpus seeded from the committed one, so new inputs stay out of
# the source tree.
rm -rf "$out/corpus" && mkdir -p "$out/corpus"
cp "$src"/tests/fuzz/corpus/tmpl/* "$out/corpus/"
if ASAN_OPTIONS=detect_leaks=1 "$bin" -max_total_time="$secs" -max_len=4096 -timeout=10 \
        -rss_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$out/" \
        "$out/corpus" >"$out/run.log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/run.log")
    echo "ok 1 - fuzz-tmpl: ${runs:-?} inputs in ${secs}s without a crash"
else
    echo "not ok 1 - fuzz-tmpl: crash or failure (see $out/run.log)"
    tail -n 40 "$out/run.log" | sed 's/^/# /'
    exit 1
fi
