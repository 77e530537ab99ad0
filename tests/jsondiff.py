#!/usr/bin/env python3
"""jsondiff.py OLD.jsonl NEW.jsonl: a short account of how two record files differ
(record by record, field by field; long values cut), for golden-test failures."""
import json, sys


def short(v):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 160 else s[:157] + '...'


def diff(path, a, b, out):
    if type(a) is not type(b):
        out.append('%s: %s -> %s' % (path, short(a), short(b)))
    elif isinstance(a, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in b:
                out.append('%s.%s: removed' % (path, k))
            elif k not in a:
                out.append('%s.%s: added %s' % (path, k, short(b[k])))
            else:
                diff('%s.%s' % (path, k), a[k], b[k], out)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append('%s: %d -> %d items' % (path, len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                diff('%s[%d]' % (path, i), x, y, out)
                break
    elif a != b:
        out.append('%s: %s -> %s' % (path, short(a), short(b)))


old = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
new = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
if len(old) != len(new):
    print('%d -> %d records' % (len(old), len(new)))
for a, b in zip(old, new):
    out = []
    diff(a.get('id', '?'), a, b, out)
    for line in out[:6]:
        print(line)
