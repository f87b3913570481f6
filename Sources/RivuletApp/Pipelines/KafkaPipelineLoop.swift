import KafkaClient
import RivuletCore
import StreamEngine

/// The pipeline task of `KafkaPipelineService`: polls the group consumer, aggregates each
/// chunk in its partition's `PartitionPipeline`, handles rebalance changes between polls,
/// checkpoints every `checkpointInterval`, and writes `latest.json` from the live rows of
/// every owned partition. Records of partitions it does not own (yet, or any more) are
/// dropped: the owner reads them from its checkpoint's offsets.
struct KafkaPipelineLoop<C: Clock> where C.Duration == Duration {
    let service: KafkaPipelineService<C>
    let consumer: KafkaConsumer
    let deadLetters: KafkaDeadLetterWriter
    var owned: [Int32: PartitionPipeline] = [:]
    var live: [Int32: [WindowRow]] = [:]
    var windowsCommitted: Int64 = 0
    /// Of those, rows the owned partitions' sinks still hold for a lake file, as of the last checkpoint.
    var lakeHeldRows = 0

    init(service: KafkaPipelineService<C>, consumer: KafkaConsumer, deadLetters: KafkaDeadLetterWriter) {
        self.service = service
        self.consumer = consumer
        self.deadLetters = deadLetters
    }

    var now: ProcessingTime { ProcessingTime(milliseconds: service.wallClock.wallTime().milliseconds) }
    var clock: C { service.clock }

    mutating func run(mailbox: RebalanceMailbox) async throws {
        let tick = service.definition.liveEvery > .zero ? service.definition.liveEvery : .seconds(1)
        var nextCheckpoint = clock.now.advanced(by: service.checkpointInterval)
        var nextTick = clock.now.advanced(by: tick)
        service.logger.info("pipeline started", metadata: ["pipeline": "\(service.definition.name)", "group": "\(service.groupID)"])
        while !Task.isCancelled && !PipelineShutdown.isRequested {
            try await apply(mailbox.take())
            guard let records = try await consumer.poll(timeout: tick) else { break }
            if let first = records.first, owned[first.partition] != nil {
                try await process(records, partition: first.partition)
            }
            if records.isEmpty || clock.now >= nextTick {
                for p in owned.keys.sorted() { try await route(owned[p]!.coordinator.advance(processingTime: now), partition: p) }
                nextTick = clock.now.advanced(by: tick)
            }
            if clock.now >= nextCheckpoint {
                try await checkpoint(owned.keys.sorted())
                nextCheckpoint = clock.now.advanced(by: service.checkpointInterval)
            }
            publish()
        }
        guard !Task.isCancelled else { return }
        try await checkpoint(owned.keys.sorted(), draining: true)
        publish()
        service.logger.info("pipeline stopped after a final checkpoint", metadata: ["pipeline": "\(service.definition.name)"])
    }

    mutating func process(_ records: [ConsumerRecord], partition p: Int32) async throws {
        guard let state = owned[p] else { return }
        var batch = state.template.emptyCopy()
        state.decoder.decode(values: records.lazy.map { (offset: $0.offset.rawValue, value: $0.value) }, into: &batch)
        let outputs = owned[p]!.coordinator.process(batch: batch, partition: p, now: now)
        try await route(outputs, partition: p)
    }

    /// Applies each change and releases its caller, every one even when one fails.
    mutating func apply(_ changes: [RebalanceMailbox.Pending]) async throws {
        var failure: (any Error)?
        for pending in changes {
            if failure == nil {
                do { try await apply(pending.change) } catch { failure = error }
            }
            pending.done.resume()
        }
        if let failure { throw failure }
    }

