import KafkaProtocol
import NIOCore
import RivuletCore

/// One record as the consumer hands it out. Key, value and header values are slices of the
/// fetched buffer (no copy) until the caller asks for bytes or a string.
public struct ConsumerRecord: Hashable, Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Offset
    public var timestamp: Timestamp
    public var timestampType: TimestampType
    public var key: ByteBuffer?
    public var value: ByteBuffer?
    public var headers: [RecordHeader]

    /// What the record iterator leaves in a chunk's place of a record it moved out: holds no
    /// references, so moving costs no reference counting.
    static var movedOut: ConsumerRecord {
        ConsumerRecord(
            topic: "", partition: -1, offset: Offset(-1), timestamp: Timestamp(milliseconds: 0), timestampType: .createTime,
            key: nil, value: nil, headers: [])
    }

    public var topicPartition: TopicPartition { TopicPartition(topic, partition) }
    public var keyBytes: [UInt8]? { key.map { Array($0.readableBytesView) } }
    public var valueBytes: [UInt8]? { value.map { Array($0.readableBytesView) } }
    public var keyString: String? { key.map { String(buffer: $0) } }
    public var valueString: String? { value.map { String(buffer: $0) } }
}
