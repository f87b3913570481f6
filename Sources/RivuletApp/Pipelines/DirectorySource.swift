import Foundation
import RivuletCore
import StreamEngine

/// Reads a directory into which JSON files (`*.json`, `*.jsonl`, `*.ndjson`, one event per
/// line) are dropped, as seed 003's file stream: each file exactly once, across restarts.
///
/// Every file gets a range of offsets (one per line, blank lines included) on the source's
/// single partition 0, in the order files are found (by name within one listing). Before any
/// line of a file is read, the file and its range are appended to the pipeline's file list
/// (`<checkpoints>/<pipeline>/files`, rewritten atomically). The checkpoint holds the next
/// offset, as for a topic, so a restart resumes mid-file and never reads a listed file twice;
/// files not yet listed are new. A file is listed only once its size is the same on two
/// looks, so a file still being copied is not read half-written. Files modified after being
/// read are not read again.
///
/// Owned by the pipeline task; blocking file I/O runs on it.
public struct DirectorySource: PipelineSource {
    struct Entry: Hashable {
        var name: String
        var firstOffset: Int64
        var lineCount: Int64
        var end: Int64 { firstOffset + lineCount }
    }

    public static let extensions = [".json", ".jsonl", ".ndjson"]
    /// Larger files are dead-lettered whole rather than read into memory.
    public var maxFileBytes = 512 << 20
    public var maxBytesPerRead = 1 << 20
    public let directory: String
    let listPath: String
    var entries: [Entry]
    /// Sizes of unlisted files at the previous look.
    var seenSizes: [String: Int] = [:]
    public private(set) var nextOffset: Int64
    /// The file being read, its bytes, and where the next line starts.
    var current: (entry: Entry, bytes: [UInt8], position: Int)?

    public init(directory: String, checkpointDirectory: String, from offsets: [Int32: Int64]) throws {
        self.directory = directory
        // Created up front so that users see where to drop files.
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let listPath = checkpointDirectory + "/files"
        self.listPath = listPath
        let text = try AtomicFile.read(listPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
        entries = try text.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", maxSplits: 2)
            guard parts.count == 3, let first = Int64(parts[0]), let count = Int64(parts[1]) else {
                throw RivuletError(
                    .io, "the file list \(listPath) is damaged; reset it with: rivulet clean --checkpoints --pipeline NAME")
            }
            return Entry(name: String(parts[2]), firstOffset: first, lineCount: count)
        }
        nextOffset = offsets[0] ?? 0
    }

    /// The listed files are one partition whose offsets are line numbers.
    public var positions: [(partition: Int32, logEnd: Int64, next: Int64)] {
        [(0, max(nextOffset, entries.last?.end ?? 0), nextOffset)]
    }

    /// The next lines of the current file (up to `maxBytesPerRead`, whole lines), or a file
    /// that cannot be read, or nil when every listed and new file has been read.
    public mutating func nextChunk() throws -> (any SourceChunk)? {
        if current == nil, let unreadable = try openNext() { return UnreadableChunk(input: unreadable) }
        guard let (entry, bytes, start) = current else { return nil }
        var position = start
        // Up to maxBytesPerRead, cut after a newline (or at the end of the file).
        var end = min(bytes.count, position + maxBytesPerRead)
        if end < bytes.count {
            var cut = end
            while cut > position, bytes[cut - 1] != 0x0A { cut -= 1 }
            if cut > position { end = cut } else { while end < bytes.count, bytes[end - 1] != 0x0A { end += 1 } }
        }
        let chunk = LinesChunk(lines: Array(bytes[position..<end]), firstOffset: nextOffset)
        nextOffset += Self.lineCount(chunk.lines[...])
        position = end
        current = position < bytes.count ? (entry, bytes, position) : nil
        if current == nil { nextOffset = max(nextOffset, entry.end) }
        return chunk
    }

    /// Opens the first listed file with unread lines, listing new files first if none.
    /// Returns the first file that cannot be read (which is then behind the position).
    mutating func openNext() throws -> UnreadableInput? {
        if !entries.contains(where: { $0.end > nextOffset }) { try listNewFiles() }
        while let entry = entries.first(where: { $0.end > nextOffset }) {
            let path = directory + "/" + entry.name
            guard let bytes = try? AtomicFile.read(path), bytes.count <= maxFileBytes else {
                nextOffset = entry.end
                return UnreadableInput(
                    partition: 0, baseOffset: entry.firstOffset, lastOffset: entry.end - 1,
                    code: "unreadable-file", error: "file \(path) is gone or larger than \(maxFileBytes) bytes", bytes: [])
            }
            // Resume after the lines already read (a restart in the middle of the file).
            var position = 0
            var skip = nextOffset - entry.firstOffset
            while skip > 0, position < bytes.count {
                if bytes[position] == 0x0A { skip -= 1 }
                position += 1
            }
            nextOffset = max(nextOffset, entry.firstOffset)
            if position < bytes.count {
                current = (entry, bytes, position)
                return nil
            }
            nextOffset = entry.end
        }
        return nil
    }

    /// Lists files that are new and whose size did not change since the previous look.
    mutating func listNewFiles() throws {
        let known = Set(entries.map(\.name))
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { name in !name.hasPrefix(".") && !known.contains(name) && Self.extensions.contains { name.hasSuffix($0) } }
            .sorted()
        var added = false
        for name in names {
            let path = directory + "/" + name
            guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else { continue }
            defer { seenSizes[name] = size }
            guard seenSizes[name] == size, size > 0, let bytes = try? AtomicFile.read(path), bytes.count == size else { continue }
            let first = entries.last?.end ?? 0
            entries.append(Entry(name: name, firstOffset: max(first, nextOffset), lineCount: Self.lineCount(bytes[...])))
            added = true
        }
        guard added else { return }
        let text = entries.map { "\($0.firstOffset)\t\($0.lineCount)\t\($0.name)\n" }.joined()
        try AtomicFile.write(Array(text.utf8), to: listPath)
        let listed = Set(entries.map(\.name))
        seenSizes = seenSizes.filter { !listed.contains($0.key) }
    }

    /// Lines as the decoder counts them: one per newline, plus an unterminated last line.
    static func lineCount(_ bytes: ArraySlice<UInt8>) -> Int64 {
        var n: Int64 = 0
        for b in bytes where b == 0x0A { n += 1 }
        if let last = bytes.last, last != 0x0A { n += 1 }
        return n
    }

    /// Files are polled: sleeps until the deadline (the pipeline's tick), or a shutdown.
    public func waitForData<C: Clock>(until deadline: C.Instant, clock: C) async throws where C.Duration == Duration {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await clock.sleep(until: deadline, tolerance: nil) }
            group.addTask { try await PipelineShutdown.wait() }
            defer { group.cancelAll() }
            _ = try await group.next()
        }
    }
}
