import Testing

@testable import Lakehouse

@Suite struct RowGroupBufferTests {
    /// The fixture's rows cut into ranges of several batches must make the same leaves as the
    /// rows appended into one batch: values, strings and definition levels.
    @Test func leavesOfRangesEqualTheConcatenatedRows() throws {
        let batches = [LakeFixtures.rows(7, seed: 1), LakeFixtures.rows(40, seed: 2), LakeFixtures.rows(13, seed: 3)]
        let ranges = [0..<7, 5..<33, 0..<13]
        var buffer = RowGroupBuffer()
        var expected = ColumnarRows.empty(LakeFixtures.schema)
        for (rows, range) in zip(batches, ranges) {
            buffer.append(rows, range)
            try expected.append(rows.rows(range))
        }
        buffer.append(batches[0], 3..<3)  // empty ranges are ignored
        #expect(buffer.count == expected.count)
        for (i, column) in LakeFixtures.schema.columns.enumerated() {
            let leaf = buffer.leaf(i, nullable: column.nullable)
            #expect(leaf == expected.columns[i].leaf(nullable: column.nullable), "column \(column.name)")
        }
    }

    @Test func oneWholeBatchIsUsedAsItIs() {
        let rows = LakeFixtures.rows(20)
        var buffer = RowGroupBuffer()
        buffer.append(rows, 0..<20)
        #expect(buffer.leaf(4, nullable: true) == rows.columns[4].leaf(nullable: true))
        buffer.removeAll()
        #expect(buffer.count == 0)
    }
}
