import RivuletCore

/// Processing time in milliseconds from the injected clock. A distinct type from event time
/// (`Timestamp`) so that the two never mix (STYLE, "Concurrency and time").
public struct ProcessingTime: RawRepresentable, Hashable, Comparable, Sendable {
    public var rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(milliseconds: Int64) { self.rawValue = milliseconds }
    public var milliseconds: Int64 { rawValue }
    public static func < (a: ProcessingTime, b: ProcessingTime) -> Bool { a.rawValue < b.rawValue }
}

/// One result row of a window: its bounds, the group-key values, then the aggregates, in the
/// order of `PipelineDefinition.outputColumns`.
public struct WindowRow: Hashable, Sendable {
    public var windowStart: Timestamp
    public var windowEnd: Timestamp
    public var keys: [Value]
    public var values: [Value]
    /// 0 for the first final emission; 1, 2, … for corrections under `allowed_lateness`.
    public var revision: Int

    public init(windowStart: Timestamp, windowEnd: Timestamp, keys: [Value], values: [Value], revision: Int = 0) {
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.keys = keys
        self.values = values
        self.revision = revision
    }
}

/// An event whose windows were already final when it arrived; never dropped silently.
public struct LateEvent: Hashable, Sendable {
    public var partition: Int32
    public var offset: Int64
    public var eventTime: Timestamp
    /// The watermark when the event arrived.
    public var watermark: Timestamp
    /// `watermark − eventTime`, in milliseconds.
    public var lateByMilliseconds: Int64
    public var keys: [Value]
    /// The original record bytes.
    public var record: [UInt8]

    public init(
        partition: Int32, offset: Int64, eventTime: Timestamp, watermark: Timestamp, lateByMilliseconds: Int64,
        keys: [Value], record: [UInt8]
    ) {
        self.partition = partition
        self.offset = offset
        self.eventTime = eventTime
        self.watermark = watermark
        self.lateByMilliseconds = lateByMilliseconds
        self.keys = keys
        self.record = record
    }
}

/// A record that could not be decoded, for `<topic>.dlq` with its error in headers.
public struct DeadLetter: Hashable, Sendable {
    public var partition: Int32
    public var failure: DecodeFailure
}

/// The open windows' current rows, at most once per `liveEvery` of processing time.
public struct LiveSnapshot: Hashable, Sendable {
    public var rows: [WindowRow]
    public var watermark: Timestamp?
    public var at: ProcessingTime
}

/// What the aggregator asks its owner to do with results; the owner writes them to sinks.
public enum EngineOutput: Hashable, Sendable {
    /// Windows the watermark has passed (and corrections), each emitted once per revision.
    case finalWindows([WindowRow])
    case liveSnapshot(LiveSnapshot)
    case late([LateEvent])
    case deadLetter([DeadLetter])
    /// Pass-through rows (filtered, deduplicated, selected), for the sinks of the next epoch.
    case rows(RowColumns)
}

/// Counters for the pipeline's metrics (DESIGN §4: bounded labels, never a device id).
public struct EngineCounters: Hashable, Sendable {
    public var events: Int64 = 0
    public var lateEvents: Int64 = 0
    public var deadLetters: Int64 = 0
    public var finalWindows: Int64 = 0
    public var corrections: Int64 = 0
    /// Pass-through: rows dropped by `where` and by `deduplicate`.
    public var filtered: Int64 = 0
    public var duplicates: Int64 = 0
}
