import Foundation

/// A temporary folder for one test, removed when the value is released (permissions restored first so an
/// unreadable folder planted by a hostile fixture can be deleted).
final class TemporaryTree {
    let url: URL
    var path: String { url.path }

    init(prefix: String = "mlaudit-test") throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
        url = base.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { TemporaryTree.remove(url.path) }

    static func remove(_ path: String) {
        // chmod everything back to writable, then delete; never follows symbolic links (rm -rf does not).
        _ = try? Process.run(URL(fileURLWithPath: "/bin/chmod"), arguments: ["-R", "u+rwx", path]).waitUntilExit()
        _ = try? Process.run(URL(fileURLWithPath: "/bin/rm"), arguments: ["-rf", path]).waitUntilExit()
    }

    /// Writes UTF-8 text at a relative path, creating parent folders.
    func write(_ relative: String, _ text: String) throws { try write(relative, bytes: Array(text.utf8)) }

    func write(_ relative: String, bytes: [UInt8]) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
    }
}
