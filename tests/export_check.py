#!/usr/bin/env python3
"""Readers for nerq's export formats, for the round-trip and validation tests.

Each reader parses an exported file on its own (no nerq code) and compares the spans,
labels and relations it finds with the ones the records say they should be, the offsets
converted from the records' bytes to code points here, independently of the C side.

    export_check.py conll RECORDS FILE
    export_check.py spacy|doccano|label-studio RECORDS FILE [--source DIR]
    export_check.py brat RECORDS DIR [--source DIR]     (also validates the .ann syntax)

Prints one line per article and "ok"; exits 1 with the differences otherwise.
"""
import json
import os
import re
import sys

FAIL = []


def fail(msg):
    FAIL.append(msg)


def records(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                if "error" not in r:
                    out.append(r)
    return out


def cp_map(bs, utf8=True):
    """Code point index of every byte offset of bs (len + 1 entries)."""
    if not utf8:
        return list(range(len(bs) + 1))  # Windows-1252: one byte, one character
    m, c = [], 0
    for b in bs:
        m.append(c)
        c += (b & 0xC0) != 0x80
    m.append(c)
    return m


def view(r, source):
    """(text as str, text as UTF-8 bytes, byte->cp map, prefix of the offset fields)."""
    if source:
        with open(os.path.join(source, r["id"]), "rb") as f:
            raw = f.read()
        try:
            text = raw.decode("utf-8")
            return text, raw, cp_map(raw), "raw_"
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
            return text, text.encode("utf-8"), cp_map(raw, False), "raw_"
    bs = r["text"].encode("utf-8")
    return r["text"], bs, cp_map(bs), ""


def expected(r, source=None, entities_only=False):
    """Spans [(start, end, label)] and relations {(quote span, target span, type)}."""
    text, bs, m, p = view(r, source)
    spans, rels = [], set()

    def span(o, a, b):
        s, e = o.get(a), o.get(b)
        if s is None or e is None or e <= s:
            return None
        return (m[s], m[e])

    mention_spans = {}
    for x in r.get("mentions", []):
        sp = span(x, p + "start", p + "end")
        if sp:
            spans.append(sp + (x["type"],))
            mention_spans.setdefault(sp, x["type"])
    if entities_only:
        return text, sorted(spans), rels
    speakers = set()
    for q in r.get("quotes", []):
        qs = span(q, p + "start", p + "end")
        if not qs:
            continue
        spans.append(qs + ("QUOTE",))
        ss = span(q, "speaker_" + p + "start", "speaker_" + p + "end")
        if ss:
            if ss not in mention_spans and ss not in speakers:
                speakers.add(ss)
                spans.append(ss + ("SPEAKER",))
            rels.add((qs, ss, "said_by"))
        if not source:  # cue offsets are in the normalised text only
            cs = span(q, "cue_start", "cue_end")
            if cs:
                spans.append(cs + ("CUE",))
                rels.add((qs, cs, "has_cue"))
    return text, sorted(spans), rels


def compare(what, got, want):
    if got != want:
        g, w = set(got), set(want)
        fail("%s: %d spans/relations, expected %d; extra %s; missing %s"
             % (what, len(got), len(want), sorted(g - w)[:5], sorted(w - g)[:5]))
        return False
    return True


# ---- CoNLL ------------------------------------------------------------------------------
def conll_expected(r):
    """(token text, tag) per sentence, tagging as the exporter documents it."""
    bs = r["text"].encode("utf-8")
    toks = r["tokens"]
    tag = [None] * len(toks)
    order = sorted(range(len(r["mentions"])),
                   key=lambda i: (r["mentions"][i]["start"], -r["mentions"][i]["end"], i))
    for i in order:
        mm = r["mentions"][i]
        inside = [k for k, t in enumerate(toks) if t[0] >= mm["start"] and t[1] <= mm["end"]]
        if not inside or any(tag[k] is not None for k in inside):
            continue
        if any(t[0] < mm["start"] < t[1] for t in toks):
            continue  # starts inside a token
        for k in inside:
            tag[k] = i
    starts = {s[0] for s in r["sentences"]}
    sents, cur = [], []
    for k, t in enumerate(toks):
        if k and t[0] in starts and cur:
            sents.append(cur)
            cur = []
        word = re.sub(r"[ \t\n\r]", "_", bs[t[0]:t[1]].decode("utf-8"))
        if tag[k] is None:
            label = "O"
        else:
            prefix = "I-" if k and tag[k - 1] == tag[k] else "B-"
            label = prefix + r["mentions"][tag[k]]["type"]
        cur.append((word, label))
    if cur:
        sents.append(cur)
    return sents


def read_conll(path):
    docs = []
    with open(path, encoding="utf-8") as f:
        cur = None
        for line in f.read().split("\n"):
            if line.startswith("-DOCSTART-"):
                cur = [[]]
                docs.append(cur)
                continue
            if not line:
                if cur is not None and cur[-1]:
                    cur.append([])
                continue
            cols = line.split(" ")
            if len(cols) != 4 or not re.fullmatch(r"O|[BI]-\S+", cols[3]):
                fail("conll: bad line %r" % line)
                continue
            cur[-1].append((cols[0], cols[3]))
    return [[s for s in d if s] for d in docs]


def entities_from_iob(sents):
    """Entity (first token, last token, type) over a document's token sequence."""
    out, k, open_ = [], 0, None
    for s in sents:
        for _, tag in s:
            if tag.startswith("B-") or tag == "O" or (open_ and tag[2:] != open_[2]):
                if open_:
                    out.append(tuple(open_))
                open_ = [k, k, tag[2:]] if tag != "O" else None
            else:
                if not open_:
                    fail("conll: I- tag without B- (token %d)" % k)
                    open_ = [k, k, tag[2:]]
                open_[1] = k
            k += 1
    if open_:
        out.append(tuple(open_))
    return out


def check_conll(recs, path):
    docs = read_conll(path)
    if len(docs) != len(recs):
        fail("conll: %d documents, %d records" % (len(docs), len(recs)))
    for r, d in zip(recs, docs):
        want = conll_expected(r)
        compare("conll %s tokens" % r["id"], d, want)
        ents = entities_from_iob(d)
        # every entity read back is a record mention with the same tokens and type
        toks = r["tokens"]
        spans = {(m["start"], m["end"], m["type"]) for m in r["mentions"]}
        for a, b, ty in ents:
            if (toks[a][0], toks[b][1], ty) not in spans:
                fail("conll %s: entity %s %r is no mention" % (r["id"], ty, (toks[a][0], toks[b][1])))
        print("%s: %d sentences, %d entities" % (r["id"], len(d), len(ents)))


# ---- JSON formats -----------------------------------------------------------------------
def check_spans(r, text, got_spans, got_rels, source, fmt, entities_only=False):
    t, want_spans, want_rels = expected(r, source, entities_only)
    if source:  # cues are placed through the offset map: check them by their text
        cues = sorted(text[s:e] for s, e, lab in got_spans if lab == "CUE")
        want_cues = [] if entities_only else sorted(
            q["cue"] for q in r.get("quotes", []) if q.get("cue_start") is not None and q["end"] > q["start"])
        if cues != want_cues:
            fail("%s %s: cue strings %r, expected %r" % (fmt, r["id"], cues, want_cues))
        got_spans = [x for x in got_spans if x[2] != "CUE"]
        got_rels = None if got_rels is None else {x for x in got_rels if x[2] != "has_cue"}
    if text != t:
        fail("%s %s: text differs from the %s" % (fmt, r["id"], "source file" if source else "record"))
    ok = compare("%s %s spans" % (fmt, r["id"]), sorted(got_spans), want_spans)
    if got_rels is not None:  # None: the format has no relations
        ok &= compare("%s %s relations" % (fmt, r["id"]), sorted(got_rels), sorted(want_rels))
    for s, e, lab in got_spans:
        if not (0 <= s < e <= len(text)):
            fail("%s %s: span %d-%d outside the text" % (fmt, r["id"], s, e))
    print("%s: %d spans, %d relations%s" % (r["id"], len(got_spans), len(got_rels or ()), "" if ok else " MISMATCH"))


def read_jsonl(path, recs, fmt):
    with open(path, encoding="utf-8") as f:
        lines = [json.loads(l) for l in f if l.strip()]
    if len(lines) != len(recs):
        fail("%s: %d lines, %d records" % (fmt, len(lines), len(recs)))
    return lines


def check_spacy(recs, path, source, entities_only):
    lines = read_jsonl(path, recs, "spacy")
    for r, o in zip(recs, lines):
        if o["meta"]["id"] != r["id"]:
            fail("spacy: meta.id %r for record %r" % (o["meta"]["id"], r["id"]))
        spans = [(s["start"], s["end"], s["label"]) for s in o["spans"]]
        for s in o["spans"]:
            if s["label"] not in ("QUOTE", "CUE", "SPEAKER") and "entity" not in s:
                fail("spacy %s: mention span without entity" % r["id"])
        check_spans(r, o["text"], spans, None, source, "spacy", entities_only)


def check_doccano(recs, path, source, entities_only):
    lines = read_jsonl(path, recs, "doccano")
    for r, o in zip(recs, lines):
        byid = {e["id"]: (e["start_offset"], e["end_offset"]) for e in o["entities"]}
        if len(byid) != len(o["entities"]):
            fail("doccano %s: duplicate entity ids" % r["id"])
        spans = [(e["start_offset"], e["end_offset"], e["label"]) for e in o["entities"]]
        rels = set()
        for x in o["relations"]:
            if x["from_id"] not in byid or x["to_id"] not in byid:
                fail("doccano %s: relation %r refers to no entity" % (r["id"], x))
                continue
            rels.add((byid[x["from_id"]], byid[x["to_id"]], x["type"]))
        check_spans(r, o["text"], spans, rels, source, "doccano", entities_only)


def check_labelstudio(recs, path, source, entities_only):
    with open(path, encoding="utf-8") as f:
        tasks = json.load(f)
    if len(tasks) != len(recs):
        fail("label-studio: %d tasks, %d records" % (len(tasks), len(recs)))
    for r, t in zip(recs, tasks):
        text = t["data"]["text"]
        res = t["predictions"][0]["result"]
        byid, spans, rels = {}, [], set()
        for x in res:
            if x["type"] == "labels":
                v = x["value"]
                if text[v["start"]:v["end"]] != v["text"]:
                    fail("label-studio %s: value.text %r is not the text at %d-%d"
                         % (r["id"], v["text"], v["start"], v["end"]))
                byid[x["id"]] = (v["start"], v["end"])
                spans.append((v["start"], v["end"], v["labels"][0]))
        for x in res:
            if x["type"] == "relation":
                if x["from_id"] not in byid or x["to_id"] not in byid:
                    fail("label-studio %s: relation %r refers to no region" % (r["id"], x))
                    continue
                rels.add((byid[x["from_id"]], byid[x["to_id"]], x["labels"][0]))
        check_spans(r, text, spans, rels, source, "label-studio", entities_only)


# ---- brat -------------------------------------------------------------------------------
def read_conf(path):
    sections, cur = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            m = re.fullmatch(r"\[(\w+)\]", line.strip())
            if m:
                cur = sections.setdefault(m.group(1), [])
            elif cur is None:
                fail("annotation.conf: line outside a section: %r" % line)
            else:
                cur.append(line.strip())
    for s in ("entities", "relations", "events", "attributes"):
        if s not in sections:
            fail("annotation.conf: no [%s] section" % s)
    ents = set(sections.get("entities", []))
    rels = {}
    for line in sections.get("relations", []):
        name, args = line.split(None, 1)
        if name.startswith("<"):
            continue
        a = dict(x.strip().split(":", 1) for x in args.split(","))
        rels[name] = (set(a["Arg1"].split("|")), set(a["Arg2"].split("|")))
        for t in rels[name][0] | rels[name][1]:
            if t not in ents:
                fail("annotation.conf: relation %s names the undeclared type %s" % (name, t))
    attrs = {}
    for line in sections.get("attributes", []):
        name, args = line.split(None, 1)
        a = dict(x.strip().split(":", 1) for x in args.split(","))
        attrs[name] = (set(a["Arg"].split("|")), set(a.get("Value", "").split("|")))
    return ents, rels, attrs


def validate_ann(name, text, ann, conf):
    """brat standoff syntax and consistency; returns ({T id: (start, end, type)}, relations)."""
    ents, relconf, attrs = conf
    tb, rels, ids = {}, [], set()
    for n, line in enumerate(ann.split("\n"), 1):
        if not line:
            continue
        where = "%s:%d" % (name, n)
        parts = line.split("\t")
        if parts[0] in ids:
            fail("%s: duplicate id %s" % (where, parts[0]))
        ids.add(parts[0])
        if parts[0].startswith("T"):
            if len(parts) != 3 or not re.fullmatch(r"T\d+", parts[0]):
                fail("%s: bad T line %r" % (where, line))
                continue
            m = re.fullmatch(r"(\S+) (\d+ \d+(?:;\d+ \d+)*)", parts[1])
            if not m:
                fail("%s: bad type/offsets %r" % (where, parts[1]))
                continue
            ty = m.group(1)
            if ty not in ents:
                fail("%s: type %s not in annotation.conf" % (where, ty))
            frags = [tuple(map(int, f.split())) for f in m.group(2).split(";")]
            pieces, prev = [], -1
            for s, e in frags:
                if not (0 <= s < e <= len(text)) or s < prev:
                    fail("%s: fragment %d %d out of order or outside the text (%d)" % (where, s, e, len(text)))
                    break
                if "\n" in text[s:e] or "\r" in text[s:e]:
                    fail("%s: fragment %d %d crosses a line break" % (where, s, e))
                pieces.append(text[s:e])
                prev = e
            else:
                if " ".join(pieces) != parts[2]:
                    fail("%s: annotated string %r but the text says %r" % (where, parts[2], " ".join(pieces)))
            tb[parts[0]] = (frags[0][0], frags[-1][1], ty)
        elif parts[0].startswith("R"):
            m = re.fullmatch(r"(\S+) Arg1:(T\d+) Arg2:(T\d+)", parts[1]) if len(parts) >= 2 else None
            if not m or not re.fullmatch(r"R\d+", parts[0]):
                fail("%s: bad R line %r" % (where, line))
                continue
            rels.append((m.group(1), m.group(2), m.group(3), where))
        elif parts[0].startswith("A"):
            m = re.fullmatch(r"(\S+) (T\d+) (\S+)", parts[1]) if len(parts) == 2 else None
            if not m or m.group(1) not in attrs or m.group(3) not in attrs[m.group(1)][1]:
                fail("%s: bad or undeclared attribute %r" % (where, line))
                continue
            rels.append(("<attr>", m.group(2), m.group(2), where))
        elif parts[0].startswith("#"):
            m = re.fullmatch(r"AnnotatorNotes (T\d+)", parts[1]) if len(parts) == 3 else None
            if not m:
                fail("%s: bad note %r" % (where, line))
                continue
            rels.append(("<note>", m.group(1), m.group(1), where))
        else:
            fail("%s: unknown annotation %r" % (where, line))
    out = set()
    for ty, a1, a2, where in rels:
        if a1 not in tb or a2 not in tb:
            fail("%s: refers to a missing annotation" % where)
            continue
        if ty.startswith("<"):
            continue
        if ty not in relconf:
            fail("%s: relation %s not in annotation.conf" % (where, ty))
        elif tb[a1][2] not in relconf[ty][0] or tb[a2][2] not in relconf[ty][1]:
            fail("%s: %s between %s and %s not allowed by annotation.conf" % (where, ty, tb[a1][2], tb[a2][2]))
        out.add((tb[a1][:2], tb[a2][:2], ty))
    return tb, out


def check_brat(recs, folder, source, entities_only):
    conf = read_conf(os.path.join(folder, "annotation.conf"))
    if not os.path.exists(os.path.join(folder, "visual.conf")):
        fail("brat: no visual.conf")
    for r in recs:
        base = os.path.join(folder, r["id"])
        with open(base + ".txt", "rb") as f:
            raw = f.read()
        with open(base + ".ann", encoding="utf-8", newline="") as f:
            ann = f.read()
        text = raw.decode("utf-8")  # brat reads UTF-8
        if source:
            with open(os.path.join(source, r["id"]), "rb") as f:
                orig = f.read()
            try:
                orig.decode("utf-8")
                if orig != raw:
                    fail("brat %s: .txt is not the original file" % r["id"])
            except UnicodeDecodeError:
                pass  # decoded from Windows-1252: compared as text below
        tb, rels = validate_ann(r["id"] + ".ann", text, ann, conf)
        check_spans(r, text, list(tb.values()), rels, source, "brat", entities_only)


def main(argv):
    source = None
    entities_only = "--entities-only" in argv
    argv = [a for a in argv if a != "--entities-only"]
    if "--source" in argv:
        i = argv.index("--source")
        source = argv[i + 1]
        del argv[i:i + 2]
    fmt, recs, path = argv[1], records(argv[2]), argv[3]
    {"conll": lambda: check_conll(recs, path),
     "spacy": lambda: check_spacy(recs, path, source, entities_only),
     "doccano": lambda: check_doccano(recs, path, source, entities_only),
     "label-studio": lambda: check_labelstudio(recs, path, source, entities_only),
     "brat": lambda: check_brat(recs, path, source, entities_only)}[fmt]()
    for f in FAIL[:40]:
        print("FAIL", f)
    print("ok" if not FAIL else "%d problems" % len(FAIL))
    return 1 if FAIL else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
