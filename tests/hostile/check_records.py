#!/usr/bin/env python3
"""Check a JSONL output against the article files of a folder:

    python3 tests/hostile/check_records.py DIR RECORDS.jsonl [MORE.jsonl...] [--error ID]... [--ok ID]...

(several files: a run's articles.jsonl and errors.jsonl together)

Every line must be a JSON object with a string `id`; each is either an error record
(`error` and `stage` strings, nothing else) or carries `text`. Every article file under DIR
(.txt .md .markdown .html .htm, hidden entries skipped, as nerq walks; links to folders
not followed) must have exactly one record, and there must be no record for anything else. Offsets must lie inside the text and
the file. `--error ID` / `--ok ID` require that record to be an error record / not one.
Ids are compared as nerq writes them: the path relative to DIR, invalid UTF-8 bytes
replaced by U+FFFD. Prints a summary; exit 1 with the problems listed otherwise.
"""
import json
import os
import sys

EXT = (".txt", ".md", ".markdown", ".html", ".htm")


def articles(root):
    out = {}
    for dirpath, dirs, files in os.walk(os.fsencode(root)):
        dirs[:] = [d for d in dirs if not d.startswith(b".")]
        for f in files:
            if f.startswith(b".") or not f.lower().endswith(tuple(e.encode() for e in EXT)):
                continue
            rel = os.path.relpath(os.path.join(dirpath, f), os.fsencode(root))
            out[rel.decode("utf-8", "replace")] = rel
    return out


def check_record(r, problems, fsize):
    rid = r["id"]
    if "error" in r:
        if set(r) != {"id", "error", "stage"} or not isinstance(r["error"], str) \
                or not isinstance(r["stage"], str) or not r["error"]:
            problems.append(f"{rid!r}: malformed error record {sorted(r)}")
        return
    text = r.get("text")
    if not isinstance(text, str):
        problems.append(f"{rid!r}: neither an error record nor a text")
        return
    tl = len(text.encode("utf-8"))
    if fsize is not None and r.get("bytes") != fsize:
        problems.append(f"{rid!r}: bytes {r.get('bytes')} but the file has {fsize}")
    om = r.get("offmap", [])
    for i in range(0, len(om), 2):
        if not (0 <= om[i] <= tl and 0 <= om[i + 1] <= r["bytes"]):
            problems.append(f"{rid!r}: offmap entry {i} out of range")
            break
    for t in r.get("tokens", []):
        if not (0 <= t[0] < t[1] <= tl):
            problems.append(f"{rid!r}: token {t} out of range")
            break
    for k in ("mentions", "quotes"):
        for m in r.get(k, []):
            if not (0 <= m["start"] <= m["end"] <= tl and 0 <= m["raw_start"] <= m["raw_end"] <= r["bytes"]):
                problems.append(f"{rid!r}: {k} entry {m['start']},{m['end']} out of range")
                break


def main():
    args = sys.argv[1:]
    want_err, want_ok = set(), set()
    while "--error" in args or "--ok" in args:
        for flag, dest in (("--error", want_err), ("--ok", want_ok)):
            if flag in args:
                i = args.index(flag)
                dest.add(args[i + 1])
                del args[i:i + 2]
    root, paths = args[0], args[1:]
    files = articles(root)
    problems = []
    seen = {}
    for path in paths:
        with open(path, "rb") as f:
            for n, line in enumerate(f, 1):
                try:
                    r = json.loads(line.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError) as e:
                    problems.append(f"line {n}: not JSON: {e}")
                    continue
                if not isinstance(r, dict) or not isinstance(r.get("id"), str):
                    problems.append(f"line {n}: no string id")
                    continue
                if r["id"] in seen:
                    problems.append(f"line {n}: second record for {r['id']!r} (first on line {seen[r['id']]})")
                seen[r["id"]] = n
                rel = files.get(r["id"])
                try:
                    size = os.stat(os.path.join(os.fsencode(root), rel)).st_size if rel else None
                except OSError:
                    size = None
                check_record(r, problems, size)
                if r["id"] in want_err and "error" not in r:
                    problems.append(f"{r['id']!r}: expected an error record")
                if r["id"] in want_ok and "error" in r:
                    problems.append(f"{r['id']!r}: unexpected error record: {r['error']}")
    for rid in files:
        if rid not in seen:
            problems.append(f"{rid!r}: no record")
    for rid in seen:
        if rid not in files:
            problems.append(f"{rid!r}: record for a file that is not an article under {root}")
    for rid in (want_err | want_ok) - set(seen):
        problems.append(f"{rid!r}: expected a record")
    if problems:
        print("\n".join(problems[:50]))
        print(f"{len(problems)} problems")
        sys.exit(1)
    print(f"{len(seen)} records for {len(files)} articles: ok")


if __name__ == "__main__":
    main()
