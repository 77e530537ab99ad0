#!/bin/sh
# The stage programs are pure filters: the chain run by GNU parallel over the BBC corpus,
# blocks of records spread over 2 jobs (-k keeps their order), gives the same records as
# `nerq run`. Skipped when ../shared or GNU parallel is absent.
set -eu
B=${BUILD:-build}
. tests/lib.sh
bbc_or_skip
command -v parallel >/dev/null 2>&1 || { echo "skipped: GNU parallel not installed"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$B/nerq" run "$BBC" -o "$tmp/run" --quiet || [ $? -eq 1 ]
# Absolute paths: parallel's jobs run in a shell of their own.
bin=$(cd "$B" && pwd)
{ "$B/nerq-ingest" "$BBC" || true; } | parallel --pipe -k -j2 --block 1M \
    "$bin/nerq-tokenize | $bin/nerq-entities | $bin/nerq-quotes | $bin/nerq-attribute" \
    >"$tmp/parallel.jsonl"
split_records "$tmp/parallel.jsonl" "$tmp/par"
cmp "$tmp/par.records" "$tmp/run/articles.jsonl"
cmp "$tmp/par.errors" "$tmp/run/errors.jsonl"
echo "parallel --pipe -j2: $(wc -l <"$tmp/parallel.jsonl") records, identical to nerq run"

