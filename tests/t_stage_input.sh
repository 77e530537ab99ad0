#!/bin/sh
# Stage boundaries: each filter fed good records mixed with broken ones (truncated JSON, a
# missing field, a wrong type, offsets out of range, unsorted spans, not an object,
# invalid UTF-8, a NUL, 100,000-deep nesting, a truncated last line; see
# tests/hostile/bad_records.py) reports FILE:LINE and the problem for each broken line,
# skips it, writes the good ones, exits 1. Then a 1 GB line, streamed (never on disk):
# reported, turned into an error record (its id is readable), memory stays bounded.
set -eu
B=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prev=ingest
for st in tokenize entities quotes attribute; do
    in="$tmp/$st.in.jsonl"
    python3 tests/hostile/bad_records.py "tests/golden/fixtures.$prev.jsonl" "$in" >"$tmp/$st.want"
    rc=0
    timeout 60 "$B/nerq-$st" "$in" >"$tmp/$st.out" 2>"$tmp/$st.err" || rc=$?
    [ $rc -eq 1 ] || { echo "nerq-$st: exit $rc, expected 1"; cat "$tmp/$st.err"; exit 1; }
    while read -r line word; do
        if ! grep "^nerq-$st: $in:$line: " "$tmp/$st.err" | grep -q -F "$word"; then
            echo "nerq-$st: no error for line $line mentioning \"$word\":"
            cat "$tmp/$st.err"
            exit 1
        fi
    done <"$tmp/$st.want"
    nerr=$(wc -l <"$tmp/$st.err")
    nwant=$(wc -l <"$tmp/$st.want")
    [ "$nerr" -eq "$nwant" ] || { echo "nerq-$st: $nerr error lines for $nwant broken records"; cat "$tmp/$st.err"; exit 1; }
    [ "$(wc -l <"$tmp/$st.out")" -eq 2 ] || { echo "nerq-$st: expected the 2 good records"; exit 1; }
    python3 -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/$st.out"
    echo "nerq-$st: $nwant broken records reported with FILE:LINE, 2 good ones written"
    prev=$st
done

# A 1 GB line between two good records, streamed: bounded memory (--max-record 256M),
# reported, an error record for it (its id starts the line), the next record goes on.
good=$(head -n 1 tests/golden/fixtures.ingest.jsonl)
rc=0
{
    printf "%s\n" "$good"
    printf '{"id":"huge.txt","format":"txt","text":"'
    head -c 1000000000 /dev/zero | tr '\0' x
    echo '"}'
    printf "%s\n" "$good"
} | /usr/bin/time -f "%M" -o "$tmp/rss" timeout 120 "$B/nerq-tokenize" --max-record 256M >"$tmp/huge.out" 2>"$tmp/huge.err" || rc=$?
[ $rc -eq 1 ] || { echo "1 GB line: exit $rc, expected 1"; cat "$tmp/huge.err"; exit 1; }
grep -q '^nerq-tokenize: <stdin>:2: huge.txt: record of 1000000042 bytes is longer than the limit' "$tmp/huge.err" ||
    { echo "1 GB line: no FILE:LINE error"; cat "$tmp/huge.err"; exit 1; }
python3 - "$tmp/huge.out" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert len(recs) == 3, len(recs)
assert recs[1]["id"] == "huge.txt" and "longer than the limit" in recs[1]["error"], recs[1]
assert recs[1]["stage"] == "tokenize" and "tokens" in recs[0] and "tokens" in recs[2]
PY
rss=$(tail -n 1 "$tmp/rss")
case "$B" in *asan*) max=1500000 ;; *) max=400000 ;; esac
[ "$rss" -lt "$max" ] || { echo "1 GB line: peak memory $rss KB (limit $max KB)"; exit 1; }
echo "1 GB line: reported, error record written, next record processed, peak memory $rss KB"

# Without an id at its start, an over-long line is skipped (reported).
rc=0
{ head -c 3000000 /dev/zero | tr '\0' '['; echo; printf "%s\n" "$good"; } |
    "$B/nerq-tokenize" --max-record 1M >"$tmp/long.out" 2>"$tmp/long.err" || rc=$?
[ $rc -eq 1 ] && grep -q '^nerq-tokenize: <stdin>:1: record of 3000000 bytes is longer than the limit of 1048576 (--max-record), record skipped' "$tmp/long.err" &&
    [ "$(wc -l <"$tmp/long.out")" -eq 1 ] || { echo "long line without id: rc $rc"; cat "$tmp/long.err"; exit 1; }
# A bad --max-record is a usage error.
rc=0
"$B/nerq-quotes" --max-record 12X </dev/null 2>/dev/null || rc=$?
[ $rc -eq 2 ] || { echo "--max-record 12X: exit $rc, expected 2"; exit 1; }
echo "over-long line without id skipped; bad --max-record refused"
