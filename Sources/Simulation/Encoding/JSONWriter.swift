/// Writes one flat JSON object straight into bytes, fields in the order they are written.
///
/// Generators run this once per event, millions of times a second, so it never goes through
/// `Codable` or `JSONSerialization`: keys are `StaticString`s copied as they are (our keys are
/// plain ASCII and need no escaping), text values are escaped per RFC 8259, and numbers are
/// printed with a fixed number of decimals from an integer, which is both fast and stable
/// (no locale, no shortest-round-trip surprises such as `24.700000000000003`).
public struct JSONWriter: Sendable {
    public internal(set) var bytes: [UInt8]
    private var fieldCount = 0

    static let powersOfTen: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Starts an object (`{`); `capacity` avoids regrowth for the typical event size.
    public init(capacity: Int = 192) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Closes the object and returns its bytes.
    public mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// Writes `,"key":` (the comma only after the first field).
    public mutating func key(_ key: StaticString) {
        if fieldCount > 0 { bytes.append(UInt8(ascii: ",")) }
        fieldCount += 1
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        appendString(value)
    }

    /// A text value already encoded as JSON (quotes included), precomputed once per device.
    public mutating func field(_ name: StaticString, encoded value: [UInt8]) {
        key(name)
        bytes.append(contentsOf: value)
    }

    public mutating func field(_ name: StaticString, _ value: Int64) {
        key(name)
        appendInteger(value)
    }

    public mutating func field(_ name: StaticString, _ value: Int) {
        field(name, Int64(value))
    }

    /// A number with exactly `decimals` digits after the point (0 to 6), e.g. `24.7`.
    public mutating func field(_ name: StaticString, _ value: Double, decimals: Int) {
        key(name)
        appendFixed(value, decimals: decimals)
    }

    public mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
    }

    static let trueBytes: [UInt8] = Array("true".utf8)
    static let falseBytes: [UInt8] = Array("false".utf8)
    static let nullBytes: [UInt8] = Array("null".utf8)

    /// Appends a quoted, escaped JSON string.
    public mutating func appendString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            for byte in utf8 { appendEscaped(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    @inline(__always)
    private mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "f"))
        case 0..<0x20:
            // Other control characters as \u00XX; everything else (UTF-8 included) passes through.
            bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0xF)])
        default: bytes.append(byte)
        }
    }

    /// Appends a decimal integer.
    public mutating func appendInteger(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendUnsigned(value.magnitude, minimumDigits: 1)
        } else {
            appendUnsigned(UInt64(value), minimumDigits: 1)
        }
    }

    /// Appends `value` zero-padded to `minimumDigits`, writing digits in place (no temporary).
    public mutating func appendUnsigned(_ value: UInt64, minimumDigits: Int) {
        var digits = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        digits = max(digits, minimumDigits)
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        var rest = value
        var index = start + digits - 1
        while rest > 0 {
            bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            index -= 1
        }
    }

    /// Appends a fixed-point number; non-finite or huge values become `null` rather than invalid JSON.
    public mutating func appendFixed(_ value: Double, decimals: Int) {
        let decimals = min(max(decimals, 0), Self.powersOfTen.count - 1)
        let scale = Self.powersOfTen[decimals]
        let scaledValue = (value * scale).rounded()
        guard scaledValue.isFinite, abs(scaledValue) < 9.0e15 else {
            bytes.append(contentsOf: Self.nullBytes)
            return
        }
        let scaled = Int64(scaledValue)
        if scaled < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = scaled.magnitude
        let divisor = UInt64(scale)
        appendUnsigned(magnitude / divisor, minimumDigits: 1)
        if decimals > 0 {
            bytes.append(UInt8(ascii: "."))
            appendUnsigned(magnitude % divisor, minimumDigits: decimals)
        }
    }
}
