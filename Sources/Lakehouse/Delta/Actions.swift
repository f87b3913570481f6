/// The Delta log actions Rivulet writes and reads (PROTOCOL.md "Actions"). Unknown actions
/// are kept by name so a replay can skip them; features they imply are checked separately.
public struct DeltaProtocol: Hashable, Sendable {
    public var minReaderVersion: Int
    public var minWriterVersion: Int
    public var readerFeatures: [String]?
    public var writerFeatures: [String]?
    public init(
        minReaderVersion: Int = 1, minWriterVersion: Int = 2, readerFeatures: [String]? = nil,
        writerFeatures: [String]? = nil
    ) {
        self.minReaderVersion = minReaderVersion
        self.minWriterVersion = minWriterVersion
        self.readerFeatures = readerFeatures
        self.writerFeatures = writerFeatures
    }
}

public struct DeltaMetadata: Hashable, Sendable {
    public var id: String
    public var name: String?
    public var description: String?
    public var formatProvider = "parquet"
    public var formatOptions: [String: String] = [:]
    public var schemaString: String
    public var partitionColumns: [String]
    public var configuration: [String: String] = [:]
    public var createdTime: Int64?
    public init(id: String, schemaString: String, partitionColumns: [String], createdTime: Int64?) {
        self.id = id
        self.schemaString = schemaString
        self.partitionColumns = partitionColumns
        self.createdTime = createdTime
    }
}

public struct AddFile: Hashable, Sendable {
    /// Relative to the table root and URI-encoded, as the protocol stores it.
    public var path: String
    /// A missing key or a nil value is a null partition value.
    public var partitionValues: [String: String?]
    public var size: Int64
    public var modificationTime: Int64
    public var dataChange: Bool
    /// The per-file statistics as a JSON string (numRecords, minValues, maxValues, nullCount).
    public var stats: String?
    public var tags: [String: String]?
    /// True when the action carries a deletion vector, which Rivulet cannot apply.
    public var hasDeletionVector = false
    public init(
        path: String, partitionValues: [String: String?], size: Int64, modificationTime: Int64, dataChange: Bool,
        stats: String?
    ) {
        self.path = path
        self.partitionValues = partitionValues
        self.size = size
        self.modificationTime = modificationTime
        self.dataChange = dataChange
        self.stats = stats
    }
}

public struct RemoveFile: Hashable, Sendable {
    public var path: String
    public var deletionTimestamp: Int64?
    public var dataChange: Bool
    public var extendedFileMetadata: Bool?
    public var partitionValues: [String: String?]?
    public var size: Int64?
    public init(path: String, deletionTimestamp: Int64?, dataChange: Bool) {
        self.path = path
        self.deletionTimestamp = deletionTimestamp
        self.dataChange = dataChange
    }
}

/// `txn`: the last version an application committed, for exactly-once sinks (DESIGN §6).
public struct DeltaTxn: Hashable, Sendable {
    public var appId: String
    public var version: Int64
    public var lastUpdated: Int64?
    public init(appId: String, version: Int64, lastUpdated: Int64? = nil) {
        self.appId = appId
        self.version = version
        self.lastUpdated = lastUpdated
    }
}

public struct DeltaCommitInfo: Hashable, Sendable {
    public var timestamp: Int64?
    public var operation: String?
    public var operationParameters: [String: String] = [:]
    public var operationMetrics: [String: Int64] = [:]
    public var readVersion: Int64?
    public var isBlindAppend: Bool?
    public var engineInfo: String?
    public init(timestamp: Int64?, operation: String?) {
        self.timestamp = timestamp
        self.operation = operation
    }
}

public enum DeltaAction: Hashable, Sendable {
    case `protocol`(DeltaProtocol)
    case metaData(DeltaMetadata)
    case add(AddFile)
    case remove(RemoveFile)
    case txn(DeltaTxn)
    case commitInfo(DeltaCommitInfo)
    /// Any other action (cdc, domainMetadata, …), by its key.
    case other(String)
}
