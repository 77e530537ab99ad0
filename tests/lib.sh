# Helpers for the shell tests (sourced, not run: run-all.sh runs only t_*.sh).

# split_records FILE PREFIX: the records of a chain's output into PREFIX.records and its
# error records ({"id":...,"error":...}) into PREFIX.errors, order kept.
split_records() {
    grep -v '^{"id":"\([^"\\]\|\\.\)*","error":' "$1" >"$2.records" || true
    grep '^{"id":"\([^"\\]\|\\.\)*","error":' "$1" >"$2.errors" || true
}

# bbc_or_skip: sets BBC to the BBC corpus folder, or exits 0 (skipped) when it is absent.
bbc_or_skip() {
    BBC=${SHARED:-../shared}/data/bbc
    if [ ! -d "$BBC" ]; then
        echo "skipped: $BBC not found"
        exit 0
    fi
}

# count OUTDIR KEY: a count from a run's manifest.json.
count() {
    sed -n "s/^ *\"$2\": \([0-9]*\),*$/\1/p" "$1/manifest.json"
}
