"""`rivulet lake …` over a Delta table that delta-rs wrote, as a user would run it."""
import os
import pathlib
import subprocess

import pyarrow as pa
from deltalake import DeltaTable, write_deltalake

from rivulet_binary import rivulet_path


def run(*args, cwd):
    return subprocess.run([rivulet_path(), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_stats_history_optimize_vacuum_check(tmp_path):
    table_path = tmp_path / "data" / "lake" / "readings"
    for day in range(4):  # four small appends: four small files in one partition
        batch = pa.table({"device_id": ["d1", "d2"], "value": [float(day), float(day) + 0.5], "dt": ["2024-11-03"] * 2})
        write_deltalake(str(table_path), batch, mode="append", partition_by=["dt"])

    stats = run("lake", "stats", cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    row = next(line for line in stats.stdout.splitlines() if line.startswith("readings"))
    version, files, small, rows = row.split()[1:5]
    assert (version, files, small, rows) == ("3", "4", "4", "8")

    history = run("lake", "history", "readings", cwd=tmp_path)
    assert history.returncode == 0 and len(history.stdout.strip().splitlines()) == 4

    optimized = run("lake", "optimize", "readings", cwd=tmp_path)
    assert optimized.returncode == 0, optimized.stderr
    assert "4 files compacted into 1" in optimized.stdout
    table = DeltaTable(str(table_path))
    assert table.version() == 4 and len(table.file_uris()) == 1
    assert sorted(table.to_pyarrow_table().column("value").to_pylist()) == [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5]

    dry = run("lake", "vacuum", "readings", "--retain", "0s", "--dry-run", cwd=tmp_path)
    assert dry.returncode == 0 and "4 files would be deleted" in dry.stdout
    assert run("lake", "check", "readings", cwd=tmp_path).returncode == 0

    live = pathlib.Path(table.file_uris()[0].removeprefix("file://"))
    live.write_bytes(live.read_bytes()[:-9])  # truncate the footer
    damaged = run("lake", "check", "readings", cwd=tmp_path)
    assert damaged.returncode == 1
    assert "readings" in damaged.stdout and "problems" in damaged.stdout
