import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore

/// The workload behind `rivulet _log-writer`, a durability probe: it appends batches whose
/// record values are a pure function of their offset, waits until each is durable and only
/// then reports it acknowledged. A crash test kills it at random and checks that every
/// acknowledged offset reads back exactly `value(at:)`.
public struct LogWriterWorkload: Sendable {
    public static let topic = "durability"
    public static let recordsPerBatch = 10

    /// The bytes a record at `offset` must hold: the offset, then a deterministic fill of a
    /// length that varies so batches have different sizes.
    public static func value(at offset: Int64) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(offset)
        var x = UInt64(bitPattern: offset) &* 0x9E37_79B9_7F4A_7C15 | 1
        let length = 40 + Int(UInt64(bitPattern: offset) &* 7919 % 600)
        for _ in 0..<length {
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            buffer.writeInteger(UInt8(truncatingIfNeeded: x))
        }
        return buffer
    }

    public let store: LogStore

    public init(store: LogStore) throws {
        self.store = store
        if store.partition(Self.topic, 0) == nil { try store.createTopic(Self.topic, partitions: 1) }
    }

    /// Appends `count` batches (forever if nil), calling `acknowledged` with each batch's
    /// last offset after it is durable.
    public func run(count: Int?, acknowledged: (Offset) -> Void) async throws {
        guard let log = store.partition(Self.topic, 0) else { return }
        var written = 0
        while count.map({ written < $0 }) ?? true {
            let base = log.logEndOffset.rawValue
            var builder = RecordBatchBuilder(estimatedSize: Self.recordsPerBatch * 700)
            for j in 0..<Int64(Self.recordsPerBatch) {
                builder.append(timestamp: 1_700_000_000_000 + base + j, key: nil, value: Self.value(at: base + j))
            }
            let result = try log.append(builder.build().bytes)
            try await log.waitUntilDurable(result.lastOffset)
            acknowledged(result.lastOffset)
            written += 1
        }
    }
}
