#!/usr/bin/env python3
"""Learn entity-name lists from the CoNLL-2003 TRAINING split (never eng.testa/testb).

    python3 tools/learn_conll.py [../shared/data/conll2003/eng.train]

Default input: /work/shared/data/conll2003/eng.train (falls back to ../shared/... beside
the checkout). Writes gazetteers/learned-conll.tsv and gazetteers/learned-given-names.txt.
Only entity strings (names) are written, never sentences.

Input: `TOKEN POS CHUNK NER` per line, IOB1 tags (I-PER/I-ORG/I-LOC/I-MISC; B-X only
where two same-type entities are adjacent), blank line between sentences, -DOCSTART-
lines between documents.

learned-conll.tsv: every entity string (tokens joined by single spaces) is counted per
type. A string is kept when its majority type has >= 70% of its occurrences and that
type is PER (-> PERSON), ORG (-> ORG) or LOC (-> COUNTRY when countries.tsv has it as a
COUNTRY name or alias, compared case-insensitively, else LOC). Skipped: MISC majority
(demonyms are in countries.tsv; other MISC has no TYPE here), spans with quote or
possessive tokens ('s, ", ``, ''), all-lowercase strings, single characters, strings
already in the hand files (countries, places, orgs, people; ALL-CAPS headline forms
are compared case-insensitively, so BRUSSELS is skipped because of Brussels).

learned-given-names.txt: first token of multi-token PER spans seen >= 2 times,
capitalised (not ALL-CAPS), alphabetic, not a stopword/title, not already in
given-names.txt, and not a frequent ORG/LOC token (seen in ORG/LOC spans >= 3 times or
at least as often as it starts a PER span) nor a hand-file surface form of another type.
"""
import collections
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gazlib import GAZ, ROOT, fmt_attrs, slugify, surface_forms, write_tsv  # noqa: E402

DEFAULT = '/work/shared/data/conll2003/eng.train'
HAND = ('countries.tsv', 'places.tsv', 'orgs.tsv', 'people.tsv')
BAD_TOKENS = {"'s", "'", '"', '``', "''", "`"}
THRESH = 0.70
TYPEMAP = {'PER': 'PERSON', 'ORG': 'ORG', 'LOC': 'LOC'}
STOP = set('''Mr Mrs Ms Miss Dr Sir Lord Lady Dame President Prime Minister Premier Chancellor
Secretary General Gen Gen. Col Col. Capt Capt. Lt Sgt King Queen Prince Princess Pope Saint St
St. Judge Justice Senator Sen Sen. Rep Rep. Governor Gov Gov. Mayor Father Brother Sister Rev
Rev. Sheikh Ayatollah Mullah Cardinal Archbishop Bishop Coach Chairman Chief Director Manager
The A An In On At Of For And But New Old North South East West Van Von De Du Del Della Le La
Al El Bin Ben Abu Ibn Mc Mac'''.split())


