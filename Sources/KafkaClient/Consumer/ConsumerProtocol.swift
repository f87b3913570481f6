import KafkaProtocol
import NIOCore

/// The "consumer" embedded protocol that Kafka's Java client, librdkafka and kafka-python
/// put inside JoinGroup metadata and SyncGroup assignments (ConsumerProtocolSubscription.json
/// and ConsumerProtocolAssignment.json), so our members can share a group with theirs.
///
/// ```
/// Subscription v0: version int16, topics [string], userData nullable bytes
///              v1: + ownedPartitions [topic string, partitions [int32]]
///              v2: + generationId int32        v3: + rackId nullable string
/// Assignment   v0: version int16, assignedPartitions [topic string, partitions [int32]], userData nullable bytes
/// ```
/// Classic (non-flexible) encodings. We write v0 and read any version, ignoring the fields
/// (and trailing bytes) a newer version adds, as Kafka's own decoder does.
public enum ConsumerProtocol {
    public static let protocolType = "consumer"

    public struct Subscription: Hashable, Sendable {
        public var topics: [String]
        public var userData: ByteBuffer?
        public var ownedPartitions: [TopicPartition]

        public init(topics: [String], userData: ByteBuffer? = nil, ownedPartitions: [TopicPartition] = []) {
            self.topics = topics
            self.userData = userData
            self.ownedPartitions = ownedPartitions
        }
    }

    public struct Assignment: Hashable, Sendable {
        public var partitions: [TopicPartition]
        public var userData: ByteBuffer?

        public init(partitions: [TopicPartition], userData: ByteBuffer? = nil) {
            self.partitions = partitions
            self.userData = userData
        }
    }

    public static func encode(_ subscription: Subscription) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(0))
        buffer.writeKafkaArray(subscription.topics, compact: false) { $1.writeKafkaString($0, compact: false) }
        buffer.writeKafkaNullableBytes(subscription.userData, compact: false)
        return buffer
    }

    public static func decodeSubscription(_ bytes: ByteBuffer) throws(KafkaClientError) -> Subscription {
        var buffer = bytes
        do {
            let version = try buffer.readKafkaInteger(as: Int16.self)
            guard version >= 0 else { throw KafkaProtocolError(.unsupportedVersion, "subscription version \(version)") }
            let topics = try buffer.readKafkaArray(compact: false) { try $0.readKafkaString(compact: false) }
            let userData = try buffer.readKafkaNullableBytes(compact: false)
            var owned: [TopicPartition] = []
            if version >= 1, buffer.readableBytes > 0 { owned = try readTopicPartitions(&buffer) }
            return Subscription(topics: topics, userData: userData, ownedPartitions: owned)
        } catch {
            throw KafkaClientError(.protocolError, "consumer subscription metadata does not decode", cause: error)
        }
    }

    public static func encode(_ assignment: Assignment) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(0))
        writeTopicPartitions(assignment.partitions, into: &buffer)
        buffer.writeKafkaNullableBytes(assignment.userData, compact: false)
        return buffer
    }

    /// An empty buffer is an empty assignment (what a coordinator sends a member it left out).
    public static func decodeAssignment(_ bytes: ByteBuffer) throws(KafkaClientError) -> Assignment {
        var buffer = bytes
        guard buffer.readableBytes > 0 else { return Assignment(partitions: []) }
        do {
            let version = try buffer.readKafkaInteger(as: Int16.self)
            guard version >= 0 else { throw KafkaProtocolError(.unsupportedVersion, "assignment version \(version)") }
            let partitions = try readTopicPartitions(&buffer)
            let userData = buffer.readableBytes > 0 ? try buffer.readKafkaNullableBytes(compact: false) : nil
            return Assignment(partitions: partitions, userData: userData)
        } catch {
            throw KafkaClientError(.protocolError, "consumer assignment does not decode", cause: error)
        }
    }

    private static func writeTopicPartitions(_ partitions: [TopicPartition], into buffer: inout ByteBuffer) {
        let grouped = partitions.groupedByTopic()
        buffer.writeKafkaArray(grouped, compact: false) { entry, out in
            out.writeKafkaString(entry.topic, compact: false)
            out.writeKafkaArray(entry.partitions, compact: false) { $1.writeInteger($0) }
        }
    }

    private static func readTopicPartitions(_ buffer: inout ByteBuffer) throws -> [TopicPartition] {
        let entries = try buffer.readKafkaArray(compact: false) { inner -> [TopicPartition] in
            let topic = try inner.readKafkaString(compact: false)
            return try inner.readKafkaArray(compact: false) { TopicPartition(topic, try $0.readKafkaInteger(as: Int32.self)) }
        }
        return entries.flatMap { $0 }
    }
}
