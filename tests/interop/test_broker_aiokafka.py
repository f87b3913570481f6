"""aiokafka against the broker."""

import asyncio

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition


def test_produce_and_consume(bootstrap, topic_name):
    async def scenario():
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
        await producer.start()
        try:
            for i in range(200):
                await producer.send(topic_name, key=f"k{i}".encode(), value=f"a{i}".encode(), partition=0)
            batch = [producer.send(topic_name, value=f"b{i}".encode(), partition=1) for i in range(50)]
            results = await asyncio.gather(*[await f for f in batch])
            assert [r.offset for r in results] == list(range(50))
        finally:
            await producer.stop()

        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
        await consumer.start()
        try:
            partitions = [TopicPartition(topic_name, 0), TopicPartition(topic_name, 1)]
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            seen = []
            while len(seen) < 250:
                batches = await asyncio.wait_for(consumer.getmany(timeout_ms=1000), 30)
                for records in batches.values():
                    seen.extend(records)
        finally:
            await consumer.stop()
        by_partition = {p: [r for r in seen if r.partition == p] for p in (0, 1)}
        assert [(r.key, r.value) for r in by_partition[0]] == [(f"k{i}".encode(), f"a{i}".encode()) for i in range(200)]
        assert [r.value for r in by_partition[1]] == [f"b{i}".encode() for i in range(50)]

    asyncio.run(scenario())


@pytest.mark.requires_groups
def test_group_consume(bootstrap, topic_name):
    async def scenario():
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
        await producer.start()
        for i in range(10):
            await producer.send_and_wait(topic_name, value=f"g{i}".encode(), partition=0)
        await producer.stop()
        consumer = AIOKafkaConsumer(
            topic_name, bootstrap_servers=bootstrap, group_id=f"group-{topic_name}", auto_offset_reset="earliest"
        )
        await consumer.start()
        try:
            values = []
            while len(values) < 10:
                message = await asyncio.wait_for(consumer.getone(), 30)
                values.append(message.value)
            await consumer.commit()
        finally:
            await consumer.stop()
        assert values == [f"g{i}".encode() for i in range(10)]

    asyncio.run(scenario())
