import Testing

@testable import Lakehouse

@Suite struct StringColumnTests {
    @Test func appendingARangeRebasesItsOffsets() {
        var column = StringColumn(["a", "", "b"])
        let other = StringColumn(["skip", "é", "", "longer-than-eight", "end"])
        column.append(contentsOf: other, 1..<4)
        column.append(contentsOf: other, 2..<2)
        #expect(Array(column) == ["a", "", "b", "é", "", "longer-than-eight"])
        column.append(contentsOf: other)
        #expect(column.count == 11 && column.last == "end")
        #expect(column.offsets.last == column.bytes.count)
    }
}
