#!/usr/bin/env bash
# ROUGE of the extractive summary on VietNews political pairs.
#
# For each split (vietnews-dev: tune on it; vietnews-eval: report only),
# converts the pairs to plain articles with ../shared/tools/vietnews_to_raw.py,
# runs `analyze summarize --sentences 2 --jsonl DIR` with the learned scorer
# (ours) and with the hand-tuned one it replaced (`--scorer heuristic`), and
# scores with ../shared/tools/rouge_eval.py, next to, on the same pairs in
# the same run:
#   lead-2   the first two body sentences of each article;
#   LexRank  sumy 0.13 LexRank, 2 sentences, on the body sentences (only
#            when the peers venv, ../shared/tools/peers, holds sumy);
#   oracle   the pair of body sentences with the best ROUGE-1 + ROUGE-2 F1
#            (the best extractive choice of two sentences).
# Prints one table, every system on every split. Exits 0 with a "skipped"
# line when ../shared is absent.
#
# usage: scripts/eval-summary.sh [dev|eval]...   (default: dev eval)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
TOOLS="$SHARED/tools"
if [ ! -f "$TOOLS/rouge_eval.py" ] || [ ! -f "$TOOLS/vietnews_to_raw.py" ]; then
  echo "eval-summary: skipped ($SHARED is absent)"
  exit 0
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet --bin analyze
BIN="$CARGO_TARGET_DIR/release/analyze"
PEERS_PY="${PEERS_VENV:-$HOME/.cache/peers-venv}/bin/python"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Baselines and prediction files: MODE is ours|lead2|oracle|lexrank.
cat > "$TMP/preds.py" <<'PY'
import json, os, re, sys, unicodedata
mode, pairs, out = sys.argv[1], sys.argv[2], sys.argv[3]
WORD = re.compile(r"\w+", re.UNICODE)
def toks(s):
    return WORD.findall(unicodedata.normalize("NFC", s or "").replace("_", " ").lower())
def grams(t, n):
    d = {}
    for i in range(len(t) - n + 1):
        k = tuple(t[i:i + n]); d[k] = d.get(k, 0) + 1
    return d
def f(r, p, n):
    R, P = grams(r, n), grams(p, n)
    ov = sum(min(c, P.get(k, 0)) for k, c in R.items())
    if not ov:
        return 0.0
    rec, prec = ov / sum(R.values()), ov / sum(P.values())
    return 2 * rec * prec / (rec + prec)
recs = [json.loads(l) for l in open(pairs, encoding="utf-8") if l.strip()]
with open(out, "w", encoding="utf-8") as fh:
    if mode in ("ours", "heuristic"):
        for l in sys.stdin:
            d = json.loads(l)
            path = (d.get("source") or {}).get("path") or ""
            sid = os.path.basename(path)[:-4]
            summ = " ".join(s["text"] for s in ((d.get("summary") or {}).get("sentences") or []))
            fh.write(json.dumps({"id": sid, "summary": summ}, ensure_ascii=False) + "\n")
        sys.exit(0)
    if mode == "lexrank":
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.summarizers.lex_rank import LexRankSummarizer
        class Tok:
            language = "vietnamese"
            def to_sentences(self, p): return [p]
            def to_words(self, s): return WORD.findall(s)
        tok, lex = Tok(), LexRankSummarizer()
    for d in recs:
        sents = [s.replace("_", " ") for s in d["article"].split("\n") if s.strip()]
        if mode == "lead2":
            pick = sents[:2]
        elif mode == "lexrank":
            doc = ObjectDocumentModel([Paragraph([Sentence(s, tok) for s in sents])])
            chosen = {str(s) for s in lex(doc, 2)}
            pick = [s for s in sents if s in chosen][:2]
        else:
            ref, st = toks(d["summary"]), [toks(s) for s in sents]
            best, pick = -1.0, sents[:2]
            for i in range(len(sents)):
                for j in range(i + 1, len(sents)):
                    p = st[i] + st[j]
                    v = f(ref, p, 1) + f(ref, p, 2)
                    if v > best:
                        best, pick = v, [sents[i], sents[j]]
        fh.write(json.dumps({"id": d["id"], "summary": " ".join(pick)}, ensure_ascii=False) + "\n")
PY

splits=("$@")
[ ${#splits[@]} -gt 0 ] || splits=(dev eval)
declare -A score
names=(ours heuristic lead2 lexrank oracle)
for split in "${splits[@]}"; do
  case "$split" in
    dev) pairs="$SHARED/data/vietnews-dev/vietnews-dev-50.jsonl" ;;
    eval) pairs="$SHARED/data/vietnews-eval/vietnews-test-300.jsonl" ;;
    *) echo "unknown split $split (dev|eval)" >&2; exit 2 ;;
  esac
  [ -f "$pairs" ] || { echo "$split: skipped (no $pairs)"; continue; }
  dir="$TMP/$split"
  python3 "$TOOLS/vietnews_to_raw.py" "$pairs" "$dir"
  "$BIN" summarize --sentences 2 --jsonl --quiet "$dir" | python3 "$TMP/preds.py" ours "$pairs" "$TMP/$split.ours.jsonl"
  "$BIN" summarize --scorer heuristic --sentences 2 --jsonl --quiet "$dir" | python3 "$TMP/preds.py" heuristic "$pairs" "$TMP/$split.heuristic.jsonl"
  python3 "$TMP/preds.py" lead2 "$pairs" "$TMP/$split.lead2.jsonl"
  python3 "$TMP/preds.py" oracle "$pairs" "$TMP/$split.oracle.jsonl"
  if [ -x "$PEERS_PY" ] && "$PEERS_PY" -c 'import sumy' 2>/dev/null; then
    "$PEERS_PY" "$TMP/preds.py" lexrank "$pairs" "$TMP/$split.lexrank.jsonl"
  else
    echo "$split lexrank: skipped (no sumy in the peers venv $PEERS_PY)"
  fi
  for s in "${names[@]}"; do
    [ -f "$TMP/$split.$s.jsonl" ] || continue
    out="$(python3 "$TOOLS/rouge_eval.py" "$pairs" "$TMP/$split.$s.jsonl")"
    score[$split.$s]="$(sed -E 's/.*R1=([0-9.]+) R2=([0-9.]+) RL=([0-9.]+) mean_pred_syllables=([0-9.]+).*/\1 | \2 | \3 | \4/' <<<"$out")"
  done
done

echo "== analyze summarize --sentences 2: ROUGE F1 (rouge_eval.py), syllable tokens =="
header="| system |"
rule="|---|"
for split in "${splits[@]}"; do
  header+=" $split R1 | $split R2 | $split RL | $split syl |"
  rule+="---|---|---|---|"
done
echo "$header"
echo "$rule"
declare -A label=(
  [ours]="ours (learned scorer)"
  [heuristic]="hand-tuned scorer (before)"
  [lead2]="lead-2"
  [lexrank]="sumy LexRank"
  [oracle]="oracle (best pair by R1+R2)"
)
for s in "${names[@]}"; do
  row="| ${label[$s]} |"
  for split in "${splits[@]}"; do
    row+=" ${score[$split.$s]:-- | - | - | -} |"
  done
  echo "$row"
done