def spans(path):
    """Yield (type, [tokens]) for every entity chunk in an IOB1 CoNLL file."""
    cur_type, cur = None, []
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            parts = line.split()
            if not parts or parts[0] == '-DOCSTART-':
                if cur:
                    yield cur_type, cur
                cur_type, cur = None, []
                continue
            tok, tag = parts[0], parts[-1]
            if tag == 'O':
                if cur:
                    yield cur_type, cur
                cur_type, cur = None, []
                continue
            bio, _, typ = tag.partition('-')
            if cur and (bio == 'B' or typ != cur_type):
                yield cur_type, cur
                cur = []
            cur_type = typ
            cur.append(tok)
    if cur:
        yield cur_type, cur


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    if not os.path.exists(src):
        alt = os.path.join(os.path.dirname(ROOT), 'shared', 'data', 'conll2003', 'eng.train')
        src = alt if os.path.exists(alt) else src
    if os.path.basename(src) != 'eng.train':
        sys.exit('learn_conll.py: refusing %s: learn from the training split (eng.train) only' % src)
    md5 = hashlib.md5(open(src, 'rb').read()).hexdigest()

    counts = collections.defaultdict(collections.Counter)  # string -> Counter(type)
    per_first = collections.Counter()
    orgloc_tokens = collections.Counter()
    for typ, toks in spans(src):
        if any(t in BAD_TOKENS for t in toks):
            continue
        s = ' '.join(toks)
        counts[s][typ] += 1
        if typ == 'PER' and len(toks) >= 2:
            per_first[toks[0]] += 1
        if typ in ('ORG', 'LOC'):
            for t in toks:
                orgloc_tokens[t] += 1

    hand = {}
    for name in HAND:
        for form, types in surface_forms(os.path.join(GAZ, name)).items():
            hand.setdefault(form, set()).update(types)
    hand_fold = {}
    for form, types in hand.items():
        hand_fold.setdefault(form.casefold(), set()).update(types)
    country_fold = {f.casefold() for f, t in hand.items() if 'COUNTRY' in t}

    entries, ids = [], set()
    stats = collections.Counter()
    for s, c in counts.items():
        total = sum(c.values())
        typ, n = c.most_common(1)[0]
        if n / total < THRESH:
            stats['mixed'] += 1
            continue
        if typ not in TYPEMAP:
            stats['misc'] += 1
            continue
        if len(s) < 2 or s.islower() or not any(ch.isalpha() for ch in s):
            stats['lower/short'] += 1
            continue
        if s in hand or (s.isupper() and s.casefold() in hand_fold):
            stats['in hand files'] += 1
            continue
        out_type = TYPEMAP[typ]
        if out_type == 'LOC' and s.casefold() in country_fold:
            out_type = 'COUNTRY'
        cid = 'nerq:conll/%s/%s' % (out_type.lower(), slugify(s))
        base, i = cid, 2
        while cid in ids:
            cid = '%s-%d' % (base, i)
            i += 1
        ids.add(cid)
        entries.append((out_type, cid, s, '-', fmt_attrs([])))
        stats[out_type] += 1

    header = ('# nerq gazetteer: entity names LEARNED from CoNLL-2003 English training data.\n'
              '# GENERATED by: python3 tools/learn_conll.py %s\n'
              '# Source: %s (CoNLL-2003 eng.train, md5 %s); eng.testa/testb were NOT used.\n'
              '# Only entity names (facts) are listed, no text. A string is kept when >= %d%% of its\n'
              '# tagged occurrences share one type (PER->PERSON, ORG->ORG, LOC->COUNTRY/LOC);\n'
              '# strings already in the hand files (countries, places, orgs, people) are left out.\n'
              '# Canonical = the string as tagged (CoNLL text is 1996 Reuters news, PTB-tokenised).\n'
              % (os.path.basename(src), os.path.basename(src), md5, int(THRESH * 100)))
    out = os.path.join(GAZ, 'learned-conll.tsv')
    n = write_tsv(out, header, entries)

    given = set()
    try:
        with open(os.path.join(GAZ, 'given-names.txt'), encoding='utf-8') as f:
            given = {l.strip() for l in f if l.strip() and not l.startswith('#')}
    except OSError:
        pass
    learned = []
    for tok, k in sorted(per_first.items()):
        if k < 2 or tok in given or tok in STOP:
            continue
        if not tok[0].isupper() or tok.isupper() or not tok.replace('-', '').isalpha():
            continue
        if len(tok) < 2:
            continue
        o = orgloc_tokens[tok]
        if o >= 3 or o >= k:
            continue
        if hand.get(tok, set()) - {'PERSON'}:
            continue
        learned.append(tok)
    gout = os.path.join(GAZ, 'learned-given-names.txt')
    with open(gout, 'w', encoding='utf-8', newline='\n') as f:
        f.write('# nerq given names LEARNED from CoNLL-2003 eng.train (md5 %s); eng.testa NOT used.\n'
                '# GENERATED by: python3 tools/learn_conll.py\n'
                '# First token of multi-token PER spans seen >= 2 times, capitalised, not a title or\n'
                '# stopword, not in given-names.txt, not a frequent ORG/LOC token.\n' % md5)
        for tok in learned:
            f.write(tok + '\n')
    print('%s: %d entries %s' % (out, n, dict(stats)))
    print('%s: %d names' % (gout, len(learned)))


if __name__ == '__main__':
    main()
