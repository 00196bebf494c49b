/// Folder names of a `/`-separated relative path, matched without splitting the path into new strings: scope
/// tests (`deprecated/`, `third_party/`) run for every file and call site of a large tree.
public enum FolderNames {
    /// True when a folder of `path` (a non-empty component other than the last one) lowercased is one of `names`:
    /// the same answer as `path.split(separator: "/").dropLast().contains { names.contains($0.lowercased()) }`.
    /// ASCII components are compared byte by byte; a component with other bytes is lowercased as a string.
    public static func anyFolder(of path: String, in names: Set<String>) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            var pending: Range<Int>? = nil  // the previous non-empty component: a folder once another follows
            var start = 0
            var i = 0
            while i <= bytes.count {
                if i == bytes.count || bytes[i] == UInt8(ascii: "/") {
                    if i > start {
                        if let folder = pending, matches(UnsafeBufferPointer(rebasing: bytes[folder]), names) {
                            return true
                        }
                        pending = start..<i
                    }
                    start = i + 1
                }
                i += 1
            }
            return false
        }
    }

    private static func matches(_ component: UnsafeBufferPointer<UInt8>, _ names: Set<String>) -> Bool {
        guard component.allSatisfy({ $0 < 0x80 }) else {
            return names.contains(String(decoding: component, as: UTF8.self).lowercased())
        }
        for name in names where name.utf8.count == component.count {
            if zip(name.utf8, component).allSatisfy({ n, c in n == (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) }) {
                return true
            }
        }
        return false
    }
}
