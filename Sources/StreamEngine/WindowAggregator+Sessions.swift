/// Session windows: `[first event, last event + gap)` per key, merged when an event bridges
/// two sessions. A key usually has one or two open sessions, kept in a short linked list.
extension WindowAggregator {
    mutating func assignSession(row: Int, group g: Int32, time t: Int64, gap: Int64, inputs: BatchInputs) -> Bool {
        if let wm = watermark.current, t &+ gap &+ allowedLateness <= wm { return false }
        if t < sessionFloor[Int(g)] { return false }
        var target: Int32 = -1
        var s = sessionHead[Int(g)]
        while s >= 0 {
            let next = store.nextInGroup[Int(s)]
            if t < store.end[Int(s)], t &+ gap > store.start[Int(s)] {
                if target < 0 {
                    target = s
                } else {
                    // The event bridges two sessions: fold `s` into `target`. Pending rows
                    // may point at `s`, so apply them first.
                    store.apply(rows: pendingRows, slots: pendingSlots, inputs: inputs)
                    pendingRows.removeAll(keepingCapacity: true)
                    pendingSlots.removeAll(keepingCapacity: true)
                    mergeSession(s, into: target, group: g)
                }
            }
            s = next
        }
        if target < 0 {
            target = store.allocate(group: g, start: t, end: t &+ gap)
            store.nextInGroup[Int(target)] = sessionHead[Int(g)]
            sessionHead[Int(g)] = target
            heap.push(.init(time: t &+ gap, slot: target, generation: store.generation[Int(target)]))
        } else {
            store.start[Int(target)] = min(store.start[Int(target)], t)
            store.end[Int(target)] = max(store.end[Int(target)], t &+ gap)
        }
        pendingRows.append(Int32(truncatingIfNeeded: row))
        pendingSlots.append(target)
        if store.state[Int(target)] == .emitted { markDirty(target) }
        return true
    }

    private mutating func mergeSession(_ from: Int32, into: Int32, group g: Int32) {
        let f = Int(from), i = Int(into)
        store.merge(from, into: into)
        store.start[i] = min(store.start[i], store.start[f])
        store.end[i] = max(store.end[i], store.end[f])
        store.revision[i] = max(store.revision[i], store.revision[f])
        if store.state[f] == .open { store.state[i] = .open }
        if store.state[i] == .emitted { markDirty(into) }
        unlinkSession(from, group: g)
        store.release(from)
    }

    mutating func unlinkSession(_ slot: Int32, group g: Int32) {
        var prev: Int32 = -1
        var s = sessionHead[Int(g)]
        while s >= 0, s != slot {
            prev = s
            s = store.nextInGroup[Int(s)]
        }
        guard s == slot else { return }
        let next = store.nextInGroup[Int(slot)]
        if prev < 0 { sessionHead[Int(g)] = next } else { store.nextInGroup[Int(prev)] = next }
        store.nextInGroup[Int(slot)] = -1
    }
}
