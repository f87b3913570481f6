import RivuletCore

/// How Parquet files are laid out. Defaults follow pyarrow's so files compare like for like.
public struct ParquetWriterOptions: Hashable, Sendable {
    public var compression: LakeCompression = .snappy
    /// Rows are buffered until their in-memory size reaches this, then written as one row group.
    public var rowGroupSize: ByteCount = .mebibytes(64)
    public var pageSize: ByteCount = .mebibytes(1)
    /// Strings use a dictionary until its PLAIN size passes this; then the chunk is PLAIN.
    public var dictionaryPageSizeLimit: ByteCount = .mebibytes(1)
    public var dictionaryEnabled = true
    public var createdBy = "rivulet version 0.1.0 (build rivulet)"
    public init() {}
}

/// One encoded column chunk: its bytes (pages) and its footer metadata.
struct EncodedColumnChunk {
    var bytes: [UInt8]
    var metaData: ColumnMetaData
    var statistics: ColumnStatistics
    var uncompressedSize: Int64
}

/// Encodes one leaf of one row group into pages: an optional PLAIN dictionary page, then
/// data pages (v1) of levels and values, each compressed on its own.
struct ColumnWriter {
    let descriptor: ParquetColumnDescriptor
    let options: ParquetWriterOptions

    func encode(_ leaf: LeafColumn, at fileOffset: Int64) throws -> EncodedColumnChunk {
        let codec = options.compression.codec
        var meta = ColumnMetaData(type: descriptor.physicalType, pathInSchema: descriptor.path, codec: codec)
        meta.numValues = Int64(leaf.count)
        var out: [UInt8] = []
        var uncompressedTotal: Int64 = 0
        var chunkStats = ColumnStatistics()

        var dictionary: Dictionary? = nil
        if options.dictionaryEnabled, case .byteArray(let strings) = leaf.values {
            dictionary = Dictionary.build(
                strings, present: presentMask(leaf), limit: Int(options.dictionaryPageSizeLimit.rawValue))
        }
        if let dictionary {
            var body: [UInt8] = []
            PlainEncoding.encode(.byteArray(dictionary.values), into: &body)
            var header = PageHeader(type: .dictionaryPage, uncompressedPageSize: 0, compressedPageSize: 0)
            header.dictionaryPageHeader = DictionaryPageHeader(numValues: Int32(dictionary.values.count))
            meta.dictionaryPageOffset = fileOffset
            uncompressedTotal += try appendPage(header, body, codec, &out)
            meta.encodings = [.plain, .rle, .rleDictionary]
        } else {
            meta.encodings = [.plain, .rle]
        }
        meta.dataPageOffset = fileOffset + Int64(out.count)
        for range in pageRanges(leaf) {
            let (header, body, stats) = try dataPage(leaf, range, dictionary)
            chunkStats.merge(stats)
            uncompressedTotal += try appendPage(header, body, codec, &out)
        }
        meta.totalUncompressedSize = uncompressedTotal
        meta.totalCompressedSize = Int64(out.count)
        meta.statistics = Self.footerStatistics(chunkStats)
        return EncodedColumnChunk(
            bytes: out, metaData: meta, statistics: chunkStats, uncompressedSize: uncompressedTotal)
    }

    /// Appends header + compressed body; returns the uncompressed size including the header.
    private func appendPage(_ header: PageHeader, _ body: [UInt8], _ codec: CompressionCodec, _ out: inout [UInt8])
        throws -> Int64
    {
        let compressed = try PageCompression.compress(body, codec)
        guard body.count <= Int32.max, compressed.count <= Int32.max else {
            throw LakehouseError(.invalidArgument, "a Parquet page exceeds 2 GiB; lower the page size")
        }
        var h = header
        h.uncompressedPageSize = Int32(body.count)
        h.compressedPageSize = Int32(compressed.count)
        let headerBytes = h.encoded()
        out.append(contentsOf: headerBytes)
        out.append(contentsOf: compressed)
        return Int64(headerBytes.count + body.count)
    }

    private func presentMask(_ leaf: LeafColumn) -> [Bool]? {
        guard let defs = leaf.definitionLevels else { return nil }
        let maxDef = UInt8(descriptor.maxDefinitionLevel)
        return defs.map { $0 == maxDef }
    }

