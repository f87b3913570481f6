import RivuletCore

/// The binary checkpoint of a `WindowAggregator`.
///
/// Layout (little-endian):
/// ```
/// "RVCK" | version u16 | fingerprint u64 | epoch u64 | body length u32 | CRC32C(body) u32 | body
/// body = counters (5 × i64) | watermark (flag u8, i64)
///      | partitions: n u32, then (id i32, max event time opt-i64, next offset opt-i64) × n
///      | strings: n u32, then (length u32, UTF-8 bytes) × n          — global ids in order
///      | group words: n u32, then i64 × n                             — group ids in order
///      | session floors: n u32, then i64 × n
///      | slots: n u32, then per slot: group i32, start i64, end i64, state u8, revision i32,
///        i64 words × i64Stride, f64 words × f64Stride, sketches × sketch count
/// sketch = count u64 | zero count u64 | (offset i32, n u32, u32 × n) positive, then negative
/// ```
/// The fingerprint is `PipelineDefinition.fingerprint`; a different one means the state was
/// written for another window/group/aggregate shape and cannot be used.
public enum CheckpointCodec {
    public static let version: UInt16 = 1
    static let magic: [UInt8] = Array("RVCK".utf8)
    static let headerSize = 4 + 2 + 8 + 8 + 4 + 4

    public static func encode(_ a: WindowAggregator) -> [UInt8] {
        frame(encodeBody(a), magic: magic, version: version, fingerprint: a.definition.fingerprint, epoch: a.epoch)
    }

    /// Header + body: magic, version, fingerprint, epoch, body length, CRC32C of the body.
    static func frame(_ body: [UInt8], magic: [UInt8], version: UInt16, fingerprint: UInt64, epoch: UInt64) -> [UInt8] {
        var w = BinaryWriter()
        w.bytes = magic
        w.bytes.append(UInt8(version & 0xFF))
        w.bytes.append(UInt8(version >> 8))
        w.u64(fingerprint)
        w.u64(epoch)
        w.count(body.count)
        w.u32(CRC32C.checksum(body))
        w.bytes += body
        return w.bytes
    }

    static func reset(_ pipeline: String) -> String { "reset it with: rivulet clean --checkpoints --pipeline \(pipeline)" }

    /// The body and epoch of a framed checkpoint, after checking magic, version, fingerprint
    /// (`changed` says what a mismatch means) and checksum.
    static func unframe(
        _ bytes: [UInt8], magic: [UInt8], version: UInt16, fingerprint expected: UInt64, pipeline name: String, changed: String
    ) throws(StreamEngineError) -> (body: [UInt8], epoch: UInt64) {
        let reset = reset(name)
        guard bytes.count >= headerSize, Array(bytes[0..<4]) == magic else {
            throw StreamEngineError(.corruptCheckpoint, "the checkpoint of pipeline \(name) is not a Rivulet checkpoint of this kind; \(reset)")
        }
        let found = UInt16(bytes[4]) | UInt16(bytes[5]) << 8
        guard found == version else {
            throw StreamEngineError(
                .incompatibleCheckpoint, "the checkpoint of pipeline \(name) has format version \(found), this build reads \(version); \(reset)")
        }
        var r = BinaryReader(bytes, at: 6)
        do {
            let fingerprint = try r.u64()
            guard fingerprint == expected else {
                throw StreamEngineError(
                    .incompatibleCheckpoint, "the saved state of pipeline \(name) does not fit its current definition (\(changed)); \(reset)")
            }
            let epoch = try r.u64()
            let length = Int(try r.u32())
            let crc = try r.u32()
            guard length == r.remaining else { throw BinaryReader.Truncated(what: "body length") }
            let body = Array(bytes[r.at...])
            guard CRC32C.checksum(body) == crc else {
                throw StreamEngineError(.corruptCheckpoint, "the checkpoint of pipeline \(name) fails its checksum; \(reset)")
            }
            return (body, epoch)
        } catch let e as StreamEngineError {
            throw e
        } catch {
            throw StreamEngineError(.corruptCheckpoint, "the checkpoint of pipeline \(name) is truncated or damaged; \(reset)", cause: error)
        }
    }

