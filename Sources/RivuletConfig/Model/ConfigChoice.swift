/// A closed set of words a key accepts; the decoder lists `allCases` when a value is not one.
public protocol ConfigChoice: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {}

extension ConfigChoice {
    static var allowedText: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
