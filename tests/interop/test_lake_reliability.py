"""Delta tables survive SIGKILL, concurrent writers and damage (issue 7, "Reliability").

`rivulet _lake-writer` appends batches of uniquely numbered rows to one table and prints
`commit BATCH VERSION` after each commit returns. After every kill the table must open in
delta-rs and in rivulet at its last committed version, every add must name a complete file,
every reported batch must be there whole, no batch in part, and no row twice.
"""
import collections
import os
import pathlib
import random
import signal
import subprocess
import time

import pyarrow.parquet as pq
from deltalake import DeltaTable

from rivulet_binary import rivulet_path

ROWS = 30


def writer(table, name, count=None, checkpoint_interval=3):
    args = [rivulet_path(), "_lake-writer", "--table", str(table), "--writer", name, "--rows", str(ROWS),
            "--checkpoint-interval", str(checkpoint_interval)]
    if count is not None:
        args += ["--count", str(count)]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def committed(output):
    """(writer-local batch, version) pairs the writer reported."""
    return [tuple(int(x) for x in line.split()[1:]) for line in output.splitlines() if line.startswith("commit ")]


def lake(*args, cwd):
    return subprocess.run([rivulet_path(), *args, "--data-dir", str(cwd)], capture_output=True, text=True, timeout=120)


def assert_consistent(table_path, reported):
    """`reported` maps writer name -> batches it reported committed."""
    table = DeltaTable(str(table_path))
    for uri in table.file_uris():  # every add names a complete Parquet file
        path = pathlib.Path(uri.removeprefix("file://"))
        assert path.exists(), f"add points to missing {path}"
        pq.ParquetFile(path).metadata  # footer readable: the file is whole
    rows = table.to_pyarrow_table(columns=["id", "writer", "batch"]).to_pydict()
    ids = rows["id"]
    assert len(ids) == len(set(ids)), "a row is in the table twice"
    per_batch = collections.Counter(zip(rows["writer"], rows["batch"]))
    assert all(n == ROWS for n in per_batch.values()), f"a batch is there in part: {per_batch}"
    for name, batches in reported.items():
        missing = [b for b in batches if per_batch[(name, b)] != ROWS]
        assert not missing, f"{name}: reported batches {missing} are not in the table"
    return table, len(ids)


def assert_rivulet_agrees(data_dir, table, rows):
    check = lake("lake", "check", "t", cwd=data_dir)
    assert check.returncode == 0, check.stdout + check.stderr
    stats = lake("lake", "stats", "t", cwd=data_dir)
    assert stats.returncode == 0, stats.stderr
    version, _files, _small, count = next(l for l in stats.stdout.splitlines() if l.startswith("t ")).split()[1:5]
    assert (int(version), int(count)) == (table.version(), rows)


def test_sigkill_during_writes_and_commits_leaves_a_consistent_table(tmp_path):
    data_dir = tmp_path / "data"
    table_path = data_dir / "lake" / "t"
    rng = random.Random(int(os.environ.get("RIVULET_CRASH_SEED", "7")))
    reported = {}
    kills = 0
    for round_ in range(12):
        name = f"w{round_}"
        proc = writer(table_path, name)
        time.sleep(rng.uniform(0.05, 0.8))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        kills += proc.returncode == -signal.SIGKILL
        reported[name] = [b for b, _ in committed(out)]
        if not (table_path / "_delta_log").exists() or not any((table_path / "_delta_log").glob("*.json")):
            continue  # killed before the table's first commit
        table, rows = assert_consistent(table_path, reported)
        last = max((v for b, v in committed(out)), default=None)
        assert last is None or table.version() >= last
        assert_rivulet_agrees(data_dir, table, rows)
    assert kills >= 10
    assert sum(len(b) for b in reported.values()) > 0, "no round got as far as a commit"


