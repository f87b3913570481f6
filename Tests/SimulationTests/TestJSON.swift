import Foundation

/// A strict JSON parser for the tests that keeps what a schema check needs and
/// `JSONSerialization` loses: field order, and whether a number was written as an integer.
enum TestJSON: Equatable {
    /// Keys and values in document order.
    case object([String], [TestJSON])
    case array([TestJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    static func == (a: TestJSON, b: TestJSON) -> Bool {
        switch (a, b) {
        case (.object(let xk, let xv), .object(let yk, let yv)): xk == yk && xv == yv
        case (.array(let x), .array(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.null, .null): true
        default: false
        }
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ bytes: [UInt8]) throws -> TestJSON {
        var parser = TestJSONParser(bytes: bytes)
        let value = try parser.value()
        parser.skipSpace()
        guard parser.index == bytes.count else { throw ParseError(description: "trailing bytes at \(parser.index)") }
        return value
    }

    var fields: [(String, TestJSON)]? { if case .object(let k, let v) = self { Array(zip(k, v)) } else { nil } }
    subscript(_ key: String) -> TestJSON? { fields?.first { $0.0 == key }?.1 }
    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    var doubleValue: Double? { if case .number(let n) = self { Double(n) } else { nil } }
    var isInteger: Bool { if case .number(let n) = self { !n.contains(".") && !n.contains("e") && !n.contains("E") } else { false } }
}

private struct TestJSONParser {
    let bytes: [UInt8]
    var index = 0

    mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    func fail(_ what: String) -> TestJSON.ParseError { TestJSON.ParseError(description: "\(what) at byte \(index)") }

    mutating func expect(_ literal: String) throws {
        let l = Array(literal.utf8)
        guard index + l.count <= bytes.count, Array(bytes[index..<index + l.count]) == l else { throw fail("expected \(literal)") }
        index += l.count
    }

    mutating func value() throws -> TestJSON {
        skipSpace()
        guard index < bytes.count else { throw fail("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        default: return .number(try number())
        }
    }

    mutating func object() throws -> TestJSON {
        index += 1
        var fields: [(String, TestJSON)] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object([], []) }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected key") }
            let key = try string()
            skipSpace()
            try expect(":")
            fields.append((key, try value()))
            skipSpace()
            guard index < bytes.count else { throw fail("unterminated object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(fields.map(\.0), fields.map(\.1)) }
            throw fail("expected , or }")
        }
    }

    mutating func array() throws -> TestJSON {
        index += 1
        var items: [TestJSON] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            items.append(try value())
            skipSpace()
            guard index < bytes.count else { throw fail("unterminated array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw fail("expected , or ]")
        }
    }

    mutating func string() throws -> String {
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") { index += 1; return String(decoding: out, as: UTF8.self) }
            guard b >= 0x20 else { throw fail("raw control character in string") }
            if b == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { throw fail("bad escape") }
                let e = bytes[index + 1]
                index += 2
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count,
                        let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
                        let scalar = Unicode.Scalar(code)
                    else { throw fail("bad \\u escape") }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    index += 4
                default: throw fail("bad escape")
                }
            } else {
                out.append(b)
                index += 1
            }
        }
        throw fail("unterminated string")
    }

    mutating func number() throws -> String {
        let start = index
        let pattern = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/
        while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard !text.isEmpty, text.wholeMatch(of: pattern) != nil else { throw fail("bad number \(text)") }
        return text
    }
}
