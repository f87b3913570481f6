#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RivuletCore

/// Decodes JSON records (one object each) straight into the typed columns of a `ColumnBatch`.
///
/// Each record is scanned once into a per-field staging area and committed to the columns only
/// when it is complete and valid, so a bad record leaves no partial row: it becomes a
/// `DecodeFailure` in `batch.failures`. Duplicate keys: the last one wins. Keys that are not
/// schema fields are skipped whatever their value.
///
/// Not thread-safe: one decoder per pipeline task (it reuses its staging buffers).
public final class JSONBatchDecoder {
    public let schema: Schema
    /// Records longer than this are dead-lettered as `tooLarge` without being scanned.
    public var maxRecordBytes: Int {
        get { core?.maxRecordBytes ?? 0 }
        set { core?.maxRecordBytes = newValue }
    }
    // The scanning state lives in a struct taken out of the class for each call, so the inner
    // loop pays for static, not dynamic, exclusivity checks on its buffers.
    private var core: DecoderCore?

    public init(schema: Schema) {
        self.schema = schema
        core = DecoderCore(schema: schema)
    }

    /// A decoder that reads every record by the general path, never by a learned
    /// `RecordTemplate` (tests compare the two).
    init(schema: Schema, usesTemplates: Bool) {
        self.schema = schema
        core = DecoderCore(schema: schema, usesTemplates: usesTemplates)
    }

    deinit { core?.deallocate() }

    /// Decodes newline-delimited JSON; line `i` (blank lines included) has offset `firstOffset + i`.
    /// The batch keeps a reference to `lines` (no copy) for raw-record access.
    public func decode(lines: [UInt8], firstOffset: Int64, into batch: inout ColumnBatch) {
        withStaging(&batch) { c, batch in c.decode(lines: lines, firstOffset: firstOffset, into: &batch) }
    }

    /// Decodes one record (a Kafka record value) with its source offset; its bytes are copied
    /// into the batch's source buffer.
    public func decode(record: UnsafeRawBufferPointer, offset: Int64, into batch: inout ColumnBatch) {
        decodeRecords(into: &batch) { decode in decode(record, offset) }
    }

    /// Decodes many records (Kafka record values) in a row: `body` calls the function it is
    /// given once per record, with the record's bytes and source offset. Faster than a call
    /// per record, which pays for the class's dynamic exclusivity check each time.
    public func decodeRecords(
        into batch: inout ColumnBatch, _ body: (_ decode: (UnsafeRawBufferPointer, Int64) -> Void) throws -> Void
    ) rethrows {
        try withStaging(&batch) { c, batch in
            try body { record, offset in c.decode(record: record, offset: offset, into: &batch) }
        }
    }

    /// Decodes records that lie in one buffer (a record batch's payload): `body` calls the
    /// function it is given once per record, with the record's range in `bytes` (nil: no
    /// value, a dead letter) and its source offset. `bytes` is copied into the batch's source
    /// once, instead of a copy per record.
    public func decodeRecords(
        in bytes: UnsafeRawBufferPointer, into batch: inout ColumnBatch,
        _ body: (_ decode: (Range<Int>?, Int64) -> Void) throws -> Void
    ) rethrows {
        try withStaging(&batch) { c, batch in
            let base = batch.source.count
            batch.source.append(contentsOf: bytes)
            let source = batch.source
            try source.withUnsafeBufferPointer { buffer in
                try body { range, offset in
                    c.decode(at: range.map { base + $0.lowerBound..<base + $0.upperBound }, in: buffer, offset: offset, into: &batch)
                }
            }
        }
    }

    /// Runs `body` with the decoding state out of the class and the batch's rows staged, then
    /// moves the staged rows into the batch's columns.
    private func withStaging(_ batch: inout ColumnBatch, _ body: (inout DecoderCore, inout ColumnBatch) throws -> Void) rethrows {
        guard var c = core else { return }
        core = nil
        c.beginStaging(batch: &batch)
        defer {
            c.flushStaged(into: &batch)
            core = c
        }
        try body(&c, &batch)
    }

