/// A min-heap of (event-time deadline, slot, generation): when the watermark reaches a
/// deadline the slot's window is finalised or purged. Entries are validated on pop against
/// the slot's generation, so freeing or extending a window never needs a heap search.
struct DeadlineHeap: Sendable {
    struct Entry: Sendable {
        var time: Int64
        var slot: Int32
        var generation: UInt32
    }

    private(set) var entries: [Entry] = []

    var minTime: Int64? { entries.first?.time }
    var isEmpty: Bool { entries.isEmpty }
    var allocatedBytes: Int { entries.capacity * MemoryLayout<Entry>.stride }

    mutating func push(_ e: Entry) {
        entries.append(e)
        var i = entries.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard entries[i].time < entries[parent].time else { break }
            entries.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let top = entries.first else { return nil }
        let last = entries.removeLast()
        guard !entries.isEmpty else { return top }
        entries[0] = last
        var i = 0
        let n = entries.count
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var m = i
            if l < n, entries[l].time < entries[m].time { m = l }
            if r < n, entries[r].time < entries[m].time { m = r }
            if m == i { break }
            entries.swapAt(i, m)
            i = m
        }
        return top
    }
}
