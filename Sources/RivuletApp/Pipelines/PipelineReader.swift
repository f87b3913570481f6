import Foundation
import StreamEngine

/// A pipeline's source read ahead and decoded on other threads: up to `depth` chunks are
/// read and queued on an `OrderedWorkPool` (a `JSONBatchDecoder` per worker), decoded on one
/// thread per core but one while the pipeline task processes the previous chunk (and decodes
/// queued ones itself when it would otherwise wait), and come back in the order they were
/// read, so the operator sees exactly what a one-thread read would give it. With `depth` 0
/// every chunk is decoded inline on the caller's thread.
///
/// Decoding is ~60% of a windowed pipeline's CPU, so decoding beside the aggregating task is
/// what lets one pipeline use both cores of this machine.
struct PipelineReader {
    var source: any PipelineSource
    let depth: Int
    private let pool: OrderedWorkPool<any SourceChunk, DecodedChunk, JSONBatchDecoder>?
    private let inline: (decoder: JSONBatchDecoder, template: ColumnBatch)?

    /// Chunks read ahead by default: two per core, so that every decoding thread has one
    /// queued while the pipeline task takes another.
    static var defaultDepth: Int { 2 * cores }
    static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Chunks decode into copies of `template` (its schema and projection).
    init(source: any PipelineSource, template: ColumnBatch, depth: Int) {
        self.source = source
        self.depth = max(0, depth)
        let schema = template.schema
        if depth > 0 {
            inline = nil
            pool = OrderedWorkPool(workers: Self.cores - 1, makeScratch: { JSONBatchDecoder(schema: schema) }) { chunk, decoder in
                Self.decode(chunk, with: decoder, template: template)
            }
        } else {
            inline = (JSONBatchDecoder(schema: schema), template)
            pool = nil
        }
    }

    /// The next decoded chunk in source order, or nil when the source is caught up and
    /// nothing is decoding. Reads ahead up to `depth` chunks first.
    mutating func next() async throws -> DecodedChunk? {
        if let pool { return try await pool.next(keepingInFlight: depth) { try source.nextChunk() } }
        guard let inline, let chunk = try source.nextChunk() else { return nil }
        return Self.decode(chunk, with: inline.decoder, template: inline.template)
    }

    private static func decode(_ chunk: any SourceChunk, with decoder: JSONBatchDecoder, template: ColumnBatch) -> DecodedChunk {
        var batch = template.emptyCopy()
        let unreadable = chunk.decode(with: decoder, into: &batch)
        return DecodedChunk(partition: chunk.partition, batch: batch, unreadable: unreadable)
    }
}
