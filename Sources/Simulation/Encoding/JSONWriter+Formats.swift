import RivuletCore

/// Value formats shared by the streams: ISO-8601 UTC timestamps and UUID-like identifiers.
extension JSONWriter {
    /// `"2024-11-03T14:30:00.123Z"`: ISO-8601 in UTC with milliseconds (seed 004's `timestamp`).
    public mutating func field(_ name: StaticString, iso8601 time: Timestamp) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        appendISO8601(time)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A random (version 4 layout) UUID in its 8-4-4-4-12 lowercase form, quoted.
    public mutating func field(_ name: StaticString, uuidHigh high: UInt64, low: UInt64) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        appendUUID(high: high, low: low)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func appendISO8601(_ time: Timestamp) {
        let ms = time.milliseconds
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let msOfDay = ms - days * 86_400_000
        let date = CivilDate(daysSinceEpoch: days)
        appendUnsigned(UInt64(max(0, date.year)), minimumDigits: 4)
        bytes.append(UInt8(ascii: "-"))
        appendUnsigned(UInt64(date.month), minimumDigits: 2)
        bytes.append(UInt8(ascii: "-"))
        appendUnsigned(UInt64(date.day), minimumDigits: 2)
        bytes.append(UInt8(ascii: "T"))
        appendUnsigned(UInt64(msOfDay / 3_600_000), minimumDigits: 2)
        bytes.append(UInt8(ascii: ":"))
        appendUnsigned(UInt64(msOfDay / 60_000 % 60), minimumDigits: 2)
        bytes.append(UInt8(ascii: ":"))
        appendUnsigned(UInt64(msOfDay / 1000 % 60), minimumDigits: 2)
        bytes.append(UInt8(ascii: "."))
        appendUnsigned(UInt64(msOfDay % 1000), minimumDigits: 3)
        bytes.append(UInt8(ascii: "Z"))
    }

    mutating func appendUUID(high: UInt64, low: UInt64) {
        // Version 4 in the third group, RFC 4122 variant in the fourth, like uuid.uuid4().
        let high = (high & ~0xF000) | 0x4000
        let low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        appendHex(high >> 32, digits: 8)
        bytes.append(UInt8(ascii: "-"))
        appendHex(high >> 16 & 0xFFFF, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        appendHex(high & 0xFFFF, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        appendHex(low >> 48, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        appendHex(low & 0xFFFF_FFFF_FFFF, digits: 12)
    }

    mutating func appendHex(_ value: UInt64, digits: Int) {
        var shift = (digits - 1) * 4
        while shift >= 0 {
            bytes.append(Self.hexDigits[Int(value >> UInt64(shift) & 0xF)])
            shift -= 4
        }
    }

    /// `value` as lowercase hex with exactly `digits` digits (device ids).
    static func hex(_ value: UInt64, digits: Int) -> String {
        var writer = JSONWriter(capacity: digits)
        writer.bytes.removeAll(keepingCapacity: true)
        writer.appendHex(value, digits: digits)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// `value` in decimal, zero-padded to `digits` (user and sensor numbers).
    static func decimal(_ value: UInt64, digits: Int) -> String {
        var writer = JSONWriter(capacity: digits)
        writer.bytes.removeAll(keepingCapacity: true)
        writer.appendUnsigned(value, minimumDigits: digits)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// A JSON string literal for `text`, to precompute per-device fragments once.
    static func encodedString(_ text: String) -> [UInt8] {
        var writer = JSONWriter(capacity: text.utf8.count + 2)
        writer.bytes.removeAll(keepingCapacity: true)
        writer.appendString(text)
        return writer.bytes
    }
}

/// A proleptic Gregorian date from days since 1970-01-01 (Howard Hinnant's `civil_from_days`).
struct CivilDate: Hashable, Sendable {
    var year: Int64
    var month: Int64
    var day: Int64

    init(daysSinceEpoch days: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }
}
