#!/usr/bin/env python3
"""make_gazetteer.py N OUT.tsv: a synthetic gazetteer of N organisation entries with
invented one- to three-word names (deterministic), for load and match benchmarks."""
import random, sys

n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(7)
syl = ['ka', 'lo', 'mi', 'ra', 'to', 'ne', 'su', 'vi', 'da', 'ber', 'gon', 'lin', 'mar', 'tes', 'qua',
       'zor', 'pel', 'han', 'dro', 'fen']
with open(out, 'w', encoding='utf-8') as f:
    f.write('# synthetic gazetteer: %d entries (tests/bench/make_gazetteer.py)\n' % n)
    for i in range(n):
        name = ' '.join(''.join(rnd.choice(syl) for _ in range(rnd.randint(2, 4))).capitalize()
                        for _ in range(rnd.randint(1, 3)))
        f.write('ORG\tnerq:syn/%d\t%s\t-\t-\n' % (i, name))
