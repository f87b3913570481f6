/// Byte-level JSON scanning primitives over one record, shared by the batch decoder.
///
/// The scanner never reads outside `[0, end)` of its pointer and never traps: every failure
/// is a `ScanError` the decoder turns into a per-record `DecodeFailure`.
struct JSONScanner {
    enum ScanError: Error {
        case syntax(String)
        case tooDeep
    }

    /// A scanned number: `isInteger` when it had no fraction or exponent and fits Int64.
    struct Number {
        var isInteger: Bool
        var int: Int64
        var double: Double
    }

    /// A scanned string: bytes in the input (`inScratch == false`) or, when it held escapes,
    /// in the decoder's scratch buffer.
    struct StringSpan {
        var start: Int
        var length: Int
        var inScratch: Bool
    }

    static let maxDepth = 64

    let base: UnsafePointer<UInt8>
    let end: Int
    var pos: Int

    init(base: UnsafePointer<UInt8>, start: Int, end: Int) {
        self.base = base
        self.pos = start
        self.end = end
    }

    @inline(__always) var atEnd: Bool { pos >= end }

    @inline(__always) func peek() -> UInt8 { pos < end ? base[pos] : 0 }

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < end {
            let c = base[pos]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            pos += 1
        }
    }

    @inline(__always)
    mutating func expect(_ c: UInt8, _ what: String) throws(ScanError) {
        guard pos < end, base[pos] == c else { throw .syntax("expected \(what)") }
        pos += 1
    }

    // MARK: Strings

    /// Scans a string whose opening quote is at `pos`. Escapes are decoded into `scratch`.
    @inline(__always)
    mutating func scanString(scratch: inout [UInt8]) throws(ScanError) -> StringSpan {
        try expect(0x22, "a string")
        let start = pos
        // Eight bytes at a time while none is a quote, a backslash or a control byte.
        while pos + 8 <= end {
            let w = UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let q = w ^ (ones &* 0x22)
            let b = w ^ (ones &* 0x5C)
            let hit = (((q &- ones) & ~q) | ((b &- ones) & ~b) | (w &- ones &* 0x20) & ~w) & highs
            if hit != 0 {
                // A borrow can mark bytes above a real hit, never below one: the lowest mark is
                // the first quote, backslash or control byte (little-endian loads).
                pos += hit.trailingZeroBitCount >> 3
                break
            }
            pos += 8
        }
        while pos < end {
            let c = base[pos]
            if c == 0x22 {
                pos += 1
                return StringSpan(start: start, length: pos - 1 - start, inScratch: false)
            }
            if c == 0x5C { return try scanEscaped(from: start, scratch: &scratch) }
            if c < 0x20 { throw .syntax("control character in string") }
            pos += 1
        }
        throw .syntax("unterminated string")
    }

    private mutating func scanEscaped(from start: Int, scratch: inout [UInt8]) throws(ScanError) -> StringSpan {
        let scratchStart = scratch.count
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + start, count: pos - start))
        while pos < end {
            let c = base[pos]
            pos += 1
            if c == 0x22 {
                return StringSpan(start: scratchStart, length: scratch.count - scratchStart, inScratch: true)
            }
            if c < 0x20 { throw .syntax("control character in string") }
            guard c == 0x5C else {
                scratch.append(c)
                continue
            }
            guard pos < end else { break }
            let e = base[pos]
            pos += 1
            switch e {
            case 0x22, 0x5C, 0x2F: scratch.append(e)
            case 0x62: scratch.append(0x08)
            case 0x66: scratch.append(0x0C)
            case 0x6E: scratch.append(0x0A)
            case 0x72: scratch.append(0x0D)
            case 0x74: scratch.append(0x09)
            case 0x75: try appendUnicodeEscape(into: &scratch)
            default: throw .syntax("invalid escape")
            }
        }
        throw .syntax("unterminated string")
    }

    private mutating func hex4() throws(ScanError) -> UInt32 {
        guard pos + 4 <= end else { throw .syntax("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = base[pos]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw .syntax("invalid \\u escape")
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    /// `\uXXXX`, joining a surrogate pair; a lone surrogate becomes U+FFFD rather than an
    /// error, as most JSON readers do.
    private mutating func appendUnicodeEscape(into out: inout [UInt8]) throws(ScanError) {
        var scalar = try hex4()
        if (0xD800...0xDBFF).contains(scalar) {
            if pos + 6 <= end, base[pos] == 0x5C, base[pos + 1] == 0x75 {
                let save = pos
                pos += 2
                let low = try hex4()
                if (0xDC00...0xDFFF).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    pos = save
                    scalar = 0xFFFD
                }
            } else {
                scalar = 0xFFFD
            }
        } else if (0xDC00...0xDFFF).contains(scalar) {
            scalar = 0xFFFD
        }
        appendUTF8(scalar, into: &out)
    }

    private func appendUTF8(_ s: UInt32, into out: inout [UInt8]) {
        switch s {
        case 0..<0x80:
            out.append(UInt8(s))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | s >> 6))
            out.append(UInt8(0x80 | s & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | s >> 12))
            out.append(UInt8(0x80 | s >> 6 & 0x3F))
            out.append(UInt8(0x80 | s & 0x3F))
        default:
            out.append(UInt8(0xF0 | s >> 18))
            out.append(UInt8(0x80 | s >> 12 & 0x3F))
            out.append(UInt8(0x80 | s >> 6 & 0x3F))
            out.append(UInt8(0x80 | s & 0x3F))
        }
    }

    // MARK: Numbers

    /// Scans a JSON number (strict grammar: no leading zeros, no `+`, no bare `.`).
    @inline(__always)
    mutating func scanNumber() throws(ScanError) -> Number {
        let start = pos
        var negative = false
        if pos < end, base[pos] == 0x2D {
            negative = true
            pos += 1
        }
        guard pos < end, base[pos] >= 0x30, base[pos] <= 0x39 else { throw .syntax("invalid number") }
        var mantissa: UInt64 = 0
        var digits = 0
        var dropped = 0  // significant integer digits beyond 19, kept as a power of ten
        if base[pos] == 0x30 {
            pos += 1
        } else {
            while pos < end, base[pos] >= 0x30, base[pos] <= 0x39 {
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(base[pos] - 0x30)
                    digits += 1
                } else {
                    dropped += 1
                }
                pos += 1
            }
        }
        var exponent = dropped
        var isInteger = dropped == 0
        if pos < end, base[pos] == 0x2E {
            isInteger = false
            pos += 1
            let fracStart = pos
            while pos < end, base[pos] >= 0x30, base[pos] <= 0x39 {
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(base[pos] - 0x30)
                    digits += 1
                    exponent -= 1
                } else {
                    dropped += 1
                }
                pos += 1
            }
            guard pos > fracStart else { throw .syntax("invalid number") }
        }
        if pos < end, base[pos] | 0x20 == 0x65 {
            isInteger = false
            pos += 1
            var expNegative = false
            if pos < end, base[pos] == 0x2B || base[pos] == 0x2D {
                expNegative = base[pos] == 0x2D
                pos += 1
            }
            let expStart = pos
            var e = 0
            while pos < end, base[pos] >= 0x30, base[pos] <= 0x39 {
                if e < 100_000 { e = e * 10 + Int(base[pos] - 0x30) }
                pos += 1
            }
            guard pos > expStart else { throw .syntax("invalid number") }
            exponent += expNegative ? -e : e
        }
        if isInteger {
            if negative, mantissa <= UInt64(Int64.max) + 1 {
                let v = mantissa == UInt64(Int64.max) + 1 ? Int64.min : -Int64(mantissa)
                return Number(isInteger: true, int: v, double: mantissa == 0 ? -0.0 : Double(v))
            }
            if !negative, mantissa <= UInt64(Int64.max) {
                return Number(isInteger: true, int: Int64(mantissa), double: Double(mantissa))
            }
            isInteger = false
        }
        // Exact fast path: both the mantissa and the power of ten are exact doubles, so one
        // IEEE multiply or divide gives the correctly rounded result.
        if dropped == 0, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            let p = Self.exactPowerOfTen(abs(exponent))
            let m = Double(mantissa)
            let v = exponent < 0 ? m / p : m * p
            return Number(isInteger: false, int: 0, double: negative ? -v : v)
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
        guard let v = Double(text) else { throw .syntax("invalid number") }
        return Number(isInteger: false, int: 0, double: v)
    }

    /// 10^k for 0 ≤ k ≤ 22, the powers a double holds exactly.
    @inline(__always)
    static func exactPowerOfTen(_ k: Int) -> Double {
        switch k {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    // MARK: Skipping

    /// Skips any JSON value, checking its syntax, with nesting capped at `maxDepth`.
    mutating func skipValue(depth: Int, scratch: inout [UInt8]) throws(ScanError) {
        guard depth < Self.maxDepth else { throw .tooDeep }
        skipWhitespace()
        guard pos < end else { throw .syntax("expected a value") }
        switch base[pos] {
        case 0x22:
            let mark = scratch.count
            _ = try scanString(scratch: &scratch)
            scratch.removeSubrange(mark...)
        case 0x7B:
            pos += 1
            skipWhitespace()
            if peek() == 0x7D {
                pos += 1
                return
            }
            while true {
                skipWhitespace()
                let mark = scratch.count
                _ = try scanString(scratch: &scratch)
                scratch.removeSubrange(mark...)
                skipWhitespace()
                try expect(0x3A, "':'")
                try skipValue(depth: depth + 1, scratch: &scratch)
                skipWhitespace()
                if peek() == 0x2C {
                    pos += 1
                    continue
                }
                try expect(0x7D, "',' or '}'")
                return
            }
        case 0x5B:
            pos += 1
            skipWhitespace()
            if peek() == 0x5D {
                pos += 1
                return
            }
            while true {
                try skipValue(depth: depth + 1, scratch: &scratch)
                skipWhitespace()
                if peek() == 0x2C {
                    pos += 1
                    continue
                }
                try expect(0x5D, "',' or ']'")
                return
            }
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        default: _ = try scanNumber()
        }
    }

    /// Consumes `word` (`true`, `false`, `null`).
    @inline(__always)
    mutating func literal(_ word: StaticString) throws(ScanError) {
        let n = word.utf8CodeUnitCount
        guard pos + n <= end else { throw .syntax("invalid literal") }
        let w = word.utf8Start
        for i in 0..<n where base[pos + i] != w[i] { throw .syntax("invalid literal") }
        pos += n
    }
}
