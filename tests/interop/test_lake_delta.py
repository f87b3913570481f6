"""Delta tables written by Rivulet are read by delta-rs (version, history, rows, partition
values, stats, txn); a table written by delta-rs (appends, an overwrite, a checkpoint) is
read by Rivulet, appended to, and still read by delta-rs."""
import json
import shutil

import pyarrow as pa
import pytest
from deltalake import DeltaTable, write_deltalake

from lake_helpers import load_expected, run_swift, table_as_columns


@pytest.fixture(scope="module")
def rivulet_delta(tmp_path_factory):
    out = tmp_path_factory.mktemp("rivulet_delta")
    run_swift("LakehouseFixtureWriter", RIVULET_LAKE_FIXTURE_DIR=out)
    return out / "delta"


def sort_rows(columns: dict, keys: list) -> list:
    names = sorted(columns)
    rows = list(zip(*(columns[n] for n in names)))
    index = [names.index(k) for k in keys] + list(range(len(names)))
    return sorted(rows, key=lambda r: tuple((r[i] is None, "" if r[i] is None else r[i]) for i in index))


def add_actions(table: DeltaTable) -> pa.Table:
    return pa.table(table.get_add_actions(flatten=True))


def test_deltars_reads_partitioned_windows_table(rivulet_delta):
    table = DeltaTable(str(rivulet_delta / "windows"))
    expected = load_expected(rivulet_delta / "windows.json")
    assert table.version() == 12
    assert table.metadata().partition_columns == ["device_id"]
    assert table.protocol().min_reader_version == 1
    assert table.protocol().min_writer_version == 2
    data = table.to_pyarrow_table()
    assert data.schema.field("window_start").type == pa.timestamp("us", tz="UTC")
    assert not data.schema.field("count").nullable
    got = table_as_columns(data)
    keys = ["window_start", "device_id"]
    assert sort_rows(got, keys) == sort_rows(expected["columns"], keys)
    assert table.transaction_version("iot-aggregates") == 12
    history = table.history()
    assert len(history) == 13
    assert [h["operation"] for h in history[-1:]] == ["CREATE TABLE"]
    assert all(h["operation"] == "WRITE" for h in history[:-1])
    # The checkpoint at version 10 exists and delta-rs used it.
    assert (rivulet_delta / "windows" / "_delta_log" / "00000000000000000010.checkpoint.parquet").exists()
    last = json.loads((rivulet_delta / "windows" / "_delta_log" / "_last_checkpoint").read_text())
    assert last["version"] == 10


def test_deltars_sees_partition_values_and_stats(rivulet_delta):
    table = DeltaTable(str(rivulet_delta / "windows"))
    adds = add_actions(table).to_pylist()
    assert len(adds) == 36
    for add in adds:
        assert add["path"].startswith(f"device_id={add['partition.device_id']}/")
        assert add["num_records"] == 1
        assert add["null_count.count"] == 0
        assert add["min.count"] == add["max.count"]
        assert add["min.window_start"] == add["max.window_start"]
    data = table.to_pyarrow_table(filters=[("device_id", "=", "device-1a0")])
    assert set(data.column("device_id").to_pylist()) == {"device-1a0"}


def test_deltars_reads_every_type_from_checkpointed_table(rivulet_delta):
    table = DeltaTable(str(rivulet_delta / "types"))
    expected = load_expected(rivulet_delta / "types.json")
    assert table.version() == 3
    got = table_as_columns(table.to_pyarrow_table())
    assert sort_rows(got, ["ts", "i32"]) == sort_rows(expected["columns"], ["ts", "i32"])
    stats = add_actions(table).to_pylist()
    assert sum(a["num_records"] for a in stats) == 600
    for a in stats:
        assert a["min.i32"] == -50
        assert a["null_count.i64"] == a["num_records"] // 5 + (1 if a["num_records"] % 5 > 3 else 0)


