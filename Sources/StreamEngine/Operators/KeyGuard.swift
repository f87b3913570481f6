/// Fields whose values name partition directories (`building=…`): a value longer than
/// `maxBytes` cannot be a directory name, so its record goes to the dead letters
/// (`invalid-value`, naming the field) instead of failing the sink for every record after it.
struct KeyGuard: Sendable {
    static let maxBytes = 128
    let fields: [Int]

    init(_ names: [String], schema: Schema) {
        fields = names.compactMap { name in schema.index(of: name).flatMap { schema.fields[$0].type == .string ? $0 : nil } }
    }

    /// Moves the rows with a too-long guarded value from `batch` into its failures.
    func apply(_ batch: inout ColumnBatch) {
        guard !fields.isEmpty, batch.count > 0 else { return }
        var bad = [Bool](repeating: false, count: batch.count)
        var field = [Int](repeating: -1, count: batch.count)
        for f in fields {
            guard let c = batch.stringColumn(f) else { continue }
            let tooLong = (0..<c.dictionaryCount).map { c.dictionary.byteLength(at: Int32($0)) > Self.maxBytes }
            guard tooLong.contains(true) else { continue }
            for r in 0..<batch.count where !bad[r] && c.validity.isValid(r) && tooLong[Int(c.codes[r])] {
                bad[r] = true
                field[r] = f
            }
        }
        guard bad.contains(true) else { return }
        var keep: [Int32] = []
        for r in 0..<batch.count {
            guard bad[r] else {
                keep.append(Int32(truncatingIfNeeded: r))
                continue
            }
            batch.failures.append(
                DecodeFailure(
                    kind: .invalidValue, field: batch.schema.fields[field[r]].name,
                    detail: "value longer than \(Self.maxBytes) bytes names a partition directory", position: 0,
                    offset: batch.offsets[r], record: batch.rawRecord(row: r)))
        }
        batch = batch.selecting(keep)
    }
}