    /// Page boundaries by estimated value bytes; with repetition a page starts on a new row.
    private func pageRanges(_ leaf: LeafColumn) -> [Range<Int>] {
        let n = leaf.count
        guard n > 0 else { return [0..<0] }
        let bytes: Int
        switch leaf.values {
        case .boolean: bytes = n / 8 + 1
        case .int32: bytes = n * 4
        case .int64, .double: bytes = n * 8
        case .byteArray(let v): bytes = v.reduce(0) { $0 + $1.utf8.count + 4 }
        }
        let perPage = max(1, Int(Int64(n) * options.pageSize.rawValue / Int64(max(bytes, 1))))
        var ranges: [Range<Int>] = []
        var start = 0
        while start < n {
            var end = min(n, start + perPage)
            if let reps = leaf.repetitionLevels {
                while end < n && reps[end] != 0 { end += 1 }
            }
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }

    private func dataPage(_ leaf: LeafColumn, _ range: Range<Int>, _ dictionary: Dictionary?) throws
        -> (PageHeader, [UInt8], ColumnStatistics)
    {
        var body: [UInt8] = []
        if let reps = leaf.repetitionLevels {
            appendLevels(reps[range], maxLevel: descriptor.maxRepetitionLevel, &body)
        }
        var indices: [Int]? = nil
        if let defs = leaf.definitionLevels {
            appendLevels(defs[range], maxLevel: descriptor.maxDefinitionLevel, &body)
            let maxDef = UInt8(descriptor.maxDefinitionLevel)
            indices = range.filter { defs[$0] == maxDef }
        }
        let present = indices.map { leaf.values.gather($0) } ?? leaf.values.slice(range)
        var stats = ColumnStatistics(nullCount: Int64(range.count - present.count))
        if let (lo, hi) = present.minMax() {
            stats.min = lo
            stats.max = hi
        }
        let encoding: Encoding
        if let dictionary, case .byteArray(let strings) = present {
            encoding = .rleDictionary
            let ids = strings.map { dictionary.ids[$0] ?? 0 }
            let width = RLEHybrid.bitWidth(UInt64(max(dictionary.values.count - 1, 0)))
            body.append(UInt8(width))
            body.append(contentsOf: RLEHybrid.encode(ids, bitWidth: width))
        } else {
            encoding = .plain
            PlainEncoding.encode(present, into: &body)
        }
        var header = PageHeader(type: .dataPage, uncompressedPageSize: 0, compressedPageSize: 0)
        var dataHeader = DataPageHeader(numValues: Int32(range.count), encoding: encoding)
        dataHeader.statistics = Self.footerStatistics(stats)
        header.dataPageHeader = dataHeader
        return (header, body, stats)
    }

    /// v1 levels: a 4-byte little-endian length, then the RLE/bit-packed hybrid.
    private func appendLevels(_ levels: ArraySlice<UInt8>, maxLevel: Int, _ out: inout [UInt8]) {
        let encoded = RLEHybrid.encode(Array(levels), bitWidth: RLEHybrid.bitWidth(UInt64(maxLevel)))
        let n = UInt32(encoded.count)
        for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: n >> UInt32(8 * i))) }
        out.append(contentsOf: encoded)
    }

    static func footerStatistics(_ s: ColumnStatistics) -> Statistics {
        var out = Statistics()
        out.nullCount = s.nullCount
        out.minValue = s.min?.plainBytes
        out.maxValue = s.max?.plainBytes
        return out
    }

    /// A chunk's string dictionary, or nil when it outgrows the limit (then PLAIN is smaller
    /// or close enough, and readers need not hold a huge dictionary).
    struct Dictionary {
        var values: [String] = []
        var ids: [String: UInt32] = [:]

        static func build(_ strings: [String], present: [Bool]?, limit: Int) -> Dictionary? {
            var d = Dictionary()
            var bytes = 0
            for (i, s) in strings.enumerated() where present?[i] ?? true {
                if d.ids[s] == nil {
                    d.ids[s] = UInt32(d.values.count)
                    d.values.append(s)
                    bytes += s.utf8.count + 4
                    if bytes > limit { return nil }
                }
            }
            return d
        }
    }
}
