#!/bin/sh
# nerq stats (issue 10) on the examples: prints the summary tables, writes the CSV files,
# and the counts agree with the ones tests/stats_check.py computes from the records.
set -eu
B=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$B/nerq" run examples -o "$tmp/run" --quiet
"$B/nerq" stats "$tmp/run" --top 5 >"$tmp/out.txt"
cat "$tmp/out.txt"
for t in "Most quoted speakers" "Most mentioned people" "Most mentioned countries" \
    "Most mentioned organisations" "Quotes per article" "Who is quoted about which country"; do
    grep -q "^$t" "$tmp/out.txt" || { echo "missing table: $t"; exit 1; }
done
for f in speakers people countries organisations articles speaker_countries; do
    [ -s "$tmp/run/stats/$f.csv" ] || { echo "missing $f.csv"; exit 1; }
done
python3 tests/stats_check.py "$tmp/run/articles.jsonl" "$tmp/run/stats"
# -o chooses the folder; the same input gives the same files
"$B/nerq" stats "$tmp/run/articles.jsonl" -o "$tmp/csv2" >/dev/null
diff -r "$tmp/run/stats" "$tmp/csv2"
echo "stats: ok"
