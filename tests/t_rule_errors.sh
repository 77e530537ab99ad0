#!/bin/sh
# Broken rule and gazetteer files (bad flag, bad encoding, NUL byte, duplicate entry,
# wrong field count, unknown kind, missing file), passed with --rules / --gazetteers to
# every program that loads them: a message naming FILE:LINE at start-up, exit status 2,
# no record written (nothing processed). Bad regular expressions: ingest's boilerplate
# rules here, the shared helper (pipeline/regex.c) in tests/unit/check_regex.c.
set -eu
B=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

# expect PROGRAM FILE EDIT WANT: copy rules/ and gazetteers/, apply the python EDIT to
# FILE's bytes (variable b), run PROGRAM, check the message WANT (grep -E) and no output.
expect() {
    prog=$1 file=$2 edit=$3 want=$4
    rm -rf "$tmp/r" "$tmp/g"
    cp -r rules "$tmp/r"
    cp -r gazetteers "$tmp/g"
    python3 -c "
import sys
p = sys.argv[1]
b = open(p, 'rb').read() if __import__('os').path.exists(p) else b''
$edit
open(p, 'wb').write(b)
" "$tmp/$file"
    rc=0
    case $prog in
    nerq) "$B/nerq" run tests/fixtures/articles -o "$tmp/out" --quiet --rules "$tmp/r" --gazetteers "$tmp/g" \
        >"$tmp/stdout" 2>"$tmp/stderr" || rc=$? ;;
    nerq-ingest) "$B/$prog" --rules "$tmp/r" --gazetteers "$tmp/g" tests/fixtures/articles \
        >"$tmp/stdout" 2>"$tmp/stderr" || rc=$? ;;
    *) "$B/$prog" --rules "$tmp/r" --gazetteers "$tmp/g" tests/golden/fixtures.ingest.jsonl \
        >"$tmp/stdout" 2>"$tmp/stderr" || rc=$? ;;
    esac
    if [ $rc -ne 2 ] || [ -s "$tmp/stdout" ] || [ -e "$tmp/out/articles.jsonl" ] ||
        ! grep -q -E "^(nerq run|$prog): $tmp/$want" "$tmp/stderr"; then
        echo "$prog with a broken $file: exit $rc, expected 2, no output and \"$want\"; got:"
        cat "$tmp/stderr"
        head -c 300 "$tmp/stdout"
        exit 1
    fi
    n=$((n + 1))
}

# python: append a copy of the first entry
dup_first="b = b + [l for l in b.split(b'\\n') if l.strip() and not l.startswith(b'#')][0] + b'\\n'"
for prog in nerq nerq-tokenize nerq-entities nerq-attribute; do
    expect $prog r/abbreviations.txt "b = b.replace(b'Gov.\ttitle', b'Gov.\tbogus')" \
        'r/abbreviations.txt:[0-9]+: unknown flag "bogus"'
    expect $prog r/abbreviations.txt "b = b + b'Abc.\n\xe9t\xe9.\n'" 'r/abbreviations.txt:[0-9]+: not valid UTF-8'
    expect $prog r/abbreviations.txt "$dup_first" \
        'r/abbreviations.txt:[0-9]+: duplicate entry \(same as line [0-9]+\)'
    expect $prog r/sentence-starters.txt "b = b'The\nA\0n\n'" 'r/sentence-starters.txt:2: NUL byte'
    expect $prog r/abbreviations.txt "import os; os.remove(p); sys.exit(0)" 'r/abbreviations.txt: No such file'
done
for prog in nerq nerq-entities; do
    expect $prog g/countries.tsv "b = b + b'COUNTRY\tQ1\n'" 'g/countries.tsv:[0-9]+: expected TYPE<TAB>ID<TAB>CANONICAL'
    expect $prog g/places.tsv "b = b + b'LOC\t-\tS\xe3o Paulo\t-\t-\n'" 'g/places.tsv:[0-9]+: not valid UTF-8'
    expect $prog g/places.tsv "$dup_first" \
        'g/places.tsv:[0-9]+: duplicate entry \(same as line [0-9]+\)'
    expect $prog g/places.tsv "b = b'\xff\xfeL\0O\0C\0'" 'g/places.tsv:1: not valid UTF-8'
    expect $prog r/person-titles.txt "b = b + b'Mr.\n'" 'r/person-titles.txt:[0-9]+: duplicate entry'
done
for prog in nerq nerq-attribute; do
    expect $prog r/pronouns.txt "b = b + b'they\tPLURAL\n'" 'r/pronouns.txt:[0-9]+: expected WORD<TAB>PERSON\|ORG\|ANY'
    expect $prog r/pronouns.txt "b = b + b'it\n'" 'r/pronouns.txt:[0-9]+: expected WORD<TAB>PERSON\|ORG\|ANY'
    expect $prog r/speech-verbs.txt "b = b + b'said\n'" 'r/speech-verbs.txt:[0-9]+: duplicate entry'
    expect $prog r/speech-verbs.txt "b = b + b'dit \xc3\n'" 'r/speech-verbs.txt:[0-9]+: not valid UTF-8'
done
for prog in nerq nerq-ingest; do
    expect $prog r/boilerplate.txt "b = b + b'line broken (unclosed|\\n'" \
        'r/boilerplate.txt:[0-9]+: bad pattern at offset [0-9]+: missing closing parenthesis'
    expect $prog r/boilerplate.txt "$dup_first" 'r/boilerplate.txt:[0-9]+: duplicate entry'
    expect $prog r/metadata.txt "b = b + b'\\xff\\n'" 'r/metadata.txt:[0-9]+: not valid UTF-8'
done
echo "$n broken rule/gazetteer files refused at start-up with FILE:LINE, nothing processed"
