#!/usr/bin/env bash
# One command for the side-by-side throughput table: the `analyze` release
# binary and the Python peers on the same inputs (bench-news from
# ../shared/data, a slice of it, and the seed article), MB/s and peak RSS.
#
#   bench/run.sh                # build release, print the table
#   BENCH_RUNS=3 BENCH_SAMPLE_BYTES=1000000 bench/run.sh
#
# Needs ../shared (data and the peers harness); without it, it says so and
# exits 0. The peers' venv is $PEERS_VENV (default ~/.cache/peers-venv;
# create it with ../shared/tools/peers/setup.sh --no-coccoc).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
if [ ! -d "$SHARED/data/bench-news" ] || [ ! -d "$SHARED/tools/peers" ]; then
    echo "bench/run.sh: $SHARED (bench-news data, peers harness) not found; skipping." >&2
    exit 0
fi
cargo build --release --locked --quiet
BIN="${CARGO_TARGET_DIR:-target}/release/analyze"
exec python3 bench/compare.py --bin "$BIN" --shared "$SHARED" "$@"
