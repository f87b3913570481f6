import RivuletCore

extension WindowAggregator {
    /// Aggregates one decoded batch from a source partition. `now` is processing time, used
    /// for idleness and live-result pacing only.
    public mutating func process(batch input: ColumnBatch, partition: Int32, now: ProcessingTime) -> [EngineOutput] {
        lastNow = max(lastNow, now)
        var batch = input
        keyGuard.apply(&batch)
        if let filter {
            let rows = filter.select(batch)
            counters.filtered += Int64(batch.count - rows.count)
            batch = batch.selecting(rows)
        }
        var outputs: [EngineOutput] = []
        if !batch.failures.isEmpty {
            counters.deadLetters += Int64(batch.failures.count)
            outputs.append(.deadLetter(batch.failures.map { DeadLetter(partition: partition, failure: $0) }))
        }
        let p = watermark.index(of: partition, now: now)
        if let next = batch.nextOffset { watermark.recordOffset(p, next: next) }
        var late: [LateEvent] = []
        if batch.count > 0 {
            watermark.touch(p, now: now)
            aggregate(batch, partitionIndex: p, partition: partition, late: &late)
            liveDirty = true
        }
        if !late.isEmpty {
            counters.lateEvents += Int64(late.count)
            outputs.append(.late(late))
        }
        collectFinals(into: &outputs)
        if let live = liveSnapshotIfDue(now: now) { outputs.append(.liveSnapshot(live)) }
        return outputs
    }

    /// Processing time passed without data: releases idle partitions (which may finalise
    /// windows) and publishes a pending live snapshot when `liveEvery` has elapsed.
    public mutating func advance(processingTime now: ProcessingTime) -> [EngineOutput] {
        lastNow = max(lastNow, now)
        var outputs: [EngineOutput] = []
        if watermark.checkIdle(now: now) {
            finalize(inputs: BatchInputs())
            liveDirty = true
        }
        collectFinals(into: &outputs)
        if let live = liveSnapshotIfDue(now: now) { outputs.append(.liveSnapshot(live)) }
        return outputs
    }

    private mutating func collectFinals(into outputs: inout [EngineOutput]) {
        guard !finals.isEmpty else { return }
        outputs.append(.finalWindows(finals))
        finals = []
    }

    private mutating func aggregate(_ batch: ColumnBatch, partitionIndex p: Int, partition: Int32, late: inout [LateEvent]) {
        let inputs = BatchInputs(batch: batch, plan: plan, eventTimeField: eventTimeField) { column, code in
            Int64(column.dictionary.withBytes(at: code) { b in
                strings.intern(b.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, b.count)
            })
        }
        let groupIds = resolveGroups(batch)
        let times = inputs.eventTimes
        counters.events += Int64(batch.count)
        pendingRows.removeAll(keepingCapacity: true)
        pendingSlots.removeAll(keepingCapacity: true)
        for r in 0..<batch.count {
            let t = times[r]
            let g = groupIds[r]
            let accepted: Bool
            switch windowing {
            case .tumbling(let size):
                let start = floorDiv(t, size) &* size
                accepted = assignFixed(row: r, group: g, start: start, end: start &+ size)
            case .hopping(let size, let slide):
                var start = floorDiv(t, slide) &* slide
                var any = false
                while start &+ size > t {
                    if assignFixed(row: r, group: g, start: start, end: start &+ size) { any = true }
                    start &-= slide
                }
                accepted = any
            case .session(let gap):
                accepted = assignSession(row: r, group: g, time: t, gap: gap, inputs: inputs)
            }
            if !accepted {
                let wm = watermark.current ?? t
                late.append(
                    LateEvent(
                        partition: partition, offset: batch.offsets[r], eventTime: Timestamp(milliseconds: t),
                        watermark: Timestamp(milliseconds: wm), lateByMilliseconds: wm &- t, keys: keyValues(g),
                        record: batch.rawRecord(row: r)))
            }
            if watermark.observe(p, eventTime: t), let wm = watermark.current, let next = heap.minTime, wm >= next {
                finalize(inputs: inputs)
            }
        }
        finalize(inputs: inputs)
    }

    /// Applies pending updates, emits corrections, then closes every window the watermark
    /// has reached, in that order, so a closing window has all its records.
    mutating func finalize(inputs: BatchInputs) {
        store.apply(rows: pendingRows, slots: pendingSlots, inputs: inputs)
        pendingRows.removeAll(keepingCapacity: true)
        pendingSlots.removeAll(keepingCapacity: true)
        emitCorrections()
        if let wm = watermark.current, let next = heap.minTime, wm >= next { sweep(watermark: wm) }
    }

    /// Tumbling and hopping: the slot of (group, start), created if needed. False when late.
    @inline(__always)
    private mutating func assignFixed(row: Int, group g: Int32, start: Int64, end: Int64) -> Bool {
        if let wm = watermark.current, end &+ allowedLateness <= wm { return false }
        var slot = lastSlotOfGroup[Int(g)]
        if slot < 0 || store.state[Int(slot)] == .free || store.group[Int(slot)] != g || store.start[Int(slot)] != start {
            if let found = index.find(group: g, start: start, in: store) {
                slot = found
            } else {
                slot = store.allocate(group: g, start: start, end: end)
                index.insert(slot, in: store)
                heap.push(.init(time: end, slot: slot, generation: store.generation[Int(slot)]))
            }
            lastSlotOfGroup[Int(g)] = slot
        }
        pendingRows.append(Int32(truncatingIfNeeded: row))
        pendingSlots.append(slot)
        if store.state[Int(slot)] == .emitted { markDirty(slot) }
        return true
    }