    static func encodeBody(_ a: WindowAggregator) -> [UInt8] {
        var w = BinaryWriter()
        let c = a.counters
        for v in [c.events, c.lateEvents, c.deadLetters, c.finalWindows, c.corrections] { w.i64(v) }
        w.partitions(a.watermark)
        w.count(a.strings.count)
        for id in 0..<a.strings.count {
            a.strings.withBytes(at: Int32(id)) { b in
                w.count(b.count)
                w.bytes.append(contentsOf: b)
            }
        }
        w.count(a.groups.words.count)
        for v in a.groups.words { w.i64(v) }
        w.count(a.sessionFloor.count)
        for v in a.sessionFloor { w.i64(v) }
        let store = a.store
        let live = (0..<store.capacity).filter { store.state[$0] != .free }
        w.count(live.count)
        let plan = store.plan
        for i in live {
            w.i32(store.group[i])
            w.i64(store.start[i])
            w.i64(store.end[i])
            w.u8(store.state[i].rawValue)
            w.i32(store.revision[i])
            for k in 0..<plan.i64Stride { w.i64(store.i64[i * plan.i64Stride + k]) }
            for k in 0..<plan.f64Stride { w.f64(store.f64[i * plan.f64Stride + k]) }
            for k in 0..<plan.sketchFields.count {
                let s = store.sketches[i * plan.sketchFields.count + k]
                w.u64(s.count)
                w.u64(s.zeroCount)
                for b in [s.positive, s.negative] {
                    w.i32(b.offset)
                    w.count(b.counts.count)
                    for n in b.counts { w.u32(n) }
                }
            }
        }
        return w.bytes
    }

    /// Rebuilds an aggregator for `definition` from a checkpoint. Throws
    /// `.incompatibleCheckpoint` (with the command that resets it) when the checkpoint was
    /// written for a different pipeline shape, `.corruptCheckpoint` when the bytes are damaged.
    public static func decode(_ bytes: [UInt8], definition: PipelineDefinition, now: ProcessingTime) throws(StreamEngineError) -> WindowAggregator {
        let (body, epoch) = try unframe(
            bytes, magic: magic, version: version, fingerprint: definition.fingerprint, pipeline: definition.name,
            changed: "window, group_by, aggregates or schema changed")
        do {
            var a = try decodeBody(body, definition: definition, now: now)
            a.epoch = epoch
            return a
        } catch let e as StreamEngineError {
            throw e
        } catch {
            throw StreamEngineError(
                .corruptCheckpoint, "the checkpoint of pipeline \(definition.name) is truncated or damaged; \(reset(definition.name))",
                cause: error)
        }
    }

    static func decodeBody(_ body: [UInt8], definition: PipelineDefinition, now: ProcessingTime) throws -> WindowAggregator {
        var a = try WindowAggregator(definition: definition)
        var r = BinaryReader(body)
        a.counters = EngineCounters(
            events: try r.i64(), lateEvents: try r.i64(), deadLetters: try r.i64(), finalWindows: try r.i64(),
            corrections: try r.i64())
        try r.partitions(into: &a.watermark, now: now)
        for id in 0..<(try r.count(elementSize: 4)) {
            let n = try r.count(elementSize: 1, cap: 1 << 24)
            let s = try r.bytes(n)
            let got = s.withUnsafeBytes { a.strings.intern($0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, n) }
            guard got == id else { throw BinaryReader.Truncated(what: "duplicate string") }
        }
        let stride = a.groupFields.count + 1
        let words = try (0..<(try r.count(elementSize: 8))).map { _ throws(BinaryReader.Truncated) in try r.i64() }
        guard words.count % stride == 0 else { throw BinaryReader.Truncated(what: "group words") }
        a.groups = GroupKeyTable.restore(arity: stride - 1, words: words)
        guard a.groups.count * stride == words.count else { throw BinaryReader.Truncated(what: "duplicate group") }
        a.growGroupArrays(to: a.groups.count)
        let floors = try (0..<(try r.count(elementSize: 8))).map { _ throws(BinaryReader.Truncated) in try r.i64() }
        guard floors.count <= a.sessionFloor.count else { throw BinaryReader.Truncated(what: "session floors") }
        for (g, f) in floors.enumerated() { a.sessionFloor[g] = f }
        try decodeSlots(&r, into: &a)
        guard r.remaining == 0 else { throw BinaryReader.Truncated(what: "trailing bytes") }
        return a
    }

