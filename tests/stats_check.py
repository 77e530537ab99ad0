#!/usr/bin/env python3
"""Recounts `nerq stats` tables from the records and compares them with its CSV files.

    stats_check.py RECORDS CSVDIR
"""
import collections
import csv
import json
import os
import sys


def main(records, csvdir):
    recs = [json.loads(l) for l in open(records, encoding="utf-8") if l.strip()]
    want = {k: collections.Counter() for k in ("speakers", "people", "countries", "organisations",
                                                "speaker_countries")}
    arts = []
    table = {"PERSON": "people", "COUNTRY": "countries", "ORG": "organisations"}
    for r in recs:
        if "error" in r:
            arts.append((r["id"], 0, 0))
            continue
        for m in r["mentions"]:
            if m["type"] in table:
                want[table[m["type"]]][(m["entity"] or m["text"], m["id"] or "")] += 1
        att = 0
        for q in r["quotes"]:
            if not q["speaker"]:
                continue
            att += 1
            want["speakers"][(q["speaker"], q["speaker_id"] or "")] += 1
            countries = set()
            for ps, pe in r["paragraphs"]:
                if pe <= q["start"] or ps >= q["end"]:
                    continue
                for m in r["mentions"]:
                    if m["type"] == "COUNTRY" and ps <= m["start"] < pe:
                        countries.add(m["entity"] or m["text"])
            for c in countries:
                want["speaker_countries"][(q["speaker"], c)] += 1
        arts.append((r["id"], len(r["quotes"]), att))
    bad = 0
    for name, counts in want.items():
        with open(os.path.join(csvdir, name + ".csv"), newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))[1:]
        got = {(a, b): int(n) for a, b, n, _ in rows}
        if got != dict(counts):
            print("FAIL %s.csv: %s" % (name, sorted(set(got.items()) ^ set(counts.items()))[:6]))
            bad = 1
        if [int(r[2]) for r in rows] != sorted((int(r[2]) for r in rows), reverse=True):
            print("FAIL %s.csv: not sorted by count" % name)
            bad = 1
    with open(os.path.join(csvdir, "articles.csv"), newline="", encoding="utf-8") as f:
        rows = [(a, int(q), int(n)) for a, _, q, n in list(csv.reader(f))[1:]]
    if rows != arts:
        print("FAIL articles.csv: %s != %s" % (rows, arts))
        bad = 1
    print("%d records, %d speakers, %d speaker x country pairs: %s"
          % (len(recs), len(want["speakers"]), len(want["speaker_countries"]), "FAILED" if bad else "ok"))
    return bad


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
