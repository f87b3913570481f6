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

/// Encodes one leaf of one row group into pages, as pyarrow does: a PLAIN dictionary page
/// when the values dictionary-encode (any physical type but BOOLEAN), data pages (v1) of
/// levels and RLE/bit-packed dictionary indices, then PLAIN data pages for the values after
/// the dictionary outgrew its limit. Pages are cut at about `pageSize` encoded bytes and each
/// is compressed on its own.
struct ColumnWriter {
    let descriptor: ParquetColumnDescriptor
    let options: ParquetWriterOptions

    func encode(_ leaf: LeafColumn, at fileOffset: Int64) throws -> EncodedColumnChunk {
        let codec = options.compression.codec
        var meta = ColumnMetaData(type: descriptor.physicalType, pathInSchema: descriptor.path, codec: codec)
        meta.numValues = Int64(leaf.count)
        let slots = PresentSlots(leaf, maxDefinitionLevel: descriptor.maxDefinitionLevel)
        let dictionary =
            options.dictionaryEnabled
            ? DictionaryEncoder.encode(
                slots.values, limit: Int(options.dictionaryPageSizeLimit.rawValue),
                allOrNothing: leaf.repetitionLevels != nil) : nil
        var out: [UInt8] = []
        var uncompressedTotal: Int64 = 0
        var chunkStats = ColumnStatistics()
        if let dictionary {
            var body: [UInt8] = []
            PlainEncoding.encode(dictionary.dictionary, into: &body)
            var header = PageHeader(type: .dictionaryPage, uncompressedPageSize: 0, compressedPageSize: 0)
            header.dictionaryPageHeader = DictionaryPageHeader(numValues: Int32(dictionary.dictionary.count))
            meta.dictionaryPageOffset = fileOffset
            uncompressedTotal += try appendPage(header, body, codec, &out)
            meta.encodings = [.plain, .rle, .rleDictionary]
        } else {
            meta.encodings = [.plain, .rle]
        }
        meta.dataPageOffset = fileOffset + Int64(out.count)
        for plan in pagePlans(leaf, slots, dictionary) {
            let (header, body, stats) = dataPage(leaf, slots, plan, plan.dictionaryEncoded ? dictionary : nil)
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

    private func dataPage(
        _ leaf: LeafColumn, _ slots: PresentSlots, _ plan: PagePlan, _ dictionary: DictionaryEncoder.Result?
    ) -> (PageHeader, [UInt8], ColumnStatistics) {
        var body: [UInt8] = []
        if let reps = leaf.repetitionLevels {
            appendLevels(reps[plan.slots], maxLevel: descriptor.maxRepetitionLevel, &body)
        }
        if let defs = leaf.definitionLevels {
            if slots.allPresent {
                appendConstantLevels(UInt8(descriptor.maxDefinitionLevel), count: plan.slots.count, &body)
            } else {
                appendLevels(defs[plan.slots], maxLevel: descriptor.maxDefinitionLevel, &body)
            }
        }
        var stats = ColumnStatistics(nullCount: Int64(plan.slots.count - plan.values.count))
        let encoding: Encoding
        if let dictionary {
            encoding = .rleDictionary
            let indices = dictionary.indices[plan.values]
            let range =
                if case .byteArray(let strings) = dictionary.dictionary {
                    Self.minMax(strings, indices)
                } else {
                    slots.values.minMax(in: plan.values)
                }
            if let (lo, hi) = range {
                stats.min = lo
                stats.max = hi
            }
            let width = dictionary.bitWidth
            body.append(UInt8(width))
            RLEHybrid.encode(indices, bitWidth: width, into: &body)
        } else {
            encoding = .plain
            if let (lo, hi) = slots.values.minMax(in: plan.values) {
                stats.min = lo
                stats.max = hi
            }
            PlainEncoding.encode(slots.values, plan.values, into: &body)
        }
        var header = PageHeader(type: .dataPage, uncompressedPageSize: 0, compressedPageSize: 0)
        var dataHeader = DataPageHeader(numValues: Int32(plan.slots.count), encoding: encoding)
        dataHeader.statistics = Self.footerStatistics(stats)
        header.dataPageHeader = dataHeader
        return (header, body, stats)
    }

    /// v1 levels: a 4-byte little-endian length, then the RLE/bit-packed hybrid.
    private func appendLevels(_ levels: ArraySlice<UInt8>, maxLevel: Int, _ out: inout [UInt8]) {
        let lengthAt = out.count
        out.append(contentsOf: [0, 0, 0, 0])
        RLEHybrid.encode(levels, bitWidth: RLEHybrid.bitWidth(UInt64(maxLevel)), into: &out)
        let n = UInt32(out.count - lengthAt - 4)
        for i in 0..<4 { out[lengthAt + i] = UInt8(truncatingIfNeeded: n >> UInt32(8 * i)) }
    }

    /// Levels that are all `level`: one RLE run.
    private func appendConstantLevels(_ level: UInt8, count: Int, _ out: inout [UInt8]) {
        var run: [UInt8] = []
        RLEHybrid.appendVarint(UInt64(count) << 1, &run)
        run.append(level)
        let n = UInt32(run.count)
        for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: n >> UInt32(8 * i))) }
        out.append(contentsOf: run)
    }

    static func footerStatistics(_ s: ColumnStatistics) -> Statistics {
        var out = Statistics()
        out.nullCount = s.nullCount
        out.minValue = s.min?.plainBytes
        out.maxValue = s.max?.plainBytes
        return out
    }
}
