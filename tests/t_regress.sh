#!/bin/sh
# Inputs that once crashed or failed a fuzz target (tests/regress/TARGET/) replayed through
# that target built as a plain program (normal and ASan builds): each must pass.
set -eu
B=${BUILD:-build}
n=0
for dir in tests/regress/*/; do
    t=$(basename "$dir")
    set -- "$dir"*
    [ -e "$1" ] || continue
    "$B/tests/fuzz_$t" "$@"
    n=$((n + $#))
done
# The seeds too: the fixtures and examples through fuzz_ingest.
"$B/tests/fuzz_ingest" tests/fixtures/articles/* examples/*
echo "$n regression inputs and the seeds replayed"