    public func decode(record: [UInt8], offset: Int64, into batch: inout ColumnBatch) {
        record.withUnsafeBytes { decode(record: $0, offset: offset, into: &batch) }
    }

    /// Records read by a learned template so far (the rest went by the general path).
    var templateReads: Int { core?.templateReads ?? 0 }
}

/// The decoder's state and scanning logic; see `JSONBatchDecoder`.
struct DecoderCore {
    let schema: Schema
    var maxRecordBytes = 1 << 20

    private let fieldCount: Int
    private let types: [FieldType]
    private let requiredFields: [Int]
    // Staging, one slot per field; `stamp[f] == serial` means the field is present in the
    // current record, which saves clearing the staging area per record.
    private let stamp: UnsafeMutablePointer<UInt64>
    private let ints: UnsafeMutablePointer<Int64>
    private let doubles: UnsafeMutablePointer<Double>
    private let strings: UnsafeMutablePointer<JSONScanner.StringSpan>
    private var serial: UInt64 = 0
    private var scratch: [UInt8] = []
    private var keyScratch: [UInt8] = []
    private var lastField = -1
    /// Every schema name, back to back; field `f`'s is `nameStarts[f]..<nameStarts[f + 1]`.
    private let names: UnsafeMutablePointer<UInt8>
    private let nameStarts: [Int]
    /// False when a name holds a byte (quote, backslash, control) that would make a key's raw
    /// bytes differ from the decoded key, so keys cannot be compared in place.
    private let namesArePlain: Bool

    // Rows staged for the batch being decoded, row-major: field `f` of staged row `r` is
    // `stagedWords[r * fieldCount + f]` (an Int64, a Double's bits or a string code), present
    // when `stagedPresent[...]` is 1. Committing a record is then plain stores; the rows move
    // into the batch's columns once per call (`flushStaged`), instead of appending to nested
    // column arrays field by field.
    private var stagedWords: UnsafeMutablePointer<UInt64>
    private var stagedPresent: UnsafeMutablePointer<UInt8>
    private var stagedCapacity: Int
    private var stagedRows = 0
    /// Per field: where it goes in the batch being decoded.
    private var destinations: [ColumnBatch.Storage]
    /// Per field: the dictionary of its string column, taken out of the batch while decoding.
    private let dictionaries: UnsafeMutablePointer<ByteStringTable>

    // The layout of the records seen last (see `RecordTemplate`). A record that does not fit
    // it is read by the general path and becomes the new template; when records keep not
    // fitting (several layouts interleaved), templates rest for a while.
    private let usesTemplates: Bool
    private var template = RecordTemplate()
    private var places: [RecordTemplate.ValuePlace] = []
    /// Templates learned since one was last used.
    private var templateMisses = 0
    private var templateRest = 0
    /// Records read by a template, for tests.
    private(set) var templateReads = 0
    private static let missesBeforeRest = 16
    private static let restRecords = 4096

    init(schema: Schema, usesTemplates: Bool = true) {
        self.schema = schema
        self.usesTemplates = usesTemplates
        fieldCount = schema.fields.count
        types = schema.fields.map(\.type)
        requiredFields = schema.fields.indices.filter { schema.fields[$0].isRequired }
        let n = max(fieldCount, 1)
        stamp = .allocate(capacity: n)
        stamp.initialize(repeating: 0, count: n)
        ints = .allocate(capacity: n)
        ints.initialize(repeating: 0, count: n)
        doubles = .allocate(capacity: n)
        doubles.initialize(repeating: 0, count: n)
        strings = .allocate(capacity: n)
        strings.initialize(repeating: .init(start: 0, length: 0, inScratch: false), count: n)
        scratch.reserveCapacity(256)
        var starts: [Int] = []
        var flat: [UInt8] = []
        for field in schema.fields {
            starts.append(flat.count)
            flat += Array(field.name.utf8)
        }
        starts.append(flat.count)
        nameStarts = starts
        names = .allocate(capacity: max(1, flat.count))
        names.initialize(from: flat, count: flat.count)
        namesArePlain = !flat.contains { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }
        stagedCapacity = 1024
        stagedWords = .allocate(capacity: stagedCapacity * n)
        stagedPresent = .allocate(capacity: stagedCapacity * n)
        destinations = Array(repeating: .absent, count: fieldCount)
        dictionaries = .allocate(capacity: n)
        dictionaries.initialize(repeating: ByteStringTable(), count: n)
    }

