#!/usr/bin/env python3
"""Analyse a folder of articles with Apache Spark's mapInPandas and the
`vnanalyze` Python package (no binary to ship, no pipe).

usage: analyze_in_pandas.py INPUT_DIR OUTPUT_DIR

Each file is read as bytes (`binaryFile`, so TCVN3, VNI and Windows-1258
files are detected and decoded as the CLI does), analysed inside the Python
worker by `vnanalyze.analyze_many`, and written as JSON Lines part files
under OUTPUT_DIR: one record per file, `{"id": path, ...the CLI's record}`,
the same shape as `analyze --stdin-jsonl` gives. Each task analyses on one
thread: Spark already runs one task per core.

Local mode (the default master when none is configured), from a clone:
    pip install pyspark pyarrow './python[pandas]'
    python examples/spark/analyze_in_pandas.py articles/ out/

On a cluster, install the wheel on every worker (or ship it with
`--py-files`/an archived virtual environment) and submit:
    spark-submit --master yarn examples/spark/analyze_in_pandas.py hdfs:///news/ hdfs:///news-json/
"""
import json
import sys

from pyspark.sql import SparkSession

# The columns mapInPandas returns: a few fields to query in Spark SQL, and
# the whole record as JSON text.
SCHEMA = "id string, error string, title string, published string, doc_refs int, record string"


def analyze_batches(batches):
    """pandas batches of (path, content) rows -> pandas batches of records."""
    import pandas as pd
    import vnanalyze

    for pdf in batches:
        records = vnanalyze.analyze_many(pdf["content"], threads=1)
        rows = []
        for path, rec in zip(pdf["path"], records):
            meta = rec.get("meta") or {}
            rows.append(
                {
                    "id": path,
                    "error": (rec.get("error") or {}).get("kind"),
                    "title": meta.get("title"),
                    "published": meta.get("published"),
                    "doc_refs": len(rec.get("doc_refs") or []),
                    "record": json.dumps({"id": path, **rec}, ensure_ascii=False),
                }
            )
        yield pd.DataFrame(rows, columns=[c.split()[0] for c in SCHEMA.split(", ")])


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    inp, out = argv[1], argv[2]
    spark = (
        SparkSession.builder.appName("vnanalyze-pandas")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    files = (
        spark.read.format("binaryFile")
        .option("pathGlobFilter", "*.txt")
        .option("recursiveFileLookup", "true")
        .load(inp)
        .select("path", "content")
    )
    results = files.mapInPandas(analyze_batches, schema=SCHEMA).cache()
    results.select("record").write.text(out)
    n = results.count()
    failed = results.where("error IS NOT NULL").count()
    results.unpersist()
    spark.stop()
    print(f"{n} records written to {out} ({failed} failed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
