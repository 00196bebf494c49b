import Foundation
import MLAuditKit

/// The snapshot's file contents. Contents the facts stage no longer needs are released (`release`); asking for one
/// again reads the file again through `SafeFileReader` with the snapshot's cap, keeping the few most recent such
/// reads. A file read again is the file as it is now: if it changed since the snapshot (or can no longer be read)
/// the later stages see what is there (an unreadable file reads as empty text), never anything outside the root.
// @unchecked: the mutable state is guarded by `lock`.
final class ContentStore: @unchecked Sendable {
    private var held: [String: FileContent]
    private var released: Set<String> = []
    /// The most recent re-reads, oldest first (a check that asks for one file's lines once per call site reads it
    /// once).
    private var recent: [(path: String, content: FileContent)] = []
    private static let recentLimit = 8
    private let root: String
    private let limit: Int
    private let lock = NSLock()
    private(set) var rereadCount = 0

    /// `deferred`: files the snapshot read only to classify them (their byte pairs): they start as released.
    init(_ contents: [String: FileContent], deferred: [String: PairFilter] = [:], root: String, limit: Int) {
        held = contents
        released = Set(deferred.keys)
        pairs = deferred
        self.root = root
        self.limit = limit
    }

    func isRead(_ path: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return held[path] != nil || released.contains(path)
    }

    /// A held content, else the file read now (not counted, not kept); nil for files not read by the snapshot.
    func contentForPass(_ path: String) -> FileContent? {
        lock.lock()
        if let c = held[path] {
            lock.unlock()
            return c
        }
        let known = released.contains(path)
        lock.unlock()
        guard known else { return nil }
        switch FileContent.read(root: root, relative: path, limit: limit) {
        case .success(let c): return c
        case .failure: return FileContent(bytes: [])
        }
    }

    /// Per released file, which byte pairs it holds (hashed into 4,096 bits): a byte search for text the file cannot
    /// contain answers "no" without reading it again (checks prefilter every Python file this way).
    private var pairs: [String: PairFilter] = [:]

    func release(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        guard let content = held.removeValue(forKey: path) else { return }
        released.insert(path)
        pairs[path] = content.withBytes { PairFilter($0) }
        // text whose UTF-8 is the file's bytes: a line's text is those bytes, read alone (`lineBytes`)
        if content.isValidUTF8 && !content.isBinary { exactSizes[path] = content.withBytes { $0.count } }
    }

    /// The files of the last few single-line reads (a ring).
    private var lineReads = [String](repeating: "", count: 4)
    private var lineReadNext = 0

    /// Per released file whose text is its bytes (valid UTF-8, not binary): its byte count as the snapshot read it.
    private var exactSizes: [String: Int] = [:]

    /// Bytes `start..<end` of a released file whose text is its bytes, read alone from the file when it still has
    /// the size the snapshot read; nil when the file is held or among the recent re-reads (its text is at hand),
    /// is not such a file, or changed size (the caller reads it whole).
    ///
    /// A file asked for a line again soon after (a check reading the lines that follow a call) is read whole
    /// instead, so that the next lines come from the recent re-reads rather than one open per line.
    func lineBytes(_ path: String, _ start: Int, _ end: Int) -> [UInt8]? {
        lock.lock()
        guard held[path] == nil, let size = exactSizes[path], !recent.contains(where: { $0.path == path }),
            !lineReads.contains(path)
        else {
            lock.unlock()
            return nil
        }
        lineReads[lineReadNext] = path
        lineReadNext = (lineReadNext + 1) % lineReads.count
        lock.unlock()
        return SafeFileReader.readRange(root: root, relative: path, offset: start, length: end - start, size: size)
    }

    /// False only when the file, as the snapshot read it, certainly does not contain `needle`.
    func mayContain(_ path: String, _ needle: [UInt8]) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard let filter = pairs[path] else { return true }
        return filter.mayContain(needle)
    }

    func content(_ path: String) -> FileContent? {
        lock.lock()
        if let c = held[path] {
            lock.unlock()
            return c
        }
        guard released.contains(path) else {
            lock.unlock()
            return nil
        }
        if let hit = recent.lastIndex(where: { $0.path == path }) {
            let c = recent[hit].content
            lock.unlock()
            return c
        }
        lock.unlock()
        let content: FileContent
        switch FileContent.read(root: root, relative: path, limit: limit) {
        case .success(let c): content = c
        case .failure: content = FileContent(bytes: [])
        }
        lock.lock()
        defer { lock.unlock() }
        rereadCount += 1
        // (a file the snapshot only probed is released from the start: its first whole re-read tells)
        if content.isValidUTF8 && !content.isBinary {
            exactSizes[path] = content.withBytes { $0.count }
        } else {
            exactSizes[path] = nil
        }
        recent.append((path, content))
        if recent.count > Self.recentLimit { recent.removeFirst() }
        return content
    }
}

/// A 4,096-bit set of the byte pairs of a text (a Bloom filter with one hash): no false negatives.
package struct PairFilter: Sendable {
    private var bits = [UInt64](repeating: 0, count: 64)

    @inline(__always) private static func slot(_ a: UInt8, _ b: UInt8) -> Int {
        Int(((UInt32(a) << 8 | UInt32(b)) &* 0x9E37_79B1) >> 20)
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count >= 2 else { return }
        for i in 1..<bytes.count {
            let s = Self.slot(bytes[i - 1], bytes[i])
            bits[s >> 6] |= 1 << UInt64(s & 63)
        }
    }

    func mayContain(_ needle: [UInt8]) -> Bool {
        guard needle.count >= 2 else { return true }
        for i in 1..<needle.count {
            let s = Self.slot(needle[i - 1], needle[i])
            if bits[s >> 6] & (1 << UInt64(s & 63)) == 0 { return false }
        }
        return true
    }
}
