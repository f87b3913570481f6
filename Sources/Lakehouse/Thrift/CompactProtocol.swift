/// Thrift compact protocol, the encoding of every Parquet footer and page header.
///
/// Pure and sans-I/O: the writer appends to a byte array, the reader walks a byte array and
/// throws `LakehouseError.corruptFile` on anything malformed. The reader never traps: every
/// length is checked against the bytes that remain and nesting is capped, so a hostile footer
/// cannot make it allocate more than the input size or recurse without bound.
public enum ThriftType: UInt8, Sendable {
    case boolTrue = 1
    case boolFalse = 2
    case byte = 3
    case i16 = 4
    case i32 = 5
    case i64 = 6
    case double = 7
    case binary = 8
    case list = 9
    case set = 10
    case map = 11
    case structure = 12
}

public struct CompactWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    // Field ids are delta-encoded against the previous field of the same struct.
    private var lastFieldID: Int16 = 0
    private var fieldIDStack: [Int16] = []

    public init() {}

    public mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func writeZigZag(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    public mutating func fieldHeader(_ id: Int16, _ type: ThriftType) {
        let delta = Int(id) - Int(lastFieldID)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta << 4) | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeZigZag(Int64(id))
        }
        lastFieldID = id
    }

    public mutating func structBegin() {
        fieldIDStack.append(lastFieldID)
        lastFieldID = 0
    }

    public mutating func structEnd() {
        bytes.append(0)
        lastFieldID = fieldIDStack.popLast() ?? 0
    }

    public mutating func listHeader(_ elementType: ThriftType, count: Int) {
        if count < 15 {
            bytes.append(UInt8(count << 4) | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            writeVarint(UInt64(count))
        }
    }

    public mutating func mapHeader(keyType: ThriftType, valueType: ThriftType, count: Int) {
        writeVarint(UInt64(count))
        if count > 0 { bytes.append(keyType.rawValue << 4 | valueType.rawValue) }
    }

    public mutating func writeByteValue(_ value: UInt8) { bytes.append(value) }

    public mutating func writeBinary(_ value: [UInt8]) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    public mutating func writeString(_ value: String) { writeBinary(Array(value.utf8)) }

    public mutating func writeDouble(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    // Typed field helpers keep the struct encoders short.
    public mutating func field(_ id: Int16, i32 value: Int32) {
        fieldHeader(id, .i32)
        writeZigZag(Int64(value))
    }
    public mutating func field(_ id: Int16, i64 value: Int64) {
        fieldHeader(id, .i64)
        writeZigZag(value)
    }
    public mutating func field(_ id: Int16, binary value: [UInt8]) {
        fieldHeader(id, .binary)
        writeBinary(value)
    }
    public mutating func field(_ id: Int16, string value: String) {
        fieldHeader(id, .binary)
        writeString(value)
    }
    public mutating func field(_ id: Int16, bool value: Bool) { fieldHeader(id, value ? .boolTrue : .boolFalse) }
    public mutating func field(_ id: Int16, double value: Double) {
        fieldHeader(id, .double)
        writeDouble(value)
    }

    public mutating func field(_ id: Int16, struct encode: (inout CompactWriter) -> Void) {
        fieldHeader(id, .structure)
        structBegin()
        encode(&self)
        structEnd()
    }

    public mutating func field(_ id: Int16, i32List values: [Int32]) {
        fieldHeader(id, .list)
        listHeader(.i32, count: values.count)
        for v in values { writeZigZag(Int64(v)) }
    }

    public mutating func field(_ id: Int16, stringList values: [String]) {
        fieldHeader(id, .list)
        listHeader(.binary, count: values.count)
        for v in values { writeString(v) }
    }

    public mutating func field<T>(_ id: Int16, structList values: [T], _ encode: (inout CompactWriter, T) -> Void) {
        fieldHeader(id, .list)
        listHeader(.structure, count: values.count)
        for v in values {
            structBegin()
            encode(&self, v)
            structEnd()
        }
    }
}

public struct CompactReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var position: Int
    private var lastFieldID: Int16 = 0
    private var fieldIDStack: [Int16] = []
    /// Nesting cap: Parquet footers nest four or five levels deep.
    public static let maxDepth = 64

    public init(_ bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    public var remaining: Int { bytes.count - position }

    static func corrupt(_ what: String) -> LakehouseError {
        LakehouseError(.corruptFile, "malformed Thrift data: \(what)")
    }

    public mutating func readByte() throws -> UInt8 {
        guard position < bytes.count else { throw Self.corrupt("unexpected end of data") }
        defer { position += 1 }
        return bytes[position]
    }

    public mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try readByte()
            guard shift < 64 else { throw Self.corrupt("varint longer than 10 bytes") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    public mutating func readZigZag() throws -> Int64 {
        let v = try readVarint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    public mutating func readI32() throws -> Int32 {
        let v = try readZigZag()
        guard let narrowed = Int32(exactly: v) else { throw Self.corrupt("i32 out of range") }
        return narrowed
    }

    public mutating func readI16() throws -> Int16 {
        let v = try readZigZag()
        guard let narrowed = Int16(exactly: v) else { throw Self.corrupt("i16 out of range") }
        return narrowed
    }

    public mutating func readI64() throws -> Int64 { try readZigZag() }

    public mutating func readDouble() throws -> Double {
        guard remaining >= 8 else { throw Self.corrupt("truncated double") }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return Double(bitPattern: bits)
    }

    public mutating func readBinary() throws -> [UInt8] {
        let length = try readVarint()
        guard length <= UInt64(remaining) else { throw Self.corrupt("binary length \(length) past end of data") }
        let n = Int(length)
        defer { position += n }
        return Array(bytes[position..<position + n])
    }

    public mutating func readString() throws -> String {
        String(decoding: try readBinary(), as: UTF8.self)
    }

    public mutating func structBegin() throws {
        guard fieldIDStack.count < Self.maxDepth else { throw Self.corrupt("nesting deeper than \(Self.maxDepth)") }
        fieldIDStack.append(lastFieldID)
        lastFieldID = 0
    }

    public mutating func structEnd() {
        lastFieldID = fieldIDStack.popLast() ?? 0
    }

    /// The next field of the current struct, or nil at its stop byte.
    public mutating func readFieldHeader() throws -> (id: Int16, type: ThriftType)? {
        let header = try readByte()
        if header == 0 { return nil }
        guard let type = ThriftType(rawValue: header & 0x0F) else {
            throw Self.corrupt("unknown field type \(header & 0x0F)")
        }
        let delta = header >> 4
        let id: Int16
        if delta == 0 {
            id = try readI16()
        } else {
            let (sum, overflow) = lastFieldID.addingReportingOverflow(Int16(delta))
            guard !overflow else { throw Self.corrupt("field id overflow") }
            id = sum
        }
        lastFieldID = id
        return (id, type)
    }

    public mutating func readListHeader() throws -> (elementType: ThriftType, count: Int) {
        let header = try readByte()
        guard let type = ThriftType(rawValue: header & 0x0F) else { throw Self.corrupt("unknown list element type") }
        var count = UInt64(header >> 4)
        if count == 15 { count = try readVarint() }
        // Every element takes at least one byte, except booleans packed into the header…
        // which compact lists do not do: each boolean element is one byte as well.
        guard count <= UInt64(remaining) else { throw Self.corrupt("list of \(count) elements past end of data") }
        return (type, Int(count))
    }

    public mutating func readMapHeader() throws -> (keyType: ThriftType, valueType: ThriftType, count: Int) {
        let count = try readVarint()
        guard count > 0 else { return (.binary, .binary, 0) }
        guard count <= UInt64(remaining) else { throw Self.corrupt("map of \(count) entries past end of data") }
        let types = try readByte()
        guard let k = ThriftType(rawValue: types >> 4), let v = ThriftType(rawValue: types & 0x0F) else {
            throw Self.corrupt("unknown map types")
        }
        return (k, v, Int(count))
    }

    /// Reads a boolean field's value, carried in its type nibble.
    public func bool(_ type: ThriftType) throws -> Bool {
        switch type {
        case .boolTrue: return true
        case .boolFalse: return false
        default: throw Self.corrupt("expected bool, found \(type)")
        }
    }

    /// Reads one boolean element of a list (one byte: 1 true, 2 or 0 false).
    public mutating func readBoolElement() throws -> Bool { try readByte() == 1 }

    public mutating func skip(_ type: ThriftType) throws {
        _ = try readValue(type)
    }

    /// Decodes any value generically; used to skip unknown fields and by round-trip tests.
    public mutating func readValue(_ type: ThriftType, depth: Int = 0) throws -> ThriftValue {
        guard depth < Self.maxDepth else { throw Self.corrupt("nesting deeper than \(Self.maxDepth)") }
        switch type {
        case .boolTrue: return .bool(true)
        case .boolFalse: return .bool(false)
        case .byte: return .byte(Int8(bitPattern: try readByte()))
        case .i16: return .i16(try readI16())
        case .i32: return .i32(try readI32())
        case .i64: return .i64(try readI64())
        case .double: return .double(try readDouble())
        case .binary: return .binary(try readBinary())
        case .list, .set:
            let (elementType, count) = try readListHeader()
            var items: [ThriftValue] = []
            for _ in 0..<count {
                if elementType == .boolTrue || elementType == .boolFalse {
                    items.append(.bool(try readBoolElement()))
                } else {
                    items.append(try readValue(elementType, depth: depth + 1))
                }
            }
            return .list(elementType, items)
        case .map:
            let (k, v, count) = try readMapHeader()
            var entries: [ThriftValue.Entry] = []
            for _ in 0..<count {
                let key = try readValue(k, depth: depth + 1)
                let value = try readValue(v, depth: depth + 1)
                entries.append(ThriftValue.Entry(key: key, value: value))
            }
            return .map(k, v, entries)
        case .structure:
            try structBegin()
            defer { structEnd() }
            var fields: [ThriftValue.Field] = []
            while let (id, fieldType) = try readFieldHeader() {
                fields.append(ThriftValue.Field(id: id, value: try readValue(fieldType, depth: depth + 1)))
            }
            return .structure(fields)
        }
    }

    /// Walks the fields of a struct, calling `body` for each; `body` must consume the value
    /// (or call `skip`). Unknown fields are the caller's `default: try r.skip(type)`.
    public mutating func readStruct(_ body: (inout CompactReader, Int16, ThriftType) throws -> Void) throws {
        try structBegin()
        while let (id, type) = try readFieldHeader() {
            try body(&self, id, type)
        }
        structEnd()
    }

    public mutating func readList<T>(_ element: (inout CompactReader) throws -> T) throws -> [T] {
        let (_, count) = try readListHeader()
        var items: [T] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try element(&self)) }
        return items
    }
}
