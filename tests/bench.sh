#!/bin/sh
# make bench: speed and memory over the BBC corpus (../shared/data/bbc, 5 MB), one run:
#   each stage alone (in process), nerq run end to end with -j1 and -j2 (and, for scale,
#   two -j1 runs side by side: what two cores give independent work), incremental
#   re-runs (nothing changed, one file changed), the filter chain
#   (JSONL between processes), `wc -w` as a floor, peak RSS on the 5 MB corpus and on a
#   100 MB one (the same files 20 times under new names, hard links), and gazetteer load
#   and match times with 1,000 and 1,000,000 extra synthetic entries.
B=${BUILD:-build}
S=${SHARED:-../shared}
BBC=$S/data/bbc
if [ ! -d "$BBC" ]; then
    echo "make bench: $BBC not found, nothing to measure"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the corpus: the article files only (README.TXT and SOURCE.md left out)
mkdir -p "$tmp/bbc"
for d in "$BBC"/*/; do cp -al "$d" "$tmp/bbc/" 2>/dev/null || cp -r "$d" "$tmp/bbc/"; done
CORPUS=$tmp/bbc
bytes=$(find "$CORPUS" -name '*.txt' -print0 | xargs -0 cat | wc -c)
files=$(find "$CORPUS" -name '*.txt' | wc -l)
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%7.1f", (s > 0 ? b / 1e6 / s : 0) }'; }
timeit() { # "seconds peak_kb cpu_seconds" of a command (output discarded; cpu = user + sys)
    /usr/bin/time -f '%e %M %U %S' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || true
    awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$tmp/time"
}
echo "corpus: $files files, $bytes bytes ($(nproc) cores; wall-clock times, best of 3)"
best() { # best of 3 runs (by wall-clock time): prints "seconds peak_kb cpu_seconds"
    b=""; for i in 1 2 3; do r=$(timeit "$@")
        if [ -z "$b" ] || awk -v a="${r%% *}" -v c="${b%% *}" 'BEGIN { exit !(a < c) }'; then b=$r; fi; done
    echo "$b"
}
set -- $(best sh -c "find '$CORPUS' -name '*.txt' -print0 | xargs -0 cat | wc -w")
echo "wc -w (floor)               $(mbps "$bytes" "$1") MB/s"
echo
"$B/bench/bench_stages" "$CORPUS" 3
if [ -x "$B/bench/bench_tokenize" ]; then
    echo "$("$B/bench/bench_tokenize" "$CORPUS" 10)   (nerq_tokenize alone, in memory, best of 10)"
fi
echo
jflag=""
"$B/nerq" --help 2>&1 | grep -q -- '-j' && jflag=yes
fresh_runs() { # nerq run -j1, -j2, and two -j1 runs side by side (p), in turn, 5 times each,
    # each into a new output folder (so all meet the same spells of a busy host); the best
    # of each: "seconds peak_kb cpu" x3, then the median over the rounds of -j1's time
    # over -j2's in the same round
    b1=""; b2=""; bp=""; ratios=""; for i in 1 2 3 4 5; do for j in 1 2 p; do
        rm -rf "$tmp/o1" "$tmp/o2" "$tmp/o3"
        if [ "$j" = p ]; then
            r=$(timeit sh -c "'$B/nerq' run '$CORPUS' -o '$tmp/o2' --quiet -j1 & '$B/nerq' run '$CORPUS' -o '$tmp/o3' --quiet -j1; wait")
        else
            r=$(timeit "$B/nerq" run "$CORPUS" -o "$tmp/o$j" --quiet -j$j)
        fi
        eval "c=\$b$j"
        if [ -z "$c" ] || awk -v a="${r%% *}" -v c="${c%% *}" 'BEGIN { exit !(a < c) }'; then eval "b$j=\$r"; fi
        [ "$j" = 1 ] && w1=${r%% *}
        [ "$j" = 2 ] && ratios="$ratios $(awk -v a="$w1" -v b="${r%% *}" 'BEGIN { printf "%.3f", a / b }')"
    done; done
    echo "$b1 $b2 $bp $(echo $ratios | tr ' ' '\n' | sort -n | sed -n 3p)"
}
if [ -n "$jflag" ]; then
    echo "nerq run: -j1, -j2 and two -j1 side by side in turn, best of 5 each, each run into a new output folder"
    set -- $(fresh_runs)
    j1=$1 j1cpu=$3
    echo "nerq run -j1 end to end     $(mbps "$bytes" "$1") MB/s   ($1 s, CPU $3 s, peak RSS $(($2 / 1024)) MB)"
    shift 3
    echo "nerq run -j2 end to end     $(mbps "$bytes" "$1") MB/s   ($1 s, CPU $3 s, peak RSS $(($2 / 1024)) MB, $(awk -v a="$j1" -v b="$1" 'BEGIN { printf "%.2f", a / b }')x -j1; median of the rounds $(printf '%.2f' "$7")x)"
    # -j1 keeps one core busy annotating and part of the other reading and writing: -j2
    # can at best spread the same CPU time over all the cores there are
    printf '%-28s%6sx      (%s x -j1'"'"'s %s s of wall clock / its %s s of CPU: the most -j2 can gain here)\n' \
        "-j2 bound on $(nproc) cores" "$(awk -v w="$j1" -v c="$j1cpu" -v n="$(nproc)" 'BEGIN { printf "%.2f", n * w / c }')" \
        "$(nproc)" "$j1" "$j1cpu"
    shift 3
    echo "two -j1 runs side by side   $(mbps "$((2 * bytes))" "$1") MB/s   ($1 s for the corpus twice, $(awk -v a="$j1" -v b="$1" 'BEGIN { printf "%.2f", 2 * a / b }')x -j1: what two cores of this host give two independent runs)"
    "$B/nerq" run "$CORPUS" -o "$tmp/o1" --quiet -j1 >/dev/null 2>&1
    set -- $(best "$B/nerq" run "$CORPUS" -o "$tmp/o1" --quiet -j1 --force)
    echo "nerq run -j1 --force        $(mbps "$bytes" "$1") MB/s   ($1 s, CPU $3 s: a re-run over its own outputs, best of 3)"
    # incremental re-runs: nothing changed, then one file changed (in a copy of the corpus)
    cp -al "$CORPUS" "$tmp/inc" 2>/dev/null || cp -r "$CORPUS" "$tmp/inc"
    "$B/nerq" run "$tmp/inc" -o "$tmp/oi" --quiet >/dev/null 2>&1
    set -- $(best "$B/nerq" run "$tmp/inc" -o "$tmp/oi" --quiet)
    echo "nerq run, incremental       $(mbps "$bytes" "$1") MB/s   ($1 s, nothing changed)"
    f=$(find "$tmp/inc" -name '*.txt' | sort | head -n 1)
    { cat "$f"; echo "One more line."; } >"$tmp/changed" && rm "$f" && mv "$tmp/changed" "$f"
    set -- $(timeit "$B/nerq" run "$tmp/inc" -o "$tmp/oi" --quiet)
    echo "nerq run, incremental       $(mbps "$bytes" "$1") MB/s   ($1 s, one file changed: $(grep -o '"processed": [0-9]*' "$tmp/oi/manifest.json"))"
else
    set -- $(best "$B/nerq" run "$CORPUS" -o "$tmp/o1" --quiet)
    echo "nerq run end to end         $(mbps "$bytes" "$1") MB/s   ($1 s, peak RSS $(($2 / 1024)) MB; no -j yet)"
fi
"$B/nerq-ingest" "$CORPUS" >"$tmp/ingest.jsonl" 2>/dev/null
set -- $(best sh -c "'$B/nerq-ingest' '$CORPUS' | '$B/nerq-tokenize' | '$B/nerq-entities' | '$B/nerq-quotes' | '$B/nerq-attribute'")
echo "filter chain (5 processes)  $(mbps "$bytes" "$1") MB/s   ($1 s, CPU $3 s)"
echo
# memory: 5 MB against 100 MB of articles
mkdir -p "$tmp/big"
for i in $(seq -w 1 20); do mkdir -p "$tmp/big/copy$i" && cp -al "$CORPUS"/. "$tmp/big/copy$i/"; done
big=$(find "$tmp/big" -name '*.txt' -print0 | xargs -0 cat | wc -c)
j=""; [ -n "$jflag" ] && j="-j1"
set -- $(timeit "$B/nerq" run "$CORPUS" -o "$tmp/m1" --quiet $j)
small_rss=$2
set -- $(timeit "$B/nerq" run "$tmp/big" -o "$tmp/m2" --quiet $j)
echo "peak RSS: $((small_rss / 1024)) MB on $((bytes / 1000000)) MB, $(($2 / 1024)) MB on $((big / 1000000)) MB ($(mbps "$big" "$1") MB/s)"
echo
# gazetteers: load and match with 1k and 1M extra entries
G=${GAZETTEERS:-gazetteers}
for n in 1000 1000000; do
    mkdir -p "$tmp/gaz$n"
    cp "$G"/* "$tmp/gaz$n/"
    python3 tests/bench/make_gazetteer.py "$n" "$tmp/gaz$n/zz-synthetic.tsv"
done
echo "gazetteer (shipped lists + N synthetic entries; the 1M list is compiled once, then mapped;"
echo "match: CPU time, best of 9; the last figure: against the shipped lists run in turn in the same process, median of 9):"
printf '  shipped   '; "$B/bench/bench_gazetteer" "$G" "$CORPUS"
printf '  +1k       '; "$B/bench/bench_gazetteer" "$tmp/gaz1000" "$CORPUS" "$G"
export NERQ_CACHE_DIR="$tmp/cache"
printf '  +1M cold  '; "$B/bench/bench_gazetteer" "$tmp/gaz1000000" "$CORPUS"
printf '  +1M       '; "$B/bench/bench_gazetteer" "$tmp/gaz1000000" "$CORPUS" "$G"
