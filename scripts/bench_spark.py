#!/usr/bin/env python3
"""Seed 000's aggregation in Spark Structured Streaming, on the NDJSON our engine bench uses,
for `rivulet bench engine`'s comparison (issue 6: we must be at least 20x faster).

The job is the seed's: JSON with a schema, event time from `ts` (epoch ms), a 1-minute
watermark, 10-second tumbling windows per device_id, count, avg temperature, avg humidity,
min and max battery; local[2]; append mode; trigger availableNow over the file, so the
figure is events / (query wall time) with Spark's startup excluded.

pyspark goes into its own venv (default .venv-spark, never .venv or requirements.txt: CI
must not download it). Java 17 must be installed.

    python3 scripts/bench_spark.py [--events 2000000] [--rivulet .build/release/rivulet] [--ours]

With --ours it also runs `rivulet bench engine --json` on the same event count and prints
the ratio.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]


def ensure_pyspark(venv: pathlib.Path) -> pathlib.Path:
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    if subprocess.run([str(python), "-c", "import pyspark"], capture_output=True).returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", "pyspark==3.5.*"], check=True)
    return python


SPARK_JOB = r'''
import sys, time, json
from pyspark.sql import SparkSession, functions as F, types as T

path, checkpoint = sys.argv[1], sys.argv[2]
spark = (SparkSession.builder.master("local[2]").appName("seed000-bench")
         .config("spark.sql.shuffle.partitions", "2").config("spark.ui.enabled", "false")
         .config("spark.driver.memory", "4g").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
schema = T.StructType([
    T.StructField("device_id", T.StringType()), T.StructField("ts", T.LongType()),
    T.StructField("temperature", T.DoubleType()), T.StructField("humidity", T.DoubleType()),
    T.StructField("battery", T.DoubleType()), T.StructField("status", T.StringType()),
    T.StructField("location", T.StringType())])
events = (spark.readStream.schema(schema).json(path)
          .withColumn("event_time", (F.col("ts") / 1000).cast("timestamp"))
          .withWatermark("event_time", "1 minute"))
windows = (events.groupBy(F.window("event_time", "10 seconds"), F.col("device_id"))
           .agg(F.count("*").alias("count"), F.avg("temperature").alias("avg_temperature"),
                F.avg("humidity").alias("avg_humidity"), F.min("battery").alias("min_battery"),
                F.max("battery").alias("max_battery")))
query = (windows.writeStream.outputMode("append").format("noop").option("checkpointLocation", checkpoint)
         .trigger(availableNow=True))
started = time.monotonic()
running = query.start()
running.awaitTermination()
seconds = time.monotonic() - started
rows = sum(p.get("numInputRows", 0) for p in running.recentProgress)
print(json.dumps({"seconds": seconds, "input_rows": rows}))
spark.stop()
'''


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=2_000_000)
    parser.add_argument("--rivulet", default=str(ROOT / ".build" / "release" / "rivulet"))
    parser.add_argument("--venv", default=str(ROOT / ".venv-spark"))
    parser.add_argument("--ours", action="store_true", help="also run rivulet bench engine --json")
    args = parser.parse_args()
    python = ensure_pyspark(pathlib.Path(args.venv))
    with tempfile.TemporaryDirectory(prefix="rivulet-spark-") as tmp:
        data = pathlib.Path(tmp) / "input"
        data.mkdir()
        subprocess.run([args.rivulet, "bench", "engine", "--rows", str(args.events),
                        "--write-input", str(data / "events.json")], check=True)
        job = pathlib.Path(tmp) / "job.py"
        job.write_text(SPARK_JOB)
        out = subprocess.run([str(python), str(job), str(data), str(pathlib.Path(tmp) / "checkpoint")],
                             check=True, capture_output=True, text=True, env={**os.environ, "PYSPARK_PYTHON": str(python)})
        spark = json.loads(out.stdout.strip().splitlines()[-1])
    spark_rate = args.events / spark["seconds"]
    result = {"events": args.events, "spark_seconds": round(spark["seconds"], 2),
              "spark_input_rows": spark["input_rows"], "spark_events_per_s": round(spark_rate)}
    if args.ours:
        ours = json.loads(subprocess.run([args.rivulet, "bench", "engine", "--json", "--rows", str(args.events)],
                                         check=True, capture_output=True, text=True).stdout)
        figures = {r["name"]: r["value"] for r in ours["results"]}
        result["rivulet_events_per_s"] = figures["seed000_events_per_s"]
        result["rivulet_log_events_per_s"] = figures["seed000_log_events_per_s"]
        result["speedup"] = round(figures["seed000_events_per_s"] / spark_rate, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
