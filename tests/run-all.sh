#!/bin/sh
# Runs every test: Check unit suites (build/tests/check_*), then each tests/t_*.sh script
# (golden files, driver = filter chain, ...). Prints "N passed, N failed" last; exit 1 on
# any failure. ONLY=unit runs the unit suites alone.
BUILD=${BUILD:-build}
export BUILD
# The compiled caches (gazetteers, word lists) of this run, not the user's.
if [ -z "${NERQ_CACHE_DIR:-}" ]; then
    NERQ_CACHE_DIR=$(mktemp -d)
    export NERQ_CACHE_DIR
    trap 'rm -rf "$NERQ_CACHE_DIR"' EXIT
fi
pass=0
fail=0
failed=""
for t in "$BUILD"/tests/check_*; do
    [ -x "$t" ] || continue
    if CK_FORK=yes "$t" >"$BUILD/tests/$(basename "$t").log" 2>&1; then
        pass=$((pass + 1))
        tail -n 1 "$BUILD/tests/$(basename "$t").log" | sed "s|^|$(basename "$t"): |"
    else
        fail=$((fail + 1))
        failed="$failed $(basename "$t")"
        cat "$BUILD/tests/$(basename "$t").log"
    fi
done
if [ "${ONLY:-}" != unit ]; then
    for t in tests/t_*.sh; do
        [ -f "$t" ] || continue
        name=$(basename "$t" .sh)
        if sh "$t" >"$BUILD/tests/$name.log" 2>&1; then
            pass=$((pass + 1))
            echo "$name: ok"
        else
            fail=$((fail + 1))
            failed="$failed $name"
            echo "$name: FAILED"
            tail -n 30 "$BUILD/tests/$name.log"
        fi
    done
fi
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
