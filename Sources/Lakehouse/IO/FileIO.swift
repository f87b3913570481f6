#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few POSIX calls the lake needs, with errors that name the path. Every data file and
/// log entry is written under a temporary name, fsynced, then published by rename (data,
/// snapshots) or link (commits, which must never overwrite).
enum FileIO {
    static func error(_ what: String, _ path: String) -> LakehouseError {
        let reason = String(cString: strerror(errno))
        return LakehouseError(.io, "\(what) \(path): \(reason)")
    }

    static func createDirectories(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw error("cannot create directory", current)
            }
        }
    }

    /// Writes `bytes` to a fresh temporary file beside `path`, fsyncs it (unless `sync` is
    /// false) and returns its name.
    static func writeTemporary(_ bytes: [UInt8], near path: String, sync: Bool = true) throws -> String {
        let temp = "\(directory(of: path))/.\(baseName(of: path)).\(randomSuffix()).tmp"
        let handle = try WritableFile(creating: temp)
        do {
            try handle.write(bytes)
            if sync { try handle.sync() }
            try handle.close()
        } catch {
            unlink(temp)
            throw error
        }
        return temp
    }

    /// Atomically replaces `path` with `bytes` (temp, fsync, rename, fsync directory).
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let temp = try writeTemporary(bytes, near: path)
        try publish(temp, as: path)
    }

    /// Replaces `path` with `bytes` by rename, without fsync: readers see the old or the new
    /// file, never a torn one, but a crash may leave the old one. For files rewritten many
    /// times a second whose loss costs nothing (the live snapshot).
    static func replace(_ bytes: [UInt8], at path: String) throws {
        let temp = try writeTemporary(bytes, near: path, sync: false)
        guard rename(temp, path) == 0 else {
            let e = error("cannot rename to", path)
            unlink(temp)
            throw e
        }
    }

    static func publish(_ temp: String, as path: String) throws {
        guard rename(temp, path) == 0 else {
            let e = error("cannot rename to", path)
            unlink(temp)
            throw e
        }
        syncDirectory(directory(of: path))
    }

    /// Publishes `bytes` at `path` only if nothing is there: returns false when another writer
    /// got there first. link(2) fails with EEXIST instead of replacing, unlike rename(2).
    static func writeExclusively(_ bytes: [UInt8], to path: String) throws -> Bool {
        let temp = try writeTemporary(bytes, near: path)
        defer { unlink(temp) }
        if link(temp, path) == 0 {
            syncDirectory(directory(of: path))
            return true
        }
        if errno == EEXIST { return false }
        throw error("cannot create", path)
    }

    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    static func readAll(_ path: String, limit: Int = 1 << 31) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw error("cannot open", path) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw error("cannot stat", path) }
        let size = Int(st.st_size)
        guard size <= limit else {
            throw LakehouseError(.corruptFile, "\(path) is \(size) bytes, over the \(limit) cap")
        }
        var out = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, size - done, off_t(done)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            done += n
        }
        guard done == size else { throw error("short read of", path) }
        return out
    }

    static func fileSize(_ path: String) -> Int64? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int64(st.st_size)
    }

    /// Modification time in epoch milliseconds.
    static func modificationTime(_ path: String) -> Int64? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int64(st.st_mtim.tv_sec) * 1000 + Int64(st.st_mtim.tv_nsec) / 1_000_000
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func listDirectory(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
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

    /// Every regular file below `root`, as paths relative to it.
    static func walkFiles(_ root: String, skipping: (String) -> Bool = { _ in false }) -> [String] {
        var out: [String] = []
        func visit(_ rel: String, depth: Int) {
            guard depth < 16 else { return }
            for name in listDirectory(rel.isEmpty ? root : "\(root)/\(rel)") {
                let child = rel.isEmpty ? name : "\(rel)/\(name)"
                if skipping(child) { continue }
                if isDirectory("\(root)/\(child)") { visit(child, depth: depth + 1) } else { out.append(child) }
            }
        }
        visit("", depth: 0)
        return out
    }

    static func remove(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw error("cannot delete", path) }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func randomSuffix() -> String {
        String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }
}

/// An append-only file descriptor for writing one file.
final class WritableFile {
    private var fd: Int32
    let path: String
    private(set) var offset: Int64 = 0

    init(creating path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileIO.error("cannot create", path) }
    }

    func write(_ bytes: [UInt8]) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw FileIO.error("cannot write", path) }
            done += n
        }
        offset += Int64(bytes.count)
    }

    func sync() throws {
        guard fsync(fd) == 0 else { throw FileIO.error("cannot fsync", path) }
    }

    func close() throws {
        guard fd >= 0 else { return }
        let result = Glibc.close(fd)
        fd = -1
        guard result == 0 else { throw FileIO.error("cannot close", path) }
    }

    deinit {
        if fd >= 0 { _ = Glibc.close(fd) }
    }
}
