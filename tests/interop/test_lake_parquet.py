"""Parquet files written by Rivulet are read by pyarrow, DuckDB and polars with identical
values, types and statistics; files written by pyarrow are read by Rivulet."""
import datetime as dt
import math

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lake_helpers import LAKE_TYPES, load_expected, normalise, run_swift, table_as_columns

RIVULET_FILES = ["types_none", "types_snappy", "types_gzip", "row_groups", "dictionary_fallback", "empty"]


@pytest.fixture(scope="module")
def rivulet_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("rivulet_parquet")
    run_swift("LakehouseFixtureWriter", RIVULET_LAKE_FIXTURE_DIR=out)
    return out / "parquet"


@pytest.mark.parametrize("name", RIVULET_FILES)
def test_pyarrow_reads_rivulet_values_and_types(rivulet_dir, name):
    expected = load_expected(rivulet_dir / f"{name}.json")
    table = pq.read_table(rivulet_dir / f"{name}.parquet")
    for spec, field in zip(expected["schema"], table.schema):
        assert field.name == spec["name"]
        assert field.type == LAKE_TYPES[spec["type"]]
        assert field.nullable == spec["nullable"]
    assert table_as_columns(table) == expected["columns"]


@pytest.mark.parametrize("name", RIVULET_FILES)
def test_duckdb_and_polars_read_the_same_as_pyarrow(rivulet_dir, name):
    path = str(rivulet_dir / f"{name}.parquet")
    reference = pq.read_table(path)
    from_duckdb = duckdb.sql(f"select * from read_parquet('{path}')").to_arrow_table()
    from_polars = pl.read_parquet(path).to_arrow()
    for other in (from_duckdb, from_polars):
        other = normalise(other)
        assert other.schema.names == reference.schema.names
        assert other.schema.types == reference.schema.types
        assert other.equals(reference.cast(other.schema))


def python_stats(values):
    present = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    nulls = sum(1 for v in values if v is None)
    if not present:
        return None, None, nulls
    if isinstance(present[0], str):
        key = lambda s: s.encode("utf-8")  # Parquet orders strings as unsigned bytes
        return min(present, key=key), max(present, key=key), nulls
    return min(present), max(present), nulls


@pytest.mark.parametrize("name", ["types_snappy", "row_groups", "dictionary_fallback"])
def test_statistics_match_data_in_pyarrow_and_duckdb(rivulet_dir, name):
    path = rivulet_dir / f"{name}.parquet"
    pf = pq.ParquetFile(path)
    meta_rows = duckdb.sql(
        f"select row_group_id, path_in_schema, stats_min_value, stats_max_value, stats_null_count "
        f"from parquet_metadata('{path}')"
    ).fetchall()
    duck = {(r[0], r[1]): r[2:] for r in meta_rows}
    assert pf.metadata.num_row_groups >= (2 if name == "row_groups" else 1)
    for g in range(pf.metadata.num_row_groups):
        group = pf.read_row_group(g)
        for c, column_name in enumerate(group.column_names):
            values = table_as_columns(group.select([column_name]))[column_name]
            lo, hi, nulls = python_stats(values)
            stats = pf.metadata.row_group(g).column(c).statistics
            assert stats is not None and stats.has_null_count
            assert stats.null_count == nulls
            assert stats.has_min_max
            got_lo, got_hi = stats.min, stats.max
            if isinstance(got_lo, dt.datetime):
                epoch = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
                got_lo = (got_lo - epoch) // dt.timedelta(microseconds=1)
                got_hi = (got_hi - epoch) // dt.timedelta(microseconds=1)
            assert (got_lo, got_hi) == (lo, hi), column_name
            d_lo, d_hi, d_nulls = duck[(g, column_name)]
            assert d_nulls == nulls
            if isinstance(lo, str):
                assert (d_lo, d_hi) == (lo, hi)
            elif isinstance(lo, bool):
                assert (d_lo, d_hi) == (str(lo).lower(), str(hi).lower())
            elif isinstance(lo, int) and column_name != "ts":
                assert (int(d_lo), int(d_hi)) == (lo, hi)
            elif isinstance(lo, float):
                assert (float(d_lo), float(d_hi)) == (lo, hi)


