#!/usr/bin/env python3
"""analyze_many against the CLI's folder run on bench-news (a benchmark
script, not a test).

usage: python python/bench/bench_many.py [--shared ../shared] [--bin target/release/analyze]
                                        [--threads 1,2] [--repeat 1] [--limit N]

Splits ../shared/data/bench-news into one file per article (2,653 files,
../shared/tools/split_bench_news.py), then times, in one run:
  - the CLI: `analyze --jsonl --quiet --threads N DIR > out` (whole process);
  - `vnanalyze.analyze_many(sorted paths, threads=N)` consumed to dicts
    (the records as Python objects, what a notebook gets), and the same
    yielding JSON text only (`raw`), to show the cost of building the dicts;
and checks that analyze_many gives exactly the CLI's records, in order
(each CLI line through json.loads equals the dict). Prints MB/s and the
ratio to the CLI for each thread count. Exits 0 with "skipped" when
../shared is absent. Run it on a quiet machine: the figures are wall-clock.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "analyze"))
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--repeat", type=int, default=1, help="best of N timings")
    ap.add_argument("--limit", type=int, default=0, help="only the first N files")
    a = ap.parse_args()
    split = Path(a.shared) / "tools" / "split_bench_news.py"
    if not split.exists():
        print(f"bench_many: skipped ({a.shared} is absent)")
        return 0
    import vnanalyze
    from vnanalyze import _vnanalyze

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bench-news"
        subprocess.run([sys.executable, str(split), str(folder)], check=True, stdout=subprocess.DEVNULL)
        paths = sorted(folder.glob("*.txt"))
        if a.limit:
            for p in paths[a.limit:]:
                p.unlink()
            paths = paths[: a.limit]
        size = sum(p.stat().st_size for p in paths)
        print(f"machine: {os.cpu_count()} cores; vnanalyze {vnanalyze.__version__}; "
              f"{len(paths)} files, {size / 1e6:.2f} MB; binary {a.bin}")
        out = Path(tmp) / "cli.jsonl"
        # Warm the page cache and the binary.
        subprocess.run([a.bin, "--jsonl", "--quiet", str(folder)], stdout=subprocess.DEVNULL, check=False)

        def cli(threads):
            with open(out, "wb") as fh:
                t0 = time.perf_counter()
                subprocess.run([a.bin, "--jsonl", "--quiet", "--threads", str(threads), str(folder)],
                               stdout=fh, check=False)
                return time.perf_counter() - t0

        def batch(threads, raw):
            if raw:
                settings = vnanalyze._settings(None, None, "summarize", False, None, None, None)
                return _vnanalyze.analyze_many(paths, settings, threads, None, True)
            return vnanalyze.analyze_many(paths, threads=threads)

        def many(threads, raw=False):
            # Timed as a consumer that handles each record and lets it go
            # (as the CLI writes each one); the records are compared in a
            # second, untimed pass.
            t0 = time.perf_counter()
            n = 0
            for _ in batch(threads, raw):
                n += 1
            return time.perf_counter() - t0

        def best(f):
            runs = [f() for _ in range(a.repeat)]
            return min(runs)

        print(f"{'run':<34} {'s':>7} {'MB/s':>7} {'vs CLI':>7}")
        for threads in [int(t) for t in a.threads.split(",")]:
            t_cli = best(lambda: cli(threads))
            cli_lines = out.read_text(encoding="utf-8").splitlines()
            t_many = best(lambda: many(threads))
            t_raw = best(lambda: many(threads, raw=True))
            recs = list(batch(threads, False))
            raw = list(batch(threads, True))
            same = len(recs) == len(cli_lines) and all(
                r == json.loads(line) for r, line in zip(recs, cli_lines))
            same_raw = raw == cli_lines
            for label, t in ((f"CLI --threads {threads}", t_cli),
                             (f"analyze_many threads={threads} (dicts)", t_many),
                             (f"analyze_many threads={threads} (JSON text)", t_raw)):
                print(f"{label:<34} {t:>7.2f} {size / 1e6 / t:>7.2f} {t_cli / t:>7.2f}")
            print(f"  same records as the CLI, in order: dicts {same}, JSON text {same_raw} "
                  f"({len(recs)} records, {sum('error' in r for r in recs)} errors)")
            if not (same and same_raw):
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
