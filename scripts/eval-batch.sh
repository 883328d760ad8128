#!/usr/bin/env bash
# Whole-run batch throughput and memory of `analyze` over the bench-news
# corpus (../shared/data/bench-news: 2,653 Dân trí articles, 11 MB), split
# into one file per article:
#   - MB/s of the full pipeline with --threads 1 and --threads 2, speed-up;
#   - peak RSS (GNU time) on ~10,000 and ~100,000 files (the corpus copied
#     4 and 38 times), to show memory does not grow with the file count.
#   - the same run's ratio against underthesea's word_tokenize alone and pyvi
#     (../shared/tools/peers/peer_bench.py, one process, 1 thread) on a 1 MB
#     sample of the same corpus, next to our whole pipeline on that sample.
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

# Peers: word segmentation alone, on a 1 MB sample, single-threaded, against
# our whole pipeline (1 thread) on the same sample split into the same files.
PEERS="$SHARED/tools/peers/peer_bench.py"
if [ -f "$PEERS" ] && [ -x "${PEERS_VENV:-$HOME/.cache/peers-venv}/bin/python" ]; then
  head -c 1000000 "$SHARED/data/bench-news/unc-dantri-news.txt" | sed '$d' > "$TMP/sample.txt"
  mkdir -p "$TMP/sample"
  awk -v d="$TMP/sample" 'BEGIN{RS=""; n=0} {n++; f=sprintf("%s/%05d.txt", d, n); print > f; close(f)}' "$TMP/sample.txt"
  OURS=$(run "sample 1 thread" "$TMP/sample" 1)
  echo "$OURS"
  python3 "$PEERS" "$TMP/sample.txt" --peers underthesea,pyvi --runs 1 --split lines --json "$TMP/peers.json" > "$TMP/peers.txt" 2>&1 || true
  python3 - "$OURS" "$TMP/peers.json" <<'PY'
import json, sys
ours = float(sys.argv[1].split()[-2])
try:
    rows = json.load(open(sys.argv[2]))
except (OSError, ValueError):
    print("peers: no result (see peer_bench.py output)"); sys.exit(0)
for r in rows:
    name, mbs = r.get("peer"), r.get("MB_per_s")
    if name and mbs:
        print(f"{name:<12} word segmentation alone: {float(mbs):.3f} MB/s; vnanalyze whole pipeline, 1 thread: {ours:.2f} MB/s = {ours/float(mbs):.0f}x")
PY
else
  echo "peers: skipped (no venv; run ../shared/tools/peers/setup.sh --no-coccoc)"
fi
