"""`rivulet process` against a "remote" Kafka (a separate `rivulet broker` process): two
instances form the consumer group `rivulet-iot-aggregates`, split the topic's 3 partitions
and together commit exactly the reference windows to the Delta table, none twice; after one
is killed (SIGKILL) the other takes over its partitions from their checkpoints and the table
still holds every window exactly once. Producing is done by librdkafka, lz4-compressed."""
import json
import os
import random
import signal
import subprocess
import threading
import time

import pytest
from confluent_kafka import KafkaError, KafkaException, Producer
from confluent_kafka.admin import AdminClient, NewTopic
from deltalake import DeltaTable

from rivulet_binary import rivulet_path

pytestmark = pytest.mark.requires_groups

TOPIC = "iot-metrics"
DEVICES = [f"device-{d}" for d in range(9)]
T0 = 1_730_638_570_000
SIZE = 10_000
DELAY = 60_000

CONFIG = """
data_dir: {data}
broker: {{mode: remote, bootstrap: "{bootstrap}"}}
pipelines:
  - name: iot-aggregates
    source: {{topic: iot-metrics, format: json, schema: iot}}
    event_time: {{field: ts, unit: ms, watermark_delay: 1m}}
    window: {{kind: tumbling, size: 10s}}
    group_by: [device_id]
    aggregates: {{count: count(), avg_temperature: avg(temperature), avg_humidity: avg(humidity),
                 min_battery: min(battery), max_battery: max(battery)}}
    emit: {{live_every: 100ms}}
    checkpoint_interval: 500ms
    sinks:
      - {{kind: snapshot, path: aggregates/latest.json}}
      - {{kind: delta, table: iot_window_agg, partition_by: [device_id]}}
    late_events: {{table: iot_late_events}}
    dead_letter: {{topic: iot-metrics.dlq}}
lake: {{flush_interval: 3s}}
"""


def make_events(first, count, rng):
    """Events of 9 devices, device d always in partition d % 3, every 50 ms of event time
    with ±3 s jitter and 2 % a minute and a half late."""
    events = []
    for i in range(first, first + count):
        ts = T0 + i * 50 + rng.randint(-3000, 3000)
        if rng.randrange(100) < 2:
            ts -= 90_000
        d = rng.randrange(len(DEVICES))
        events.append({"partition": d % 3, "device_id": DEVICES[d], "ts": ts,
                       "temperature": rng.randint(150, 300) / 10, "humidity": rng.randint(300, 700) / 10,
                       "battery": rng.randint(0, 1000) / 10, "status": "ok", "location": "lab"})
    return events


def produce(bootstrap, events):
    producer = Producer({"bootstrap.servers": bootstrap, "compression.type": "lz4", "linger.ms": 5})
    for e in events:
        body = {k: v for k, v in e.items() if k != "partition"}
        producer.produce(TOPIC, key=e["device_id"], value=json.dumps(body), partition=e["partition"])
    assert producer.flush(30) == 0


def produce_slowly(bootstrap, events, chunks=20, pause=0.1):
    step = (len(events) + chunks - 1) // chunks
    for i in range(0, len(events), step):
        produce(bootstrap, events[i:i + step])
        time.sleep(pause)


def reference(events):
    """DESIGN §6 per source partition (each partition has its own watermark), by brute
    force in arrival order: the final windows once every event has been read."""
    windows, watermark, maximum = {}, {}, {}
    for e in events:
        p = e["partition"]
        start = e["ts"] // SIZE * SIZE
        if p in watermark and start + SIZE <= watermark[p]:
            continue
        w = windows.setdefault((start, e["device_id"]), [0, 0.0, float("inf"), float("-inf"), p])
        w[0] += 1
        w[1] += e["temperature"]
        w[2] = min(w[2], e["battery"])
        w[3] = max(w[3], e["battery"])
        maximum[p] = max(maximum.get(p, e["ts"]), e["ts"])
        watermark[p] = max(watermark.get(p, maximum[p] - DELAY), maximum[p] - DELAY)
    return {k: (v[0], v[1] / v[0], v[2], v[3]) for k, v in windows.items() if k[0] + SIZE <= watermark[v[4]]}


