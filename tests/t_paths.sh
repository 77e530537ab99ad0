#!/bin/sh
# Paths: articles named with newlines, tabs, quotes, backslashes, control characters,
# invalid UTF-8, "..", a leading dash, in folders named the same way: nerq writes nothing
# outside the output folder (only OUTDIR/articles.jsonl), every id is valid JSON (escaped,
# invalid bytes as U+FFFD, checked with python), one record per article, and the filter
# chain gives the same bytes.
set -eu
B=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/in" <<'PY'
import os, sys
root = os.fsencode(sys.argv[1])
text = b"Officials in France said \xe2\x80\x9cnothing.\xe2\x80\x9d\n"
names = [b"new\nline.txt", b"tab\there.txt", b'quote".txt', b"back\\slash.txt", b"ctrl\x01\x1b[31m.txt",
         b"bad\xff\xfe.txt", b"latin\xe9.txt", b"a..b.txt", b"-dash.txt", b"sp ace.txt", b"%s%n.txt",
         b"emoji\xf0\x9f\x98\x80.txt", b"..hidden.txt", b"x.txt\n..\n", b"\xc0\xaf.txt",
         b"dir\nname/../in.txt", b"..dots/x.txt", b"q\"\\/x.txt", b"nul-looking\\u0000.txt"]
for n in names:
    p = os.path.join(root, n)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(text)
PY
touch "$tmp/marker"
sleep 1
out="$tmp/out dir with \"quote\" and
newline"
rc=0
"$B/nerq" run "$tmp/in" -o "$out" --quiet 2>"$tmp/err" || rc=$?
[ $rc -eq 0 ] || { echo "nerq run: exit $rc"; cat "$tmp/err"; exit 1; }
mkdir -p "$tmp/chain"
"$B/nerq-ingest" "$tmp/in" | "$B/nerq-tokenize" | "$B/nerq-entities" | "$B/nerq-quotes" |
    "$B/nerq-attribute" >"$tmp/chain/articles.jsonl"
cmp "$out/articles.jsonl" "$tmp/chain/articles.jsonl"
# nothing written outside the output folder (nerq builds no output path from an id)
new=$(find "$tmp" -mindepth 1 -newer "$tmp/marker" ! -path "$tmp/chain*" ! -name err ! -path "$out" ! -path "$out/*")
[ -z "$new" ] || { echo "written outside the output folder: $new"; exit 1; }
python3 tests/hostile/check_records.py "$tmp/in" "$out/articles.jsonl"
python3 - "$out/articles.jsonl" <<'PY'
import json, sys
raw = open(sys.argv[1], "rb").read()
ids = [json.loads(l)["id"] for l in raw.split(b"\n") if l]
assert "new\nline.txt" in ids and "tab\there.txt" in ids and 'quote".txt' in ids, ids
assert "ctrl\x01\x1b[31m.txt" in ids and "back\\slash.txt" in ids and "bad\ufffd\ufffd.txt" in ids, ids
assert "latin\ufffd.txt" in ids and "\ufffd\ufffd.txt" in ids and "in.txt" in ids, ids
assert "..hidden.txt" not in ids and not any(i.startswith("..dots") for i in ids), ids
assert b"\\u0001\\u001b[31m" in raw and b"new\\nline" in raw and b'quote\\".txt' in raw
print(f"{len(ids)} odd ids escaped correctly; hidden names skipped")
PY
