import KafkaProtocol
import LogStore
import NIOCore
import RivuletCore
import StreamEngine

/// Appends records the engine could not use to the dead-letter topic of the embedded log
/// (`<topic>.dlq` by default), with the original bytes as the value and headers naming the
/// error, the field and the source topic, partition and offset (DESIGN §6). A dead letter goes
/// to the partition of its source partition (modulo the topic's partitions), keeping order.
///
/// At least once: a replay after a crash may append a dead letter again.
public struct DeadLetterWriter: Sendable {
    public static let errorHeader = "rivulet.error"
    public static let detailHeader = "rivulet.error.detail"
    public static let fieldHeader = "rivulet.error.field"
    public static let topicHeader = "rivulet.source.topic"
    public static let partitionHeader = "rivulet.source.partition"
    public static let offsetHeader = "rivulet.source.offset"

    public let log: LogStore
    public let topic: String
    public let sourceTopic: String
    let clock: any WallClock

    /// Creates the topic, with as many partitions as the source, if it does not exist.
    public init(log: LogStore, topic: String, sourceTopic: String, clock: any WallClock = SystemWallClock()) throws {
        if log.partitions(of: topic) == nil {
            try log.createTopic(topic, partitions: Int32(max(1, log.partitions(of: sourceTopic)?.count ?? 1)))
        }
        self.log = log
        self.topic = topic
        self.sourceTopic = sourceTopic
        self.clock = clock
    }

    public func write(_ letters: [DeadLetter]) throws {
        try append(letters.map(Self.letter))
    }

    /// A record batch the engine cannot open (damaged compressed data or records): one dead
    /// letter per batch, its error header the error's code (`corrupt-compressed-data`, …), its
    /// detail the message and offset range, the batch's bytes as the value.
    public func writeUnreadableBatch(
        partition: Int32, baseOffset: Int64, lastOffset: Int64, code: String, error: String, bytes: [UInt8]
    ) throws {
        try append([(partition, baseOffset, code, "\(error); offsets \(baseOffset)...\(lastOffset)", nil, bytes)])
    }

    typealias Letter = (partition: Int32, offset: Int64, error: String, detail: String, field: String?, value: [UInt8])

    static func letter(_ d: DeadLetter) -> Letter {
        (d.partition, d.failure.offset, d.failure.kind.rawValue, d.failure.detail, d.failure.field, d.failure.record)
    }

    /// The headers of a dead letter: error, detail, source topic, partition and offset, field.
    static func headers(_ letter: Letter, sourceTopic: String) -> [RecordHeader] {
        func header(_ key: String, _ value: String) -> RecordHeader { RecordHeader(key: key, value: ByteBuffer(string: value)) }
        var headers = [
            header(errorHeader, letter.error), header(detailHeader, letter.detail), header(topicHeader, sourceTopic),
            header(partitionHeader, String(letter.partition)), header(offsetHeader, String(letter.offset)),
        ]
        if let field = letter.field { headers.append(header(fieldHeader, field)) }
        return headers
    }

    func append(_ letters: [Letter]) throws {
        guard let partitions = log.partitions(of: topic), !partitions.isEmpty else {
            throw RivuletError(.io, "dead-letter topic \(topic) has no partitions")
        }
        let now = clock.wallTime().milliseconds
        var byPartition: [Int: RecordBatchBuilder] = [:]
        for letter in letters {
            let target = Int(letter.partition) % partitions.count
            var builder = byPartition[target] ?? RecordBatchBuilder(estimatedSize: 4096)
            builder.append(
                timestamp: now, key: nil, value: ByteBuffer(bytes: letter.value), headers: Self.headers(letter, sourceTopic: sourceTopic))
            byPartition[target] = builder
        }
        for (target, builder) in byPartition.sorted(by: { $0.key < $1.key }) {
            _ = try partitions[target].append(builder.build().bytes)
        }
    }
}
