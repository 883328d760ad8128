#!/usr/bin/env python3
"""Linear-time evidence for the hostile inputs of tests/adversarial.rs:
each case is generated at 1x, 2x and 4x its base size and run through the
release binary under /usr/bin/time -v; prints seconds, MB/s, peak RSS and
the time ratio 4x/1x (about 4 when linear).

usage: python3 bench/adversarial.py [--bin target/release/analyze] [--scale 1]
       [--factors 1,2,4,8] [--stage normalize|tokenize|extract] [--tokens] [CASE ...]
(--scale multiplies every base size; --scale 4 reaches the sizes of the
issue: 50 MB line, 1M blank lines, 100,000 "Nghị quyết số". --stage runs
one stage command instead of the whole pipeline, to see where memory goes.
The flood cases of issue 17, item 8 are "1% flood", "% flood" and the
"... flood" cases after them, 1 MiB at 1x: `--scale 6 --factors 1,2,4,8`
gives the 6/12/24/48 MiB of the README's table. Every run is --threads 1.)
"""
import argparse, os, re, subprocess, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = open(os.path.join(ROOT, "seeds", sorted(os.listdir(os.path.join(ROOT, "seeds")))[0]), encoding="utf-8").read()
BODY = SEED.split("\nTags")[0]
ONE = " ".join(l for l in BODY.split("\n") if l.strip()) + " "
TAIL = SEED[SEED.index("\nTags") + 1:].rstrip("\n") + "\n"


def gen(case, k):
    """The input of `case` at size factor k (bytes)."""
    if case == "one line":
        n = int(3_125_000 * k)
        return (ONE * (n // len(ONE.encode()) + 1)).encode()[:n].decode("utf-8", "ignore").encode()
    if case == "blank lines":
        return ("Tiêu đề\n" + "\n" * int(250_000 * k) + "Nghị quyết số 37-NQ/TU.\n").encode()
    if case == "boilerplate":
        return (SEED[:SEED.index("\nTags") + 1] + TAIL * int(190 * k)).encode()
    if case == "combining marks":
        return ("\u0301\u0300\u0309\u0303" * int(62_500 * k)).encode()
    if case == "digits":
        return ("Tăng " + "7" * int(250_000 * k) + " tỷ đồng.").encode()
    if case == "Nghị quyết số":
        return ("Nghị quyết số " * int(25_000 * k) + "37-NQ/TU.").encode()
    if case == "CR/CRLF":
        return (SEED.replace("\n", "\r\n") + SEED.replace("\n", "\r")).encode() * int(20 * k)
    if case == "invalid dates":
        return ("ngày 31/2/2024, ngày 0/0/0, ngày 29/2/2024. " * int(10_000 * k)).encode()
    if case == "1% flood":
        return ("1% " * int(2**20 // 3 * k)).encode()
    if case == "% flood":
        return ("%" * int(2**20 * k)).encode()
    if case in FLOODS:
        unit = FLOODS[case].encode()
        head = b"<!DOCTYPE html><html><body><article>" if unit.startswith(b"<") else b""
        return head + unit * int(2**20 * k // len(unit))
    raise KeyError(case)


# Dense floods of one kind of item (issue 17, item 8): each unit repeated to
# 1 MiB x k.
FLOODS = {
    "number flood": "1 ",
    "date flood": "ngày 1/1/2020 ",
    "doc ref flood": "Nghị quyết số 1-NQ/TW ",
    "entity flood": "Bộ Tài chính ",
    "sentence flood": "a. ",
    "token flood": "a ",
    "line flood": "x\n",
    "<br> page": "<br>",
    "<p> page": "<p>a</p>",
}


CASES = ["one line", "blank lines", "boilerplate", "combining marks", "digits",
         "Nghị quyết số", "CR/CRLF", "invalid dates", "1% flood", "% flood"] + list(FLOODS)


def run(binary, path, stage=None, tokens=False):
    t0 = time.perf_counter()
    cmd = [binary] + ([stage] if stage else []) + ["--jsonl", "--quiet", "--threads", "1"] \
        + (["--tokens"] if tokens else []) + [path]
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    return wall, int(m.group(1)) / 1024 if m else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "analyze"))
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--factors", default="1,2,4", help="size factors, comma-separated")
    ap.add_argument("--stage", choices=["normalize", "tokenize", "extract"])
    ap.add_argument("--tokens", action="store_true", help="write the sentences and words too")
    ap.add_argument("cases", nargs="*", default=CASES)
    a = ap.parse_args()
    fs = [float(f) for f in a.factors.split(",")]
    n = "%gx" % fs[-1]
    print("| case | 1x MB | " + " | ".join("%gx s" % f for f in fs) + " | " + " | ".join("%gx peak RSS MB" % f for f in fs)
          + " | %s bytes of RSS per input byte | %s/1x time |" % (n, n))
    print("|---|" + "---:|" * (2 * len(fs) + 3))
    with tempfile.TemporaryDirectory() as tmp:
        for case in a.cases:
            res = []
            for k in fs:
                data = gen(case, k * a.scale)
                path = os.path.join(tmp, "in.txt")
                open(path, "wb").write(data)
                res.append((len(data),) + run(a.bin, path, a.stage, a.tokens))
            b1, t1 = res[0][0], res[0][1]
            bn, tn, rn = res[-1]
            print("| %s | %.2f | %s | %s | %.0f | %.1f |" % (
                case, b1 / 1e6, " | ".join("%.2f" % r[1] for r in res),
                " | ".join("%.0f" % r[2] for r in res), rn * 2**20 / bn, tn / t1), flush=True)


if __name__ == "__main__":
    main()
