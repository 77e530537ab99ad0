"""Shared helpers for the nerq gazetteer build scripts (tools/*.py).

A gazetteer file is UTF-8 text, one entry per line, '#' starts a comment line,
blank lines are ignored. Each entry has five TAB-separated fields:

    TYPE <TAB> ID <TAB> CANONICAL <TAB> ALIASES <TAB> ATTRS

TYPE      PERSON | COUNTRY | ORG | NORP | LOC
ID        Wikidata QID (only where certain) or a slug 'nerq:<type>/<slug>';
          unique within a file
CANONICAL canonical name
ALIASES   '|'-separated surface forms (case-sensitive, as written in text) or '-'
ATTRS     ';'-separated key=value pairs or '-'. Keys: iso2, iso3, country=<canonical
          country>, former=1, ambiguous=1, acronym=1
"""
import os
import re
import unicodedata

TYPES = ('PERSON', 'COUNTRY', 'ORG', 'NORP', 'LOC')

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GAZ = os.path.join(ROOT, 'gazetteers')

FORMAT_HEADER = """\
# Format: UTF-8, one entry per line; '#' starts a comment line; blank lines ignored.
# Five TAB-separated fields:
#   TYPE <TAB> ID <TAB> CANONICAL <TAB> ALIASES <TAB> ATTRS
# TYPE      PERSON | COUNTRY | ORG | NORP (nationality adjectives, demonyms) | LOC (places)
# ID        Wikidata QID only where certain, else a stable slug nerq:<type>/<slug>;
#           unique within this file
# CANONICAL canonical name (people: full name; countries: short common name)
# ALIASES   '|'-separated surface forms exactly as written in text (case-sensitive), or '-'
# ATTRS     ';'-separated key=value pairs, or '-'. Keys: iso2, iso3, country=<canonical
#           country name>, former=1, ambiguous=1, acronym=1
# Sorted by TYPE, then CANONICAL.
"""


def slugify(s):
    """ASCII slug: 'Xi Jinping' -> 'xi-jinping', 'Côte d'Ivoire' -> 'cote-d-ivoire'."""
    s = unicodedata.normalize('NFKD', s)
    s = ''.join(c for c in s if not unicodedata.combining(c))
    s = s.replace('&', ' and ').replace("'", '').replace('\u2019', '')
    s = re.sub(r'[^A-Za-z0-9]+', '-', s).strip('-').lower()
    return s or 'x'


def sort_key(entry):
    t, _id, canon = entry[0], entry[1], entry[2]
    return (TYPES.index(t) if t in TYPES else 99, canon.casefold(), canon, _id)


def fmt_aliases(aliases, canonical):
    """'|'-joined aliases, duplicates dropped; a form with a straight apostrophe also gets
    its typographic twin ("People's" -> "People’s"): matching is on exact tokens."""
    out = []
    seen = {canonical}
    for a in aliases:
        a = a.strip()
        if a and a not in seen:
            seen.add(a)
            out.append(a)
    for a in [canonical] + list(out):
        c = a.replace("'", '\u2019')
        if c not in seen:
            seen.add(c)
            out.append(c)
    return '|'.join(out) if out else '-'


def fmt_attrs(attrs):
    """attrs: list of (key, value) or dict; keeps order, drops duplicates."""
    if isinstance(attrs, dict):
        attrs = list(attrs.items())
    seen = set()
    out = []
    for k, v in attrs:
        if k in seen or v is None or v == '':
            continue
        seen.add(k)
        out.append('%s=%s' % (k, v))
    return ';'.join(out) if out else '-'


def write_tsv(path, header, entries):
    """entries: list of (TYPE, ID, CANONICAL, ALIASES-string, ATTRS-string)."""
    entries = sorted(entries, key=sort_key)
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(header.rstrip('\n') + '\n')
        f.write(FORMAT_HEADER)
        f.write('#\n')
        last = None
        for e in entries:
            if e[0] != last:
                f.write('\n# --- %s ---\n' % e[0])
                last = e[0]
            for field in e:
                assert '\t' not in field and '\n' not in field, e
            f.write('\t'.join(e) + '\n')
    return len(entries)


def read_tsv(path):
    """Yield (lineno, fields) for entry lines of a gazetteer file."""
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            yield n, line.split('\t')


def surface_forms(path, types=None):
    """Map surface form -> set of TYPEs for canonical names and aliases of a file."""
    out = {}
    for _, f in read_tsv(path):
        if len(f) != 5 or (types and f[0] not in types):
            continue
        forms = [f[2]] + ([] if f[3] == '-' else f[3].split('|'))
        for s in forms:
            out.setdefault(s, set()).add(f[0])
    return out
