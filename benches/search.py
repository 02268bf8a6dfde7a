#!/usr/bin/env python3
"""Site search against Pagefind, in one run: what search costs the build, how large the index is,
and what the first screen of a query downloads.

  benches/search.py [--pages 10000] [--runs 3] [--work DIR]
  WORK=/dev/shm/search-bench RUNS=3 HUGO=hugo ZOLA=path/to/zola \\
      PAGEFIND=path/to/pagefind benches/search.py --pages 10000

On the synthetic site of `gen_site.py --flavour pages --pages N` (written to WORK/pages-N and
reused when it is already there):

1. builds, RUNS times each, alternating (each round starting with the next tool), each into a
   fresh folder that is deleted once measured (but the first build with search, read below):
   prongsai with search (the default), prongsai with `search: false` (a copy of the site with
   that line added to site.yaml), Hugo and Zola (each when found), and prints the median wall
   time, CPU time (user + sys) and peak memory (GNU time), prongsai-with-search ÷
   prongsai-without and prongsai-with-search ÷ the faster of Hugo and Zola;
2. prints the size of prongsai's `search/` folder in the first build with search, and runs
   Pagefind once on that same output (`--site OUT --output-path WORK/.../pagefind`), timed, and
   prints the size of its bundle;
3. runs a fixed list of queries suited to gen_site.py's words through the Rust mirror of the
   client (`cargo build --release --example search_index`, then `search_index --query`) against
   the built site, and prints per query the files its first screen fetches (JSON index files and
   pages) in bytes as stored and gzipped (level 6, what a compressing server sends).

Everything is printed as Markdown for benches/README.md. A build that fails stops the script.

Environment: WORK (default: a fresh temporary folder; outputs are deleted at the end, the
generated sites kept), RUNS (default 3), PRONGSAI (default target/release/prongsai; never built
here: build it first), SEARCH_INDEX (an already built search_index example; default: built here
with cargo), HUGO (default `hugo` on PATH), ZOLA (optional), PAGEFIND (a pagefind binary or a
command such as `npx pagefind`; optional). Needs python3 and GNU time (/usr/bin/time). Timings
are figures to read, never a test.
"""
import argparse
import gzip
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TIME = "/usr/bin/time"

# (query, what it stands for). gen_site.py's pages are about 1,000 words drawn from 44 Thai and
# 20 English words, separated by spaces, so every word of the vocabulary is on nearly every page;
# what is rare is the page's date (rendered in Thai digits, "วันที่ ๒๑ มิถุนายน ๒๕๖๗"), the
# numbers of its table (1 to 99999) and words run together, which the generator never writes.
QUERIES = [
    ("๒๑ มิถุนายน ๒๕๖๗", "rare: one date, Thai digits, phrase with spaces (~1 page in 336)"),
    ("๓ มีนาคม", "rare: day and month (~1 page in 336, or 11 in 336 as a substring: ๑๓, ๒๓)"),
    ("กรกฎาคม", "rare-ish Thai word: a month (~1 page in 12)"),
    ("2024", "rare: Gregorian year, only inside table numbers (~1 page in 1000)"),
    ("๒๕๖๗", "Thai digits of the year: every page's date"),
    ("2567", "Arabic digits of the same year (the same after folding)"),
    ("งบประมาณ", "common Thai word"),
    ("ความโปร่งใส", "common Thai word"),
    ("ธรรมาภิบาล", "common Thai word"),
    ("โรงเรียน", "common Thai word"),
    ("โปร่งใส", "middle of a Thai run (ความโปร่งใส)"),
    ("ทุจริต", "middle of a Thai run (การทุจริต)"),
    ("บริหาร", "middle of a Thai run (ผู้บริหาร)"),
    ("กรรมการ", "middle of a Thai run (คณะกรรมการ)"),
    ("ประชาชาติ", "near miss: on no page, every bigram common (ประชาชน, ชาติ, ราชการ)"),
    ("คุณธรรมจริยธรรม", "near miss: two words run together, never written so"),
    ("integrity", "English word"),
    ("transparency", "English word"),
    ("open data", "English phrase with a space (~1 page in 10)"),
    ("ความโปร่งใส ป้องกัน", "Thai phrase with a space (~1 page in 4)"),
]


