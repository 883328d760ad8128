#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/.

Seeds: the seed article(s) in seeds/, every `input` of the TOML fixtures
(clean, extract, entities), every `>` line of the segmentation fixtures,
every file of fixtures/regressions/ (past crashes), the seed article in
the legacy encodings (decode target) and some short hostile snippets. The
`pipeline` target reads its first byte as options, so its seeds get a
zero byte (detect the encoding, default options) in front.

usage: python3 fuzz/seed.py            (from anywhere; plain python3 >= 3.11)
"""
import hashlib, os, tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TARGETS = ["decode", "normalize", "tokenize", "extract", "pipeline"]


def seeds():
    out = []
    for d in ["seeds", "fixtures/regressions"]:
        p = os.path.join(ROOT, d)
        if os.path.isdir(p):
            for f in sorted(os.listdir(p)):
                if not f.endswith(".md"):
                    out.append(open(os.path.join(p, f), "rb").read())
    for sub in ["clean", "extract", "entities"]:
        p = os.path.join(ROOT, "fixtures", sub)
        for f in sorted(os.listdir(p)):
            if f.endswith(".toml"):
                t = tomllib.load(open(os.path.join(p, f), "rb"))
                cases = t.get("case", [])
                if "input" in t:
                    cases = cases + [t]
                for c in cases:
                    if isinstance(c.get("input"), str):
                        out.append(c["input"].encode())
    p = os.path.join(ROOT, "fixtures", "segment")
    for f in sorted(os.listdir(p)):
        if f.endswith(".txt"):
            for line in open(os.path.join(p, f), encoding="utf-8"):
                if line.startswith("> "):
                    out.append(line[2:].rstrip("\n").encode())
    out += [
        "Nghị quyết số 37-NQ/TU ngày 31/2/2024, ngày 0/0/0.\r\nLone\rCR".encode(),
        ("1" * 300 + " tỷ đồng").encode(),
        "\u0301\u0300\u0303" .encode() * 20,
        "Hoà bình\u00a0\u200b YênBái 24- CT/TU".encode(),
    ]
    return out


def main():
    base = seeds()
    article = open(os.path.join(ROOT, "seeds", sorted(os.listdir(os.path.join(ROOT, "seeds")))[0]), encoding="utf-8").read()
    extra = []
    for enc in ["cp1258", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"]:
        try:
            extra.append(article[:4000].encode(enc, errors="replace"))
        except LookupError:
            pass
    for t in TARGETS:
        d = os.path.join(HERE, "corpus", t)
        os.makedirs(d, exist_ok=True)
        items = base + (extra if t in ("decode", "pipeline") else [])
        for b in items:
            if t == "pipeline":
                b = b"\x00" + b
            name = hashlib.sha1(b).hexdigest()
            with open(os.path.join(d, name), "wb") as fh:
                fh.write(b)
        print(t, len(os.listdir(d)), "seeds")


if __name__ == "__main__":
    main()
