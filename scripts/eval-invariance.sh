#!/usr/bin/env bash
# Invariance over the shared development articles: each of them in UTF-8,
# NFD, Windows-1258, TCVN3, VNI and both tone placements must give the same
# doc_refs type/key/issuer/name and entity name/kind/title/expansion.
# (The repository's own test does the same over the seed and three
# articles written for the project.) Skips when ../shared is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${VNANALYZE_GOLD_DEV:-../shared/gold-dev/articles}"
if [ ! -d "$DIR" ]; then
  echo "skip: $DIR not found (the shared development set is not part of the repository)"
  exit 0
fi
VNANALYZE_GOLD_DEV="$DIR" cargo test --release --locked --test tests invariance:: -- --ignored --nocapture
