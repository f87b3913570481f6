"""Helpers for the lake interop tests: run the Swift fixture tests and compare tables.

Rivulet's side of each test runs as `swift test --filter <suite>` with an environment
variable naming a directory (see Tests/LakehouseTests/LakehouseFixtureWriter.swift): the
Swift tests write Parquet files / Delta tables there, or read what Python wrote and dump
what they decoded as JSON.
"""
import json
import os
import pathlib
import shutil
import subprocess

import pyarrow as pa
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

LAKE_TYPES = {
    "int32": pa.int32(),
    "int64": pa.int64(),
    "double": pa.float64(),
    "boolean": pa.bool_(),
    "string": pa.string(),
    "timestampMicros": pa.timestamp("us", tz="UTC"),
}


def run_swift(test_filter: str, **env_dirs: str) -> None:
    """Runs the named Swift test(s) with the given environment variables set."""
    if shutil.which("swift") is None:
        pytest.skip("swift toolchain not available")
    env = dict(os.environ)
    env.update({k: str(v) for k, v in env_dirs.items()})
    result = subprocess.run(
        ["swift", "test", "--filter", test_filter],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"swift test --filter {test_filter} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )


def load_expected(path: pathlib.Path) -> dict:
    return json.loads(path.read_text())


def column_as_python(column: pa.ChunkedArray) -> list:
    """Values as JSON would hold them: timestamps as epoch microseconds, nulls as None."""
    if pa.types.is_timestamp(column.type):
        column = column.cast(pa.int64())
    if pa.types.is_large_string(column.type):
        column = column.cast(pa.string())
    return column.to_pylist()


def table_as_columns(table: pa.Table) -> dict:
    return {name: column_as_python(table.column(name)) for name in table.column_names}


def normalise(table: pa.Table) -> pa.Table:
    """Polars reads strings as large_string and DuckDB spells UTC `Etc/UTC`; same values."""
    fields = []
    for f in table.schema:
        t = f.type
        if pa.types.is_large_string(t):
            t = pa.string()
        if pa.types.is_timestamp(t):
            t = pa.timestamp(t.unit, tz="UTC" if t.tz in ("UTC", "Etc/UTC", "+00:00") else t.tz)
        fields.append(pa.field(f.name, t, f.nullable))
    return table.cast(pa.schema(fields))
