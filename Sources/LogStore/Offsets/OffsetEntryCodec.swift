import RivuletCore

/// Bytes of one committed-offset entry:
///
/// ```
/// length u32 | crc32c u32 (of payload) | payload:
///   kind u8 (1 = offset, 2 = tombstone) | group u16+utf8 | topic u16+utf8 | partition i32
///   [offset i64 | leaderEpoch i32 | commitTimestamp i64 | metadata i32 (-1 = null)+utf8]
/// ```
/// All integers big-endian. Every length is checked against what remains.
enum OffsetEntryCodec {
    static let maxPayload = 1 << 20

    static func encode(_ key: GroupTopicPartition, _ value: CommittedOffset, into out: inout [UInt8]) {
        var payload: [UInt8] = [1]
        appendKey(key, to: &payload)
        payload.appendBigEndian(value.offset.rawValue)
        payload.appendBigEndian(value.leaderEpoch)
        payload.appendBigEndian(value.commitTimestamp.milliseconds)
        if let metadata = value.metadata {
            let utf8 = Array(metadata.utf8.prefix(maxPayload / 2))
            payload.appendBigEndian(Int32(utf8.count))
            payload.append(contentsOf: utf8)
        } else {
            payload.appendBigEndian(Int32(-1))
        }
        frame(payload, into: &out)
    }

    static func encodeTombstone(_ key: GroupTopicPartition, into out: inout [UInt8]) {
        var payload: [UInt8] = [2]
        appendKey(key, to: &payload)
        frame(payload, into: &out)
    }

    private static func appendKey(_ key: GroupTopicPartition, to payload: inout [UInt8]) {
        for text in [key.group, key.topic] {
            let utf8 = Array(text.utf8.prefix(Int(UInt16.max)))
            payload.appendBigEndian(UInt16(utf8.count))
            payload.append(contentsOf: utf8)
        }
        payload.appendBigEndian(key.partition)
    }

    private static func frame(_ payload: [UInt8], into out: inout [UInt8]) {
        out.appendBigEndian(UInt32(payload.count))
        out.appendBigEndian(CRC32C.checksum(payload))
        out.append(contentsOf: payload)
    }

    /// Replays entries in order; returns how many were read and where the valid bytes end.
    static func decodeAll(_ bytes: [UInt8], apply: (GroupTopicPartition, CommittedOffset?) -> Void) -> (count: Int, validEnd: Int) {
        var at = 0
        var count = 0
        while at + 8 <= bytes.count {
            let length = Int(bytes.bigEndianUInt32(at: at))
            guard length <= maxPayload, at + 8 + length <= bytes.count else { break }
            let payload = Array(bytes[(at + 8)..<(at + 8 + length)])
            guard CRC32C.checksum(payload) == bytes.bigEndianUInt32(at: at + 4),
                  let (key, value) = decodePayload(payload) else { break }
            apply(key, value)
            count += 1
            at += 8 + length
        }
        return (count, at)
    }

    private static func decodePayload(_ p: [UInt8]) -> (GroupTopicPartition, CommittedOffset?)? {
        var at = 1
        guard let kind = p.first, kind == 1 || kind == 2 else { return nil }
        func text() -> String? {
            guard at + 2 <= p.count else { return nil }
            let n = Int(p[at]) << 8 | Int(p[at + 1])
            guard at + 2 + n <= p.count else { return nil }
            defer { at += 2 + n }
            return String(decoding: p[(at + 2)..<(at + 2 + n)], as: UTF8.self)
        }
        guard let group = text(), let topic = text(), at + 4 <= p.count else { return nil }
        let key = GroupTopicPartition(group: group, topic: topic, partition: Int32(bitPattern: p.bigEndianUInt32(at: at)))
        at += 4
        if kind == 2 { return (key, nil) }
        guard at + 24 <= p.count else { return nil }
        let offset = Int64(bitPattern: p.bigEndianUInt64(at: at))
        let epoch = Int32(bitPattern: p.bigEndianUInt32(at: at + 8))
        let time = Int64(bitPattern: p.bigEndianUInt64(at: at + 12))
        let metaLength = Int32(bitPattern: p.bigEndianUInt32(at: at + 20))
        at += 24
        var metadata: String?
        if metaLength >= 0 {
            guard at + Int(metaLength) <= p.count else { return nil }
            metadata = String(decoding: p[at..<(at + Int(metaLength))], as: UTF8.self)
        }
        return (key, CommittedOffset(offset: Offset(offset), leaderEpoch: epoch, metadata: metadata, commitTimestamp: Timestamp(milliseconds: time)))
    }
}
