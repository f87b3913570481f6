import Foundation
import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore

/// `rivulet bench log`: appends, page-cache reads and recovery of the embedded log, measured
/// in-process on a scratch directory (no network).
public struct LogBenchmark: Sendable {
    /// Seconds each append case runs; short enough for a quick look, long enough to be stable.
    public var secondsPerCase: Double = 1.0
    /// Appends in flight at once, as a pipelining producer (librdkafka keeps 5 per connection).
    public var concurrentAppenders = 8
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public func run(progress: (String) -> Void = { _ in }) async throws -> BenchReport {
        var report = BenchReport(bench: "log")
        for policy in [("group_commit", FsyncPolicy.groupCommit), ("none", FsyncPolicy.none)] {
            for recordSize in [100, 512] {
                for batchRecords in [1, 100, 1000] {
                    let name = "append_\(recordSize)B_batch\(batchRecords)_\(policy.0)"
                    progress(name)
                    let (records, bytes, seconds) = try await appendCase(policy.1, recordSize: recordSize, batchRecords: batchRecords)
                    report.add(name + "_records_per_s", Double(records) / seconds, "records/s")
                    report.add(name + "_mb_per_s", Double(bytes) / seconds / 1e6, "MB/s")
                }
            }
        }
        progress("read_and_recovery")
        let (readRate, recoveryPerGB, scanned) = try readAndRecover()
        report.add("read_page_cache_mb_per_s", readRate, "MB/s")
        report.add("recovery_seconds_per_gb", recoveryPerGB, "s/GB")
        report.add("recovery_tail_scanned_mb", Double(scanned) / 1e6, "MB")
        let memory = ProcessMemory.residentBytes()
        report.add("rss_mb", Double(memory.current) / 1e6, "MB")
        report.add("peak_rss_mb", Double(memory.peak) / 1e6, "MB")
        return report
    }

    static func batch(records: Int, recordSize: Int) -> ByteBuffer {
        var builder = RecordBatchBuilder(estimatedSize: records * (recordSize + 16) + 64)
        let value = ByteBuffer(repeating: 0x61, count: recordSize)
        let now = SystemWallClock().wallTime().milliseconds
        for _ in 0..<records { builder.append(timestamp: now, key: nil, value: value) }
        return builder.build().bytes
    }

    private func scratch(_ name: String) throws -> String {
        let path = directory + "/" + name
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Appends the same batch for `secondsPerCase` from several tasks, each waiting for
    /// durability as acks=all does; returns records, bytes and elapsed seconds.
    func appendCase(_ policy: FsyncPolicy, recordSize: Int, batchRecords: Int) async throws -> (Int, Int, Double) {
        var settings = LogStoreConfiguration(directory: try scratch("append"))
        settings.fsync = policy
        let store = try LogStore.open(settings)
        defer { try? store.close() }
        try store.createTopic("bench", partitions: 1)
        guard let log = store.partition("bench", 0) else { return (0, 0, 1) }
        let batch = Self.batch(records: batchRecords, recordSize: recordSize)
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int64(secondsPerCase * 1000))
        let appended = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<concurrentAppenders {
                group.addTask {
                    var count = 0
                    while ContinuousClock.now < deadline {
                        let result = try log.append(batch)
                        try await log.waitUntilDurable(result.lastOffset)
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        let seconds = Double((ContinuousClock.now - start).nanoseconds) / 1e9
        return (appended * batchRecords, appended * batch.readableBytes, seconds)
    }

    /// Writes ~512 MB into one segment, reads it back through the page cache, then reopens
    /// the log so recovery scans (and CRC-checks) the whole tail.
    func readAndRecover() throws -> (readMBps: Double, recoverySecondsPerGB: Double, scannedBytes: Int64) {
        var settings = LogStoreConfiguration(directory: try scratch("read"))
        settings.fsync = .none
        settings.topicDefaults.segmentBytes = 1 << 30
        var store = try LogStore.open(settings)
        try store.createTopic("bench", partitions: 1)
        guard var log = store.partition("bench", 0) else { return (0, 0, 0) }
        let batch = Self.batch(records: 1000, recordSize: 512)
        let target: Int64 = 512 << 20
        while log.sizeInBytes < target { _ = try log.append(batch) }
        var offset = Offset(0)
        var bytes = 0
        let readStart = ContinuousClock.now
        while offset < log.logEndOffset {
            let read = try log.read(from: offset, maxBytes: 4 << 20)
            bytes += read.records.readableBytes
            var last: Int64 = offset.rawValue
            var at = read.records.readerIndex
            while let header = RecordBatchHeader.peek(read.records, at: at) {
                last = header.lastOffset
                at += header.totalSize
            }
            offset = Offset(last + 1)
        }
        let readSeconds = Double((ContinuousClock.now - readStart).nanoseconds) / 1e9
        let scanned = log.sizeInBytes
        try store.close()
        let recoveryStart = ContinuousClock.now
        store = try LogStore.open(settings)
        let recoverySeconds = Double((ContinuousClock.now - recoveryStart).nanoseconds) / 1e9
        log = store.partition("bench", 0) ?? log
        try store.close()
        try? FileManager.default.removeItem(atPath: settings.directory)
        return (Double(bytes) / readSeconds / 1e6, recoverySeconds / (Double(scanned) / 1e9), scanned)
    }
}
