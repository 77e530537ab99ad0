#!/bin/sh
# Runs each libFuzzer target of build-fuzz/fuzz/ for FUZZ_SECONDS (default 60), one at a
# time in one process (no -jobs: light on a shared machine). Corpora live in
# build-fuzz/corpus/TARGET (kept between runs), seeded from the fixtures, the examples,
# the golden records and tests/regress/TARGET. A crash, leak or timeout is written to
# build-fuzz/crashes/TARGET/; copy it into tests/regress/TARGET/ once fixed.
# FUZZ_TARGETS picks targets (default: all).
B=build-fuzz
secs=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-$(cd $B/fuzz && ls fuzz_* | sed 's/^fuzz_//')}
status=0
for t in $targets; do
    corpus=$B/corpus/$t
    seeds=$B/seeds/$t
    mkdir -p "$corpus" "$seeds" "$B/crashes/$t"
    case $t in
    ingest)
        cp tests/fixtures/articles/* examples/* "$seeds/" ;;
    record)
        # one golden fixture record a file (small enough to mutate quickly)
        python3 -c '
import sys, os
out = sys.argv[1]
for f in sys.argv[2:]:
    for i, line in enumerate(open(f, "rb")):
        open(os.path.join(out, "%s-%d" % (os.path.basename(f), i)), "wb").write(line.rstrip(b"\n"))
' "$seeds" tests/golden/fixtures.*.jsonl ;;
    esac
    [ -d tests/regress/$t ] && cp tests/regress/$t/* "$seeds/" 2>/dev/null
    echo "fuzz_$t: ${secs}s"
    if ! "$B/fuzz/fuzz_$t" "$corpus" "$seeds" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=16384 -artifact_prefix="$B/crashes/$t/" -print_final_stats=1 2>"$B/fuzz_$t.log"; then
        status=1
        echo "fuzz_$t: FAILED (log: $B/fuzz_$t.log, input in $B/crashes/$t/)"
        grep -A 30 -m 1 -e '==ERROR' -e 'runtime error' -e 'ALARM' -e 'abort' "$B/fuzz_$t.log" | head -n 40
    fi
    grep -e '^#[0-9]*.*DONE' -e 'stat::number_of_executed_units' -e 'stat::peak_rss_mb' "$B/fuzz_$t.log"
done
exit $status
