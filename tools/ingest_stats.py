#!/usr/bin/env python3
"""Summarise nerq-ingest output: files, bytes in, bytes of body text out, boilerplate
dropped, files repaired (re-decoded or with bytes replaced).

    build/nerq-ingest DIR | python3 tools/ingest_stats.py [LABEL]

Reads ingest records (JSONL) on stdin; prints one Markdown table row, then the removed
spans counted by rule. "boilerplate" counts the spans of rules/boilerplate.txt rules
(a line or a span each); markup the ingest drops whole (html-*, md-*) is counted apart.
"""
import collections
import json
import sys


def main():
    label = sys.argv[1] if len(sys.argv) > 1 else "input"
    files = errors = bytes_in = text_out = boiler = markup = repaired = 0
    with_meta = collections.Counter()
    rules = collections.Counter()
    for line in sys.stdin:
        if not line.strip():
            continue
        r = json.loads(line)
        files += 1
        if "error" in r:
            errors += 1
            continue
        bytes_in += r["bytes"]
        text_out += len(r["text"].encode("utf-8"))
        if r["encoding"] != "utf-8" or r["repairs"]:
            repaired += 1
        for f in ("title", "date", "author"):
            with_meta[f] += r.get(f) is not None
        for _s, _e, rule in r["removed"]:
            rules[rule] += 1
            if rule.startswith(("html-", "md-")):
                markup += 1
            else:
                boiler += 1
    print("| input | files | error records | bytes in | bytes of text out | boilerplate dropped"
          " | markup elements dropped | files repaired | title / date / author found |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    print("| %s | %d | %d | %d | %d | %d | %d | %d | %d / %d / %d |" % (
        label, files, errors, bytes_in, text_out, boiler, markup, repaired,
        with_meta["title"], with_meta["date"], with_meta["author"]))
    if rules:
        print("removed by rule: " + ", ".join("%s %d" % kv for kv in sorted(rules.items())))


if __name__ == "__main__":
    main()
