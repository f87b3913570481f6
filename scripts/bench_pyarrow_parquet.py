#!/usr/bin/env python3
"""pyarrow's figures for the rows `rivulet bench parquet` writes, for comparison.

Usage: .venv/bin/python scripts/bench_pyarrow_parquet.py [EVENTS]
Prints one JSON object like `rivulet bench parquet --json` (write time excludes generation).
"""
import json
import os
import sys
import tempfile
import time

import pyarrow as pa
import pyarrow.parquet as pq


DEVICES = [f"device-{(d * 2654435761) & 0xFFFFFFFF:08x}" for d in range(1000)]
UTC_US = pa.timestamp("us", tz="UTC")


def events(n):
    statuses = ["ok", "ok", "ok", "warn", "error"]
    locations = ["floor-1", "floor-2", "lab", "office"]
    r = range(n)
    return pa.table({
        "device_id": [DEVICES[i % 1000] for i in r],
        "ts": pa.array([1_730_638_574_123_000 + i * 31_250 for i in r], type=UTC_US),
        "temperature": [20 + ((i * 7919) % 1000) / 100 for i in r],
        "humidity": [40 + ((i * 104729) % 3000) / 100 for i in r],
        "battery": [100 - (i % 10000) / 100 for i in r],
        "status": [statuses[(i // 7) % 5] for i in r],
        "location": [locations[(i % 1000) % 4] for i in r],
    })


def windows(n):
    r = range(n)
    start = [(i // 1000) * 10_000_000 + 1_730_638_570_000_000 for i in r]
    return pa.table({
        "window_start": pa.array(start, type=UTC_US),
        "window_end": pa.array([s + 10_000_000 for s in start], type=UTC_US),
        "device_id": [DEVICES[i % 1000] for i in r],
        "count": [30 + i % 11 for i in r],
        "avg_temperature": [22 + (i % 500) / 100 for i in r], "avg_humidity": [50 + (i % 700) / 100 for i in r],
        "min_battery": [80 - (i % 300) / 100 for i in r], "max_battery": [82 - (i % 200) / 100 for i in r],
    })


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, rows, make in (("seed000_events", total, events), ("window_rows", max(1, total // 10), windows)):
            table = make(rows)
            path = os.path.join(tmp, name + ".parquet")
            began = time.perf_counter()
            pq.write_table(table, path, compression="snappy")
            seconds = time.perf_counter() - began
            size = os.path.getsize(path)
            results += [
                {"name": f"{name}_rows_per_s", "value": rows / seconds, "unit": "rows/s"},
                {"name": f"{name}_file_mb_per_s", "value": size / seconds / 1e6, "unit": "MB/s"},
                {"name": f"{name}_file_bytes", "value": size, "unit": "bytes"},
            ]
    print(json.dumps({"bench": "parquet-pyarrow", "results": results}))


if __name__ == "__main__":
    main()
