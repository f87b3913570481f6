/// Decodes the pages of one column chunk into a `LeafColumn`.
struct ColumnChunkReader {
    let descriptor: ParquetColumnDescriptor
    let meta: ColumnMetaData
    let bytes: [UInt8]
    private var dictionary: LeafValues?

    init(descriptor: ParquetColumnDescriptor, meta: ColumnMetaData, bytes: [UInt8]) {
        self.descriptor = descriptor
        self.meta = meta
        self.bytes = bytes
    }

    static func corrupt(_ what: String) -> LakehouseError { LakehouseError(.corruptFile, what) }

    mutating func read() throws -> LeafColumn {
        guard meta.type == descriptor.physicalType else { throw Self.corrupt("column chunk type differs from schema") }
        var start = meta.dataPageOffset
        // Some writers set a zero dictionary offset when there is none; trust it only if sane.
        if let d = meta.dictionaryPageOffset, d > 0, d < start { start = d }
        let end = start + meta.totalCompressedSize
        guard start >= 4, meta.totalCompressedSize >= 0, end <= Int64(bytes.count) - 8 else {
            throw Self.corrupt("column chunk \(descriptor.path.joined(separator: ".")) lies outside the file")
        }
        guard meta.numValues >= 0, meta.numValues <= Int64(bytes.count) * 8 + 1 else {
            throw Self.corrupt("implausible value count \(meta.numValues)")
        }
        var parts: [LeafColumn] = []
        var read: Int64 = 0
        var p = Int(start)
        while read < meta.numValues && p < Int(end) {
            var r = CompactReader(bytes, position: p)
            let header = try PageHeader.decode(&r)
            let bodyStart = r.position
            let bodyEnd = bodyStart + Int(header.compressedPageSize)
            guard bodyEnd <= Int(end) else { throw Self.corrupt("page runs past its column chunk") }
            let body = Array(bytes[bodyStart..<bodyEnd])
            p = bodyEnd
            guard Int(header.uncompressedPageSize) <= ParquetFile.maxPageSize else {
                throw Self.corrupt("page of \(header.uncompressedPageSize) bytes is over the cap")
            }
            switch header.type {
            case .dictionaryPage:
                try readDictionary(header, body)
            case .dataPage:
                let page = try readDataPageV1(header, body)
                read += Int64(page.count)
                parts.append(page)
            case .dataPageV2:
                let page = try readDataPageV2(header, body)
                read += Int64(page.count)
                parts.append(page)
            case .indexPage:
                continue
            }
        }
        guard read == meta.numValues else {
            throw Self.corrupt("column chunk holds \(read) values, metadata says \(meta.numValues)")
        }
        return try LeafColumn.concatenate(parts, descriptor: descriptor)
    }

    private mutating func readDictionary(_ header: PageHeader, _ body: [UInt8]) throws {
        guard let h = header.dictionaryPageHeader else { throw Self.corrupt("dictionary page without its header") }
        guard h.encoding == .plain || h.encoding == .plainDictionary else {
            throw LakehouseError(.unsupportedFeature, "dictionary page encoding \(h.encoding) is not supported")
        }
        let data = try PageCompression.decompress(body, meta.codec, size: Int(header.uncompressedPageSize))
        var p = 0
        dictionary = try PlainEncoding.decode(data, &p, descriptor.physicalType, count: max(0, Int(h.numValues)))
    }

    private func readDataPageV1(_ header: PageHeader, _ body: [UInt8]) throws -> LeafColumn {
        guard let h = header.dataPageHeader, h.numValues >= 0 else {
            throw Self.corrupt("data page without its header")
        }
        let data = try PageCompression.decompress(body, meta.codec, size: Int(header.uncompressedPageSize))
        let n = Int(h.numValues)
        var p = 0
        var reps: [UInt8]? = nil
        var defs: [UInt8]? = nil
        if descriptor.maxRepetitionLevel > 0 {
            reps = try lengthPrefixedLevels(data, &p, n, descriptor.maxRepetitionLevel)
        }
        if descriptor.maxDefinitionLevel > 0 {
            defs = try lengthPrefixedLevels(data, &p, n, descriptor.maxDefinitionLevel)
        }
        return try values(data, p, n, h.encoding, reps, defs)
    }

