#!/usr/bin/env python3
"""Write a JSONL file of good and broken records for one stage's input, for
tests/t_stage_input.sh:

    python3 tests/hostile/bad_records.py GOLDEN.jsonl OUT.jsonl

GOLDEN.jsonl holds records as the stage reads them (the previous stage's golden file).
Prints, one a line, "LINE WORD": each broken line and a word its error message must
contain. Lines 1 and the last but one are good records; the last line is truncated (no
newline).
"""
import json
import sys

src, out = sys.argv[1:]
good = [json.loads(l) for l in open(src, encoding="utf-8")]
good = [r for r in good if "text" in r and r.get("tokens", [1]) and r["text"]]
a, b = good[0], good[1]


def dump(r):
    return json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode()


def changed(r, **kw):
    r = json.loads(json.dumps(r))
    for k, v in kw.items():
        if v is None:
            r.pop(k, None)
        else:
            r[k] = v
    return dump(r)


tl = len(a["text"].encode())
lines = []  # (bytes, word or None)
lines.append((dump(a), None))
lines.append((dump(a)[: len(dump(a)) // 2], "not a JSON record"))
lines.append((changed(a, encoding=None), "encoding"))
lines.append((changed(a, bytes="12"), "bytes"))
lines.append((changed(a, repairs=-1), "repairs"))
lines.append((changed(a, offmap=[0, 0, tl + 5, 3]), "offmap"))
lines.append((changed(a, id=None), "id"))
lines.append((changed(a, text=7), "text"))
lines.append((b"[1,2,3]", "not a JSON object"))
lines.append((b'{"id":"x.txt","text":"\xff\xfe"}', "not a JSON record"))
lines.append((b'{"id":"x\x00.txt"}', "not a JSON record"))
lines.append((b'{"id":"x.txt","a":' + b'[' * 100000 + b']' * 100000 + b'}', "not a JSON record"))
lines.append((b"", None))  # empty: skipped silently
lines.append((b"  \t ", "not a JSON record"))
if "tokens" in a:
    lines.append((changed(a, tokens=[[0, tl + 1, "Wl"]]), "tokens"))
    lines.append((changed(a, tokens=[[3, 1, "Wl"]]), "tokens"))
    lines.append((changed(a, tokens=[[0, 1, "Zz"]]), "class"))
    lines.append((changed(a, sentences=[[5, 9], [0, 3]]), "sentences"))
    lines.append((changed(a, paragraphs="all"), "paragraphs"))
if "mentions" in a:
    lines.append((changed(a, mentions=[{"start": 0, "end": tl + 9, "raw_start": 0, "raw_end": 1,
                                        "type": "PERSON", "text": "x"}]), "end"))
    lines.append((changed(a, mentions=[7]), "mentions[0]"))
    lines.append((changed(a, entities=[{"entity": "x", "type": "PERSON", "id": None, "mentions": [99999]}]),
                  "entities"))
if "quotes" in a:
    lines.append((changed(a, quotes=[{"start": 2, "end": 1, "raw_start": 0, "raw_end": 0, "open": None,
                                      "close": None, "kind": "full"}]), "end"))
    lines.append((changed(a, quotes={"0": 1}), "quotes"))
lines.append((dump(b), None))
lines.append((dump(b)[:-1], "truncated"))
with open(out, "wb") as f:
    f.write(b"\n".join(l for l, _ in lines))
for i, (l, word) in enumerate(lines, 1):
    if word:
        print(i, word)
