import RivuletCore

/// The binary checkpoint of a `PassThroughOperator`; same header as `CheckpointCodec` with
/// its own magic.
///
/// ```
/// "RVPT" | version u16 | fingerprint u64 | epoch u64 | body length u32 | CRC32C(body) u32 | body
/// body = counters (7 × i64) | watermark (flag u8, i64)
///      | partitions: n u32, then (id i32, max event time opt-i64, next offset opt-i64) × n
///      | dedup keys: n u32, then (hash a u64, hash b u64, first event time i64) × n
/// ```
public enum PassThroughCodec {
    public static let version: UInt16 = 1
    static let magic: [UInt8] = Array("RVPT".utf8)

    public static func encode(_ op: PassThroughOperator) -> [UInt8] {
        var w = BinaryWriter()
        let c = op.counters
        for v in [c.events, c.lateEvents, c.deadLetters, c.finalWindows, c.corrections, c.filtered, c.duplicates] { w.i64(v) }
        w.partitions(op.watermark)
        let entries = op.dedup?.entries ?? []
        w.count(entries.count)
        for e in entries {
            w.u64(e.key.a)
            w.u64(e.key.b)
            w.i64(e.firstTime)
        }
        return CheckpointCodec.frame(w.bytes, magic: magic, version: version, fingerprint: op.definition.fingerprint, epoch: op.epoch)
    }

    public static func decode(_ bytes: [UInt8], definition: PassThroughDefinition, now: ProcessingTime) throws(StreamEngineError) -> PassThroughOperator {
        let (body, epoch) = try CheckpointCodec.unframe(
            bytes, magic: magic, version: version, fingerprint: definition.fingerprint, pipeline: definition.name,
            changed: "schema, event_time or deduplicate key changed")
        do {
            var op = try PassThroughOperator(definition: definition)
            var r = BinaryReader(body)
            op.counters = EngineCounters(
                events: try r.i64(), lateEvents: try r.i64(), deadLetters: try r.i64(), finalWindows: try r.i64(),
                corrections: try r.i64(), filtered: try r.i64(), duplicates: try r.i64())
            try r.partitions(into: &op.watermark, now: now)
            for _ in 0..<(try r.count(elementSize: 24)) {
                let key = Deduplicator.Key(a: try r.u64(), b: try r.u64())
                op.dedup?.remember(key, time: try r.i64())
            }
            guard r.remaining == 0 else { throw BinaryReader.Truncated(what: "trailing bytes") }
            op.epoch = epoch
            return op
        } catch let e as StreamEngineError {
            throw e
        } catch {
            throw StreamEngineError(
                .corruptCheckpoint,
                "the checkpoint of pipeline \(definition.name) is truncated or damaged; \(CheckpointCodec.reset(definition.name))",
                cause: error)
        }
    }
}

extension PassThroughOperator {
    public func checkpoint() -> [UInt8] { PassThroughCodec.encode(self) }

    public static func restore(from bytes: [UInt8], definition: PassThroughDefinition, now: ProcessingTime) throws(StreamEngineError) -> PassThroughOperator {
        try PassThroughCodec.decode(bytes, definition: definition, now: now)
    }
}
