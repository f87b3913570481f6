import Foundation
import KafkaClient

/// How `rivulet consume` prints a record.
public enum RecordFormat: String, CaseIterable, Sendable {
    /// One JSON object per line: topic, partition, offset, timestamp (epoch ms), key, value
    /// (embedded when it is JSON, else a string), headers (a list of {key, value}).
    case json
    /// The value's bytes and a newline, as `kafka-console-consumer` prints them.
    case raw

    func render(_ record: ConsumerRecord, into out: inout [UInt8]) {
        switch self {
        case .raw:
            if let value = record.value { out.append(contentsOf: value.readableBytesView) }
        case .json:
            let headers = record.headers.map { header in
                "{\"key\":\(JSONText.quoted(header.key)),\"value\":\(JSONText.quoted(header.value.map { String(buffer: $0) }))}"
            }
            let line =
                "{\"topic\":\(JSONText.quoted(record.topic)),\"partition\":\(record.partition),"
                + "\"offset\":\(record.offset.rawValue),\"timestamp\":\(record.timestamp.milliseconds),"
                + "\"key\":\(JSONText.quoted(record.keyString)),\"value\":\(JSONText.value(record.valueBytes)),"
                + "\"headers\":[\(headers.joined(separator: ","))]}"
            out.append(contentsOf: line.utf8)
        }
        out.append(0x0A)
    }
}

/// Standard output for records: buffered, flushed when the buffer grows, when asked, and
/// after every record on a terminal so that a person sees records as they arrive.
struct RecordOutput {
    private var buffer: [UInt8] = []
    private let interactive = isatty(STDOUT_FILENO) != 0

    mutating func write(_ record: ConsumerRecord, as format: RecordFormat) {
        format.render(record, into: &buffer)
        if interactive || buffer.count >= 64 * 1024 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
