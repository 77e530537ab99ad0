#!/usr/bin/env python3
"""Write rules/common-words.txt: the lower-case words of Debian's wamerican dictionary
(/usr/share/dict/words) whose capitalised form is not itself a dictionary entry. The
entities stage uses it to tell "The", "Police", "When" opening a sentence (or any word of
a headline in capitals) from names: "Mark", "China", "Bush" have capitalised entries and
so stay out of the list.

  python3 tools/make_common_words.py [/usr/share/dict/words] > rules/common-words.txt
"""
import sys

src = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/dict/words'
words = set(l.strip() for l in open(src, encoding='utf-8', errors='replace'))
out = sorted(w for w in words
             if w.isascii() and w.isalpha() and w.islower() and w.capitalize() not in words)
print('# Lower-case dictionary words whose capitalised form is not a dictionary entry.')
print('# GENERATED from Debian wamerican (%s) by tools/make_common_words.py; do not edit.' % src)
for w in out:
    print(w)
