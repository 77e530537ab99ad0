#!/usr/bin/env python3
"""Validate nerq gazetteer files.

    python3 tools/check_gazetteers.py [FILE ...]      (default: gazetteers/*.tsv, *.txt)

Checks, for .tsv files:
  - valid UTF-8, no CR, no NUL
  - 5 TAB-separated fields per entry; TYPE known; ID, CANONICAL non-empty;
    ALIASES and ATTRS '-' or well-formed (no empty alias, key=value pairs, known keys)
  - ID unique within the file; IDs are Q<digits> or nerq:<type>/<slug>
  - no surface form (canonical or alias) used by two different entries of the same
    TYPE within a file (printed as conflicts)
  - entries sorted by TYPE then canonical
And for word lists (.txt): valid UTF-8, one entry per line, no duplicates.
Across files it reports (as notes, not errors) surface forms that two files type
differently, e.g. a LOC in places.tsv that is also an ORG alias in orgs.tsv.
Exit status 1 if any error or conflict was found.
"""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gazlib import GAZ, TYPES, sort_key  # noqa: E402

KEYS = {'iso2', 'iso3', 'country', 'former', 'ambiguous', 'acronym'}
def _dict_words():
    try:
        with open('/usr/share/dict/words', encoding='utf-8') as fh:
            return {w.strip() for w in fh if w.strip().islower()}
    except OSError:
        return set()


DICT = _dict_words()
ID_RE = re.compile(r'^(Q[1-9][0-9]*|nerq:[a-z]+/[a-z0-9][a-z0-9/-]*)$')


def check_tsv(path, forms_by_file):
    errors, conflicts = [], []
    try:
        text = open(path, 'rb').read().decode('utf-8')
    except UnicodeDecodeError as e:
        return ['%s: not valid UTF-8: %s' % (path, e)], []
    if '\r' in text or '\0' in text:
        errors.append('%s: contains CR or NUL' % path)
    ids = {}
    owner = {}  # (type, form) -> (lineno, canonical)
    entries = []
    countries = set()
    for n, line in enumerate(text.split('\n'), 1):
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        f = line.split('\t')
        where = '%s:%d' % (path, n)
        if len(f) != 5:
            errors.append('%s: %d fields (want 5): %r' % (where, len(f), line[:80]))
            continue
        typ, cid, canon, aliases, attrs = f
        if typ not in TYPES:
            errors.append('%s: unknown TYPE %r' % (where, typ))
        if not cid or not ID_RE.match(cid):
            errors.append('%s: bad ID %r' % (where, cid))
        if not canon.strip() or canon != canon.strip():
            errors.append('%s: empty or padded CANONICAL %r' % (where, canon))
        if cid in ids:
            errors.append('%s: duplicate ID %s (first at line %d)' % (where, cid, ids[cid]))
        ids[cid] = n
        al = [] if aliases == '-' else aliases.split('|')
        if any(not a.strip() or a != a.strip() for a in al):
            errors.append('%s: empty or padded alias in %r' % (where, aliases))
        if attrs != '-':
            for kv in attrs.split(';'):
                k, eq, v = kv.partition('=')
                if not eq or not v:
                    errors.append('%s: bad attr %r' % (where, kv))
                elif k not in KEYS:
                    errors.append('%s: unknown attr key %r' % (where, k))
                elif k == 'country':
                    countries.add((where, v))
        for form in [canon] + al:
            if form.islower() and ' ' not in form and form.strip('.') in DICT:
                errors.append('%s: common lowercase word as surface form %r' % (where, form))
            key = (typ, form)
            if key in owner and owner[key][1] != canon:
                conflicts.append('%s: %s %r also used by %r (line %d)'
                                 % (where, typ, form, owner[key][1], owner[key][0]))
            elif key not in owner:
                owner[key] = (n, canon)
            forms_by_file.setdefault(form, set()).add((os.path.basename(path), typ))
        entries.append(((typ, cid, canon), n))
    for (a, _), (b, nb) in zip(entries, entries[1:]):
        if sort_key(a) > sort_key(b):
            errors.append('%s:%d: not sorted by TYPE, CANONICAL (%r after %r)' % (path, nb, b[2], a[2]))
            break
    return errors, conflicts, countries, len(entries)


def check_list(path):
    errors = []
    try:
        text = open(path, 'rb').read().decode('utf-8')
    except UnicodeDecodeError as e:
        return ['%s: not valid UTF-8: %s' % (path, e)], 0
    seen = {}
    n_entries = 0
    for n, line in enumerate(text.split('\n'), 1):
        s = line.strip()
        if not s or s.startswith('#'):
            continue
        n_entries += 1
        if s != line or '\t' in s:
            errors.append('%s:%d: padded line or TAB %r' % (path, n, line))
        if s in seen:
            errors.append('%s:%d: duplicate %r (line %d)' % (path, n, s, seen[s]))
        seen[s] = n
    return errors, n_entries


def main():
    files = sys.argv[1:] or sorted(glob.glob(os.path.join(GAZ, '*.tsv')) +
                                   glob.glob(os.path.join(GAZ, '*.txt')))
    bad = 0
    forms = {}
    country_refs = []
    canon_countries = set()
    for path in files:
        if path.endswith('.tsv'):
            errors, conflicts, refs, n = check_tsv(path, forms)
            country_refs += refs
            for _, f in _entries(path):
                if f[0] == 'COUNTRY':
                    canon_countries.add(f[2])
            for e in errors:
                print('ERROR ' + e)
            for c in conflicts:
                print('CONFLICT ' + c)
            bad += len(errors) + len(conflicts)
            print('%-40s %6d entries, %d errors, %d conflicts' % (os.path.relpath(path), n,
                                                                  len(errors), len(conflicts)))
        else:
            errors, n = check_list(path)
            for e in errors:
                print('ERROR ' + e)
            bad += len(errors)
            print('%-40s %6d entries, %d errors' % (os.path.relpath(path), n, len(errors)))
    if canon_countries:
        for where, v in country_refs:
            if v not in canon_countries:
                print('ERROR %s: country=%r is not a COUNTRY canonical name' % (where, v))
                bad += 1
    cross = sorted((f, sorted(v)) for f, v in forms.items() if len({t for _, t in v}) > 1)
    if cross:
        print('NOTE %d surface forms have different TYPEs in different entries/files '
              '(the loader must pick by context or priority):' % len(cross))
        for f, v in cross:
            print('  NOTE %r: %s' % (f, ', '.join('%s:%s' % x for x in v)))
    print('check_gazetteers: %s' % ('OK' if not bad else '%d problems' % bad))
    return 1 if bad else 0


def _entries(path):
    with open(path, encoding='utf-8') as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip('\n')
            if line.strip() and not line.lstrip().startswith('#'):
                yield n, line.split('\t')


if __name__ == '__main__':
    sys.exit(main())
