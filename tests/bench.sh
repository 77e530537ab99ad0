#!/bin/sh
# make bench: nerq run over the BBC corpus (../shared/data/bbc): MB/s and peak memory, one
# worker; `wc -w` over the same files as a floor reference.
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
"$B/nerq" run "$BBC" -o "$tmp/warm" --quiet >/dev/null 2>&1 || true
set -- $(timeit "$B/nerq" run "$BBC" -o "$tmp/out" --quiet)
echo "nerq run -j1 end to end  $(mb "$1") MB/s   ($1 s, peak RSS $(($2 / 1024)) MB)"
if [ -x "$B/bench/bench_tokenize" ]; then
    echo "$("$B/bench/bench_tokenize" "$BBC" 10)   (nerq_tokenize alone, in memory)"
fi