    func deallocate() {
        stamp.deallocate()
        ints.deallocate()
        doubles.deallocate()
        strings.deallocate()
        names.deallocate()
        stagedWords.deallocate()
        stagedPresent.deallocate()
        dictionaries.deinitialize(count: max(fieldCount, 1))
        dictionaries.deallocate()
    }

    // MARK: Staging

    /// Notes where each field goes in `batch` and takes its string dictionaries, so that
    /// codes continue the batch's own.
    mutating func beginStaging(batch: inout ColumnBatch) {
        stagedRows = 0
        for f in 0..<fieldCount {
            destinations[f] = batch.storage[f]
            if case .string(let i) = batch.storage[f] {
                swap(&dictionaries[f], &batch.stringColumns[i].dictionary)
            }
        }
    }

    /// Moves the staged rows into the batch's columns and gives the dictionaries back.
    mutating func flushStaged(into batch: inout ColumnBatch) {
        let rows = stagedRows
        for f in 0..<fieldCount {
            let words = stagedWords + f * stagedCapacity
            switch destinations[f] {
            case .absent:
                continue
            case .int64(let i):
                words.withMemoryRebound(to: Int64.self, capacity: rows) {
                    batch.int64Columns[i].values.append(contentsOf: UnsafeBufferPointer(start: $0, count: rows))
                }
                appendValidity(f, rows, &batch.int64Columns[i].validity)
            case .double(let i):
                words.withMemoryRebound(to: Double.self, capacity: rows) {
                    batch.doubleColumns[i].values.append(contentsOf: UnsafeBufferPointer(start: $0, count: rows))
                }
                appendValidity(f, rows, &batch.doubleColumns[i].validity)
            case .string(let i):
                batch.stringColumns[i].codes.reserveCapacity(batch.stringColumns[i].codes.count + rows)
                for r in 0..<rows { batch.stringColumns[i].codes.append(Int32(truncatingIfNeeded: words[r])) }
                appendValidity(f, rows, &batch.stringColumns[i].validity)
                swap(&dictionaries[f], &batch.stringColumns[i].dictionary)
            }
        }
        batch.count += rows
        stagedRows = 0
    }

    /// Runs of present values go in bulk (most columns have no nulls at all); memchr finds
    /// the next absent one.
    private func appendValidity(_ f: Int, _ rows: Int, _ validity: inout ValidityBitmap) {
        let present = stagedPresent + f * stagedCapacity
        var r = 0
        while r < rows {
            let absent = memchr(present + r, 0, rows - r).map { $0.assumingMemoryBound(to: UInt8.self) - present } ?? rows
            validity.appendValid(count: absent - r)
            if absent < rows { validity.append(false) }
            r = absent + 1
        }
    }

