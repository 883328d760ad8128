#!/usr/bin/env bash
# Word-segmentation scores of the shipped model on the UD Vietnamese-VTB dev
# and test splits: builds release, runs `analyze tokenize --format text
# --lines` over each split's raw sentences (the gold .seg.txt with "_" turned
# into spaces), scores with ../shared/tools/seg_eval.py and with
# `analyze seg-score`, and prints both; then runs the test that the two
# scorers agree (`cargo test --release --test tests segment::scorer_agrees_with_seg_eval_py
# -- --ignored`). Exits 0 with "skipped" when ../shared is absent.
#
# Note: the shipped model is trained on train + dev, so its dev score is a
# training score; the honest dev score comes from a model trained on train
# only (see data/segment/SOURCE.md).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
VTB="$SHARED/data/ud-vi-vtb"
if [ ! -f "$SHARED/tools/seg_eval.py" ] || [ ! -d "$VTB" ]; then
  echo "eval-segmenter: skipped ($SHARED is absent)"
  exit 0
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet --bin analyze
BIN="$CARGO_TARGET_DIR/release/analyze"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
for split in dev test; do
  gold="$VTB/vi_vtb-ud-$split.seg.txt"
  [ -f "$gold" ] || { echo "$split: skipped (no $gold)"; continue; }
  sed 's/_/ /g' "$gold" > "$TMP/$split.raw"
  "$BIN" tokenize --format text --lines "$TMP/$split.raw" > "$TMP/$split.pred"
  echo "$split seg_eval.py: $(python3 "$SHARED/tools/seg_eval.py" "$gold" "$TMP/$split.pred")"
  echo "$split seg-score:   $("$BIN" seg-score "$TMP/$split.pred" "$gold")"
done
# The test that our scorer prints what seg_eval.py prints (ignored by a plain
# `cargo test`: it needs ../shared and python3, and fails without them).
echo "== cargo test --test tests segment::scorer_agrees_with_seg_eval_py -- --ignored"
VNANALYZE_SHARED="$SHARED" cargo test --release --locked --quiet --test tests -- \
  --ignored --exact segment::scorer_agrees_with_seg_eval_py