def committed(data):
    path = data / "lake" / "iot_window_agg"
    if not (path / "_delta_log").exists():
        return []
    table = DeltaTable(str(path)).to_pyarrow_table().to_pylist()
    return [((int(r["window_start"].timestamp() * 1000), r["device_id"]),
             (r["count"], r["avg_temperature"], r["min_battery"], r["max_battery"])) for r in table]


def differences(rows, expected):
    problems, seen = [], {}
    for key, value in rows:
        if key in seen:
            problems.append(f"twice: {key}")
        seen[key] = value
    for key, (count, avg, lo, hi) in sorted(expected.items()):
        got = seen.get(key)
        if got is None:
            problems.append(f"missing: {key}")
        elif got[0] != count or abs(got[1] - avg) > 1e-9 or got[2] != lo or got[3] != hi:
            problems.append(f"differs: {key}: {got} vs {(count, avg, lo, hi)}")
    problems += [f"extra: {key}" for key in seen if key not in expected]
    return problems


class Instance:
    def __init__(self, config, cwd):
        self.output = []
        self.process = subprocess.Popen([rivulet_path(), "process", "--config", str(config), "--status-every", "1"],
                                        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self.pump, daemon=True).start()

    def pump(self):
        for line in self.process.stdout:
            self.output.append(line)

    def assigned(self):
        return [line for line in self.output if "partition assigned" in line]

    def text(self):
        return "".join([l for l in self.output if "events/s" not in l][-60:])


def wait_for(what, condition, timeout, instances):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    logs = "\n".join(f"--- instance {i}:\n{p.text()}" for i, p in enumerate(instances))
    raise AssertionError(f"timed out waiting for {what}\n{logs}")


def test_two_instances_split_partitions_and_survive_a_kill(fresh_broker, tmp_path):
    bootstrap = fresh_broker.bootstrap
    admin = AdminClient({"bootstrap.servers": bootstrap})
    try:  # the broker's default config already declares it
        admin.create_topics([NewTopic(TOPIC, num_partitions=3, replication_factor=1)])[TOPIC].result(30)
    except KafkaException as error:
        assert error.args[0].code() == KafkaError.TOPIC_ALREADY_EXISTS
    assert len(admin.list_topics(TOPIC, timeout=10).topics[TOPIC].partitions) == 3
    rng = random.Random(6)
    first = make_events(0, 4000, rng)
    produce(bootstrap, first)

    data = tmp_path / "data"
    config = tmp_path / "rivulet.yml"
    config.write_text(CONFIG.format(data=data, bootstrap=bootstrap))
    a, b = Instance(config, tmp_path), Instance(config, tmp_path)
    instances = [a, b]
    try:
        wait_for("both instances own partitions",
                 lambda: a.assigned() and b.assigned() and len(committed(data)) > 0, 120, instances)
        expected = reference(first)
        assert len(expected) > 100
        wait_for("the first reference windows", lambda: len(committed(data)) >= len(expected), 120, instances)
        assert differences(committed(data), expected) == []

        # Kill one while more events stream in, so that it dies between checkpoints.
        events = first + make_events(4000, 4000, rng)
        streaming = threading.Thread(target=produce_slowly, args=(bootstrap, events[4000:]))
        streaming.start()
        time.sleep(1.0)
        a.process.send_signal(signal.SIGKILL)
        a.process.wait(timeout=30)
        streaming.join()
        expected = reference(events)
        wait_for("the survivor to take over and catch up", lambda: len(committed(data)) >= len(expected), 180, instances)
        assert differences(committed(data), expected) == []

        b.process.send_signal(signal.SIGTERM)
        assert b.process.wait(timeout=60) == 0, b.text()
        assert differences(committed(data), expected) == []
        # The survivor ended up owning all three partitions, the killed one's among them.
        final = {line.split("partition=")[1].split()[0] for line in b.assigned() if "partition=" in line}
        assert final == {"0", "1", "2"}, b.text()
        if os.environ.get("RIVULET_DEBUG"):
            print("".join(a.assigned() + ["---\n"] + b.assigned()), len(expected))
    finally:
        for p in instances:
            if p.process.poll() is None:
                p.process.kill()
                p.process.wait()