    private static func decodeSlots(_ r: inout BinaryReader, into a: inout WindowAggregator) throws {
        let plan = a.plan
        let sketchCount = plan.sketchFields.count
        let slotSize = 4 + 8 + 8 + 1 + 4 + 8 * (plan.i64Stride + plan.f64Stride) + 32 * sketchCount
        for _ in 0..<(try r.count(elementSize: slotSize)) {
            let g = try r.i32()
            let start = try r.i64()
            let end = try r.i64()
            guard g >= 0, Int(g) < a.groups.count, let state = WindowStore.SlotState(rawValue: try r.u8()), state != .free
            else { throw BinaryReader.Truncated(what: "slot") }
            let slot = a.store.allocate(group: g, start: start, end: end)
            let i = Int(slot)
            a.store.state[i] = state
            a.store.revision[i] = try r.i32()
            for k in 0..<plan.i64Stride { a.store.i64[i * plan.i64Stride + k] = try r.i64() }
            for k in 0..<plan.f64Stride { a.store.f64[i * plan.f64Stride + k] = try r.f64() }
            for k in 0..<sketchCount {
                var s = QuantileSketch()
                s.count = try r.u64()
                s.zeroCount = try r.u64()
                for negative in [false, true] {
                    var b = BucketStore()
                    b.offset = try r.i32()
                    let n = try r.count(elementSize: 4, cap: QuantileSketch.maxBuckets)
                    for _ in 0..<n { b.counts.append(try r.u32()) }
                    if negative { s.negative = b } else { s.positive = b }
                }
                a.store.sketches[i * sketchCount + k] = s
            }
            a.relink(slot)
        }
    }
}

extension BinaryWriter {
    /// The watermark, then per partition: id, maximum event time, next offset.
    mutating func partitions(_ watermark: WatermarkTracker) {
        optionalI64(watermark.current)
        count(watermark.partitions.count)
        for p in watermark.partitions {
            i32(p.id)
            optionalI64(p.maxEventTime)
            optionalI64(p.nextOffset)
        }
    }
}

extension BinaryReader {
    mutating func partitions(into watermark: inout WatermarkTracker, now: ProcessingTime) throws(Truncated) {
        let current = try optionalI64()
        var partitions: [WatermarkTracker.Partition] = []
        for _ in 0..<(try count(elementSize: 22)) {
            partitions.append(
                .init(id: try i32(), maxEventTime: try optionalI64(), lastActivity: now, isIdle: false, nextOffset: try optionalI64()))
        }
        watermark.restore(partitions: partitions, watermark: current, now: now)
    }
}

extension WindowAggregator {
    /// Puts a restored slot back into the lookup structures and the deadline heap.
    mutating func relink(_ slot: Int32) {
        let i = Int(slot)
        let g = store.group[i]
        if case .session = windowing {
            store.nextInGroup[i] = sessionHead[Int(g)]
            sessionHead[Int(g)] = slot
        } else {
            index.insert(slot, in: store)
        }
        let deadline = store.state[i] == .emitted ? store.end[i] &+ allowedLateness : store.end[i]
        heap.push(.init(time: deadline, slot: slot, generation: store.generation[i]))
    }

    /// The checkpoint bytes of this state (see `CheckpointCodec`).
    public func checkpoint() -> [UInt8] { CheckpointCodec.encode(self) }

    /// Restores the state saved by `checkpoint()`; see `CheckpointCodec.decode`.
    public static func restore(from bytes: [UInt8], definition: PipelineDefinition, now: ProcessingTime) throws(StreamEngineError) -> WindowAggregator {
        try CheckpointCodec.decode(bytes, definition: definition, now: now)
    }
}