def test_rivulet_files_use_dictionary_and_codec(rivulet_dir):
    """Like pyarrow: every column but booleans dictionary-encoded (ints, doubles and
    timestamps too), falling back to PLAIN within a chunk once the dictionary is too big."""
    group = pq.ParquetFile(rivulet_dir / "types_gzip.parquet").metadata.row_group(0)
    for c in range(group.num_columns):
        column = group.column(c)
        assert column.compression == "GZIP"
        if column.physical_type != "BOOLEAN":
            assert column.has_dictionary_page, column.path_in_schema
            assert "RLE_DICTIONARY" in column.encodings, column.path_in_schema
    fallback = pq.ParquetFile(rivulet_dir / "dictionary_fallback.parquet").metadata.row_group(0)
    for c in (0, 1, 2, 5, 6):  # i32, i64, f64, ts, note: high cardinality
        column = fallback.column(c)
        assert column.has_dictionary_page and {"PLAIN", "RLE_DICTIONARY"} <= set(column.encodings)
        # The dictionary holds about the first batch only: a small part of the chunk.
        dictionary_bytes = column.data_page_offset - column.dictionary_page_offset
        assert dictionary_bytes < column.total_compressed_size / 3, column.path_in_schema
    name = fallback.column(4)  # six distinct values: dictionary throughout
    assert name.has_dictionary_page and name.data_page_offset - name.dictionary_page_offset < 200


def foreign_table(n=2500):
    """Every lake type, with nulls, written by pyarrow."""
    ts0 = 1_730_638_574_123_000
    return pa.table(
        {
            "i32": pa.array([i - 7 for i in range(n)], pa.int32()),
            "i64": pa.array([None if i % 4 == 0 else i * 1_000_003 - 5 for i in range(n)], pa.int64()),
            "f64": pa.array([None if i % 6 == 1 else (i / 8.0) - 3.25 for i in range(n)], pa.float64()),
            "flag": pa.array([None if i % 5 == 2 else i % 3 == 0 for i in range(n)], pa.bool_()),
            "name": pa.array([None if i % 9 == 0 else f"device-{i % 17}" for i in range(n)], pa.string()),
            "note": pa.array([f"unique-{i}-\u00e9" for i in range(n)], pa.string()),
            "ts": pa.array([ts0 + i * 997 for i in range(n)], pa.timestamp("us", tz="UTC")),
        }
    )


FOREIGN_VARIANTS = {
    "default": {},
    "v2_pages": {"data_page_version": "2.0"},
    "gzip": {"compression": "gzip"},
    "none": {"compression": "none"},
    "plain": {"use_dictionary": False},
    "small_pages": {"data_page_size": 512, "row_group_size": 700},
    "v2_small_gzip": {"data_page_version": "2.0", "compression": "gzip", "data_page_size": 700},
}


def test_rivulet_reads_pyarrow_files(tmp_path):
    table = foreign_table()
    for name, options in FOREIGN_VARIANTS.items():
        pq.write_table(table, tmp_path / f"{name}.parquet", **options)
    run_swift("LakehouseFixtureWriter", RIVULET_LAKE_READ_DIR=tmp_path)
    expected = table_as_columns(table)
    for name in FOREIGN_VARIANTS:
        error = tmp_path / f"{name}.error.txt"
        assert not error.exists(), f"{name}: {error.read_text()}"
        decoded = load_expected(tmp_path / f"{name}.rivulet.json")
        assert [s["type"] for s in decoded["schema"]] == [
            "int32", "int64", "double", "boolean", "string", "string", "timestampMicros"
        ]
        assert decoded["columns"] == expected, name
