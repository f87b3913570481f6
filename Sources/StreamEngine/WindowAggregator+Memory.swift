extension WindowAggregator {
    /// Bytes the keyed state has allocated (array capacities, not just what is used): window
    /// slots and their aggregates, the (group, start) index, the deadline heap, group keys,
    /// interned strings and per-group arrays. Malloc overhead is not included; compare with
    /// the process RSS for that.
    public var stateBytes: Int {
        store.allocatedBytes + index.allocatedBytes + heap.allocatedBytes + groups.allocatedBytes
            + strings.allocatedBytes + (lastSlotOfGroup.capacity + sessionHead.capacity) * 4 + sessionFloor.capacity * 8
            + keyValuesOfGroup.capacity * MemoryLayout<[Value]>.stride + sharedKeyBytes
    }
}