    private mutating func growStaging() {
        let n = max(fieldCount, 1)
        let capacity = stagedCapacity * 2
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity * n)
        let present = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * n)
        for f in 0..<fieldCount {
            (words + f * capacity).moveInitialize(from: stagedWords + f * stagedCapacity, count: stagedRows)
            (present + f * capacity).moveInitialize(from: stagedPresent + f * stagedCapacity, count: stagedRows)
        }
        stagedWords.deallocate()
        stagedPresent.deallocate()
        stagedWords = words
        stagedPresent = present
        stagedCapacity = capacity
    }

    mutating func decode(lines: [UInt8], firstOffset: Int64, into batch: inout ColumnBatch) {
        let base = appendSource(lines, to: &batch)
        let src = batch.source
        src.withUnsafeBufferPointer { buffer in
            guard let p = buffer.baseAddress else { return }
            var lineStart = base
            var offset = firstOffset
            let end = buffer.count
            while lineStart < end {
                // memchr is vectorised; a byte loop here cost a tenth of the decode.
                let lineEnd = memchr(p + lineStart, 0x0A, end - lineStart).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - p } ?? end
                if !isBlank(p, lineStart, lineEnd) {
                    decodeRecord(p, start: lineStart, end: lineEnd, offset: offset, into: &batch)
                }
                batch.nextOffset = offset + 1
                offset += 1
                lineStart = lineEnd + 1
            }
        }
    }

    mutating func decode(record: UnsafeRawBufferPointer, offset: Int64, into batch: inout ColumnBatch) {
        let start = batch.source.count
        batch.source.append(contentsOf: record)
        let src = batch.source
        src.withUnsafeBufferPointer { buffer in
            guard let p = buffer.baseAddress else {
                fail(.notJSON, nil, "empty record", 0, offset: offset, p: nil, start: 0, end: 0, into: &batch)
                return
            }
            decodeRecord(p, start: start, end: buffer.count, offset: offset, into: &batch)
        }
        batch.nextOffset = max(batch.nextOffset ?? offset + 1, offset + 1)
    }

    /// One record already in the batch's source (`buffer` is that source), at `range`.
    mutating func decode(at range: Range<Int>?, in buffer: UnsafeBufferPointer<UInt8>, offset: Int64, into batch: inout ColumnBatch) {
        if let range, let p = buffer.baseAddress, range.upperBound <= buffer.count {
            decodeRecord(p, start: range.lowerBound, end: range.upperBound, offset: offset, into: &batch)
        } else {
            fail(.notJSON, nil, "empty record", 0, offset: offset, p: nil, start: 0, end: 0, into: &batch)
        }
        batch.nextOffset = max(batch.nextOffset ?? offset + 1, offset + 1)
    }

    private func appendSource(_ bytes: [UInt8], to batch: inout ColumnBatch) -> Int {
        if batch.source.isEmpty {
            batch.source = bytes
            return 0
        }
        let start = batch.source.count
        batch.source.append(contentsOf: bytes)
        return start
    }

    private func isBlank(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var i = s
        while i < e {
            let c = p[i]
            if c != 0x20, c != 0x09, c != 0x0D { return false }
            i += 1
        }
        return true
    }

    // MARK: One record

    private enum RecordError: Error {
        case failure(DecodeFailure.Kind, field: Int?, String)
    }

    private mutating func decodeRecord(
        _ p: UnsafePointer<UInt8>, start: Int, end: Int, offset: Int64, into batch: inout ColumnBatch
    ) {
        guard end - start <= maxRecordBytes else {
            fail(.tooLarge, nil, "record of \(end - start) bytes exceeds \(maxRecordBytes)", 0,
                 offset: offset, p: p, start: start, end: min(end, start + 4096), into: &batch)
            return
        }
        serial &+= 1
        scratch.removeAll(keepingCapacity: true)
        var learn = false
        if usesTemplates {
            if templateRest > 0 {
                templateRest -= 1
            } else if template.isLearned {
                if scanWithTemplate(p, start: start, end: end) {
                    templateMisses = 0
                    templateReads &+= 1
                    commit(p, start: start, end: end, offset: offset, into: &batch)
                    return
                }
                serial &+= 1
                scratch.removeAll(keepingCapacity: true)
                learn = true
            } else {
                learn = true
            }
        }
        if learn { places.removeAll(keepingCapacity: true) }
        var scanner = JSONScanner(base: p, start: start, end: end)
        do {
            try scanObject(&scanner, learn: learn)
            for f in requiredFields where stamp[f] != serial {
                throw RecordError.failure(.missingRequiredField, field: f, "required field is missing or null")
            }
        } catch let error as RecordError {
            if case .failure(let kind, let field, let detail) = error {
                fail(kind, field.map { schema.fields[$0].name }, detail, scanner.pos - start,
                     offset: offset, p: p, start: start, end: end, into: &batch)
            }
            return
        } catch let error as JSONScanner.ScanError {
            let (kind, detail): (DecodeFailure.Kind, String) =
                switch error {
                case .syntax(let what): (.notJSON, what)
                case .tooDeep: (.tooLarge, "nested deeper than \(JSONScanner.maxDepth)")
                }
            fail(kind, nil, detail, scanner.pos - start, offset: offset, p: p, start: start, end: end, into: &batch)
            return
        } catch {
            return
        }
        if learn { relearn(p, start: start, end: end) }
        commit(p, start: start, end: end, offset: offset, into: &batch)
    }

    /// Makes the record just read the template, unless layouts have been changing at every
    /// record (then they rest; a record that is not valid never counts, it is no layout).
    private mutating func relearn(_ p: UnsafePointer<UInt8>, start: Int, end: Int) {
        templateMisses += 1
        if templateMisses >= Self.missesBeforeRest || !template.learn(p, start: start, end: end, places: places) {
            template.forget()
            templateMisses = 0
            templateRest = Self.restRecords
        }
    }

    /// Reads a record laid out as the template. False when it is not (or is not valid, or
    /// misses a required field): the staging is then stale and the caller starts over.
    private mutating func scanWithTemplate(_ p: UnsafePointer<UInt8>, start: Int, end: Int) -> Bool {
        var s = JSONScanner(base: p, start: start, end: end)
        for step in template.steps {
            guard template.textMatches(step, p, at: s.pos, end: end) else { return false }
            s.pos += step.textLength
            do {
                if step.field >= 0 {
                    try scanField(step.field, &s)
                } else {
                    try s.skipValue(depth: 1, scratch: &scratch)
                }
            } catch {
                return false
            }
        }
        let tail = template.tail
        guard end - s.pos == tail.textLength, template.textMatches(tail, p, at: s.pos, end: end) else { return false }
        for f in requiredFields where stamp[f] != serial { return false }
        return true
    }

    private func fail(
        _ kind: DecodeFailure.Kind, _ field: String?, _ detail: String, _ position: Int, offset: Int64,
        p: UnsafePointer<UInt8>?, start: Int, end: Int, into batch: inout ColumnBatch
    ) {
        let record = p.map { Array(UnsafeBufferPointer(start: $0 + start, count: end - start)) } ?? []
        batch.failures.append(
            DecodeFailure(kind: kind, field: field, detail: detail, position: position, offset: offset, record: record))
    }

    /// Scans the record's object; with `learn`, notes where each value lies in `places`.
    private mutating func scanObject(_ s: inout JSONScanner, learn: Bool) throws {
        s.skipWhitespace()
        try s.expect(0x7B, "a JSON object")
        s.skipWhitespace()
        if s.peek() == 0x7D {
            s.pos += 1
        } else {
            while true {
                s.skipWhitespace()
                let field = try scanKey(&s)
                s.skipWhitespace()
                try s.expect(0x3A, "':'")
                s.skipWhitespace()
                let valueStart = s.pos
                if field >= 0 {
                    try scanField(field, &s)
                } else {
                    try s.skipValue(depth: 1, scratch: &scratch)
                }
                if learn { places.append(.init(start: valueStart, end: s.pos, field: field)) }
                s.skipWhitespace()
                guard s.pos < s.end else { throw JSONScanner.ScanError.syntax("unterminated object") }
                let c = s.base[s.pos]
                s.pos += 1
                if c == 0x2C { continue }
                if c == 0x7D { break }
                throw JSONScanner.ScanError.syntax("expected ',' or '}'")
            }
        }
        s.skipWhitespace()
        guard s.atEnd else { throw JSONScanner.ScanError.syntax("trailing characters after the object") }
    }

    /// The field index of the key at the cursor, or -1 for a key not in the schema. Tries the
    /// field after the previous one first, since producers write keys in a fixed order.
    @inline(__always)
    private mutating func scanKey(_ s: inout JSONScanner) throws -> Int {
        if namesArePlain, fieldCount > 0 {
            // The expected key compared in place: its bytes then a closing quote.
            let guess = expectedField
            let n = nameStarts[guess + 1] - nameStarts[guess]
            let p = s.pos
            if p + n + 1 < s.end, s.base[p] == 0x22, s.base[p + n + 1] == 0x22, nameEquals(guess, s.base + p + 1, n) {
                s.pos = p + n + 2
                lastField = guess
                return guess
            }
        }
        keyScratch.removeAll(keepingCapacity: true)
        let span = try s.scanString(scratch: &keyScratch)
        if span.inScratch {
            return keyScratch.withUnsafeBufferPointer { b in
                guard let base = b.baseAddress else { return matchField(nil, 0) }
                return matchField(UnsafeRawPointer(base + span.start), span.length)
            }
        }
        return matchField(UnsafeRawPointer(s.base + span.start), span.length)
    }

    @inline(__always)
    private mutating func matchField(_ p: UnsafeRawPointer?, _ n: Int) -> Int {
        guard fieldCount > 0 else { return -1 }
        let guess = expectedField
        if nameEquals(guess, p, n) {
            lastField = guess
            return guess
        }
        for f in 0..<fieldCount where f != guess && nameEquals(f, p, n) {
            lastField = f
            return f
        }
        return -1
    }

    /// The field after the previous key's: producers write keys in a fixed order.
    private var expectedField: Int { lastField + 1 < fieldCount ? lastField + 1 : 0 }

    @inline(__always)
    private func nameEquals(_ f: Int, _ p: UnsafeRawPointer?, _ n: Int) -> Bool {
        guard nameStarts[f + 1] - nameStarts[f] == n else { return false }
        guard n > 0, let p else { return true }
        return memcmpBytes(names + nameStarts[f], p, n)
    }

    /// Scans a schema field's value into staging, checking its type. `null` unsets the field.
    @inline(__always)
    private mutating func scanField(_ f: Int, _ s: inout JSONScanner) throws {
        let c = s.peek()
        if c == 0x6E {
            try s.literal("null")
            stamp[f] = 0
            return
        }
        switch types[f] {
        case .double:
            guard c == 0x2D || (c >= 0x30 && c <= 0x39) else { throw wrongType(f, "a number", c) }
            doubles[f] = try s.scanNumber().double
        case .int64:
            guard c == 0x2D || (c >= 0x30 && c <= 0x39) else { throw wrongType(f, "an integer", c) }
            let n = try s.scanNumber()
            guard n.isInteger else { throw RecordError.failure(.wrongType, field: f, "expected an integer, found \(n.double)") }
            ints[f] = n.int
        case .string:
            guard c == 0x22 else { throw wrongType(f, "a string", c) }
            strings[f] = try s.scanString(scratch: &scratch)
        case .bool:
            if c == 0x74 {
                try s.literal("true")
                ints[f] = 1
            } else if c == 0x66 {
                try s.literal("false")
                ints[f] = 0
            } else {
                throw wrongType(f, "true or false", c)
            }
        case .timestamp(let unit):
            ints[f] = try scanTimestamp(f, unit, c, &s)
        }
        stamp[f] = serial
    }

    private mutating func scanTimestamp(_ f: Int, _ unit: TimeUnit, _ c: UInt8, _ s: inout JSONScanner) throws -> Int64 {
        if unit == .iso8601 {
            guard c == 0x22 else { throw wrongType(f, "an ISO-8601 string", c) }
            let mark = scratch.count
            let span = try s.scanString(scratch: &scratch)
            let parsed: Int64? =
                span.inScratch
                ? scratch.withUnsafeBufferPointer { b in b.baseAddress.flatMap { ISO8601Text.parse($0 + span.start, span.length) } }
                : ISO8601Text.parse(s.base + span.start, span.length)
            scratch.removeSubrange(mark...)
            guard let parsed else { throw RecordError.failure(.invalidValue, field: f, "not an ISO-8601 timestamp") }
            return parsed
        }
        guard c == 0x2D || (c >= 0x30 && c <= 0x39) else { throw wrongType(f, "a numeric timestamp", c) }
        let n = try s.scanNumber()
        let limit = 9.0e15  // about 285,000 years in ms: anything beyond is a unit mistake
        switch unit {
        case .milliseconds:
            if n.isInteger, abs(n.int) < Int64(limit) { return n.int }
            guard abs(n.double) < limit else { throw RecordError.failure(.invalidValue, field: f, "timestamp out of range") }
            return Int64(n.double.rounded(.down))
        case .seconds:
            if n.isInteger, abs(n.int) < Int64(limit / 1000) { return n.int * 1000 }
            let ms = n.double * 1000
            guard abs(ms) < limit else { throw RecordError.failure(.invalidValue, field: f, "timestamp out of range") }
            return Int64(ms.rounded(.down))
        case .microseconds:
            if n.isInteger { return floorDiv(n.int, 1000) }
            let ms = n.double / 1000
            guard abs(ms) < limit else { throw RecordError.failure(.invalidValue, field: f, "timestamp out of range") }
            return Int64(ms.rounded(.down))
        case .iso8601:
            return 0
        }
    }

    private func wrongType(_ f: Int, _ expected: String, _ c: UInt8) -> RecordError {
        let found: String =
            switch c {
            case 0x22: "a string"
            case 0x7B: "an object"
            case 0x5B: "an array"
            case 0x74, 0x66: "a boolean"
            case 0x2D, 0x30...0x39: "a number"
            default: "invalid JSON"
            }
        return .failure(found == "invalid JSON" ? .notJSON : .wrongType, field: f, "expected \(expected), found \(found)")
    }

    // MARK: Commit

    private mutating func commit(_ p: UnsafePointer<UInt8>, start: Int, end: Int, offset: Int64, into batch: inout ColumnBatch) {
        if stagedRows == stagedCapacity { growStaging() }
        let row = stagedRows
        let capacity = stagedCapacity
        for f in 0..<fieldCount {
            let present = stamp[f] == serial
            var word: UInt64 = 0
            switch destinations[f] {
            case .absent:
                continue
            case .int64:
                if present { word = UInt64(bitPattern: ints[f]) }
            case .double:
                if present { word = doubles[f].bitPattern }
            case .string:
                if present {
                    let span = strings[f]
                    let code: Int32
                    if span.inScratch {
                        code = scratch.withUnsafeBytes { b -> Int32 in
                            guard let base = b.baseAddress, span.start + span.length <= b.count else { return 0 }
                            return dictionaries[f].intern(base + span.start, span.length)
                        }
                    } else {
                        code = dictionaries[f].intern(UnsafeRawPointer(p + span.start), span.length)
                    }
                    word = UInt64(UInt32(bitPattern: code))
                }
            }
            stagedWords[f * capacity + row] = word
            stagedPresent[f * capacity + row] = present ? 1 : 0
        }
        stagedRows += 1
        batch.offsets.append(offset)
        batch.spans.append(RecordSpan(start: Int32(truncatingIfNeeded: start), length: Int32(truncatingIfNeeded: end - start)))
    }
}
