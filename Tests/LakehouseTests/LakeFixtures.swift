@testable import Lakehouse

/// Deterministic rows of every lake type, shared by round-trip tests and interop fixtures.
enum LakeFixtures {
    static let schema = LakeSchema([
        LakeColumn("i32", .int32, nullable: false),
        LakeColumn("i64", .int64),
        LakeColumn("f64", .double),
        LakeColumn("flag", .boolean),
        LakeColumn("name", .string),
        LakeColumn("ts", .timestampMicros, nullable: false),
        LakeColumn("note", .string),
    ])

    /// `count` rows; every fifth value of a nullable column is null, `note` is high-cardinality
    /// (so a small dictionary limit forces PLAIN) and `name` low-cardinality.
    static func rows(_ count: Int, seed: UInt64 = 1) -> ColumnarRows {
        var rng = SeededRandom(seed: seed)
        let names = ["device-3fa2c1d0", "device-00aa", "lab", "floor-1", "\u{00e9}t\u{00e9}", ""]
        let valid = (0..<count).map { $0 % 5 != 3 }
        let i32 = (0..<count).map { Int32($0) - 50 }
        // Null slots hold the reader's placeholders so that rows compare equal after a round trip.
        let i64 = (0..<count).map { i in
            let v = Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &rng)
            return valid[i] ? v : 0
        }
        let f64 = (0..<count).map { i in
            let v = Double(Int.random(in: -100_000...100_000, using: &rng)) / 64
            return valid[i] ? v : 0
        }
        let flag = (0..<count).map { $0 % 3 == 0 && valid[$0] }
        let name = (0..<count).map { names[$0 % names.count] }
        let ts = (0..<count).map { 1_730_638_574_123_000 + Int64($0) * 1_000_003 }
        let note = (0..<count).map { i in
            let s = "note-\(i)-\(UInt32.random(in: 0...UInt32.max, using: &rng))"
            return i % 7 != 0 ? s : ""
        }
        // Safe: the columns match the schema by construction.
        return try! ColumnarRows(
            schema: schema,
            columns: [
                ColumnData(.int32(i32)),
                ColumnData(.int64(i64), validity: valid),
                ColumnData(.double(f64), validity: valid),
                ColumnData(.boolean(flag), validity: valid),
                ColumnData(.string(name.enumerated().map { valid[$0.offset] ? $0.element : "" }), validity: valid),
                ColumnData(.timestampMicros(ts)),
                ColumnData(.string(note), validity: (0..<count).map { $0 % 7 != 0 }),
            ])
    }
}
