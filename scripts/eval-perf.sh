#!/usr/bin/env bash
# Side-by-side performance of this tree against a baseline, measured in one
# run on one machine (issue 13's table):
#   - the whole process on the seed article: median wall time of 20 runs
#     (hyperfine), and its speed-up;
#   - the whole pipeline over the 2,653 bench-news articles (one file each,
#     --threads 1): median of RUNS runs (5 by default), the two binaries
#     taking turns so that drift in the machine's speed weighs on both, MB/s
#     and speed-up;
#   - a 50 MB single line (the seed's text repeated, its lines joined):
#     median time and peak RSS of 5 runs, and bytes of memory per input byte;
#   - the Python peers' word segmentation (underthesea, pyvi) on a 1 MB
#     sample of the same corpus, next to our whole pipeline on that sample,
#     when their venv is there (../shared/tools/peers/setup.sh --no-coccoc).
# BASE is a binary or a git revision (built into a temporary worktree);
# e.g. `scripts/eval-perf.sh e27c6aa`, the commit issue 13 started from.
# The bench-news, 50 MB and peer rows need ../shared and are skipped, with
# a message, without it.
# Usage: scripts/eval-perf.sh BASE [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="${1:?usage: scripts/eval-perf.sh BASE-BINARY-OR-REVISION [RUNS]}"
RUNS="${2:-5}"
SHARED="${SHARED:-../shared}"
command -v hyperfine >/dev/null || { echo "eval-perf: needs hyperfine (apt-get install hyperfine)"; exit 1; }
TMP="$(mktemp -d)"
cleanup() { [ -d "$TMP/base" ] && git worktree remove --force "$TMP/base"; rm -rf "$TMP"; }
trap cleanup EXIT
if [ -x "$BASE" ] && [ -f "$BASE" ]; then
  OLD="$BASE"
else
  git worktree add --quiet --detach "$TMP/base" "$BASE"
  (cd "$TMP/base" && CARGO_TARGET_DIR="$TMP/base-target" cargo build --release --quiet --bin analyze)
  OLD="$TMP/base-target/release/analyze"
