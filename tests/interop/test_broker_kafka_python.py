"""kafka-python against the broker: producer, consumer with assign, admin."""

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError


def test_produce_and_consume(bootstrap, topic_name):
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    futures = [
        producer.send(topic_name, key=f"k{i}".encode(), value=f"v{i}".encode(), partition=i % 2)
        for i in range(300)
    ]
    producer.flush()
    metadata = [f.get(timeout=10) for f in futures]
    assert sorted((m.partition, m.offset) for m in metadata) == sorted(
        (p, o) for p in range(2) for o in range(150)
    )
    producer.close()

    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, consumer_timeout_ms=5000)
    partitions = [TopicPartition(topic_name, p) for p in range(2)]
    consumer.assign(partitions)
    consumer.seek_to_beginning(*partitions)
    records = []
    for message in consumer:
        records.append(message)
        if len(records) == 300:
            break
    consumer.close()
    assert {(m.key, m.value) for m in records} == {(f"k{i}".encode(), f"v{i}".encode()) for i in range(300)}


def test_offsets_lookup(bootstrap, topic_name):
    producer = KafkaProducer(bootstrap_servers=bootstrap)
    for i in range(5):
        producer.send(topic_name, value=b"x", partition=0, timestamp_ms=10_000 + i)
    producer.flush()
    producer.close()
    consumer = KafkaConsumer(bootstrap_servers=bootstrap)
    partition = TopicPartition(topic_name, 0)
    assert consumer.beginning_offsets([partition]) == {partition: 0}
    assert consumer.end_offsets([partition]) == {partition: 5}
    found = consumer.offsets_for_times({partition: 10_003})
    assert found[partition].offset == 3 and found[partition].timestamp == 10_003
    consumer.close()


def test_admin_create_list_delete(bootstrap, topic_name):
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    admin.create_topics([NewTopic(topic_name, num_partitions=2, replication_factor=1)])
    assert topic_name in admin.list_topics()
    with pytest.raises(TopicAlreadyExistsError):
        admin.create_topics([NewTopic(topic_name, num_partitions=2, replication_factor=1)])
    described = admin.describe_topics([topic_name])
    assert len(described[0]["partitions"]) == 2
    admin.delete_topics([topic_name])
    assert topic_name not in admin.list_topics()
    admin.close()


@pytest.mark.requires_groups
def test_group_consumer_commits(bootstrap, topic_name):
    producer = KafkaProducer(bootstrap_servers=bootstrap)
    for i in range(20):
        producer.send(topic_name, value=f"c{i}".encode(), partition=0)
    producer.flush()
    consumer = KafkaConsumer(
        topic_name,
        bootstrap_servers=bootstrap,
        group_id=f"group-{topic_name}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=10000,
    )
    values = []
    for message in consumer:
        values.append(message.value)
        if len(values) == 20:
            break
    consumer.commit()
    consumer.close()
    assert values == [f"c{i}".encode() for i in range(20)]