def die(msg):
    sys.exit(f"search.py: {msg}")


def run_timed(cmd, log_dir, name, cwd=None):
    """Runs cmd under GNU time; returns (wall s, cpu s, peak KiB). A failure stops the script."""
    tlog = os.path.join(log_dir, name + ".time")
    elog = os.path.join(log_dir, name + ".err")
    with open(elog, "w") as err:
        rc = subprocess.call([TIME, "-f", "%e %U %S %M", "-o", tlog] + cmd, stdout=subprocess.DEVNULL,
                             stderr=err, cwd=cwd)
    with open(tlog) as f:
        lines = f.read().strip().splitlines()
    if rc != 0 or len(lines) != 1:  # GNU time adds "Command exited with non-zero status N"
        with open(elog, errors="replace") as f:
            tail = f.read().splitlines()[-15:]
        die(f"{name} failed (exit {rc}): {shlex.join(cmd)}\n" + "\n".join(tail))
    wall, user, sys_, rss = lines[0].split()
    return float(wall), float(user) + float(sys_), int(rss)


def tree_size(path):
    """(bytes, files) under path."""
    total = files = 0
    for root, _, names in os.walk(path):
        for n in names:
            total += os.path.getsize(os.path.join(root, n))
            files += 1
    return total, files


def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "?"


def kib(n):
    return f"{n / 1024:.1f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=int(os.environ.get("RUNS", "3")))
    ap.add_argument("--work", default=os.environ.get("WORK"))
    a = ap.parse_args()

    if not os.access(TIME, os.X_OK):
        die("needs GNU time: apt-get install time")
    prongsai = os.environ.get("PRONGSAI") or os.path.join(REPO, "target/release/prongsai")
    if not os.access(prongsai, os.X_OK):
        die(f"no prongsai binary at {prongsai}: run `cargo build --release` first (or set PRONGSAI)")
    hugo = os.environ.get("HUGO") or shutil.which("hugo")
    zola = os.environ.get("ZOLA") or shutil.which("zola")
    pagefind = shlex.split(os.environ.get("PAGEFIND", ""))
    for name, path in (("HUGO", hugo), ("ZOLA", zola)):
        if path and not shutil.which(path):
            die(f"{name}={path} is not an executable")

    # The mirror of the client; same target dir as the main binary, which it does not rebuild.
    example = os.environ.get("SEARCH_INDEX")
    if not example:
        if subprocess.call(["cargo", "build", "--release", "--quiet", "--example", "search_index"], cwd=REPO):
            die("cargo build --release --example search_index failed (or set SEARCH_INDEX to a built one)")
        example = os.path.join(REPO, "target/release/examples/search_index")
    if not os.access(example, os.X_OK):
        die(f"no search_index example at {example}")

    work = os.path.abspath(a.work or tempfile.mkdtemp(prefix="search-bench-"))
    os.makedirs(work, exist_ok=True)
    site = os.path.join(work, f"pages-{a.pages}")
    if not os.path.isdir(os.path.join(site, "prongsai")):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_site.py"), "--flavour", "pages", "--pages",
                        str(a.pages), "--out", site], check=True)
    nosearch = os.path.join(site, "prongsai-nosearch")
    if not os.path.isdir(nosearch):
        shutil.copytree(os.path.join(site, "prongsai"), nosearch)
        with open(os.path.join(nosearch, "site.yaml"), "a", encoding="utf-8") as f:
            f.write("search: false\n")
    outs = os.path.join(work, f"outputs-{os.getpid()}")
    os.makedirs(outs)
    try:
        report(a, prongsai, hugo, zola, pagefind, example, site, outs)
    finally:
        shutil.rmtree(outs, ignore_errors=True)


