#!/bin/sh
# nerq-ingest --jsonl: articles stored elsewhere, as JSONL {"id","text"}, give the same
# records as the same bytes read from files (every valid UTF-8 example and fixture); a
# bad line is reported as FILE:LINE, skipped, and the exit status is 1.
set -eu
B=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - examples tests/fixtures/articles >"$tmp/texts.jsonl" 2>"$tmp/list" <<'PY'
import json, os, sys
for root in sys.argv[1:]:
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        try:
            text = open(path, "rb").read().decode("utf-8")
        except UnicodeDecodeError:
            continue
        print(json.dumps({"id": path, "text": text}))
        print(path, file=sys.stderr)
PY
"$B/nerq-ingest" --jsonl - <"$tmp/texts.jsonl" >"$tmp/from-jsonl.jsonl"
"$B/nerq-ingest" --files-from "$tmp/list" >"$tmp/from-files.jsonl"
n=$(wc -l <"$tmp/from-files.jsonl")
[ "$n" -gt 10 ]
cmp "$tmp/from-jsonl.jsonl" "$tmp/from-files.jsonl"
echo "--jsonl: $n records identical to the files'"

printf '%s\n' '{"id":"a.txt","text":"One line."}' 'not json' '{"id":"b.txt"}' \
    '{"id":"c.md","text":"# Title\n\nBody."}' >"$tmp/bad.jsonl"
rc=0
"$B/nerq-ingest" --jsonl "$tmp/bad.jsonl" >"$tmp/out.jsonl" 2>"$tmp/err" || rc=$?
cat "$tmp/err"
[ "$rc" -eq 1 ]
[ "$(wc -l <"$tmp/out.jsonl")" -eq 2 ]
grep -q "bad.jsonl:2: not a JSON record" "$tmp/err"
grep -q "bad.jsonl:3: want an object" "$tmp/err"
