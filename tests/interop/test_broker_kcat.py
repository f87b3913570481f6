"""kcat (librdkafka from Debian) against the broker: -L, -P, -C and -Q."""

import json
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.skipif(shutil.which("kcat") is None, reason="kcat is not installed")


def kcat(bootstrap, *args, input=None, timeout=30):
    result = subprocess.run(
        ["kcat", "-b", bootstrap, *args], input=input, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_list_metadata(bootstrap, topic_name):
    kcat(bootstrap, "-P", "-t", topic_name, input="x\n")
    metadata = json.loads(kcat(bootstrap, "-L", "-J"))
    assert [b["id"] for b in metadata["brokers"]] == [0]
    assert metadata["brokers"][0]["name"] == bootstrap
    topic = next(t for t in metadata["topics"] if t["topic"] == topic_name)
    assert len(topic["partitions"]) == 3
    assert all(p["leader"] == 0 and [r["id"] for r in p["isrs"]] == [0] for p in topic["partitions"])
    plain = kcat(bootstrap, "-L", "-t", topic_name)
    assert f'topic "{topic_name}" with 3 partitions' in plain


def test_produce_then_consume(bootstrap, topic_name):
    lines = [f"key-{i}:value-{i}" for i in range(500)]
    kcat(bootstrap, "-P", "-t", topic_name, "-p", "1", "-K", ":", input="\n".join(lines) + "\n")
    out = kcat(bootstrap, "-C", "-t", topic_name, "-p", "1", "-o", "beginning", "-e", "-f", "%o|%k|%s\n")
    records = [line.split("|") for line in out.splitlines()]
    assert records == [[str(i), f"key-{i}", f"value-{i}"] for i in range(500)]


def test_consume_from_an_offset_and_the_end(bootstrap, topic_name):
    kcat(bootstrap, "-P", "-t", topic_name, "-p", "0", input="".join(f"m{i}\n" for i in range(20)))
    out = kcat(bootstrap, "-C", "-t", topic_name, "-p", "0", "-o", "15", "-e", "-f", "%o %s\n")
    assert out.splitlines() == [f"{i} m{i}" for i in range(15, 20)]
    out = kcat(bootstrap, "-C", "-t", topic_name, "-p", "0", "-o", "-3", "-e", "-f", "%s\n")
    assert out.splitlines() == ["m17", "m18", "m19"]


def test_query_offsets_by_timestamp(bootstrap, topic_name):
    # One record per produce call with explicit timestamps (-T is not in every kcat; use the
    # confluent-style header-less input with a fixed clock instead: produce, then query).
    from confluent_kafka import Producer

    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 0})
    for i, ts in enumerate([1_000_000, 2_000_000, 3_000_000, 4_000_000]):
        producer.produce(topic_name, value=f"v{i}".encode(), partition=0, timestamp=ts)
        producer.flush()
    out = kcat(bootstrap, "-Q", "-t", f"{topic_name}:0:2500000")
    # kcat prints: <topic> [0] offset 2
    assert f"{topic_name} [0] offset 2" in out
    out = kcat(bootstrap, "-Q", "-t", f"{topic_name}:0:1000000")
    assert f"{topic_name} [0] offset 0" in out
    out = kcat(bootstrap, "-Q", "-t", f"{topic_name}:0:9000000")
    assert f"{topic_name} [0] offset -1" in out


@pytest.mark.requires_groups
def test_group_consumer(bootstrap, topic_name):
    kcat(bootstrap, "-P", "-t", topic_name, "-p", "0", input="".join(f"g{i}\n" for i in range(10)))
    out = kcat(
        bootstrap, "-G", f"group-{topic_name}", topic_name, "-o", "beginning", "-e", "-f", "%s\n", timeout=60
    )
    assert sorted(out.splitlines()) == sorted(f"g{i}" for i in range(10))
