#!/bin/sh
# The bad-input corpus (tests/hostile/make_corpus.py: empty, huge, invalid UTF-8, NUL,
# UTF-16, binary, 100,000 unclosed quotes, deep nesting, long tokens, CR line ends ...)
# through `nerq run` and the filter chain, each under a time bound: every file gives one
# record or one error record, exit status 0 or 1 (never a signal, a timeout or a
# sanitizer report), and the two give the same bytes. The single-line article is 50 MB for
# `nerq run`, 4 MB for the filter chain (a stage holds a record ~60 times the article's
# size as a JSON tree: 3 GB for 50 MB). In the ASan build the chain gets the corpus at
# --small sizes (counts and sizes / 50, 1 MB single line); nerq run gets it all.
# HOSTILE_BIG_MB, HOSTILE_CHAIN_MB, HOSTILE_CHAIN_SMALL override.
set -eu
B=${BUILD:-build}
. tests/lib.sh
case "$B" in
*asan*) big=${HOSTILE_BIG_MB:-50} chain=${HOSTILE_CHAIN_MB:-1} small=${HOSTILE_CHAIN_SMALL---small}
    limit=${HOSTILE_TIMEOUT:-300} ;;
*) big=${HOSTILE_BIG_MB:-50} chain=${HOSTILE_CHAIN_MB:-4} small=${HOSTILE_CHAIN_SMALL-} limit=${HOSTILE_TIMEOUT:-120} ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 tests/hostile/make_corpus.py "$tmp/corpus" --big-mb "$big" >"$tmp/files"
echo "corpus: $(wc -l <"$tmp/files") files, single-line article $big MB, time limit ${limit}s a program"

# status_ok NAME STATUS LOG: 0 or 1 only, no sanitizer report.
status_ok() {
    if [ "$2" -gt 1 ]; then
        echo "$1: exit status $2 (124: timeout, >128: signal)"
        tail -n 20 "$3"
        exit 1
    fi
    if grep -q -e 'ERROR: AddressSanitizer' -e 'ERROR: LeakSanitizer' -e 'runtime error:' "$3"; then
        echo "$1: sanitizer report"
        grep -A 20 -e 'ERROR: ' -e 'runtime error:' "$3" | head -n 40
        exit 1
    fi
}

# run_nerq OUT: nerq run over the corpus into $tmp/OUT.
run_nerq() {
    start=$(date +%s)
    rc=0
    timeout "$limit" "$B/nerq" run "$tmp/corpus" -o "$tmp/$1" 2>"$tmp/$1.err" || rc=$?
    status_ok "nerq run" $rc "$tmp/$1.err"
    echo "nerq run: exit $rc in $(($(date +%s) - start))s; $(tail -n 1 "$tmp/$1.err" | tr '\r' '\n' | tail -n 1)"
}
run_nerq run

# UTF-16 and UTF-32 with a byte-order mark are error records (doc/record.md); the rest
# are records, repaired where needed.
python3 tests/hostile/check_records.py "$tmp/corpus" "$tmp/run/articles.jsonl" "$tmp/run/errors.jsonl" \
    --error utf16/le-bom.txt --error utf16/be-bom.txt --error utf16/bom-only.txt \
    --error utf32-le-bom.txt --ok big/single-line.txt --ok empty.txt --ok binary/junk.txt \
    --ok quotes/open-100k.txt --ok quotes/nested-10k.txt --ok names/one-token.txt \
    --ok utf8/cut4-3-eof-nolf.txt --ok nul/only.txt --ok lines/cr-only.txt

# The filter chain, with the smaller single-line article, gives the same bytes.
rm -rf "$tmp/corpus"
python3 tests/hostile/make_corpus.py "$tmp/corpus" --big-mb "$chain" $small >/dev/null
run_nerq run2
prev="$tmp/corpus"
for st in ingest tokenize entities quotes attribute; do
    start=$(date +%s)
    rc=0
    if [ $st = ingest ]; then
        timeout "$limit" "$B/nerq-ingest" "$tmp/corpus" >"$tmp/$st.jsonl" 2>"$tmp/$st.err" || rc=$?
    else
        timeout "$limit" "$B/nerq-$st" "$prev" >"$tmp/$st.jsonl" 2>"$tmp/$st.err" || rc=$?
    fi
    status_ok "nerq-$st" $rc "$tmp/$st.err"
    echo "nerq-$st: exit $rc in $(($(date +%s) - start))s"
    prev="$tmp/$st.jsonl"
done
split_records "$tmp/attribute.jsonl" "$tmp/chain"
cmp "$tmp/run2/articles.jsonl" "$tmp/chain.records"
cmp "$tmp/run2/errors.jsonl" "$tmp/chain.errors"
echo "nerq run and the filter chain: identical"
