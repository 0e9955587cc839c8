#!/usr/bin/env python3
"""Bytes of a built site by kind of page (the files' sizes, summed by path).

    scripts/bytes_by_kind.py OUT_DIR [OUT_DIR ...]

Prints one row per kind, in MB (10^6 bytes), with the number of files;
with several folders (say before and after), one column pair for each.
The kinds are those of docs/benchmarks.md ("where the bytes go").
"""
import collections
import os
import re
import sys

KINDS = [
    ("event pages", r"[^/]+/events/"),
    ("section side-by-side pages", r".*bilingual\.html$"),
    ("day pages", r"[^/]+/dates/\d+/\d+/\d+/"),
    ("month pages", r"[^/]+/dates/\d+/\d+/"),
    ("section pages", r"[^/]+/sections/"),
    ("product pages", r"[^/]+/products/"),
    ("search index", r"search/"),
    ("events.json", r"events\.json$"),
    ("L/timeline.json", r".*timeline\.json$"),
    ("references", r".*/references/"),
    ("sitemap", r"sitemap"),
]


def kind_of(rel):
    for name, pattern in KINDS:
        if re.match(pattern, rel):
            return name
    return "everything else"


def measure(root):
    sizes, counts = collections.Counter(), collections.Counter()
    for folder, _, files in os.walk(root):
        for f in files:
            path = os.path.join(folder, f)
            kind = kind_of(os.path.relpath(path, root).replace(os.sep, "/"))
            sizes[kind] += os.path.getsize(path)
            counts[kind] += 1
    return sizes, counts


def main(roots):
    if not roots:
        sys.exit(__doc__)
    measured = [measure(r) for r in roots]
    names = [k for k, _ in KINDS] + ["everything else"]
    header = "".join(f" | {os.path.basename(r.rstrip('/'))} files | MB" for r in roots)
    print(f"kind{header}")
    for name in names + ["total"]:
        row = name
        for sizes, counts in measured:
            if name == "total":
                size, count = sum(sizes.values()), sum(counts.values())
            else:
                size, count = sizes[name], counts[name]
            row += f" | {count:,} | {size / 1e6:,.1f}"
        print(row)


if __name__ == "__main__":
    main(sys.argv[1:])
