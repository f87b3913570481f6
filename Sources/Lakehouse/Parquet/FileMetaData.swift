/// The Parquet footer structures this package writes and reads (parquet.thrift), with only
/// the fields Rivulet uses; everything else is skipped on read.
public enum PhysicalType: Int32, Sendable {
    case boolean = 0
    case int32 = 1
    case int64 = 2
    case int96 = 3
    case float = 4
    case double = 5
    case byteArray = 6
    case fixedLenByteArray = 7
}

public enum Repetition: Int32, Sendable {
    case required = 0
    case optional = 1
    case repeated = 2
}

public enum ConvertedType: Int32, Sendable {
    case utf8 = 0
    case map = 1
    case mapKeyValue = 2
    case list = 3
    case date = 6
    case timestampMillis = 9
    case timestampMicros = 10
}

public enum Encoding: Int32, Sendable {
    case plain = 0
    case plainDictionary = 2
    case rle = 3
    case bitPacked = 4
    case deltaBinaryPacked = 5
    case deltaLengthByteArray = 6
    case deltaByteArray = 7
    case rleDictionary = 8
    case byteStreamSplit = 9
}

public enum CompressionCodec: Int32, Sendable {
    case uncompressed = 0
    case snappy = 1
    case gzip = 2
    case lzo = 3
    case brotli = 4
    case lz4 = 5
    case zstd = 6
    case lz4Raw = 7
}

public enum PageType: Int32, Sendable {
    case dataPage = 0
    case indexPage = 1
    case dictionaryPage = 2
    case dataPageV2 = 3
}

public enum TimeUnit: Int32, Sendable {
    case millis = 1
    case micros = 2
    case nanos = 3
}

/// The subset of `LogicalType` Rivulet writes; anything else reads as `.other`.
public enum LogicalType: Hashable, Sendable {
    case string
    case map
    case list
    case date
    case timestamp(isAdjustedToUTC: Bool, unit: TimeUnit)
    case other(Int16)
}

public struct Statistics: Hashable, Sendable {
    public var max: [UInt8]?
    public var min: [UInt8]?
    public var nullCount: Int64?
    public var distinctCount: Int64?
    public var maxValue: [UInt8]?
    public var minValue: [UInt8]?
    public init() {}
}

public struct SchemaElement: Hashable, Sendable {
    public var type: PhysicalType?
    public var typeLength: Int32?
    public var repetition: Repetition?
    public var name: String
    public var numChildren: Int32?
    public var convertedType: ConvertedType?
    public var logicalType: LogicalType?
    public init(name: String) { self.name = name }
}

public struct KeyValue: Hashable, Sendable {
    public var key: String
    public var value: String?
    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }
}

public struct ColumnMetaData: Hashable, Sendable {
    public var type: PhysicalType
    public var encodings: [Encoding]
    public var pathInSchema: [String]
    public var codec: CompressionCodec
    public var numValues: Int64
    public var totalUncompressedSize: Int64
    public var totalCompressedSize: Int64
    public var dataPageOffset: Int64
    public var dictionaryPageOffset: Int64?
    public var statistics: Statistics?
    public init(type: PhysicalType, pathInSchema: [String], codec: CompressionCodec) {
        self.type = type
        self.encodings = []
        self.pathInSchema = pathInSchema
        self.codec = codec
        self.numValues = 0
        self.totalUncompressedSize = 0
        self.totalCompressedSize = 0
        self.dataPageOffset = 0
    }
}

public struct ColumnChunk: Hashable, Sendable {
    public var filePath: String?
    public var fileOffset: Int64
    public var metaData: ColumnMetaData?
    public init(fileOffset: Int64, metaData: ColumnMetaData?) {
        self.fileOffset = fileOffset
        self.metaData = metaData
    }
}

public struct RowGroup: Hashable, Sendable {
    public var columns: [ColumnChunk]
    public var totalByteSize: Int64
    public var numRows: Int64
    public var fileOffset: Int64?
    public var totalCompressedSize: Int64?
    public var ordinal: Int16?
    public init(columns: [ColumnChunk], totalByteSize: Int64, numRows: Int64) {
        self.columns = columns
        self.totalByteSize = totalByteSize
        self.numRows = numRows
    }
}

public struct FileMetaData: Hashable, Sendable {
    public var version: Int32
    public var schema: [SchemaElement]
    public var numRows: Int64
    public var rowGroups: [RowGroup]
    public var keyValueMetadata: [KeyValue]?
    public var createdBy: String?
    /// One entry per leaf column; `true` means TYPE_DEFINED_ORDER, which tells readers that
    /// `min_value`/`max_value` follow the logical type's order (unsigned bytes for strings).
    public var columnOrders: [Bool]?
    public init(version: Int32 = 1, schema: [SchemaElement], numRows: Int64, rowGroups: [RowGroup]) {
        self.version = version
        self.schema = schema
        self.numRows = numRows
        self.rowGroups = rowGroups
    }
}

public struct DataPageHeader: Hashable, Sendable {
    public var numValues: Int32
    public var encoding: Encoding
    public var definitionLevelEncoding: Encoding = .rle
    public var repetitionLevelEncoding: Encoding = .rle
    public var statistics: Statistics?
    public init(numValues: Int32, encoding: Encoding) {
        self.numValues = numValues
        self.encoding = encoding
    }
}

public struct DataPageHeaderV2: Hashable, Sendable {
    public var numValues: Int32
    public var numNulls: Int32
    public var numRows: Int32
    public var encoding: Encoding
    public var definitionLevelsByteLength: Int32
    public var repetitionLevelsByteLength: Int32
    public var isCompressed: Bool = true
    public var statistics: Statistics?
}

public struct DictionaryPageHeader: Hashable, Sendable {
    public var numValues: Int32
    public var encoding: Encoding
    public var isSorted: Bool?
    public init(numValues: Int32, encoding: Encoding = .plain) {
        self.numValues = numValues
        self.encoding = encoding
    }
}

public struct PageHeader: Hashable, Sendable {
    public var type: PageType
    public var uncompressedPageSize: Int32
    public var compressedPageSize: Int32
    public var crc: Int32?
    public var dataPageHeader: DataPageHeader?
    public var dictionaryPageHeader: DictionaryPageHeader?
    public var dataPageHeaderV2: DataPageHeaderV2?
    public init(type: PageType, uncompressedPageSize: Int32, compressedPageSize: Int32) {
        self.type = type
        self.uncompressedPageSize = uncompressedPageSize
        self.compressedPageSize = compressedPageSize
    }
}
