#!/bin/sh
# Faults while writing: outputs that cannot be written (a file-size limit standing in for
# a full disk) end the run with status 2 and leave the previous outputs as they were; the
# torn cache segment it leaves is ignored by the next run. A second run into an OUTDIR in
# use is refused with status 2.
set -eu
B=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$B/nerq" run examples -o "$tmp/out" --quiet
cp -R "$tmp/out" "$tmp/before"
rc=0
sh -c 'trap "" XFSZ; ulimit -f 100; exec "$@"' sh \
    "$B/nerq" run tests/fixtures/articles -o "$tmp/out" --quiet 2>"$tmp/err" || rc=$?
cat "$tmp/err"
[ "$rc" -eq 2 ] || { echo "exit status $rc, want 2"; exit 1; }
grep -q "File too large" "$tmp/err"
for f in articles.jsonl errors.jsonl mentions.jsonl quotes.jsonl manifest.json; do
    cmp "$tmp/out/$f" "$tmp/before/$f"
done
[ ! -e "$tmp/out/.tmp" ] || { echo "temporary outputs left"; exit 1; }
echo "write failure: status 2, previous outputs intact"

"$B/nerq" run tests/fixtures/articles -o "$tmp/out" --quiet
"$B/nerq" run tests/fixtures/articles -o "$tmp/fresh" --quiet
for f in articles errors mentions quotes; do cmp "$tmp/out/$f.jsonl" "$tmp/fresh/$f.jsonl"; done
echo "next run: same as a fresh one"

rc=0
(
    flock -x 9
    "$B/nerq" run examples -o "$tmp/out" --quiet
) 9>"$tmp/out/.lock" 2>"$tmp/err" || rc=$?
cat "$tmp/err"
[ "$rc" -eq 2 ] && grep -q "in use by another nerq run" "$tmp/err"
