/// Encodes one Server-Sent Event. A payload with line breaks becomes several `data:` lines,
/// which the browser joins back with "\n", so a pretty-printed document survives intact.
enum ServerSentEvent {
    static func encode(event: String, data: [UInt8]) -> [UInt8] {
        var out = Array("event: \(event)\n".utf8)
        var line: [UInt8] = []
        func flush() {
            out += Array("data: ".utf8) + line + [UInt8(ascii: "\n")]
            line.removeAll(keepingCapacity: true)
        }
        var previous: UInt8 = 0
        for byte in data {
            switch byte {
            case UInt8(ascii: "\n") where previous == UInt8(ascii: "\r"): break
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"): flush()
            default: line.append(byte)
            }
            previous = byte
        }
        flush()
        out.append(UInt8(ascii: "\n"))
        return out
    }
}
