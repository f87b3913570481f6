/// Writes 8-bit RGB PNG files (ISO/IEC 15948) without a compression library.
///
/// The image data goes in a zlib stream of *stored* deflate blocks (RFC 1950/1951, BTYPE 00):
/// every decoder reads them, and camera snapshots are small, so skipping compression costs
/// a few kilobytes and saves a dependency. Layout: signature, IHDR, one IDAT, IEND; each chunk
/// is length, type, data, CRC-32 (IEEE) of type and data.
public enum PNGEncoder {
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// The largest payload of one stored deflate block.
    static let maximumStoredBlock = 65_535

    public static func encode(_ image: RGBImage) -> [UInt8] {
        var png = signature
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(image.width))
        header.appendBigEndian(UInt32(image.height))
        header += [8, 2, 0, 0, 0]  // bit depth 8, colour type 2 (RGB), deflate, no filter, no interlace
        appendChunk("IHDR", header, to: &png)
        appendChunk("IDAT", zlibStored(scanlines(image)), to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    /// Each row preceded by filter type 0 (none).
    static func scanlines(_ image: RGBImage) -> [UInt8] {
        let rowBytes = image.width * 3
        var raw: [UInt8] = []
        raw.reserveCapacity((rowBytes + 1) * image.height)
        for row in 0..<image.height {
            raw.append(0)
            raw.append(contentsOf: image.pixels[row * rowBytes..<(row + 1) * rowBytes])
        }
        return raw
    }

    /// A zlib stream holding `data` in stored blocks, ending with its Adler-32.
    public static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        // CMF 0x78 (deflate, 32 KiB window), FLG 0x01 makes CMF·256+FLG divisible by 31.
        var out: [UInt8] = [0x78, 0x01]
        out.reserveCapacity(data.count + data.count / maximumStoredBlock * 5 + 16)
        var start = 0
        repeat {
            let end = min(start + maximumStoredBlock, data.count)
            let length = UInt16(end - start)
            out.append(end == data.count ? 1 : 0)  // BFINAL on the last block, BTYPE 00
            out.append(UInt8(length & 0xFF))
            out.append(UInt8(length >> 8))
            out.append(UInt8(~length & 0xFF))
            out.append(UInt8(~length >> 8))
            out.append(contentsOf: data[start..<end])
            start = end
        } while start < data.count
        out.appendBigEndian(Adler32.checksum(data))
        return out
    }

    static func appendChunk(_ type: StaticString, _ data: [UInt8], to png: inout [UInt8]) {
        let typeBytes = type.withUTF8Buffer { Array($0) }
        png.appendBigEndian(UInt32(data.count))
        png.append(contentsOf: typeBytes)
        png.append(contentsOf: data)
        png.appendBigEndian(CRC32IEEE.update(CRC32IEEE.checksum(typeBytes), data))
    }
}

extension [UInt8] {
    mutating func appendBigEndian(_ value: UInt32) {
        append(UInt8(value >> 24))
        append(UInt8(value >> 16 & 0xFF))
        append(UInt8(value >> 8 & 0xFF))
        append(UInt8(value & 0xFF))
    }
}
