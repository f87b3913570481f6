"""`rivulet produce` killed with SIGKILL mid-stream loses nothing it reported acknowledged:
every offset its last progress line (`--progress-format json`) names as acknowledged is in
the log, and the log reads back complete (dense offsets, whole iot events) with
confluent-kafka. SIGINT/SIGTERM, which flush, are tested in test_cli_kafka.py."""
import json
import os
import signal
import subprocess
import threading
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition

from rivulet_binary import rivulet_path

FIELDS = {"device_id", "ts", "temperature", "humidity", "battery", "status", "location"}


def start_producer(bootstrap, topic, data_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "RIVULET_"))}
    return subprocess.Popen(
        [rivulet_path(), "produce", "iot", "--devices", "8", "--rate", "max", "--topic", topic,
         "--progress-every", "100ms", "--progress-format", "json", "--data-dir", data_dir, "--bootstrap", bootstrap],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def progress_lines(process, into):
    for line in process.stderr:
        if line.startswith('{"progress"'):
            into.append(json.loads(line)["progress"])


def read_partition(bootstrap, topic, partition, end, timeout=60.0):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"kill-check-{topic}",
                         "enable.auto.commit": False, "fetch.wait.max.ms": 50})
    consumer.assign([TopicPartition(topic, partition, OFFSET_BEGINNING)])
    records = []
    deadline = time.monotonic() + timeout
    while len(records) < end and time.monotonic() < deadline:
        for message in consumer.consume(10_000, 0.5):
            assert message.error() is None, message.error()
            records.append((message.offset(), message.key(), message.value()))
    consumer.close()
    return records


def test_producer_killed_mid_stream_loses_nothing_acknowledged(bootstrap, topic_name, tmp_path):
    process = start_producer(bootstrap, topic_name, str(tmp_path))
    progress = []
    reader = threading.Thread(target=progress_lines, args=(process, progress), daemon=True)
    reader.start()
    deadline = time.monotonic() + 90
    while not (progress and progress[-1]["acknowledged"] >= 20_000):
        assert process.poll() is None, "producer exited early"
        assert time.monotonic() < deadline, f"producer acknowledged too little: {progress[-1:]}"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    reader.join(timeout=10)
    assert process.returncode == -signal.SIGKILL

    last = max(progress, key=lambda p: p["acknowledged"])
    acknowledged_end = {p["partition"]: p["acknowledged_end"] for p in last["partitions"] if p["topic"] == topic_name}
    assert sum(acknowledged_end.values()) >= last["acknowledged"] >= 20_000
    probe = Consumer({"bootstrap.servers": bootstrap, "group.id": f"kill-probe-{topic_name}"})
    high = {p: probe.get_watermark_offsets(TopicPartition(topic_name, p), timeout=10)[1] for p in acknowledged_end}
    probe.close()
    for partition, end in acknowledged_end.items():
        assert high[partition] >= end, f"partition {partition}: acknowledged up to {end}, log ends at {high[partition]}"
        records = read_partition(bootstrap, topic_name, partition, high[partition])
        assert [offset for offset, _, _ in records] == list(range(high[partition]))
        for _, key, value in records:
            event = json.loads(value)
            assert set(event) == FIELDS and key.decode() == event["device_id"]
