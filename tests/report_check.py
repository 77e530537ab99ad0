#!/usr/bin/env python3
"""Checks an article page of `nerq report` (the file, or the DOM a browser dumped) against
its record: every mention the page can show (non-empty, not overlapping an earlier one) is
a span with class "m m-TYPE" whose text is the mention's and whose title starts with the
canonical entity; every quote is a span.quote with the speaker in data-speaker and the
quote's text, followed by a speaker label; nothing loads from the network.

    report_check.py PAGE RECORDS ID
"""
import json
import re
import sys
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.done, self.urls = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("src", "href"):
            if a.get(k) and re.match(r"(?i)(https?:)?//", a[k]):
                self.urls.append(a[k])
        if tag in ("meta", "link", "br", "img", "rect", "input"):
            return
        self.stack.append([tag, a, []])

    def handle_endtag(self, tag):
        while self.stack:
            el = self.stack.pop()
            self.done.append((el[0], el[1], "".join(el[2])))
            if el[0] == tag:
                break

    def handle_data(self, data):
        for el in self.stack:
            el[2].append(data)


def kept(spans):
    out, last = [], 0
    for i in sorted(range(len(spans)), key=lambda i: (spans[i][0], i)):
        s, e = spans[i]
        if e > s and s >= last:
            out.append(i)
            last = e
    return out


def main(page, records, art_id):
    rec = next(r for r in map(json.loads, open(records, encoding="utf-8")) if r["id"] == art_id)
    bs = rec["text"].encode("utf-8")
    with open(page, encoding="utf-8") as f:
        html = f.read()
    p = Page()
    p.feed(html)
    p.close()
    problems = ["network reference %s" % u for u in p.urls]
    pieces = {}
    for tag, a, text in p.done:
        if "data-m" in a:
            pieces.setdefault(int(a["data-m"]), []).append((a, text))
    ms = rec["mentions"]
    km = kept([(m["start"], m["end"]) for m in ms])
    for i in km:
        m = ms[i]
        want = bs[m["start"]:m["end"]].decode("utf-8")
        got = pieces.get(i)
        if not got:
            problems.append("mention %d %r (%s) not highlighted" % (i, want, m["type"]))
            continue
        text = "".join(t for _, t in got)
        a = got[0][0]
        if text != want:
            problems.append("mention %d: text %r, expected %r" % (i, text, want))
        if "m-" + m["type"] not in a.get("class", "").split():
            problems.append("mention %d: class %r lacks m-%s" % (i, a.get("class"), m["type"]))
        if not a.get("title", "").startswith(m["entity"] or m["text"]):
            problems.append("mention %d: title %r does not show the entity %r" % (i, a.get("title"), m["entity"]))
    if len(pieces) != len(km):
        problems.append("%d highlighted mentions, expected %d" % (len(pieces), len(km)))
    qs = rec["quotes"]
    kq = kept([(q["start"], q["end"]) for q in qs])
    quotes = {a.get("id"): (a, t) for tag, a, t in p.done if "quote" in a.get("class", "").split()}
    labels = [t for tag, a, t in p.done if "spk" in a.get("class", "").split()]
    for i in kq:
        q = qs[i]
        got = quotes.get("q%d" % (i + 1))
        want = bs[q["start"]:q["end"]].decode("utf-8")
        if not got:
            problems.append("quote %d %r not marked" % (i, want[:40]))
            continue
        a, text = got
        if text != want:
            problems.append("quote %d: text %r, expected %r" % (i, text[:60], want[:60]))
        if a.get("data-speaker", "") != (q.get("speaker") or ""):
            problems.append("quote %d: data-speaker %r, expected %r" % (i, a.get("data-speaker"), q.get("speaker")))
        if (q.get("speaker") or "unattributed") not in labels:
            problems.append("quote %d: no speaker label %r" % (i, q.get("speaker")))
    for x in problems[:30]:
        print("FAIL", x)
    print("%s: %d mentions highlighted, %d quotes marked: %s"
          % (art_id, len(km), len(kq), "ok" if not problems else "%d problems" % len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
