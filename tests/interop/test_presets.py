"""Every preset as a user runs it: `rivulet init --preset X`, `rivulet up` for a few seconds,
SIGTERM; then delta-rs (deltalake) and pyarrow read every table the preset's pipelines write.
A restart with `rivulet process` (no simulators, so no new input) must commit nothing new,
and a SIGKILL in the middle of a run followed by a restart must leave no row twice."""
import json
import pathlib
import signal
import socket
import subprocess
import time

import pyarrow.compute as pc
import pytest
from deltalake import DeltaTable

from rivulet_binary import rivulet_path

TABLES = {
    "platform": ["clickstream", "iot", "clickstream_agg"],
    "smarttech": ["bronze", "silver", "gold"],
    "urban": ["vehicle_data", "gps_data", "traffic_data", "weather_data", "emergency_data"],
}
# Tables that must have rows after a few seconds (windowed ones may not have closed a window yet).
RAW = {
    "platform": ["clickstream", "iot"],
    "smarttech": ["bronze", "silver"],
    "urban": ["vehicle_data", "gps_data"],
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def init(tmp_path, preset):
    subprocess.run([rivulet_path(), "init", "--preset", preset, str(tmp_path)], check=True, capture_output=True)
    config = tmp_path / "rivulet.yml"
    assert config.exists()
    # Rows wait in carry files for a few epochs (not the default 30 s) before they become files.
    text = config.read_text()
    assert "flush_interval: 30s" in text
    config.write_text(text.replace("flush_interval: 30s", "flush_interval: 3s"))
    return config


def up(tmp_path, config):
    args = [rivulet_path(), "up", "--config", str(config), "--data-dir", str(tmp_path / "data"),
            "--broker-listen", f"127.0.0.1:{free_port()}", "--dashboard-listen", f"127.0.0.1:{free_port()}",
            "--status-every", "1"]
    return subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def process(tmp_path, config):
    args = [rivulet_path(), "process", "--config", str(config), "--data-dir", str(tmp_path / "data")]
    return subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0


def table(tmp_path, name):
    return DeltaTable(str(tmp_path / "data" / "lake" / name)).to_pyarrow_table()


def wait_for_rows(tmp_path, names, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if all(table(tmp_path, n).num_rows > 0 for n in names):
                return
        except Exception:  # a table's first commit may not exist yet
            pass
        time.sleep(0.5)
    raise AssertionError(f"no rows in {names} after {timeout}s")


def rows_as_keys(t):
    return [json.dumps(r, sort_keys=True, default=str) for r in t.to_pylist()]


@pytest.mark.parametrize("preset", ["platform", "smarttech", "urban"])
def test_preset_runs_every_pipeline_and_restarts_without_duplicates(tmp_path, preset):
    config = init(tmp_path, preset)
    if preset == "smarttech":
        inbox = tmp_path / "data" / "input"
        inbox.mkdir(parents=True)
        lines = [json.dumps({"sensor_id": f"file-{i}", "building": "hq", "room": "Lab", "ts": 1730638570000 + i,
                             "temperature": 21.0, "humidity": 40.0, "co2": 450.0}) for i in range(25)]
        (inbox / "batch-1.json").write_text("\n".join(lines) + "\n")
    proc = up(tmp_path, config)
    try:
        wait_for_rows(tmp_path, RAW[preset])
        time.sleep(1)
    finally:
        stop(proc)

    before = {name: table(tmp_path, name) for name in TABLES[preset]}
    for name in RAW[preset]:
        assert before[name].num_rows > 0, name

    if preset == "platform":
        clicks = before["clickstream"]
        assert {"event_id", "user_id", "url", "ts", "dt"} <= set(clicks.column_names)
        assert str(clicks.schema.field("ts").type).startswith("timestamp[us")
        days = set(clicks.column("dt").to_pylist())
        assert all(len(d) == 10 and d[4] == "-" for d in days)
        assert pc.all(pc.starts_with(clicks.column("url"), "/")).as_py()
        partitions = [p.name for p in (tmp_path / "data" / "lake" / "clickstream").iterdir() if p.name.startswith("dt=")]
        assert partitions
    if preset == "smarttech":
        silver = before["silver"]
        assert set(silver.column_names) == {"sensor_id", "building", "room", "ts", "temperature_c", "humidity_pct", "co2_ppm"}
        assert all(b == b.upper() for b in silver.column("building").to_pylist())
        temps = silver.column("temperature_c").to_pylist()
        assert all(-40 <= t <= 85 for t in temps if t is not None)
        keys = list(zip(silver.column("sensor_id").to_pylist(), silver.column("ts").to_pylist()))
        assert len(keys) == len(set(keys)), "silver holds a duplicate reading"
        files = [s for s in before["bronze"].column("sensor_id").to_pylist() if s.startswith("file-")]
        assert sorted(files) == sorted(f"file-{i}" for i in range(25)), "each file line once in bronze"
    if preset == "urban":
        gps = before["gps_data"]
        assert str(gps.schema.field("timestamp").type).startswith("timestamp[us")
        lats = gps.column("latitude").to_pylist()
        assert all(13.0 < x < 17.5 for x in lats)  # Antipolo → Baguio

    # No new input: a restart commits nothing new.
    proc = process(tmp_path, config)
    time.sleep(3)
    stop(proc)
    for name in TABLES[preset]:
        assert table(tmp_path, name).num_rows == before[name].num_rows, name

    # SIGKILL mid-run, then catch up: no row twice in tables whose rows are unique.
    proc = up(tmp_path, config)
    time.sleep(4)
    proc.kill()
    proc.wait()
    proc = process(tmp_path, config)
    time.sleep(4)
    stop(proc)
    unique = {"platform": ["iot"], "smarttech": ["silver"], "urban": ["gps_data", "vehicle_data"]}[preset]
    for name in unique:
        keys = rows_as_keys(table(tmp_path, name))
        assert len(keys) == len(set(keys)), f"{name} holds a row twice after a crash"
        assert len(keys) >= before[name].num_rows
