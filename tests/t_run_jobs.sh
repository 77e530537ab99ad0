#!/bin/sh
# nerq run writes the same bytes for -j1, -j2 and -j3 (examples, fixtures, and the BBC
# corpus when ../shared is there), and accounts for every file: records + errors = found.
set -eu
B=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/lib.sh
same_outputs() { # OUTDIR OUTDIR
    for f in articles errors mentions quotes; do
        cmp "$1/$f.jsonl" "$2/$f.jsonl"
    done
}
accounted() { # OUTDIR: records + errors = files, in the manifest and in the files
    files=$(count "$1" files)
    rec=$(wc -l <"$1/articles.jsonl")
    err=$(wc -l <"$1/errors.jsonl")
    [ "$(count "$1" records)" -eq "$rec" ] && [ "$(count "$1" errors)" -eq "$err" ]
    [ $((rec + err)) -eq "$files" ] || { echo "$1: $files files, $rec records + $err errors"; exit 1; }
    echo "$1: $files files = $rec records + $err errors"
}
sets="examples tests/fixtures/articles"
[ -d "${SHARED:-../shared}/data/bbc" ] && sets="$sets ${SHARED:-../shared}/data/bbc"
for dir in $sets; do
    for j in 1 2 3; do
        "$B/nerq" run "$dir" -o "$tmp/j$j" -j "$j" --quiet --force || [ $? -eq 1 ]
    done
    same_outputs "$tmp/j1" "$tmp/j2"
    same_outputs "$tmp/j1" "$tmp/j3"
    accounted "$tmp/j2"
    echo "$dir: -j1 = -j2 = -j3"
    rm -rf "$tmp"/j*
done

# A list with a missing file, a folder and a duplicate: each listed path is accounted for.
{
    echo examples/bbc-style.txt
    echo examples/no-such-article.txt
    echo examples
    echo "$PWD/examples/markdown.md"
    echo examples/bbc-style.txt
} >"$tmp/list"
rc=0
"$B/nerq" run --files-from "$tmp/list" -o "$tmp/l" -j2 2>"$tmp/stderr" || rc=$?
cat "$tmp/stderr"
[ "$rc" -eq 1 ] || { echo "exit status $rc, want 1"; exit 1; }
accounted "$tmp/l"
[ "$(count "$tmp/l" files)" -eq 4 ] && [ "$(count "$tmp/l" errors)" -eq 2 ]
grep -q '"id":"examples/no-such-article.txt","error":"cannot open' "$tmp/l/errors.jsonl"
grep -q 'files found = 2 records + 2 errors' "$tmp/stderr"
# The same list through the filter chain gives the same records and errors.
"$B/nerq-ingest" --files-from - <"$tmp/list" 2>/dev/null | "$B/nerq-tokenize" | "$B/nerq-entities" \
    | "$B/nerq-quotes" | "$B/nerq-attribute" >"$tmp/chain.jsonl" || true
split_records "$tmp/chain.jsonl" "$tmp/chain"
cmp "$tmp/chain.records" "$tmp/l/articles.jsonl"
cmp "$tmp/chain.errors" "$tmp/l/errors.jsonl"
# nerq stats over the OUTDIR counts the error records kept in errors.jsonl.
"$B/nerq" stats "$tmp/l" 2>/dev/null | grep -q '^4 articles (2 error records)'

# Usage and set-up errors: exit 2, nothing written.
for args in "run" "run examples -j 0" "run examples --bogus" "run no-such-dir -o $tmp/u" \
    "run examples -o $tmp/u --rules $tmp/no-rules"; do
    rc=0
    "$B/nerq" $args --quiet 2>/dev/null || rc=$?
    [ "$rc" -eq 2 ] || { echo "nerq $args: exit $rc, want 2"; exit 1; }
done
[ ! -e "$tmp/u/articles.jsonl" ]
echo "usage errors: exit 2"
