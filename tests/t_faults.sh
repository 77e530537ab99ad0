#!/bin/sh
# Faults: articles that cannot be read (a dangling link, a link loop, a FIFO: tests run as
# root, so no chmod 000), a folder named x.txt, a folder symlink loop; a full disk for
# `nerq run -o` (a 64 KB tmpfs, or a link to /dev/full when mounting is not allowed) and
# /dev/full as every program's stdout. Clear errors, the other articles processed, the
# previous output left intact. (A file vanishing between the walk and its reading, and
# paths longer than PATH_MAX: tests/unit/check_walk.c.)
set -eu
B=${BUILD:-build}
tmp=$(mktemp -d)
mounted=""
cleanup() {
    [ -n "$mounted" ] && umount "$mounted" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
in="$tmp/in"
mkdir -p "$in/sub" "$in/dir.txt"
cp tests/fixtures/articles/abbrev.txt "$in/a.txt"
cp tests/fixtures/articles/nested.txt "$in/sub/c.txt"
cp tests/fixtures/articles/crlf.txt "$in/dir.txt/inner.txt"
ln -s nowhere.txt "$in/dangling.txt"
ln -s loop.txt "$in/loop.txt"
ln -s .. "$in/sub/up"
ln -s . "$in/sub/self"
mkfifo "$in/fifo.txt"

rc=0
timeout 30 "$B/nerq" run "$in" -o "$tmp/out" 2>"$tmp/run.err" || rc=$?
[ $rc -eq 1 ] || { echo "nerq run: exit $rc, expected 1"; cat "$tmp/run.err"; exit 1; }
python3 tests/hostile/check_records.py "$in" "$tmp/out/articles.jsonl" "$tmp/out/errors.jsonl" --ok a.txt --ok sub/c.txt \
    --ok dir.txt/inner.txt --error dangling.txt --error loop.txt --error fifo.txt
for want in 'dangling.txt: cannot open: No such file' 'loop.txt: cannot open: Too many levels of symbolic links' \
    'fifo.txt: not a regular file' 'sub/up: folder already visited' 'sub/self: folder already visited'; do
    grep -q -F "$want" "$tmp/run.err" || { echo "nerq run: no \"$want\""; cat "$tmp/run.err"; exit 1; }
done
rc=0
timeout 30 "$B/nerq-ingest" "$in" >"$tmp/ingest.jsonl" 2>/dev/null || rc=$?
[ $rc -eq 1 ] || { echo "nerq-ingest: exit $rc, expected 1"; exit 1; }
python3 tests/hostile/check_records.py "$in" "$tmp/ingest.jsonl" --error fifo.txt
echo "unreadable articles: error records, the others processed"

# stdout on a full device: reported, exit 1.
for prog in nerq-ingest nerq-tokenize nerq-entities nerq-quotes nerq-attribute; do
    rc=0
    if [ $prog = nerq-ingest ]; then
        "$B/$prog" tests/fixtures/articles >/dev/full 2>"$tmp/full.err" || rc=$?
    else
        "$B/$prog" tests/golden/fixtures.ingest.jsonl >/dev/full 2>"$tmp/full.err" || rc=$?
    fi
    [ $rc -eq 1 ] && grep -q "^$prog: stdout: No space left on device" "$tmp/full.err" ||
        { echo "$prog >/dev/full: exit $rc"; cat "$tmp/full.err"; exit 1; }
done
echo "stdout on /dev/full: reported by every program, exit 1"

# nerq run -o on a full disk (a 64 KB tmpfs; skipped when mounting is not allowed: then
# tests/t_run_faults.sh's file-size limit is the only full-disk test): exit 2, the message,
# the previous outputs untouched, no temporary files left.
full="$tmp/full"
mkdir "$full" "$tmp/one"
cp tests/fixtures/articles/abbrev.txt "$tmp/one/"
if ! mount -t tmpfs -o size=64k tmpfs "$full" 2>/dev/null; then
    echo "nerq run -o on a full disk: skipped (cannot mount a tmpfs)"
    exit 0
fi
mounted="$full"
"$B/nerq" run "$tmp/one" -o "$full/out" --quiet --no-cache 2>/dev/null || "$B/nerq" run "$tmp/one" -o "$full/out" --quiet
cp -R "$full/out" "$tmp/before"
dd if=/dev/zero of="$full/filler" bs=4k 2>/dev/null || true
rc=0
"$B/nerq" run tests/fixtures/articles -o "$full/out" 2>"$tmp/disk.err" || rc=$?
[ $rc -eq 2 ] && grep -q -E 'No space left on device|cannot write' "$tmp/disk.err" ||
    { echo "nerq run -o full disk: exit $rc"; cat "$tmp/disk.err"; exit 1; }
for f in articles.jsonl errors.jsonl mentions.jsonl quotes.jsonl manifest.json; do
    cmp "$full/out/$f" "$tmp/before/$f" || { echo "nerq run: the previous $f was damaged"; exit 1; }
done
[ ! -e "$full/out/.tmp" ] || { echo "nerq run: temporary outputs left in .tmp"; ls -la "$full/out/.tmp"; exit 1; }
echo "nerq run -o on a full disk (a 64 KB tmpfs): exit 2, previous outputs intact"
