/// The byte layout of the records one producer writes: the same keys, in the same order, with
/// the same punctuation and spacing, only the values changing. Learned from a record the
/// decoder has fully checked, as the text between its values (`{"device_id":`, then
/// `,"ts":`, …, then `}`), so that a record of the same layout is read by comparing those
/// texts byte for byte and scanning the values, without looking keys up.
///
/// Any record whose texts match is valid JSON with the learned structure (the texts came from
/// a valid record, and each value is scanned by the strict scanner for its field), so the
/// template is a shortcut, never a second grammar: a record that does not match is decoded by
/// the general path, which also gives every error.
struct RecordTemplate {
    /// One value of the layout: the text before it and the field it belongs to (-1: a key
    /// outside the schema, whose value is skipped).
    struct Step {
        var textStart: Int
        var textLength: Int
        var field: Int
    }

    /// A value's place in the record being learned from.
    struct ValuePlace {
        var start: Int
        var end: Int
        var field: Int
    }

    /// Longest record layout kept, in bytes of text and in values; wider records are decoded
    /// by the general path.
    static let maxTextBytes = 4096
    static let maxSteps = 256

    private(set) var steps: [Step] = []
    /// The text after the last value (the closing brace and any spacing).
    private(set) var tail = Step(textStart: 0, textLength: 0, field: -1)
    private(set) var text: [UInt8] = []
    private(set) var isLearned = false

    /// Learns the layout of the record at `start..<end` of `p`, whose values lie at `places`
    /// (in order). False, and nothing learned, when the record is too wide to keep.
    mutating func learn(_ p: UnsafePointer<UInt8>, start: Int, end: Int, places: [ValuePlace]) -> Bool {
        isLearned = false
        guard places.count <= Self.maxSteps else { return false }
        steps.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
        var from = start
        for place in places {
            guard place.start >= from, place.end >= place.start, place.end <= end else { return false }
            steps.append(Step(textStart: text.count, textLength: place.start - from, field: place.field))
            text.append(contentsOf: UnsafeBufferPointer(start: p + from, count: place.start - from))
            from = place.end
        }
        tail = Step(textStart: text.count, textLength: end - from, field: -1)
        text.append(contentsOf: UnsafeBufferPointer(start: p + from, count: end - from))
        guard text.count <= Self.maxTextBytes else { return false }
        isLearned = true
        return true
    }

    mutating func forget() { isLearned = false }

    /// Whether the record's bytes at `pos` (not beyond `end`) are the text of `step`.
    @inline(__always)
    func textMatches(_ step: Step, _ p: UnsafePointer<UInt8>, at pos: Int, end: Int) -> Bool {
        guard end - pos >= step.textLength else { return false }
        return text.withUnsafeBytes { t in
            guard let base = t.baseAddress else { return step.textLength == 0 }
            return memcmpBytes(base + step.textStart, UnsafeRawPointer(p + pos), step.textLength)
        }
    }
}