    mutating func markDirty(_ slot: Int32) {
        if !store.dirty[Int(slot)] {
            store.dirty[Int(slot)] = true
            dirtySlots.append(slot)
        }
    }

    private mutating func emitCorrections() {
        guard !dirtySlots.isEmpty else { return }
        for slot in dirtySlots where store.dirty[Int(slot)] {
            store.dirty[Int(slot)] = false
            guard store.state[Int(slot)] == .emitted else { continue }
            store.revision[Int(slot)] += 1
            // Keys first: a mutating call inside `row(…)`'s arguments would copy the operator.
            let keys = sharedKeyValues(store.group[Int(slot)])
            finals.append(row(slot, keys: keys))
            counters.corrections += 1
        }
        dirtySlots.removeAll(keepingCapacity: true)
    }

    /// Emits every open window whose end the watermark reached and purges retained ones.
    /// Windows closing together are put in order first, as small keys, and their rows built
    /// in that order: deterministic whatever the slot numbering (by end, start, then group id).
    mutating func sweep(watermark wm: Int64) {
        while let next = heap.minTime, next <= wm {
            closing.removeAll(keepingCapacity: true)
            while let next = heap.minTime, next <= wm, let entry = heap.pop() {
                let slot = entry.slot
                let i = Int(slot)
                guard store.generation[i] == entry.generation else { continue }
                let end = store.end[i]
                switch store.state[i] {
                case .open:
                    if end > wm {
                        heap.push(.init(time: end, slot: slot, generation: entry.generation))
                    } else {
                        closing.append(ClosingWindow(end: end, start: store.start[i], group: store.group[i], slot: slot))
                    }
                case .emitted:
                    if end &+ allowedLateness > wm {
                        heap.push(.init(time: end &+ allowedLateness, slot: slot, generation: entry.generation))
                    } else {
                        remove(slot)
                    }
                case .free:
                    continue
                }
            }
            closing.sort { ($0.end, $0.start, $0.group) < ($1.end, $1.start, $1.group) }
            for window in closing {
                let keys = sharedKeyValues(window.group)
                finals.append(row(window.slot, keys: keys))
                counters.finalWindows += 1
                if allowedLateness > 0 {
                    // Kept for corrections; purged by this loop when the lateness has passed too.
                    store.state[Int(window.slot)] = .emitted
                    heap.push(.init(time: window.end &+ allowedLateness, slot: window.slot, generation: store.generation[Int(window.slot)]))
                } else {
                    remove(window.slot)
                }
            }
        }
    }

    private mutating func remove(_ slot: Int32) {
        let i = Int(slot)
        let g = store.group[i]
        if case .session = windowing {
            unlinkSession(slot, group: g)
            sessionFloor[Int(g)] = max(sessionFloor[Int(g)], store.end[i])
        } else {
            index.remove(slot, in: store)
        }
        store.release(slot)
    }

    @inline(__always)
    func row(_ slot: Int32) -> WindowRow { row(slot, keys: keyValues(store.group[Int(slot)])) }

    @inline(__always)
    func row(_ slot: Int32, keys: [Value]) -> WindowRow {
        let i = Int(slot)
        // A closure naming `strings` would capture (copy) the whole operator, on every row.
        let strings = self.strings
        return WindowRow(
            windowStart: Timestamp(milliseconds: store.start[i]), windowEnd: Timestamp(milliseconds: store.end[i]),
            keys: keys,
            values: store.values(slot, fieldTypes: fieldTypes) { strings.string(at: Int32(truncatingIfNeeded: $0)) },
            revision: Int(store.revision[i]))
    }

    /// The current rows of all open (not yet final) windows, by start then key.
    public func liveRows() -> [WindowRow] {
        var slots: [Int32] = []
        for i in 0..<store.capacity where store.state[i] == .open { slots.append(Int32(i)) }
        slots.sort { (store.start[Int($0)], store.group[Int($0)]) < (store.start[Int($1)], store.group[Int($1)]) }
        return slots.map(row)
    }

    /// When the pending live snapshot is due (processing time); nil when nothing changed since
    /// the last one. An owner that sleeps between batches wakes then, so a change is never
    /// held longer than `liveEvery`.
    public var nextLiveSnapshotDue: ProcessingTime? {
        guard liveEvery > 0, liveDirty else { return nil }
        guard let last = lastLiveAt else { return lastNow }
        return ProcessingTime(milliseconds: last.milliseconds &+ liveEvery)
    }

    private mutating func liveSnapshotIfDue(now: ProcessingTime) -> LiveSnapshot? {
        guard liveEvery > 0, liveDirty else { return nil }
        if let last = lastLiveAt, now.milliseconds &- last.milliseconds < liveEvery { return nil }
        lastLiveAt = now
        liveDirty = false
        return LiveSnapshot(rows: liveRows(), watermark: currentWatermark, at: now)
    }
}
