import Prometheus
import Synchronization

/// Mirrors the data source's numbers into a swift-prometheus registry at scrape time.
///
/// The registry is private to the dashboard (the executable owns any global metrics system).
/// Labels are bounded: pipeline, topic, partition and lake table names come from the
/// configuration, never from the data, so a device id can never become a label.
/// The data source reports totals; counters are advanced by the difference since the last scrape.
final class PrometheusExporter: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let lastTotals = Mutex<[String: Int64]>([:])

    func render(
        pipelines: [DashboardPipelineHealth], topics: [DashboardTopic]?, lake: [DashboardLakeTable],
        devices: Int, subscribers: Int
    ) -> [UInt8] {
        for p in pipelines { record(p) }
        for topic in topics ?? [] {
            for partition in topic.partitions {
                let labels = [("topic", topic.name), ("partition", String(partition.partition))]
                registry.makeGauge(
                    name: "rivulet_topic_high_watermark", labels: labels,
                    help: "Offset after the last record of a partition."
                )
                .set(partition.highWatermark)
                registry.makeGauge(
                    name: "rivulet_topic_log_start_offset", labels: labels, help: "First offset still retained."
                )
                .set(partition.logStartOffset)
            }
        }
        for table in lake {
            let labels = [("table", table.name)]
            registry.makeGauge(name: "rivulet_lake_table_version", labels: labels, help: "Latest Delta version.").set(
                table.version)
            registry.makeGauge(name: "rivulet_lake_table_rows", labels: labels, help: "Rows in the table's live files.")
                .set(table.rows)
            registry.makeGauge(
                name: "rivulet_lake_table_bytes", labels: labels, help: "Bytes of the table's live files."
            ).set(table.bytes)
        }
        registry.makeGauge(
            name: "rivulet_dashboard_active_devices", help: "Devices with a window in the series period."
        ).set(Int64(devices))
        registry.makeGauge(name: "rivulet_dashboard_sse_clients", help: "Open Server-Sent Events streams.").set(
            Int64(subscribers))
        return registry.emitToBuffer()
    }

    private func record(_ p: DashboardPipelineHealth) {
        let labels = [("pipeline", p.pipeline)]
        advance("rivulet_pipeline_input_events_total", labels, to: p.inputEvents, help: "Events read by the pipeline.")
        advance("rivulet_pipeline_late_events_total", labels, to: p.lateEvents, help: "Events behind the watermark.")
        advance(
            "rivulet_pipeline_dead_letters_total", labels, to: p.deadLetters,
            help: "Malformed events sent to the dead-letter topic.")
        advance(
            "rivulet_pipeline_windows_committed_total", labels, to: p.windowsCommitted,
            help: "Final windows committed to the lake.")
        registry.makeGauge(name: "rivulet_pipeline_lag_records", labels: labels, help: "Records behind the log end.")
            .set(p.lag)
        registry.makeGauge(
            name: "rivulet_pipeline_lake_held_rows", labels: labels,
            help: "Committed results held for a larger lake file, not in the tables yet."
        ).set(Int64(p.lakeHeldRows))
        registry.makeGauge(name: "rivulet_pipeline_open_windows", labels: labels, help: "Windows not yet final.").set(
            Int64(p.openWindows))
        if let delay = p.watermarkDelayMilliseconds {
            registry.makeGauge(
                name: "rivulet_pipeline_watermark_delay_seconds", labels: labels,
                help: "Processing time minus the watermark."
            )
            .set(Double(delay) / 1000)
        }
        for partition in p.partitions {
            registry.makeGauge(
                name: "rivulet_pipeline_partition_lag_records",
                labels: labels + [("partition", String(partition.partition))],
                help: "Records behind the log end per source partition."
            ).set(partition.lag)
        }
        if let commit = p.lastLakeCommit {
            registry.makeGauge(
                name: "rivulet_pipeline_last_lake_commit_timestamp_seconds", labels: labels,
                help: "Wall-clock time of the pipeline's last commit to its windows table."
            ).set(Double(commit.timeMilliseconds) / 1000)
        }
    }

    private func advance(_ name: String, _ labels: [(String, String)], to total: Int64, help: String) {
        let key = name + "|" + labels.map { $0.0 + "=" + $0.1 }.joined(separator: ",")
        let delta = lastTotals.withLock { last -> Int64 in
            // A smaller total means the source restarted; count from zero again.
            let previous = last[key] ?? 0
            last[key] = total
            return total >= previous ? total - previous : total
        }
        registry.makeCounter(name: name, labels: labels, help: help).increment(by: delta)
    }
}
