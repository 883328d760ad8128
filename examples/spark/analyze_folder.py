#!/usr/bin/env python3
"""Run `analyze --stdin-jsonl` over a folder of articles with Apache Spark.

usage: analyze_folder.py INPUT_DIR OUTPUT_DIR [ANALYZE_BINARY]

Each article becomes one JSON Lines record {"id": path, "text": ...}; the
records are piped through the `analyze` binary with RDD.pipe (the same filter
form Hadoop Streaming uses), and the output records, one per article with the
same id, are written as text part files under OUTPUT_DIR.

Local mode (the default master when none is configured):
    python3 examples/spark/analyze_folder.py articles/ out/ target/release/analyze

On a cluster, ship the static binary with the job and refer to it by name:
    spark-submit --master yarn --files target/release/analyze \\
        examples/spark/analyze_folder.py hdfs:///news/ hdfs:///news-json/ analyze
"""
import json
import os
import sys

from pyspark import SparkFiles
from pyspark.sql import SparkSession


def to_record(path_and_text):
    path, text = path_and_text
    return json.dumps({"id": path, "text": text}, ensure_ascii=False)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    inp, out = argv[1], argv[2]
    binary = argv[3] if len(argv) > 3 else "analyze"
    spark = (
        SparkSession.builder.appName("vnanalyze")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    sc = spark.sparkContext
    # A binary shipped with --files is found by name on every executor; a
    # path that exists here (local mode) is used as it is.
    command = os.path.abspath(binary) if os.path.exists(binary) else SparkFiles.get(binary)
    # One thread per task: Spark already runs one task per core.
    cmd = [command, "--stdin-jsonl", "--quiet", "--threads", "1"]
    files = sc.wholeTextFiles(inp)
    results = files.map(to_record).pipe(" ".join(cmd))
    results.saveAsTextFile(out)
    n = results.count()
    spark.stop()
    print(f"{n} records written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
