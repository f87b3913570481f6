"""`rivulet up` as a user runs it: simulators → embedded log → engine → latest.json and a Delta
table that delta-rs and DuckDB read; the log is served over the Kafka protocol meanwhile;
SIGTERM stops cleanly and a restart continues without duplicate windows."""
import json
import signal
import socket
import subprocess
import time

import duckdb
from confluent_kafka import Consumer, TopicPartition
from deltalake import DeltaTable

from rivulet_binary import rivulet_path

CONFIG = """
data_dir: {data}
broker: {{listen: "127.0.0.1:{port}"}}
topics: [{{name: iot-metrics, partitions: 3}}]
simulators: [{{kind: iot, topic: iot-metrics, devices: 8, rate: 50.0, jitter: 0.3, seed: 7}}]
pipelines:
  - name: iot-aggregates
    source: {{topic: iot-metrics, format: json, schema: iot}}
    event_time: {{field: ts, unit: ms, watermark_delay: 1s}}
    window: {{kind: tumbling, size: 2s}}
    group_by: [device_id]
    aggregates: {{count: count(), avg_temperature: avg(temperature), avg_humidity: avg(humidity),
                 min_battery: min(battery), max_battery: max(battery)}}
    emit: {{live_every: 100ms}}
    checkpoint_interval: 1s
    sinks:
      - {{kind: snapshot, path: aggregates/latest.json}}
      - {{kind: delta, table: iot_window_agg, partition_by: [device_id]}}
    late_events: {{table: iot_late_events}}
    dead_letter: {{topic: iot-metrics.dlq}}
lake: {{flush_interval: 1s}}
dashboard: {{listen: "127.0.0.1:{dashboard}"}}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(tmp_path, config):
    process = subprocess.Popen([rivulet_path(), "up", "--config", str(config), "--status-every", "1"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 30
    for line in process.stdout:
        if "broker listening" in line:
            return process
        assert time.monotonic() < deadline, "rivulet up did not start"
    raise AssertionError("rivulet up exited early")


def stop(process):
    process.send_signal(signal.SIGTERM)
    began = time.monotonic()
    code = process.wait(timeout=30)
    return code, time.monotonic() - began


def windows(table_path):
    return DeltaTable(str(table_path)).to_pyarrow_table().to_pylist()


def wait_for_windows(table_path, minimum, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if len(windows(table_path)) >= minimum:
                return
        except Exception:  # the table's first commit may not exist yet
            pass
        time.sleep(0.5)
    raise AssertionError(f"fewer than {minimum} windows committed in {timeout}s")


def test_up_runs_the_seed_pipeline_end_to_end(tmp_path):
    port = free_port()
    config = tmp_path / "rivulet.yml"
    config.write_text(CONFIG.format(data=tmp_path / "data", port=port, dashboard=free_port()))
    table = tmp_path / "data" / "lake" / "iot_window_agg"

    process = start(tmp_path, config)
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
        code, seconds = stop(process)
    assert code == 0 and seconds < 5

    before = windows(table)
    process = start(tmp_path, config)
    try:
        wait_for_windows(table, len(before) + 16)
    finally:
        code, _ = stop(process)
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
