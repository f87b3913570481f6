/// Why one record could not be decoded. Carried to the dead-letter output with the record's
/// source offset and bytes, so the caller can write it to `<topic>.dlq` with headers.
public struct DecodeFailure: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// Not a JSON object (syntax error, truncated, trailing bytes, not an object).
        case notJSON = "not-json"
        case missingRequiredField = "missing-required-field"
        case wrongType = "wrong-type"
        /// Right JSON type, unusable value: a timestamp that is not ISO-8601, an integer that overflows.
        case invalidValue = "invalid-value"
        /// A record longer than the decoder's cap or nested too deep.
        case tooLarge = "too-large"
    }

    public var kind: Kind
    /// The schema field involved, when there is one.
    public var field: String?
    /// What went wrong, for the dead-letter header and logs.
    public var detail: String
    /// Byte position within the record where decoding stopped.
    public var position: Int
    public var offset: Int64
    public var record: [UInt8]

    public var description: String {
        "offset \(offset): \(kind.rawValue)\(field.map { " (field \($0))" } ?? ""): \(detail) at byte \(position)"
    }
}
