import Foundation
import RivuletCore
import TestSupport
import Testing

@testable import LogStore

@Suite struct ConsumerOffsetStoreTests {
    func committed(_ offset: Int64, _ metadata: String? = nil) -> CommittedOffset {
        CommittedOffset(offset: Offset(offset), leaderEpoch: 3, metadata: metadata, commitTimestamp: Timestamp(milliseconds: 42))
    }

    @Test func commitsSurviveReopenAndGroupsCanBeDeleted() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var settings = LogStoreConfiguration(directory: dir.path)
        settings.fsync = .none
        do {
            let store = try LogStore.open(settings)
            try store.consumerOffsets.commit(group: "g1", offsets: [("t", 0, committed(10, "m")), ("t", 1, committed(20))])
            try store.consumerOffsets.commit(group: "g1", offsets: [("t", 0, committed(11))])
            try store.consumerOffsets.commit(group: "g2", offsets: [("t", 0, committed(5))])
            try store.consumerOffsets.deleteGroup("g2")
            try store.close()
        }
        let store = try LogStore.open(settings)
        let offsets = store.consumerOffsets
        #expect(offsets.committed(group: "g1", topic: "t", partition: 0) == committed(11))
        #expect(offsets.committed(group: "g1", topic: "t", partition: 1) == committed(20))
        #expect(offsets.committed(group: "g2", topic: "t", partition: 0) == nil)
        #expect(offsets.groups == ["g1"])
    }

    @Test func aTornTailIsDroppedAndCompactionKeepsTheLatest() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var settings = LogStoreConfiguration(directory: dir.path)
        settings.fsync = .none
        do {
            let store = try LogStore.open(settings)
            for i in 0..<3000 { try store.consumerOffsets.commit(group: "g", offsets: [("t", Int32(i % 3), committed(Int64(i)))]) }
            try store.close()
        }
        let path = dir.path + "/__consumer_offsets/offsets.log"
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        #expect(size < 3000 * 30)  // compacted at least once
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0, 0, 0, 40, 1, 2]))  // a torn entry
        try handle.close()
        let store = try LogStore.open(settings)
        #expect(store.consumerOffsets.committed(group: "g", topic: "t", partition: 2)?.offset == Offset(2999))
        try store.consumerOffsets.commit(group: "g", offsets: [("t", 0, committed(7))])
        try store.close()
        let again = try LogStore.open(settings)
        #expect(again.consumerOffsets.committed(group: "g", topic: "t", partition: 0)?.offset == Offset(7))
    }
}