    private func readDataPageV2(_ header: PageHeader, _ body: [UInt8]) throws -> LeafColumn {
        guard let h = header.dataPageHeaderV2, h.numValues >= 0 else {
            throw Self.corrupt("v2 page without its header")
        }
        let repLength = Int(h.repetitionLevelsByteLength)
        let defLength = Int(h.definitionLevelsByteLength)
        guard repLength >= 0, defLength >= 0, repLength + defLength <= body.count,
            repLength + defLength <= Int(header.uncompressedPageSize)
        else { throw Self.corrupt("v2 page level lengths do not fit the page") }
        let n = Int(h.numValues)
        var reps: [UInt8]? = nil
        var defs: [UInt8]? = nil
        if descriptor.maxRepetitionLevel > 0 {
            reps = try levels(body, 0..<repLength, n, descriptor.maxRepetitionLevel)
        }
        if descriptor.maxDefinitionLevel > 0 {
            defs = try levels(body, repLength..<(repLength + defLength), n, descriptor.maxDefinitionLevel)
        }
        let compressedValues = Array(body[(repLength + defLength)...])
        let valuesSize = Int(header.uncompressedPageSize) - repLength - defLength
        let data =
            h.isCompressed
            ? try PageCompression.decompress(compressedValues, meta.codec, size: valuesSize) : compressedValues
        return try values(data, 0, n, h.encoding, reps, defs)
    }

    private func lengthPrefixedLevels(_ data: [UInt8], _ p: inout Int, _ n: Int, _ maxLevel: Int) throws -> [UInt8] {
        guard data.count - p >= 4 else { throw Self.corrupt("truncated level length") }
        let length = Int(data[p]) | Int(data[p + 1]) << 8 | Int(data[p + 2]) << 16 | Int(data[p + 3]) << 24
        p += 4
        guard length <= data.count - p else { throw Self.corrupt("levels run past the page") }
        defer { p += length }
        return try levels(data, p..<(p + length), n, maxLevel)
    }

    private func levels(_ data: [UInt8], _ range: Range<Int>, _ n: Int, _ maxLevel: Int) throws -> [UInt8] {
        let decoded = try RLEHybrid.decode(data, range, bitWidth: RLEHybrid.bitWidth(UInt64(maxLevel)), count: n)
        var out = [UInt8](repeating: 0, count: n)
        for i in 0..<n {
            guard decoded[i] <= UInt32(maxLevel) else {
                throw Self.corrupt("level \(decoded[i]) over maximum \(maxLevel)")
            }
            out[i] = UInt8(decoded[i])
        }
        return out
    }

    private func values(
        _ data: [UInt8], _ start: Int, _ n: Int, _ encoding: Encoding, _ reps: [UInt8]?, _ defs: [UInt8]?
    ) throws -> LeafColumn {
        let maxDef = UInt8(descriptor.maxDefinitionLevel)
        let present = defs.map { $0.map { $0 == maxDef } }
        let nonNull = present.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? n
        var p = start
        var compact: LeafValues
        switch encoding {
        case .plain:
            compact = try PlainEncoding.decode(data, &p, descriptor.physicalType, count: nonNull)
        case .plainDictionary, .rleDictionary:
            guard let dictionary else { throw Self.corrupt("dictionary-encoded page without a dictionary page") }
            guard p < data.count || nonNull == 0 else { throw Self.corrupt("missing dictionary index bit width") }
            let width = nonNull == 0 ? 0 : Int(data[p])
            let ids =
                nonNull == 0 ? [] : try RLEHybrid.decode(data, (p + 1)..<data.count, bitWidth: width, count: nonNull)
            let dictCount = dictionary.count
            guard ids.allSatisfy({ Int($0) < dictCount }) else { throw Self.corrupt("dictionary index out of range") }
            compact = dictionary.gather(ids.map { Int($0) })
        case .rle where descriptor.physicalType == .boolean:
            guard data.count - p >= 4 else { throw Self.corrupt("truncated RLE boolean length") }
            let length = Int(data[p]) | Int(data[p + 1]) << 8 | Int(data[p + 2]) << 16 | Int(data[p + 3]) << 24
            guard length <= data.count - p - 4 else { throw Self.corrupt("RLE booleans past the page") }
            let bits = try RLEHybrid.decode(data, (p + 4)..<(p + 4 + length), bitWidth: 1, count: nonNull)
            compact = .boolean(bits.map { $0 == 1 })
        default:
            throw LakehouseError(
                .unsupportedFeature,
                "Parquet encoding \(encoding) (column \(descriptor.path.joined(separator: "."))) is not supported")
        }
        if let present { compact = compact.expanded(present) }
        return LeafColumn(values: compact, definitionLevels: defs, repetitionLevels: reps)
    }
}
