#!/bin/sh
# make bench: nerq run over the BBC corpus (../shared/data/bbc): MB/s and peak memory with
# one and two workers, and incremental re-runs (nothing changed, one file changed); `wc -w`
# over the same files as a floor reference.
B=${BUILD:-build}
S=${SHARED:-../shared}
BBC=$S/data/bbc
if [ ! -d "$BBC" ]; then
    echo "make bench: $BBC not found, nothing to measure"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bytes=$(find "$BBC" -name '*.txt' -print0 | xargs -0 cat | wc -c)
mb() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.1f", (s > 0 ? b / 1e6 / s : 0) }'; }
timeit() { # prints "seconds peak_kb" of the command
    /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || true
    cat "$tmp/time"
}
echo "corpus: $BBC, $(find "$BBC" -name '*.txt' | wc -l) files, $bytes bytes"
set -- $(timeit sh -c "find '$BBC' -name '*.txt' -print0 | xargs -0 cat | wc -w")
echo "wc -w (floor)            $(mb "$1") MB/s"
cp -R "$BBC" "$tmp/bbc" && chmod -R u+w "$tmp/bbc"
"$B/nerq" run "$tmp/bbc" -o "$tmp/warm" --quiet >/dev/null 2>&1 || true
set -- $(timeit "$B/nerq" run "$tmp/bbc" -o "$tmp/out" --quiet --force -j1)
echo "nerq run -j1 end to end  $(mb "$1") MB/s   ($1 s, peak RSS $(($2 / 1024)) MB)"
set -- $(timeit "$B/nerq" run "$tmp/bbc" -o "$tmp/out" --quiet --force -j2)
echo "nerq run -j2 end to end  $(mb "$1") MB/s   ($1 s, peak RSS $(($2 / 1024)) MB)"
set -- $(timeit "$B/nerq" run "$tmp/bbc" -o "$tmp/out" --quiet)
echo "incremental, 0 changed   $(mb "$1") MB/s   ($1 s, peak RSS $(($2 / 1024)) MB)"
echo "One more line." >>"$tmp/bbc/tech/001.txt"
set -- $(timeit "$B/nerq" run "$tmp/bbc" -o "$tmp/out" --quiet)
echo "incremental, 1 changed   $(mb "$1") MB/s   ($1 s, peak RSS $(($2 / 1024)) MB; $(grep -o '"processed": [0-9]*' "$tmp/out/manifest.json"))"