fi
cargo build --release --quiet --bin analyze
NEW="${CARGO_TARGET_DIR:-target}/release/analyze"
SEED=seeds/000_3b1f77d61af83a32.txt

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "base: $BASE"
median() { python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

# 1. The seed, whole process.
hyperfine -N -w 5 -r 20 --export-json "$TMP/seed.json" "$OLD $SEED" "$NEW $SEED" >/dev/null 2>&1
python3 - "$TMP/seed.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
o, n = r[0]["median"] * 1000, r[1]["median"] * 1000
print(f"seed, whole process (median of 20): base {o:.1f} ms, now {n:.1f} ms: {o/n:.2f}x")
PY

if [ ! -f "$SHARED/tools/split_bench_news.py" ]; then
  echo "eval-perf: bench-news, 50 MB line and peers skipped ($SHARED is absent)"
  exit 0
fi

# 2. bench-news, one thread.
python3 "$SHARED/tools/split_bench_news.py" "$TMP/bench" >/dev/null
BYTES=$(cat "$TMP"/bench/*.txt | wc -c)
"$NEW" --jsonl --quiet --threads 2 "$TMP/bench" >/dev/null || true   # page cache
timed() { # BIN ARGS... -> "seconds peak_kb" of one run
  /usr/bin/time -f "%e %M" -o "$TMP/t" "$@" >/dev/null 2>&1 || true
  cat "$TMP/t"
}
# The two binaries take turns (base, now, base, now, ...), so a machine
# that speeds up or slows down during the run weighs on both alike.
old_s=(); new_s=()
for _ in $(seq "$RUNS"); do
  old_s+=("$(timed "$OLD" --jsonl --quiet --threads 1 "$TMP/bench" | cut -d' ' -f1)")
  new_s+=("$(timed "$NEW" --jsonl --quiet --threads 1 "$TMP/bench" | cut -d' ' -f1)")
done
BN_OLD=$(median "${old_s[@]}"); BN_NEW=$(median "${new_s[@]}")
python3 - "$BYTES" "$BN_OLD" "$BN_NEW" "$RUNS" <<'PY'
import sys
b, o, n, runs = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
print(f"bench-news, 2,653 files, {b/1e6:.2f} MB, --threads 1 (median of {runs}): "
      f"base {o:.2f} s = {b/1e6/o:.2f} MB/s, now {n:.2f} s = {b/1e6/n:.2f} MB/s: {o/n:.2f}x")
PY

# 3. A 50 MB single line.
python3 - "$SEED" "$TMP/line.txt" <<'PY'
import sys
t = open(sys.argv[1], encoding="utf-8").read().replace("\n", " ")
n = 50 * 1024 * 1024
s = (t * (n // len(t.encode()) + 1)).encode()[: n - 200].decode("utf-8", "ignore").encode()
open(sys.argv[2], "wb").write(s)
PY
LINE_BYTES=$(wc -c < "$TMP/line.txt")
old_s=(); old_k=(); new_s=(); new_k=()
for _ in $(seq "$RUNS"); do
  read -r s k < <(timed "$OLD" --jsonl --quiet "$TMP/line.txt"); old_s+=("$s"); old_k+=("$k")
  read -r s k < <(timed "$NEW" --jsonl --quiet "$TMP/line.txt"); new_s+=("$s"); new_k+=("$k")
done
L_S_OLD=$(median "${old_s[@]}"); L_K_OLD=$(median "${old_k[@]}")
L_S_NEW=$(median "${new_s[@]}"); L_K_NEW=$(median "${new_k[@]}")
python3 - "$LINE_BYTES" "$L_S_OLD" "$L_K_OLD" "$L_S_NEW" "$L_K_NEW" "$RUNS" <<'PY'
import sys
b = int(sys.argv[1]); so, ko, sn, kn = map(float, sys.argv[2:6])
print(f"50 MB single line ({b/1e6:.1f} MB, median of {sys.argv[6]}): base {so:.1f} s, {ko/1024:.0f} MB peak "
      f"({ko*1024/b:.1f} B/B); now {sn:.1f} s, {kn/1024:.0f} MB peak ({kn*1024/b:.1f} B/B)")
PY

# 4. Peers: word segmentation alone on a 1 MB sample, against our whole
# pipeline (one thread) on the same sample, one file per article.
PEERS="$SHARED/tools/peers/peer_bench.py"
if [ -f "$PEERS" ] && [ -x "${PEERS_VENV:-$HOME/.cache/peers-venv}/bin/python" ]; then
  head -c 1000000 "$SHARED/data/bench-news/unc-dantri-news.txt" | sed '$d' > "$TMP/sample.txt"
  mkdir -p "$TMP/sample"
  awk -v d="$TMP/sample" 'BEGIN{RS=""; n=0} {n++; f=sprintf("%s/%05d.txt", d, n); print > f; close(f)}' "$TMP/sample.txt"
  SB=$(cat "$TMP"/sample/*.txt | wc -c)
  old_s=(); new_s=()
  for _ in $(seq "$RUNS"); do
    old_s+=("$(timed "$OLD" --jsonl --quiet --threads 1 "$TMP/sample" | cut -d' ' -f1)")
    new_s+=("$(timed "$NEW" --jsonl --quiet --threads 1 "$TMP/sample" | cut -d' ' -f1)")
  done
  S_OLD=$(median "${old_s[@]}"); S_NEW=$(median "${new_s[@]}")
  python3 "$PEERS" "$TMP/sample.txt" --peers underthesea,pyvi --runs 1 --split lines --json "$TMP/peers.json" > "$TMP/peers.txt" 2>&1 || true
  python3 - "$SB" "$S_OLD" "$S_NEW" "$TMP/peers.json" <<'PY'
import json, sys
b, so, sn = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
o, n = b / 1e6 / so, b / 1e6 / sn
print(f"1 MB sample, whole pipeline, --threads 1: base {o:.2f} MB/s, now {n:.2f} MB/s")
try:
    rows = json.load(open(sys.argv[4]))
except (OSError, ValueError):
    print("peers: no result (see peer_bench.py output)"); sys.exit(0)
for r in rows:
    name, mbs = r.get("peer"), r.get("MB_per_s")
    if name and mbs:
        mbs = float(mbs)
        print(f"{name:<12} word segmentation alone: {mbs:.3f} MB/s; our whole pipeline is {o/mbs:.0f}x (base) and {n/mbs:.0f}x (now)")
PY
else
  echo "peers: skipped (no venv; run ../shared/tools/peers/setup.sh --no-coccoc)"
fi
