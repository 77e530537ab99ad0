#!/bin/sh
# Golden files: each stage's output over examples/ and tests/fixtures/articles/ is kept in
# tests/golden/<set>.<stage>.jsonl. `make golden-update` (golden.sh --update) rewrites
# them after a deliberate change; review the diff before committing. RUN, when set, is put
# before each program (tests/leakcheck.sh runs them under valgrind).
set -eu
B=${BUILD:-build}
G=tests/golden
mkdir -p "$G"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for set in examples fixtures; do
    dir=examples
    [ "$set" = fixtures ] && dir=tests/fixtures/articles
    ${RUN:-} "$B/nerq-ingest" "$dir" >"$tmp/ingest.jsonl" 2>/dev/null || true
    prev=ingest
    for st in tokenize entities quotes attribute; do
        ${RUN:-} "$B/nerq-$st" <"$tmp/$prev.jsonl" >"$tmp/$st.jsonl"
        prev=$st
    done
    for st in ingest tokenize entities quotes attribute; do
        f="$G/$set.$st.jsonl"
        if [ "${1:-}" = --update ]; then
            cp "$tmp/$st.jsonl" "$f"
        elif ! cmp -s "$tmp/$st.jsonl" "$f"; then
            echo "golden mismatch: $f (make golden-update after checking the change)"
            python3 tests/jsondiff.py "$f" "$tmp/$st.jsonl" | head -n 20
            status=1
        fi
    done
done
exit $status
