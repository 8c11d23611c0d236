#!/usr/bin/env python3
"""Load test of the web workspace, on loopback only — figures to read, not assertions.

Serves a store of N generated reports (made here with `xxgk synth` and `xxgk ingest`, or the
store given with --db) with the release build, then runs CLIENTS clients at once for SECONDS
seconds, each asking in turn for a mix of what reviewers open: the list and its filters, a
review page, the API, the overview and 统计, and now and then a whole-file export. Prints the
requests made, their status codes, the p50/p99/slowest times, and the server's peak resident
memory and thread count (from /proc). A 429 is a bounded refusal (Retry-After), counted apart;
an error is a 5xx or a request that got no answer.

Usage: tools/load-test.py [--reports N] [--clients C] [--seconds S] [--db STORE]
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
XXGK = os.path.join(ROOT, "target", "release", "xxgk")

PAGES = [
    "/reports", "/reports?page=3", "/reports?year=2023", "/reports?severity=error", "/reports?sort=errors",
    "/reports?code=T3-FLOW", "/api/reports", "/overview", "/stats", "/ranking", "/rollup", "/rules",
    "/reports/{id}", "/api/reports/{id}", "/reports/{id}", "/reports/{id}",
]
HEAVY = ["/reports.xlsx?year=2023", "/data/stats.csv?by=region&year=2023"]


def peak(pid):
    """The server's peak resident memory (MB) and its threads, from /proc."""
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.strip()
    return int(fields["VmHWM"].split()[0]) / 1024, int(fields["Threads"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=20000)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--db")
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="xxgk-load-")
    try:
        db = a.db
        if not db:
            db = os.path.join(work, "s.db")
            t = time.time()
            subprocess.run([XXGK, "synth", str(a.reports), "--out", os.path.join(work, "in"), "--seed", "7",
                            "--forms", "tsv,pipes,md,html", "--inconsistent", "0.3"], check=True, stdout=subprocess.DEVNULL)
            subprocess.run([XXGK, "ingest", "--db", db, os.path.join(work, "in")],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print(f"store of {a.reports} generated reports in {time.time() - t:.0f} s")
        server = subprocess.Popen([XXGK, "serve", "--db", db, "--addr", "127.0.0.1:0"], stderr=subprocess.PIPE, text=True)
        base = None
        for line in server.stderr:
            m = re.search(r"http://[0-9.:]+", line)
            if m:
                base = m.group(0)
                break
        threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
        ids = re.findall(r'"id":(\d+)', urllib.request.urlopen(base + "/api/reports").read().decode())
        times, codes, lock = [], {}, threading.Lock()
        stop = time.time() + a.seconds

        def client(seed):
            rnd = random.Random(seed)
            while time.time() < stop:
                path = rnd.choice(HEAVY) if rnd.random() < 0.02 else rnd.choice(PAGES)
                url = base + path.replace("{id}", rnd.choice(ids))
                t = time.time()
                try:
                    with urllib.request.urlopen(url, timeout=120) as r:
                        r.read()
                        code = r.status
                except urllib.error.HTTPError as e:
                    code = e.code
                except Exception:
                    code = "no answer"
                with lock:
                    times.append(time.time() - t)
                    codes[code] = codes.get(code, 0) + 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(a.clients)]
        for th in threads:
            th.start()
        highest_threads = 0
        while any(th.is_alive() for th in threads):
            highest_threads = max(highest_threads, peak(server.pid)[1])
            time.sleep(0.5)
        memory, _ = peak(server.pid)
        server.kill()
        times.sort()
        q = lambda p: times[min(len(times) - 1, int(p * len(times)))] * 1000
        errors = sum(n for c, n in codes.items() if c == "no answer" or (isinstance(c, int) and c >= 500))
        print(f"{a.clients} clients for {a.seconds:.0f} s: {len(times)} requests ({len(times) / a.seconds:.0f}/s), "
              f"codes {dict(sorted(codes.items(), key=str))}, errors {errors}")
        print(f"p50 {q(0.5):.0f} ms, p99 {q(0.99):.0f} ms, slowest {times[-1] * 1000:.0f} ms; "
              f"server peak memory {memory:.0f} MB, at most {highest_threads} threads")
        sys.exit(1 if errors else 0)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
