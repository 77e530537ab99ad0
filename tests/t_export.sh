#!/bin/sh
# nerq export (issue 10): every format round-trips. tests/export_check.py re-reads each
# exported file with its own small reader and compares spans, labels and relations with
# the records (offsets converted to code points on the Python side), over examples/ and
# the fixtures, on the normalised text and, with --source, on the original files; the
# brat folders also pass a brat-format validation (.ann syntax, ids, types and relations
# declared in annotation.conf, offsets inside the text, the text at each span equals the
# annotated string). Then: output is deterministic, and bad input is reported and skipped.
set -eu
B=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { python3 tests/export_check.py "$@" >"$tmp/check.log" || { cat "$tmp/check.log"; exit 1; }; tail -n 1 "$tmp/check.log"; }
for dir in examples tests/fixtures/articles; do
    "$B/nerq" run "$dir" -o "$tmp/run" --quiet || [ $? -eq 1 ]
    R=$tmp/run/articles.jsonl
    "$B/nerq" export -q --format conll "$tmp/run" -o "$tmp/x.conll"
    printf '%s conll: ' "$dir"; check conll "$R" "$tmp/x.conll"
    for src in "" "--source $dir"; do
        for f in spacy doccano label-studio; do
            # shellcheck disable=SC2086
            "$B/nerq" export -q --format $f "$R" -o "$tmp/x.$f" $src
            printf '%s %s %s: ' "$dir" $f "$src"; check $f "$R" "$tmp/x.$f" $src
        done
        rm -rf "$tmp/brat"
        # shellcheck disable=SC2086
        "$B/nerq" export -q --format brat "$R" -o "$tmp/brat" $src
        printf '%s brat %s: ' "$dir" "$src"; check brat "$R" "$tmp/brat" $src
    done
    "$B/nerq" export -q --entities-only --format spacy "$R" -o "$tmp/x.spacy"
    printf '%s spacy --entities-only: ' "$dir"; check spacy "$R" "$tmp/x.spacy" --entities-only
done

# deterministic: the same records give the same bytes
"$B/nerq" export -q --format label-studio "$tmp/run" -o "$tmp/a.json"
"$B/nerq" export -q --format label-studio "$tmp/run" -o "$tmp/b.json"
cmp "$tmp/a.json" "$tmp/b.json"
rm -rf "$tmp/b1" "$tmp/b2"
"$B/nerq" export -q --format brat "$tmp/run" -o "$tmp/b1"
"$B/nerq" export -q --format brat "$tmp/run" -o "$tmp/b2"
diff -r "$tmp/b1" "$tmp/b2"
echo "deterministic: ok"

# bad input: a broken line and an unsafe id are reported as FILE:LINE, the rest exported,
# exit status 1; error records are skipped without failing
good=$(head -n 1 "$tmp/run/articles.jsonl")
{
    printf '%s\n' "$good"
    echo '{"id": "broken"'
    echo '{"id":"x.txt","error":"cannot open","stage":"ingest"}'
    printf '%s\n' "$good" | sed 's/"id":"[^"]*"/"id":"..\/evil.txt"/'
} >"$tmp/bad.jsonl"
rc=0
"$B/nerq" export -q --format brat "$tmp/bad.jsonl" -o "$tmp/bb" 2>"$tmp/err" || rc=$?
cat "$tmp/err"
[ "$rc" -eq 1 ]
grep -q "^nerq-export: $tmp/bad.jsonl:2: " "$tmp/err"
grep -q "^nerq-export: $tmp/bad.jsonl:4: ../evil.txt: " "$tmp/err"
[ ! -e "$tmp/evil.txt.ann" ]
[ "$(find "$tmp/bb" -name '*.ann' | wc -l)" -eq 1 ]
rc=0
"$B/nerq" export -q --format spacy "$tmp/bad.jsonl" -o "$tmp/bad.spacy" 2>/dev/null || rc=$?
[ "$rc" -eq 1 ] && [ "$(wc -l <"$tmp/bad.spacy")" -eq 2 ]
rc=0
"$B/nerq" export --format nonsense "$tmp/bad.jsonl" -o "$tmp/n" 2>/dev/null || rc=$?
[ "$rc" -eq 2 ]
echo "bad input: ok"
