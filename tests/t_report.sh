#!/bin/sh
# nerq report (issue 10) on the examples and on an invented article full of HTML
# metacharacters: every article page has its mentions highlighted by type with the
# canonical entity in the title, its quotes marked and labelled with their speaker
# (tests/report_check.py); everything is escaped; nothing refers to the network.
set -eu
B=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/in"
cp examples/* "$tmp/in/"
# invented text: markup-like characters must come out as text
cat >"$tmp/in/zz-escape.txt" <<'X'
Ministers argue over <b>tags</b> & "entities" in Spain

The minister, Maria Lopez, said: "We will not accept <script>alert('x')</script> & nothing else." She spoke in Madrid.
X
"$B/nerq" run "$tmp/in" -o "$tmp/run" --quiet
"$B/nerq" report "$tmp/run" -o "$tmp/report"
[ -s "$tmp/report/index.html" ] && [ -s "$tmp/report/style.css" ]
i=0
for id in $(python3 -c 'import json,sys; [print(json.loads(l)["id"]) for l in open(sys.argv[1])]' "$tmp/run/articles.jsonl"); do
    i=$((i + 1))
    page=$(printf '%s/a%04d-%s.html' "$tmp/report" "$i" "$id")
    python3 tests/report_check.py "$page" "$tmp/run/articles.jsonl" "$id"
    grep -q "href=\"$(basename "$page")\"" "$tmp/report/index.html" || { echo "index lacks a link to $page"; exit 1; }
done
esc=$(ls "$tmp/report"/a*-zz-escape.txt.html)
if grep -q '<script\|<b>' "$esc"; then echo "unescaped markup in $esc"; exit 1; fi
grep -q '&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;' "$esc"
grep -q '&lt;b&gt;tags&lt;/b&gt; &amp; &quot;entities&quot;' "$esc"
grep -c '<svg class="chart"' "$tmp/report/index.html" | grep -q '^[1-9]'
if grep -rqiE '(src|href)="(https?:)?//' "$tmp/report"; then echo "network reference"; exit 1; fi
echo "report: ok"