def deltars_batch(k: int, n: int = 20) -> pa.Table:
    return pa.table(
        {
            "device_id": pa.array([f"dev-{i % 3}" for i in range(n)]),
            "ts": pa.array([1_730_638_574_123_000 + (k * n + i) * 1000 for i in range(n)], pa.timestamp("us", tz="UTC")),
            "temperature": pa.array([None if i % 7 == 0 else 20.0 + i / 4 for i in range(n)], pa.float64()),
            "count": pa.array([k * n + i for i in range(n)], pa.int64()),
            "ok": pa.array([i % 2 == 0 for i in range(n)]),
            "small": pa.array(list(range(n)), pa.int32()),
        }
    )


def test_rivulet_reads_and_appends_to_deltars_table(tmp_path):
    path = tmp_path / "t"
    write_deltalake(str(path), deltars_batch(0), partition_by=["device_id"])
    write_deltalake(str(path), deltars_batch(1), mode="append")
    write_deltalake(str(path), deltars_batch(2), mode="overwrite")
    write_deltalake(str(path), deltars_batch(3), mode="append")
    DeltaTable(str(path)).create_checkpoint()
    write_deltalake(str(path), deltars_batch(4), mode="append")
    before = DeltaTable(str(path))
    assert before.version() == 4
    expected = table_as_columns(before.to_pyarrow_table())

    out = tmp_path / "out"
    out.mkdir()
    run_swift("LakehouseFixtureWriter", RIVULET_LAKE_DELTA_DIR=path, RIVULET_LAKE_OUT_DIR=out)
    read = load_expected(out / "rivulet_read.json")
    assert read["version"] == 4
    assert read["checkpointVersion"] == 3
    assert read["partitionColumns"] == ["device_id"]
    assert [s["type"] for s in read["schema"]] == ["string", "timestampMicros", "double", "int64", "boolean", "int32"]
    keys = ["ts"]
    assert sort_rows(read["columns"], keys) == sort_rows(expected, keys)

    appended = load_expected(out / "rivulet_append.json")
    assert appended["version"] == 5
    after = DeltaTable(str(path))
    assert after.version() == 5
    assert after.transaction_version("rivulet-interop") == 1
    rows = table_as_columns(after.to_pyarrow_table())
    combined = {k: expected[k] + appended["columns"][k] for k in expected}
    assert sort_rows(rows, keys) == sort_rows(combined, keys)
    assert after.history(1)[0]["operation"] == "WRITE"


def test_rivulet_refuses_deletion_vectors(tmp_path):
    path = tmp_path / "dv"
    write_deltalake(str(path), deltars_batch(0), configuration={"delta.enableDeletionVectors": "true"})
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(AssertionError, match="deletionVectors"):
        run_swift("LakehouseFixtureWriter/readAndAppendForeignDelta", RIVULET_LAKE_DELTA_DIR=path, RIVULET_LAKE_OUT_DIR=out)


def test_deltars_reads_optimized_table(rivulet_delta):
    table = DeltaTable(str(rivulet_delta / "optimized"))
    expected = load_expected(rivulet_delta / "optimized.json")
    assert table.version() == 5
    assert len(add_actions(table)) == 4
    got = table_as_columns(table.to_pyarrow_table())
    assert sort_rows(got, ["window_start"]) == sort_rows(expected["columns"], ["window_start"])
    assert table.history(1)[0]["operation"] == "OPTIMIZE"


def test_duckdb_reads_hive_partitioned_dataset(rivulet_delta):
    import duckdb

    root = rivulet_delta.parent / "dataset"
    expected = load_expected(rivulet_delta.parent / "dataset.json")
    rows = duckdb.sql(
        f"select i32, name, dt from read_parquet('{root}/**/*.parquet', hive_partitioning=true) order by i32"
    ).fetchall()
    assert [r[0] for r in rows] == sorted(expected["columns"]["i32"])
    assert {str(r[2]) for r in rows} == set(expected["columns"]["dt"])  # DuckDB infers a DATE
