import ZstdRuntime

/// Kafka's zstd codec: one zstd frame (RFC 8878) over the records section, through the system
/// libzstd loaded at run time (`ZstdRuntime`). We write level 3, Kafka's default; we read any
/// sequence of frames, with or without a content size (librdkafka streams without one), and
/// skippable frames.
enum ZstdCodec {
    static let level: Int32 = 3

    /// Nil when libzstd is loadable; otherwise the error that says what to install.
    static var unavailable: KafkaClientError? {
        guard rivulet_zstd_load() == 0 else { return nil }
        let reason = rivulet_zstd_load_error().map { String(cString: $0) } ?? "not found"
        return KafkaClientError(
            .unsupportedCompression,
            "zstd compression needs the system library libzstd.so.1, which could not be loaded (\(reason)); "
                + "install it (Debian/Ubuntu: `apt-get install libzstd1`) or use compression none, gzip, snappy or lz4")
    }

    static func compress(_ payload: [UInt8]) throws(KafkaClientError) -> [UInt8] {
        if let unavailable { throw unavailable }
        let bound = rivulet_zstd_compress_bound(payload.count)
        var result = 0
        let out = [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            result = payload.withUnsafeBytes { source in
                rivulet_zstd_compress(buffer.baseAddress, bound, source.baseAddress, source.count, level)
            }
            count = rivulet_zstd_is_error(result) != 0 ? 0 : result
        }
        guard rivulet_zstd_is_error(result) == 0 else { throw failure("zstd compression failed", result) }
        return out
    }

    /// Decodes at most `maxOutputBytes`; input that inflates beyond it is refused before the
    /// output grows past the cap.
    static func decompress(_ payload: [UInt8], maxOutputBytes: Int) throws(KafkaClientError) -> [UInt8] {
        if let unavailable { throw unavailable }
        guard !payload.isEmpty else { return [] }
        guard let context = rivulet_zstd_create_dctx() else {
            throw KafkaClientError(.io, "zstd could not allocate a decompression context (out of memory)")
        }
        defer { rivulet_zstd_free_dctx(context) }
        return try payload.withUnsafeBufferPointer { (source) throws(KafkaClientError) -> [UInt8] in
            try checkFrames(UnsafeRawBufferPointer(source))
            var input = rivulet_zstd_in_buffer(src: source.baseAddress, size: source.count, pos: 0)
            return try drain(context, &input, maxOutputBytes: maxOutputBytes)
        }
    }

    /// Walks the frame headers and block sizes so that truncated or trailing bytes are refused
    /// up front (the streaming decoder alone cannot always tell a cut frame from a whole one).
    private static func checkFrames(_ source: UnsafeRawBufferPointer) throws(KafkaClientError) {
        var position = 0
        while position < source.count {
            let size = rivulet_zstd_frame_compressed_size(source.baseAddress! + position, source.count - position)
            guard rivulet_zstd_is_error(size) == 0 else { throw failure("a zstd batch is not whole zstd frames", size) }
            position += size
        }
    }

    /// Runs the streaming decoder until the input is consumed and every frame is flushed,
    /// doubling the output up to `maxOutputBytes + 1` (one byte more means "too large").
    private static func drain(
        _ context: UnsafeMutableRawPointer, _ input: inout rivulet_zstd_in_buffer, maxOutputBytes: Int
    ) throws(KafkaClientError) -> [UInt8] {
        let limit = maxOutputBytes + 1
        var out = [UInt8](repeating: 0, count: min(limit, max(4096, input.size * 4)))
        var produced = 0
        while true {
            if produced == out.count {
                guard out.count < limit else { break }
                out.append(contentsOf: repeatElement(0, count: min(limit, out.count * 2) - out.count))
            }
            let consumedBefore = input.pos
            let producedBefore = produced
            let hint = out.withUnsafeMutableBytes { target in
                var output = rivulet_zstd_out_buffer(dst: target.baseAddress! + produced, size: target.count - produced, pos: 0)
                defer { produced += output.pos }
                return rivulet_zstd_decompress_stream(context, &output, &input)
            }
            guard rivulet_zstd_is_error(hint) == 0 else { throw failure("a zstd batch does not decompress", hint) }
            let outputFull = produced == out.count
            if input.pos == input.size && !outputFull { break }
            if input.pos == consumedBefore && produced == producedBefore && !outputFull { break }
        }
        guard produced <= maxOutputBytes else {
            throw KafkaClientError(.corruptCompressedData, "a zstd batch inflates past \(maxOutputBytes) bytes")
        }
        guard input.pos == input.size else {
            throw KafkaClientError(.corruptCompressedData, "a zstd batch stops decoding before its end")
        }
        out.removeSubrange(produced...)
        return out
    }

    private static func failure(_ context: String, _ code: Int) -> KafkaClientError {
        KafkaClientError(.corruptCompressedData, "\(context): \(String(cString: rivulet_zstd_error_name(code)))")
    }
}
