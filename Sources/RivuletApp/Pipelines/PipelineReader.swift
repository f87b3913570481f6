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
    let template: ColumnBatch
    let depth: Int
    private let pool: OrderedWorkPool<any SourceChunk, DecodedChunk, JSONBatchDecoder>?
    private let inlineDecoder: JSONBatchDecoder?

    /// Chunks read ahead by default: two per core, so that every decoding thread has one
    /// queued while the pipeline task takes another.
    static var defaultDepth: Int { 2 * cores }
    static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    init(source: any PipelineSource, decoder makeDecoder: @escaping @Sendable () -> JSONBatchDecoder, template: ColumnBatch, depth: Int) {
        self.source = source
        self.template = template
        self.depth = max(0, depth)
        if depth > 0 {
            inlineDecoder = nil
            pool = OrderedWorkPool(workers: Self.cores - 1, makeScratch: makeDecoder) { chunk, decoder in
                var batch = template.emptyCopy()
                let unreadable = chunk.decode(with: decoder, into: &batch)
                return DecodedChunk(partition: chunk.partition, batch: batch, unreadable: unreadable)
            }
        } else {
            inlineDecoder = makeDecoder()
            pool = nil
        }
    }

    /// The next decoded chunk in source order, or nil when the source is caught up and
    /// nothing is decoding. Reads ahead up to `depth` chunks first.
    mutating func next() async throws -> DecodedChunk? {
        guard let pool else {
            guard let chunk = try source.nextChunk(), let decoder = inlineDecoder else { return nil }
            var batch = template.emptyCopy()
            let unreadable = chunk.decode(with: decoder, into: &batch)
            return DecodedChunk(partition: chunk.partition, batch: batch, unreadable: unreadable)
        }
        while pool.inFlight < depth, let chunk = try source.nextChunk() { pool.submit(chunk) }
        guard pool.inFlight > 0 else { return nil }
        return await pool.next()
    }
}
