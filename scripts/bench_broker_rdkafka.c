/* Produce/consume throughput of a Kafka-protocol broker as librdkafka itself sees it, without
 * a Python loop per message (the confluent-kafka bench is bound by the interpreter on 2 cores).
 * Build and run (librdkafka-dev from Debian):
 *   cc -O2 -o /tmp/bench_rdkafka scripts/bench_broker_rdkafka.c -lrdkafka
 *   /tmp/bench_rdkafka produce 127.0.0.1:9092 TOPIC 1000000 512   # acks=all, default batching
 *   /tmp/bench_rdkafka consume 127.0.0.1:9092 TOPIC 1000000 3     # from the beginning of 3 partitions
 * Prints one JSON object: messages, seconds, messages per second, MB per second. */
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static long delivered, failed;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
    (void)rk;
    (void)opaque;
    if (m->err) failed++; else delivered++;
}

static rd_kafka_conf_t *config(const char *bootstrap) {
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof err) != RD_KAFKA_CONF_OK) {
        fprintf(stderr, "%s\n", err);
        exit(2);
    }
    return conf;
}

static void set(rd_kafka_conf_t *conf, const char *key, const char *value) {
    char err[512];
    if (rd_kafka_conf_set(conf, key, value, err, sizeof err) != RD_KAFKA_CONF_OK) {
        fprintf(stderr, "%s: %s\n", key, err);
        exit(2);
    }
}

static void report(const char *what, long messages, long size, double seconds) {
    printf("{\"case\": \"%s\", \"messages\": %ld, \"seconds\": %.3f, \"messages_per_s\": %.0f, \"mb_per_s\": %.1f}\n",
           what, messages, seconds, messages / seconds, messages * (double)size / seconds / 1e6);
}

static int produce(const char *bootstrap, const char *topic, long count, long size) {
    char err[512];
    rd_kafka_conf_t *conf = config(bootstrap);
    set(conf, "acks", "all");
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) { fprintf(stderr, "%s\n", err); return 1; }
    char *payload = malloc(size);
    memset(payload, 'x', size);
    double started = now();
    for (long i = 0; i < count;) {
        rd_kafka_resp_err_t e = rd_kafka_producev(
            rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_VALUE(payload, size), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_END);
        if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) { rd_kafka_poll(rk, 1); continue; }
        if (e) { fprintf(stderr, "produce: %s\n", rd_kafka_err2str(e)); return 1; }
        i++;
        if ((i & 1023) == 0) rd_kafka_poll(rk, 0);
    }
    rd_kafka_flush(rk, 60000);
    double seconds = now() - started;
    if (failed || delivered != count) { fprintf(stderr, "delivered %ld, failed %ld\n", delivered, failed); return 1; }
    report("produce", count, size, seconds);
    rd_kafka_destroy(rk);
    free(payload);
    return 0;
}

static int consume(const char *bootstrap, const char *topic, long count, int partitions) {
    char err[512];
    rd_kafka_conf_t *conf = config(bootstrap);
    set(conf, "group.id", "bench-rdkafka-c");
    set(conf, "enable.auto.commit", "false");
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!rk) { fprintf(stderr, "%s\n", err); return 1; }
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; p++)
        rd_kafka_topic_partition_list_add(list, topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(rk, list);
    long seen = 0, bytes = 0;
    double started = 0, deadline = now() + 120;
    while (seen < count && now() < deadline) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
        if (!m) continue;
        if (!m->err) {
            if (seen == 0) started = now();
            seen++;
            bytes += m->len;
        }
        rd_kafka_message_destroy(m);
    }
    double seconds = now() - started;
    if (seen < count) { fprintf(stderr, "consumed %ld of %ld\n", seen, count); return 1; }
    report("consume", seen, seen ? bytes / seen : 0, seconds);
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s produce BOOTSTRAP TOPIC COUNT SIZE | consume BOOTSTRAP TOPIC COUNT PARTITIONS\n", argv[0]);
        return 2;
    }
    long count = atol(argv[4]);
    if (strcmp(argv[1], "produce") == 0) return produce(argv[2], argv[3], count, atol(argv[5]));
    if (strcmp(argv[1], "consume") == 0) return consume(argv[2], argv[3], count, atoi(argv[5]));
    fprintf(stderr, "unknown mode %s\n", argv[1]);
    return 2;
}
