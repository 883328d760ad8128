#!/usr/bin/env python3
"""Times the `analyze` binary and the Python peers on the same inputs and
prints one side-by-side table (MB/s of input, peak RSS). Called by
bench/run.sh; plain python3 (the peers run under their own venv).

Inputs:
  bench-news  the whole bench-news corpus, one file per article (split
              with ../shared/tools/split_bench_news.py); `analyze` only,
              it is too slow for the peers (BENCH_FULL_PEERS=1 runs them).
  slice       the first BENCH_SAMPLE_BYTES (default 500 kB) of bench-news,
              whole articles: every tool.
  seed        the seed article (17 kB): every tool; one process per run,
              so start-up counts.
Rows: `analyze` (the whole pipeline, a folder on all cores and with
--threads 1, and the tokenize stage alone), the peers' word segmenters
(underthesea, pyvi), dateparser, underthesea NER, and the peers' Python
pipeline (underthesea normalize + sentences + words + POS + NER,
dateparser, sumy LexRank) per article. Times are medians of BENCH_RUNS.
"""
import argparse, json, os, platform, re, shutil, statistics, subprocess, sys, tempfile, time

PEERS = ["underthesea", "pyvi", "dateparser", "uts-ner"]


def timed(cmd, runs):
    """Median wall seconds and max peak RSS (MB) of `cmd` over `runs` runs."""
    walls, rss = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        walls.append(time.perf_counter() - t0)
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
        rss = max(rss, int(m.group(1)) / 1024 if m else 0)
        if p.returncode not in (0, 1):
            sys.exit("failed: %s\n%s" % (" ".join(cmd), p.stderr[-2000:]))
    return statistics.median(walls), rss


def peer_bench(shared, path, peers, runs, pipeline=False):
    tool = os.path.join(shared, "tools", "peers", "peer_bench.py")
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        cmd = [sys.executable, tool, path, "--runs", str(runs), "--json", out.name]
        cmd += ["--pipeline", "--cold-runs", "1"] if pipeline else ["--peers", ",".join(peers), "--split", "underthesea"]
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            return json.load(open(out.name))
        except (OSError, ValueError):
            print("peers failed on %s: %s" % (path, (p.stderr or p.stdout)[-500:]), file=sys.stderr)
            return []


def cpu_model():
    try:
        for ln in open("/proc/cpuinfo"):
            if ln.startswith("model name"):
                return ln.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--shared", required=True)
    a = ap.parse_args()
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    sample = int(os.environ.get("BENCH_SAMPLE_BYTES", "500000"))
    full_peers = os.environ.get("BENCH_FULL_PEERS") == "1"
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    seed = os.path.join(root, "seeds", sorted(os.listdir(os.path.join(root, "seeds")))[0])
    tmp = tempfile.mkdtemp(prefix="vnbench-")
    try:
        news = os.path.join(tmp, "bench-news")
        subprocess.run([sys.executable, os.path.join(a.shared, "tools", "split_bench_news.py"), news], check=True)
        files = sorted(os.listdir(news))
        whole = os.path.join(tmp, "bench-news.txt")
        with open(whole, "wb") as w:
            for f in files:
                w.write(open(os.path.join(news, f), "rb").read() + b"\n")
        sl_dir, sl_file, size = os.path.join(tmp, "slice"), os.path.join(tmp, "slice.txt"), 0
        os.makedirs(sl_dir)
        with open(sl_file, "wb") as w:
            for f in files:
                if size >= sample:
                    break
                b = open(os.path.join(news, f), "rb").read()
                open(os.path.join(sl_dir, f), "wb").write(b)
                w.write(b + b"\n")
                size += len(b) + 1
        inputs = [("bench-news", news, whole), ("slice", sl_dir, sl_file), ("seed", seed, seed)]
        sizes = {n: os.path.getsize(f) for n, _, f in inputs}
        counts = {"bench-news": len(files), "slice": len(os.listdir(sl_dir)), "seed": 1}
        rows = {}  # tool -> {input: (MB/s, RSS)}

        def put(tool, inp, secs, rss):
            rows.setdefault(tool, {})[inp] = (sizes[inp] / 1e6 / secs if secs else None, rss)

        for name, path, _ in inputs:
            for tool, extra in [("analyze (all cores)", []), ("analyze --threads 1", ["--threads", "1"]),
                                ("analyze tokenize", ["tokenize"])]:
                cmd = [a.bin] + (extra if extra[:1] == ["tokenize"] else []) + ["--jsonl", "--quiet"]
                cmd += [x for x in extra if x != "tokenize"] + [path]
                put(tool, name, *timed(cmd, runs))
        peer_inputs = inputs if full_peers else inputs[1:]
        for name, _, path in peer_inputs:
            for r in peer_bench(a.shared, path, PEERS, runs):
                if "error" not in r and r.get("median_s"):
                    put("py " + r["peer"], name, r["median_s"], r.get("peak_rss_MB"))
        for r in peer_bench(a.shared, seed, PEERS, runs, pipeline=True):
            if r.get("peer") == "pipeline-warm" and r.get("median_s"):
                put("py pipeline (warm)", "seed", r["median_s"], r.get("peak_rss_MB"))
            if r.get("peer") == "pipeline-cold" and r.get("process_wall_median_s"):
                put("py pipeline (cold process)", "seed", r["process_wall_median_s"], r.get("peak_rss_MB"))

        names = [n for n, _, _ in inputs]
        print("Machine: %s, %d cores (nproc), %s; %s; median of %d runs" % (
            cpu_model(), os.cpu_count() or 0, platform.system(), time.strftime("%Y-%m-%d"), runs))
        print("Inputs: " + ", ".join("%s %.2f MB (%d files)" % (n, sizes[n] / 1e6, counts[n]) for n in names))
        print()
        print("| tool | " + " | ".join("%s MB/s | %s peak RSS MB" % (n, n) for n in names) + " |")
        print("|---|" + "---:|" * (2 * len(names)))
        for tool, cells in rows.items():
            out = []
            for n in names:
                mbs, rss = cells.get(n, (None, None))
                out += ["%.3g" % mbs if mbs else "-", "%.0f" % rss if rss else "-"]
            print("| %s | %s |" % (tool, " | ".join(out)))
        print()
        print("analyze: the whole pipeline (decode to summary) unless named; a folder of files "
              "is analysed in parallel. py: Python peers via ../shared/tools/peers/peer_bench.py "
              "(segmenters and NER time the work only, after load, sentences split untimed; "
              "pipeline (warm) = one article after load, (cold process) = interpreter start to result).")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
