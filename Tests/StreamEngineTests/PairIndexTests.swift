import Testing

@testable import StreamEngine

@Suite struct PairIndexTests {
    /// Random opens and closes of (group, start) windows, checked after every step against a
    /// dictionary: the index reads keys from the store, so a backward shift or a growth that
    /// rehashes a slot under the wrong key shows up as a lost or phantom window.
    @Test func agreesWithADictionaryThroughOpensClosesAndGrowth() throws {
        let plan = try WindowAggregator(definition: .seed000()).plan
        var store = WindowStore(plan: plan)
        var index = PairIndex()
        var model: [Pair: Int32] = [:]
        var rng = SplitMix64(seed: 11)
        for step in 0..<40_000 {
            // Few groups and starts, so probe runs are long and keys collide often.
            let pair = Pair(group: Int32(rng.next() % 300), start: Int64(rng.next() % 40) * 10_000)
            if let slot = model[pair], rng.next() % 3 == 0 {
                index.remove(slot, in: store)
                store.release(slot)
                model[pair] = nil
            } else if model[pair] == nil {
                let slot = store.allocate(group: pair.group, start: pair.start, end: pair.start + 10_000)
                index.insert(slot, in: store)
                model[pair] = slot
            }
            #expect(index.count == model.count)
            if step % 500 == 499 {
                for g in Int32(0)..<300 {
                    for s in 0..<40 {
                        let p = Pair(group: g, start: Int64(s) * 10_000)
                        #expect(index.find(group: p.group, start: p.start, in: store) == model[p])
                    }
                }
            }
        }
        #expect(model.count > 1_000)
    }

    struct Pair: Hashable {
        var group: Int32
        var start: Int64
    }
}
