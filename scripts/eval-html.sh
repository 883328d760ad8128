#!/usr/bin/env bash
# Main-text extraction from saved HTML pages, against their hand-checked
# truth (../shared/data/html-pages: NAME.html + NAME.json).
#
# For each page, runs `analyze normalize --jsonl PAGE` and reports:
#   paras   the share of truth paragraphs found in the record's `text`
#           (after NFC and white-space normalization, each as a substring);
#   caps    the same for the image captions;
#   title   meta.title equals the truth's headline;
#   date    meta.published equals the truth's published (local time, the
#           +07:00 offset aside);
#   leaks   must_not_contain strings found in `text` (case-insensitive),
#           listed under the table.
# Exits 0 with a "skipped" line when ../shared is absent. Set ANALYZE_BIN to
# use an already built binary instead of building the release one.
#
# usage: scripts/eval-html.sh [PAGES_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
PAGES="${1:-$SHARED/data/html-pages}"
if [ ! -d "$PAGES" ] || ! ls "$PAGES"/*.json >/dev/null 2>&1; then
  echo "eval-html: skipped ($PAGES is absent)"
  exit 0
fi
if [ -z "${ANALYZE_BIN:-}" ]; then
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
  cargo build --release --quiet --bin analyze
  ANALYZE_BIN="$CARGO_TARGET_DIR/release/analyze"
fi
python3 - "$ANALYZE_BIN" "$PAGES" <<'EOF'
import json, subprocess, sys, unicodedata, pathlib

bin_, pages = sys.argv[1], pathlib.Path(sys.argv[2])

def norm(s):
    return " ".join(unicodedata.normalize("NFC", s or "").split())

rows, leaks_all = [], []
tot = dict(paras=0, found=0, caps=0, caps_found=0, title=0, date=0, leaks=0, pages=0)
for truth_path in sorted(pages.glob("*.json")):
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    page = pages / truth.get("page", truth_path.stem + ".html")
    if not page.exists():
        continue
    out = subprocess.run([bin_, "normalize", "--jsonl", str(page)],
                         capture_output=True, text=True)
    try:
        rec = json.loads(out.stdout.splitlines()[0])
    except (IndexError, json.JSONDecodeError):
        rec = {}
    text = norm(rec.get("text") or "")
    low = text.lower()
    meta = rec.get("meta") or {}
    paras = [norm(p) for p in truth.get("paragraphs", [])]
    caps = [norm(c) for c in truth.get("captions", [])]
    found = sum(p in text for p in paras)
    caps_found = sum(c in text for c in caps)
    title_ok = norm(meta.get("title")) == norm(truth.get("title"))
    want = truth.get("published")
    got = meta.get("published")
    date_ok = (want is None and got is None) or (
        want is not None and got is not None and got == want[:19])
    leaks = [s for s in truth.get("must_not_contain", []) if norm(s).lower() in low]
    missing = [p for p in paras if p not in text]
    rows.append((truth_path.stem, found, len(paras), caps_found, len(caps),
                 title_ok, date_ok, len(leaks), rec.get("error", {}).get("kind")))
    for s in leaks:
        leaks_all.append(f"  {truth_path.stem}: leak: {s[:70]}")
    for p in missing:
        leaks_all.append(f"  {truth_path.stem}: missing: {p[:70]}")
    if not title_ok:
        leaks_all.append(f"  {truth_path.stem}: title {meta.get('title')!r} != {truth.get('title')!r}")
    if not date_ok:
        leaks_all.append(f"  {truth_path.stem}: published {got!r} != {want!r}")
    tot["pages"] += 1
    tot["paras"] += len(paras); tot["found"] += found
    tot["caps"] += len(caps); tot["caps_found"] += caps_found
    tot["title"] += title_ok; tot["date"] += date_ok; tot["leaks"] += len(leaks)

print(f"{'page':<16} {'paras':>9} {'caps':>6} {'title':>6} {'date':>5} {'leaks':>6}")
for name, f, n, cf, cn, t, d, l, err in rows:
    share = f / n if n else 1.0
    note = f"  error: {err}" if err else ""
    print(f"{name:<16} {share:>9.3f} {cf:>3}/{cn:<2} {'ok' if t else 'WRONG':>6} "
          f"{'ok' if d else 'WRONG':>5} {l:>6}{note}")
n = tot["pages"]
share = tot["found"] / tot["paras"] if tot["paras"] else 1.0
print(f"{'all ' + str(n) + ' pages':<16} {share:>9.3f} {tot['caps_found']:>3}/{tot['caps']:<2} "
      f"{tot['title']:>4}/{n} {tot['date']:>3}/{n} {tot['leaks']:>6}")
perfect = sum(1 for r in rows if r[1] == r[2] and r[5] and r[6] and r[7] == 0)
print(f"perfect pages (every paragraph, title, date, no leak): {perfect}/{n}")
if leaks_all:
    print("\n".join(leaks_all))
EOF
