#!/usr/bin/env python3
"""Build the bad-input corpus for tests/t_hostile.sh into a folder (never committed).

    python3 tests/hostile/make_corpus.py OUTDIR [--big-mb N]

Every file is generated junk or invented filler: no article text is copied. The files
cover what dirty archives contain: empty and blank files, a huge single-line article,
invalid UTF-8 at every position of every multi-byte sequence length, NUL bytes, UTF-16
with and without a byte-order mark, binary junk named .txt, 100,000 quotation marks never
closed, deeply nested quotes, only punctuation, very long tokens, CRLF and CR-only line
ends, a name 10,000 characters long. `--big-mb` sets the size of the single-line article
(default 50; the ASan run uses less); `--small` divides the other sizes and counts by 50
(for valgrind: make leakcheck).

Prints one line per file written: its name (relative to OUTDIR).
"""
import os
import random
import sys

FILLER = ("The committee met on Tuesday. \u201cWe will look at the figures again,\u201d "
          "said Anna Lindqvist, the chair. Officials in France declined to comment.\n\n")


def write(root, name, data):
    path = os.path.join(root, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    print(name)


def invalid_utf8_cases():
    """(name, bytes) for invalid UTF-8 at every position of 2-, 3- and 4-byte sequences:
    the sequence cut short after k bytes (at the end of the file and mid-text), a bad
    continuation byte at position k, plus overlongs, surrogates, > U+10FFFF, lone
    continuation bytes and the never-valid bytes C0 C1 F5-FF."""
    seqs = {2: "\u00e9".encode(), 3: "\u20ac".encode(), 4: "\U0001F600".encode()}
    for n, seq in seqs.items():
        for k in range(1, n):
            cut = seq[:k]
            yield f"utf8/cut{n}-{k}-mid.txt", b"before " + cut + b" after\n"
            yield f"utf8/cut{n}-{k}-eof.txt", b"ends in a cut sequence " + cut
            yield f"utf8/cut{n}-{k}-eof-nolf.txt", cut
        for k in range(1, n):
            bad = bytearray(seq)
            bad[k] = 0x41  # an ASCII byte where a continuation byte belongs
            yield f"utf8/badcont{n}-{k}.txt", b"x " + bytes(bad) + b" y\n"
            bad[k] = 0xC3  # a lead byte where a continuation byte belongs
            yield f"utf8/badlead{n}-{k}.txt", b"x " + bytes(bad) + b" y\n"
    yield "utf8/overlong2.txt", b"slash \xC0\xAF and \xC1\xBF\n"
    yield "utf8/overlong3.txt", b"slash \xE0\x80\xAF\n"
    yield "utf8/overlong4.txt", b"slash \xF0\x80\x80\xAF\n"
    yield "utf8/surrogate.txt", b"half \xED\xA0\x80 pair \xED\xBF\xBF\n"
    yield "utf8/above-max.txt", b"big \xF4\x90\x80\x80 \xF7\xBF\xBF\xBF\n"
    yield "utf8/lone-cont.txt", b"\x80\x81\xBF lone continuation bytes \x80\n"
    yield "utf8/never-valid.txt", bytes(range(0xF5, 0x100)) + b" \xC0 \xC1\n"
    yield "utf8/every-byte.txt", bytes(range(256)) * 4


def main():
    args = sys.argv[1:]
    big_mb = 50
    k = 1
    if "--small" in args:
        args.remove("--small")
        k = 50
    if "--big-mb" in args:
        i = args.index("--big-mb")
        big_mb = float(args[i + 1])
        del args[i:i + 2]
    if len(args) != 1:
        sys.exit(__doc__)
    root = args[0]
    os.makedirs(root, exist_ok=True)
    rnd = random.Random(9)

    write(root, "empty.txt", b"")
    write(root, "empty.md", b"")
    write(root, "empty.html", b"")
    write(root, "blank-lines.txt", b"\n" * 1000)
    write(root, "spaces-only.txt", b" \t \f\v " * 1000)
    write(root, "bom-only.txt", b"\xEF\xBB\xBF")
    write(root, "bom-twice.txt", b"\xEF\xBB\xBF\xEF\xBB\xBFTitle\n")

    # One line of big_mb megabytes: words, no newline, no sentence end.
    word = b"lorem ipsum dolor "
    n = int(big_mb * 1024 * 1024)
    write(root, "big/single-line.txt", (word * (n // len(word) + 1))[:n])

    for name, data in invalid_utf8_cases():
        write(root, name, data)

    body = FILLER.encode()
    write(root, "nul/inside.txt", body.replace(b"figures", b"fig\x00ures") + b"\x00\x00")
    write(root, "nul/only.txt", b"\x00" * 4096)
    write(root, "nul/start.txt", b"\x00" + body)
    write(root, "control-chars.txt", bytes(range(1, 32)) * 50 + body)

    # UTF-16 (documented: a clear error record, see doc/record.md).
    write(root, "utf16/le-bom.txt", b"\xFF\xFE" + FILLER.encode("utf-16-le"))
    write(root, "utf16/be-bom.txt", b"\xFE\xFF" + FILLER.encode("utf-16-be"))
    write(root, "utf16/le-nobom.txt", FILLER.encode("utf-16-le"))
    write(root, "utf16/bom-only.txt", b"\xFF\xFE")
    write(root, "utf32-le-bom.txt", b"\xFF\xFE\x00\x00" + FILLER.encode("utf-32-le"))

    write(root, "binary/junk.txt", bytes(rnd.getrandbits(8) for _ in range((1 << 18) // k)))
    write(root, "binary/junk.html", bytes(rnd.getrandbits(8) for _ in range(1 << 16)))
    write(root, "binary/junk.md", bytes(rnd.getrandbits(8) for _ in range(1 << 16)))
    write(root, "binary/elf-like.txt", b"\x7fELF\x02\x01\x01" + bytes(rnd.getrandbits(8) for _ in range(8192)))

    # Quotation marks: 100,000 opening marks never closed, in one paragraph and one per
    # paragraph; straight marks; closing marks only; alternating.
    oq, cq = "\u201c".encode(), "\u201d".encode()
    write(root, "quotes/open-100k.txt", oq * (100000 // k))
    write(root, "quotes/open-100k-words.txt", (oq + b"word ") * (100000 // k))
    write(root, "quotes/open-100k-paras.txt", (oq + b"word said Mr. Smith.\n\n") * (100000 // k))
    write(root, "quotes/straight-100k.txt", b'"' * (100000 // k))
    write(root, "quotes/straight-words-100k.txt", b'"a ' * (100000 // k))
    write(root, "quotes/close-100k.txt", cq * (100000 // k))
    write(root, "quotes/pairs-50k.txt", (oq + b"Yes." + cq + b" he said. ") * (50000 // k))
    write(root, "quotes/single-100k.txt", "\u2018".encode() * (100000 // k))
    write(root, "quotes/apostrophes-100k.txt", b"Smith's " * (100000 // k))
    # Nested 10,000 deep, then all closed.
    depth = 10000 // k
    write(root, "quotes/nested-10k.txt",
          (oq + "\u2018".encode()) * depth + b"deep" + ("\u2019".encode() + cq) * depth + b"\n")
    write(root, "quotes/nested-straight.txt", b'"\'' * depth + b"x" + b'\'"' * depth)

    write(root, "punct/only.txt", bytes(rnd.choice(b".,;:!?()[]{}-*/\\@#%&") for _ in range((1 << 20) // k)))
    write(root, "punct/dots.txt", b"." * ((1 << 20) // k))
    write(root, "punct/dashes.txt", "\u2014".encode() * (200000 // k))
    write(root, "punct/ellipsis.txt", b". " * (200000 // k))

    mb = (1 << 20) // k
    write(root, "tokens/word-1mb.txt", b"A" + b"b" * mb + b" said.\n")
    write(root, "tokens/number-1mb.txt", b"1" * mb + b"\n")
    write(root, "tokens/number-dotted.txt", b"1." * (mb // 2) + b"\n")
    write(root, "tokens/hyphenated.txt", b"a-" * (mb // 2) + b"b\n")
    write(root, "tokens/acronym.txt", b"A." * (mb // 2) + b" The end.\n")
    write(root, "tokens/apostrophe-word.txt", b"O'" * (mb // 2) + b"Brien\n")
    write(root, "tokens/multibyte-word.txt", "\u00e9".encode() * (mb // 2) + b"\n")
    write(root, "tokens/capitals.txt", b"Abc " * (mb // 4) + b"\n")

    write(root, "lines/crlf.txt", body.replace(b"\n", b"\r\n"))
    write(root, "lines/cr-only.txt", body.replace(b"\n", b"\r"))
    write(root, "lines/mixed.txt", b"one\r\ntwo\rthree\n\r\n\rfour\r")
    write(root, "lines/cr-100k.txt", b"\r" * (100000 // k))
    write(root, "lines/crlf-100k.txt", b"\r\n" * (100000 // k))

    # A person's name 10,000 characters long (one token), and one of 2,000 words.
    long_name = "K" + "x" * 9999
    write(root, "names/one-token.txt",
          f"President {long_name} said \u201cNo.\u201d\n".encode())
    words = " ".join("Wa" + "b" * (i % 7) for i in range(2000 // k))
    write(root, "names/many-tokens.txt", f"Mr. {words} said \u201cYes.\u201d\n".encode())
    write(root, "names/country-repeat.txt", b"France " * (100000 // k))
    # Entity work that was quadratic: 200,000 surname aliases, 100,000 distinct people,
    # 50,000 pronoun cues after 200,000 mentions that cannot be speakers.
    write(root, "names/aliases.txt", b"Mr. John Smith said it. " + b"Smith " * (200000 // k))
    letters = [chr(c) for c in range(ord("a"), ord("k"))]
    people = ("Mr. John X%s%s%s%s%s." % (a.upper(), b, c, d, e) for a in letters for b in letters
              for c in letters for d in letters for e in letters)
    write(root, "names/distinct-people.txt", " ".join(next(people) for _ in range(100000 // k)).encode())
    write(root, "quotes/pronoun-cues.txt", (b"Mr. John Smith spoke. " + b"France " * (200000 // k) +
                                            ("\u201cNo.\u201d he said. " * (50000 // k)).encode()))

    # Markup that never closes.
    write(root, "markup/unclosed.html", b"<html><body><p>" + b"<div>" * (50000 // k) + b"<!--" + b"x" * 1000)
    write(root, "markup/entities.html", b"&amp;&#0;&#xFFFFFFFF;&#99999999999;&#xD800;&bogus;" * 1000)
    write(root, "markup/markdown.md", b"#" * 10000 + b" title\n" + b"> " * 10000 + b"text\n" + b"*" * 10000)

    # An empty folder, one with only hidden entries, one with only non-articles.
    os.makedirs(os.path.join(root, "folders/empty"), exist_ok=True)
    os.makedirs(os.path.join(root, "folders/hidden/.git"), exist_ok=True)
    with open(os.path.join(root, "folders/hidden/.secret.txt"), "wb") as f:
        f.write(b"hidden\n")
    with open(os.path.join(root, "folders/other.pdf"), "wb") as f:
        f.write(b"%PDF-1.4\n")

    # Odd but legal names.
    write(root, "names/" + "n" * 240 + ".txt", body)
    write(root, "UPPER.TXT", body)


if __name__ == "__main__":
    main()
