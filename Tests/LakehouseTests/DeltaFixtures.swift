import Foundation

@testable import Lakehouse

/// Window rows (DESIGN §5) for Delta tests and interop fixtures.
enum DeltaFixtures {
    static let windowSchema = LakeSchema([
        LakeColumn("window_start", .timestampMicros, nullable: false),
        LakeColumn("window_end", .timestampMicros, nullable: false),
        LakeColumn("device_id", .string, nullable: false),
        LakeColumn("count", .int64, nullable: false),
        LakeColumn("avg_temperature", .double),
        LakeColumn("avg_humidity", .double),
        LakeColumn("min_battery", .double),
        LakeColumn("max_battery", .double),
    ])

    /// The final windows of one epoch: `devices` rows, one per device, 10 s windows.
    static func windows(epoch: Int, devices: Int = 3) -> ColumnarRows {
        let start = Int64(1_730_644_200_000_000) + Int64(epoch) * 10_000_000
        let ids = (0..<devices).map { "device-\(String($0, radix: 16))a\(epoch % 2)" }
        let n = devices
        return try! ColumnarRows(
            schema: windowSchema,
            columns: [
                ColumnData(.timestampMicros(Array(repeating: start, count: n))),
                ColumnData(.timestampMicros(Array(repeating: start + 10_000_000, count: n))),
                ColumnData(.string(ids)),
                ColumnData(.int64((0..<n).map { Int64(40 + $0 + epoch) })),
                ColumnData(.double((0..<n).map { 20 + Double($0) / 4 + Double(epoch) / 8 })),
                ColumnData(
                    .double((0..<n).map { 50 + Double($0) / 2 }),
                    validity: (0..<n).map { ($0 + epoch) % 4 != 0 }.map { $0 }),
                ColumnData(.double((0..<n).map { 80 - Double($0) })),
                ColumnData(.double((0..<n).map { 90 - Double($0) / 8 })),
            ].enumerated().map { i, c in
                // Null slots hold the reader's placeholder so that rows compare equal after reading.
                guard let v = c.validity, case .double(let d) = c.values else { return c }
                return ColumnData(.double(zip(d, v).map { $1 ? $0 : 0 }), validity: v)
            })
    }
}