    mutating func apply(_ change: RebalanceMailbox.Change) async throws {
        switch change {
        case .assigned(let tps):
            for tp in tps where tp.topic == service.topic && owned[tp.partition] == nil {
                let state = try await PartitionPipeline.open(
                    service.outputs, definition: service.definition, select: service.select, partition: tp.partition, now: now)
                try await consumer.seek(tp, to: state.nextOffset.map { OffsetSpec.exact(Offset($0)) } ?? .earliest)
                owned[tp.partition] = state
                service.logger.info(
                    "partition assigned",
                    metadata: ["partition": "\(tp.partition)", "epoch": "\(state.coordinator.aggregator.epoch)",
                               "offset": "\(state.nextOffset.map(String.init) ?? "earliest")"])
            }
        case .revoked(let tps):
            let mine = tps.filter { $0.topic == service.topic }.map(\.partition)
            try await checkpoint(mine, draining: true)
            for p in mine { forget(p) }
        case .lost(let tps):
            for tp in tps where tp.topic == service.topic { forget(tp.partition) }
        }
    }

    mutating func forget(_ p: Int32) {
        guard owned.removeValue(forKey: p) != nil else { return }
        live[p] = nil
        service.logger.info("partition released", metadata: ["partition": "\(p)"])
    }

    /// Dead letters first (so none is behind the offsets that skip its record), then each
    /// partition's checkpoint, then the group offsets (informational).
    mutating func checkpoint(_ partitions: [Int32], draining: Bool = false) async throws {
        let targets = partitions.filter { owned[$0] != nil }
        guard !targets.isEmpty else { return }
        try await deadLetters.flush()
        let started = clock.now
        var offsets: [TopicPartition: Offset] = [:]
        for p in targets {
            guard var state = owned[p] else { continue }
            if let windows = try await state.checkpoint(draining: draining) { windowsCommitted += Int64(windows) }
            if let next = state.nextOffset { offsets[TopicPartition(service.topic, p)] = Offset(next) }
            owned[p] = state
        }
        lakeHeldRows = owned.values.reduce(0) { $0 + $1.coordinator.sink.lake.heldRows }
        let took = started.duration(to: clock.now).milliseconds
        service.metrics.update { m in
            m.checkpoints += 1
            m.lastCheckpointMilliseconds = took
        }
        do {
            try await consumer.commit(offsets)
        } catch {
            service.logger.debug("committing group offsets failed", metadata: ["error": "\(error)"])
        }
    }

    mutating func route(_ outputs: [EngineOutput], partition p: Int32) async throws {
        for output in outputs {
            switch output {
            case .finalWindows, .rows: break  // kept by the partition's coordinator until its checkpoint
            case .late(let events): owned[p]?.coordinator.sink.addLate(events)
            case .deadLetter(let letters): try await deadLetters.write(letters)
            case .liveSnapshot(let snapshot):
                live[p] = snapshot.rows
                try writeLatest()
            }
        }
    }

    /// `latest.json` from the open windows of every owned partition.
    func writeLatest() throws {
        guard let snapshot = service.outputs.snapshot else { return }
        let rows = live.keys.sorted().flatMap { live[$0] ?? [] }.sorted { $0.windowStart < $1.windowStart }
        let seconds = service.wallClock.wallTime().milliseconds / 1000
        try snapshot.write(LatestDocument.render(rows: rows, columns: service.definition.outputColumns, updatedAtSeconds: seconds))
    }

    /// The owned partitions' counters, summed (they move with their partitions).
    func publish() {
        let aggregators = owned.values.map(\.coordinator.aggregator)
        let watermark = aggregators.compactMap(\.currentWatermark?.milliseconds).min()
        let wall = service.wallClock.wallTime().milliseconds
        let committed = windowsCommitted
        let held = lakeHeldRows
        service.metrics.update { m in
            m.inputEvents = aggregators.reduce(0) { $0 + $1.counters.events }
            m.lateEvents = aggregators.reduce(0) { $0 + $1.counters.lateEvents }
            m.deadLetters = aggregators.reduce(0) { $0 + $1.counters.deadLetters }
            m.openWindows = aggregators.reduce(0) { $0 + $1.openWindowCount }
            m.lastCommittedEpoch = aggregators.map(\.epoch).max() ?? 0
            m.windowsCommitted = committed
            m.lakeHeldRows = held
            m.watermarkMilliseconds = watermark
            m.watermarkDelayMilliseconds = watermark.map { wall - $0 }
        }
    }
}
