#!/bin/sh
# The driver and the filter chain give byte-identical records (examples and fixtures):
# the chain's successful records are articles.jsonl, its error records errors.jsonl, and
# with --keep-stages each stage's file is what that stage of the chain wrote.
set -eu
B=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/lib.sh
for dir in examples tests/fixtures/articles; do
    "$B/nerq" run "$dir" -o "$tmp/run" --quiet --keep-stages || [ $? -eq 1 ]
    { "$B/nerq-ingest" "$dir" || true; } >"$tmp/ingest.jsonl"
    prev=ingest
    for st in tokenize entities quotes attribute; do
        "$B/nerq-$st" <"$tmp/$prev.jsonl" >"$tmp/$st.jsonl" || true
        cmp "$tmp/$st.jsonl" "$tmp/run/stages/$st.jsonl"
        prev=$st
    done
    cmp "$tmp/ingest.jsonl" "$tmp/run/stages/ingest.jsonl"
    split_records "$tmp/attribute.jsonl" "$tmp/chain"
    cmp "$tmp/chain.records" "$tmp/run/articles.jsonl"
    cmp "$tmp/chain.errors" "$tmp/run/errors.jsonl"
    n=$(wc -l <"$tmp/attribute.jsonl")
    files=$(find "$dir" -type f \( -name '*.txt' -o -name '*.md' -o -name '*.html' \) ! -path '*/.*' | wc -l)
    [ "$n" -eq "$files" ] || { echo "$dir: $n records for $files files"; exit 1; }
    echo "$dir: $n records identical"
done
