#!/bin/sh
# The compiled caches (pipeline/compiled.c: the gazetteers, the entities lexicon, large
# word sets such as ingest's dictionary). A cold run builds and writes them, a warm run
# maps them, and both give the records a run without them gives. A cache file that is
# corrupt, truncated or of another format is refused and written again; an edited list
# or a rebuilt program makes a new one, and writing one prunes the old ones; concurrent
# cold runs agree; a cache folder that cannot be made only costs time; a broken rule
# file is still rejected, naming file and line, when the caches are warm.
set -eu
B=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
in=tests/golden/examples.tokenize.jsonl
cp -r rules "$tmp/r"
cp -r gazetteers "$tmp/g"
# a dictionary for de-hyphenation (tests/fixtures/articles has hyphens at line ends)
if [ -r /usr/share/dict/words ]; then
    cp /usr/share/dict/words "$tmp/words"
else
    python3 -c "print('\n'.join('w%05d' % i for i in range(20000)))" >"$tmp/words"
fi
export NERQ_WORDS="$tmp/words"
entities() { "$B/nerq-entities" --rules "$tmp/r" --gazetteers "$tmp/g" "$in"; }
ent() { # the stages that use the caches
    entities
    "$B/nerq-ingest" --rules "$tmp/r" --gazetteers "$tmp/g" tests/fixtures/articles
}
files() { ls "$tmp/cache" | grep -c "^$1-.*\.bin$" || true; }
same_cache() { # every cache file as it was when first written
    for f in "$tmp/good"/*.bin; do
        cmp "$f" "$tmp/cache/$(basename "$f")"
    done
}

NERQ_GAZ_CACHE=0 ent >"$tmp/want"
NERQ_GAZ_CACHE=0 "$B/nerq-entities" "$in" | cmp - tests/golden/examples.entities.jsonl
export NERQ_CACHE_DIR="$tmp/cache"
ent >"$tmp/got"
cmp "$tmp/want" "$tmp/got"
if [ "$(files gaz)" -ne 1 ] || [ "$(files lex)" -ne 1 ] || [ "$(files words)" -ne 1 ]; then
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
printf 'zzyzx\n' >>"$tmp/words"
NERQ_GAZ_CACHE=0 ent >"$tmp/want2"
ent >"$tmp/got"
cmp "$tmp/want2" "$tmp/got"
if [ "$(files gaz)" -ne 2 ] || [ "$(files lex)" -ne 2 ] || [ "$(files words)" -ne 2 ]; then
    ls -l "$tmp/cache"
    exit 1
fi

# Writing a cache file prunes its kind to the 8 newest, and dead writers' temporary files.
for k in 1 2 3 4 5 6 7 8 9; do
    : >"$tmp/cache/lex-000000000000000$k.bin"
    touch -d "2020-01-0$k" "$tmp/cache/lex-000000000000000$k.bin"
done
: >"$tmp/cache/lex-0000000000000001.bin.Ab12Cd"
touch -d 2020-01-01 "$tmp/cache/lex-0000000000000001.bin.Ab12Cd"
printf 'zzyzy\n' >>"$tmp/r/common-words.txt"
ent >/dev/null
ls "$tmp/cache" >"$tmp/list"
if [ "$(files lex)" -ne 8 ] || grep -q 'lex-000000000000000[1-4]\|Ab12Cd' "$tmp/list" ||
    ! grep -q 'lex-0000000000000009.bin' "$tmp/list" || [ "$(files gaz)" -ne 2 ]; then
    cat "$tmp/list"
    exit 1
fi
sed -i '$d' "$tmp/r/common-words.txt"

# Cold runs side by side (temporary files renamed into place: no torn file is read).
rm -rf "$tmp/cache"
for k in 1 2 3 4; do
    ent >"$tmp/par$k" &
done
wait
for k in 1 2 3 4; do
    cmp "$tmp/want2" "$tmp/par$k"
done
if [ "$(files gaz)" -ne 1 ] || [ "$(files lex)" -ne 1 ] || [ "$(files words)" -ne 1 ] ||
    ls "$tmp/cache" | grep -v '\.bin$'; then
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
    entities >"$tmp/got" 2>"$tmp/err" || rc=$?
    if [ $rc -ne 2 ] || [ -s "$tmp/got" ] || ! grep -q "$tmp/$f:[0-9]*: " "$tmp/err"; then
        echo "broken $f: exit $rc"
        cat "$tmp/err"
        exit 1
    fi
    cp "$tmp/saved" "$tmp/$f"
done
ent >"$tmp/got"
cmp "$tmp/want2" "$tmp/got"

# A rebuilt program (other bytes) does not use what the old one compiled.
cp "$B/nerq-entities" "$tmp/rebuilt"
printf 'x' >>"$tmp/rebuilt"
"$tmp/rebuilt" --rules "$tmp/r" --gazetteers "$tmp/g" "$in" >"$tmp/got"
entities | cmp - "$tmp/got"
if [ "$(files gaz)" -ne 2 ] || [ "$(files lex)" -ne 2 ]; then
    ls -l "$tmp/cache"
    exit 1
fi
echo "compiled caches: ok"
