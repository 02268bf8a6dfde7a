#!/usr/bin/env python3
"""How much a search downloads: the size of the search index of N synthetic pages, and the bytes
that typical queries fetch.

  python3 benches/search_size.py --pages 10000 [--work DIR] [--seed 1]

Writes N text pages of about 1,000 words each (the vocabulary of gen_site.py, but with Thai words
run together between spaces as Thai is written, plus a few words at known rates: วิทยากร on 0.2%
of pages, ป.ป.ช. on 1%, หอประชุม on 0.5% and ห้องประชุม on 5%, ...), builds their index with the
real Rust code (`cargo run --release --example search_index`), then asks the same example to run
each query the way the client does and sums the sizes of the files it fetched: meta.json, the
bigram shards, the text chunks (index.json is asked for first and is absent: a server answers
with its 404 page, not counted here). Prints the index's total size and file count and, per
query, the bytes downloaded, with the median and the maximum.
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_site import ENGLISH, THAI  # noqa: E402

RARE = [  # (phrase, share of pages that have it once, somewhere in a Thai run)
    ("วิทยากร", 0.002),
    ("สำนักงานป.ป.ช.", 0.01),
    ("หอประชุม", 0.005),
    ("ห้องประชุม", 0.05),
    ("จัดซื้อจัดจ้าง", 0.03),
    ("พ.ศ. ๒๕๖๕", 0.05),
    ("พ.ศ. 2565", 0.05),
    ("รายงานผลการใช้จ่ายงบประมาณ", 0.2),
]
QUERIES = ["วิทยากร", "ป.ป.ช.", "หอประชุม", "จัดซื้อจัดจ้าง", "๒๕๖๕", "การใช้จ่าย", "งบประมาณ", "ความโปร่งใส",
           "open data", "integrity"]


def text(rng, n):
    """About n words: runs of 2 to 8 Thai words written together, English words alone."""
    out, left = [], n
    while left > 0:
        if rng.random() < 0.2:
            out.append(rng.choice(ENGLISH))
            left -= 1
        else:
            k = min(left, rng.randint(2, 8))
            out.append("".join(rng.choice(THAI) for _ in range(k)))
            left -= k
    return out


def page(rng, i):
    title = "".join(rng.choice(THAI) for _ in range(3)) + f" {i}"
    runs = text(rng, 1000)
    for phrase, share in RARE:
        if rng.random() < share:
            at = rng.randrange(len(runs))
            runs[at] = runs[at] + phrase + runs[at]  # in the middle of a run
    paragraphs = [" ".join(runs[k:k + 40]) for k in range(0, len(runs), 40)]
    return title + "\n" + "\n".join(paragraphs) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default=None)
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="search-size-")
    pages_dir, out = os.path.join(work, "pages"), os.path.join(work, "out")
    rng = random.Random(args.seed)
    text_bytes = 0
    for i in range(args.pages):
        path = os.path.join(pages_dir, f"section-{i // 100:03d}", f"page-{i:05d}.txt")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        body = page(rng, i)
        text_bytes += len(body.encode())
        with open(path, "w", encoding="utf-8") as f:
            f.write(body)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cargo = ["cargo", "run", "--quiet", "--release", "--example", "search_index", "--"]
    subprocess.run(["cargo", "build", "--quiet", "--release", "--example", "search_index"], cwd=root, check=True)
    t = time.monotonic()
    subprocess.run(cargo + [pages_dir, out], cwd=root, check=True, stdout=subprocess.DEVNULL)
    seconds = time.monotonic() - t
    sizes = {}
    for d, _, files in os.walk(os.path.join(out, "search")):
        for f in files:
            p = os.path.join(d, f)
            sizes[os.path.relpath(p, os.path.join(out, "search"))] = os.path.getsize(p)
    shard_sizes = [v for k, v in sizes.items() if k.startswith("b/")]
    chunk_sizes = [v for k, v in sizes.items() if k.startswith("t/")]
    meta = json.load(open(os.path.join(out, "search", "meta.json"))) if "meta.json" in sizes else {}
    print(f"pages: {args.pages}, page text: {text_bytes / args.pages / 1024:.1f} KiB on average")
    print(f"index: {sum(sizes.values()) / 2**20:.1f} MiB in {len(sizes)} files, written in {seconds:.1f} s "
          f"(meta.json {meta})")
    if shard_sizes:
        print(f"shards: {len(shard_sizes)}, median {statistics.median(shard_sizes) / 1024:.1f} KiB, "
              f"max {max(shard_sizes) / 1024:.1f} KiB; text chunks: {len(chunk_sizes)}, "
              f"median {statistics.median(chunk_sizes) / 1024:.1f} KiB, max {max(chunk_sizes) / 1024:.1f} KiB")
    run = subprocess.run(cargo + ["--query", out] + QUERIES, cwd=root, check=True, capture_output=True, text=True)
    print()
    print("| query | pages found | candidates | checked | files | shards KiB | texts KiB | total KiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    totals = []
    for line in run.stdout.splitlines():
        r = json.loads(line)
        files = [(n, b) for n, b in r["files"] if b]
        shards = sum(b for n, b in files if n.startswith("b/"))
        texts = sum(b for n, b in files if n.startswith("t/") or n == "index.json")
        total = sum(b for _, b in files)
        totals.append(total)
        print(f"| {r['query']} | {r['hits']} | {r['candidates']} | {r['checked']} | {len(files)} | "
              f"{shards / 1024:.0f} | {texts / 1024:.0f} | {total / 1024:.0f} |")
    print()
    print(f"per query: median {statistics.median(totals) / 1024:.0f} KiB, max {max(totals) / 1024:.0f} KiB")
    print(f"(work folder: {work})")


if __name__ == "__main__":
    main()
