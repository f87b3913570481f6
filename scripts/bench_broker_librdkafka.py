#!/usr/bin/env python3
"""Produce/consume throughput and produce-to-consume latency of a Kafka-protocol broker as
librdkafka (confluent-kafka) sees it. Usage:
  .venv/bin/python scripts/bench_broker_librdkafka.py BOOTSTRAP [MESSAGES]
Prints one JSON object in the shape of `rivulet bench --json`."""
import json
import multiprocessing
import statistics
import sys
import time
import uuid

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic


def consume_latencies(bootstrap, topic, total, queue):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "lat-" + topic, "fetch.wait.max.ms": 10,
                         "enable.auto.commit": False})
    consumer.assign([TopicPartition(topic, 0, 0)])
    latencies = []
    deadline = time.time() + 120
    while len(latencies) < total and time.time() < deadline:
        m = consumer.poll(0.5)
        if m is not None and m.error() is None:
            latencies.append(time.time() - float(m.value()))
    consumer.close()
    queue.put(latencies)


def main():
    bootstrap = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    topic = "bench-" + uuid.uuid4().hex[:8]
    admin = AdminClient({"bootstrap.servers": bootstrap})  # kept alive until its futures resolve
    admin.create_topics([NewTopic(topic, 3, 1)])[topic].result()
    payload = b"x" * 512
    results = []

    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5})
    began = time.perf_counter()
    for i in range(count):
        while True:
            try:
                producer.produce(topic, payload, partition=i % 3)
                break
            except BufferError:
                producer.poll(0.001)
    producer.flush()
    seconds = time.perf_counter() - began
    results += [{"name": "produce_msgs_per_s", "value": count / seconds, "unit": "msg/s"},
                {"name": "produce_mb_per_s", "value": count * 512 / seconds / 1e6, "unit": "MB/s"}]

    # librdkafka stops fetching for fetch.queue.backoff.ms (default 1 s) whenever its local
    # queue passes queued.min.messages (100,000): a fast broker fills it in ~0.1 s, so with
    # the default this measures that 1 s pause and Python's speed, not the broker.
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "bench-" + topic, "enable.auto.commit": False,
                         "fetch.queue.backoff.ms": 1})
    consumer.assign([TopicPartition(topic, p, 0) for p in range(3)])
    seen = 0
    began = time.perf_counter()
    while seen < count:
        batch = consumer.consume(10000, timeout=1.0)
        seen += sum(1 for m in batch if m.error() is None)
    seconds = time.perf_counter() - began
    consumer.close()
    results += [{"name": "consume_msgs_per_s", "value": count / seconds, "unit": "msg/s"},
                {"name": "consume_mb_per_s", "value": count * 512 / seconds / 1e6, "unit": "MB/s"}]

    # Latency at 10,000 msg/s: the send time travels in the message; the consumer runs in
    # its own process so that the producer's pacing loop does not hold its GIL.
    lat_topic = topic + "-lat"
    admin.create_topics([NewTopic(lat_topic, 1, 1)])[lat_topic].result()
    total = 30_000
    queue = multiprocessing.Queue()
    reader = multiprocessing.Process(target=consume_latencies, args=(bootstrap, lat_topic, total, queue))
    reader.start()
    time.sleep(2)  # let the consumer join and fetch
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 0})
    start = time.time()
    for i in range(total):
        # Sleep while ahead of the schedule rather than spin: a spinning producer takes one
        # of the two cores the broker and the consumer need, and its wait is not latency.
        ahead = start + i / 10_000 - time.time()
        if ahead > 0.0005:
            time.sleep(ahead)
        producer.produce(lat_topic, repr(time.time()).encode())
        producer.poll(0)
    producer.flush()
    latencies = sorted(queue.get(timeout=120))
    reader.join()
    results += [{"name": "latency_p50_ms", "value": latencies[len(latencies) // 2] * 1000, "unit": "ms"},
                {"name": "latency_p99_ms", "value": latencies[int(len(latencies) * 0.99)] * 1000, "unit": "ms"}]
    print(json.dumps({"bench": "broker-librdkafka", "results": results}))


if __name__ == "__main__":
    main()
