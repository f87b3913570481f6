import Foundation
import ServiceLifecycle
import Synchronization

/// Watches `aggregates/latest.json` and re-reads it when the file changes.
///
/// The snapshot sink replaces the file by atomic rename, so a change shows up as a new inode,
/// size or modification time; polling `stat` is cheap and works on every file system
/// (inotify is Linux-only and misses renames across some mounts). Each new document is
/// yielded on `documents`; the service ends the stream when it stops. Inside `rivulet up` the
/// pipeline also `offer`s each document it writes, so the page does not wait for the next poll.
public final class SnapshotWatcher: Service, Sendable {
    public let path: String
    public let interval: Duration
    private let latest = Mutex<(stamp: FileStamp?, bytes: [UInt8]?)>((nil, nil))
    public let documents: AsyncStream<[UInt8]>
    private let continuation: AsyncStream<[UInt8]>.Continuation

    struct FileStamp: Equatable {
        var inode: UInt64
        var size: Int64
        var modified: Date
    }

    public init(path: String, interval: Duration = .milliseconds(100)) {
        self.path = path
        self.interval = interval
        (documents, continuation) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .bufferingNewest(1))
        _ = check()
    }

    /// The last document read; nil while the file does not exist.
    public var current: [UInt8]? { latest.withLock { $0.bytes } }

    public func run() async throws {
        defer { continuation.finish() }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if let document = check() { continuation.yield(document) }
            try? await Task.sleep(for: interval)
        }
    }

    /// A document just written to `path` by this process; yielded at once unless it is the
    /// current one. Documents for other paths are ignored.
    public func offer(_ bytes: [UInt8], path: String) {
        guard path == self.path else { return }
        let isNew = latest.withLock { state -> Bool in
            guard state.bytes != bytes else { return false }
            state.bytes = bytes
            return true
        }
        if isNew { continuation.yield(bytes) }
    }

    /// Re-reads the file if its stamp changed; returns the new bytes then, unless they were
    /// already offered.
    func check() -> [UInt8]? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        let stamp = FileStamp(
            inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0,
            size: (attributes[.size] as? NSNumber)?.int64Value ?? 0,
            modified: attributes[.modificationDate] as? Date ?? .distantPast)
        guard latest.withLock({ $0.stamp != stamp }) else { return nil }
        // A file caught between open and rename is read next time round.
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = Array(data)
        let isNew = latest.withLock { state -> Bool in
            defer { state = (stamp, bytes) }
            return state.bytes != bytes
        }
        return isNew ? bytes : nil
    }
}
