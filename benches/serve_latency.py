#!/usr/bin/env python3
"""Time from saving a one-page edit to the reload event of `prongsai serve`.

  python3 benches/serve_latency.py SITE_DIR PAGE_FILE [--runs 7] [--prongsai target/release/prongsai]

PAGE_FILE is relative to SITE_DIR (e.g. content/section-050/page-05000.md). Each run appends a
line to the file, then reads the server's event stream until `event: reload`; the file is
restored at the end. Prints each time and the median, in milliseconds.
"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("page")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--prongsai", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "prongsai"))
    a = ap.parse_args()
    proc = subprocess.Popen([a.prongsai, "serve", "--port", "0", "--root", a.site],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        addr = line[line.index("http://") + 7:].split("/")[0]
        host, port = addr.rsplit(":", 1)
        sock = socket.create_connection((host, int(port)))
        sock.sendall(b"GET /__prongsai/events HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.settimeout(30)
        buf = b""
        while b"text/event-stream" not in buf:
            buf += sock.recv(4096)
        path = os.path.join(a.site, a.page)
        original = open(path, encoding="utf-8").read()
        times = []
        try:
            for i in range(a.runs):
                time.sleep(0.3)
                buf = b""
                start = time.perf_counter()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(original + f"\nแก้ไขครั้งที่ {i}\n")
                while b"event: reload" not in buf:
                    buf += sock.recv(65536)
                times.append((time.perf_counter() - start) * 1000)
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
        print(" ".join(f"{t:.0f}" for t in times), "ms; median", f"{statistics.median(times):.0f} ms")
    finally:
        proc.kill()


if __name__ == "__main__":
    sys.exit(main())
