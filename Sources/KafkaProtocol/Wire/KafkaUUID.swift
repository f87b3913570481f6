/// Kafka's 16-byte UUID (topic IDs, directory IDs), kept as two big-endian halves so that it
/// needs no Foundation and compares and hashes cheaply. The all-zero value is Kafka's
/// `Uuid.ZERO_UUID`, which the protocol uses for "no ID".
public struct KafkaUUID: Hashable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public static let zero = KafkaUUID(high: 0, low: 0)

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// 32 lowercase hex digits (Kafka prints these base64; hex is easier to read in logs).
    public var description: String {
        func hex(_ v: UInt64) -> String {
            let digits = String(v, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex(high) + hex(low)
    }
}