def report(a, prongsai, hugo, zola, pagefind, example, site, outs):
    logs = os.path.join(outs, "logs")
    os.makedirs(logs)
    tools = {
        "prongsai (search)": lambda out: [prongsai, "build", "--root", f"{site}/prongsai", "--output", out],
        "prongsai (search: false)": lambda out: [prongsai, "build", "--root", f"{site}/prongsai-nosearch",
                                                 "--output", out],
    }
    if hugo:
        tools["hugo"] = lambda out: [hugo, "--quiet", "--source", f"{site}/hugo", "--destination", out]
    if zola:
        tools["zola"] = lambda out: [zola, "--root", f"{site}/zola", "build", "--output-dir", out, "--force"]

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"machine: {os.cpu_count()} cores, {mem:.0f} GiB, {platform.system()} {platform.machine()}")
    vers = [version([prongsai, "--version"])]
    if hugo:
        vers.append(" ".join(version([hugo, "version"]).split()[:2]))
    if zola:
        vers.append(version([zola, "--version"]))
    if pagefind:
        vers.append(version(pagefind + ["--version"]))
    print(", ".join(vers))
    print()
    print(f"### Builds, {a.pages} pages, {a.runs} runs each, alternating\n")

    results = {t: [] for t in tools}
    names = list(tools)
    for r in range(a.runs):
        # Each round starts with the next tool, so that no tool always runs right after the
        # same one (a build right after Zola's ran measurably slower on a 2-core machine).
        for t in names[r % len(names):] + names[:r % len(names)]:
            slug = t.replace(" (search: false)", "-nosearch").replace(" (search)", "-search")
            out = os.path.join(outs, f"{slug}-{r}")
            results[t].append(run_timed(tools[t](out), logs, f"{t} run {r + 1}") + (out,))
            # Only the first build with search is read afterwards; the others go at once, so
            # that later runs do not write beside gigabytes of earlier outputs.
            if (t, r) != ("prongsai (search)", 0):
                shutil.rmtree(out, ignore_errors=True)
    wall = {t: statistics.median(x[0] for x in v) for t, v in results.items()}
    print("| tool | wall s (median) | CPU s | peak MiB |")
    print("|---|---:|---:|---:|")
    for t, v in results.items():
        cpu = statistics.median(x[1] for x in v)
        rss = statistics.median(x[2] for x in v) / 1024
        print(f"| {t} | {wall[t]:.2f} | {cpu:.2f} | {rss:.0f} |")
    print()
    s, ns = wall["prongsai (search)"], wall["prongsai (search: false)"]
    print(f"- prongsai with search ÷ without: {s / ns:.2f} (wall)")
    peers = {t: wall[t] for t in ("hugo", "zola") if t in wall}
    if peers:
        best = min(peers, key=peers.get)
        print(f"- prongsai with search ÷ the faster peer ({best}): {s / peers[best]:.2f} (wall)")
    print()

    built = results["prongsai (search)"][0][3]
    print("### Index size\n")
    sdir = os.path.join(built, "search")
    if not os.path.isfile(os.path.join(sdir, "meta.json")):
        die(f"{sdir}/meta.json missing: the site is small enough for one index.json, or search is off")
    total, files = tree_size(sdir)
    page_bytes = os.path.getsize(os.path.join(sdir, "index.html"))
    meta = json.load(open(os.path.join(sdir, "meta.json")))
    shards, _ = tree_size(os.path.join(sdir, "b"))
    lists, _ = tree_size(os.path.join(sdir, "p"))
    print("| index | files | KiB | made in |")
    print("|---|---:|---:|---|")
    print(f"| prongsai `search/` (the search page included) | {files} | {kib(total)} | the build "
          f"(with ÷ without search above) |")
    print(f"| of which: {meta['shards']} bigram shards `b/` | {meta['shards']} | {kib(shards)} | |")
    print(f"| of which: page lists `p/` ({meta['list']} pages each) | {len(os.listdir(os.path.join(sdir, 'p')))} "
          f"| {kib(lists)} | |")
    print(f"| of which: `meta.json` + search page `index.html` | 2 | "
          f"{kib(os.path.getsize(os.path.join(sdir, 'meta.json')) + page_bytes)} | |")
    if pagefind:
        pf_out = os.path.join(outs, "pagefind-site", "pagefind")
        wall_pf, cpu_pf, rss_pf = run_timed(pagefind + ["--site", built, "--output-path", pf_out], logs, "pagefind")
        pf_total, pf_files = tree_size(pf_out)
        print(f"| Pagefind bundle (same output) | {pf_files} | {kib(pf_total)} | {wall_pf:.2f} s wall, "
              f"{cpu_pf:.2f} s CPU, {rss_pf / 1024:.0f} MiB peak |")
        for sub in sorted(os.listdir(pf_out)):
            p = os.path.join(pf_out, sub)
            if os.path.isdir(p):
                b, n = tree_size(p)
                print(f"| of which: `{sub}/` | {n} | {kib(b)} | |")
        loose = [n for n in os.listdir(pf_out) if os.path.isfile(os.path.join(pf_out, n))]
        print(f"| of which: scripts, styles, wasm, entry | {len(loose)} "
              f"| {kib(sum(os.path.getsize(os.path.join(pf_out, n)) for n in loose))} | |")
    else:
        print("| Pagefind | – | – | not run: set PAGEFIND |")
    print()

    print("### First screen of a query\n")
    out = subprocess.run([example, "--query", built] + [q for q, _ in QUERIES], capture_output=True, text=True)
    if out.returncode != 0:
        die(f"search_index --query failed:\n{out.stderr}")
    lines = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    if len(lines) != len(QUERIES):
        die(f"search_index printed {len(lines)} lines for {len(QUERIES)} queries")
    gz_cache = {}

    def gz(url):
        if url not in gz_cache:
            path = urllib.parse.unquote(url)
            if path == "" or path.endswith("/"):
                path += "index.html"
            try:
                with open(os.path.join(built, path), "rb") as f:
                    gz_cache[url] = len(gzip.compress(f.read(), compresslevel=6))
            except FileNotFoundError:
                gz_cache[url] = 0
        return gz_cache[url]

    print("| query | pages found | candidates | checked | files | index KiB | pages KiB | total KiB | "
          "total KiB gzip |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    raw_totals, gz_totals, missing = [], [], set()
    for (q, _), line in zip(QUERIES, lines):
        if line["query"] != q:
            die(f"search_index answered {line['query']!r} for {q!r}")
        idx = pages = gzt = n = 0
        for url, size in line["files"]:
            if size == 0:
                missing.add(url)  # asked for and absent (index.json on a sharded site): a 404
                continue
            n += 1
            if url.startswith("search/") and url.endswith(".json"):
                idx += size
            else:
                pages += size
            gzt += gz(url)
        raw_totals.append(idx + pages)
        gz_totals.append(gzt)
        print(f"| {q} | {line['hits']} | {line['candidates']} | {line['checked']} | {n} | {kib(idx)} | "
              f"{kib(pages)} | {kib(idx + pages)} | {kib(gzt)} |")
    print()
    print(f"- median of the totals: {kib(statistics.median(raw_totals))} KiB as stored, "
          f"{kib(statistics.median(gz_totals))} KiB gzipped (largest: {kib(max(raw_totals))} / "
          f"{kib(max(gz_totals))} KiB)")
    if missing:
        print(f"- asked for and absent, not counted (a 404): {', '.join(sorted(missing))}")
    print()
    print("Queries:")
    print()
    for q, why in QUERIES:
        print(f"- {q}: {why}")


if __name__ == "__main__":
    main()
