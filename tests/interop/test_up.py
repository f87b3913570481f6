"""`rivulet up` as a user runs it: simulators → embedded log → engine → latest.json and a Delta
table that delta-rs and DuckDB read; the log is served over the Kafka protocol meanwhile;
SIGTERM stops cleanly and a restart continues without duplicate windows."""
import json

import duckdb
from confluent_kafka import Consumer, TopicPartition

from up_process import UpProcess, wait_for_windows, windows, write_config


def test_up_runs_the_seed_pipeline_end_to_end(tmp_path):
    config, port, _ = write_config(tmp_path)
    table = tmp_path / "data" / "lake" / "iot_window_agg"

    process = UpProcess(tmp_path, config)
    try:
        wait_for_windows(table, 16)
        latest = json.loads((tmp_path / "data" / "aggregates" / "latest.json").read_text())
        assert set(latest) == {"updated_at", "records"}
        assert {"window_start", "window_end", "device_id", "count", "avg_temperature", "avg_humidity",
                "min_battery", "max_battery"} <= set(latest["records"][0])

        # The same events are readable over the Kafka protocol while `up` runs.
        consumer = Consumer({"bootstrap.servers": f"127.0.0.1:{port}", "group.id": "t", "enable.auto.commit": False})
        consumer.assign([TopicPartition("iot-metrics", p, 0) for p in range(3)])
        events = [m for m in consumer.consume(200, timeout=10) if m.error() is None]
        consumer.close()
        assert len(events) >= 50
        first = json.loads(events[0].value())
        assert events[0].key().decode() == first["device_id"]
    finally:
        code, seconds = process.stop()
    assert code == 0 and seconds < 5

    before = windows(table)
    process = UpProcess(tmp_path, config)
    try:
        wait_for_windows(table, len(before) + 16)
    finally:
        code, _ = process.stop()
    assert code == 0

    rows = windows(table)
    keys = [(r["window_start"], r["device_id"]) for r in rows]
    assert len(keys) == len(set(keys)), "a window was committed twice"
    assert all(r["count"] > 0 and r["min_battery"] <= r["max_battery"] for r in rows)
    # `**/*.parquet` would also match the Delta checkpoints in _delta_log; the data files are
    # the partition folders' (no optimize has run, so every file is live).
    hive = duckdb.sql(
        f"select count(*), count(distinct device_id) from read_parquet('{table}/device_id=*/*.parquet', hive_partitioning=true)"
    ).fetchall()[0]
    assert hive == (len(rows), 8)