def test_two_writers_append_to_one_table_at_once(tmp_path):
    data_dir = tmp_path / "data"
    table_path = data_dir / "lake" / "t"
    batches = 25
    procs = {name: writer(table_path, name, count=batches, checkpoint_interval=10) for name in ("a", "b")}
    outputs = {name: p.communicate(timeout=600) for name, p in procs.items()}
    for name, p in procs.items():
        assert p.returncode == 0, outputs[name][1]
    reported = {name: [b for b, _ in committed(out)] for name, (out, _) in outputs.items()}
    assert all(len(b) == batches for b in reported.values())
    versions = [v for out, _ in outputs.values() for _, v in committed(out)]
    assert len(set(versions)) == 2 * batches, "two commits landed on one version"
    table, rows = assert_consistent(table_path, reported)
    assert rows == 2 * batches * ROWS
    assert table.version() == 2 * batches  # version 0 created the table; every append got its own
    assert_rivulet_agrees(data_dir, table, rows)


def damage_cases():
    def truncate(path):
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])

    def garble(path):
        path.write_text('{"add": {"path": "part-x.parquet", "size": \n')

    def zero(path):
        path.write_bytes(b"\0" * len(path.read_bytes()))

    return {
        "truncated checkpoint": ("_delta_log/00000000000000000005.checkpoint.parquet", truncate),
        "zeroed checkpoint": ("_delta_log/00000000000000000005.checkpoint.parquet", zero),
        "garbled commit": ("_delta_log/00000000000000000007.json", garble),
        "truncated commit": ("_delta_log/00000000000000000006.json", truncate),
        "garbled _last_checkpoint": ("_delta_log/_last_checkpoint", garble),
        "truncated data file": (None, truncate),
        "zeroed data file": (None, zero),
    }


def test_lake_check_reports_damaged_log_and_data_files_without_crashing(tmp_path):
    pristine = tmp_path / "pristine" / "lake" / "t"
    proc = writer(pristine, "w", count=8, checkpoint_interval=5)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    for case, (relative, damage) in damage_cases().items():
        data_dir = tmp_path / case.replace(" ", "_")
        subprocess.run(["cp", "-r", str(pristine.parent.parent), str(data_dir)], check=True)
        table_path = data_dir / "lake" / "t"
        if relative is None:  # the newest data file
            target = max(table_path.glob("part=*/*.parquet"), key=lambda p: p.stat().st_mtime)
        else:
            target = table_path / relative
        damage(target)
        check = lake("lake", "check", "t", cwd=data_dir)
        assert check.returncode in (0, 1), f"{case}: crashed ({check.returncode}): {check.stderr}"
        if case != "garbled _last_checkpoint":  # a hint only: readers fall back to listing the log
            assert check.returncode == 1, f"{case}: not reported:\n{check.stdout}"
            assert "problems" in check.stdout or "error" in check.stderr, f"{case}: {check.stdout} {check.stderr}"
        stats = lake("lake", "stats", cwd=data_dir)
        assert stats.returncode in (0, 1), f"{case}: stats crashed: {stats.stderr}"


def test_duckdb_globs_over_a_checkpointed_table(tmp_path):
    """The issue's `**/*.parquet` also matches `_delta_log/*.checkpoint.parquet`, which DuckDB
    refuses ("Hive partition mismatch"; delta-rs' own checkpoints do the same): the data
    files are the partition folders' (`part=*/*.parquet`), which read as delta-rs does as long
    as no optimize has removed files that vacuum has not yet deleted."""
    import duckdb

    table_path = tmp_path / "lake" / "t"
    proc = writer(table_path, "w", count=6, checkpoint_interval=5)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert (table_path / "_delta_log" / "00000000000000000005.checkpoint.parquet").exists()
    expected = DeltaTable(str(table_path)).to_pyarrow_table().num_rows
    partitions = duckdb.sql(
        f"select count(*) from read_parquet('{table_path}/part=*/*.parquet', hive_partitioning=true)"
    ).fetchall()[0][0]
    assert partitions == expected == 6 * ROWS
    try:
        everything = duckdb.sql(
            f"select count(*) from read_parquet('{table_path}/**/*.parquet', hive_partitioning=true)"
        ).fetchall()[0][0]
    except duckdb.Error as e:
        assert "mismatch" in str(e).lower()
    else:
        assert everything != expected  # if DuckDB ever reads it, checkpoint rows are not table rows
