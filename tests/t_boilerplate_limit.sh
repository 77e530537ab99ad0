#!/bin/sh
# A catastrophic boilerplate pattern, (a+)+$ against a long run of a's ending in b, hits
# PCRE2's match limit instead of hanging ingest: the line is kept, the run goes on.
set -eu
B=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r rules "$tmp/rules"
printf 'line catastrophic (a+)+$\n' >>"$tmp/rules/boilerplate.txt"
mkdir "$tmp/in"
python3 -c "print('A title'); print(); print('a' * 5000 + 'b')" >"$tmp/in/x.txt"
timeout 60 "$B/nerq-ingest" --rules "$tmp/rules" "$tmp/in" >"$tmp/out.jsonl"
python3 - "$tmp/out.jsonl" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).read())
assert 'error' not in r, r
assert 'a' * 5000 + 'b' in r['text'], 'the line was lost'
print('catastrophic pattern stopped by the limit; line kept')
PY
