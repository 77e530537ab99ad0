#!/bin/sh
# The compiled caches (pipeline/compiled.c: the gazetteers, the entities lexicon). A cold
# run builds and writes them, a warm run maps them, and both give the records a run
# without them gives. A cache file that is corrupt, truncated or of another format is
# refused and written again; an edited list makes a new one; concurrent cold runs agree;
# a cache folder that cannot be made only costs time; a broken rule file is still
# rejected, naming file and line, when the caches are warm.
set -eu
B=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
in=tests/golden/examples.tokenize.jsonl
cp -r rules "$tmp/r"
cp -r gazetteers "$tmp/g"
ent() { "$B/nerq-entities" --rules "$tmp/r" --gazetteers "$tmp/g" "$in"; }
files() { ls "$tmp/cache" | grep -c "^$1-.*\.bin$" || true; }
same_cache() { # every cache file as it was when first written
    for f in "$tmp/good"/*.bin; do
        cmp "$f" "$tmp/cache/$(basename "$f")"
    done
}

NERQ_GAZ_CACHE=0 ent >"$tmp/want"
cmp "$tmp/want" tests/golden/examples.entities.jsonl
export NERQ_CACHE_DIR="$tmp/cache"
ent >"$tmp/got"
cmp "$tmp/want" "$tmp/got"
if [ "$(files gaz)" -ne 1 ] || [ "$(files lex)" -ne 1 ]; then
    ls -l "$tmp/cache"
    exit 1
fi
cp -r "$tmp/cache" "$tmp/good"
ent >"$tmp/got"
cmp "$tmp/want" "$tmp/got"
same_cache

# damage FILE PYTHON: rewrite the file's bytes b with the python expression
damage() {
    python3 -c "
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
b = $2
open(p, 'wb').write(bytes(b))
" "$1"
}
for how in "b[:len(b) // 2]" "b[:len(b) // 2] + bytes([b[len(b) // 2] ^ 1]) + b[len(b) // 2 + 1:]" \
    "b[:3] + b'X' + b[4:]" "b + b'extra'" "b''"; do
    for f in "$tmp/cache"/*.bin; do
        damage "$f" "$how"
    done
    ent >"$tmp/got"
    cmp "$tmp/want" "$tmp/got"
    same_cache
    echo "damaged ($how): refused and rebuilt"
done

# An edited list: a new cache file, the records of the edited lists.
printf 'zzyzx\n' >>"$tmp/r/common-words.txt"
printf 'LOC\t-\tZzyzx Springs\t-\t-\n' >>"$tmp/g/places.tsv"
NERQ_GAZ_CACHE=0 ent >"$tmp/want2"
ent >"$tmp/got"
cmp "$tmp/want2" "$tmp/got"
if [ "$(files gaz)" -ne 2 ] || [ "$(files lex)" -ne 2 ]; then
    ls -l "$tmp/cache"
    exit 1
fi

# Cold runs side by side (temporary files renamed into place: no torn file is read).
rm -rf "$tmp/cache"
for k in 1 2 3 4; do
    ent >"$tmp/par$k" &
done
wait
for k in 1 2 3 4; do
    cmp "$tmp/want2" "$tmp/par$k"
done
if [ "$(files gaz)" -ne 1 ] || [ "$(files lex)" -ne 1 ] || ls "$tmp/cache" | grep -v '\.bin$'; then
    ls -l "$tmp/cache"
    exit 1
fi

# No cache folder to be had: loaded from the sources.
: >"$tmp/file"
NERQ_CACHE_DIR="$tmp/file/cache" ent >"$tmp/got"
cmp "$tmp/want2" "$tmp/got"

# Broken lists with warm caches: rejected at start, naming file and line.
for f in r/team-cues.txt r/person-titles.txt g/orgs.tsv; do
    cp "$tmp/$f" "$tmp/saved"
    printf 'Foo\tbogus\n' >>"$tmp/$f"
    rc=0
    ent >"$tmp/got" 2>"$tmp/err" || rc=$?
    if [ $rc -ne 2 ] || [ -s "$tmp/got" ] || ! grep -q "$tmp/$f:[0-9]*: " "$tmp/err"; then
        echo "broken $f: exit $rc"
        cat "$tmp/err"
        exit 1
    fi
    cp "$tmp/saved" "$tmp/$f"
done
ent >"$tmp/got"
cmp "$tmp/want2" "$tmp/got"
echo "compiled caches: ok"
