#!/usr/bin/env bash
# Whole-run batch throughput and memory of `analyze` over the bench-news
# corpus (../shared/data/bench-news: 2,653 Dân trí articles, 11 MB), split
# into one file per article:
#   - MB/s of the full pipeline with --threads 1 and --threads 2, speed-up;
#   - peak RSS (GNU time) on ~10,000 and ~100,000 files (the corpus copied
#     4 and 38 times), to show memory does not grow with the file count.
# Prints a table; exits 0 with "skipped" when ../shared is absent.
# Usage: scripts/eval-batch.sh [--quick]   (--quick: skip the 100k run)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
SPLIT="$SHARED/tools/split_bench_news.py"
if [ ! -f "$SPLIT" ]; then
  echo "eval-batch: skipped ($SHARED is absent)"
  exit 0
fi
command -v /usr/bin/time >/dev/null || { echo "eval-batch: skipped (no /usr/bin/time)"; exit 0; }
cargo build --release --quiet --bin analyze
BIN="${CARGO_TARGET_DIR:-target}/release/analyze"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
python3 "$SPLIT" "$TMP/one" >/dev/null
BYTES=$(cat "$TMP"/one/*.txt | wc -c)
FILES=$(ls "$TMP/one" | wc -l)

# run LABEL DIR THREADS -> prints "LABEL files MB seconds MB/s peakRSS_MB"
run() {
  local label=$1 dir=$2 threads=$3
  local bytes files
  bytes=$(find "$dir" -name '*.txt' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  files=$(find "$dir" -name '*.txt' | wc -l)
  /usr/bin/time -f "%e %M" -o "$TMP/time" "$BIN" --jsonl --quiet --threads "$threads" "$dir" > /dev/null || true
  read -r secs rss_kb < "$TMP/time"
  python3 - "$label" "$files" "$bytes" "$secs" "$rss_kb" <<'PY'
import sys
label, files, b, s, rss = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
print(f"{label:<22} {files:>8} {b/1e6:>8.1f} {s:>8.2f} {b/1e6/max(s,1e-9):>8.2f} {rss/1024:>8.1f}")
PY
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '%-22s %8s %8s %8s %8s %8s\n' run files MB seconds MB/s peakMB
"$BIN" --jsonl --quiet --threads 2 "$TMP/one" > /dev/null || true   # warm the page cache
T1=$(run "bench-news 1 thread" "$TMP/one" 1); echo "$T1"
T2=$(run "bench-news 2 threads" "$TMP/one" 2); echo "$T2"
python3 - "$T1" "$T2" <<'PY'
import sys
s1, s2 = float(sys.argv[1].split()[-3]), float(sys.argv[2].split()[-3])
print(f"speed-up 2 threads / 1 thread: {s1/s2:.2f}x")
PY
python3 "$SPLIT" "$TMP/x4" --copies 4 >/dev/null
run "~10k files 2 threads" "$TMP/x4" 2
rm -rf "$TMP/x4"
if [ "${1:-}" != "--quick" ]; then
  python3 "$SPLIT" "$TMP/x38" --copies 38 >/dev/null
  run "~100k files 2 threads" "$TMP/x38" 2
fi
