#!/bin/sh
# A run killed with SIGKILL mid-way leaves the previous outputs intact, and the next run
# reuses what the killed one had finished and gives the same result as an uninterrupted
# run; so do runs that change nothing (and write nothing), killed at various points.
# Corpus: a copy of the BBC corpus when ../shared is there, else examples/ repeated.
set -eu
B=${BUILD:-build}
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
. tests/lib.sh
BBC=${SHARED:-../shared}/data/bbc
if [ -d "$BBC" ]; then
    cp -R "$BBC" "$tmp/corpus"
else
    for i in $(seq 1 400); do
        mkdir -p "$tmp/corpus/$i"
        cp examples/*.* "$tmp/corpus/$i/"
    done
fi
chmod -R u+w "$tmp/corpus"
n=$(find "$tmp/corpus" -type f \( -iname '*.txt' -o -name '*.md' -o -name '*.html' \) | wc -l)
outputs="articles.jsonl errors.jsonl mentions.jsonl quotes.jsonl manifest.json"

# 1. A complete run: the previous outputs.
"$B/nerq" run "$tmp/corpus" -o "$tmp/out" --quiet
mkdir "$tmp/before"
for f in $outputs; do cp "$tmp/out/$f" "$tmp/before/"; done

# 2. Changed rules (a comment: same records, but every article is processed again), a run
#    killed once it has written some articles (the killed run appends to its cache segment
#    after each batch of articles it writes; an entry is about 200 bytes).
cp -R rules "$tmp/rules"
echo "# changed" >>"$tmp/rules/speech-verbs.txt"
segs_before=$(ls "$tmp/out/.cache")
"$B/nerq" run "$tmp/corpus" -o "$tmp/out" -j1 --quiet --rules "$tmp/rules" &
pid=$!
tries=0
# Wait until the run's new cache segment holds a few hundred finished articles.
while :; do
    seg=$(ls "$tmp/out/.cache" | grep -vxF "$segs_before" | tail -n 1 || true)
    [ -n "$seg" ] && [ "$(wc -c <"$tmp/out/.cache/$seg")" -gt 50000 ] && break
    kill -0 "$pid" 2>/dev/null || { echo "the run ended before it could be killed"; exit 1; }
    tries=$((tries + 1))
    [ "$tries" -lt 600 ] || { echo "no progress in 30 s"; exit 1; }
    sleep 0.05
done
kill -9 "$pid" || { echo "the run ended before it could be killed"; exit 1; }
wait "$pid" 2>/dev/null || true
pid=""
echo "killed with $(wc -c <"$tmp/out/.cache/$seg") bytes in its cache segment"
for f in $outputs; do cmp "$tmp/out/$f" "$tmp/before/$f"; done
echo "previous outputs intact"

# 3. The next run picks up where the killed one stopped, and equals an uninterrupted run.
"$B/nerq" run "$tmp/corpus" -o "$tmp/out" --quiet --rules "$tmp/rules"
"$B/nerq" run "$tmp/corpus" -o "$tmp/ref" --quiet --rules "$tmp/rules"
for f in articles errors mentions quotes; do cmp "$tmp/out/$f.jsonl" "$tmp/ref/$f.jsonl"; done
r=$(count "$tmp/out" reused)
p=$(count "$tmp/out" processed)
echo "resumed run: $p processed, $r reused"
[ "$r" -gt 0 ] && [ "$p" -gt 0 ] && [ $((p + r)) -eq "$n" ]
[ ! -e "$tmp/out/.tmp" ] || { echo "temporary outputs left"; exit 1; }

# 4. Runs that change nothing (they write none of the lines they reuse: the files stay as
#    they are) killed at various points: the outputs stay whole, and the next run reuses
#    every article and still equals an uninterrupted run.
for d in 0.005 0.01 0.02 0.03 0.05; do
    "$B/nerq" run "$tmp/corpus" -o "$tmp/out" -j1 --quiet --rules "$tmp/rules" &
    pid=$!
    sleep "$d"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=""
    for f in articles errors mentions quotes; do cmp "$tmp/out/$f.jsonl" "$tmp/ref/$f.jsonl"; done
done
"$B/nerq" run "$tmp/corpus" -o "$tmp/out" --quiet --rules "$tmp/rules"
for f in articles errors mentions quotes; do cmp "$tmp/out/$f.jsonl" "$tmp/ref/$f.jsonl"; done
[ "$(count "$tmp/out" reused)" -eq "$n" ] || { echo "after the killed runs: not every article reused"; exit 1; }
[ ! -e "$tmp/out/.tmp" ] || { echo "temporary outputs left"; exit 1; }
echo "unchanged runs killed: outputs whole, next run reuses all"
