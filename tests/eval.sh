#!/bin/sh
# make eval: scores nerq with ../shared/eval/score.py on CoNLL-2003 dev, PolNeAR dev and the
# seed articles. Without ../shared it says so and exits 0.
B=${BUILD:-build}
S=${SHARED:-../shared}
if [ ! -f "$S/eval/score.py" ]; then
    echo "make eval: $S not found, nothing to score"
    exit 0
fi
set -e
E=$B/eval
mkdir -p "$E"
[ -f "$E/conll-dev/gold.jsonl" ] || python3 "$S/eval/prepare.py" conll "$S/data/conll2003/eng.testa" "$E/conll-dev" >/dev/null
[ -f "$E/polnear-dev/gold.jsonl" ] || python3 "$S/eval/prepare.py" polnear "$S/data/polnear/dev" "$E/polnear-dev" >/dev/null
"$B/nerq" run "$E/conll-dev/docs" -o "$E/out-conll" --quiet || true
"$B/nerq" run "$E/polnear-dev/docs" -o "$E/out-polnear" --quiet || true
"$B/nerq" run "$S/seeds" -o "$E/out-seeds" --quiet || true
echo "== CoNLL-2003 dev (entities)"
python3 "$S/eval/score.py" conll "$E/conll-dev/gold.jsonl" "$E/out-conll/articles.jsonl"
echo "== PolNeAR dev (quotes)"
python3 "$S/eval/score.py" polnear "$E/polnear-dev/gold.jsonl" "$E/out-polnear/articles.jsonl"
echo "== seeds"
python3 "$S/eval/score.py" seeds "$S/gold" "$E/out-seeds/articles.jsonl"
echo "== CoNLL-2003 dev (token boundaries; sentence starts in one-paragraph documents)"
python3 tools/eval_tokens.py --build "$B" --shared "$S"
