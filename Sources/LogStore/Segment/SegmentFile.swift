#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One open file of a segment (log, index or time index). Closed when the last reference
/// goes, so readers holding a segment keep reading even after retention unlinked it.
final class SegmentFile: @unchecked Sendable {
    let path: String
    private let descriptor: Int32

    init(path: String, create: Bool) throws {
        let flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw LogStoreError.system("open", errno: errno, path: path) }
        self.path = path
        self.descriptor = fd
    }

    deinit { close(descriptor) }

    func size() throws -> Int64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw LogStoreError.system("fstat", errno: errno, path: path) }
        return Int64(info.st_size)
    }

    /// Writes all bytes at `offset`, retrying short writes.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw LogStoreError.system("pwrite", errno: errno, path: path)
            }
            done += n
        }
    }

    /// Writes `parts` back to back at `offset` with pwritev, retrying short writes.
    func write(_ parts: [UnsafeRawBufferPointer], at offset: Int64) throws {
        var vectors = parts.filter { $0.count > 0 }.map {
            iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count)
        }
        var first = 0
        var position = off_t(offset)
        while first < vectors.count {
            let count = min(vectors.count - first, 1024)  // IOV_MAX on Linux and Darwin
            let n = vectors[first..<(first + count)].withUnsafeBufferPointer { pwritev(descriptor, $0.baseAddress, Int32(count), position) }
            if n < 0 {
                if errno == EINTR { continue }
                throw LogStoreError.system("pwritev", errno: errno, path: path)
            }
            position += off_t(n)
            var left = n
            while left > 0, first < vectors.count {
                if vectors[first].iov_len <= left {
                    left -= vectors[first].iov_len
                    first += 1
                } else {
                    vectors[first].iov_base = vectors[first].iov_base.map { $0 + left }
                    vectors[first].iov_len -= left
                    left = 0
                }
            }
        }
    }

    /// Reads up to `buffer.count` bytes at `offset`; fewer only at end of file.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw LogStoreError.system("pread", errno: errno, path: path)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    func sync() throws {
        guard fdatasync(descriptor) == 0 else { throw LogStoreError.system("fdatasync", errno: errno, path: path) }
    }

    func truncate(to size: Int64) throws {
        guard ftruncate(descriptor, off_t(size)) == 0 else { throw LogStoreError.system("ftruncate", errno: errno, path: path) }
    }
}

/// File-system operations on paths, kept in one place so errors are mapped once.
enum FileSystem {
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func createDirectory(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw LogStoreError.system("mkdir", errno: errno, path: prefix)
            }
        }
    }

    static func list(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw LogStoreError.system("opendir", errno: errno, path: path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func remove(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw LogStoreError.system("unlink", errno: errno, path: path) }
    }

    static func rename(_ from: String, _ to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw LogStoreError.system("rename", errno: errno, path: from) }
    }

    /// Removes a directory and everything in it.
    static func removeTree(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for name in try list(path) { try removeTree(path + "/" + name) }
            guard rmdir(path) == 0 else { throw LogStoreError.system("rmdir", errno: errno, path: path) }
        } else {
            try remove(path)
        }
    }

    /// fsyncs a directory so that creates, renames and unlinks in it survive a crash.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw LogStoreError.system("open", errno: errno, path: path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw LogStoreError.system("fsync", errno: errno, path: path) }
    }

    /// Writes a small file atomically: temp file, fsync, rename, fsync of the directory.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let temp = path + ".tmp"
        let file = try SegmentFile(path: temp, create: true)
        try file.truncate(to: 0)
        try bytes.withUnsafeBytes { (raw) in try file.write(raw, at: 0) }
        try file.sync()
        try rename(temp, path)
        let slash = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        try syncDirectory(slash)
    }

    static func readAll(_ path: String, limit: Int) throws -> [UInt8] {
        let file = try SegmentFile(path: path, create: false)
        let size = try file.size()
        guard size <= limit else {
            throw LogStoreError(.corruptSegment, "\(path) is \(size) bytes, more than the \(limit) allowed; the file is damaged")
        }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        let count = try bytes.withUnsafeMutableBytes { (raw) in try file.read(into: raw, at: 0) }
        return Array(bytes[..<count])
    }
}
