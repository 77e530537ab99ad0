#!/usr/bin/env python3
"""Write rules/common-words.txt: the lower-case words of Debian's wamerican dictionary
(/usr/share/dict/words) whose capitalised form is not itself a dictionary entry. The
entities stage uses it to tell "The", "Police", "When" opening a sentence (or any word of
a headline in capitals) from names: "Mark", "China", "Bush" have capitalised entries and
so stay out of the list.

  python3 tools/make_common_words.py [/usr/share/dict/words] > rules/common-words.txt
"""
import sys

# Function words that are always ordinary, although the dictionary also holds their
# capitalised form (chemical symbols "He", "In", "At", "As"; "May", "Will" stay out).
FUNCTION = """a an the he she it we they i you his her its our their this that these those
in at on by as to of for from with into onto upon about after before over under but and
or nor so yet if then when where while what who whom whose which why how there here no
not all any both each every some such be is are was were do does did has have had
""".split()

src = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/dict/words'
words = set(l.strip() for l in open(src, encoding='utf-8', errors='replace'))
out = sorted(set(w for w in words
                 if w.isascii() and w.isalpha() and w.islower() and w.capitalize() not in words)
             | set(FUNCTION))
print('# Lower-case dictionary words whose capitalised form is not a dictionary entry.')
print('# GENERATED from Debian wamerican (%s) by tools/make_common_words.py; do not edit.' % src)
for w in out:
    print(w)
