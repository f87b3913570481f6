"""SIGTERM while `rivulet up` is under load (simulators asked for more than the machine can do).

Checks DESIGN §6 across a stop and a restart: the process exits within 5 s; every event the
simulators appended (the count `up` prints when it has stopped) is in the log, read back over
the Kafka protocol with confluent-kafka from `rivulet broker` on the same data directory;
every window final at the watermark of the shutdown is in the Delta table (read with
deltalake) with the count of its events in the log, nothing later and nothing twice; a second
`up` continues and the same holds over both runs."""
import json
import re
import time
from collections import Counter
from datetime import timezone

from confluent_kafka import Consumer, TopicPartition

from conftest import BrokerProcess
from up_process import UpProcess, windows, write_config

WINDOW_MS = 2000
APPENDED = re.compile(r"stopped: simulator iot appended (\d+) events")
WATERMARK = re.compile(r"stopped: pipeline iot-aggregates at watermark \S+ \((-?\d+) ms\)")
PROCESSED = re.compile(r"iot-aggregates: \d+ events/s, (\d+) events")


def run_under_load(tmp_path, config, events):
    """Runs `up` until its pipeline has read `events` more events, SIGTERMs it; returns what the
    simulator appended and the watermark the pipeline stopped at."""
    process = UpProcess(tmp_path, config)
    try:
        began = time.monotonic()
        deadline = began + 90
        while True:
            # The pipeline's total includes what a restored checkpoint had read; count from the first line.
            processed = [int(m.group(1)) for line in list(process.lines) if (m := PROCESSED.search(line))]
            # And long enough (2 s windows, 1 s watermark delay) for the watermark to have closed a
            # window: a fast machine reads `events` before any window is final.
            if len(processed) > 1 and processed[-1] - processed[0] >= events and time.monotonic() - began >= 5:
                break
            assert process.process.poll() is None and time.monotonic() < deadline, "".join(process.lines[-20:])
            time.sleep(0.2)
    finally:
        code, seconds = process.stop()
    output = "".join(process.lines)
    assert code == 0, output[-2000:]
    assert seconds < 5, f"took {seconds:.1f}s to stop"
    appended = int(APPENDED.search(output).group(1))
    watermark = int(WATERMARK.search(output).group(1))
    print(f"appended {appended} events, stopped in {seconds:.2f}s at watermark {watermark}")
    return appended, watermark


def log_windows(data_dir):
    """Reads iot-metrics over the Kafka protocol; returns (records, Counter of (window start ms, device))."""
    broker = BrokerProcess(str(data_dir))
    try:
        consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "sigterm", "enable.auto.commit": False})
        ends = {p: consumer.get_watermark_offsets(TopicPartition("iot-metrics", p), timeout=10)[1] for p in range(3)}
        consumer.assign([TopicPartition("iot-metrics", p, 0) for p in range(3)])
        counts, records, seen = Counter(), 0, {p: 0 for p in range(3)}
        deadline = time.monotonic() + 120
        while any(seen[p] < ends[p] for p in seen):
            assert time.monotonic() < deadline, f"read {seen} of {ends}"
            for message in consumer.consume(10000, timeout=1):
                assert message.error() is None, message.error()
                event = json.loads(message.value())
                counts[(event["ts"] // WINDOW_MS * WINDOW_MS, event["device_id"])] += 1
                seen[message.partition()] = message.offset() + 1
                records += 1
        consumer.close()
        return records, counts
    finally:
        broker.stop()


def committed(table):
    rows = windows(table)
    keys = [(int(r["window_start"].replace(tzinfo=timezone.utc).timestamp() * 1000), r["device_id"]) for r in rows]
    assert len(keys) == len(set(keys)), "a window was committed twice"
    return {k: r["count"] for k, r in zip(keys, rows)}


def check_final_windows(table, counts, watermark):
    """Every window the watermark closed is committed once with all its events; none later."""
    lake = committed(table)
    final = {k: n for k, n in counts.items() if k[0] + WINDOW_MS <= watermark}
    assert final, "no window was final at shutdown"
    assert {k: lake.get(k) for k in final} == final
    assert all(start + WINDOW_MS <= watermark for start, _ in lake), "a window past the watermark was committed"
    assert set(lake) <= set(final)


def test_sigterm_under_load_keeps_every_event_and_final_window(tmp_path):
    # 800,000 events/s asked: the simulator runs behind schedule, as fast as the machine allows,
    # and must still notice the shutdown (it never sleeps then).
    config, _, _ = write_config(tmp_path, devices=8, rate=100_000.0)
    data = tmp_path / "data"
    table = data / "lake" / "iot_window_agg"

    appended, watermark = run_under_load(tmp_path, config, events=20_000)
    records, counts = log_windows(data)
    assert records == appended == sum(counts.values())
    check_final_windows(table, counts, watermark)

    more, watermark2 = run_under_load(tmp_path, config, events=10_000)
    assert watermark2 > watermark
    records, counts = log_windows(data)
    assert records == appended + more
    check_final_windows(table, counts, watermark2)
