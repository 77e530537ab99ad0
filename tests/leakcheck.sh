#!/bin/sh
# make leakcheck: under valgrind (memcheck, --leak-check=full), with zero errors and zero
# definite, indirect or possible leaks: the Check suites, the golden tests (every filter),
# nerq run on the examples and fixtures, the bad-input corpus (small sizes: --small,
# 200 KB single line) through nerq run and the filter chain, the broken records of
# tests/t_stage_input.sh, and the fuzz regression inputs. BUILD: an unsanitized build.
set -eu
B=${BUILD:-build-leak}
. tests/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/vg"
VG="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 --log-file=$tmp/vg/%p.log"
export BUILD="$B"
export NERQ_NO_JIT=1 # PCRE2's JIT code reads memory valgrind cannot track
n=0
step() { n=$((n + 1)); echo "leakcheck: $*"; }

for t in "$B"/tests/check_*; do
    step "$(basename "$t")"
    CK_FORK=no $VG "$t" >"$tmp/unit.log" 2>&1 || { cat "$tmp/unit.log"; exit 1; }
done
step "golden tests (every filter)"
RUN="$VG" sh tests/golden.sh
for dir in examples tests/fixtures/articles; do
    step "nerq run $dir"
    $VG "$B/nerq" run "$dir" -o "$tmp/run" --quiet || [ $? -eq 1 ]
done
step "bad-input corpus (small): nerq run and the filter chain"
python3 tests/hostile/make_corpus.py "$tmp/corpus" --small --big-mb 0.2 >/dev/null
$VG "$B/nerq" run "$tmp/corpus" -o "$tmp/hostile" --quiet 2>/dev/null || [ $? -eq 1 ]
prev="$tmp/corpus"
for st in ingest tokenize entities quotes attribute; do
    if [ $st = ingest ]; then
        $VG "$B/nerq-ingest" "$prev" >"$tmp/$st.jsonl" 2>/dev/null || [ $? -eq 1 ]
    else
        $VG "$B/nerq-$st" "$prev" >"$tmp/$st.jsonl" 2>/dev/null || [ $? -eq 1 ]
    fi
    prev="$tmp/$st.jsonl"
done
split_records "$tmp/attribute.jsonl" "$tmp/chain"
cmp "$tmp/hostile/articles.jsonl" "$tmp/chain.records"
cmp "$tmp/hostile/errors.jsonl" "$tmp/chain.errors"
step "broken records through every filter, an over-long line"
prev=ingest
for st in tokenize entities quotes attribute; do
    python3 tests/hostile/bad_records.py "tests/golden/fixtures.$prev.jsonl" "$tmp/bad.jsonl" >/dev/null
    $VG "$B/nerq-$st" "$tmp/bad.jsonl" >/dev/null 2>&1 || [ $? -eq 1 ]
    $VG "$B/nerq-$st" --max-record 2K "tests/golden/fixtures.$prev.jsonl" >/dev/null 2>&1 || [ $? -eq 1 ]
    prev=$st
done
step "fuzz regression inputs"
for dir in tests/regress/*/; do
    t=$(basename "$dir")
    set -- "$dir"*
    [ -e "$1" ] && $VG "$B/tests/fuzz_$t" "$@"
done
$VG "$B/tests/fuzz_ingest" tests/fixtures/articles/*
bad=$(find "$tmp/vg" -type f -size +0)
if [ -n "$bad" ]; then
    for f in $bad; do cat "$f"; done | head -n 150
    echo "leakcheck: valgrind reported errors or leaks ($(echo "$bad" | wc -l) processes)"
    exit 1
fi
echo "leakcheck: $n steps, $(find "$tmp/vg" -type f | wc -l) processes under valgrind: no errors, no leaks"
