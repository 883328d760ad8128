#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) one after another, one job
# each, for SECONDS_PER_TARGET seconds (default 600), on stable Rust.
#
#   fuzz/run.sh                      # all six targets, 10 minutes each
#   SECONDS_PER_TARGET=60 fuzz/run.sh pipeline decode
#
# cargo-fuzz needs nightly-only rustc flags (-Z sanitizer options,
# -C passes=sancov-module); RUSTC_BOOTSTRAP=1 lets the stable toolchain
# accept them. No sanitizer (-s none): the library forbids unsafe code, so
# AddressSanitizer would only slow the search down; panics (including
# overflow checks with -a) are what we hunt for, and the invariants in
# fuzz/src/check.rs turn every wrong span or invalid JSON into a panic.
# Fork mode keeps fuzzing after a crash; crashes and timeouts land in
# fuzz/artifacts/<target>/. Seeds come from fuzz/seed.py and the committed
# minimized corpus fuzz/corpus-min/<target>.tar.xz; the dictionary
# fuzz/vnanalyze.dict gives the mutator the tokens the pipeline looks for.
# Exits 1 when any target left a crash, timeout or OOM in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
export RUSTC_BOOTSTRAP=1
SECS=${SECONDS_PER_TARGET:-600}
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(decode normalize tokenize extract pipeline html)
python3 fuzz/seed.py >/dev/null
cargo fuzz build -s none -O -a
for t in "${TARGETS[@]}"; do
    mkdir -p "fuzz/artifacts/$t" "fuzz/corpus/$t"
    if [ -f "fuzz/corpus-min/$t.tar.xz" ]; then
        tar -xJf "fuzz/corpus-min/$t.tar.xz" -C fuzz/corpus
    fi
    echo "== $t: $SECS s"
    cargo fuzz run -s none -O -a "$t" "fuzz/corpus/$t" -- \
        -dict="$PWD/fuzz/vnanalyze.dict" -max_total_time="$SECS" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
        -ignore_ooms=1 -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 2>&1 | grep -v '^#.*\(NEW\|REDUCE\|pulse\)' || true
    echo "== $t: artifacts: $(ls "fuzz/artifacts/$t" | wc -l)"
done
found=0
for t in "${TARGETS[@]}"; do
    found=$((found + $(ls "fuzz/artifacts/$t" | wc -l)))
done
if [ "$found" -gt 0 ]; then
    echo "== $found artifacts in fuzz/artifacts/: reproduce with cargo fuzz run (see fuzz/README.md)"
    exit 1
fi
