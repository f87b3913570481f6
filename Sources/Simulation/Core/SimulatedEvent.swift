import RivuletCore

/// One record a simulator hands to the log: topic, key, JSON value and its event time.
///
/// The value is the JSON text as bytes, exactly what goes on the wire. `eventTime` equals the
/// timestamp written inside the JSON (`ts` or `timestamp`), which is what a Kafka producer
/// sets as the record timestamp.
public struct SimulatedEvent: Hashable, Sendable {
    public var topic: String
    /// The partitioning key (device, user, sensor or vehicle id); nil sends without a key.
    public var key: [UInt8]?
    public var value: [UInt8]
    public var eventTime: Timestamp
    /// A file the event refers to (a camera snapshot) that must be stored before the event
    /// is sent, so a reader following the URL never finds it missing. See `BlobWriter`.
    public var blob: SimulatedBlob?
    /// The fault `FaultInjector` applied to this event, if any; counted by progress lines and tests.
    public var fault: InjectedFault?

    public init(
        topic: String, key: [UInt8]?, value: [UInt8], eventTime: Timestamp,
        blob: SimulatedBlob? = nil, fault: InjectedFault? = nil
    ) {
        self.topic = topic
        self.key = key
        self.value = value
        self.eventTime = eventTime
        self.blob = blob
        self.fault = fault
    }

    /// The value as text (tests and debugging; not for hot paths).
    public var valueText: String { String(decoding: value, as: UTF8.self) }
}

/// A binary object an event points to by URL, stored under the lake's object area.
public struct SimulatedBlob: Hashable, Sendable {
    /// Relative to `<lake root>/_objects/`, for example `cameras/cam-nlex-bocaue/1730638574123.png`.
    public var path: String
    public var bytes: [UInt8]
    public var contentType: String

    public init(path: String, bytes: [UInt8], contentType: String) {
        self.path = path
        self.bytes = bytes
        self.contentType = contentType
    }

    /// The URL an event carries for a blob: `/objects/<path>`, resolved against the lake root
    /// (the dashboard serves `<lake root>/_objects/<path>` at that URL).
    public static func url(forPath path: String) -> String { SimulationFormat.objectURLPrefix + path }
}

/// What `FaultInjector` did to an event.
public enum InjectedFault: Hashable, Sendable, CustomStringConvertible {
    /// Event time moved into the past by up to `lateMax`.
    case late
    /// Held back and sent after some later events.
    case outOfOrder
    /// The same bytes sent a second time (this is the copy; the original is clean).
    case duplicate
    case malformed(MalformedKind)

    public var description: String {
        switch self {
        case .late: "late"
        case .outOfOrder: "out-of-order"
        case .duplicate: "duplicate"
        case .malformed(let kind): "malformed-\(kind)"
        }
    }
}

/// The ways a malformed event is broken; `FaultInjector` picks one uniformly.
public enum MalformedKind: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// Not JSON at all: the text is cut short.
    case brokenJSON = "broken-json"
    /// A field holds the wrong JSON type (a number as text, text as a number).
    case wrongType = "wrong-type"
    /// A required field is left out.
    case missingField = "missing-field"
    /// A text field is replaced by a very long value.
    case oversizedValue = "oversized-value"

    public var description: String { rawValue }
}
