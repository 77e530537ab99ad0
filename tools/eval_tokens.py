#!/usr/bin/env python3
"""Score nerq-tokenize against the gold tokens and sentences of CoNLL-2003 dev.

    tools/eval_tokens.py [--build DIR] [--shared DIR] [--show N]

Tokens: the documents prepare.py writes (BUILD/eval/conll-tokens/docs) (each gold sentence detokenised by prepare.py's
own detok(), sentences separated by a blank line) go through nerq-ingest | nerq-tokenize;
the gold token byte spans are rebuilt here from eng.testa the same way prepare.py builds
the text. Token boundary F1 counts a token as right when its [start, end) is exactly a gold
token's.

Sentences: each document's gold sentences are detokenised the same way and joined with one
space into a single paragraph (BUILD/eval/conll-sentences/docs), then tokenized; a predicted
sentence start is right when it is a gold sentence start. The first sentence of each
document is left out of both counts (it is given).

Prints two lines:
    tokens: P=... R=... F1=... (gold N, predicted N)
    sentences: P=... R=... F1=... (gold N, predicted N)
--show N also prints up to N wrong boundaries of each kind, with context.
"""
import argparse, importlib.util, json, os, subprocess, sys


def load_prepare(shared):
    spec = importlib.util.spec_from_file_location('prepare', os.path.join(shared, 'eval', 'prepare.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_docs(split_file):
    """Documents as lists of sentences (lists of tokens), as prepare.conll groups them."""
    docs, cur, sent = [], None, []
    for line in open(split_file, encoding='utf-8', errors='replace'):
        line = line.rstrip('\n')
        if line.startswith('-DOCSTART-'):
            if sent and cur is not None:
                cur.append(sent)
            sent, cur = [], []
            docs.append(cur)
            continue
        if not line.strip():
            if sent and cur is not None:
                cur.append(sent)
            sent = []
            continue
        if cur is None:
            cur = []
            docs.append(cur)
        sent.append(line.split(' ')[0])
    if sent and cur is not None:
        cur.append(sent)
    return [d for d in docs if d]


def byte_spans(text, spans, base):
    b = [0]
    for ch in text:
        b.append(b[-1] + len(ch.encode()))
    return [(base + b[s], base + b[e]) for s, e in spans]


def build(detok, docs, sep):
    """Per document: (body bytes, gold token spans, gold sentence starts)."""
    out = []
    for d in docs:
        parts, toks, starts, base = [], [], [], 0
        for s in d:
            text, spans = detok(s)
            toks += byte_spans(text, spans, base)
            starts.append(base)
            parts.append(text)
            base += len(text.encode()) + len(sep)
        out.append(((sep.join(parts) + '\n').encode(), toks, starts))
    return out


def run_nerq(bindir, docdir):
    ing = subprocess.Popen([os.path.join(bindir, 'nerq-ingest'), docdir], stdout=subprocess.PIPE)
    tok = subprocess.run([os.path.join(bindir, 'nerq-tokenize')], stdin=ing.stdout,
                         stdout=subprocess.PIPE, check=True)
    ing.stdout.close()
    ing.wait()
    recs = {}
    for line in tok.stdout.decode().splitlines():
        r = json.loads(line)
        recs[r['id']] = r
    return recs


def to_raw(rec, off, end=False):
    """Map a text offset to a raw file offset through the record's offmap."""
    m = rec['offmap']
    anchors = list(zip(m[0::2], m[1::2]))
    best = None
    for n, r in anchors:
        if n < off or (n == off and not end):
            best = (n, r)
        elif n == off and end and best is None:
            best = (n, r)
    if best is None:
        return off
    return best[1] + off - best[0]


def write_docs(folder, docs):
    os.makedirs(folder, exist_ok=True)
    for n, (body, _, _) in enumerate(docs):
        p = os.path.join(folder, 'doc%04d.txt' % n)
        try:
            with open(p, 'rb') as f:
                if f.read() == body:
                    continue
        except OSError:
            pass
        with open(p, 'wb') as f:
            f.write(body)


def prf(tp, ng, np_):
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def show(kind, body, items, limit):
    for s, e in items[:limit]:
        ctx = body[max(0, s - 30):e + 30].decode(errors='replace').replace('\n', '|')
        print('  %s [%d,%d) %r in %r' % (kind, s, e, body[s:e].decode(errors='replace'), ctx))


def score(kind, o, detok, docs, sep, spans):
    """Write the documents (sentences joined by sep), tokenize them, compare the spans
    spans(record, gold tokens, gold sentence starts) returns as (predicted, gold)."""
    built = build(detok, docs, sep)
    folder = os.path.join(o.build, 'eval', 'conll-' + kind, 'docs')
    write_docs(folder, built)
    recs = run_nerq(o.build, folder)
    tp = ng = np_ = 0
    for n, (body, gold_toks, starts) in enumerate(built):
        pred, gold = spans(recs['doc%04d.txt' % n], gold_toks, starts)
        tp += len(pred & gold)
        ng += len(gold)
        np_ += len(pred)
        if o.show:
            show('missed', body, sorted(gold - pred), o.show)
            show('extra ', body, sorted(pred - gold), o.show)
    p, r, f = prf(tp, ng, np_)
    print('%s: P=%.4f R=%.4f F1=%.4f (gold %d, predicted %d)' % (kind, p, r, f, ng, np_))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--build', default=os.environ.get('BUILD', 'build'))
    ap.add_argument('--shared', default=os.environ.get('SHARED', '../shared'))
    ap.add_argument('--show', type=int, default=0)
    o = ap.parse_args()
    detok = load_prepare(o.shared).detok
    docs = read_docs(os.path.join(o.shared, 'data', 'conll2003', 'eng.testa'))

    # tokens: the same documents prepare.py writes (sentences separated by a blank line)
    def tokens(r, gold_toks, _):
        return (set((to_raw(r, s), to_raw(r, e, True)) for s, e, _ in r.get('tokens', [])),
                set(gold_toks))
    score('tokens', o, detok, docs, '\n\n', tokens)

    # sentences: each document's gold sentences joined into one paragraph
    def sentences(r, _, starts):
        return (set((to_raw(r, s), to_raw(r, s) + 1) for s, _ in r.get('sentences', [])[1:]),
                set((s, s + 1) for s in starts[1:]))
    score('sentences', o, detok, docs, ' ', sentences)

if __name__ == '__main__':
    sys.exit(main())
