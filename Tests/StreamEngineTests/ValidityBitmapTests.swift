import Testing
@testable import StreamEngine

@Suite struct ValidityBitmapTests {
    /// The bits start being stored at the first null; every row before and after must read back.
    @Test(arguments: [0, 1, 63, 64, 65, 127, 200])
    func firstNullAfter(_ validRows: Int) {
        var flags = Array(repeating: true, count: validRows) + [false]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<150 { flags.append(Bool.random(using: &rng)) }
        var bitmap = ValidityBitmap()
        for (i, flag) in flags.enumerated() {
            bitmap.append(flag)
            #expect(bitmap.count == i + 1)
        }
        #expect(bitmap.nullCount == flags.filter { !$0 }.count)
        for (row, flag) in flags.enumerated() { #expect(bitmap.isValid(row) == flag, "row \(row)") }
        #expect(bitmap.selecting(flags.indices.map(Int32.init)) == bitmap)
    }

    @Test func withoutNullsStoresNoBits() {
        var bitmap = ValidityBitmap()
        for _ in 0..<1000 { bitmap.append(true) }
        #expect(bitmap.nullCount == 0 && bitmap.words.isEmpty && bitmap.isValid(999))
        #expect(bitmap.flags([0, 500]) == nil)
    }
}
