#!/bin/sh
# The driver and the filter chain give byte-identical records (examples and fixtures).
set -eu
B=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in examples tests/fixtures/articles; do
    "$B/nerq" run "$dir" -o "$tmp/run" --quiet || [ $? -eq 1 ]
    { "$B/nerq-ingest" "$dir" || true; } | "$B/nerq-tokenize" | "$B/nerq-entities" | "$B/nerq-quotes" \
        | "$B/nerq-attribute" >"$tmp/chain.jsonl"
    cmp "$tmp/run/articles.jsonl" "$tmp/chain.jsonl"
    n=$(wc -l <"$tmp/chain.jsonl")
    files=$(find "$dir" -type f \( -name '*.txt' -o -name '*.md' -o -name '*.html' \) ! -path '*/.*' | wc -l)
    [ "$n" -eq "$files" ] || { echo "$dir: $n records for $files files"; exit 1; }
    echo "$dir: $n records identical"
done
