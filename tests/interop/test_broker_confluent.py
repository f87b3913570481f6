"""confluent-kafka (librdkafka) against the broker."""

import pytest
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewPartitions, NewTopic

CODECS = ["none", "gzip", "snappy", "lz4", "zstd"]


def consume_exactly(bootstrap, topic, partitions, count, timeout=30.0):
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"assign-{topic}",
            "enable.auto.commit": False,
            "fetch.wait.max.ms": 50,
        }
    )
    consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
    records = []
    import time

    deadline = time.monotonic() + timeout
    while len(records) < count and time.monotonic() < deadline:
        message = consumer.poll(0.5)
        if message is None:
            continue
        assert message.error() is None, message.error()
        records.append(message)
    consumer.close()
    return records


@pytest.mark.parametrize("codec", CODECS)
def test_idempotent_producer_round_trip(bootstrap, topic_name, codec):
    producer = Producer(
        {
            "bootstrap.servers": bootstrap,
            "enable.idempotence": True,
            "acks": "all",
            "compression.type": codec,
            "linger.ms": 5,
        }
    )
    failures = []

    def delivered(error, message):
        if error is not None:
            failures.append(error)

    expected = {}
    for i in range(1000):
        key, value = f"key-{i % 17}".encode(), f"value-{i}-{'x' * (i % 50)}".encode()
        producer.produce(topic_name, key=key, value=value, partition=i % 3, on_delivery=delivered)
        expected[value] = key
        if i % 100 == 0:
            producer.poll(0)
    assert producer.flush(30) == 0
    assert failures == []

    records = consume_exactly(bootstrap, topic_name, [0, 1, 2], 1000)
    assert len(records) == 1000
    assert {m.value(): m.key() for m in records} == expected
    # Per partition, offsets are dense and values in produce order.
    for partition in range(3):
        mine = [m for m in records if m.partition() == partition]
        assert [m.offset() for m in mine] == list(range(len(mine)))
        numbers = [int(m.value().split(b"-")[1]) for m in mine]
        assert numbers == sorted(numbers) and all(n % 3 == partition for n in numbers)


def test_offsets_for_times_and_watermarks(bootstrap, topic_name):
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 0})
    for i in range(10):
        producer.produce(topic_name, value=f"t{i}".encode(), partition=0, timestamp=1_000_000 + i * 1000)
    producer.flush(10)
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"times-{topic_name}"})
    assert consumer.get_watermark_offsets(TopicPartition(topic_name, 0), timeout=10) == (0, 10)
    found = consumer.offsets_for_times([TopicPartition(topic_name, 0, 1_004_500)], timeout=10)
    assert found[0].offset == 5
    found = consumer.offsets_for_times([TopicPartition(topic_name, 0, 2_000_000)], timeout=10)
    assert found[0].offset in (-1, 10)  # librdkafka maps "none" to the end
    consumer.close()


def test_admin_create_describe_grow_delete(bootstrap, topic_name):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    futures = admin.create_topics(
        [NewTopic(topic_name, num_partitions=2, replication_factor=1, config={"retention.ms": "3600000"})]
    )
    futures[topic_name].result(10)
    with pytest.raises(KafkaException) as exists:
        admin.create_topics([NewTopic(topic_name, num_partitions=2, replication_factor=1)])[topic_name].result(10)
    assert exists.value.args[0].name() == "TOPIC_ALREADY_EXISTS"

    metadata = admin.list_topics(timeout=10)
    assert len(metadata.topics[topic_name].partitions) == 2

    resource = ConfigResource(ConfigResource.Type.TOPIC, topic_name)
    configs = admin.describe_configs([resource])[resource].result(10)
    assert configs["retention.ms"].value == "3600000"
    assert configs["cleanup.policy"].value == "delete"

    admin.create_partitions([NewPartitions(topic_name, 4)])[topic_name].result(10)
    assert len(admin.list_topics(timeout=10).topics[topic_name].partitions) == 4

    admin.delete_topics([topic_name])[topic_name].result(10)
    assert topic_name not in admin.list_topics(timeout=10).topics


def test_message_too_large_is_refused(bootstrap, topic_name):
    producer = Producer({"bootstrap.servers": bootstrap, "message.max.bytes": 5_000_000, "linger.ms": 0})
    errors = []
    producer.produce(topic_name, value=b"x" * 2_000_000, on_delivery=lambda e, m: errors.append(e))
    producer.flush(20)
    assert errors and errors[0] is not None and errors[0].name() == "MSG_SIZE_TOO_LARGE"


def test_restart_keeps_acknowledged_records(fresh_broker, topic_name):
    producer = Producer({"bootstrap.servers": fresh_broker.bootstrap, "enable.idempotence": True, "acks": "all"})
    for i in range(200):
        producer.produce(topic_name, value=f"r{i}".encode(), partition=0)
    assert producer.flush(20) == 0
    fresh_broker.restart(kill=True)
    records = consume_exactly(fresh_broker.bootstrap, topic_name, [0], 200)
    assert [m.value() for m in records] == [f"r{i}".encode() for i in range(200)]


@pytest.mark.requires_groups
def test_group_of_two_rebalances_and_resumes(bootstrap, topic_name):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(topic_name, num_partitions=4, replication_factor=1)])[topic_name].result(10)
    producer = Producer({"bootstrap.servers": bootstrap})
    for i in range(100):
        producer.produce(topic_name, value=f"g{i}".encode(), partition=i % 4)
    producer.flush(10)
    config = {
        "bootstrap.servers": bootstrap,
        "group.id": f"group-{topic_name}",
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
    }
    first, second = Consumer(config), Consumer(config)
    first.subscribe([topic_name])
    second.subscribe([topic_name])
    seen = set()
    import time

    deadline = time.monotonic() + 60
    while len(seen) < 100 and time.monotonic() < deadline:
        for consumer in (first, second):
            message = consumer.poll(0.2)
            if message is not None and message.error() is None:
                seen.add(message.value())
                consumer.commit(message=message, asynchronous=False)
    assert len(seen) == 100
    assert first.assignment() and second.assignment()
    second.close()
    first.close()


def test_sigkill_with_a_producer_running_loses_no_acknowledged_record(fresh_broker, topic_name):
    import threading
    import time

    producer = Producer(
        {
            "bootstrap.servers": fresh_broker.bootstrap,
            "enable.idempotence": True,
            "acks": "all",
            "linger.ms": 2,
            "message.timeout.ms": 60000,
            "reconnect.backoff.ms": 50,
            "reconnect.backoff.max.ms": 200,
        }
    )
    acknowledged = []
    lock = threading.Lock()

    def delivered(error, message):
        if error is None:
            with lock:
                acknowledged.append(message.value())

    stop = threading.Event()

    def produce():
        i = 0
        while not stop.is_set():
            try:
                producer.produce(topic_name, value=f"s{i}".encode(), partition=0, on_delivery=delivered)
                i += 1
            except BufferError:
                pass
            producer.poll(0.001)

    worker = threading.Thread(target=produce)
    worker.start()
    time.sleep(1.0)
    fresh_broker.restart(kill=True)
    time.sleep(1.0)
    stop.set()
    worker.join()
    assert producer.flush(60) == 0
    assert len(acknowledged) > 100

    records = consume_exactly(fresh_broker.bootstrap, topic_name, [0], len(acknowledged), timeout=60)
    values = [m.value() for m in records]
    assert [m.offset() for m in records] == list(range(len(records)))
    assert set(acknowledged) <= set(values)
    assert len(values) == len(set(values)), "a retried batch was stored twice"
