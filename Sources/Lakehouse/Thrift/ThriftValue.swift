/// A generic Thrift value: how unknown fields are skipped and how round-trip tests state
/// `decode(encode(x)) == x` for arbitrary messages.
public indirect enum ThriftValue: Hashable, Sendable {
    public struct Field: Hashable, Sendable {
        public var id: Int16
        public var value: ThriftValue
        public init(id: Int16, value: ThriftValue) {
            self.id = id
            self.value = value
        }
    }
    public struct Entry: Hashable, Sendable {
        public var key: ThriftValue
        public var value: ThriftValue
        public init(key: ThriftValue, value: ThriftValue) {
            self.key = key
            self.value = value
        }
    }

    case bool(Bool)
    case byte(Int8)
    case i16(Int16)
    case i32(Int32)
    case i64(Int64)
    case double(Double)
    case binary([UInt8])
    case list(ThriftType, [ThriftValue])
    case map(ThriftType, ThriftType, [Entry])
    case structure([Field])

    public var type: ThriftType {
        switch self {
        case .bool(let b): return b ? .boolTrue : .boolFalse
        case .byte: return .byte
        case .i16: return .i16
        case .i32: return .i32
        case .i64: return .i64
        case .double: return .double
        case .binary: return .binary
        case .list: return .list
        case .map: return .map
        case .structure: return .structure
        }
    }
}

extension CompactWriter {
    /// Writes a value's payload (its field header, if any, is the caller's).
    public mutating func writeValue(_ value: ThriftValue) {
        switch value {
        case .bool: break  // carried in the field header
        case .byte(let b): writeByteValue(UInt8(bitPattern: b))
        case .i16(let v): writeZigZag(Int64(v))
        case .i32(let v): writeZigZag(Int64(v))
        case .i64(let v): writeZigZag(v)
        case .double(let d): writeDouble(d)
        case .binary(let b): writeBinary(b)
        case .list(let elementType, let items):
            listHeader(elementType, count: items.count)
            for item in items {
                if case .bool(let b) = item { writeByteValue(b ? 1 : 2) } else { writeValue(item) }
            }
        case .map(let k, let v, let entries):
            mapHeader(keyType: k, valueType: v, count: entries.count)
            for e in entries {
                writeValue(e.key)
                writeValue(e.value)
            }
        case .structure(let fields):
            structBegin()
            for f in fields {
                fieldHeader(f.id, f.value.type)
                writeValue(f.value)
            }
            structEnd()
        }
    }
}
