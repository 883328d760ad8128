#!/usr/bin/env bash
# Checks that a purely performance change left the output alone: runs a
# baseline `analyze` (a binary, or a commit built into a temporary worktree)
# and this tree's release build over the seed and over the 2,653 bench-news
# articles (../shared/data/bench-news, split one file per article), and
# compares the JSON Lines byte for byte. Prints "identical: N records" or the
# first differing record and exits 1. Skips the bench-news part cleanly when
# ../shared is absent.
# Usage: scripts/check-identical.sh BASE   (BASE: a path to a binary, or a git revision)
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="${1:?usage: scripts/check-identical.sh BASE-BINARY-OR-REVISION}"
SHARED="${SHARED:-../shared}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
if [ -x "$BASE" ] && [ -f "$BASE" ]; then
  OLD="$BASE"
else
  git worktree add --quiet --detach "$TMP/base" "$BASE"
  trap 'git worktree remove --force "$TMP/base"; rm -rf "$TMP"' EXIT
  (cd "$TMP/base" && CARGO_TARGET_DIR="$TMP/base-target" cargo build --release --quiet --bin analyze)
  OLD="$TMP/base-target/release/analyze"
fi
cargo build --release --quiet --bin analyze
NEW="${CARGO_TARGET_DIR:-target}/release/analyze"
inputs=(seeds)
if [ -f "$SHARED/tools/split_bench_news.py" ]; then
  python3 "$SHARED/tools/split_bench_news.py" "$TMP/bench" >/dev/null
  inputs+=("$TMP/bench")
else
  echo "check-identical: bench-news skipped ($SHARED is absent); seed only"
fi
status=0
for opts in "" "--tokens"; do
  "$OLD" --jsonl --quiet $opts "${inputs[@]}" > "$TMP/old.jsonl" || true
  "$NEW" --jsonl --quiet $opts "${inputs[@]}" > "$TMP/new.jsonl" || true
  n=$(wc -l < "$TMP/old.jsonl")
  if cmp -s "$TMP/old.jsonl" "$TMP/new.jsonl"; then
    echo "identical${opts:+ ($opts)}: $n records"
  else
    status=1
    echo "DIFFERENT${opts:+ ($opts)}: $(diff <(cat "$TMP/old.jsonl") <(cat "$TMP/new.jsonl") | grep -c '^<') of $n records differ; the first:"
    diff <(cat "$TMP/old.jsonl") <(cat "$TMP/new.jsonl") | head -2 | cut -c1-600
  fi
done
exit $status
