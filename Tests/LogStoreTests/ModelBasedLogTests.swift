import KafkaProtocol
import NIOCore
import RivuletCore
import TestSupport
import Testing

@testable import LogStore

/// Random appends, reopens, rolls and reads checked against an in-memory reference.
@Suite struct ModelBasedLogTests {
    @Test(arguments: [1, 2, 3])
    func randomOperationsMatchTheReference(seed: Int) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var settings = LogStoreConfiguration(directory: dir.path)
        settings.fsync = .none
        settings.indexIntervalBytes = 200
        var topic = LogTopicConfiguration()
        topic.segmentBytes = 3_000
        var store = try LogStore.open(settings)
        try store.createTopic("m", partitions: 1, configuration: topic)
        var reference: [[UInt8]] = []  // value of each offset
        var generator = SeededGenerator(seed: UInt64(seed))
        for step in 0..<400 {
            let log = try #require(store.partition("m", 0))
            switch generator.next() % 10 {
            case 0:
                try store.close()
                store = try LogStore.open(settings)
            case 1...5:
                let count = Int(generator.next() % 5) + 1
                var builder = RecordBatchBuilder()
                for _ in 0..<count {
                    let value = (0..<Int(generator.next() % 80)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                    builder.append(timestamp: Int64(step), key: nil, value: ByteBuffer(bytes: value))
                    reference.append(value)
                }
                let result = try log.append(builder.build().bytes)
                #expect(result.baseOffset.rawValue == Int64(reference.count - count))
            default:
                guard !reference.isEmpty else { continue }
                let offset = Int64(generator.next() % UInt64(reference.count))
                let read = try log.read(from: Offset(offset), maxBytes: Int(generator.next() % 2000))
                var sequence = RecordBatchSequence(read.records)
                let first = try #require(try sequence.next())
                #expect(first.baseOffset <= offset && first.lastOffset >= offset)
                for record in try first.records() {
                    let at = first.baseOffset + Int64(record.offsetDelta)
                    #expect(record.value.map { Array($0.readableBytesView) } == reference[Int(at)])
                }
            }
        }
        let log = try #require(store.partition("m", 0))
        #expect(log.logEndOffset.rawValue == Int64(reference.count))
        try store.close()
    }
}
