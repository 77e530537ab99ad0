#!/bin/sh
# Incremental runs: a second run reuses every article; touching a file (same bytes)
# re-processes none, changing one re-processes exactly that one; a changed rule file
# re-processes all; --force redoes all; a removed article leaves the outputs; dead cache
# segments are deleted. A run that changes nothing leaves the output files as they are
# (the same inodes, errors.jsonl too); one whose outputs were damaged or grew since, or
# that changes or loses an article, copies what is unchanged and writes the rest.
# Every result equals a full run from scratch.
set -eu
B=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/lib.sh
mkdir -p "$tmp/corpus"
cp -R examples "$tmp/corpus/ex"
cp -R tests/fixtures/articles "$tmp/corpus/fx"
# two articles that fail (UTF-16), so that errors.jsonl has lines to reuse too
printf '\377\376h\000i\000' >"$tmp/corpus/fx/a-utf16.txt"
printf '\376\377\000h\000i' >"$tmp/corpus/fx/z-utf16.txt"
n=$(find "$tmp/corpus" -type f ! -path "*/.*" | wc -l)
full() { # [options]: outputs of a run from scratch, into $tmp/full
    rm -rf "$tmp/full"
    "$B/nerq" run "$tmp/corpus" -o "$tmp/full" --quiet "$@" || [ $? -eq 1 ]
}
run() { # expected-processed expected-reused [options]: run into $tmp/out and check
    want_p=$1 want_r=$2
    shift 2
    "$B/nerq" run "$tmp/corpus" -o "$tmp/out" "$@" 2>"$tmp/stderr" || [ $? -eq 1 ]
    grep 'files found' "$tmp/stderr"
    p=$(count "$tmp/out" processed)
    r=$(count "$tmp/out" reused)
    [ "$p" -eq "$want_p" ] && [ "$r" -eq "$want_r" ] || {
        echo "processed $p, reused $r; want $want_p, $want_r"
        exit 1
    }
    grep -q "; $want_p processed, $want_r reused;" "$tmp/stderr"
    full "$@"
    for f in articles errors mentions quotes; do
        cmp "$tmp/out/$f.jsonl" "$tmp/full/$f.jsonl"
    done
}
inode() { stat -c %i "$tmp/out/$1.jsonl"; }
run "$n" 0
before="$(inode articles) $(inode mentions) $(inode quotes) $(inode errors)"
touch -d '2001-01-01' "$tmp/out/articles.jsonl"
run 0 "$n" -j1
[ "$before" = "$(inode articles) $(inode mentions) $(inode quotes) $(inode errors)" ] ||
    { echo "an unchanged run replaced its output files"; exit 1; }
[ "$(stat -c %Y "$tmp/out/articles.jsonl")" -gt "$(date -d '2002-01-01' +%s)" ] ||
    { echo "a kept output file kept its old modification time"; exit 1; }
touch "$tmp/corpus/ex/markdown.md"
run 0 "$n"
# The committed files damaged (one byte, same size) or grown: the article whose lines no
# longer match is processed again, and the files come out right.
cp "$tmp/out/articles.jsonl" "$tmp/articles.jsonl"
off=$(($(wc -c <"$tmp/articles.jsonl") / 2))
printf 'X' | dd of="$tmp/out/articles.jsonl" bs=1 seek="$off" conv=notrunc 2>/dev/null
cmp -s "$tmp/out/articles.jsonl" "$tmp/articles.jsonl" && { echo "the byte was not changed"; exit 1; }
run 1 $((n - 1))
echo '{"a line": "added by hand"}' >>"$tmp/out/mentions.jsonl"
run 0 "$n"
# The same with the copy made by read and write (NERQ_COPY_FILE_RANGE=0).
echo '{"a line": "added by hand"}' >>"$tmp/out/articles.jsonl"
NERQ_COPY_FILE_RANGE=0 run 0 "$n"
echo "One more paragraph, added by the test." >>"$tmp/corpus/ex/markdown.md"
run 1 $((n - 1))
run "$n" 0 --force
run 0 "$n"
# --no-cache: all processed, the cache neither used nor changed.
before=$(ls -l "$tmp/out/.cache")
run "$n" 0 --no-cache
[ "$before" = "$(ls -l "$tmp/out/.cache")" ] || { echo "--no-cache changed the cache"; exit 1; }
rm "$tmp/corpus/fx/crlf.txt"
run 0 $((n - 1))
# A rule file changed (a comment added): every article again, same records.
cp -R rules "$tmp/rules"
echo "# a comment" >>"$tmp/rules/pronouns.txt"
run $((n - 1)) 0 --rules "$tmp/rules"
# Segments holding only dead entries are gone.
segs=$(ls "$tmp/out/.cache" | wc -l)
[ "$segs" -eq 1 ] || { echo "cache holds $segs segments, want 1"; exit 1; }
# --keep-stages wants the stage records, which the cache entries lack: all again.
run $((n - 1)) 0 --rules "$tmp/rules" --keep-stages
run 0 $((n - 1)) --rules "$tmp/rules" --keep-stages
cmp "$tmp/out/stages/attribute.jsonl" "$tmp/full/stages/attribute.jsonl"
run 0 $((n - 1)) --rules "$tmp/rules"
[ ! -e "$tmp/out/stages" ] || { echo "stale stages/ left"; exit 1; }
# errors.jsonl unchanged, then one of its articles gone
[ "$(wc -l <"$tmp/out/errors.jsonl")" -eq 2 ] || { echo "want 2 error records"; exit 1; }
before=$(inode errors)
run 0 $((n - 1)) --rules "$tmp/rules"
[ "$before" = "$(inode errors)" ] || { echo "an unchanged errors.jsonl was replaced"; exit 1; }
rm "$tmp/corpus/fx/a-utf16.txt"
run 0 $((n - 2)) --rules "$tmp/rules"
[ "$(wc -l <"$tmp/out/errors.jsonl")" -eq 1 ] || { echo "want 1 error record"; exit 1; }
